//! The appendix of what the retreat room decided beside the plan: each closed dot vote's
//! record (question, who could vote, when, the dots each item received) and the parking lot's
//! ideas that were not promoted into the plan, with who raised them and the dots they received.

use std::collections::HashMap;

use throughline_plan::display;
use throughline_plan::parts::Vote;

use super::{Plan, NONE};
use crate::document::{Block, Column, Fact, Section, Table};
use crate::text::{self, date_of_time};

/// The appendix, or `None` when the plan holds neither a closed vote nor an idea still parked.
pub(super) fn section(plan: &Plan) -> Option<Section> {
    let content = plan.content;
    let closed: Vec<&Vote> = content
        .votes
        .iter()
        .filter(|v| !v.counts.is_empty())
        .collect();
    let parked: Vec<_> = content
        .parking_lot
        .iter()
        .filter(|i| text::blank(&i.promoted_to))
        .collect();
    if closed.is_empty() && parked.is_empty() {
        return None;
    }
    // The dots each item received across every closed vote, so a parked idea shows its support.
    let mut dots: HashMap<&str, i64> = HashMap::new();
    for c in closed.iter().flat_map(|v| &v.counts) {
        let sum = dots.entry(c.item.as_str()).or_default();
        *sum = sum.saturating_add(c.dots.unwrap_or(0));
    }
    let mut blocks = Vec::new();
    if !closed.is_empty() {
        blocks.push(Block::heading(2, "Dot votes"));
        let whole = serde_json::to_value(content).unwrap_or_default();
        for vote in closed {
            blocks.extend(vote_record(plan, &whole, vote));
        }
    }
    if !parked.is_empty() {
        blocks.push(Block::heading(2, "The parking lot"));
        blocks.push(Block::Paragraph {
            spans: vec![crate::document::Span::plain(
                "Ideas the team raised that are not part of this plan. They are kept so that none is lost.",
            )],
        });
        let rows = parked
            .iter()
            .map(|idea| {
                let votes = dots
                    .get(format!("parking_lot/{}", idea.id).as_str())
                    .copied()
                    .unwrap_or(0);
                vec![
                    text::one_line(&display::title(
                        &<throughline_plan::parts::ParkingIdea as throughline_plan::schema::Part>::SCHEMA,
                        Some(&idea.text),
                    )),
                    super::or_none(text::one_line(&idea.author)),
                    super::or_none(date_of_time(&idea.at)),
                    votes.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!("Ideas in the parking lot ({})", parked.len()),
            columns: vec![
                Column::text("Idea", 6),
                Column::text("Raised by", 2),
                Column::text("Raised on", 2),
                Column::figure("Dots", 1),
            ],
            rows,
            row_headers: false,
        }));
    }
    Some(Section {
        anchor: "s-room".into(),
        title: "Appendix: from the retreat room".into(),
        blocks,
    })
}

fn vote_record(plan: &Plan, whole: &serde_json::Value, vote: &Vote) -> Vec<Block> {
    let question = text::one_line(&display::title(
        &<Vote as throughline_plan::schema::Part>::SCHEMA,
        Some(&vote.question),
    ));
    let voters: Vec<String> = vote
        .voters
        .iter()
        .map(|id| plan.member(&Some(id.clone())))
        .filter(|n| !n.is_empty())
        .collect();
    let mut facts = vec![Fact::new(
        "Dots per person",
        vote.dots.map_or(NONE.to_string(), |d| d.to_string()),
    )];
    facts.push(Fact::new(
        "Who could vote",
        if voters.is_empty() {
            "everyone on the team".to_string()
        } else {
            format!("{} people: {}", voters.len(), voters.join(", "))
        },
    ));
    facts.push(Fact::new("Ballots cast", vote.ballots.len().to_string()));
    let closed = date_of_time(&vote.closed_at);
    if !closed.is_empty() {
        facts.push(Fact::new("Closed", closed));
    }
    let rows = vote
        .counts
        .iter()
        .map(|c| {
            vec![
                text::one_line(&display::path_title(whole, &c.item)),
                c.dots.unwrap_or(0).to_string(),
            ]
        })
        .collect();
    vec![
        Block::heading(3, question.clone()),
        Block::Facts { facts },
        Block::Table(Table {
            caption: format!("Dots placed: {question}"),
            columns: vec![Column::text("Item", 7), Column::figure("Dots", 1)],
            rows,
            row_headers: false,
        }),
    ]
}
