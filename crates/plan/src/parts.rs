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
        #[label = "Planning period"]
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
        #[label = "How the team decides"]
        decision_rule: Enum(DecisionRule),
        /// How often and when the team meets.
        #[label = "When and how often the team meets"]
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
        #[label = "Accountability: who reports to whom, on what"]
        accountability: Text,
        /// How progress is reviewed (e.g. quarterly, with a board reporting calendar).
        #[label = "Monitoring cadence"]
        monitoring_cadence: Text,
        /// How role teams and coaching build capacity.
        #[label = "Capacity building"]
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
        /// The person's name as the team knows them.
        name: Text,
        /// Their role on the team.
        role: Enum(TeamRole),
        /// Whom the person speaks for.
        #[label = "Speaks for"]
        constituency: Text,
        /// The instructional-rounds role team they learn in, if any.
        #[label = "Role team"]
        role_team: Enum(RoleTeam),
    }
);

plan_part!(
    /// Something that makes change possible now.
    item Catalyst ("catalyst", "ca") {
        /// What kind of catalyst it is.
        #[label = "Kind of catalyst"]
        kind: Enum(CatalystKind),
        /// What happened or is possible, and why it matters now.
        description: Text,
        /// When it happened or was announced.
        date: Date,
        /// Where the team learned of it.
        source: Text,
    }
);

plan_part!(
    /// A commitment the district has already made in public (strategic plan, board goal).
    item Commitment ("commitment", "co") {
        /// The commitment, in the words it was made.
        statement: Text,
        /// The document or decision that made it (plan, policy, resolution).
        source: Text,
        /// When it was made.
        date: Date,
    }
);

plan_part!(
    /// A finding from data.
    item Evidence ("evidence finding", "ev") {
        /// The finding, in one or two sentences.
        statement: Text,
        /// Where the data comes from.
        source: Text,
        /// When the data was collected or published.
        date: Date,
        /// What was measured.
        metric: Text,
        /// The value, in people's words ("34% in 2025 (41% in 2019)").
        value: Text,
        /// The student groups it concerns.
        student_groups: Tags,
        /// Which way it has been moving.
        trend: Enum(Trend),
        /// What the finding is about.
        domain: Enum(EvidenceDomain),
        /// How sure the team is of it.
        confidence: Enum(Confidence),
    }
);

plan_part!(
    /// What students said or showed about their experience.
    item StudentVoice ("student-experience finding", "sv") {
        /// How students were heard.
        instrument: Enum(Instrument),
        /// Who was heard.
        #[label = "Who was heard"]
        who_heard: Text,
        /// Key quotes, shared with consent.
        #[label = "Key quotes (shared with consent)"]
        quotes: Text,
        /// What the team saw across what it heard.
        patterns: Text,
        /// When students were heard.
        date: Date,
    }
);

plan_part!(
    /// A pattern the system produces for the students farthest from opportunity.
    item EquityPattern ("equity pattern", "eq") {
        /// The pattern, as a statement.
        pattern: Text,
        /// The students farthest from opportunity in this pattern.
        student_groups: Tags,
        /// Structures, policies and practices that hold the pattern in place.
        #[label = "Structures, policies and practices that hold it in place"]
        structures: Text,
        /// Mental models and assumptions underneath.
        #[label = "Mental models and assumptions underneath"]
        mental_models: Text,
        /// The iceberg level the pattern is described at.
        #[label = "Iceberg level"]
        level: Enum(IcebergLevel),
    }
);

