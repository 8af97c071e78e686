//! Every part of a plan (`shared/design/plan-model.md`), typed. The document layout of each part
//! follows from its declaration; see `docs/plan-format.md`.

use crate::schema::plan_part;
use crate::section::SectionId;
use crate::template::Template;
use crate::vocab::*;

plan_part!(
    /// The plan record: whose plan it is, for which years, where it stands.
    single Record ("plan record") {
        /// The district's name.
        district: Text,
        /// The plan's title.
        title: Text,
        /// The planning period in people's words ("2026-27 to 2028-29").
        planning_period: Text,
        /// The facilitator guiding the team.
        facilitator: Text,
        /// Where the plan stands in review.
        status: Enum(ReviewStatus),
        /// The date the board (or other body) adopted the plan.
        adoption_date: Date,
        /// Who adopted it.
        adoption_body: Text,
        /// When the plan was started (RFC 3339, passed in by the caller).
        created_at: Str,
        /// The template the plan was started from, copied in whole so that the file carries its
        /// own section labels, prompts and rating scale.
        template: Json(Template),
    }
);

plan_part!(
    /// How the team works together.
    single Charter ("team charter") {
        /// The team's norms.
        norms: Text,
        /// How the team decides.
        decision_rule: Enum(DecisionRule),
        /// How often and when the team meets.
        meeting_cadence: Text,
    }
);

plan_part!(
    /// Guiding focus, aim and problem of practice.
    single Focus ("guiding focus") {
        /// The focus area (e.g. early literacy).
        focus_area: Text,
        /// The aim: what, how much, by when, for whom.
        aim: Text,
        /// The problem of practice: observable, actionable, in the instructional core.
        problem_of_practice: Text,
    }
);

plan_part!(
    /// The vision of student experience and achievement.
    single Vision ("vision") {
        /// What students experience and achieve when the redesign works.
        statement: Text,
        /// The graduate profile, if the district has one.
        graduate_profile: Text,
        /// The values the plan holds to.
        values: Text,
    }
);

plan_part!(
    /// How implementation is monitored and sustained.
    single Implementation ("implementation plan") {
        /// Who reports to whom, on what.
        accountability: Text,
        /// How progress is reviewed (e.g. quarterly, with a board reporting calendar).
        monitoring_cadence: Text,
        /// How role teams and coaching build capacity.
        capacity_building: Text,
        /// How the plan is communicated and the community engaged.
        communication: Text,
        /// How the work lasts after one-time funds end.
        sustainability: Text,
    }
);

plan_part!(
    /// A person on the redesign team.
    item Member ("team member", "m") {
        name: Text,
        role: Enum(TeamRole),
        /// Whom the person speaks for.
        constituency: Text,
        role_team: Enum(RoleTeam),
    }
);

plan_part!(
    /// Something that makes change possible now.
    item Catalyst ("catalyst", "ca") {
        kind: Enum(CatalystKind),
        description: Text,
        date: Date,
        source: Text,
    }
);

plan_part!(
    /// A commitment the district has already made in public (strategic plan, board goal).
    item Commitment ("commitment", "co") {
        statement: Text,
        source: Text,
        date: Date,
    }
);

plan_part!(
    /// A finding from data.
    item Evidence ("evidence finding", "ev") {
        statement: Text,
        /// Where the data comes from.
        source: Text,
        date: Date,
        metric: Text,
        value: Text,
        student_groups: Tags,
        trend: Enum(Trend),
        domain: Enum(EvidenceDomain),
        confidence: Enum(Confidence),
    }
);

plan_part!(
    /// What students said or showed about their experience.
    item StudentVoice ("student-experience finding", "sv") {
        instrument: Enum(Instrument),
        /// Who was heard.
        who_heard: Text,
        /// Key quotes, shared with consent.
        quotes: Text,
        patterns: Text,
        date: Date,
    }
);

