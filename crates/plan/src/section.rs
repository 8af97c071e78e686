//! The sections of a plan: the canonical superset that templates select, rename and reorder.

use serde::{Deserialize, Serialize};

/// One section of the guided flow. The order of the variants is the canonical order
/// (`shared/design/plan-document.md` §1); a template picks a subset and may reorder it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionId {
    /// The redesign team and its charter (members, roles, norms, decision rule).
    Team,
    /// The case for change: catalysts and the commitments already made in public.
    Catalysts,
    /// Evidence findings from data.
    Evidence,
    /// What students say and experience (surveys, focus groups, empathy interviews).
    StudentExperience,
    /// The equity landscape and the system dynamics that hold its patterns in place.
    EquityLandscape,
    /// The capacity self-assessment: indicators, private ratings, consensus.
    Capacity,
    /// Priority problems (problems of practice, priority performance challenges).
    Problems,
    /// The root-cause tree, each cause tied to evidence.
    RootCauses,
    /// Guiding focus, aim and problem of practice.
    Focus,
    /// Vision of student experience, guardrails and public commitments.
    Vision,
    /// Theory-of-action statements with typed slots.
    TheoryOfAction,
    /// Strategies that enact the theory of action.
    Strategies,
    /// Tactics under strategies.
    Tactics,
    /// The resource ledger: investments and sources, the balance.
    Ledger,
    /// District process shifts.
    ProcessShifts,
    /// Measures with baselines and targets.
    Measures,
    /// Safe-to-fail probes and PDSA cycles.
    LearningCycles,
    /// Implementation phases, monitoring cadence and sustainability.
    Implementation,
}

impl SectionId {
    /// Every section, in canonical order.
    pub const ALL: [SectionId; 18] = [
        SectionId::Team,
        SectionId::Catalysts,
        SectionId::Evidence,
        SectionId::StudentExperience,
        SectionId::EquityLandscape,
        SectionId::Capacity,
        SectionId::Problems,
        SectionId::RootCauses,
        SectionId::Focus,
        SectionId::Vision,
        SectionId::TheoryOfAction,
        SectionId::Strategies,
        SectionId::Tactics,
        SectionId::Ledger,
        SectionId::ProcessShifts,
        SectionId::Measures,
        SectionId::LearningCycles,
        SectionId::Implementation,
    ];

    /// The id as written in template files and in the document (`theory_of_action`).
    pub fn as_str(self) -> &'static str {
        match self {
            SectionId::Team => "team",
            SectionId::Catalysts => "catalysts",
            SectionId::Evidence => "evidence",
            SectionId::StudentExperience => "student_experience",
            SectionId::EquityLandscape => "equity_landscape",
            SectionId::Capacity => "capacity",
            SectionId::Problems => "problems",
            SectionId::RootCauses => "root_causes",
            SectionId::Focus => "focus",
            SectionId::Vision => "vision",
            SectionId::TheoryOfAction => "theory_of_action",
            SectionId::Strategies => "strategies",
            SectionId::Tactics => "tactics",
            SectionId::Ledger => "ledger",
            SectionId::ProcessShifts => "process_shifts",
            SectionId::Measures => "measures",
            SectionId::LearningCycles => "learning_cycles",
            SectionId::Implementation => "implementation",
        }
    }

    /// Parses the id written in files (`"root_causes"`).
    pub fn parse(s: &str) -> Option<SectionId> {
        SectionId::ALL.into_iter().find(|id| id.as_str() == s)
    }

    /// The neutral label used when a template gives none.
    pub fn default_label(self) -> &'static str {
        match self {
            SectionId::Team => "Redesign team",
            SectionId::Catalysts => "Case for change",
            SectionId::Evidence => "Evidence",
            SectionId::StudentExperience => "Student experience",
            SectionId::EquityLandscape => "Equity landscape",
            SectionId::Capacity => "Capacity self-assessment",
            SectionId::Problems => "Priority problems",
            SectionId::RootCauses => "Root causes",
            SectionId::Focus => "Guiding focus",
            SectionId::Vision => "Vision",
            SectionId::TheoryOfAction => "Theory of action",
            SectionId::Strategies => "Strategies",
            SectionId::Tactics => "Tactics",
            SectionId::Ledger => "Resource trade-offs",
            SectionId::ProcessShifts => "District process shifts",
            SectionId::Measures => "Measures",
            SectionId::LearningCycles => "Learning cycles",
            SectionId::Implementation => "Implementation",
        }
    }
}
