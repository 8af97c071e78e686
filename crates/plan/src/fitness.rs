//! Plan fitness: how big the plan is and how well it hangs together (strategies and tactics,
//! the share of tactics paid for, measures per strategy, root causes answered), with plain
//! guidance worded as guidance, never as a rule or a finding. A pure function of the content.

use std::collections::HashSet;

use serde::Serialize;

use crate::parts::PlanContent;
use crate::vocab::LineKind;

/// More strategies than this and a plan usually stalls: ERS's and Harvard PELP's work with
/// districts finds that the ones that get done carry three to five big moves at once.
pub const MOST_STRATEGIES: usize = 5;

/// More tactics than this and a plan is usually more than a leadership team can carry: each
/// needs an accountable owner, and a cabinet of eight to twelve owns about three at a time.
pub const MOST_TACTICS: usize = 36;

/// Below this share of tactics paid for (a funded cost, or needing no new resources), the
/// plan promises more than its budget holds: the rest usually waits for money that never
/// comes. In percent.
pub const FEWEST_PAID_PERCENT: usize = 80;

/// More measures than this per strategy and the team stops reading them: a quarterly review
/// has room for two or three per strategy. In tenths (4.0).
pub const MOST_MEASURES_PER_STRATEGY_TENTHS: usize = 40;

/// The key `show --json` prints the fitness under, beside the plan's content.
pub const SHOWN_AS: &str = "fitness";

/// The tactics linked to an investment line with an amount above zero: those with a funded
/// cost. One rule for fitness and the coherence report.
pub fn funded_tactics(plan: &PlanContent) -> HashSet<&str> {
    plan.ledger
        .iter()
        .filter(|l| l.kind == Some(LineKind::Investment) && l.amount.is_some_and(|a| a > 0))
        .flat_map(|l| l.tactics.iter().map(String::as_str))
        .collect()
}

/// The root causes a theory-of-action statement answers. One rule for fitness and the
/// coherence report.
pub fn answered_root_causes(plan: &PlanContent) -> HashSet<&str> {
    plan.statements
        .iter()
        .flat_map(|st| st.root_causes.iter().map(String::as_str))
        .collect()
}

/// One figure of the panel, with its words, so every front end says it alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// A stable key (`strategies`, `tactics`, `tactics_paid_for`, `measures_per_strategy`,
    /// `root_causes_answered`).
    pub key: &'static str,
    pub label: &'static str,
    /// The figure in words ("18 of 20 (90%)").
    pub text: String,
}

/// One piece of guidance: a key for tests and styling, and the words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Guidance {
    pub key: &'static str,
    pub text: String,
}

/// The plan's fitness: its counts and the guidance they suggest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fitness {
    pub strategies: usize,
    pub tactics: usize,
    /// Tactics with a funded cost.
    pub tactics_funded: usize,
    /// Tactics without one that need no new resources.
    pub tactics_no_cost: usize,
    /// Links from measures to the plan's strategies (a measure tracking two counts twice).
    pub measure_links: usize,
    /// Strategies no measure tracks.
    pub strategies_unmeasured: usize,
    pub root_causes: usize,
    pub root_causes_answered: usize,
    pub figures: Vec<Figure>,
    /// Empty when the plan gives nothing to suggest.
    pub guidance: Vec<Guidance>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `part` of `whole` in whole percent, rounded down, so 79.9% never reads as 80%.
fn percent(part: usize, whole: usize) -> usize {
    part.saturating_mul(100).checked_div(whole).unwrap_or(0)
}

/// `part / whole` in tenths, rounded to the nearest.
fn tenths(part: usize, whole: usize) -> usize {
    part.saturating_mul(20)
        .checked_div(whole)
        .map_or(0, |twice| twice.div_ceil(2))
}