plan_part!(
    /// A pattern the system produces for the students farthest from opportunity.
    item EquityPattern ("equity pattern", "eq") {
        pattern: Text,
        student_groups: Tags,
        /// Structures, policies and practices that hold the pattern in place.
        structures: Text,
        /// Mental models and assumptions underneath.
        mental_models: Text,
        level: Enum(IcebergLevel),
    }
);

plan_part!(
    /// A capacity indicator, rated first by each person alone, then by the team together.
    item CapacityIndicator ("capacity indicator", "ci") {
        /// The core function it belongs to (leadership and vision, instruction, talent…).
        function: Text,
        indicator: Text,
        /// Each person's own rating (member id → rating key of the plan's scale).
        ratings: Ratings,
        /// Whether individual ratings are shown to the team yet.
        revealed: Bool,
        /// The team's consensus rating (a rating key of the plan's scale).
        consensus: Str,
        /// The evidence for the rating.
        evidence: Text,
        disposition: Enum(Disposition),
        /// Why the indicator is not a priority (required for that disposition).
        not_a_priority_reason: Text,
        /// Evidence and sustainability note (required when fully in place).
        in_place_evidence: Text,
    }
);

plan_part!(
    /// A priority problem.
    item Problem ("priority problem", "pp") {
        statement: Text,
        magnitude: Text,
        student_groups: Tags,
        trend: Enum(Trend),
        evidence: Links(evidence),
    }
);

plan_part!(
    /// A cause the team found for a priority problem; causes form a tree.
    item RootCause ("root cause", "rc") {
        statement: Text,
        problem: Ref(problems),
        /// The cause this one explains (the tree; none for a top-level cause).
        parent: Ref(root_causes),
        category: Enum(CauseCategory),
        level: Enum(CauseLevel),
        within_control: Bool,
        verified: Bool,
        method: Enum(CauseMethod),
        evidence: Links(evidence),
    }
);

plan_part!(
    /// A board non-negotiable the plan must respect.
    item Guardrail ("guardrail", "gr") {
        statement: Text,
        source: Text,
    }
);

plan_part!(
    /// A goal measures can serve.
    item Goal ("goal", "go") {
        statement: Text,
        state: Enum(GoalState),
    }
);

plan_part!(
    /// One typed slot of a theory-of-action statement.
    item Slot ("slot", "sl") {
        text: Text,
    }
);

plan_part!(
    /// "If [central-office supports] and [school-level changes], then [practice change], so that
    /// [student outcome]."
    item Statement ("theory-of-action statement", "ta") {
        central_office_supports: Items(Slot),
        school_changes: Items(Slot),
        practice_change: Text,
        student_outcome: Text,
        assumptions: Text,
        /// Evidence and rationale.
        rationale: Text,
    }
);

plan_part!(
    /// One of the few big moves that enact the theory of action.
    item Strategy ("strategy", "st") {
        name: Text,
        description: Text,
        /// Theory-of-action statements it enacts.
        statements: Links(statements),
        /// Root causes it addresses.
        root_causes: Links(root_causes),
        student_groups: Tags,
        /// The executive owner.
        owner: Ref(members),
        /// Priority rank, 1 first.
        priority: Int,
        /// Evidence base (ESSA tier or research note).
        evidence_base: Text,
    }
);

plan_part!(
    /// A checkpoint on the way to a tactic's due date.
    item Milestone ("milestone", "mi") {
        description: Text,
        due: Date,
        done: Bool,
    }
);

plan_part!(
    /// A concrete action under a strategy.
    item Tactic ("tactic", "tc") {
        description: Text,
        strategy: Ref(strategies),
        /// The one accountable owner.
        owner: Ref(members),
        contributors: Links(members),
        /// Schools or sites affected.
        sites: Text,
        start: Date,
        due: Date,
        status: Enum(TacticStatus),
        milestones: Items(Milestone),
        /// Fidelity evidence ("by October, 90% of coaches trained").
        benchmark: Text,
        /// The tactic needs no new resources, so it needs no funded cost.
        no_cost: Bool,
    }
);

