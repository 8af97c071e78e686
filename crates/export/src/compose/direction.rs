//! Where the plan is going and how: guiding focus, vision and guardrails, the theory of action,
//! strategies with their tactics, and the measures.

use throughline_plan::parts::{Measure, Slot, Strategy, Tactic};
use throughline_plan::schema::Part;
use throughline_plan::template::ObjectKind;

use super::resources::tactic_cost;
use super::{
    facts, headed_prose, label, labelled_list, or_none, prose, span_of_dates, strategy_title, tags,
    title_of, Plan,
};
use crate::document::{Block, Column, ListItem, Span, Table};
use crate::text::{self, blank, one_line, opt_date, with_unit};

pub(crate) fn focus(plan: &Plan) -> Vec<Block> {
    let f = &plan.content.focus;
    let mut out = Vec::new();
    out.extend(facts(vec![("Focus area", text::lines(&f.focus_area))]));
    out.extend(headed_prose(2, "Aim", &f.aim));
    out.extend(headed_prose(
        2,
        "Problem of practice",
        &f.problem_of_practice,
    ));
    out
}

pub(crate) fn vision(plan: &Plan) -> Vec<Block> {
    let v = &plan.content.vision;
    let mut out = prose(&v.statement);
    out.extend(headed_prose(2, "Graduate profile", &v.graduate_profile));
    out.extend(headed_prose(2, "Values", &v.values));
    let guardrails: Vec<ListItem> = plan
        .content
        .guardrails
        .iter()
        .filter(|g| !blank(&g.statement))
        .map(|g| {
            let mut spans = vec![Span::plain(text::lines(&g.statement))];
            if !blank(&g.source) {
                spans.push(Span::plain(format!(" ({})", one_line(&g.source))));
            }
            ListItem {
                spans,
                children: Vec::new(),
            }
        })
        .collect();
    if !guardrails.is_empty() {
        out.push(Block::heading(2, "Guardrails"));
        out.push(Block::Paragraph {
            spans: vec![Span::plain(
                "The board's non-negotiables: every part of this plan must respect them.",
            )],
        });
        out.push(Block::List {
            ordered: true,
            items: guardrails,
        });
    }
    out
}

/// One side of a statement: its keyword and which side it is, then the slots as a list (or a
/// note that none is written yet).
fn side(out: &mut Vec<Block>, keyword: &str, which: &str, slots: &[Slot]) {
    let written: Vec<ListItem> = slots
        .iter()
        .map(|s| text::lines(&s.text))
        .filter(|s| !s.is_empty())
        .map(ListItem::text)
        .collect();
    let mut spans = vec![Span::strong(keyword), Span::plain(format!(" {which}:"))];
    if written.is_empty() {
        spans.push(Span::plain(format!(" [no {which} written yet]")));
        out.push(Block::Paragraph { spans });
    } else {
        out.push(Block::Paragraph { spans });
        out.push(Block::List {
            ordered: false,
            items: written,
        });
    }
}

pub(crate) fn theory_of_action(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let term = plan.term(ObjectKind::TheoryOfAction).singular;
    let mut out = Vec::new();
    for (i, st) in c.statements.iter().enumerate() {
        out.push(Block::heading(2, format!("{term} {}", i + 1)));
        side(
            &mut out,
            "If",
            "central-office supports",
            &st.central_office_supports,
        );
        side(&mut out, "and", "school-level changes", &st.school_changes);
        let end = |keyword: &str, what: &str, t: &str| {
            let t = text::lines(t);
            Block::Paragraph {
                spans: vec![
                    Span::strong(keyword),
                    Span::plain(format!(" {what}: ")),
                    Span::plain(if t.is_empty() {
                        "[not written yet]".to_string()
                    } else {
                        t
                    }),
                ],
            }
        };
        out.push(end("then", "practice change", &st.practice_change));
        out.push(end("so that", "student outcome", &st.student_outcome));
        let enacted_by: Vec<String> = c
            .strategies
            .iter()
            .filter(|s| s.statements.contains(&st.id))
            .map(strategy_title)
            .collect();
        out.extend(facts(vec![
            ("Assumptions", text::lines(&st.assumptions)),
            ("Evidence and rationale", text::lines(&st.rationale)),
            (
                &format!(
                    "Enacted by ({})",
                    plan.term(ObjectKind::Strategy).plural.to_lowercase()
                ),
                enacted_by.join("; "),
            ),
        ]));
    }
    out
}

