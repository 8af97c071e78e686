//! Colorado's Unified Improvement Plan filled from the plan's objects, in the UIP's order and words.
//!
//! Which of the plan's objects feeds which UIP heading:
//! - **Data narrative**: the evidence findings (current performance and trends, by domain), the
//!   catalysts (why now) and the student-experience findings (what students told us).
//! - **Priority performance challenges**: the priority problems.
//! - **Root causes**: the root causes, each with the challenge it explains.
//! - **Major improvement strategies**: the strategies, with the root causes they address.
//! - **Action steps**: the tactics of each strategy, with owner, dates, status and what pays for
//!   them (their share of the ledger's investment lines, by fund and year).
//! - **Interim measures**: measures of the kind "interim", then the outcome measures' targets by
//!   date as the annual performance targets they lead to.
//! - **Implementation benchmarks**: measures of the kind "implementation benchmark", and each
//!   tactic's own benchmark and milestones.
//!
//! Where the plan does not yet give the UIP something it asks for, the last section says so, so
//! that nobody files a plan with a silent hole.

use std::collections::HashMap;

use throughline_plan::parts::{Measure, Strategy, Tactic};
use throughline_plan::schema::Part;
use throughline_plan::vocab::MeasureKind;

use super::{shares, Profile};
use crate::compose::{self, facts, or_none, prose, span_of_dates, tags, title_of, Plan};
use crate::document::{Block, Column, Document, Fact, ListItem, Section, Span, Table};
use crate::text::{self, blank, one_line, opt_date, with_unit};
use crate::ExportInput;

/// The UIP's headings, in its order.
const HEADINGS: [(&str, &str); 7] = [
    ("s-data-narrative", "Data narrative"),
    (
        "s-priority-performance-challenges",
        "Priority performance challenges",
    ),
    ("s-root-causes", "Root causes"),
    (
        "s-major-improvement-strategies",
        "Major improvement strategies",
    ),
    ("s-action-steps", "Action steps"),
    ("s-interim-measures", "Interim measures"),
    ("s-implementation-benchmarks", "Implementation benchmarks"),
];

/// The UIP as a document every document format renders.
pub(crate) fn document(input: &ExportInput) -> Document {
    let content = input.content;
    let plan = Plan::new(content, content.record.template.as_ref());
    let mut gaps = Vec::new();
    let bodies = [
        data_narrative(&plan, &mut gaps),
        challenges(&plan, &mut gaps),
        root_causes(&plan, &mut gaps),
        strategies(&plan, &mut gaps),
        action_steps(&plan, &mut gaps),
        interim_measures(&plan, &mut gaps),
        benchmarks(&plan, &mut gaps),
    ];
    let mut sections: Vec<Section> = HEADINGS
        .iter()
        .zip(bodies)
        .map(|((anchor, title), blocks)| Section {
            anchor: (*anchor).to_string(),
            title: (*title).to_string(),
            blocks: if blocks.is_empty() {
                vec![Block::note(format!(
                    "The plan has nothing for “{title}” yet."
                ))]
            } else {
                blocks
            },
        })
        .collect();
    sections.push(gaps_section(gaps));
    sections.push(compose::signoff_section(input));

    let district = one_line(&content.record.district);
    let title = if district.is_empty() {
        "Unified Improvement Plan".to_string()
    } else {
        format!("Unified Improvement Plan: {district}")
    };
    let mut cover = compose::cover(input, title.clone());
    let plan_title = one_line(&content.record.title);
    cover.facts.insert(
        0,
        Fact::new(
            "Filled from",
            if plan_title.is_empty() {
                "the district's redesign plan in Throughline".to_string()
            } else {
                format!("the district's redesign plan “{plan_title}” in Throughline")
            },
        ),
    );
    cover
        .facts
        .insert(1, Fact::new("Profile", Profile::ColoradoUip.name()));
    Document {
        title,
        lang: "en-US",
        author: district,
        cover,
        sections,
    }
}

