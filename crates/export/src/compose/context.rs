//! The context sections: the team, the case for change, the evidence, student experience, the
//! equity landscape, capacity, priority problems and their root causes.

use std::collections::{HashMap, HashSet};

use throughline_plan::parts::RootCause;
use throughline_plan::template::{ObjectKind, DONT_KNOW};
use throughline_plan::vocab::{EvidenceDomain, RoleTeam};

use super::{facts, headed_prose, labelled_list, or_none, prose, tags, Plan};
use crate::document::{Block, Column, ListItem, Span, Table};
use crate::text::{self, blank, one_line, opt_date};

pub(crate) fn team(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if !c.members.is_empty() {
        let with_role_team = c.members.iter().any(|m| m.role_team.is_some());
        let mut columns = vec![
            Column::text("Name", 3),
            Column::text("Role", 3),
            Column::text("Speaks for", 3),
        ];
        if with_role_team {
            columns.push(Column::text("Role team", 3));
        }
        let rows = c
            .members
            .iter()
            .map(|m| {
                let mut row = vec![
                    or_none(one_line(&m.name)),
                    or_none(m.role.map(|r| r.label().to_string()).unwrap_or_default()),
                    or_none(one_line(&m.constituency)),
                ];
                if with_role_team {
                    row.push(or_none(
                        m.role_team
                            .map(|r| r.label().to_string())
                            .unwrap_or_default(),
                    ));
                }
                row
            })
            .collect();
        out.push(Block::Table(Table {
            caption: format!("{}: members", plan.term(ObjectKind::Team).singular),
            columns,
            rows,
            row_headers: true,
        }));
    }
    let charter = &c.charter;
    out.extend(facts(vec![
        (
            "Decision rule",
            charter
                .decision_rule
                .map(|d| d.label().to_string())
                .unwrap_or_default(),
        ),
        ("Meeting cadence", text::lines(&charter.meeting_cadence)),
    ]));
    out.extend(headed_prose(2, "Norms", &charter.norms));
    out.extend(role_teams(plan));
    out
}

