//! The equity-redesign (`nep`) and resource-strategy (`ers`) programs' own checks, each made to
//! fire and then to clear, and kept to plans of their program: a team with no student, a
//! priority problem grounded in no student-experience evidence, an outcome measure with no
//! breakdown by group, a school-level change no process shift makes possible; instructional
//! rounds' (`rounds`) role teams without members or sessions and blueprint years missing or with
//! no one accountable; rapid improvement's (`instll`) missing kinds of catalyst, ratings without
//! evidence and full implementation that does not say how it lasts. Also a probe without
//! amplify/dampen criteria, which holds on every plan.

use serde_json::json;
use throughline_plan::template::TemplateLibrary;
use throughline_plan::{coherence, Plan, PlanCommand};

use crate::edit::{add, fires, link, set};

/// A plan started from a built-in template, or from `base+add-on`.
fn started(template: &str) -> Plan {
    let library = TemplateLibrary::builtin();
    let mut ids = template.split('+');
    let mut template = library.get(ids.next().unwrap()).unwrap().clone();
    for add_on in ids {
        template = template.with_add_on(library.get(add_on).unwrap()).unwrap();
    }
    Plan::start(1, &template, "Plan", "District", "2026-01-05T09:00:00Z")
        .unwrap()
        .0
}

#[test]
fn a_nep_team_without_a_student_is_a_finding_until_a_student_joins() {
    let plan = started("nep");
    let at = "members".to_string();
    assert!(
        !fires(&plan, "team-without-student", &at),
        "an empty team is told to begin, not to add a student"
    );
    add(
        &plan,
        "members",
        json!({ "name": "Dr. Ana Ruiz", "role": "superintendent" }),
    );
    let teen = add(
        &plan,
        "members",
        json!({ "name": "Malik J.", "role": "teacher" }),
    );
    assert!(fires(&plan, "team-without-student", &at));
    set(&plan, &format!("members/{teen}"), "role", json!("student"));
    assert!(!fires(&plan, "team-without-student", &at));

    let other = started("dsdp");
    add(
        &other,
        "members",
        json!({ "name": "Dr. Ana Ruiz", "role": "superintendent" }),
    );
    assert!(
        !fires(&other, "team-without-student", &at),
        "students on the team are the equity-redesign program's rule"
    );
}

#[test]
fn a_nep_problem_citing_no_student_experience_is_a_finding_until_it_does() {
    let plan = started("nep+improvement-science");
    let pp = add(
        &plan,
        "problems",
        json!({ "statement": "Black and Latino ninth graders fail Algebra I at twice the rate" }),
    );
    let at = format!("problems/{pp}");
    assert!(fires(&plan, "problem-without-student-experience", &at));
    let grades = add(
        &plan,
        "evidence",
        json!({ "statement": "Algebra I failure rates by group", "domain": "achievement" }),
    );
    link(&plan, &at, "evidence", &grades);
    assert!(
        fires(&plan, "problem-without-student-experience", &at),
        "achievement data is not what students experience"
    );
    let survey = add(
        &plan,
        "evidence",
        json!({ "statement": "Only 41% of ninth graders say a teacher knows them well", "domain": "student_experience" }),
    );
    link(&plan, &at, "evidence", &survey);
    assert!(!fires(&plan, "problem-without-student-experience", &at));

    let other = started("ers");
    let pp = add(
        &other,
        "problems",
        json!({ "statement": "Too few students reach Algebra I" }),
    );
    assert!(!fires(
        &other,
        "problem-without-student-experience",
        &format!("problems/{pp}")
    ));
}

