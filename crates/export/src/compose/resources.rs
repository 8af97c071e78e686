//! What the plan costs and what pays for it (the ledger, its balance and chart), and the district
//! process shifts.

use std::collections::BTreeMap;

use throughline_plan::parts::{LedgerLine, Play, Strategy, Tactic};
use throughline_plan::template::ObjectKind;
use throughline_plan::tradeoffs::{cliffs, stop_doing as stop_list, YearAmount};
use throughline_plan::vocab::{LineKind, Unit};
use throughline_plan::{balance, BalanceRow};

use super::{facts, or_none, prose, strategy_title, Plan};
use crate::document::{Block, Chart, ChartGroup, Column, Span, Table, Tick};
use crate::text::{self, one_line};

/// What a tactic costs: its share of every investment line that pays for it, per unit. A line
/// that pays for several tactics is split evenly among them.
pub(crate) fn tactic_cost(plan: &Plan, tactic: &Tactic) -> String {
    let mut sums: BTreeMap<Unit, i64> = BTreeMap::new();
    for line in &plan.content.ledger {
        let (Some(LineKind::Investment), Some(amount), Some(unit)) =
            (line.kind, line.amount, line.unit)
        else {
            continue;
        };
        if !line.tactics.contains(&tactic.id) {
            continue;
        }
        let share = amount / i64::try_from(line.tactics.len().max(1)).unwrap_or(i64::MAX);
        let sum = sums.entry(unit).or_default();
        *sum = sum.saturating_add(share);
    }
    if sums.is_empty() {
        return if tactic.no_cost {
            "No new resources".into()
        } else {
            String::new()
        };
    }
    sums.iter()
        .map(|(unit, amount)| unit.format(*amount))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The unit in words for headings and sentences.
fn unit_words(unit: Unit) -> &'static str {
    match unit {
        Unit::Usd => "dollars",
        Unit::Fte => "staff positions (FTE)",
        Unit::TeacherHours => "teacher-hours",
        Unit::StudentMinutes => "student-minutes",
    }
}

/// A figure short enough to print on a bar: `$1.2M`, `$350K`, `2.5 FTE`, `1,200`.
fn short(unit: Unit, amount: i64) -> String {
    let value = amount as f64 / unit.scale() as f64;
    match unit {
        Unit::Usd => {
            let abs = value.abs();
            let sign = if value < 0.0 { "-" } else { "" };
            if abs >= 1_000_000.0 {
                format!("{sign}${}M", text::number((abs / 100_000.0).round() / 10.0))
            } else if abs >= 1_000.0 {
                format!("{sign}${}K", text::number((abs / 100.0).round() / 10.0))
            } else {
                format!("{sign}${}", text::number(abs.round()))
            }
        }
        Unit::Fte => format!("{} FTE", text::number(value)),
        Unit::TeacherHours | Unit::StudentMinutes => text::number(value),
    }
}

fn difference(row: &BalanceRow) -> String {
    match row.gap {
        g if g > 0 => format!("Short by {}", row.unit.format(g)),
        g if g < 0 => format!("{} to spare", row.unit.format(g.saturating_neg())),
        _ => "Balanced".into(),
    }
}

fn chart(unit: Unit, rows: &[&BalanceRow]) -> Chart {
    let words = unit_words(unit);
    let mut description =
        format!("Bar chart of investments against sources in {words}, for each fiscal year.");
    let mut groups = Vec::new();
    let mut max: f64 = 1.0;
    for row in rows {
        let scale = unit.scale() as f64;
        let values = [
            (row.investments as f64 / scale).max(0.0),
            (row.sources as f64 / scale).max(0.0),
        ];
        max = max.max(values[0]).max(values[1]);
        description.push_str(&format!(
            " {}: investments {}, sources {}; {}.",
            row.fiscal_year,
            unit.format(row.investments),
            unit.format(row.sources),
            difference(row).to_lowercase()
        ));
        groups.push(ChartGroup {
            label: one_line(&row.fiscal_year),
            values,
            labels: [short(unit, row.investments), short(unit, row.sources)],
        });
    }
    let ticks = axis(unit, max);
    Chart {
        number: 0,
        title: format!("Investments and sources by fiscal year, in {words}"),
        description,
        series: ["Investments".into(), "Sources".into()],
        groups,
        max: ticks.last().map_or(max, |t| t.value).max(1.0),
        ticks,
        money: unit == Unit::Usd,
    }
}