plan_part!(
    /// One line of the resource ledger: an investment, or a source that pays for investments.
    item LedgerLine ("ledger line", "lg") {
        kind: Enum(LineKind),
        /// For sources: stop, shrink, reallocate or new revenue (the stop-doing list).
        source_kind: Enum(SourceKind),
        description: Text,
        /// In the unit's smallest step: cents for USD, hundredths for FTE, whole hours/minutes.
        amount: Int,
        unit: Enum(Unit),
        fiscal_year: FiscalYear,
        fund_source: Enum(FundSource),
        category: Enum(ResourceCategory),
        status: Enum(LineStatus),
        /// Tactics this line pays for (investments) or frees resources for (sources).
        tactics: Links(tactics),
        stakeholder_impact: Text,
        /// One-time money (a funding cliff when it ends).
        one_time: Bool,
    }
);

plan_part!(
    /// A change in how the central office works, so that schools can implement.
    item ProcessShift ("process shift", "ps") {
        process: Enum(DistrictProcess),
        shift_type: Enum(ShiftType),
        current_state: Text,
        future_state: Text,
        /// The theory-of-action statement whose school-level change this enables…
        statement: Ref(statements),
        /// …and the id of that school-level change within it.
        school_change: Str,
        owner: Ref(members),
        timeline: Text,
    }
);

plan_part!(
    /// A dated target for a measure.
    item Target ("target", "tg") {
        date: Date,
        value: Num,
    }
);

plan_part!(
    /// A measure's figures for one student group.
    item GroupFigure ("student-group figure", "gf") {
        student_group: Str,
        baseline: Num,
        target: Num,
    }
);

plan_part!(
    /// An indicator the team watches.
    item Measure ("measure", "me") {
        name: Text,
        kind: Enum(MeasureKind),
        rba: Enum(RbaTag),
        /// The unit the values are in ("% of students", "days").
        unit: Text,
        direction: Enum(Direction),
        baseline: Num,
        baseline_date: Date,
        targets: Items(Target),
        breakdown: Items(GroupFigure),
        data_source: Text,
        cadence: Text,
        owner: Ref(members),
        strategies: Links(strategies),
        goals: Links(goals),
        /// The measure speaks to the vision itself.
        vision: Bool,
    }
);

plan_part!(
    /// A safe-to-fail probe.
    item Probe ("probe", "pr") {
        hypothesis: Text,
        /// What we try.
        intervention: Text,
        /// Where and with whom.
        where_who: Text,
        prediction: Text,
        /// What we will be able to observe.
        signal: Text,
        /// The bound that keeps failure safe.
        safe_to_fail: Text,
        amplify_criteria: Text,
        dampen_criteria: Text,
        start: Date,
        end: Date,
        result: Text,
        decision: Enum(ProbeDecision),
        strategy: Ref(strategies),
    }
);

plan_part!(
    /// A Plan-Do-Study-Act cycle.
    item PdsaCycle ("PDSA cycle", "pd") {
        number: Int,
        change_idea: Text,
        /// The strategy (primary driver) it tests.
        strategy: Ref(strategies),
        questions: Text,
        prediction: Text,
        /// Who, what, when, where.
        plan: Text,
        data_plan: Text,
        do_notes: Text,
        /// The data against the prediction.
        study: Text,
        act: Enum(PdsaDecision),
    }
);

plan_part!(
    /// A phase of implementation.
    item Phase ("implementation phase", "ph") {
        name: Text,
        stage: Enum(Stage),
        start: Date,
        end: Date,
        description: Text,
        tactics: Links(tactics),
    }
);

plan_part!(
    /// A reflection attached to a section (Notice / Reflect).
    item Reflection ("reflection", "rf") {
        section: Str,
        kind: Enum(ReflectionKind),
        text: Text,
        author: Ref(members),
        /// When it was written (RFC 3339, passed in).
        at: Str,
    }
);

