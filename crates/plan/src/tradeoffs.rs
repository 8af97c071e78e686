//! The trade-offs a plan makes, read from its ledger: the stop-doing list (what stops or
//! shrinks, who is affected, who will tell them) and funding cliffs (one-time money paying
//! recurring costs, projected past the year it ends). Pure functions of the content.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::deck::next_fiscal_year;
use crate::parts::{LedgerLine, PlanContent};
use crate::vocab::{FundSource, LineKind, SourceKind, Unit};

/// One figure of a stop-doing item: how much it frees in one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearAmount {
    pub fiscal_year: String,
    pub unit: Unit,
    pub amount: i64,
}

/// One thing the plan stops, shrinks or takes resources from: the ledger's sources that say
/// so, with the lines of the same source (one per year and unit) gathered together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StopItem {
    /// The ledger lines it gathers (ids), in the ledger's order.
    pub lines: Vec<String>,
    /// The source's own words.
    pub description: String,
    pub source_kind: Option<SourceKind>,
    /// What stops.
    pub stops: String,
    /// Who is affected, and how.
    pub affected: String,
    /// Who will tell them.
    pub messenger: String,
    /// What it frees, by year and unit.
    pub amounts: Vec<YearAmount>,
}

/// Whether a ledger line belongs on the stop-doing list: a source that stops, shrinks or
/// reallocates something (new revenue stops nothing), or any source that says what stops.
pub fn stops_something(line: &LedgerLine) -> bool {
    line.kind == Some(LineKind::Source)
        && (matches!(
            line.source_kind,
            Some(SourceKind::Stop | SourceKind::Shrink | SourceKind::Reallocate)
        ) || !line.stops.trim().is_empty())
}

/// The plan's stop-doing list: each card play's lines together, and otherwise the lines of one
/// source (same words, same kind) across years and units together, in ledger order.
pub fn stop_doing(plan: &PlanContent) -> Vec<StopItem> {
    let mut items: Vec<StopItem> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in plan.ledger.iter().filter(|l| stops_something(l)) {
        let group = match &line.play {
            Some(play) => (format!("play:{play}"), String::new()),
            None => (
                line.description.trim().to_string(),
                line.source_kind.map_or("", |k| k.key()).to_string(),
            ),
        };
        let at = *index.entry(group).or_insert_with(|| {
            items.push(StopItem {
                lines: Vec::new(),
                description: line.description.trim().to_string(),
                source_kind: line.source_kind,
                stops: String::new(),
                affected: String::new(),
                messenger: String::new(),
                amounts: Vec::new(),
            });
            items.len() - 1
        });
        let Some(item) = items.get_mut(at) else {
            continue;
        };
        item.lines.push(line.id.clone());
        // The first line that says it speaks for all: a room fills in one year, not three.
        for (slot, words) in [
            (&mut item.stops, &line.stops),
            (&mut item.affected, &line.stakeholder_impact),
            (&mut item.messenger, &line.messenger),
        ] {
            if slot.is_empty() && !words.trim().is_empty() {
                *slot = words.trim().to_string();
            }
        }
        if let (Some(amount), Some(unit), Some(year)) =
            (line.amount, line.unit, line.fiscal_year.as_ref())
        {
            item.amounts.push(YearAmount {
                fiscal_year: year.clone(),
                unit,
                amount,
            });
        }
    }
    for item in &mut items {
        item.amounts
            .sort_by(|a, b| (a.unit, &a.fiscal_year).cmp(&(b.unit, &b.fiscal_year)));
    }
    items
}

/// One year of a funding cliff's projection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CliffYear {
    pub fiscal_year: String,
    /// One-time money that year.
    pub one_time: i64,
    /// The recurring costs of the tactics it pays for that year (after the money's last year,
    /// those that went on from it).
    pub recurring: i64,
    /// Recurring costs no longer paid once the one-time money has ended.
    pub uncovered: i64,
    /// Some of the recurring cost is carried forward from an earlier year, not entered.
    pub projected: bool,
}