#[test]
fn a_nep_outcome_measure_without_a_group_breakdown_is_a_finding_until_one_is_added() {
    let plan = started("nep");
    let me = add(
        &plan,
        "measures",
        json!({ "name": "Ninth graders on track", "kind": "outcome", "baseline": 61 }),
    );
    let at = format!("measures/{me}");
    assert!(fires(&plan, "outcome-without-group-breakdown", &at));
    let figure = add(&plan, &format!("{at}/breakdown"), json!({}));
    assert!(
        fires(&plan, "outcome-without-group-breakdown", &at),
        "a figure naming no group breaks nothing down"
    );
    set(
        &plan,
        &format!("{at}/breakdown/{figure}"),
        "student_group",
        json!("Black students"),
    );
    assert!(!fires(&plan, "outcome-without-group-breakdown", &at));

    let process = add(
        &plan,
        "measures",
        json!({ "name": "Advisory sessions held", "kind": "process" }),
    );
    assert!(
        !fires(
            &plan,
            "outcome-without-group-breakdown",
            &format!("measures/{process}")
        ),
        "only outcomes are asked for a breakdown"
    );
    let other = started("dsdp");
    let me = add(
        &other,
        "measures",
        json!({ "name": "On track", "kind": "outcome" }),
    );
    assert!(!fires(
        &other,
        "outcome-without-group-breakdown",
        &format!("measures/{me}")
    ));
}

#[test]
fn a_probe_without_amplify_and_dampen_criteria_is_a_finding_until_both_are_written() {
    let plan = Plan::empty(1);
    let pr = add(
        &plan,
        "probes",
        json!({ "hypothesis": "If advisors greet each student by name, absences fall" }),
    );
    let at = format!("probes/{pr}");
    assert!(fires(&plan, "probe-without-amplify-dampen-criteria", &at));
    set(
        &plan,
        &at,
        "amplify_criteria",
        json!("Absences fall for two weeks running"),
    );
    assert!(
        fires(&plan, "probe-without-amplify-dampen-criteria", &at),
        "amplifying alone leaves no point at which to stop"
    );
    let field = coherence(&plan.content())
        .into_iter()
        .find(|f| f.code == "probe-without-amplify-dampen-criteria")
        .and_then(|f| f.location.field);
    assert_eq!(field, Some("dampen_criteria"));
    set(
        &plan,
        &at,
        "dampen_criteria",
        json!("Students say the greeting feels forced"),
    );
    assert!(!fires(&plan, "probe-without-amplify-dampen-criteria", &at));
}

#[test]
fn an_ers_school_change_without_a_process_shift_is_a_finding_until_one_points_at_it() {
    let plan = started("ers");
    let st = add(
        &plan,
        "statements",
        json!({ "practice_change": "Teachers plan together" }),
    );
    let statement = format!("statements/{st}");
    let change = add(
        &plan,
        &format!("{statement}/school_changes"),
        json!({ "text": "Schools give teacher teams 90 minutes a week to plan together" }),
    );
    let at = "process_shifts".to_string();
    assert!(fires(&plan, "school-change-without-process-shift", &at));
    let ps = add(
        &plan,
        "process_shifts",
        json!({ "future_state": "The master schedule is built around common planning time", "shift_type": "timelines" }),
    );
    let shift = format!("process_shifts/{ps}");
    set(&plan, &shift, "statement", json!(st));
    assert!(
        fires(&plan, "school-change-without-process-shift", &at),
        "a shift that names the statement but no change does not make this one possible"
    );
    set(&plan, &shift, "school_change", json!(change));
    assert!(!fires(&plan, "school-change-without-process-shift", &at));

    let other = started("dsdp");
    let st = add(&other, "statements", json!({}));
    add(
        &other,
        &format!("statements/{st}/school_changes"),
        json!({ "text": "Common planning time" }),
    );
    assert!(
        !fires(&other, "school-change-without-process-shift", &at),
        "typed process shifts are the resource-strategy program's rule"
    );
}

#[test]
fn an_ers_snapshot_statement_may_be_rated_dont_know() {
    let plan = started("ers");
    let content = plan.content();
    let scale = content
        .record
        .template
        .as_ref()
        .and_then(|t| t.capacity_scale.as_ref())
        .unwrap();
    assert!(scale.allows_dont_know);
    let member = add(
        &plan,
        "members",
        json!({ "name": "Principal Okafor", "role": "principal" }),
    );
    let ci = &content.capacity[0].id;
    plan.apply(&PlanCommand::Rate {
        indicator: ci.clone(),
        member: member.clone(),
        rating: Some("dont_know".into()),
    })
    .unwrap();
    assert_eq!(
        plan.content().capacity[0]
            .ratings
            .get(&member)
            .map(String::as_str),
        Some("dont_know")
    );
}