fn data_narrative(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if c.evidence.is_empty() {
        gaps.push("Data narrative: the plan has no evidence findings, so there is no current performance or trend to report.".into());
    } else {
        out.push(Block::heading(2, "Current performance and trends"));
        out.push(Block::Table(Table {
            caption: "Current performance and trends".into(),
            columns: vec![
                Column::text("Finding", 4),
                Column::text("Measure", 3),
                Column::text("Value", 3),
                Column::text("Trend", 2),
                Column::text("Student groups", 2),
                Column::text("Source", 3),
            ],
            rows: c
                .evidence
                .iter()
                .map(|e| {
                    vec![
                        or_none(one_line(&e.statement)),
                        or_none(one_line(&e.metric)),
                        or_none(one_line(&e.value)),
                        or_none(e.trend.map(|t| t.label().to_string()).unwrap_or_default()),
                        or_none(tags(&e.student_groups)),
                        or_none(text::join_nonempty(
                            [one_line(&e.source).as_str(), &opt_date(&e.date)],
                            ", ",
                        )),
                    ]
                })
                .collect(),
            row_headers: true,
        }));
    }
    let catalysts: Vec<String> = c
        .catalysts
        .iter()
        .map(|k| one_line(&k.description))
        .filter(|d| !d.is_empty())
        .collect();
    if !catalysts.is_empty() {
        out.push(Block::heading(2, "Why now"));
        out.push(Block::List {
            ordered: false,
            items: catalysts.into_iter().map(ListItem::text).collect(),
        });
    }
    let voices: Vec<String> = c
        .student_voices
        .iter()
        .map(|v| one_line(&v.patterns))
        .filter(|p| !p.is_empty())
        .collect();
    if !voices.is_empty() {
        out.push(Block::heading(2, "What students told us"));
        out.push(Block::List {
            ordered: false,
            items: voices.into_iter().map(ListItem::text).collect(),
        });
    }
    out
}

fn challenges(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let findings: HashMap<&str, String> = c
        .evidence
        .iter()
        .map(|e| (e.id.as_str(), one_line(&e.statement)))
        .collect();
    let mut out = Vec::new();
    for (i, p) in c.problems.iter().enumerate() {
        let name = format!("Priority performance challenge {}", i + 1);
        out.push(Block::heading(2, name.clone()));
        out.extend(prose(&p.statement));
        out.extend(facts(vec![
            ("Magnitude", text::lines(&p.magnitude)),
            ("Student groups", tags(&p.student_groups)),
            (
                "Trend",
                p.trend.map(|t| t.label().to_string()).unwrap_or_default(),
            ),
        ]));
        let cited: Vec<String> = p
            .evidence
            .iter()
            .filter_map(|id| findings.get(id.as_str()).cloned())
            .collect();
        if cited.is_empty() {
            gaps.push(format!("{name} cites no data from the data narrative."));
        }
        out.extend(compose::labelled_list("Data it rests on", cited));
        if !c
            .root_causes
            .iter()
            .any(|r| r.problem.as_deref() == Some(&p.id))
        {
            gaps.push(format!("{name} has no root cause."));
        }
    }
    if c.problems.is_empty() {
        gaps.push(
            "The plan names no priority problem to file as a priority performance challenge."
                .into(),
        );
    }
    out
}

fn challenge_name(plan: &Plan, id: &Option<String>) -> String {
    id.as_deref()
        .and_then(|id| plan.content.problems.iter().position(|p| p.id == id))
        .map(|i| format!("Priority performance challenge {}", i + 1))
        .unwrap_or_default()
}

fn root_causes(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    for (i, r) in c.root_causes.iter().enumerate() {
        let name = format!("Root cause {}", i + 1);
        out.push(Block::heading(2, name.clone()));
        out.extend(prose(&r.statement));
        let explains = challenge_name(plan, &r.problem);
        if explains.is_empty() {
            gaps.push(format!(
                "{name} is not tied to a priority performance challenge."
            ));
        }
        out.extend(facts(vec![
            ("Explains", explains),
            (
                "Category",
                r.category
                    .map(|k| k.label().to_string())
                    .unwrap_or_default(),
            ),
            (
                "Level",
                r.level.map(|k| k.label().to_string()).unwrap_or_default(),
            ),
            (
                "Verified with data",
                if r.verified { "Yes" } else { "Not yet" }.to_string(),
            ),
        ]));
    }
    if c.root_causes.is_empty() {
        gaps.push("The plan names no root cause.".into());
    }
    out
}

fn strategy_name(s: &Strategy) -> String {
    compose::strategy_title(s)
}