fn tenths_text(t: usize) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// The plan's fitness.
pub fn fitness(plan: &PlanContent) -> Fitness {
    let strategies = plan.strategies.len();
    let tactics = plan.tactics.len();
    let funded = funded_tactics(plan);
    let tactics_funded = plan
        .tactics
        .iter()
        .filter(|t| funded.contains(t.id.as_str()))
        .count();
    let tactics_no_cost = plan
        .tactics
        .iter()
        .filter(|t| t.no_cost && !funded.contains(t.id.as_str()))
        .count();
    let paid = tactics_funded + tactics_no_cost;
    let ids: HashSet<&str> = plan.strategies.iter().map(|s| s.id.as_str()).collect();
    let measure_links = plan
        .measures
        .iter()
        .flat_map(|m| m.strategies.iter())
        .filter(|s| ids.contains(s.as_str()))
        .count();
    let measured: HashSet<&str> = plan
        .measures
        .iter()
        .flat_map(|m| m.strategies.iter().map(String::as_str))
        .collect();
    let strategies_unmeasured = plan
        .strategies
        .iter()
        .filter(|s| !measured.contains(s.id.as_str()))
        .count();
    let answered = answered_root_causes(plan);
    let root_causes = plan.root_causes.len();
    let root_causes_answered = plan
        .root_causes
        .iter()
        .filter(|c| answered.contains(c.id.as_str()))
        .count();
    let per_strategy = tenths(measure_links, strategies);

    let of = |part: usize, whole: usize| {
        if whole == 0 {
            "none yet".to_string()
        } else {
            format!("{part} of {whole} ({}%)", percent(part, whole))
        }
    };
    let figures = vec![
        Figure {
            key: "strategies",
            label: "Strategies",
            text: strategies.to_string(),
        },
        Figure {
            key: "tactics",
            label: "Tactics",
            text: tactics.to_string(),
        },
        Figure {
            key: "tactics_paid_for",
            label: "Tactics paid for",
            text: of(paid, tactics),
        },
        Figure {
            key: "measures_per_strategy",
            label: "Measures per strategy",
            text: if strategies == 0 {
                "none yet".to_string()
            } else {
                tenths_text(per_strategy)
            },
        },
        Figure {
            key: "root_causes_answered",
            label: "Root causes answered",
            text: of(root_causes_answered, root_causes),
        },
    ];

    let mut guidance = Vec::new();
    if strategies > MOST_STRATEGIES || tactics > MOST_TACTICS {
        guidance.push(Guidance {
            key: "size",
            text: format!(
                "{} and {}: plans that get done are usually smaller, three to five strategies a team can carry at once.",
                plural(strategies, "strategy", "strategies"),
                plural(tactics, "tactic", "tactics"),
            ),
        });
    }
    if tactics > 0 && percent(paid, tactics) < FEWEST_PAID_PERCENT {
        guidance.push(Guidance {
            key: "paid_for",
            text: format!(
                "{} of {} {} paid for: tactics without money or time set aside tend to wait, so the room may choose which to fund or let go.",
                paid,
                plural(tactics, "tactic", "tactics"),
                if paid == 1 { "is" } else { "are" },
            ),
        });
    }
    if strategies_unmeasured > 0 {
        guidance.push(Guidance {
            key: "unmeasured",
            text: format!(
                "{} of {} {} no measure yet: a strategy nobody watches is hard to steer.",
                strategies_unmeasured,
                plural(strategies, "strategy", "strategies"),
                if strategies_unmeasured == 1 {
                    "has"
                } else {
                    "have"
                },
            ),
        });
    }
    if strategies > 0 && per_strategy > MOST_MEASURES_PER_STRATEGY_TENTHS {
        guidance.push(Guidance {
            key: "many_measures",
            text: format!(
                "{} measures per strategy: a few the team reviews each quarter usually tell more than many.",
                tenths_text(per_strategy),
            ),
        });
    }
    let unanswered = root_causes - root_causes_answered;
    if unanswered > 0 && !plan.statements.is_empty() {
        guidance.push(Guidance {
            key: "unanswered",
            text: format!(
                "{} of {} {} not answered by the theory of action yet: strategies that answer no cause tend to drift.",
                unanswered,
                plural(root_causes, "root cause", "root causes"),
                if unanswered == 1 { "is" } else { "are" },
            ),
        });
    }

    Fitness {
        strategies,
        tactics,
        tactics_funded,
        tactics_no_cost,
        measure_links,
        strategies_unmeasured,
        root_causes,
        root_causes_answered,
        figures,
        guidance,
    }
}

#[cfg(test)]
#[path = "fitness_tests.rs"]
mod tests;
