//! The controlled vocabularies of a plan (`plan-document.md` §3): closed lists stored as their
//! snake_case key, shown with their label.

use serde::{Deserialize, Serialize};

/// A closed list as data: what a plan field of this kind may hold and the words people read for
/// each key. Every vocabulary below has one, so code that only knows a field's schema (the
/// outline, compare, the UI) labels a choice the same way as code that knows its Rust type.
#[derive(Debug)]
pub struct Vocabulary {
    /// The vocabulary's name (`tactic_status`), as the UI's plan schema names it.
    pub name: &'static str,
    /// Every key, in the vocabulary's own order.
    pub keys: &'static [&'static str],
    /// The label of each key, in the same order.
    pub labels: &'static [&'static str],
}

impl Vocabulary {
    /// The words people read for a stored key; `None` for a key the vocabulary does not hold.
    pub fn label(&self, key: &str) -> Option<&'static str> {
        let at = self.keys.iter().position(|k| *k == key)?;
        self.labels.get(at).copied()
    }
}

/// Declares a vocabulary: an enum whose keys are what the document stores and whose labels are
/// what people read. One declaration keeps the two from drifting apart.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($vname:literal) { $($variant:ident = $key:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $key)] $variant),+
        }

        impl $name {
            /// Every key, in the vocabulary's own order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];
            /// Every value, in the vocabulary's own order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The vocabulary as data, for code that reaches it through a field's schema.
            pub const VOCABULARY: Vocabulary = Vocabulary {
                name: $vname,
                keys: Self::KEYS,
                labels: &[$($label),+],
            };

            /// The key stored in the document.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The words people read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a stored key.
            pub fn from_key(key: &str) -> Option<$name> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

vocabulary!(
    /// Review status of the plan or of a section.
    ReviewStatus ("review_status") {
        Draft = "draft": "Draft",
        ReadyForReview = "ready_for_review": "Ready for review",
        NeedsWork = "needs_work": "Needs work",
        Approved = "approved": "Approved",
    }
);

vocabulary!(
    /// The roles people hold on a redesign team.
    TeamRole ("team_role") {
        Superintendent = "superintendent": "Superintendent",
        Cabinet = "cabinet": "Deputy / cabinet",
        CentralOffice = "central_office": "Central-office director",
        Principal = "principal": "Principal",
        AssistantPrincipal = "assistant_principal": "Assistant principal",
        Teacher = "teacher": "Teacher",
        Coach = "coach": "Coach",
        Union = "union": "Union",
        Board = "board": "Board member",
        Family = "family": "Family",
        Community = "community": "Community partner",
        Student = "student": "Student",
        Facilitator = "facilitator": "Facilitator",
        Reviewer = "reviewer": "External coach / reviewer",
    }
);

vocabulary!(
    /// Instructional-rounds role teams.
    RoleTeam ("role_team") {
        SeniorLeaders = "senior_leaders": "Senior district leaders",
        SchoolLeadership = "school_leadership": "School leadership teams",
        DistrictCapacity = "district_capacity": "District capacity team",
    }
);

vocabulary!(
    /// How the team decides.
    DecisionRule ("decision_rule") {
        Consensus = "consensus": "Consensus",
        Consent = "consent": "Consent",
        Vote = "vote": "Vote",
    }
);

vocabulary!(
    /// Kinds of catalyst for change (rapid-improvement vocabulary).
    CatalystKind ("catalyst_kind") {
        Trigger = "trigger": "Trigger / event",
        Incentive = "incentive": "Incentive",
        Opportunity = "opportunity": "Opportunity",
        CapacityThreshold = "capacity_threshold": "Capacity threshold",
    }
);

vocabulary!(
    /// Direction of a trend in data.
    Trend ("trend") {
        Up = "up": "Up",
        Down = "down": "Down",
        Flat = "flat": "Flat",
    }
);

vocabulary!(
    /// What an evidence finding is about.
    EvidenceDomain ("evidence_domain") {
        Achievement = "achievement": "Achievement",
        Attendance = "attendance": "Attendance",
        StudentExperience = "student_experience": "Student experience",
        Climate = "climate": "Climate",
        Staffing = "staffing": "Staffing",
        Finance = "finance": "Finance",
        Operations = "operations": "Operations",
    }
);

vocabulary!(
    /// How sure the team is of a finding.
    Confidence ("confidence") {
        Low = "low": "Low",
        Medium = "medium": "Medium",
        High = "high": "High",
    }
);

vocabulary!(
    /// How student experience was heard.
    Instrument ("instrument") {
        Survey = "survey": "Survey",
        FocusGroup = "focus_group": "Focus group",
        Shadowing = "shadowing": "Student shadowing",
        EmpathyInterview = "empathy_interview": "Empathy interview",
    }
);

vocabulary!(
    /// Levels of the iceberg model of system dynamics.
    IcebergLevel ("iceberg_level") {
        Events = "events": "Events",
        Patterns = "patterns": "Patterns",
        Structures = "structures": "Structures",
        MentalModels = "mental_models": "Mental models",
    }
);

vocabulary!(
    /// What the team decided about a capacity indicator (Indistar-style).
    Disposition ("disposition") {
        Priority = "priority": "Priority – include in plan",
        NotAPriority = "not_a_priority": "Not a priority",
        FullyInPlace = "fully_in_place": "Fully in place",
    }
);

vocabulary!(
    /// Root-cause categories.
    CauseCategory ("cause_category") {
        Instruction = "instruction": "Instruction",
        Talent = "talent": "Talent",
        Time = "time": "Time",
        Resources = "resources": "Resources",
        Culture = "culture": "Culture",
        Structures = "structures": "Structures",
        Systems = "systems": "Systems",
    }
);

vocabulary!(
    /// Where a root cause sits.
    CauseLevel ("cause_level") {
        Classroom = "classroom": "Classroom",
        School = "school": "School",
        CentralOffice = "central_office": "Central office",
        Community = "community": "Community",
    }
);

vocabulary!(
    /// How a root cause was found.
    CauseMethod ("cause_method") {
        FiveWhys = "five_whys": "5 whys",
        Fishbone = "fishbone": "Fishbone",
        ProcessMap = "process_map": "Process map",
    }
);

vocabulary!(
    /// Goal state (MICIP).
    GoalState ("goal_state") {
        Active = "active": "Active",
        Maintenance = "maintenance": "Maintenance",
        Archived = "archived": "Archived",
    }
);

vocabulary!(
    /// Tactic status.
    TacticStatus ("tactic_status") {
        NotStarted = "not_started": "Not started",
        OnTrack = "on_track": "On track",
        AtRisk = "at_risk": "At risk",
        OffTrack = "off_track": "Off track",
        Done = "done": "Done",
    }
);

vocabulary!(
    /// A ledger line is an investment or a source that pays for investments.
    LineKind ("line_kind") {
        Investment = "investment": "Investment",
        Source = "source": "Source",
    }
);

vocabulary!(
    /// Where a source's resources come from: the stop-doing list.
    SourceKind ("source_kind") {
        Stop = "stop": "Stop",
        Shrink = "shrink": "Shrink",
        Reallocate = "reallocate": "Reallocate",
        NewRevenue = "new_revenue": "New revenue",
    }
);

vocabulary!(
    /// Units of the ledger. Amounts are integers in each unit's smallest step (see [`Unit::scale`]).
    Unit ("unit") {
        Usd = "usd": "USD",
        Fte = "fte": "FTE",
        TeacherHours = "teacher_hours": "Teacher-hours",
        StudentMinutes = "student_minutes": "Student-minutes",
    }
);

/// How a unit's amounts read: the unit's steps are `10^decimals` to the whole unit, and the
/// whole number (grouped in thousands) sits between the prefix and the suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitStyle {
    /// Digits after the point: 2 for cents and hundredths of an FTE, 0 for whole hours.
    pub decimals: u32,
    /// Written before the number (`$`).
    pub prefix: &'static str,
    /// Written after the number (` FTE`, ` teacher-hours`).
    pub suffix: &'static str,
}