/// One-time money that pays recurring costs: the year it ends and what is then uncovered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cliff {
    pub unit: Unit,
    pub fund_source: Option<FundSource>,
    /// The one-time source lines (ids), in the ledger's order.
    pub sources: Vec<String>,
    /// The last one-time source's words, to name the money.
    pub description: String,
    /// The tactics the money pays for (ids).
    pub tactics: Vec<String>,
    /// The last year the money pays.
    pub last_year: String,
    /// The first year without it: the cliff.
    pub year: String,
    /// The recurring cost then uncovered each year.
    pub uncovered: i64,
    /// Every year from the money's first to two years after it ends.
    pub years: Vec<CliffYear>,
}

/// A recurring line's part for `tactics`: an investment's amount split evenly among the
/// tactics it pays for (as the export splits a tactic's cost), a source's whole amount when it
/// pays for any of them; `None` for a one-time line, another unit or kind, or other tactics.
fn recurring_share(
    line: &LedgerLine,
    kind: LineKind,
    tactics: &[String],
    unit: Unit,
) -> Option<i64> {
    let amount = line.amount?;
    if line.kind != Some(kind) || line.one_time || line.unit != Some(unit) {
        return None;
    }
    let ours = line.tactics.iter().filter(|t| tactics.contains(t)).count();
    if ours == 0 {
        return None;
    }
    if kind == LineKind::Source {
        return Some(amount);
    }
    let whole = i128::from(amount) * ours as i128 / line.tactics.len() as i128;
    Some(i64::try_from(whole).unwrap_or(i64::MAX))
}

/// What recurs for `tactics` in `year`, once the one-time money's `last` year is past, and
/// whether any of it is carried forward rather than entered. A recurring line goes on until the
/// ledger says otherwise: each series of lines (the same tactics, and the same play or none)
/// counts as entered in a year where it has a line, and otherwise at the amount of its latest
/// year from `last` on. Which other years the ledger holds (another tactic's play past the plan)
/// changes nothing. With `since_last`, only series that had a line in `last` count: the costs
/// the money paid for, not a card played onto the same tactic afterwards.
fn recurring_at(
    plan: &PlanContent,
    kind: LineKind,
    tactics: &[String],
    unit: Unit,
    last: &str,
    year: &str,
    since_last: bool,
) -> (i64, bool) {
    type Series = (Vec<String>, Option<String>);
    // Each series's latest year from `last` up to `year`, its amount then, and whether it
    // had a line in `last`.
    struct Seen {
        at: String,
        amount: i64,
        in_last: bool,
    }
    let mut series: BTreeMap<Series, Seen> = BTreeMap::new();
    for line in &plan.ledger {
        let Some(y) = line.fiscal_year.as_deref() else {
            continue;
        };
        if y < last || y > year {
            continue;
        }
        let Some(share) = recurring_share(line, kind, tactics, unit) else {
            continue;
        };
        let mut series_tactics = line.tactics.clone();
        series_tactics.sort();
        let seen = series
            .entry((series_tactics, line.play.clone()))
            .or_insert_with(|| Seen {
                at: y.to_string(),
                amount: 0,
                in_last: false,
            });
        seen.in_last |= y == last;
        if y > seen.at.as_str() {
            seen.at = y.to_string();
            seen.amount = 0;
        }
        if y == seen.at {
            seen.amount = seen.amount.saturating_add(share);
        }
    }
    let mut sum: i64 = 0;
    let mut carried = false;
    for seen in series.values().filter(|s| s.in_last || !since_last) {
        sum = sum.saturating_add(seen.amount);
        carried |= seen.at != year;
    }
    (sum, carried)
}

/// What recurs for `tactics` in `year` as entered, nothing carried.
fn recurring_entered(
    plan: &PlanContent,
    kind: LineKind,
    tactics: &[String],
    unit: Unit,
    year: &str,
) -> i64 {
    plan.ledger
        .iter()
        .filter(|l| l.fiscal_year.as_deref() == Some(year))
        .filter_map(|l| recurring_share(l, kind, tactics, unit))
        .fold(0, i64::saturating_add)
}