plan_part!(
    /// A capacity indicator, rated first by each person alone, then by the team together.
    item CapacityIndicator ("capacity indicator", "ci", title = indicator) {
        /// The core function it belongs to (leadership and vision, instruction, talent…).
        #[label = "Core function"]
        function: Text,
        /// The indicator statement the team rates.
        indicator: Text,
        /// Each person's own rating (member id → rating key of the plan's scale).
        ratings: Ratings,
        /// Whether individual ratings are shown to the team yet.
        revealed: Bool,
        /// The rating round's public key (base64 X25519), put here by the facilitator's laptop
        /// when it opens the round: each person's rating is sealed to it.
        #[label = "Rating round key"]
        rating_key: Str,
        /// Each person's sealed rating (member id → base64 sealed box), unreadable until the
        /// round's private key is published.
        #[label = "Sealed ratings"]
        sealed_ratings: Ratings,
        /// The round's private key (base64), published by the facilitator at the reveal.
        #[label = "Reveal key"]
        reveal_key: Str,
        /// The team's consensus rating (a rating key of the plan's scale).
        #[label = "Team's consensus rating"]
        consensus: Str,
        /// The evidence for the rating.
        #[label = "Evidence for the rating"]
        evidence: Text,
        /// What the team decided to do about the indicator.
        #[label = "Decision"]
        disposition: Enum(Disposition),
        /// Why the indicator is not a priority (required for that disposition).
        #[label = "Why it is not a priority"]
        not_a_priority_reason: Text,
        /// Evidence that it is in place (required when fully in place).
        #[label = "Evidence that it is in place"]
        in_place_evidence: Text,
        /// How it is kept in place once the improvement effort moves on (the rapid-improvement
        /// program asks it of every indicator fully implemented).
        #[label = "How it is sustained"]
        sustained_by: Text,
    }
);

plan_part!(
    /// A priority problem.
    item Problem ("priority problem", "pp") {
        /// The problem, as a statement.
        statement: Text,
        /// How large it is, in numbers.
        magnitude: Text,
        /// The student groups it affects.
        student_groups: Tags,
        /// Whether it is getting better or worse.
        trend: Enum(Trend),
        /// The evidence findings that show it.
        evidence: Links(evidence),
    }
);

plan_part!(
    /// A cause the team found for a priority problem; causes form a tree.
    item RootCause ("root cause", "rc") {
        /// The cause, as a statement.
        statement: Text,
        /// The priority problem it explains.
        #[label = "Priority problem"]
        problem: Ref(problems),
        /// The cause this one explains (the tree; none for a top-level cause).
        #[label = "Explains"]
        parent: Ref(root_causes),
        /// What kind of cause it is.
        category: Enum(CauseCategory),
        /// Where in the system it sits.
        level: Enum(CauseLevel),
        /// Whether the district can act on it.
        #[label = "Within the district's control"]
        within_control: Bool,
        /// Whether the team has confirmed it with evidence.
        #[label = "Verified with evidence"]
        verified: Bool,
        /// How the team found it.
        method: Enum(CauseMethod),
        /// The evidence findings that support it.
        evidence: Links(evidence),
    }
);

plan_part!(
    /// A board non-negotiable the plan must respect.
    item Guardrail ("guardrail", "gr") {
        /// The non-negotiable, as a statement.
        statement: Text,
        /// Who set it (board policy, resolution, contract).
        source: Text,
    }
);

plan_part!(
    /// A goal measures can serve.
    item Goal ("goal", "go") {
        /// The goal, as a statement.
        statement: Text,
        /// Whether the goal is active, maintained or archived.
        state: Enum(GoalState),
    }
);

plan_part!(
    /// One typed slot of a theory-of-action statement.
    item Slot ("slot", "sl") {
        /// The support or change, in a phrase.
        text: Text,
    }
);

plan_part!(
    /// "If [central-office supports] and [school-level changes], then [practice change], so that
    /// [student outcome]."
    item Statement ("theory-of-action statement", "ta", title = practice_change) {
        /// If the central office does these…
        central_office_supports: Items(Slot),
        /// …and schools change these (process shifts point at these by id)…
        school_changes: Items(Slot),
        /// …then teachers and principals change their practice like this…
        #[label = "Then (how teaching and leading change)"]
        practice_change: Text,
        /// …so that students achieve this.
        #[label = "So that (what students achieve)"]
        student_outcome: Text,
        /// What must be true for the statement to hold.
        assumptions: Text,
        /// Evidence and rationale.
        #[label = "Evidence and rationale"]
        rationale: Text,
        /// The root causes the statement answers.
        #[label = "Root causes it answers"]
        root_causes: Links(root_causes),
    }
);