/// The value axis: from zero to a round figure at or above `max`, in four or five round steps
/// (1, 2, 2.5 or 5 times a power of ten), each labelled as the bars are (`$18M`).
fn axis(unit: Unit, max: f64) -> Vec<Tick> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    // Whole-unit steps only for units counted in wholes: no "2.5 teacher-hours" ticks.
    let step = if unit.scale() == 1 {
        step.max(1.0).ceil()
    } else {
        step
    };
    let count = (max / step).ceil().clamp(1.0, 10.0) as usize;
    (0..=count)
        .map(|i| {
            let value = step * i as f64;
            Tick {
                value,
                label: short(unit, (value * unit.scale() as f64).round() as i64),
            }
        })
        .collect()
}

/// Lines sorted by fiscal year (lines without one last), the team's order kept within a year.
fn by_year<'a>(lines: impl Iterator<Item = &'a LedgerLine>) -> Vec<&'a LedgerLine> {
    let mut list: Vec<_> = lines.collect();
    list.sort_by(|a, b| {
        (a.fiscal_year.is_none(), &a.fiscal_year).cmp(&(b.fiscal_year.is_none(), &b.fiscal_year))
    });
    list
}

fn amount(line: &LedgerLine) -> String {
    let mut out = match (line.amount, line.unit) {
        (Some(a), Some(u)) => u.format(a),
        (Some(a), None) => format!("{a} (no unit)"),
        _ => String::new(),
    };
    if line.one_time && !out.is_empty() {
        out.push_str(" one-time");
    }
    out
}

