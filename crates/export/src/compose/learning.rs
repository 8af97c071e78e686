//! How the plan learns and lands: probes and PDSA cycles, the implementation plan and its
//! timeline.

use throughline_plan::parts::Tactic;
use throughline_plan::template::ObjectKind;

use super::{facts, headed_prose, or_none, prose, span_of_dates, Plan};
use crate::document::{Block, Column, Table};
use crate::text::{self, one_line, opt_date};

pub(crate) fn learning_cycles(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    let strategy = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| plan.strategy_name(id))
            .unwrap_or_default()
    };
    for (i, p) in c.probes.iter().enumerate() {
        out.push(Block::heading(2, format!("Probe {}", i + 1)));
        out.extend(facts(vec![
            ("Hypothesis", text::lines(&p.hypothesis)),
            ("What we try", text::lines(&p.intervention)),
            ("Where and with whom", text::lines(&p.where_who)),
            ("Prediction", text::lines(&p.prediction)),
            ("Signal we will watch", text::lines(&p.signal)),
            ("Safe-to-fail bound", text::lines(&p.safe_to_fail)),
            ("Amplify if", text::lines(&p.amplify_criteria)),
            ("Dampen if", text::lines(&p.dampen_criteria)),
            ("Dates", span_of_dates(&p.start, &p.end)),
            (
                plan.term(ObjectKind::Strategy).singular.as_str(),
                strategy(&p.strategy),
            ),
            ("Result", text::lines(&p.result)),
            (
                "Decision",
                p.decision
                    .map(|d| d.label().to_string())
                    .unwrap_or_default(),
            ),
        ]));
    }
    for (i, p) in c.pdsa_cycles.iter().enumerate() {
        let number = p
            .number
            .map(|n| n.to_string())
            .unwrap_or_else(|| (i + 1).to_string());
        out.push(Block::heading(2, format!("PDSA cycle {number}")));
        out.extend(facts(vec![
            ("Change idea", text::lines(&p.change_idea)),
            (
                plan.term(ObjectKind::Strategy).singular.as_str(),
                strategy(&p.strategy),
            ),
            ("Questions", text::lines(&p.questions)),
            ("Prediction", text::lines(&p.prediction)),
            ("Plan", text::lines(&p.plan)),
            ("Data plan", text::lines(&p.data_plan)),
            ("Do", text::lines(&p.do_notes)),
            ("Study", text::lines(&p.study)),
            (
                "Act",
                p.act.map(|a| a.label().to_string()).unwrap_or_default(),
            ),
        ]));
    }
    out
}

pub(crate) fn implementation(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let i = &c.implementation;
    let mut out = Vec::new();
    out.extend(headed_prose(2, "Accountability", &i.accountability));
    out.extend(headed_prose(2, "Monitoring cadence", &i.monitoring_cadence));
    out.extend(headed_prose(2, "Building capacity", &i.capacity_building));
    out.extend(headed_prose(
        2,
        "Communication and engagement",
        &i.communication,
    ));
    out.extend(headed_prose(2, "Sustainability", &i.sustainability));
    if !c.phases.is_empty() {
        out.push(Block::heading(2, "Phases"));
        for (n, phase) in c.phases.iter().enumerate() {
            let name = one_line(&phase.name);
            let title = if name.is_empty() {
                format!("Phase {}", n + 1)
            } else {
                name
            };
            out.push(Block::heading(3, title.clone()));
            let tactics: Vec<String> = phase
                .tactics
                .iter()
                .filter_map(|id| plan.tactics.get(id.as_str()))
                .map(|t| text::excerpt(&t.description, 80))
                .collect();
            out.extend(facts(vec![
                (
                    "Year of the plan",
                    phase.year.map(|y| y.to_string()).unwrap_or_default(),
                ),
                (
                    "Stage",
                    phase
                        .stage
                        .map(|s| s.label().to_string())
                        .unwrap_or_default(),
                ),
                ("Dates", span_of_dates(&phase.start, &phase.end)),
                (
                    plan.term(ObjectKind::Tactic).plural.as_str(),
                    tactics.join("; "),
                ),
            ]));
            out.extend(prose(&phase.description));
            if !phase.accountabilities.is_empty() {
                out.push(Block::Table(Table {
                    caption: format!("{title}: who is accountable for what, by when"),
                    columns: vec![
                        Column::text("Who is accountable", 3),
                        Column::text("Accountable for", 6),
                        Column::text("By when", 2),
                        Column::text("Reports to", 3),
                    ],
                    rows: phase
                        .accountabilities
                        .iter()
                        .map(|a| {
                            vec![
                                or_none(plan.member(&a.who)),
                                or_none(one_line(&a.what)),
                                or_none(opt_date(&a.by)),
                                or_none(one_line(&a.reports_to)),
                            ]
                        })
                        .collect(),
                    row_headers: true,
                }));
            }
        }
    }
    let mut dated: Vec<&Tactic> = c
        .tactics
        .iter()
        .filter(|t| t.start.is_some() || t.due.is_some())
        .collect();
    if !dated.is_empty() {
        // Sorting ISO dates as text sorts them by time.
        dated.sort_by(|a, b| {
            let key = |t: &Tactic| (t.start.clone().or_else(|| t.due.clone()), t.due.clone());
            key(a).cmp(&key(b))
        });
        let term = plan.term(ObjectKind::Tactic);
        out.push(Block::heading(2, "Timeline"));
        out.push(Block::Table(Table {
            caption: format!(
                "Timeline: {} in the order they start",
                term.plural.to_lowercase()
            ),
            columns: vec![
                Column::text("Start", 3),
                Column::text("Due", 3),
                Column::text(term.singular, 6),
                Column::text(plan.term(ObjectKind::Strategy).singular, 4),
                Column::text("Owner", 3),
                Column::text("Status", 2),
            ],
            rows: dated
                .iter()
                .map(|t| {
                    vec![
                        or_none(opt_date(&t.start)),
                        or_none(opt_date(&t.due)),
                        or_none(one_line(&t.description)),
                        or_none(
                            t.strategy
                                .as_deref()
                                .and_then(|id| plan.strategy_name(id))
                                .unwrap_or_default(),
                        ),
                        or_none(plan.tactic_owner(t)),
                        or_none(t.status.map(|s| s.label().to_string()).unwrap_or_default()),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    out
}