plan_part!(
    /// One of the few big moves that enact the theory of action.
    item Strategy ("strategy", "st") {
        /// A short name.
        name: Text,
        /// What the strategy does, in a few sentences.
        description: Text,
        /// Theory-of-action statements it enacts.
        #[label = "Theory-of-action statements it enacts"]
        statements: Links(statements),
        /// Root causes it addresses.
        #[label = "Root causes it addresses"]
        root_causes: Links(root_causes),
        /// The student groups it serves.
        #[label = "Student groups it serves"]
        student_groups: Tags,
        /// The executive owner.
        #[label = "Executive owner"]
        owner: Ref(members),
        /// Priority rank, 1 first.
        #[label = "Priority rank"]
        priority: Int,
        /// Evidence base (ESSA tier or research note).
        #[label = "Evidence base"]
        evidence_base: Text,
        /// The options the team weighed before choosing this one (the decision record).
        #[label = "Options considered"]
        options_considered: Text,
        /// Why the team chose this one.
        #[label = "Why this one"]
        why_this_one: Text,
        /// Who was in the room when it was decided: filled in from who was present in a
        /// session (alone, the author), and editable.
        #[label = "Who was in the room"]
        in_the_room: Text,
        /// When it was decided.
        #[label = "Decided on"]
        decided_on: Date,
    }
);

plan_part!(
    /// A checkpoint on the way to a tactic's due date.
    item Milestone ("milestone", "mi") {
        /// What is reached.
        description: Text,
        /// When it is due.
        due: Date,
        /// Whether it has been reached.
        done: Bool,
    }
);

plan_part!(
    /// A concrete action under a strategy.
    item Tactic ("tactic", "tc") {
        /// What is done, as an action.
        description: Text,
        /// The strategy it carries out.
        strategy: Ref(strategies),
        /// The one accountable owner.
        #[label = "Accountable owner"]
        owner: Ref(members),
        /// An accountable owner who is not on the leadership team (a department director),
        /// named without joining the team; read when `owner` is empty.
        #[label = "Owner outside the team"]
        outside_owner: Text,
        /// That owner's role.
        #[label = "Outside owner's role"]
        outside_owner_role: Text,
        /// Others who work on it.
        contributors: Links(members),
        /// Schools or sites affected.
        #[label = "Schools or sites"]
        sites: Text,
        /// When it starts.
        #[label = "Start date"]
        start: Date,
        /// When it is due.
        #[label = "Due date"]
        due: Date,
        /// Where it stands.
        status: Enum(TacticStatus),
        /// Checkpoints on the way, in order.
        milestones: Items(Milestone),
        /// Fidelity evidence ("by October, 90% of coaches trained").
        #[label = "Implementation benchmark"]
        benchmark: Text,
        /// The tactic needs no new resources, so it needs no funded cost.
        #[label = "Needs no new resources"]
        no_cost: Bool,
    }
);

plan_part!(
    /// One line of the resource ledger: an investment, or a source that pays for investments.
    item LedgerLine ("ledger line", "lg") {
        /// Investment or source.
        #[label = "Investment or source"]
        kind: Enum(LineKind),
        /// For sources: stop, shrink, reallocate or new revenue (the stop-doing list).
        #[label = "Where it comes from"]
        source_kind: Enum(SourceKind),
        /// What the money, staff or time is for, or where it comes from.
        description: Text,
        /// In the unit's smallest step: cents for USD, hundredths for FTE, whole hours/minutes.
        amount: Int,
        /// The unit of `amount`.
        unit: Enum(Unit),
        /// The fiscal year it falls in.
        #[label = "Fiscal year"]
        fiscal_year: FiscalYear,
        /// The fund the line is paid from or returns to.
        #[label = "Fund"]
        fund_source: Enum(FundSource),
        /// People, time or money.
        category: Enum(ResourceCategory),
        /// How far the line has got in the budget process.
        status: Enum(LineStatus),
        /// Tactics this line pays for (investments) or frees resources for (sources).
        #[label = "Tactics"]
        tactics: Links(tactics),
        /// Who is affected, and how (for sources: what stops).
        #[label = "Who is affected, and how"]
        stakeholder_impact: Text,
        /// One-time money (a funding cliff when it ends).
        #[label = "One-time money"]
        one_time: Bool,
        /// For a source that stops or shrinks something: what stops, in the words the people
        /// affected would use (the stop-doing list).
        #[label = "What stops"]
        stops: Text,
        /// Who will tell the people affected, before they hear it elsewhere.
        #[label = "Who will tell them"]
        messenger: Text,
        /// The card play that wrote the line, if a card session did; taking the play back
        /// removes it.
        #[label = "Card play"]
        play: Ref(plays),
    }
);

