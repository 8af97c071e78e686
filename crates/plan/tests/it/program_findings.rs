//! The equity-redesign (`nep`) and resource-strategy (`ers`) programs' own checks, each made to
//! fire and then to clear, and kept to plans of their program: a team with no student, a
//! priority problem grounded in no student-experience evidence, an outcome measure with no
//! breakdown by group, a school-level change no process shift makes possible. Also a probe
//! without amplify/dampen criteria, which holds on every plan.

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