pub(crate) fn ledger(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    if c.ledger.is_empty() {
        return out;
    }
    let bal = balance(c);
    for unit in Unit::ALL {
        let rows: Vec<&BalanceRow> = bal.rows.iter().filter(|r| r.unit == *unit).collect();
        if rows.is_empty() {
            continue;
        }
        out.push(Block::heading(
            2,
            format!("Balance in {}", unit_words(*unit)),
        ));
        let short_years: Vec<String> = rows
            .iter()
            .filter(|r| !r.balanced())
            .map(|r| format!("{} (short by {})", r.fiscal_year, r.unit.format(r.gap)))
            .collect();
        out.push(Block::Paragraph {
            spans: vec![Span::plain(if short_years.is_empty() {
                "The sources cover the investments in every year.".to_string()
            } else {
                format!(
                    "The investments exceed the sources in {}.",
                    short_years.join(", ")
                )
            })],
        });
        out.push(Block::Chart(chart(*unit, &rows)));
        out.push(Block::Table(Table {
            caption: format!("Balance by fiscal year, in {}", unit_words(*unit)),
            columns: vec![
                Column::text("Fiscal year", 2),
                Column::figure("Investments", 3),
                Column::figure("Sources", 3),
                Column::figure("Difference", 4),
            ],
            rows: rows
                .iter()
                .map(|r| {
                    vec![
                        or_none(one_line(&r.fiscal_year)),
                        r.unit.format(r.investments),
                        r.unit.format(r.sources),
                        difference(r),
                    ]
                })
                .collect(),
            row_headers: true,
        }));
    }
    let uncounted = c
        .ledger
        .iter()
        .filter(|l| l.kind.is_some())
        .filter(|l| l.amount.is_none() || l.unit.is_none() || l.fiscal_year.is_none())
        .count();
    if uncounted > 0 {
        out.push(Block::note(format!(
            "{uncounted} {} left out of the balance: {} no amount, unit or fiscal year yet.",
            if uncounted == 1 {
                "line is"
            } else {
                "lines are"
            },
            if uncounted == 1 {
                "it has"
            } else {
                "they have"
            },
        )));
    }
    let tactic_names = |line: &LedgerLine| -> String {
        line.tactics
            .iter()
            .filter_map(|id| plan.tactics.get(id.as_str()))
            .map(|t| one_line(&t.description))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let line_term = plan.term(ObjectKind::ResourceLine).singular;
    let investments = by_year(
        c.ledger
            .iter()
            .filter(|l| l.kind == Some(LineKind::Investment)),
    );
    if !investments.is_empty() {
        out.push(Block::heading(2, "Investments"));
        out.push(Block::Table(Table {
            caption: "Investments: what the plan pays for".into(),
            columns: vec![
                Column::text("Investment", 5),
                Column::text("Fiscal year", 2),
                Column::figure("Amount", 3),
                Column::text("Fund source", 2),
                Column::text("Status", 2),
                Column::text("Pays for", 4),
            ],
            rows: investments
                .iter()
                .map(|l| {
                    vec![
                        or_none(one_line(&l.description)),
                        or_none(l.fiscal_year.as_deref().map(one_line).unwrap_or_default()),
                        or_none(amount(l)),
                        or_none(
                            l.fund_source
                                .map(|f| f.label().to_string())
                                .unwrap_or_default(),
                        ),
                        or_none(l.status.map(|s| s.label().to_string()).unwrap_or_default()),
                        or_none(tactic_names(l)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    let sources = by_year(c.ledger.iter().filter(|l| l.kind == Some(LineKind::Source)));
    if !sources.is_empty() {
        out.push(Block::heading(
            2,
            "Sources: what we stop or shift to pay for it",
        ));
        out.push(Block::Table(Table {
            caption: "Sources: the stop-doing list".into(),
            columns: vec![
                Column::text("Source", 5),
                Column::text("How", 2),
                Column::text("Fiscal year", 2),
                Column::figure("Amount", 3),
                Column::text("Fund source", 2),
                Column::text("Who is affected", 4),
            ],
            rows: sources
                .iter()
                .map(|l| {
                    vec![
                        or_none(one_line(&l.description)),
                        or_none(
                            l.source_kind
                                .map(|k| k.label().to_string())
                                .unwrap_or_default(),
                        ),
                        or_none(l.fiscal_year.as_deref().map(one_line).unwrap_or_default()),
                        or_none(amount(l)),
                        or_none(
                            l.fund_source
                                .map(|f| f.label().to_string())
                                .unwrap_or_default(),
                        ),
                        or_none(one_line(&l.stakeholder_impact)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    out.extend(stop_doing(plan));
    out.extend(funding_cliffs(plan));
    out.extend(how_we_got_here(plan));
    let unsorted = by_year(c.ledger.iter().filter(|l| l.kind.is_none()));
    if !unsorted.is_empty() {
        let heading = format!("{}s not yet marked as investment or source", line_term);
        out.push(Block::heading(2, &heading));
        out.push(Block::Table(Table {
            caption: heading,
            columns: vec![
                Column::text(line_term.clone(), 6),
                Column::text("Fiscal year", 2),
                Column::figure("Amount", 3),
            ],
            rows: unsorted
                .iter()
                .map(|l| {
                    vec![
                        or_none(one_line(&l.description)),
                        or_none(l.fiscal_year.as_deref().map(one_line).unwrap_or_default()),
                        or_none(amount(l)),
                    ]
                })
                .collect(),
            row_headers: false,
        }));
    }
    out
}

pub(crate) fn process_shifts(plan: &Plan) -> Vec<Block> {
    let c = plan.content;
    let mut out = Vec::new();
    for (i, shift) in c.process_shifts.iter().enumerate() {
        let heading = match (shift.process, shift.shift_type) {
            (Some(p), Some(t)) => format!("{}: {}", p.label(), t.label().to_lowercase()),
            (Some(p), None) => p.label().to_string(),
            _ => format!("{} {}", plan.term(ObjectKind::ProcessShift).singular, i + 1),
        };
        out.push(Block::heading(2, heading));
        let enables = shift
            .statement
            .as_deref()
            .and_then(|id| plan.statements.get(id))
            .map(|(n, st)| {
                let slot = st
                    .school_changes
                    .iter()
                    .find(|s| s.id == shift.school_change)
                    .map(|s| one_line(&s.text))
                    .unwrap_or_default();
                let name = format!("{} {n}", plan.term(ObjectKind::TheoryOfAction).singular);
                if slot.is_empty() {
                    name
                } else {
                    format!("{slot} ({name})")
                }
            })
            .unwrap_or_default();
        out.extend(facts(vec![
            ("Today", text::lines(&shift.current_state)),
            ("In future", text::lines(&shift.future_state)),
            (
                "Kind of shift",
                shift
                    .shift_type
                    .map(|t| t.label().to_string())
                    .unwrap_or_default(),
            ),
            ("Makes possible", enables),
            ("Owner", plan.member(&shift.owner)),
            ("Timeline", text::lines(&shift.timeline)),
        ]));
    }
    out
}

/// What a stop-doing item frees: one figure per unit when every year frees the same, else each
/// year's.
fn frees(amounts: &[YearAmount]) -> String {
    let mut parts = Vec::new();
    for unit in Unit::ALL {
        let ours: Vec<&YearAmount> = amounts.iter().filter(|a| a.unit == *unit).collect();
        let (Some(first), Some(last)) = (ours.first(), ours.last()) else {
            continue;
        };
        if ours.len() > 1 && ours.iter().all(|a| a.amount == first.amount) {
            parts.push(format!(
                "{} a year, {} to {}",
                unit.format(first.amount),
                one_line(&first.fiscal_year),
                one_line(&last.fiscal_year)
            ));
        } else {
            parts.extend(
                ours.iter()
                    .map(|a| format!("{} in {}", unit.format(a.amount), one_line(&a.fiscal_year))),
            );
        }
    }
    parts.join("; ")
}

/// "What we will stop doing": each source that stops, shrinks or shifts something, what
/// stops, who is affected and who will tell them.
fn stop_doing(plan: &Plan) -> Vec<Block> {
    let list = stop_list(plan.content);
    if list.is_empty() {
        return Vec::new();
    }
    vec![
        Block::heading(2, "What we will stop doing"),
        Block::Paragraph {
            spans: vec![Span::plain(format!(
                "To pay for this plan the district stops, shrinks or shifts {} {}. Each names who is affected and who will tell them.",
                list.len(),
                if list.len() == 1 { "thing" } else { "things" }
            ))],
        },
        Block::Table(Table {
            caption: "What we will stop doing".into(),
            columns: vec![
                Column::text("What stops", 4),
                Column::text("How", 2),
                Column::text("What it frees", 4),
                Column::text("Who is affected", 4),
                Column::text("Who will tell them", 4),
            ],
            rows: list
                .iter()
                .map(|item| {
                    let what = if item.stops.is_empty() {
                        &item.description
                    } else {
                        &item.stops
                    };
                    vec![
                        or_none(one_line(what)),
                        or_none(
                            item.source_kind
                                .map(|k| k.label().to_string())
                                .unwrap_or_default(),
                        ),
                        or_none(frees(&item.amounts)),
                        or_none(one_line(&item.affected)),
                        or_none(one_line(&item.messenger)),
                    ]
                })
                .collect(),
            row_headers: true,
        }),
    ]
}

/// One-time money paying recurring costs: the year it ends and what is then uncovered.
fn funding_cliffs(plan: &Plan) -> Vec<Block> {
    let found = cliffs(plan.content);
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Block::heading(2, "Funding cliffs"),
        Block::Paragraph {
            spans: vec![Span::plain(
                "One-time money pays for costs that go on. When it ends, these costs need another source:",
            )],
        },
    ];
    out.push(Block::Table(Table {
        caption: "Funding cliffs: one-time money paying recurring costs".into(),
        columns: vec![
            Column::text("One-time money", 5),
            Column::text("Last year", 2),
            Column::text("Cliff year", 2),
            Column::figure("Uncovered each year", 3),
            Column::text("Pays for", 4),
        ],
        rows: found
            .iter()
            .map(|cliff| {
                vec![
                    or_none(one_line(&cliff.description)),
                    one_line(&cliff.last_year),
                    one_line(&cliff.year),
                    cliff.unit.format(cliff.uncovered),
                    or_none(
                        cliff
                            .tactics
                            .iter()
                            .filter_map(|id| plan.tactics.get(id.as_str()))
                            .map(|t| one_line(&t.description))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ]
            })
            .collect(),
        row_headers: true,
    }));
    out
}

/// One decision's record: what was chosen, when, who was there, what else was weighed, and why.
struct Decision<'a> {
    heading: String,
    decided_on: &'a Option<String>,
    in_the_room: &'a str,
    options_considered: &'a str,
    why_this_one: &'a str,
}

impl Decision<'_> {
    fn is_empty(&self) -> bool {
        self.decided_on.as_deref().is_none_or(text::blank)
            && text::blank(self.in_the_room)
            && text::blank(self.options_considered)
            && text::blank(self.why_this_one)
    }
}

fn strategy_decision(s: &Strategy) -> Decision<'_> {
    Decision {
        heading: format!("Strategy: {}", strategy_title(s)),
        decided_on: &s.decided_on,
        in_the_room: &s.in_the_room,
        options_considered: &s.options_considered,
        why_this_one: &s.why_this_one,
    }
}

fn play_decision<'a>(plan: &Plan, p: &'a Play) -> Decision<'a> {
    let tactic = p
        .tactic
        .as_deref()
        .and_then(|id| plan.tactics.get(id))
        .map(|t| format!(", for “{}”", one_line(&t.description)))
        .unwrap_or_default();
    let year = p
        .first_year
        .as_deref()
        .map(|y| format!(" from {}", one_line(y)))
        .unwrap_or_default();
    Decision {
        heading: format!("Trade-off: {}{year}{tactic}", one_line(&p.card_name)),
        decided_on: &p.decided_on,
        in_the_room: &p.in_the_room,
        options_considered: &p.options_considered,
        why_this_one: &p.why_this_one,
    }
}

/// "How we got here": the decision record of each strategy and trade-off that has one, so
/// the board reads the story without anyone writing minutes afterwards.
fn how_we_got_here(plan: &Plan) -> Vec<Block> {
    let decisions: Vec<Decision<'_>> = plan
        .content
        .strategies
        .iter()
        .map(strategy_decision)
        .chain(plan.content.plays.iter().map(|p| play_decision(plan, p)))
        .filter(|d| !d.is_empty())
        .collect();
    if decisions.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Block::heading(2, "How we got here"),
        Block::Paragraph {
            spans: vec![Span::plain(
                "How the team chose its strategies and trade-offs: when, who was in the room, what else was weighed and why.",
            )],
        },
    ];
    for d in decisions {
        out.push(Block::heading(3, d.heading.clone()));
        out.extend(facts(vec![
            (
                "Decided on",
                d.decided_on.as_deref().map(text::date).unwrap_or_default(),
            ),
            ("Who was in the room", one_line(d.in_the_room)),
        ]));
        for (label, body) in [
            ("Options considered", d.options_considered),
            ("Why this one", d.why_this_one),
        ] {
            let body = prose(body);
            if !body.is_empty() {
                out.push(Block::Paragraph {
                    spans: vec![Span::strong(format!("{label}:"))],
                });
                out.extend(body);
            }
        }
    }
    out
}
