//! Votes and the parking lot as the front ends show them: each vote with its state and, once
//! closed, the dots every laptop counts and what to discuss; each idea with its author, its
//! dots and what it became. `throughline votes` and `throughline ideas` print these.

use std::fmt::Write;

use serde::Serialize;
use serde_json::Value;
use throughline_plan::display::{one_line, path_title};
use throughline_plan::parts::Vote;
use throughline_plan::PlanContent;

use super::{tally, vote_flags, ToDiscuss};

/// One item of a vote and the dots it received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct VotedItem {
    /// `strategies/ID`.
    pub item: String,
    /// What it is called, with its kind ("Coaching (strategy)").
    pub title: String,
    /// Dots counted on this laptop (0 while the vote is open).
    pub dots: u32,
}

/// A vote as people see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct VoteView {
    pub id: String,
    pub question: String,
    /// Dots per person.
    pub dots: u32,
    /// Open (dots can be placed) or closed (results in).
    pub open: bool,
    /// The names of those who could vote (empty: everyone on the team).
    pub voters: Vec<String>,
    /// How many people have placed dots (sealed: who placed what is unknown until closing).
    pub ballots: u32,
    /// The items, most dots first once closed, in the vote's order while open.
    pub items: Vec<VotedItem>,
    /// People whose ballots did not count (did not open, over the dots, not a voter).
    pub ignored: u32,
    /// What the result asks the room to talk about.
    pub to_discuss: Vec<String>,
    /// When it opened and closed (RFC 3339; closed empty while open).
    pub opened_at: String,
    pub closed_at: String,
    /// False when the dots counted here differ from those kept at closing (a ballot that
    /// arrived after the vote closed).
    pub matches_record: bool,
}

/// What an item on a ballot is called, with its kind; an item since removed is named so.
pub fn item_title(whole: &Value, path: &str) -> String {
    path_title(whole, path)
}

fn member_name(content: &PlanContent, id: &str) -> String {
    content
        .members
        .iter()
        .find(|m| m.id == id)
        .map(|m| one_line(&m.name))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// A thing to discuss in words.
pub fn discuss_text(content: &PlanContent, whole: &Value, d: &ToDiscuss) -> String {
    let level = |key: &str| {
        content
            .record
            .template
            .as_ref()
            .and_then(|t| t.capacity_scale.as_ref())
            .and_then(|s| s.levels.iter().find(|l| l.value == key))
            .map_or_else(|| key.to_string(), |l| l.label.clone())
    };
    match d {
        ToDiscuss::Spread { low, high } => {
            format!("Ratings spread from {} to {}", level(low), level(high))
        }
        ToDiscuss::DontKnow { people } if *people == 1 => "1 person does not know".into(),
        ToDiscuss::DontKnow { people } => format!("{people} people do not know"),
        ToDiscuss::Split => "Split: ratings gather at both ends of the scale".into(),
        ToDiscuss::CloseAtTheTop { items } => format!(
            "Close at the top: {}",
            items
                .iter()
                .map(|i| item_title(whole, i))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        ToDiscuss::OnePersonsDots { item, member } => format!(
            "Most of the dots on {} came from {}",
            item_title(whole, item),
            member_name(content, member)
        ),
    }
}

/// Every vote, newest last, as people see it.
pub fn vote_views(content: &PlanContent) -> Vec<VoteView> {
    let whole = serde_json::to_value(content).unwrap_or_default();
    content
        .votes
        .iter()
        .map(|v| vote_view(content, &whole, v))
        .collect()
}

fn vote_view(content: &PlanContent, whole: &Value, vote: &Vote) -> VoteView {
    let counted = tally(vote);
    let (items, to_discuss, ignored, matches_record) = match &counted {
        Some(t) => {
            let recorded: Vec<(String, u32)> = vote
                .counts
                .iter()
                .map(|c| {
                    (
                        c.item.clone(),
                        c.dots.and_then(|d| u32::try_from(d).ok()).unwrap_or(0),
                    )
                })
                .collect();
            (
                t.counts.clone(),
                vote_flags(t)
                    .iter()
                    .map(|d| discuss_text(content, whole, d))
                    .collect(),
                t.ignored.len(),
                recorded == t.counts,
            )
        }
        None => (
            vote.items.iter().map(|i| (i.clone(), 0)).collect(),
            Vec::new(),
            0,
            true,
        ),
    };
    VoteView {
        id: vote.id.clone(),
        question: one_line(&vote.question),
        dots: vote.dots.and_then(|d| u32::try_from(d).ok()).unwrap_or(0),
        open: counted.is_none(),
        voters: vote
            .voters
            .iter()
            .map(|m| member_name(content, m))
            .collect(),
        ballots: u32::try_from(vote.ballots.len()).unwrap_or(u32::MAX),
        items: items
            .into_iter()
            .map(|(item, dots)| VotedItem {
                title: item_title(whole, &item),
                item,
                dots,
            })
            .collect(),
        ignored: u32::try_from(ignored).unwrap_or(u32::MAX),
        to_discuss,
        opened_at: vote.opened_at.clone(),
        closed_at: vote.closed_at.clone(),
        matches_record,
    }
}

/// The votes as text: what `throughline votes` prints.
pub fn votes_text(content: &PlanContent) -> String {
    let views = vote_views(content);
    if views.is_empty() {
        return "no votes yet (the facilitator opens one in the app)\n".into();
    }
    let mut out = String::new();
    for v in views {
        let state = if v.open {
            format!(
                "open, {} of {} dots each, {} placed",
                v.dots, v.dots, v.ballots
            )
        } else {
            format!(
                "closed {}, {} dots each, {} ballots",
                v.closed_at, v.dots, v.ballots
            )
        };
        let _ = writeln!(out, "{} [{}]\n  {state}", v.question, v.id);
        if !v.open {
            for i in &v.items {
                let _ = writeln!(out, "  {:>3}  {}", i.dots, i.title);
            }
            if v.ignored > 0 {
                let _ = writeln!(out, "  {} ballots did not count", v.ignored);
            }
            for d in &v.to_discuss {
                let _ = writeln!(out, "  to discuss: {d}");
            }
            if !v.matches_record {
                let _ = writeln!(
                    out,
                    "  the dots counted now differ from those kept at closing (a ballot arrived after it closed)"
                );
            }
        } else {
            for i in &v.items {
                let _ = writeln!(out, "       {}", i.title);
            }
        }
    }
    out
}

/// The parking lot as text: what `throughline ideas` prints.
pub fn ideas_text(content: &PlanContent) -> String {
    if content.parking_lot.is_empty() {
        return "the parking lot is empty\n".into();
    }
    let whole = serde_json::to_value(content).unwrap_or_default();
    let views = vote_views(content);
    let mut out = String::new();
    for idea in &content.parking_lot {
        let dots: u32 = views
            .iter()
            .flat_map(|v| v.items.iter())
            .filter(|i| i.item == format!("parking_lot/{}", idea.id))
            .fold(0u32, |sum, i| sum.saturating_add(i.dots));
        let by = one_line(&idea.author);
        let _ = writeln!(
            out,
            "{} [{}]\n  raised by {}, {} dots{}",
            one_line(&idea.text),
            idea.id,
            if by.is_empty() { "someone" } else { &by },
            dots,
            if idea.promoted_to.is_empty() {
                String::new()
            } else {
                format!("; became {}", item_title(&whole, &idea.promoted_to))
            }
        );
    }
    out
}