fn strategies(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    for s in &c.strategies {
        let name = strategy_name(s);
        out.push(Block::heading(2, name.clone()));
        out.extend(prose(&s.description));
        let causes: Vec<String> = s
            .root_causes
            .iter()
            .filter_map(|id| c.root_causes.iter().position(|r| r.id == *id))
            .map(|i| format!("Root cause {}", i + 1))
            .collect();
        if causes.is_empty() {
            gaps.push(format!(
                "The major improvement strategy “{}” addresses no root cause.",
                text::excerpt(&name, 60)
            ));
        }
        out.extend(facts(vec![
            ("Root causes it addresses", causes.join(", ")),
            ("Student groups it serves", tags(&s.student_groups)),
            ("Executive owner", plan.member(&s.owner)),
            ("Evidence base", text::lines(&s.evidence_base)),
        ]));
    }
    if c.strategies.is_empty() {
        gaps.push("The plan has no strategy to file as a major improvement strategy.".into());
    }
    out
}

/// What pays for a tactic, in words: each funding line's share with its fund and year.
fn resources(plan: &Plan, t: &Tactic) -> String {
    let paid: Vec<String> = shares(plan.content, &t.id)
        .iter()
        .map(|s| {
            let fund = s
                .line
                .fund_source
                .map(|f| f.label())
                .unwrap_or("fund not named");
            let year = s
                .line
                .fiscal_year
                .as_deref()
                .map(one_line)
                .unwrap_or_default();
            let mut words = text::join_nonempty([fund, year.as_str()], ", ");
            if s.of > 1 {
                words.push_str(&format!(", shared by {} action steps", s.of));
            }
            format!("{} ({words})", s.unit.format(s.amount))
        })
        .collect();
    if paid.is_empty() && t.no_cost {
        "No new resources".into()
    } else {
        paid.join("; ")
    }
}

fn action_steps(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    let mut groups: Vec<(String, Vec<&Tactic>)> = c
        .strategies
        .iter()
        .map(|s| {
            (
                strategy_name(s),
                c.tactics
                    .iter()
                    .filter(|t| t.strategy.as_deref() == Some(&s.id))
                    .collect(),
            )
        })
        .collect();
    let loose: Vec<&Tactic> = c
        .tactics
        .iter()
        .filter(|t| {
            t.strategy
                .as_deref()
                .is_none_or(|id| !c.strategies.iter().any(|s| s.id == id))
        })
        .collect();
    if !loose.is_empty() {
        groups.push(("Not under a major improvement strategy".into(), loose));
    }
    for (name, tactics) in groups {
        out.push(Block::heading(2, name.clone()));
        if tactics.is_empty() {
            gaps.push(format!(
                "The major improvement strategy “{}” has no action steps.",
                text::excerpt(&name, 60)
            ));
            out.push(Block::note("No action steps yet."));
            continue;
        }
        let mut rows = Vec::new();
        for t in tactics {
            let step = title_of(t, Tactic::SCHEMA.noun);
            let owner = plan.tactic_owner(t);
            if owner.is_empty() {
                gaps.push(format!(
                    "The action step “{}” has no one accountable.",
                    text::excerpt(&step, 60)
                ));
            }
            let paid = resources(plan, t);
            if paid.is_empty() {
                gaps.push(format!(
                    "The action step “{}” names no resources.",
                    text::excerpt(&step, 60)
                ));
            }
            rows.push(vec![
                or_none(step),
                or_none(owner),
                or_none(span_of_dates(&t.start, &t.due)),
                or_none(t.status.map(|s| s.label().to_string()).unwrap_or_default()),
                or_none(paid),
            ]);
        }
        out.push(Block::Table(Table {
            caption: format!("Action steps: {name}"),
            columns: vec![
                Column::text("Action step", 5),
                Column::text("Key personnel", 2),
                Column::text("Timeline", 3),
                Column::text("Status", 2),
                Column::text("Resources (amount and source)", 4),
            ],
            rows,
            row_headers: true,
        }));
    }
    out
}

fn measure_name(m: &Measure) -> String {
    title_of(m, Measure::SCHEMA.noun)
}

