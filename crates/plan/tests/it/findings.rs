//! Findings that used to stay silent, each made to fire and then to clear: an empty plan told
//! where to begin, a strategy without tactics, no priority problem, a root cause no
//! theory-of-action statement answers, and a tactic owned by someone outside the team. Also
//! dates and fiscal years written as districts write them, stored in the plan's form.

use serde_json::{json, Value};

use crate::edit::{add, fires};
use throughline_plan::{coherence, Plan, PlanCommand, PlanError};

fn set(plan: &Plan, at: &str, field: &str, value: Value) -> Result<(), PlanError> {
    plan.apply(&PlanCommand::Set {
        at: at.into(),
        field: field.into(),
        value,
    })
    .map(|_| ())
}

fn codes(plan: &Plan) -> Vec<(&'static str, String)> {
    coherence(&plan.content())
        .into_iter()
        .map(|f| (f.code, f.location.path))
        .collect()
}

#[test]
fn an_empty_plan_is_told_where_to_begin_until_it_has_begun() {
    let plan = Plan::empty(1);
    let findings = coherence(&plan.content());
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, "plan-not-started");
    assert!(findings[0].message.starts_with("Start with the team"));
    add(&plan, "members", json!({ "name": "Ana Ruiz" }));
    assert!(!fires(&plan, "plan-not-started", "members"));
}

#[test]
fn a_strategy_without_tactics_is_a_finding_until_one_is_placed_under_it() {
    let plan = Plan::empty(1);
    let st = add(&plan, "strategies", json!({ "name": "Tutoring" }));
    let path = format!("strategies/{st}");
    assert!(fires(&plan, "strategy-without-tactics", &path));
    let tactic = add(&plan, "tactics", json!({ "description": "Hire tutors" }));
    assert!(
        fires(&plan, "strategy-without-tactics", &path),
        "a loose tactic is not under it"
    );
    set(&plan, &format!("tactics/{tactic}"), "strategy", json!(st)).unwrap();
    assert!(!fires(&plan, "strategy-without-tactics", &path));
}

#[test]
fn strategies_without_a_priority_problem_are_a_finding_until_one_is_named() {
    let plan = Plan::empty(1);
    add(&plan, "strategies", json!({ "name": "Tutoring" }));
    assert!(fires(&plan, "no-priority-problem", "problems"));
    add(
        &plan,
        "problems",
        json!({ "statement": "Third graders read below grade level" }),
    );
    assert!(!fires(&plan, "no-priority-problem", "problems"));
}

#[test]
fn a_root_cause_no_statement_answers_is_a_finding_until_a_statement_links_it() {
    let plan = Plan::empty(1);
    let cause = add(
        &plan,
        "root_causes",
        json!({ "statement": "Schools each chose a curriculum" }),
    );
    assert!(
        !codes(&plan)
            .iter()
            .any(|(c, _)| *c == "root-cause-unanswered"),
        "before any statement is written, nothing is asked of the causes"
    );
    let st = add(
        &plan,
        "statements",
        json!({ "practice_change": "Teachers teach one sequence" }),
    );
    let at = format!("statements/{st}");
    assert!(fires(&plan, "root-cause-unanswered", &at));
    plan.apply(&PlanCommand::Link {
        at: at.clone(),
        field: "root_causes".into(),
        target: cause.clone(),
    })
    .unwrap();
    assert!(!fires(&plan, "root-cause-unanswered", &at));
    assert_eq!(
        plan.content().statements[0].root_causes,
        vec![cause.clone()]
    );
    // Removing the cause unlinks it from the statement, as every link is.
    plan.apply(&PlanCommand::Remove {
        at: format!("root_causes/{cause}"),
    })
    .unwrap();
    assert!(plan.content().statements[0].root_causes.is_empty());
}

#[test]
fn a_tactic_may_be_owned_by_someone_outside_the_team() {
    let plan = Plan::empty(1);
    let t = add(
        &plan,
        "tactics",
        json!({ "description": "Redraw bus routes" }),
    );
    let at = format!("tactics/{t}");
    assert!(fires(&plan, "tactic-without-owner", &at));
    set(&plan, &at, "outside_owner", json!("Sam Okafor")).unwrap();
    set(
        &plan,
        &at,
        "outside_owner_role",
        json!("Director of Transportation"),
    )
    .unwrap();
    assert!(!fires(&plan, "tactic-without-owner", &at));
    let content = plan.content();
    let tactic = &content.tactics[0];
    assert!(
        content.members.is_empty(),
        "the owner is not added to the team"
    );
    assert_eq!(
        throughline_plan::display::outside_owner(&tactic.outside_owner, &tactic.outside_owner_role)
            .as_deref(),
        Some("Sam Okafor, Director of Transportation (not on the team)")
    );
}

#[test]
fn dates_and_years_are_stored_in_the_plans_form_and_a_bad_one_changes_nothing() {
    let plan = Plan::empty(1);
    let t = add(
        &plan,
        "tactics",
        json!({ "description": "Train coaches", "start": "9/1/2025" }),
    );
    let at = format!("tactics/{t}");
    set(&plan, &at, "due", json!("June 30, 2026")).unwrap();
    let tactic = plan.content().tactics[0].clone();
    assert_eq!(tactic.start.as_deref(), Some("2025-09-01"));
    assert_eq!(tactic.due.as_deref(), Some("2026-06-30"));

    let before = plan.encode_state();
    let refused = set(&plan, &at, "due", json!("9/31/2025")).unwrap_err();
    assert!(
        refused.to_string().contains("“9/31/2025” is not a date"),
        "{refused}"
    );
    assert_eq!(plan.encode_state(), before);

    let line = add(
        &plan,
        "ledger",
        json!({ "kind": "investment", "fiscal_year": "FY26" }),
    );
    set(
        &plan,
        &format!("ledger/{line}"),
        "fiscal_year",
        json!("2026–2027"),
    )
    .unwrap();
    assert_eq!(
        plan.content().ledger[0].fiscal_year.as_deref(),
        Some("2026-27")
    );
    assert!(set(
        &plan,
        &format!("ledger/{line}"),
        "fiscal_year",
        json!("2026-28")
    )
    .is_err());
}