plan_part!(
    /// A trade-off card played into the plan (after ERS's Budget Hold'em): which card, onto
    /// which tactic, from which year. Its ledger lines name it, so the play can be taken back.
    item Play ("card play", "py", title = card_name) {
        /// The deck the card came from (its id).
        deck: Str,
        /// The card's id within its deck.
        card: Str,
        /// The card's name as the deck gave it when it was played.
        #[label = "Card"]
        card_name: Text,
        /// The tactic the card pays for (an investment) or frees resources for (a source).
        tactic: Ref(tactics),
        /// The first fiscal year the card's figures fall in.
        #[label = "From fiscal year"]
        first_year: FiscalYear,
        /// Who played it (their display name, with their table when at one).
        #[label = "Played by"]
        by: Str,
        /// When it was played (RFC 3339, passed in).
        #[label = "Played"]
        at: Str,
        /// The options the team weighed before choosing this one (the decision record).
        #[label = "Options considered"]
        options_considered: Text,
        /// Why the team chose this one.
        #[label = "Why this one"]
        why_this_one: Text,
        /// Who was in the room when it was decided: filled in from who was present in a
        /// session (alone, the author), and editable.
        #[label = "Who was in the room"]
        in_the_room: Text,
        /// When it was decided.
        #[label = "Decided on"]
        decided_on: Date,
    }
);

plan_part!(
    /// A change in how the central office works, so that schools can implement.
    item ProcessShift ("process shift", "ps", title = future_state) {
        /// The central-office process that changes.
        process: Enum(DistrictProcess),
        /// The kind of shift.
        #[label = "Kind of shift"]
        shift_type: Enum(ShiftType),
        /// How the process works now.
        #[label = "How it works now"]
        current_state: Text,
        /// How it will work.
        #[label = "How it should work"]
        future_state: Text,
        /// The theory-of-action statement whose school-level change this enables…
        #[label = "Theory-of-action statement"]
        statement: Ref(statements),
        /// …and the id of that school-level change within it.
        #[label = "School-level change it enables"]
        school_change: Str,
        /// Who leads the shift.
        owner: Ref(members),
        /// When it happens, in people's words.
        timeline: Text,
    }
);

plan_part!(
    /// A dated target for a measure.
    item Target ("target", "tg") {
        /// The date the target is for.
        date: Date,
        /// The value to reach, in the measure's unit.
        value: Num,
    }
);

plan_part!(
    /// A measure's figures for one student group.
    item GroupFigure ("student-group figure", "gf") {
        /// The student group, as a label.
        student_group: Str,
        /// The group's baseline, in the measure's unit.
        baseline: Num,
        /// The group's target, in the measure's unit.
        target: Num,
    }
);

plan_part!(
    /// An indicator the team watches.
    item Measure ("measure", "me") {
        /// What is measured.
        name: Text,
        /// The kind of measure.
        kind: Enum(MeasureKind),
        /// The results-based accountability tag.
        #[label = "Results-based accountability"]
        rba: Enum(RbaTag),
        /// The unit the values are in ("% of students", "days").
        unit: Text,
        /// Which way the measure should move.
        direction: Enum(Direction),
        /// The starting value, in the measure's unit.
        baseline: Num,
        /// When the baseline was taken.
        #[label = "Baseline date"]
        baseline_date: Date,
        /// Dated targets, in order.
        targets: Items(Target),
        /// Baselines and targets for student groups reported separately.
        breakdown: Items(GroupFigure),
        /// Where the values come from.
        #[label = "Data source"]
        data_source: Text,
        /// How often it is measured.
        #[label = "How often"]
        cadence: Text,
        /// Who reports it.
        owner: Ref(members),
        /// The strategies it tracks.
        #[label = "Strategies it tracks"]
        strategies: Links(strategies),
        /// The goals it serves.
        #[label = "Goals it serves"]
        goals: Links(goals),
        /// The measure speaks to the vision itself.
        #[label = "Speaks to the vision itself"]
        vision: Bool,
    }
);

plan_part!(
    /// A safe-to-fail probe.
    item Probe ("probe", "pr") {
        /// What the team believes, as "if …, then …".
        hypothesis: Text,
        /// What we try.
        intervention: Text,
        /// Where and with whom.
        #[label = "Where and with whom"]
        where_who: Text,
        /// What the team expects to see.
        prediction: Text,
        /// What we will be able to observe.
        signal: Text,
        /// The bound that keeps failure safe.
        #[label = "Safe-to-fail bound"]
        safe_to_fail: Text,
        /// What would make the team amplify it.
        #[label = "We amplify when"]
        amplify_criteria: Text,
        /// What would make the team dampen or stop it.
        #[label = "We dampen when"]
        dampen_criteria: Text,
        /// When it starts.
        start: Date,
        /// When it ends.
        end: Date,
        /// What happened.
        result: Text,
        /// What the team decided.
        decision: Enum(ProbeDecision),
        /// The strategy it informs.
        strategy: Ref(strategies),
    }
);