/// Strategies in priority order (unranked ones last, in the team's order).
fn ranked<'a>(plan: &Plan<'a>) -> Vec<&'a throughline_plan::parts::Strategy> {
    let mut list: Vec<_> = plan.content.strategies.iter().collect();
    list.sort_by_key(|s| (s.priority.is_none(), s.priority.unwrap_or(0)));
    list
}

fn tactic_table(plan: &Plan, caption: String, tactics: &[&Tactic]) -> Block {
    let rows = tactics
        .iter()
        .map(|t| {
            vec![
                or_none(one_line(&t.description)),
                or_none(plan.tactic_owner(t)),
                or_none(opt_date(&t.start)),
                or_none(opt_date(&t.due)),
                or_none(t.status.map(|s| s.label().to_string()).unwrap_or_default()),
                or_none(tactic_cost(plan, t)),
            ]
        })
        .collect();
    Block::Table(Table {
        caption,
        columns: vec![
            Column::text(plan.term(ObjectKind::Tactic).singular, 6),
            Column::text(label::<Tactic>("owner"), 3),
            Column::text(label::<Tactic>("start"), 3),
            Column::text(label::<Tactic>("due"), 3),
            Column::text(label::<Tactic>("status"), 2),
            Column::figure("Cost", 3),
        ],
        rows,
        row_headers: false,
    })
}

pub(crate) fn strategies(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let tactic_term = plan.term(ObjectKind::Tactic);
    let mut out = Vec::new();
    for s in ranked(plan) {
        let name = strategy_title(s);
        out.push(Block::heading(2, &name));
        out.extend(prose(&s.description));
        let measures: Vec<String> = c
            .measures
            .iter()
            .filter(|m| m.strategies.contains(&s.id))
            .map(measure_title)
            .collect();
        let statements: Vec<String> = s
            .statements
            .iter()
            .filter_map(|id| plan.statement_name(id))
            .collect();
        out.extend(facts(vec![
            (
                &label::<Strategy>("priority"),
                s.priority.map(|p| p.to_string()).unwrap_or_default(),
            ),
            (&label::<Strategy>("owner"), plan.member(&s.owner)),
            (
                &label::<Strategy>("student_groups"),
                tags(&s.student_groups),
            ),
            (
                &label::<Strategy>("evidence_base"),
                text::lines(&s.evidence_base),
            ),
            ("Enacts", statements.join(", ")),
            ("Measured by", measures.join("; ")),
        ]));
        out.extend(labelled_list(
            &label::<Strategy>("root_causes"),
            s.root_causes
                .iter()
                .filter_map(|id| plan.causes.get(id.as_str()))
                .map(|c| one_line(&c.statement))
                .collect(),
        ));
        let tactics: Vec<&Tactic> = c
            .tactics
            .iter()
            .filter(|t| t.strategy.as_deref() == Some(s.id.as_str()))
            .collect();
        if tactics.is_empty() {
            out.push(Block::note(format!(
                "No {} under this strategy yet.",
                tactic_term.plural.to_lowercase()
            )));
        } else {
            out.push(tactic_table(
                plan,
                format!("{}: {name}", tactic_term.plural),
                &tactics,
            ));
        }
    }
    let loose: Vec<&Tactic> = unplaced_tactics(plan);
    if !loose.is_empty() && !c.strategies.is_empty() {
        let heading = format!(
            "{} not yet under a {}",
            tactic_term.plural,
            plan.term(ObjectKind::Strategy).singular.to_lowercase()
        );
        out.push(Block::heading(2, &heading));
        out.push(tactic_table(plan, heading, &loose));
    } else if !loose.is_empty() {
        out.push(tactic_table(plan, tactic_term.plural.clone(), &loose));
    }
    out
}

