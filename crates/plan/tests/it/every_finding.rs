//! Every coherence finding fires and clears: for each code the check can emit, a plan that
//! raises it at the place a person would fix it, and the one edit that settles it. The last
//! test reads the check's own source, so a new finding code without a test here fails.

use serde_json::json;
use throughline_plan::Plan;

use crate::edit::{add, fires, link, set};

#[test]
fn indicator_not_a_priority_without_reason() {
    let plan = Plan::empty(1);
    let id = add(
        &plan,
        "capacity",
        json!({ "indicator": "Principals get weekly coaching", "disposition": "not_a_priority" }),
    );
    let at = format!("capacity/{id}");
    assert!(fires(&plan, "indicator-not-a-priority-without-reason", &at));
    set(
        &plan,
        &at,
        "not_a_priority_reason",
        json!("The region funds it this year"),
    );
    assert!(!fires(
        &plan,
        "indicator-not-a-priority-without-reason",
        &at
    ));
}

#[test]
fn indicator_in_place_without_evidence() {
    let plan = Plan::empty(1);
    let id = add(
        &plan,
        "capacity",
        json!({ "indicator": "Data meetings every two weeks", "disposition": "fully_in_place" }),
    );
    let at = format!("capacity/{id}");
    assert!(fires(&plan, "indicator-in-place-without-evidence", &at));
    set(
        &plan,
        &at,
        "in_place_evidence",
        json!("Agendas and notes since 2023; a coordinator owns it"),
    );
    assert!(!fires(&plan, "indicator-in-place-without-evidence", &at));
}

#[test]
fn statement_without_central_office_support() {
    let plan = Plan::empty(1);
    let st = add(
        &plan,
        "statements",
        json!({ "practice_change": "Teachers co-plan" }),
    );
    let at = format!("statements/{st}");
    assert!(
        !fires(&plan, "statement-without-central-office-support", &at),
        "no change yet"
    );
    add(
        &plan,
        &format!("{at}/school_changes"),
        json!({ "text": "Grade teams co-plan weekly" }),
    );
    assert!(fires(
        &plan,
        "statement-without-central-office-support",
        &at
    ));
    add(
        &plan,
        &format!("{at}/central_office_supports"),
        json!({ "text": "A common planning period in every schedule" }),
    );
    assert!(!fires(
        &plan,
        "statement-without-central-office-support",
        &at
    ));
}

#[test]
fn strategy_without_statement_root_cause_student_group_and_measure() {
    let plan = Plan::empty(1);
    let s = add(
        &plan,
        "strategies",
        json!({ "name": "Tutoring in every school" }),
    );
    let at = format!("strategies/{s}");
    for code in [
        "strategy-without-statement",
        "strategy-without-root-cause",
        "strategy-without-student-group",
        "strategy-without-measure",
    ] {
        assert!(fires(&plan, code, &at), "{code}");
    }
    let st = add(
        &plan,
        "statements",
        json!({ "practice_change": "Every student is known" }),
    );
    link(&plan, &at, "statements", &st);
    assert!(!fires(&plan, "strategy-without-statement", &at));
    let cause = add(
        &plan,
        "root_causes",
        json!({ "statement": "No adult tracks each student" }),
    );
    link(&plan, &at, "root_causes", &cause);
    assert!(!fires(&plan, "strategy-without-root-cause", &at));
    link(&plan, &at, "student_groups", "English learners");
    assert!(!fires(&plan, "strategy-without-student-group", &at));
    let m = add(
        &plan,
        "measures",
        json!({ "name": "Students with a named adult" }),
    );
    link(&plan, &format!("measures/{m}"), "strategies", &s);
    assert!(!fires(&plan, "strategy-without-measure", &at));
}

#[test]
fn tactic_due_before_start() {
    let plan = Plan::empty(1);
    let t = add(
        &plan,
        "tactics",
        json!({ "description": "Train tutors", "start": "2026-09-01", "due": "2026-08-01" }),
    );
    let at = format!("tactics/{t}");
    assert!(fires(&plan, "tactic-due-before-start", &at));
    assert!(!fires(&plan, "tactic-without-dates", &at));
    set(&plan, &at, "due", json!("2027-06-30"));
    assert!(!fires(&plan, "tactic-due-before-start", &at));
}

#[test]
fn tactic_without_dates_then_one_then_both() {
    let plan = Plan::empty(1);
    let t = add(&plan, "tactics", json!({ "description": "Train tutors" }));
    let at = format!("tactics/{t}");
    assert!(fires(&plan, "tactic-without-dates", &at));
    set(&plan, &at, "start", json!("2026-09-01"));
    assert!(
        fires(&plan, "tactic-without-dates", &at),
        "a due date is still missing"
    );
    set(&plan, &at, "due", json!("2027-06-30"));
    assert!(!fires(&plan, "tactic-without-dates", &at));
}

#[test]
fn ledger_line_incomplete() {
    let plan = Plan::empty(1);
    let l = add(
        &plan,
        "ledger",
        json!({ "description": "Tutors", "kind": "investment" }),
    );
    let at = format!("ledger/{l}");
    assert!(fires(&plan, "ledger-line-incomplete", &at));
    set(&plan, &at, "amount", json!(12_000_000));
    set(&plan, &at, "unit", json!("usd"));
    assert!(
        fires(&plan, "ledger-line-incomplete", &at),
        "no fiscal year yet"
    );
    set(&plan, &at, "fiscal_year", json!("2026-27"));
    assert!(!fires(&plan, "ledger-line-incomplete", &at));
}