/// How many times the finding `code` stands at `path`.
fn count(plan: &Plan, code: &str, path: &str) -> usize {
    coherence(&plan.content())
        .iter()
        .filter(|f| f.code == code && f.location.path == path)
        .count()
}

#[test]
fn a_rounds_role_team_without_members_or_sessions_is_a_finding_until_it_has_both() {
    let plan = started("rounds");
    assert!(
        !fires(&plan, "role-team-without-sessions", "role_sessions"),
        "an empty team is told to begin, not to schedule role teams"
    );
    add(
        &plan,
        "members",
        json!({ "name": "Dr. Grace Lee", "role": "superintendent", "role_team": "senior_leaders" }),
    );
    assert!(fires(&plan, "role-team-without-members", "members"));
    assert_eq!(count(&plan, "role-team-without-members", "members"), 2);
    assert_eq!(
        count(&plan, "role-team-without-sessions", "role_sessions"),
        3
    );
    add(
        &plan,
        "members",
        json!({ "name": "Ms. Ortiz", "role": "principal", "role_team": "school_leadership" }),
    );
    let coach = add(
        &plan,
        "members",
        json!({ "name": "Mr. Banks", "role": "teacher" }),
    );
    assert_eq!(count(&plan, "role-team-without-members", "members"), 1);
    set(
        &plan,
        &format!("members/{coach}"),
        "role_team",
        json!("district_capacity"),
    );
    assert!(!fires(&plan, "role-team-without-members", "members"));

    for team in ["senior_leaders", "school_leadership"] {
        add(
            &plan,
            "role_sessions",
            json!({ "role_team": team, "topic": "Describing practice without judgment" }),
        );
    }
    let session = add(
        &plan,
        "role_sessions",
        json!({ "topic": "Facilitating a rounds debrief" }),
    );
    assert!(
        fires(&plan, "role-team-without-sessions", "role_sessions"),
        "a session of no role team is no team's session"
    );
    set(
        &plan,
        &format!("role_sessions/{session}"),
        "role_team",
        json!("district_capacity"),
    );
    assert!(!fires(&plan, "role-team-without-sessions", "role_sessions"));

    let other = started("dsdp");
    add(
        &other,
        "members",
        json!({ "name": "Dr. Grace Lee", "role": "superintendent" }),
    );
    assert!(!fires(
        &other,
        "role-team-without-sessions",
        "role_sessions"
    ));
    assert!(
        !fires(&other, "role-team-without-members", "members"),
        "role teams are the instructional-rounds program's rule"
    );
}

#[test]
fn a_rounds_blueprint_year_missing_or_without_anyone_accountable_is_a_finding_until_filled() {
    let plan = started("rounds");
    assert!(!fires(&plan, "blueprint-year-missing", "phases"));
    let lee = add(
        &plan,
        "members",
        json!({ "name": "Dr. Grace Lee", "role": "superintendent" }),
    );
    let design = add(
        &plan,
        "phases",
        json!({ "name": "Year 1: design", "year": 1 }),
    );
    let at = format!("phases/{design}");
    assert_eq!(count(&plan, "blueprint-year-missing", "phases"), 2);
    assert!(fires(&plan, "blueprint-year-without-accountable", &at));
    let line = add(
        &plan,
        &format!("{at}/accountabilities"),
        json!({ "what": "The guiding focus adopted by the board", "by": "2026-11-15" }),
    );
    assert!(
        fires(&plan, "blueprint-year-without-accountable", &at),
        "a line naming no one holds no one accountable"
    );
    set(
        &plan,
        &format!("{at}/accountabilities/{line}"),
        "who",
        json!(lee),
    );
    assert!(!fires(&plan, "blueprint-year-without-accountable", &at));
    for (name, year) in [
        ("Year 2: capacity building", 2),
        ("Year 3: sustainability", 3),
    ] {
        add(&plan, "phases", json!({ "name": name, "year": year }));
    }
    assert!(!fires(&plan, "blueprint-year-missing", "phases"));

    let other = started("instll");
    let ph = add(&other, "phases", json!({ "name": "First 90 days" }));
    assert!(!fires(&other, "blueprint-year-missing", "phases"));
    assert!(
        !fires(
            &other,
            "blueprint-year-without-accountable",
            &format!("phases/{ph}")
        ),
        "the three-year blueprint is the instructional-rounds program's rule"
    );
}

