//! The coherence report and the balance: pure functions of a plan's content. Nothing here is
//! stored; both are computed afresh whenever they are shown.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::parts::PlanContent;
use crate::section::SectionId;
use crate::vocab::{Disposition, LineKind, Unit};

/// Where to go to fix a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The section of the guided flow.
    pub section: SectionId,
    /// The part: `strategies/ID`, or a section-wide place such as `ledger`.
    pub path: String,
    /// The field to fill in, when there is one.
    pub field: Option<&'static str>,
}

/// One thing that keeps the plan from hanging together, in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code for the kind of finding (`strategy-without-statement`).
    pub code: &'static str,
    /// What is missing, for people.
    pub message: String,
    pub location: Location,
}

/// Investments against sources for one fiscal year and one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BalanceRow {
    pub fiscal_year: String,
    pub unit: Unit,
    /// Sum of investments, in the unit's smallest step.
    pub investments: i64,
    /// Sum of sources, in the unit's smallest step.
    pub sources: i64,
    /// Investments not covered by sources (negative: sources left over).
    pub gap: i64,
}

impl BalanceRow {
    /// Whether the sources cover the investments.
    pub fn balanced(&self) -> bool {
        self.gap <= 0
    }
}

/// The ledger's balance, per fiscal year and unit, in year order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub rows: Vec<BalanceRow>,
}

impl Balance {
    /// Whether every year and unit balances.
    pub fn balanced(&self) -> bool {
        self.rows.iter().all(BalanceRow::balanced)
    }
}

/// Sums the ledger per fiscal year and unit. Lines missing an amount, a unit, a year or a kind
/// cannot be placed and are left out (the coherence report names them).
pub fn balance(plan: &PlanContent) -> Balance {
    let mut sums: BTreeMap<(String, Unit), (i64, i64)> = BTreeMap::new();
    for line in &plan.ledger {
        let (Some(kind), Some(amount), Some(unit), Some(year)) =
            (line.kind, line.amount, line.unit, line.fiscal_year.as_ref())
        else {
            continue;
        };
        let entry = sums.entry((year.clone(), unit)).or_default();
        match kind {
            LineKind::Investment => entry.0 = entry.0.saturating_add(amount),
            LineKind::Source => entry.1 = entry.1.saturating_add(amount),
        }
    }
    Balance {
        rows: sums
            .into_iter()
            .map(|((fiscal_year, unit), (investments, sources))| BalanceRow {
                fiscal_year,
                unit,
                investments,
                sources,
                gap: investments.saturating_sub(sources),
            })
            .collect(),
    }
}