fn targets(m: &Measure) -> String {
    let mut targets: Vec<_> = m.targets.iter().collect();
    targets.sort_by(|a, b| a.date.cmp(&b.date));
    targets
        .iter()
        .filter_map(|t| {
            t.value.map(|v| {
                let when = opt_date(&t.date);
                if when.is_empty() {
                    with_unit(v, &m.unit)
                } else {
                    format!("{} by {when}", with_unit(v, &m.unit))
                }
            })
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn baseline(m: &Measure) -> String {
    m.baseline
        .map(|b| {
            let when = opt_date(&m.baseline_date);
            if when.is_empty() {
                with_unit(b, &m.unit)
            } else {
                format!("{} ({when})", with_unit(b, &m.unit))
            }
        })
        .unwrap_or_default()
}

fn measure_table(plan: &Plan, caption: &str, measures: &[&Measure]) -> Block {
    Block::Table(Table {
        caption: caption.to_string(),
        columns: vec![
            Column::text("Measure", 4),
            Column::text("Baseline", 2),
            Column::text("Targets", 4),
            Column::text("Data source and timing", 3),
            Column::text("Major improvement strategies", 3),
        ],
        rows: measures
            .iter()
            .map(|m| {
                let strategies: Vec<String> = m
                    .strategies
                    .iter()
                    .filter_map(|id| plan.strategy_name(id))
                    .collect();
                vec![
                    or_none(measure_name(m)),
                    or_none(baseline(m)),
                    or_none(targets(m)),
                    or_none(text::join_nonempty(
                        [one_line(&m.data_source).as_str(), &one_line(&m.cadence)],
                        ", ",
                    )),
                    or_none(strategies.join("; ")),
                ]
            })
            .collect(),
        row_headers: true,
    })
}

fn of_kind<'a>(plan: &Plan<'a>, kind: MeasureKind) -> Vec<&'a Measure> {
    plan.content
        .measures
        .iter()
        .filter(|m| m.kind == Some(kind))
        .collect()
}

fn interim_measures(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let mut out = Vec::new();
    let interim = of_kind(plan, MeasureKind::Interim);
    if interim.is_empty() {
        gaps.push(
            "The plan has no measure of the kind “interim” to report as an interim measure.".into(),
        );
    } else {
        out.push(measure_table(plan, "Interim measures", &interim));
    }
    let outcomes = of_kind(plan, MeasureKind::Outcome);
    if !outcomes.is_empty() {
        out.push(Block::heading(2, "Annual performance targets"));
        out.push(Block::Paragraph {
            spans: vec![Span::plain(
                "The outcome measures the interim measures lead to, with their targets by date.",
            )],
        });
        out.push(measure_table(plan, "Annual performance targets", &outcomes));
    }
    out
}

fn benchmarks(plan: &Plan, gaps: &mut Vec<String>) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    let measures = of_kind(plan, MeasureKind::ImplementationBenchmark);
    if !measures.is_empty() {
        out.push(measure_table(
            plan,
            "Implementation benchmark measures",
            &measures,
        ));
    }
    let mut rows = Vec::new();
    for t in &c.tactics {
        let milestones: Vec<String> = t
            .milestones
            .iter()
            .filter(|m| !blank(&m.description))
            .map(|m| {
                let due = opt_date(&m.due);
                let done = if m.done { ", done" } else { "" };
                if due.is_empty() {
                    format!("{}{done}", one_line(&m.description))
                } else {
                    format!("{} (by {due}{done})", one_line(&m.description))
                }
            })
            .collect();
        if blank(&t.benchmark) && milestones.is_empty() {
            continue;
        }
        rows.push(vec![
            or_none(title_of(t, Tactic::SCHEMA.noun)),
            or_none(one_line(&t.benchmark)),
            or_none(milestones.join("; ")),
        ]);
    }
    if !rows.is_empty() {
        out.push(Block::heading(2, "Benchmarks of the action steps"));
        out.push(Block::Table(Table {
            caption: "Benchmarks of the action steps".into(),
            columns: vec![
                Column::text("Action step", 4),
                Column::text("Implementation benchmark", 4),
                Column::text("Milestones", 4),
            ],
            rows,
            row_headers: true,
        }));
    }
    if out.is_empty() {
        gaps.push("The plan has no implementation benchmark: neither a measure of that kind nor a benchmark on an action step.".into());
    }
    out
}

fn gaps_section(gaps: Vec<String>) -> Section {
    let blocks = if gaps.is_empty() {
        vec![Block::note(
            "The plan gives every part of the UIP something to say.",
        )]
    } else {
        vec![
            Block::Paragraph {
                spans: vec![Span::plain(
                    "What the UIP asks for that the plan does not yet give it. Fill these in the plan, not in this copy, and export again.",
                )],
            },
            Block::List {
                ordered: false,
                items: gaps.into_iter().map(ListItem::text).collect(),
            },
        ]
    };
    Section {
        anchor: "s-uip-gaps".into(),
        title: "Where the plan does not yet fill the UIP".into(),
        blocks,
    }
}