#[test]
fn an_instll_plan_missing_a_kind_of_catalyst_is_a_finding_until_each_is_named() {
    let plan = started("instll");
    assert!(!fires(&plan, "catalyst-kind-missing", "catalysts"));
    add(
        &plan,
        "catalysts",
        json!({ "kind": "trigger", "description": "Two schools identified for comprehensive support" }),
    );
    assert_eq!(count(&plan, "catalyst-kind-missing", "catalysts"), 3);
    add(
        &plan,
        "catalysts",
        json!({ "kind": "opportunity", "description": "A new superintendent and a settled contract" }),
    );
    add(
        &plan,
        "catalysts",
        json!({ "kind": "incentive", "description": "School improvement grant of $1.2M over three years" }),
    );
    assert_eq!(count(&plan, "catalyst-kind-missing", "catalysts"), 1);
    let thin = add(
        &plan,
        "catalysts",
        json!({ "description": "Two instructional coaches who led a turnaround before" }),
    );
    assert!(fires(&plan, "catalyst-kind-missing", "catalysts"));
    set(
        &plan,
        &format!("catalysts/{thin}"),
        "kind",
        json!("capacity_threshold"),
    );
    assert!(!fires(&plan, "catalyst-kind-missing", "catalysts"));

    let other = started("nep");
    add(
        &other,
        "catalysts",
        json!({ "kind": "trigger", "description": "A walkout over discipline" }),
    );
    assert!(!fires(&other, "catalyst-kind-missing", "catalysts"));
}

#[test]
fn an_instll_rating_without_evidence_or_full_implementation_without_sustaining_is_a_finding() {
    let plan = started("instll");
    let ci = plan.content().capacity[0].id.clone();
    let at = format!("capacity/{ci}");
    assert!(
        !fires(&plan, "indicator-rated-without-evidence", &at),
        "not rated yet"
    );
    set(&plan, &at, "consensus", json!("limited"));
    assert!(fires(&plan, "indicator-rated-without-evidence", &at));
    assert!(
        !fires(&plan, "indicator-full-without-sustaining", &at),
        "limited is not full"
    );
    set(
        &plan,
        &at,
        "evidence",
        json!("Team agendas since August; attendance logs"),
    );
    assert!(!fires(&plan, "indicator-rated-without-evidence", &at));
    set(&plan, &at, "consensus", json!("full"));
    assert!(fires(&plan, "indicator-full-without-sustaining", &at));
    set(
        &plan,
        &at,
        "sustained_by",
        json!("Written into board policy; the deputy owns the calendar"),
    );
    assert!(!fires(&plan, "indicator-full-without-sustaining", &at));

    let other_ci = plan.content().capacity[1].id.clone();
    let other_at = format!("capacity/{other_ci}");
    set(&plan, &other_at, "disposition", json!("fully_in_place"));
    assert!(
        fires(&plan, "indicator-full-without-sustaining", &other_at),
        "fully in place by the team's decision asks the same"
    );

    let rounds = started("rounds");
    let ci = rounds.content().capacity[0].id.clone();
    let at = format!("capacity/{ci}");
    set(&rounds, &at, "consensus", json!("4"));
    assert!(!fires(&rounds, "indicator-rated-without-evidence", &at));
    assert!(
        !fires(&rounds, "indicator-full-without-sustaining", &at),
        "these are the rapid-improvement program's rules"
    );
}