#[test]
fn stop_without_affected() {
    let plan = Plan::empty(1);
    let l = add(
        &plan,
        "ledger",
        json!({
            "description": "End the legacy reading software",
            "kind": "source",
            "source_kind": "stop",
            "amount": 9_000_000,
            "unit": "usd",
            "fiscal_year": "2026-27",
            "stops": "The reading software licence",
            "messenger": "The curriculum director",
        }),
    );
    let at = format!("ledger/{l}");
    assert!(fires(&plan, "stop-without-affected", &at));
    set(
        &plan,
        &at,
        "stakeholder_impact",
        json!("K-3 teachers who use it daily"),
    );
    assert!(!fires(&plan, "stop-without-affected", &at));
}

#[test]
fn probe_without_signal_and_without_safe_to_fail_bound() {
    let plan = Plan::empty(1);
    let p = add(
        &plan,
        "probes",
        json!({ "hypothesis": "Texting families weekly lifts attendance" }),
    );
    let at = format!("probes/{p}");
    assert!(fires(&plan, "probe-without-signal", &at));
    assert!(fires(&plan, "probe-without-safe-to-fail-bound", &at));
    set(
        &plan,
        &at,
        "signal",
        json!("Attendance in the two pilot classes"),
    );
    assert!(!fires(&plan, "probe-without-signal", &at));
    set(
        &plan,
        &at,
        "safe_to_fail",
        json!("Two classes, six weeks, opt-out for any family"),
    );
    assert!(!fires(&plan, "probe-without-safe-to-fail-bound", &at));
}

#[test]
fn measure_without_baseline() {
    let plan = Plan::empty(1);
    let m = add(&plan, "measures", json!({ "name": "Chronic absence" }));
    let at = format!("measures/{m}");
    assert!(fires(&plan, "measure-without-baseline", &at));
    set(&plan, &at, "baseline", json!(23.5));
    assert!(!fires(&plan, "measure-without-baseline", &at));
}

#[test]
fn root_cause_without_evidence() {
    let plan = Plan::empty(1);
    let cause = add(
        &plan,
        "root_causes",
        json!({ "statement": "No adult tracks each student" }),
    );
    let at = format!("root_causes/{cause}");
    assert!(fires(&plan, "root-cause-without-evidence", &at));
    let ev = add(
        &plan,
        "evidence",
        json!({ "statement": "Half of ninth graders name no adult" }),
    );
    link(&plan, &at, "evidence", &ev);
    assert!(!fires(&plan, "root-cause-without-evidence", &at));
}

#[test]
fn tactic_without_funded_cost_until_an_investment_pays_for_it_or_it_needs_none() {
    let plan = Plan::empty(1);
    let t = add(&plan, "tactics", json!({ "description": "Train tutors" }));
    let at = format!("tactics/{t}");
    assert!(fires(&plan, "tactic-without-funded-cost", &at));
    add(
        &plan,
        "ledger",
        json!({ "kind": "investment", "description": "Tutor training", "amount": 0,
                "unit": "usd", "fiscal_year": "2026-27", "tactics": [t] }),
    );
    assert!(
        fires(&plan, "tactic-without-funded-cost", &at),
        "nothing is paid yet"
    );
    add(
        &plan,
        "ledger",
        json!({ "kind": "investment", "description": "Tutor training", "amount": 1_500_000,
                "unit": "usd", "fiscal_year": "2026-27", "tactics": [t] }),
    );
    assert!(!fires(&plan, "tactic-without-funded-cost", &at));
    let free = add(
        &plan,
        "tactics",
        json!({ "description": "Share the tutoring schedule" }),
    );
    assert!(fires(
        &plan,
        "tactic-without-funded-cost",
        &format!("tactics/{free}")
    ));
    set(&plan, &format!("tactics/{free}"), "no_cost", json!(true));
    assert!(!fires(
        &plan,
        "tactic-without-funded-cost",
        &format!("tactics/{free}")
    ));
}

#[test]
fn ledger_unbalanced_until_a_source_covers_the_year() {
    let plan = Plan::empty(1);
    add(
        &plan,
        "ledger",
        json!({ "kind": "investment", "description": "Tutors", "amount": 12_000_000,
                "unit": "usd", "fiscal_year": "2026-27" }),
    );
    assert!(fires(&plan, "ledger-unbalanced", "ledger"));
    add(
        &plan,
        "ledger",
        json!({ "kind": "source", "source_kind": "reallocate", "description": "Title I set-aside",
                "amount": 12_000_000, "unit": "usd", "fiscal_year": "2026-27" }),
    );
    assert!(!fires(&plan, "ledger-unbalanced", "ledger"));
}

/// Each code the check can emit, read from its source, is named by a test of this binary
/// that makes it fire: a finding added without one fails here.
#[test]
fn every_finding_code_has_a_test_that_fires_it() {
    let source = include_str!("../../src/coherence.rs");
    let tests = [
        include_str!("every_finding.rs"),
        include_str!("findings.rs"),
        include_str!("tradeoffs.rs"),
        include_str!("program_findings.rs"),
    ]
    .concat();
    let mut codes: Vec<&str> = source
        .split("r.add(")
        .skip(1)
        .filter_map(|call| call.split('"').nth(1))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert!(codes.len() >= 20, "read {codes:?}");
    let untested: Vec<&&str> = codes
        .iter()
        .filter(|code| {
            // Fired here through `fires`, or in the trade-offs tests through `f.code ==`.
            !tests.contains(&format!("fires(&plan, \"{code}\""))
                && !tests.contains(&format!("f.code == \"{code}\""))
                && !tests.contains(&format!("        \"{code}\",\n"))
        })
        .collect();
    assert!(
        untested.is_empty(),
        "finding codes no test fires: {untested:?}"
    );
}