plan_part!(
    /// A Plan-Do-Study-Act cycle.
    item PdsaCycle ("PDSA cycle", "pd") {
        /// The cycle's number in its series, 1 first.
        #[label = "Cycle number"]
        number: Int,
        /// The change being tested.
        #[label = "Change idea"]
        change_idea: Text,
        /// The strategy (primary driver) it tests.
        strategy: Ref(strategies),
        /// What the cycle should answer.
        questions: Text,
        /// What the team expects.
        prediction: Text,
        /// Who, what, when, where.
        plan: Text,
        /// What data is collected, and how.
        #[label = "Data plan"]
        data_plan: Text,
        /// What happened when the change was tried.
        #[label = "Do: what happened"]
        do_notes: Text,
        /// The data against the prediction.
        #[label = "Study: data against the prediction"]
        study: Text,
        /// What the team decided.
        #[label = "Act"]
        act: Enum(PdsaDecision),
    }
);

plan_part!(
    /// A phase of implementation.
    item Phase ("implementation phase", "ph") {
        /// The phase's name.
        name: Text,
        /// The implementation stage it corresponds to.
        #[label = "Implementation stage"]
        stage: Enum(Stage),
        /// When it starts.
        start: Date,
        /// When it ends.
        end: Date,
        /// What happens in the phase.
        description: Text,
        /// The tactics that run in it.
        tactics: Links(tactics),
        /// Which year of a multi-year blueprint it is, 1 first.
        #[label = "Year of the plan"]
        year: Int,
        /// Who is accountable for what in it, and by when.
        #[label = "Who is accountable for what, by when"]
        accountabilities: Items(Accountability),
    }
);

plan_part!(
    /// One line of a phase's accountability: a person, what they answer for, by when.
    item Accountability ("accountability", "ac", title = what) {
        /// Who is accountable.
        #[label = "Who is accountable"]
        who: Ref(members),
        /// What they are accountable for.
        #[label = "Accountable for"]
        what: Text,
        /// When it is due.
        #[label = "By when"]
        by: Date,
        /// To whom they report on it.
        #[label = "Reports to"]
        reports_to: Text,
    }
);

plan_part!(
    /// A learning session of one instructional-rounds role team (senior leaders, school
    /// leadership teams, the district capacity team).
    item RoleSession ("role-team session", "rs", title = topic) {
        /// The role team that meets.
        #[label = "Role team"]
        role_team: Enum(RoleTeam),
        /// What the team learns and practises.
        #[label = "What the team learns and practises"]
        topic: Text,
        /// When it meets.
        date: Date,
        /// Who facilitates or coaches it.
        #[label = "Facilitator or coach"]
        facilitator: Text,
        /// What the members carry back into their own work before the next session.
        #[label = "Carried back into practice"]
        follow_up: Text,
    }
);

plan_part!(
    /// A reflection attached to a section (Notice / Reflect).
    item Reflection ("reflection", "rf") {
        /// The section it is attached to (a section id such as `root_causes`).
        section: Str,
        /// Notice or Reflect.
        kind: Enum(ReflectionKind),
        /// The reflection.
        text: Text,
        /// Who wrote it.
        author: Ref(members),
        /// When it was written (RFC 3339, passed in).
        at: Str,
    }
);

plan_part!(
    /// A timed block of the retreat's agenda: prepared before the retreat, run by the
    /// facilitator during it (the running state itself is not kept in the plan: see
    /// `throughline_session::facilitation`).
    item AgendaBlock ("agenda block", "ag") {
        /// What the block is called on the agenda and the wall screen.
        title: Text,
        /// The day of the retreat it falls on, 1 first.
        day: Int,
        /// The section the room works in (a section id such as `root_causes`), if any.
        section: Str,
        /// What the room does, when it is not (only) the work of a section.
        activity: Enum(RetreatActivity),
        /// How long the block runs, in minutes.
        minutes: Int,
        /// What the facilitator wants out of the block.
        purpose: Text,
    }
);