/// Each instructional-rounds role team with its members and learning sessions, once any
/// session is planned: the team list above already says who is on which team. Its heading says
/// what it adds, not "Role teams": the rounds template calls the whole section that, and the
/// same words twice in a row read as a mistake.
fn role_teams(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if c.role_sessions.is_empty() {
        return out;
    }
    out.push(Block::heading(
        2,
        "Members and learning sessions by role team",
    ));
    for &team in RoleTeam::ALL {
        let members: Vec<String> = c
            .members
            .iter()
            .filter(|m| m.role_team == Some(team))
            .map(|m| one_line(&m.name))
            .filter(|n| !n.is_empty())
            .collect();
        let sessions: Vec<_> = c
            .role_sessions
            .iter()
            .filter(|s| s.role_team == Some(team))
            .collect();
        out.push(Block::heading(3, team.label()));
        out.extend(facts(vec![("Members", members.join(", "))]));
        if sessions.is_empty() {
            out.push(Block::Paragraph {
                spans: vec![Span::plain("No learning sessions planned yet.")],
            });
            continue;
        }
        out.push(Block::Table(Table {
            caption: format!("{}: learning sessions", team.label()),
            columns: vec![
                Column::text("Date", 2),
                Column::text("What the team learns and practises", 6),
                Column::text("Facilitator or coach", 3),
                Column::text("Carried back into practice", 5),
            ],
            rows: sessions
                .iter()
                .map(|s| {
                    vec![
                        or_none(opt_date(&s.date)),
                        or_none(one_line(&s.topic)),
                        or_none(one_line(&s.facilitator)),
                        or_none(one_line(&s.follow_up)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    out
}

pub(crate) fn catalysts(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if !c.catalysts.is_empty() {
        let plural = plan.term(ObjectKind::Catalyst).plural;
        out.push(Block::heading(2, &plural));
        out.push(Block::Table(Table {
            caption: plural,
            columns: vec![
                Column::text("What makes change possible now", 6),
                Column::text("Kind", 2),
                Column::text("Date", 2),
                Column::text("Source", 3),
            ],
            rows: c
                .catalysts
                .iter()
                .map(|k| {
                    vec![
                        or_none(one_line(&k.description)),
                        or_none(k.kind.map(|x| x.label().to_string()).unwrap_or_default()),
                        or_none(opt_date(&k.date)),
                        or_none(one_line(&k.source)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    if !c.commitments.is_empty() {
        out.push(Block::heading(2, "Commitments already made in public"));
        out.push(Block::Table(Table {
            caption: "Public commitments".into(),
            columns: vec![
                Column::text("Commitment", 6),
                Column::text("Source", 3),
                Column::text("Date", 2),
            ],
            rows: c
                .commitments
                .iter()
                .map(|k| {
                    vec![
                        or_none(one_line(&k.statement)),
                        or_none(one_line(&k.source)),
                        or_none(opt_date(&k.date)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    out
}

pub(crate) fn evidence(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if c.evidence.is_empty() {
        return out;
    }
    let plural = plan.term(ObjectKind::Evidence).plural;
    let domains: Vec<Option<EvidenceDomain>> = EvidenceDomain::ALL
        .iter()
        .copied()
        .map(Some)
        .chain(std::iter::once(None))
        .collect();
    let several = domains
        .iter()
        .filter(|d| c.evidence.iter().any(|e| e.domain == **d))
        .count()
        > 1;
    for domain in domains {
        let found: Vec<_> = c.evidence.iter().filter(|e| e.domain == domain).collect();
        if found.is_empty() {
            continue;
        }
        let heading = match domain {
            Some(d) => d.label().to_string(),
            None if several => "Other findings".to_string(),
            None => plural.clone(),
        };
        out.push(Block::heading(2, &heading));
        let rows = found
            .iter()
            .map(|e| {
                let mut source = text::join_nonempty(
                    [one_line(&e.source).as_str(), opt_date(&e.date).as_str()],
                    ", ",
                );
                if let Some(conf) = e.confidence {
                    source = text::join_nonempty(
                        [
                            source.as_str(),
                            &format!("confidence: {}", conf.label().to_lowercase()),
                        ],
                        "; ",
                    );
                }
                vec![
                    or_none(one_line(&e.statement)),
                    or_none(one_line(&e.metric)),
                    or_none(one_line(&e.value)),
                    or_none(e.trend.map(|t| t.label().to_string()).unwrap_or_default()),
                    or_none(tags(&e.student_groups)),
                    or_none(source),
                ]
            })
            .collect();
        out.push(Block::Table(Table {
            caption: format!("{plural}: {}", heading.to_lowercase()),
            columns: vec![
                Column::text("Finding", 6),
                Column::text("Metric", 3),
                Column::text("Value", 3),
                Column::text("Trend", 2),
                Column::text("Student groups", 3),
                Column::text("Source", 4),
            ],
            rows,
            row_headers: false,
        }));
    }
    out
}

pub(crate) fn student_experience(plan: &Plan) -> Vec<Block> {
    let mut out = Vec::new();
    for (i, v) in plan.content.student_voices.iter().enumerate() {
        let how = v
            .instrument
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| format!("Student voice {}", i + 1));
        let heading = text::join_nonempty([how.as_str(), opt_date(&v.date).as_str()], ", ");
        out.push(Block::heading(2, heading));
        out.extend(facts(vec![("Who was heard", text::lines(&v.who_heard))]));
        out.extend(headed_prose(3, "Patterns", &v.patterns));
        let quotes = text::paragraphs(&v.quotes);
        if !quotes.is_empty() {
            out.push(Block::heading(3, "In their words"));
            out.push(Block::Quote { paragraphs: quotes });
        }
    }
    out
}

pub(crate) fn equity_landscape(plan: &Plan) -> Vec<Block> {
    let mut out = Vec::new();
    for (i, p) in plan.content.equity_patterns.iter().enumerate() {
        out.push(Block::heading(2, format!("Pattern {}", i + 1)));
        out.extend(prose(&p.pattern));
        out.extend(facts(vec![
            ("Student groups", tags(&p.student_groups)),
            (
                "Where it shows (iceberg level)",
                p.level.map(|l| l.label().to_string()).unwrap_or_default(),
            ),
        ]));
        out.extend(headed_prose(3, "What holds it in place", &p.structures));
        out.extend(headed_prose(
            3,
            "Mental models and assumptions",
            &p.mental_models,
        ));
    }
    out
}

pub(crate) fn capacity(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if c.capacity.is_empty() {
        return out;
    }
    let scale = plan.template.and_then(|t| t.capacity_scale.as_ref());
    if let Some(scale) = scale {
        let levels: Vec<String> = scale.levels.iter().map(|l| one_line(&l.label)).collect();
        out.push(Block::Paragraph {
            spans: vec![Span::plain(format!(
                "The team rated each indicator on the {}, from lowest to highest: {}.",
                one_line(&scale.name),
                levels.join(", ")
            ))],
        });
    }
    let rating = |key: &str| -> String {
        if key.trim().is_empty() {
            return "Not yet rated".into();
        }
        if key == DONT_KNOW {
            return "Don't know".into();
        }
        scale
            .and_then(|s| s.level(key))
            .map(|l| one_line(&l.label))
            .unwrap_or_else(|| one_line(key))
    };
    let mut functions: Vec<String> = Vec::new();
    for ind in &c.capacity {
        let f = one_line(&ind.function);
        if !functions.contains(&f) {
            functions.push(f);
        }
    }
    let core = plan.term(ObjectKind::CoreFunction).singular;
    for function in &functions {
        let heading = if function.is_empty() {
            format!(
                "Other {}s",
                plan.term(ObjectKind::CapacityIndicator)
                    .singular
                    .to_lowercase()
            )
        } else {
            function.clone()
        };
        out.push(Block::heading(2, &heading));
        let rows = c
            .capacity
            .iter()
            .filter(|i| one_line(&i.function) == *function)
            .map(|i| {
                let mut evidence = one_line(&i.evidence);
                if !blank(&i.not_a_priority_reason) {
                    evidence = text::join_nonempty(
                        [
                            evidence.as_str(),
                            &format!(
                                "Not a priority because: {}",
                                one_line(&i.not_a_priority_reason)
                            ),
                        ],
                        " ",
                    );
                }
                if !blank(&i.in_place_evidence) {
                    evidence = text::join_nonempty(
                        [
                            evidence.as_str(),
                            &format!("In place: {}", one_line(&i.in_place_evidence)),
                        ],
                        " ",
                    );
                }
                if !blank(&i.sustained_by) {
                    evidence = text::join_nonempty(
                        [
                            evidence.as_str(),
                            &format!("Sustained by: {}", one_line(&i.sustained_by)),
                        ],
                        " ",
                    );
                }
                vec![
                    or_none(one_line(&i.indicator)),
                    rating(&i.consensus),
                    or_none(
                        i.disposition
                            .map(|d| d.label().to_string())
                            .unwrap_or_default(),
                    ),
                    or_none(evidence),
                ]
            })
            .collect();
        out.push(Block::Table(Table {
            caption: format!("{core}: {heading}"),
            columns: vec![
                Column::text(plan.term(ObjectKind::CapacityIndicator).singular, 6),
                // A scale's levels can be long ("Limited development or partial implementation").
                Column::text("Team rating", 3),
                Column::text("Decision", 3),
                Column::text("Evidence", 6),
            ],
            rows,
            row_headers: false,
        }));
    }
    out
}

pub(crate) fn problems(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let term = plan.term(ObjectKind::PriorityProblem).singular;
    let findings: HashMap<&str, String> = c
        .evidence
        .iter()
        .map(|e| (e.id.as_str(), one_line(&e.statement)))
        .collect();
    let mut out = Vec::new();
    for (i, p) in c.problems.iter().enumerate() {
        out.push(Block::heading(2, format!("{term} {}", i + 1)));
        out.extend(prose(&p.statement));
        out.extend(facts(vec![
            ("Magnitude", text::lines(&p.magnitude)),
            ("Student groups", tags(&p.student_groups)),
            (
                "Trend",
                p.trend.map(|t| t.label().to_string()).unwrap_or_default(),
            ),
        ]));
        out.extend(labelled_list(
            "Evidence",
            p.evidence
                .iter()
                .filter_map(|id| findings.get(id.as_str()).cloned())
                .collect(),
        ));
    }
    out
}

/// Causes nest at most this deep; deeper ones are listed at this depth so that every format
/// (Word allows nine list levels) can show them.
const MAX_CAUSE_DEPTH: usize = 5;

pub(crate) fn root_causes(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    if c.root_causes.is_empty() {
        return Vec::new();
    }
    let problem_term = plan.term(ObjectKind::PriorityProblem).singular;
    let findings: HashMap<&str, String> = c
        .evidence
        .iter()
        .map(|e| (e.id.as_str(), text::excerpt(&e.statement, 70)))
        .collect();
    let mut children: HashMap<&str, Vec<&RootCause>> = HashMap::new();
    let mut roots: Vec<&RootCause> = Vec::new();
    for cause in &c.root_causes {
        match cause.parent.as_deref() {
            Some(parent) if parent != cause.id && plan.causes.contains_key(parent) => {
                children.entry(parent).or_default().push(cause)
            }
            _ => roots.push(cause),
        }
    }
    let mut placed: HashSet<&str> = HashSet::new();
    let mut groups: Vec<(String, Vec<ListItem>)> = Vec::new();
    for (n, problem) in c.problems.iter().enumerate() {
        let items: Vec<ListItem> = roots
            .iter()
            .filter(|r| r.problem.as_deref() == Some(problem.id.as_str()))
            .flat_map(|r| cause_items(r, &children, &findings, &mut placed, 0))
            .collect();
        if !items.is_empty() {
            groups.push((
                format!("Causes of {} {}", problem_term.to_lowercase(), n + 1),
                items,
            ));
        }
    }
    let mut other: Vec<ListItem> = Vec::new();
    for r in &roots {
        if !placed.contains(r.id.as_str()) {
            other.extend(cause_items(r, &children, &findings, &mut placed, 0));
        }
    }
    // Causes whose parents form a loop are reached from no root: list them rather than lose them.
    for cause in &c.root_causes {
        if !placed.contains(cause.id.as_str()) {
            other.extend(cause_items(cause, &children, &findings, &mut placed, 0));
        }
    }
    if !other.is_empty() {
        let heading = if groups.is_empty() {
            "Root causes".to_string()
        } else {
            format!("Causes not tied to a {}", problem_term.to_lowercase())
        };
        groups.push((heading, other));
    }
    let mut out = Vec::new();
    for (heading, items) in groups {
        out.push(Block::heading(2, heading));
        out.push(Block::List {
            ordered: false,
            items,
        });
    }
    out
}

fn cause_items<'a>(
    cause: &'a RootCause,
    children: &HashMap<&'a str, Vec<&'a RootCause>>,
    findings: &HashMap<&str, String>,
    placed: &mut HashSet<&'a str>,
    depth: usize,
) -> Vec<ListItem> {
    placed.insert(cause.id.as_str());
    let mut item = ListItem {
        spans: cause_spans(cause, findings),
        children: Vec::new(),
    };
    let kids = children.get(cause.id.as_str()).cloned().unwrap_or_default();
    if depth + 1 < MAX_CAUSE_DEPTH {
        for kid in kids {
            if !placed.contains(kid.id.as_str()) {
                item.children
                    .extend(cause_items(kid, children, findings, placed, depth + 1));
            }
        }
        return vec![item];
    }
    // Too deep to nest further: the descendants follow at this depth, in tree order. A stack
    // rather than recursion, so that a very long chain of causes cannot exhaust the stack.
    let mut out = vec![item];
    let mut stack: Vec<&RootCause> = kids.into_iter().rev().collect();
    while let Some(next) = stack.pop() {
        if !placed.insert(next.id.as_str()) {
            continue;
        }
        out.push(ListItem {
            spans: cause_spans(next, findings),
            children: Vec::new(),
        });
        if let Some(grandkids) = children.get(next.id.as_str()) {
            stack.extend(grandkids.iter().rev());
        }
    }
    out
}

fn cause_spans(cause: &RootCause, findings: &HashMap<&str, String>) -> Vec<Span> {
    let statement = text::lines(&cause.statement);
    let mut spans = vec![Span::plain(if statement.is_empty() {
        "Cause not yet written".to_string()
    } else {
        statement
    })];
    let mut details: Vec<String> = Vec::new();
    if let Some(cat) = cause.category {
        details.push(cat.label().to_string());
    }
    if let Some(level) = cause.level {
        details.push(format!("{} level", level.label().to_lowercase()));
    }
    if cause.within_control {
        details.push("within our control".into());
    }
    if cause.verified {
        details.push(match cause.method {
            Some(m) => format!("verified ({})", m.label()),
            None => "verified".into(),
        });
    } else if let Some(m) = cause.method {
        details.push(format!("found by {}", m.label()));
    }
    let evidence: Vec<String> = cause
        .evidence
        .iter()
        .filter_map(|id| findings.get(id.as_str()).cloned())
        .collect();
    if !evidence.is_empty() {
        details.push(format!("evidence: {}", evidence.join("; ")));
    }
    if !details.is_empty() {
        let line = details.join(" · ");
        let mut chars = line.chars();
        let line: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => line,
        };
        spans.push(Span::plain(format!("\n{line}")));
    }
    spans
}
