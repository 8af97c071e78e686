//! The controlled vocabularies of a plan (`plan-document.md` §3): closed lists stored as their
//! snake_case key, shown with their label.

use serde::{Deserialize, Serialize};

/// Declares a vocabulary: an enum whose keys are what the document stores and whose labels are
/// what people read. One declaration keeps the two from drifting apart.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $key:literal : $label:literal),+ $(,)? }) => {
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
    ReviewStatus {
        Draft = "draft": "Draft",
        ReadyForReview = "ready_for_review": "Ready for review",
        NeedsWork = "needs_work": "Needs work",
        Approved = "approved": "Approved",
    }
);

vocabulary!(
    /// The roles people hold on a redesign team.
    TeamRole {
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
    RoleTeam {
        SeniorLeaders = "senior_leaders": "Senior district leaders",
        SchoolLeadership = "school_leadership": "School leadership teams",
        DistrictCapacity = "district_capacity": "District capacity team",
    }
);

vocabulary!(
    /// How the team decides.
    DecisionRule {
        Consensus = "consensus": "Consensus",
        Consent = "consent": "Consent",
        Vote = "vote": "Vote",
    }
);

vocabulary!(
    /// Kinds of catalyst for change (rapid-improvement vocabulary).
    CatalystKind {
        Trigger = "trigger": "Trigger / event",
        Incentive = "incentive": "Incentive",
        Opportunity = "opportunity": "Opportunity",
        CapacityThreshold = "capacity_threshold": "Capacity threshold",
    }
);

vocabulary!(
    /// Direction of a trend in data.
    Trend {
        Up = "up": "Up",
        Down = "down": "Down",
        Flat = "flat": "Flat",
    }
);

vocabulary!(
    /// What an evidence finding is about.
    EvidenceDomain {
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
    Confidence {
        Low = "low": "Low",
        Medium = "medium": "Medium",
        High = "high": "High",
    }
);

vocabulary!(
    /// How student experience was heard.
    Instrument {
        Survey = "survey": "Survey",
        FocusGroup = "focus_group": "Focus group",
        Shadowing = "shadowing": "Student shadowing",
        EmpathyInterview = "empathy_interview": "Empathy interview",
    }
);

vocabulary!(
    /// Levels of the iceberg model of system dynamics.
    IcebergLevel {
        Events = "events": "Events",
        Patterns = "patterns": "Patterns",
        Structures = "structures": "Structures",
        MentalModels = "mental_models": "Mental models",
    }
);

vocabulary!(
    /// What the team decided about a capacity indicator (Indistar-style).
    Disposition {
        Priority = "priority": "Priority – include in plan",
        NotAPriority = "not_a_priority": "Not a priority",
        FullyInPlace = "fully_in_place": "Fully in place",
    }
);

vocabulary!(
    /// Root-cause categories.
    CauseCategory {
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
    CauseLevel {
        Classroom = "classroom": "Classroom",
        School = "school": "School",
        CentralOffice = "central_office": "Central office",
        Community = "community": "Community",
    }
);

vocabulary!(
    /// How a root cause was found.
    CauseMethod {
        FiveWhys = "five_whys": "5 whys",
        Fishbone = "fishbone": "Fishbone",
        ProcessMap = "process_map": "Process map",
    }
);

vocabulary!(
    /// Goal state (MICIP).
    GoalState {
        Active = "active": "Active",
        Maintenance = "maintenance": "Maintenance",
        Archived = "archived": "Archived",
    }
);

vocabulary!(
    /// Tactic status.
    TacticStatus {
        NotStarted = "not_started": "Not started",
        OnTrack = "on_track": "On track",
        AtRisk = "at_risk": "At risk",
        OffTrack = "off_track": "Off track",
        Done = "done": "Done",
    }
);

vocabulary!(
    /// A ledger line is an investment or a source that pays for investments.
    LineKind {
        Investment = "investment": "Investment",
        Source = "source": "Source",
    }
);

vocabulary!(
    /// Where a source's resources come from: the stop-doing list.
    SourceKind {
        Stop = "stop": "Stop",
        Shrink = "shrink": "Shrink",
        Reallocate = "reallocate": "Reallocate",
        NewRevenue = "new_revenue": "New revenue",
    }
);

vocabulary!(
    /// Units of the ledger. Amounts are integers in each unit's smallest step (see [`Unit::scale`]).
    Unit {
        Usd = "usd": "USD",
        Fte = "fte": "FTE",
        TeacherHours = "teacher_hours": "Teacher-hours",
        StudentMinutes = "student_minutes": "Student-minutes",
    }
);

impl Unit {
    /// How many stored steps make one unit: dollars are kept in cents and FTE in hundredths,
    /// so that money and staffing never pass through floating point.
    pub fn scale(self) -> i64 {
        match self {
            Unit::Usd | Unit::Fte => 100,
            Unit::TeacherHours | Unit::StudentMinutes => 1,
        }
    }

    /// Formats a stored amount for people: `$1,250.00`, `2.50 FTE`, `1,200 teacher-hours`.
    pub fn format(self, amount: i64) -> String {
        let sign = if amount < 0 { "-" } else { "" };
        let abs = amount.unsigned_abs();
        let scale = self.scale().unsigned_abs();
        let whole = group_thousands(abs / scale);
        match self {
            Unit::Usd => format!("{sign}${whole}.{:02}", abs % scale),
            Unit::Fte => format!("{sign}{whole}.{:02} FTE", abs % scale),
            Unit::TeacherHours => format!("{sign}{whole} teacher-hours"),
            Unit::StudentMinutes => format!("{sign}{whole} student-minutes"),
        }
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
    FundSource {
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
    ResourceCategory {
        People = "people": "People",
        Time = "time": "Time",
        Money = "money": "Money",
    }
);

vocabulary!(
    /// How far a ledger line has got.
    LineStatus {
        Proposed = "proposed": "Proposed",
        Agreed = "agreed": "Agreed",
        Budgeted = "budgeted": "Budgeted",
    }
);

vocabulary!(
    /// Central-office processes that shift.
    DistrictProcess {
        Budgeting = "budgeting": "Budgeting",
        Staffing = "staffing": "Staffing and hiring",
        Scheduling = "scheduling": "Scheduling and calendar",
        PrincipalSupport = "principal_support": "Principal supervision and support",
        ProfessionalLearning = "professional_learning": "Professional learning",
        DataSystems = "data_systems": "Data systems",
        Procurement = "procurement": "Procurement",
        Enrolment = "enrolment": "Enrolment and portfolio",
    }
);

vocabulary!(
    /// The four kinds of process shift (resource-strategy vocabulary).
    ShiftType {
        Roles = "roles": "Roles",
        Mindsets = "mindsets": "Mindsets",
        DataTools = "data_tools": "Data & tools",
        Timelines = "timelines": "Timelines",
    }
);

vocabulary!(
    /// Kinds of measure.
    MeasureKind {
        Outcome = "outcome": "Outcome",
        Interim = "interim": "Interim",
        ImplementationBenchmark = "implementation_benchmark": "Implementation benchmark",
        Process = "process": "Process",
        Balancing = "balancing": "Balancing",
    }
);

vocabulary!(
    /// Results-based accountability tag.
    RbaTag {
        HowMuch = "how_much": "How much",
        HowWell = "how_well": "How well",
        BetterOff = "better_off": "Better off",
    }
);

vocabulary!(
    /// Which way a measure should move.
    Direction {
        Increase = "increase": "Increase",
        Decrease = "decrease": "Decrease",
        MaintainAbove = "maintain_above": "Maintain above",
        MaintainBelow = "maintain_below": "Maintain below",
    }
);

vocabulary!(
    /// What the team decided after a probe.
    ProbeDecision {
        Amplify = "amplify": "Amplify",
        Dampen = "dampen": "Dampen",
        Stop = "stop": "Stop",
    }
);

vocabulary!(
    /// What the team decided after a PDSA cycle.
    PdsaDecision {
        Adopt = "adopt": "Adopt",
        Adapt = "adapt": "Adapt",
        Abandon = "abandon": "Abandon",
    }
);

vocabulary!(
    /// Implementation stages.
    Stage {
        Exploration = "exploration": "Exploration",
        Installation = "installation": "Installation",
        InitialImplementation = "initial_implementation": "Initial implementation",
        FullImplementation = "full_implementation": "Full implementation",
    }
);

vocabulary!(
    /// Liberatory-design reflection prompts.
    ReflectionKind {
        Notice = "notice": "Notice",
        Reflect = "reflect": "Reflect",
    }
);

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

    #[test]
    fn keys_round_trip() {
        for s in TacticStatus::ALL {
            assert_eq!(TacticStatus::from_key(s.key()), Some(*s));
        }
        assert_eq!(TacticStatus::from_key("banana"), None);
    }
}
