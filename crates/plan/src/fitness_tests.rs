//! Fitness's figures and guidance, each threshold on both sides.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use super::*;
use crate::Plan;

/// A plan of `strategies` strategies and `tactics` tactics (spread over them), from JSON.
fn sized(strategies: usize, tactics: usize) -> Value {
    let s: Vec<Value> = (0..strategies)
        .map(|i| json!({"id": format!("st{i}"), "name": format!("Strategy {i}")}))
        .collect();
    let t: Vec<Value> = (0..tactics)
        .map(|i| {
            json!({"id": format!("tc{i}"), "description": format!("Tactic {i}"),
                   "strategy": format!("st{}", i % strategies.max(1))})
        })
        .collect();
    json!({"strategies": s, "tactics": t})
}

fn content(v: &Value) -> PlanContent {
    Plan::content_from_json(&v.to_string()).unwrap()
}

fn keys(f: &Fitness) -> Vec<&'static str> {
    f.guidance.iter().map(|g| g.key).collect()
}

fn figure<'a>(f: &'a Fitness, key: &str) -> &'a str {
    &f.figures.iter().find(|x| x.key == key).unwrap().text
}

fn investment(tactic: &str, amount: i64) -> Value {
    json!({"id": format!("lg-{tactic}-{amount}"), "kind": "investment", "amount": amount,
           "unit": "usd", "fiscal_year": "2026-27", "tactics": [tactic]})
}

#[test]
fn an_empty_plan_has_nothing_to_count_and_nothing_to_suggest() {
    let f = fitness(&PlanContent::default());
    let seen: Vec<(&str, &str)> = f
        .figures
        .iter()
        .map(|x| (x.label, x.text.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("Strategies", "0"),
            ("Tactics", "0"),
            ("Tactics paid for", "none yet"),
            ("Measures per strategy", "none yet"),
            ("Root causes answered", "none yet"),
        ]
    );
    assert!(f.guidance.is_empty(), "{:?}", f.guidance);
}

#[test]
fn a_big_plan_is_told_plans_that_get_done_are_usually_smaller() {
    let f = fitness(&content(&sized(7, 64)));
    assert_eq!((f.strategies, f.tactics), (7, 64));
    let size = f.guidance.iter().find(|g| g.key == "size").unwrap();
    assert_eq!(
        size.text,
        "7 strategies and 64 tactics: plans that get done are usually smaller, three to five strategies a team can carry at once."
    );
    // At the thresholds themselves, nothing about size.
    let f = fitness(&content(&sized(MOST_STRATEGIES, MOST_TACTICS)));
    assert!(!keys(&f).contains(&"size"), "{:?}", f.guidance);
    // One over either is enough.
    assert!(keys(&fitness(&content(&sized(MOST_STRATEGIES + 1, 3)))).contains(&"size"));
    assert!(keys(&fitness(&content(&sized(3, MOST_TACTICS + 1)))).contains(&"size"));
}

#[test]
fn the_share_paid_for_counts_funded_tactics_and_those_needing_no_new_resources() {
    let mut v = sized(1, 5);
    v["ledger"] = json!([
        investment("tc0", 100),
        investment("tc1", 100),
        investment("tc2", 0), // no money is not a funded cost
    ]);
    v["tactics"][3]["no_cost"] = json!(true);
    let f = fitness(&content(&v));
    assert_eq!((f.tactics_funded, f.tactics_no_cost), (2, 1));
    assert_eq!(figure(&f, "tactics_paid_for"), "3 of 5 (60%)");
    let g = f.guidance.iter().find(|g| g.key == "paid_for").unwrap();
    assert_eq!(
        g.text,
        "3 of 5 tactics are paid for: tactics without money or time set aside tend to wait, so the room may choose which to fund or let go."
    );
    // Four of five is 80%: enough.
    v["ledger"][2] = investment("tc2", 100);
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "tactics_paid_for"), "4 of 5 (80%)");
    assert!(!keys(&f).contains(&"paid_for"));
}

#[test]
fn measures_per_strategy_and_strategies_no_measure_tracks() {
    let mut v = sized(2, 2);
    for t in 0..2 {
        v["tactics"][t]["no_cost"] = json!(true);
    }
    v["measures"] = json!([{"id": "me0", "name": "Reading", "strategies": ["st0"]}]);
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "measures_per_strategy"), "0.5");
    assert_eq!(f.strategies_unmeasured, 1);
    assert_eq!(
        f.guidance
            .iter()
            .find(|g| g.key == "unmeasured")
            .unwrap()
            .text,
        "1 of 2 strategies has no measure yet: a strategy nobody watches is hard to steer."
    );
    // Eight measures on two strategies is 4.0 each: not too many; nine is.
    let measures: Vec<Value> = (0..8)
        .map(|i| json!({"id": format!("me{i}"), "name": "M", "strategies": [format!("st{}", i % 2)]}))
        .collect();
    v["measures"] = json!(measures);
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "measures_per_strategy"), "4.0");
    assert!(keys(&f).is_empty(), "{:?}", f.guidance);
    v["measures"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "me9", "name": "M", "strategies": ["st0"]}));
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "measures_per_strategy"), "4.5");
    assert_eq!(
        f.guidance.iter().find(|g| g.key == "many_measures").unwrap().text,
        "4.5 measures per strategy: a few the team reviews each quarter usually tell more than many."
    );
}

#[test]
fn root_causes_answered_by_the_theory_of_action() {
    let mut v = sized(1, 1);
    v["measures"] = json!([{"id": "me0", "name": "M", "strategies": ["st0"]}]);
    v["ledger"] = json!([investment("tc0", 100)]);
    v["root_causes"] = json!([
        {"id": "rc0", "statement": "A"}, {"id": "rc1", "statement": "B"}, {"id": "rc2", "statement": "C"}
    ]);
    // No theory of action yet: the figure, but no guidance before the team has begun it.
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "root_causes_answered"), "0 of 3 (0%)");
    assert!(f.guidance.is_empty(), "{:?}", f.guidance);
    v["statements"] = json!([{"id": "ta0", "practice_change": "P", "root_causes": ["rc0"]}]);
    let f = fitness(&content(&v));
    assert_eq!(figure(&f, "root_causes_answered"), "1 of 3 (33%)");
    assert_eq!(
        f.guidance.iter().find(|g| g.key == "unanswered").unwrap().text,
        "2 of 3 root causes are not answered by the theory of action yet: strategies that answer no cause tend to drift."
    );
    v["statements"][0]["root_causes"] = json!(["rc0", "rc1", "rc2"]);
    assert!(fitness(&content(&v)).guidance.is_empty());
}

/// Guidance, never a rule: no word of it orders the team about.
#[test]
fn guidance_is_worded_as_guidance() {
    let mut v = sized(9, 80);
    v["measures"] = json!([{"id": "me0", "name": "M", "strategies": ["st0", "st0"]}]);
    v["root_causes"] = json!([{"id": "rc0", "statement": "A"}]);
    v["statements"] = json!([{"id": "ta0", "practice_change": "P"}]);
    let f = fitness(&content(&v));
    assert_eq!(
        keys(&f),
        ["size", "paid_for", "unmeasured", "unanswered"],
        "{:?}",
        f.guidance
    );
    for g in &f.guidance {
        let lower = g.text.to_lowercase();
        for word in ["must", "should", "required", "need to", "error", "too many"] {
            assert!(!lower.contains(word), "“{}” says “{word}”", g.text);
        }
    }
}