/// The plan's funding cliffs. One-time sources are taken together by unit, fund and the
/// tactics they pay for (a grant's two years are one grant). In the money's last year it
/// pays for the recurring costs of its tactics up to its amount; the year after, those costs
/// go on (as entered, or carried forward where a cost has no line that year), and what
/// recurring sources added for the same tactics does not cover is the cliff.
pub fn cliffs(plan: &PlanContent) -> Vec<Cliff> {
    type Key = (Unit, Option<FundSource>, Vec<String>);
    let mut groups: Vec<(Key, Vec<&LedgerLine>)> = Vec::new();
    for line in &plan.ledger {
        let (Some(LineKind::Source), true, Some(unit), Some(_), Some(_)) = (
            line.kind,
            line.one_time,
            line.unit,
            line.amount,
            line.fiscal_year.as_ref(),
        ) else {
            continue;
        };
        if line.tactics.is_empty() {
            continue;
        }
        let mut tactics = line.tactics.clone();
        tactics.sort();
        let key = (unit, line.fund_source, tactics);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, lines)) => lines.push(line),
            None => groups.push((key, vec![line])),
        }
    }
    let mut out = Vec::new();
    for ((unit, fund_source, tactics), lines) in groups {
        let mut by_year: BTreeMap<String, i64> = BTreeMap::new();
        for line in &lines {
            if let (Some(year), Some(amount)) = (&line.fiscal_year, line.amount) {
                let e = by_year.entry(year.clone()).or_default();
                *e = e.saturating_add(amount);
            }
        }
        let (Some((first, _)), Some((last, last_money))) =
            (by_year.first_key_value(), by_year.last_key_value())
        else {
            continue;
        };
        let (first, last, last_money) = (first.clone(), last.clone(), *last_money);
        let Some(cliff_year) = next_fiscal_year(&last) else {
            continue;
        };
        let cost_last = recurring_entered(plan, LineKind::Investment, &tactics, unit, &last);
        let sources_last = recurring_entered(plan, LineKind::Source, &tactics, unit, &last);
        let paid = last_money.min(cost_last);
        // Up to the money's last year, what is entered; after it, what goes on.
        let cost_at = |year: &str| {
            if year <= last.as_str() {
                (
                    recurring_entered(plan, LineKind::Investment, &tactics, unit, year),
                    false,
                )
            } else {
                recurring_at(
                    plan,
                    LineKind::Investment,
                    &tactics,
                    unit,
                    &last,
                    year,
                    true,
                )
            }
        };
        // Recurring sources for the same tactics beyond those of the money's last year.
        let new_sources = |year: &str| {
            recurring_at(plan, LineKind::Source, &tactics, unit, &last, year, false)
                .0
                .saturating_sub(sources_last)
                .max(0)
        };
        let uncovered_at = |year: &str| {
            paid.min(cost_at(year).0)
                .saturating_sub(new_sources(year))
                .max(0)
        };
        let uncovered = uncovered_at(&cliff_year);
        if uncovered <= 0 {
            continue;
        }
        let mut years = Vec::new();
        let mut year = first.clone();
        let end = next_fiscal_year(&cliff_year).unwrap_or_else(|| cliff_year.clone());
        while year <= end && years.len() < 20 {
            let after = year > last;
            let (recurring, carried) = cost_at(&year);
            years.push(CliffYear {
                fiscal_year: year.clone(),
                one_time: by_year.get(&year).copied().unwrap_or(0),
                recurring,
                uncovered: if after { uncovered_at(&year) } else { 0 },
                projected: carried,
            });
            match next_fiscal_year(&year) {
                Some(next) => year = next,
                None => break,
            }
        }
        out.push(Cliff {
            unit,
            fund_source,
            sources: lines.iter().map(|l| l.id.clone()).collect(),
            description: lines
                .last()
                .map(|l| l.description.trim().to_string())
                .unwrap_or_default(),
            tactics,
            last_year: last,
            year: cliff_year,
            uncovered,
            years,
        });
    }
    out
}