fn unplaced_tactics<'a>(plan: &Plan<'a>) -> Vec<&'a Tactic> {
    plan.content
        .tactics
        .iter()
        .filter(|t| {
            t.strategy
                .as_deref()
                .is_none_or(|id| !plan.strategies.contains_key(id))
        })
        .collect()
}

pub(crate) fn tactics(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let term = plan.term(ObjectKind::Tactic);
    let mut out = Vec::new();
    let mut groups: Vec<(String, Vec<&Tactic>)> = ranked(plan)
        .into_iter()
        .map(|s| {
            (
                strategy_title(s),
                c.tactics
                    .iter()
                    .filter(|t| t.strategy.as_deref() == Some(s.id.as_str()))
                    .collect(),
            )
        })
        .collect();
    groups.push((
        format!(
            "{} not yet under a {}",
            term.plural,
            plan.term(ObjectKind::Strategy).singular.to_lowercase()
        ),
        unplaced_tactics(plan),
    ));
    for (heading, tactics) in groups {
        if tactics.is_empty() {
            continue;
        }
        out.push(Block::heading(2, heading));
        for t in tactics {
            out.push(Block::Paragraph {
                spans: vec![Span::strong(title_of(t, &term.singular.to_lowercase()))],
            });
            let contributors: Vec<String> = t
                .contributors
                .iter()
                .map(|id| plan.member(&Some(id.clone())))
                .filter(|n| !n.is_empty())
                .collect();
            let cost = if t.no_cost {
                "No new resources needed".to_string()
            } else {
                tactic_cost(plan, t)
            };
            out.extend(facts(vec![
                (&label::<Tactic>("owner"), plan.tactic_owner(t)),
                (&label::<Tactic>("contributors"), contributors.join(", ")),
                (&label::<Tactic>("sites"), text::lines(&t.sites)),
                ("Dates", span_of_dates(&t.start, &t.due)),
                (
                    &label::<Tactic>("status"),
                    t.status.map(|s| s.label().to_string()).unwrap_or_default(),
                ),
                (&label::<Tactic>("benchmark"), text::lines(&t.benchmark)),
                ("Cost", cost),
            ]));
            let milestones: Vec<ListItem> = t
                .milestones
                .iter()
                .filter(|m| !blank(&m.description) || m.due.is_some())
                .map(|m| {
                    let mut line = text::join_nonempty(
                        [opt_date(&m.due).as_str(), one_line(&m.description).as_str()],
                        ": ",
                    );
                    if m.done {
                        line.push_str(" (done)");
                    }
                    ListItem::text(line)
                })
                .collect();
            if !milestones.is_empty() {
                out.push(Block::Paragraph {
                    spans: vec![Span::strong("Milestones:")],
                });
                out.push(Block::List {
                    ordered: false,
                    items: milestones,
                });
            }
        }
    }
    out
}

pub(crate) fn measure_title(m: &Measure) -> String {
    title_of(m, Measure::SCHEMA.noun)
}

/// "38% of students (June 1, 2025) → 45% of students by June 30, 2027 → …".
fn trajectory(m: &Measure) -> String {
    let mut parts = Vec::new();
    if let Some(b) = m.baseline {
        let when = opt_date(&m.baseline_date);
        let mut base = format!("Baseline {}", with_unit(b, &m.unit));
        if !when.is_empty() {
            base.push_str(&format!(" ({when})"));
        }
        parts.push(base);
    }
    for t in sorted_targets(m) {
        if let Some(v) = t.value {
            let when = opt_date(&t.date);
            parts.push(if when.is_empty() {
                with_unit(v, &m.unit)
            } else {
                format!("{} by {when}", with_unit(v, &m.unit))
            });
        }
    }
    parts.join(" → ")
}

fn sorted_targets(m: &Measure) -> Vec<&throughline_plan::parts::Target> {
    let mut targets: Vec<_> = m.targets.iter().collect();
    targets.sort_by(|a, b| (a.date.is_none(), &a.date).cmp(&(b.date.is_none(), &b.date)));
    targets
}