plan_part!(
    /// A breakout table: some of the room's people, drafting some sections apart (with a host
    /// of its own, or on one laptop alone) before merging back when the room reconvenes.
    item BreakoutTable ("breakout table", "tb") {
        /// What the room calls the table ("Table 2", "Finance"); merged changes carry it.
        name: Text,
        /// Who sits at it.
        members: Links(members),
        /// The sections it drafts (section ids such as `strategies`).
        sections: Tags,
        /// What the facilitator asks the table to bring back.
        purpose: Text,
    }
);

plan_part!(
    /// An idea raised in the room that is not (yet) part of the plan: the parking lot.
    item ParkingIdea ("parking-lot idea", "pk", title = text) {
        /// The idea, in the words it was raised in.
        text: Text,
        /// Who raised it (their display name).
        author: Str,
        /// When it was raised (RFC 3339, passed in).
        at: Str,
        /// The strategy, tactic or root cause it became (`strategies/ID`), once promoted.
        #[label = "Promoted to"]
        promoted_to: Str,
    }
);

plan_part!(
    /// How many dots one item received in a closed vote.
    item VoteCount ("vote count", "vc") {
        /// The item voted on (`strategies/ID`, `parking_lot/ID`).
        item: Str,
        /// The dots it received.
        dots: Int,
    }
);

plan_part!(
    /// A dot vote: the facilitator asks a question about a set of items, each person places
    /// their dots privately (sealed to the vote's key), and closing publishes the key so that
    /// every laptop counts the same dots. The record stays in the plan.
    item Vote ("vote", "vt", title = question) {
        /// What the room is asked.
        question: Text,
        /// The items voted on (`strategies/ID`, `root_causes/ID`, `tactics/ID`, `parking_lot/ID`).
        items: Tags,
        /// How many dots each person has.
        #[label = "Dots per person"]
        dots: Int,
        /// Who could vote.
        #[label = "Who could vote"]
        voters: Links(members),
        /// When the vote opened (RFC 3339, passed in).
        #[label = "Opened"]
        opened_at: Str,
        /// When the vote closed (RFC 3339, passed in); empty while it is open.
        #[label = "Closed"]
        closed_at: Str,
        /// The vote's public key (base64 X25519): each ballot is sealed to it.
        #[label = "Vote key"]
        public_key: Str,
        /// Each person's sealed ballot (member id → base64 sealed box of their dots): one entry
        /// per person, so a second laptop of the same person replaces, never adds.
        ballots: Ratings,
        /// The vote's private key (base64), published when the vote closes.
        #[label = "Reveal key"]
        reveal_key: Str,
        /// The dots each item received, as counted when the vote closed.
        counts: Items(VoteCount),
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
    pub role_sessions: Vec<RoleSession>,
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
    pub plays: Vec<Play>,
    pub ledger: Vec<LedgerLine>,
    pub process_shifts: Vec<ProcessShift>,
    pub measures: Vec<Measure>,
    pub probes: Vec<Probe>,
    pub pdsa_cycles: Vec<PdsaCycle>,
    pub phases: Vec<Phase>,
    pub reflections: Vec<Reflection>,
    pub agenda: Vec<AgendaBlock>,
    pub breakout_tables: Vec<BreakoutTable>,
    pub parking_lot: Vec<ParkingIdea>,
    pub votes: Vec<Vote>,
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
    "role_sessions" => RoleSession, Some(SectionId::Team), true;
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
    "plays" => Play, Some(SectionId::Ledger), true;
    "ledger" => LedgerLine, Some(SectionId::Ledger), true;
    "process_shifts" => ProcessShift, Some(SectionId::ProcessShifts), true;
    "measures" => Measure, Some(SectionId::Measures), true;
    "probes" => Probe, Some(SectionId::LearningCycles), true;
    "pdsa_cycles" => PdsaCycle, Some(SectionId::LearningCycles), true;
    "phases" => Phase, Some(SectionId::Implementation), true;
    "reflections" => Reflection, None, true;
    "agenda" => AgendaBlock, None, true;
    "breakout_tables" => BreakoutTable, None, true;
    "parking_lot" => ParkingIdea, None, true;
    "votes" => Vote, None, true;
}

/// The top-level part with this name.
pub fn root(name: &str) -> Option<&'static RootPart> {
    ROOTS.iter().find(|r| r.name == name)
}