impl Unit {
    /// How this unit's amounts are written; [`Unit::scale`] and [`Unit::format`] follow from it,
    /// and the UI receives it in the plan schema, so both read amounts alike.
    pub fn style(self) -> UnitStyle {
        let (decimals, prefix, suffix) = match self {
            Unit::Usd => (2, "$", ""),
            Unit::Fte => (2, "", " FTE"),
            Unit::TeacherHours => (0, "", " teacher-hours"),
            Unit::StudentMinutes => (0, "", " student-minutes"),
        };
        UnitStyle {
            decimals,
            prefix,
            suffix,
        }
    }

    /// How many stored steps make one unit: dollars are kept in cents and FTE in hundredths,
    /// so that money and staffing never pass through floating point.
    pub fn scale(self) -> i64 {
        10_i64.pow(self.style().decimals)
    }

    /// Formats a stored amount for people: `$1,250.00`, `2.50 FTE`, `1,200 teacher-hours`.
    pub fn format(self, amount: i64) -> String {
        let style = self.style();
        let sign = if amount < 0 { "-" } else { "" };
        let abs = amount.unsigned_abs();
        let scale = self.scale().unsigned_abs();
        let whole = group_thousands(abs / scale);
        let places = style.decimals as usize;
        let fraction = if places == 0 {
            String::new()
        } else {
            format!(".{:0places$}", abs % scale)
        };
        format!("{sign}{}{whole}{fraction}{}", style.prefix, style.suffix)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

vocabulary!(
    /// Where a ledger line's money comes from.
    FundSource ("fund_source") {
        GeneralFund = "general_fund": "General fund",
        TitleI = "title_i": "Title I",
        TitleII = "title_ii": "Title II",
        TitleIv = "title_iv": "Title IV",
        Idea = "idea": "IDEA",
        State = "state": "State",
        Grant = "grant": "Grant",
        Philanthropy = "philanthropy": "Philanthropy",
    }
);

vocabulary!(
    /// People, time or money.
    ResourceCategory ("resource_category") {
        People = "people": "People",
        Time = "time": "Time",
        Money = "money": "Money",
    }
);

vocabulary!(
    /// How far a ledger line has got.
    LineStatus ("line_status") {
        Proposed = "proposed": "Proposed",
        Agreed = "agreed": "Agreed",
        Budgeted = "budgeted": "Budgeted",
    }
);

vocabulary!(
    /// Central-office processes that shift.
    DistrictProcess ("district_process") {
        Budgeting = "budgeting": "Budgeting",
        Staffing = "staffing": "Staffing and hiring",
        Scheduling = "scheduling": "Scheduling and calendar",
        PrincipalSupport = "principal_support": "Principal supervision and support",
        ProfessionalLearning = "professional_learning": "Professional learning",
        DataSystems = "data_systems": "Data systems",
        Procurement = "procurement": "Procurement",
        Enrolment = "enrolment": "Enrollment and portfolio",
    }
);

vocabulary!(
    /// The four kinds of process shift (resource-strategy vocabulary).
    ShiftType ("shift_type") {
        Roles = "roles": "Roles",
        Mindsets = "mindsets": "Mindsets",
        DataTools = "data_tools": "Data & tools",
        Timelines = "timelines": "Timelines",
    }
);

vocabulary!(
    /// Kinds of measure.
    MeasureKind ("measure_kind") {
        Outcome = "outcome": "Outcome",
        Interim = "interim": "Interim",
        ImplementationBenchmark = "implementation_benchmark": "Implementation benchmark",
        Process = "process": "Process",
        Balancing = "balancing": "Balancing",
    }
);

vocabulary!(
    /// Results-based accountability tag.
    RbaTag ("rba_tag") {
        HowMuch = "how_much": "How much",
        HowWell = "how_well": "How well",
        BetterOff = "better_off": "Better off",
    }
);

vocabulary!(
    /// Which way a measure should move.
    Direction ("direction") {
        Increase = "increase": "Increase",
        Decrease = "decrease": "Decrease",
        MaintainAbove = "maintain_above": "Maintain above",
        MaintainBelow = "maintain_below": "Maintain below",
    }
);

vocabulary!(
    /// What the team decided after a probe.
    ProbeDecision ("probe_decision") {
        Amplify = "amplify": "Amplify",
        Dampen = "dampen": "Dampen",
        Stop = "stop": "Stop",
    }
);

vocabulary!(
    /// What the team decided after a PDSA cycle.
    PdsaDecision ("pdsa_decision") {
        Adopt = "adopt": "Adopt",
        Adapt = "adapt": "Adapt",
        Abandon = "abandon": "Abandon",
    }
);

vocabulary!(
    /// Implementation stages.
    Stage ("stage") {
        Exploration = "exploration": "Exploration",
        Installation = "installation": "Installation",
        InitialImplementation = "initial_implementation": "Initial implementation",
        FullImplementation = "full_implementation": "Full implementation",
    }
);

vocabulary!(
    /// Liberatory-design reflection prompts.
    ReflectionKind ("reflection_kind") {
        Notice = "notice": "Notice",
        Reflect = "reflect": "Reflect",
    }
);

vocabulary!(
    /// What the room does in an agenda block that is not the work of one section.
    RetreatActivity ("retreat_activity") {
        Welcome = "welcome": "Welcome and norms",
        Discussion = "discussion": "Whole-room discussion",
        DotVote = "dot_vote": "Dot voting",
        ParkingLot = "parking_lot": "Parking lot",
        Breakouts = "breakouts": "Breakout tables",
        PrivateRatings = "private_ratings": "Private ratings",
        Reflection = "reflection": "Reflection",
        Break = "break": "Break",
        Meal = "meal": "Meal",
        Closing = "closing": "Closing",
    }
);

/// Every vocabulary, in the order the UI's plan schema lists them.
pub const VOCABULARIES: &[&Vocabulary] = &[
    &ReviewStatus::VOCABULARY,
    &TeamRole::VOCABULARY,
    &RoleTeam::VOCABULARY,
    &DecisionRule::VOCABULARY,
    &CatalystKind::VOCABULARY,
    &Trend::VOCABULARY,
    &EvidenceDomain::VOCABULARY,
    &Confidence::VOCABULARY,
    &Instrument::VOCABULARY,
    &IcebergLevel::VOCABULARY,
    &Disposition::VOCABULARY,
    &CauseCategory::VOCABULARY,
    &CauseLevel::VOCABULARY,
    &CauseMethod::VOCABULARY,
    &GoalState::VOCABULARY,
    &TacticStatus::VOCABULARY,
    &LineKind::VOCABULARY,
    &SourceKind::VOCABULARY,
    &Unit::VOCABULARY,
    &FundSource::VOCABULARY,
    &ResourceCategory::VOCABULARY,
    &LineStatus::VOCABULARY,
    &DistrictProcess::VOCABULARY,
    &ShiftType::VOCABULARY,
    &MeasureKind::VOCABULARY,
    &RbaTag::VOCABULARY,
    &Direction::VOCABULARY,
    &ProbeDecision::VOCABULARY,
    &PdsaDecision::VOCABULARY,
    &Stage::VOCABULARY,
    &ReflectionKind::VOCABULARY,
    &RetreatActivity::VOCABULARY,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_format_for_people() {
        assert_eq!(Unit::Usd.format(12_500_000), "$125,000.00");
        assert_eq!(Unit::Usd.format(-5), "-$0.05");
        assert_eq!(Unit::Fte.format(250), "2.50 FTE");
        assert_eq!(Unit::TeacherHours.format(1200), "1,200 teacher-hours");
    }

    /// The UI receives [`VOCABULARIES`]: every vocabulary a field uses must be in it, once.
    #[test]
    fn every_field_vocabulary_is_listed_once() {
        use crate::schema::{FieldKind, ItemSchema};
        fn check(schema: &ItemSchema) {
            for f in schema.fields {
                match f.kind {
                    FieldKind::Enum(v) => assert!(
                        VOCABULARIES
                            .iter()
                            .any(|l| std::ptr::eq(l.keys, v.keys) && l.name == v.name),
                        "{}.{} uses {}, which VOCABULARIES leaves out",
                        schema.noun,
                        f.name,
                        v.name
                    ),
                    FieldKind::Items(sub) => check(sub),
                    _ => {}
                }
            }
        }
        for root in crate::parts::ROOTS {
            check(root.schema);
        }
        let mut names: Vec<&str> = VOCABULARIES.iter().map(|v| v.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            VOCABULARIES.len(),
            "a vocabulary name is used twice"
        );
    }

    #[test]
    fn keys_round_trip() {
        for s in TacticStatus::ALL {
            assert_eq!(TacticStatus::from_key(s.key()), Some(*s));
        }
        assert_eq!(TacticStatus::from_key("banana"), None);
    }
}