/// The first line of a text, cut to a readable length.
fn excerpt(text: &str) -> String {
    let t = text.trim();
    let first_line = t.lines().next().unwrap_or(t);
    let mut out: String = first_line.chars().take(60).collect();
    if first_line.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A short name for an item in a message: its own words, or "an untitled …".
fn name_of(text: &str, noun: &str) -> String {
    if text.trim().is_empty() {
        return format!("untitled {noun}");
    }
    format!("{noun} “{}”", excerpt(text))
}

struct Report {
    findings: Vec<Finding>,
}

impl Report {
    fn add(
        &mut self,
        code: &'static str,
        message: String,
        section: SectionId,
        path: String,
        field: Option<&'static str>,
    ) {
        self.findings.push(Finding {
            code,
            message,
            location: Location {
                section,
                path,
                field,
            },
        });
    }
}

/// The coherence report: every place the plan does not yet hang together, in the order of the
/// guided flow.
pub fn coherence(plan: &PlanContent) -> Vec<Finding> {
    let mut r = Report {
        findings: Vec::new(),
    };

    // An empty plan is not "all clear": it is told where to begin.
    if plan.members.is_empty() && plan.strategies.is_empty() && plan.problems.is_empty() {
        r.add(
            "plan-not-started",
            "Start with the team: name the leadership team's members, then the problems in the district's results the plan must answer.".to_string(),
            SectionId::Team,
            "members".to_string(),
            None,
        );
    }

    for ind in &plan.capacity {
        let who = name_of(&ind.indicator, "capacity indicator");
        let path = format!("capacity/{}", ind.id);
        match ind.disposition {
            Some(Disposition::NotAPriority) if ind.not_a_priority_reason.trim().is_empty() => r
                .add(
                    "indicator-not-a-priority-without-reason",
                    format!("The {who} is marked not a priority, but no reason is given."),
                    SectionId::Capacity,
                    path,
                    Some("not_a_priority_reason"),
                ),
            Some(Disposition::FullyInPlace) if ind.in_place_evidence.trim().is_empty() => r.add(
                "indicator-in-place-without-evidence",
                format!("The {who} is marked fully in place, but gives no evidence of it."),
                SectionId::Capacity,
                path,
                Some("in_place_evidence"),
            ),
            _ => {}
        }
    }

    if plan.problems.is_empty() && !plan.strategies.is_empty() {
        r.add(
            "no-priority-problem",
            "No problem in the district's results is named: the strategies answer nothing the plan states.".to_string(),
            SectionId::Problems,
            "problems".to_string(),
            None,
        );
    }

    // Once the theory of action is begun, each root cause should be answered by a statement.
    let answered = crate::fitness::answered_root_causes(plan);
    for cause in &plan.root_causes {
        // Fixed where a statement names the causes it answers: the first statement's list.
        let first_statement = plan.statements.first();
        if let Some(st) = first_statement.filter(|_| !answered.contains(cause.id.as_str())) {
            r.add(
                "root-cause-unanswered",
                format!(
                    "No theory-of-action statement answers the {}.",
                    name_of(&cause.statement, "root cause")
                ),
                SectionId::TheoryOfAction,
                format!("statements/{}", st.id),
                Some("root_causes"),
            );
        }
        if cause.evidence.is_empty() {
            r.add(
                "root-cause-without-evidence",
                format!(
                    "The {} is not tied to any evidence.",
                    name_of(&cause.statement, "root cause")
                ),
                SectionId::RootCauses,
                format!("root_causes/{}", cause.id),
                Some("evidence"),
            );
        }
    }

    for st in &plan.statements {
        let has_change = st.school_changes.iter().any(|s| !s.text.trim().is_empty());
        let has_support = st
            .central_office_supports
            .iter()
            .any(|s| !s.text.trim().is_empty());
        if has_change && !has_support {
            let first = st
                .school_changes
                .iter()
                .find(|s| !s.text.trim().is_empty())
                .map_or("", |s| s.text.as_str());
            r.add(
                "statement-without-central-office-support",
                format!(
                    "The theory-of-action statement with the school-level change “{}” names no central-office support that makes it possible.",
                    excerpt(first)
                ),
                SectionId::TheoryOfAction,
                format!("statements/{}", st.id),
                Some("central_office_supports"),
            );
        }
    }

    let measured: HashSet<&str> = plan
        .measures
        .iter()
        .flat_map(|m| m.strategies.iter().map(String::as_str))
        .collect();
    for s in &plan.strategies {
        let who = name_of(&s.name, "strategy");
        let path = format!("strategies/{}", s.id);
        if s.statements.is_empty() {
            r.add(
                "strategy-without-statement",
                format!("The {who} enacts no theory-of-action statement."),
                SectionId::Strategies,
                path.clone(),
                Some("statements"),
            );
        }
        if s.root_causes.is_empty() {
            r.add(
                "strategy-without-root-cause",
                format!("The {who} addresses no root cause."),
                SectionId::Strategies,
                path.clone(),
                Some("root_causes"),
            );
        }
        if s.student_groups.is_empty() {
            r.add(
                "strategy-without-student-group",
                format!("The {who} names no student group it serves."),
                SectionId::Strategies,
                path.clone(),
                Some("student_groups"),
            );
        }
        if !plan
            .tactics
            .iter()
            .any(|t| t.strategy.as_deref() == Some(s.id.as_str()))
        {
            r.add(
                "strategy-without-tactics",
                format!("The {who} has no tactics: name the actions that carry it out."),
                SectionId::Tactics,
                path.clone(),
                None,
            );
        }
        if !measured.contains(s.id.as_str()) {
            r.add(
                "strategy-without-measure",
                format!("No measure tracks the {who}."),
                SectionId::Measures,
                path,
                None,
            );
        }
    }

    let funded = crate::fitness::funded_tactics(plan);
    for t in &plan.tactics {
        let who = name_of(&t.description, "tactic");
        let path = format!("tactics/{}", t.id);
        if t.owner.is_none() && t.outside_owner.trim().is_empty() {
            r.add(
                "tactic-without-owner",
                format!("The {who} has no accountable owner."),
                SectionId::Tactics,
                path.clone(),
                Some("owner"),
            );
        }
        match (&t.start, &t.due) {
            (None, None) => r.add(
                "tactic-without-dates",
                format!("The {who} has no start or due date."),
                SectionId::Tactics,
                path.clone(),
                Some("start"),
            ),
            (None, Some(_)) => r.add(
                "tactic-without-dates",
                format!("The {who} has no start date."),
                SectionId::Tactics,
                path.clone(),
                Some("start"),
            ),
            (Some(_), None) => r.add(
                "tactic-without-dates",
                format!("The {who} has no due date."),
                SectionId::Tactics,
                path.clone(),
                Some("due"),
            ),
            (Some(s), Some(d)) if d < s => r.add(
                "tactic-due-before-start",
                format!("The {who} is due ({d}) before it starts ({s})."),
                SectionId::Tactics,
                path.clone(),
                Some("due"),
            ),
            _ => {}
        }
        if !t.no_cost && !funded.contains(t.id.as_str()) {
            r.add(
                "tactic-without-funded-cost",
                format!("The {who} has no funded cost: link an investment line to it, or mark it as needing no new resources."),
                SectionId::Ledger,
                path,
                None,
            );
        }
    }

    for line in &plan.ledger {
        let who = name_of(&line.description, "ledger line");
        let path = format!("ledger/{}", line.id);
        let missing: Vec<&str> = [
            (line.kind.is_none(), "investment or source"),
            (line.amount.is_none(), "amount"),
            (line.unit.is_none(), "unit"),
            (line.fiscal_year.is_none(), "fiscal year"),
        ]
        .into_iter()
        .filter_map(|(m, what)| m.then_some(what))
        .collect();
        if !missing.is_empty() {
            r.add(
                "ledger-line-incomplete",
                format!(
                    "The {who} cannot be counted in the balance: it has no {}.",
                    missing.join(", no ")
                ),
                SectionId::Ledger,
                path,
                None,
            );
        }
    }
    for row in balance(plan).rows.iter().filter(|row| !row.balanced()) {
        r.add(
            "ledger-unbalanced",
            format!(
                "In {} the investments ({}) exceed the sources ({}) by {}.",
                row.fiscal_year,
                row.unit.format(row.investments),
                row.unit.format(row.sources),
                row.unit.format(row.gap)
            ),
            SectionId::Ledger,
            "ledger".to_string(),
            None,
        );
    }

    for item in crate::tradeoffs::stop_doing(plan) {
        let Some(first) = item.lines.first() else {
            continue;
        };
        let who = name_of(&item.description, "source");
        let path = format!("ledger/{first}");
        if item.affected.is_empty() {
            r.add(
                "stop-without-affected",
                format!("The {who} stops or shifts something, but does not say who is affected, and how."),
                SectionId::Ledger,
                path.clone(),
                Some("stakeholder_impact"),
            );
        }
        if item.messenger.is_empty() {
            r.add(
                "stop-without-messenger",
                format!("The {who} stops or shifts something, but names no one to tell the people affected."),
                SectionId::Ledger,
                path,
                Some("messenger"),
            );
        }
    }
    for cliff in crate::tradeoffs::cliffs(plan) {
        let Some(last) = cliff.sources.last() else {
            continue;
        };
        let tactics: Vec<String> = cliff
            .tactics
            .iter()
            .filter_map(|id| plan.tactics.iter().find(|t| t.id == *id))
            .map(|t| format!("“{}”", excerpt(&t.description)))
            .collect();
        let what = if tactics.is_empty() {
            String::new()
        } else {
            format!(" of {}", tactics.join(", "))
        };
        r.add(
            "funding-cliff",
            format!(
                "Funding cliff in {}: the one-time {} ends after {}, leaving {} a year of recurring costs{what} uncovered.",
                cliff.year,
                name_of(&cliff.description, "source"),
                cliff.last_year,
                cliff.unit.format(cliff.uncovered),
            ),
            SectionId::Ledger,
            format!("ledger/{last}"),
            None,
        );
    }

    for m in &plan.measures {
        if m.baseline.is_none() {
            r.add(
                "measure-without-baseline",
                format!("The {} has no baseline.", name_of(&m.name, "measure")),
                SectionId::Measures,
                format!("measures/{}", m.id),
                Some("baseline"),
            );
        }
    }

    for p in &plan.probes {
        let who = name_of(&p.hypothesis, "probe");
        let path = format!("probes/{}", p.id);
        if p.signal.trim().is_empty() {
            r.add(
                "probe-without-signal",
                format!("The {who} names no signal the team could observe."),
                SectionId::LearningCycles,
                path.clone(),
                Some("signal"),
            );
        }
        if p.safe_to_fail.trim().is_empty() {
            r.add(
                "probe-without-safe-to-fail-bound",
                format!("The {who} has no safe-to-fail bound."),
                SectionId::LearningCycles,
                path,
                Some("safe_to_fail"),
            );
        }
    }

    // A probe is judged by what the team agreed beforehand would make it grow or shrink; without
    // both, the decision after it is made on impressions. Any template may hold probes, so this
    // holds for every plan, as the probe's signal and bound do.
    for p in &plan.probes {
        let amplify = p.amplify_criteria.trim().is_empty();
        let dampen = p.dampen_criteria.trim().is_empty();
        let (what, field) = match (amplify, dampen) {
            (true, true) => (
                "neither when to amplify it nor when to dampen it",
                "amplify_criteria",
            ),
            (true, false) => ("no criteria for amplifying it", "amplify_criteria"),
            (false, true) => (
                "no criteria for dampening or stopping it",
                "dampen_criteria",
            ),
            (false, false) => continue,
        };
        r.add(
            "probe-without-amplify-dampen-criteria",
            format!("The {} says {what}.", name_of(&p.hypothesis, "probe")),
            SectionId::LearningCycles,
            format!("probes/{}", p.id),
            Some(field),
        );
    }

    // The equity-redesign program's own rules. Other programs do not ask for students on the
    // team, for every problem to be grounded in what students say, or for every outcome to be
    // reported by group, so these hold only on plans started from the `nep` template (its id is
    // the first part of a combined template's `nep+add-on`).
    if program(plan) == Some("nep") {
        if !plan.members.is_empty()
            && !plan
                .members
                .iter()
                .any(|m| m.role == Some(crate::vocab::TeamRole::Student))
        {
            r.add(
                "team-without-student",
                "The cross-role team has no student on it: add a student as a full member, with the role Student.".to_string(),
                SectionId::Team,
                "members".to_string(),
                Some("role"),
            );
        }
        for problem in &plan.problems {
            let cites_students = problem.evidence.iter().any(|id| {
                plan.evidence.iter().any(|e| {
                    e.id == *id && e.domain == Some(crate::vocab::EvidenceDomain::StudentExperience)
                })
            });
            if !cites_students {
                r.add(
                    "problem-without-student-experience",
                    format!(
                        "The {} cites no student-experience evidence: link a finding about what students experience.",
                        name_of(&problem.statement, "priority problem")
                    ),
                    SectionId::Problems,
                    format!("problems/{}", problem.id),
                    Some("evidence"),
                );
            }
        }
        for m in &plan.measures {
            let outcome = m.kind == Some(crate::vocab::MeasureKind::Outcome);
            let by_group = m
                .breakdown
                .iter()
                .any(|g| !g.student_group.trim().is_empty());
            if outcome && !by_group {
                r.add(
                    "outcome-without-group-breakdown",
                    format!(
                        "The outcome {} cannot be broken down by student group: add the groups it reports separately.",
                        name_of(&m.name, "measure")
                    ),
                    SectionId::Measures,
                    format!("measures/{}", m.id),
                    Some("breakdown"),
                );
            }
        }
    }

    // The resource-strategy program's own rule: a school-level change happens only when some
    // district process (roles, mindsets, data and tools, timelines) shifts to make it possible.
    // Other programs write school changes without typed process shifts, so this holds only on
    // plans started from the `ers` template.
    if program(plan) == Some("ers") {
        for st in &plan.statements {
            for change in st
                .school_changes
                .iter()
                .filter(|c| !c.text.trim().is_empty())
            {
                let shifted = plan.process_shifts.iter().any(|ps| {
                    ps.statement.as_deref() == Some(st.id.as_str()) && ps.school_change == change.id
                });
                if !shifted {
                    r.add(
                        "school-change-without-process-shift",
                        format!(
                            "No district process shift (roles, mindsets, data and tools, timelines) makes the school-level change “{}” possible: add one that points at it.",
                            excerpt(&change.text)
                        ),
                        // Fixed by adding a shift in that section and pointing it at the change.
                        SectionId::ProcessShifts,
                        "process_shifts".to_string(),
                        None,
                    );
                }
            }
        }
    }

    // The instructional-rounds program's own rules: three role teams learn side by side, each
    // needs people and sessions to learn in, and the three-year blueprint names who answers for
    // each year's work. Other programs keep no role teams or blueprint years, so these hold only
    // on plans started from the `rounds` template, once the team has begun.
    if program(plan) == Some("rounds") && !plan.members.is_empty() {
        for &team in crate::vocab::RoleTeam::ALL {
            if !plan.members.iter().any(|m| m.role_team == Some(team)) {
                r.add(
                    "role-team-without-members",
                    format!(
                        "No one is on the role team “{}”: choose its members' role team.",
                        team.label()
                    ),
                    SectionId::Team,
                    "members".to_string(),
                    Some("role_team"),
                );
            }
            if !plan.role_sessions.iter().any(|s| s.role_team == Some(team)) {
                r.add(
                    "role-team-without-sessions",
                    format!(
                        "The role team “{}” has no learning sessions: add when it meets and what it learns.",
                        team.label()
                    ),
                    SectionId::Team,
                    "role_sessions".to_string(),
                    None,
                );
            }
        }
    }
    if program(plan) == Some("rounds") && !plan.phases.is_empty() {
        for year in 1..=3 {
            if !plan.phases.iter().any(|p| p.year == Some(year)) {
                r.add(
                    "blueprint-year-missing",
                    format!("The blueprint has nothing for year {year} of the three: add a phase for it."),
                    SectionId::Implementation,
                    "phases".to_string(),
                    None,
                );
            }
        }
        for phase in &plan.phases {
            let accountable = phase
                .accountabilities
                .iter()
                .any(|a| a.who.is_some() && !a.what.trim().is_empty());
            if !accountable {
                r.add(
                    "blueprint-year-without-accountable",
                    format!(
                        "No one is accountable for anything in the {}: name who answers for what, and by when.",
                        name_of(&phase.name, "blueprint phase")
                    ),
                    SectionId::Implementation,
                    format!("phases/{}", phase.id),
                    Some("accountabilities"),
                );
            }
        }
    }

    // The rapid-improvement program's own rules: improvement starts from catalysts of each kind
    // (an opportunity, an incentive, a threshold of capacity), every rating rests on evidence,
    // and what is fully implemented says how it will last. Other programs rate on scales whose
    // top is not "fully implemented" and name catalysts freely, so these hold only on plans
    // started from the `instll` template.
    if program(plan) == Some("instll") {
        use crate::vocab::CatalystKind;
        if !plan.catalysts.is_empty() {
            for kind in [
                CatalystKind::Opportunity,
                CatalystKind::Incentive,
                CatalystKind::CapacityThreshold,
            ] {
                if !plan.catalysts.iter().any(|c| c.kind == Some(kind)) {
                    r.add(
                        "catalyst-kind-missing",
                        format!(
                            "No catalyst of the kind “{}” is named: rapid improvement needs an opportunity, an incentive and a threshold of capacity to start.",
                            kind.label()
                        ),
                        SectionId::Catalysts,
                        "catalysts".to_string(),
                        Some("kind"),
                    );
                }
            }
        }
        let top = plan
            .record
            .template
            .as_ref()
            .and_then(|t| t.capacity_scale.as_ref())
            .and_then(|s| s.levels.last())
            .map(|l| l.value.as_str());
        for ind in &plan.capacity {
            let who = name_of(&ind.indicator, "capacity indicator");
            let path = format!("capacity/{}", ind.id);
            let rated =
                !ind.consensus.trim().is_empty() && ind.consensus != crate::template::DONT_KNOW;
            if rated && ind.evidence.trim().is_empty() {
                r.add(
                    "indicator-rated-without-evidence",
                    format!("The {who} is rated, but no evidence for the rating is given."),
                    SectionId::Capacity,
                    path.clone(),
                    Some("evidence"),
                );
            }
            let full = ind.disposition == Some(Disposition::FullyInPlace)
                || (rated && top == Some(ind.consensus.as_str()));
            if full && ind.sustained_by.trim().is_empty() {
                r.add(
                    "indicator-full-without-sustaining",
                    format!("The {who} is fully implemented, but does not say how it will be sustained."),
                    SectionId::Capacity,
                    path,
                    Some("sustained_by"),
                );
            }
        }
    }

    r.findings
}

/// The program a plan follows: its template's id, without an add-on mixed into it.
fn program(plan: &PlanContent) -> Option<&str> {
    let id = plan.record.template.as_ref()?.id.as_str();
    id.split('+').next()
}