pub(crate) fn measures(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    let goals: Vec<ListItem> = c
        .goals
        .iter()
        .filter(|g| !blank(&g.statement))
        .map(|g| {
            let mut spans = vec![Span::plain(text::lines(&g.statement))];
            if let Some(state) = g.state {
                spans.push(Span::plain(format!(" ({})", state.label().to_lowercase())));
            }
            ListItem {
                spans,
                children: Vec::new(),
            }
        })
        .collect();
    if !goals.is_empty() {
        out.push(Block::heading(2, "Goals"));
        out.push(Block::List {
            ordered: true,
            items: goals,
        });
    }
    if c.measures.is_empty() {
        return out;
    }
    let term = plan.term(ObjectKind::Measure);
    out.push(Block::Table(Table {
        caption: format!("{} at a glance: baseline and targets", term.plural),
        columns: vec![
            Column::text(term.singular.clone(), 4),
            Column::text("Kind", 2),
            Column::figure("Baseline", 3),
            Column::text("Targets", 5),
        ],
        rows: c
            .measures
            .iter()
            .map(|m| {
                let baseline = m
                    .baseline
                    .map(|b| {
                        let when = opt_date(&m.baseline_date);
                        text::join_nonempty([with_unit(b, &m.unit).as_str(), &paren(&when)], " ")
                    })
                    .unwrap_or_default();
                let targets: Vec<String> = sorted_targets(m)
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
                    .collect();
                vec![
                    measure_title(m),
                    or_none(m.kind.map(|k| k.label().to_string()).unwrap_or_default()),
                    or_none(baseline),
                    or_none(targets.join("; ")),
                ]
            })
            .collect(),
        row_headers: true,
    }));
    for m in &c.measures {
        out.push(Block::heading(2, measure_title(m)));
        let path = trajectory(m);
        if !path.is_empty() {
            out.push(Block::Paragraph {
                spans: vec![Span::plain(path)],
            });
        }
        let strategies: Vec<String> = m
            .strategies
            .iter()
            .filter_map(|id| plan.strategy_name(id))
            .collect();
        let goals: Vec<String> = m
            .goals
            .iter()
            .filter_map(|id| c.goals.iter().find(|g| g.id == *id))
            .map(|g| text::excerpt(&g.statement, 80))
            .collect();
        out.extend(facts(vec![
            (
                "Kind",
                text::join_nonempty(
                    [
                        m.kind.map(|k| k.label()).unwrap_or(""),
                        &m.rba
                            .map(|r| format!("({})", r.label().to_lowercase()))
                            .unwrap_or_default(),
                    ],
                    " ",
                ),
            ),
            (
                &label::<Measure>("direction"),
                m.direction
                    .map(|d| d.label().to_string())
                    .unwrap_or_default(),
            ),
            (
                &label::<Measure>("data_source"),
                text::lines(&m.data_source),
            ),
            (&label::<Measure>("cadence"), text::lines(&m.cadence)),
            (&label::<Measure>("owner"), plan.member(&m.owner)),
            (
                &format!(
                    "Tracks ({})",
                    plan.term(ObjectKind::Strategy).plural.to_lowercase()
                ),
                strategies.join("; "),
            ),
            (&label::<Measure>("goals"), goals.join("; ")),
            (
                "Vision",
                if m.vision {
                    "Speaks to the vision itself".to_string()
                } else {
                    String::new()
                },
            ),
        ]));
        if !m.breakdown.is_empty() {
            out.push(Block::Table(Table {
                caption: format!("{}: by student group", measure_title(m)),
                columns: vec![
                    Column::text("Student group", 4),
                    Column::figure("Baseline", 3),
                    Column::figure("Target", 3),
                ],
                rows: m
                    .breakdown
                    .iter()
                    .map(|g| {
                        vec![
                            or_none(one_line(&g.student_group)),
                            or_none(
                                g.baseline
                                    .map(|v| with_unit(v, &m.unit))
                                    .unwrap_or_default(),
                            ),
                            or_none(g.target.map(|v| with_unit(v, &m.unit)).unwrap_or_default()),
                        ]
                    })
                    .collect(),
                row_headers: true,
            }));
        }
    }
    out
}

fn paren(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("({s})")
    }
}