/// A plan's whole content at one moment: what `show --json` prints and `new --from-json` reads.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanContent {
    /// The version of this JSON shape.
    pub format: u32,
    pub record: Record,
    pub charter: Charter,
    pub focus: Focus,
    pub vision: Vision,
    pub implementation: Implementation,
    pub members: Vec<Member>,
    pub catalysts: Vec<Catalyst>,
    pub commitments: Vec<Commitment>,
    pub evidence: Vec<Evidence>,
    pub student_voices: Vec<StudentVoice>,
    pub equity_patterns: Vec<EquityPattern>,
    pub capacity: Vec<CapacityIndicator>,
    pub problems: Vec<Problem>,
    pub root_causes: Vec<RootCause>,
    pub guardrails: Vec<Guardrail>,
    pub goals: Vec<Goal>,
    pub statements: Vec<Statement>,
    pub strategies: Vec<Strategy>,
    pub tactics: Vec<Tactic>,
    pub ledger: Vec<LedgerLine>,
    pub process_shifts: Vec<ProcessShift>,
    pub measures: Vec<Measure>,
    pub probes: Vec<Probe>,
    pub pdsa_cycles: Vec<PdsaCycle>,
    pub phases: Vec<Phase>,
    pub reflections: Vec<Reflection>,
}

/// The version of [`PlanContent`]'s JSON and of the document layout.
pub const FORMAT: u32 = 1;

/// A top-level part of the document: a singleton or a collection of items.
#[derive(Debug)]
pub struct RootPart {
    /// The root `Y.Map`'s name, and the key in [`PlanContent`]'s JSON.
    pub name: &'static str,
    /// The section it belongs to (the record belongs to none).
    pub section: Option<SectionId>,
    /// A collection of items, or a single part.
    pub collection: bool,
    pub schema: &'static crate::schema::ItemSchema,
}

macro_rules! roots {
    ($( $name:literal => $ty:ty, $section:expr, $collection:literal; )*) => {
        /// Every top-level part, in document order.
        pub const ROOTS: &[RootPart] = &[ $( RootPart {
            name: $name,
            section: $section,
            collection: $collection,
            schema: &<$ty as crate::schema::Part>::SCHEMA,
        } ),* ];
    };
}

roots! {
    "record" => Record, None, false;
    "charter" => Charter, Some(SectionId::Team), false;
    "focus" => Focus, Some(SectionId::Focus), false;
    "vision" => Vision, Some(SectionId::Vision), false;
    "implementation" => Implementation, Some(SectionId::Implementation), false;
    "members" => Member, Some(SectionId::Team), true;
    "catalysts" => Catalyst, Some(SectionId::Catalysts), true;
    "commitments" => Commitment, Some(SectionId::Catalysts), true;
    "evidence" => Evidence, Some(SectionId::Evidence), true;
    "student_voices" => StudentVoice, Some(SectionId::StudentExperience), true;
    "equity_patterns" => EquityPattern, Some(SectionId::EquityLandscape), true;
    "capacity" => CapacityIndicator, Some(SectionId::Capacity), true;
    "problems" => Problem, Some(SectionId::Problems), true;
    "root_causes" => RootCause, Some(SectionId::RootCauses), true;
    "guardrails" => Guardrail, Some(SectionId::Vision), true;
    "goals" => Goal, Some(SectionId::Measures), true;
    "statements" => Statement, Some(SectionId::TheoryOfAction), true;
    "strategies" => Strategy, Some(SectionId::Strategies), true;
    "tactics" => Tactic, Some(SectionId::Tactics), true;
    "ledger" => LedgerLine, Some(SectionId::Ledger), true;
    "process_shifts" => ProcessShift, Some(SectionId::ProcessShifts), true;
    "measures" => Measure, Some(SectionId::Measures), true;
    "probes" => Probe, Some(SectionId::LearningCycles), true;
    "pdsa_cycles" => PdsaCycle, Some(SectionId::LearningCycles), true;
    "phases" => Phase, Some(SectionId::Implementation), true;
    "reflections" => Reflection, None, true;
}

/// The top-level part with this name.
pub fn root(name: &str) -> Option<&'static RootPart> {
    ROOTS.iter().find(|r| r.name == name)
}
