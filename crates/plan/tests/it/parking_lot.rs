//! The parking lot and per-person entries: an idea promoted into a strategy, tactic or root
//! cause keeps its words and records what it became; a refused promotion changes nothing; a
//! person's entry (a sealed ballot) is theirs alone, replaced by their second laptop.

use serde_json::{json, Map, Value};
use throughline_plan::{Plan, PlanCommand, PlanError};

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn add(plan: &Plan, to: &str, v: Value) -> String {
    plan.apply(&PlanCommand::Add {
        to: to.into(),
        fields: fields(v),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

fn promote(plan: &Plan, idea: &str, into: &str, v: Value) -> Result<Option<String>, PlanError> {
    plan.apply(&PlanCommand::Promote {
        idea: idea.into(),
        into: into.into(),
        fields: fields(v),
    })
    .map(|a| a.id)
}

#[test]
fn a_promoted_idea_keeps_its_words_and_links_back() {
    for (into, title) in [
        ("strategies", "name"),
        ("tactics", "description"),
        ("root_causes", "statement"),
    ] {
        let plan = Plan::empty(3);
        let idea = add(
            &plan,
            "parking_lot",
            json!({ "text": "Later start times for high schools", "author": "Dana" }),
        );
        let id = promote(&plan, &idea, into, json!({})).unwrap().unwrap();
        let content = serde_json::to_value(plan.content()).unwrap();
        let item = content[into]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id.as_str())
            .unwrap();
        assert_eq!(item[title], "Later start times for high schools", "{into}");
        let idea = &content["parking_lot"][0];
        assert_eq!(idea["promoted_to"], format!("{into}/{id}"));
        assert_eq!(idea["text"], "Later start times for high schools");
        assert_eq!(idea["author"], "Dana");
    }
}

#[test]
fn a_tactic_promoted_takes_the_strategy_it_is_given() {
    let plan = Plan::empty(3);
    let strategy = add(&plan, "strategies", json!({ "name": "Coaching" }));
    let idea = add(&plan, "parking_lot", json!({ "text": "Peer visits" }));
    let id = promote(&plan, &idea, "tactics", json!({ "strategy": strategy }))
        .unwrap()
        .unwrap();
    let content = plan.content();
    let tactic = content.tactics.iter().find(|t| t.id == id).unwrap();
    assert_eq!(tactic.strategy.as_deref(), Some(strategy.as_str()));
}

#[test]
fn refused_promotions_change_nothing() {
    let plan = Plan::empty(3);
    let idea = add(&plan, "parking_lot", json!({ "text": "Four-day weeks" }));
    let before = plan.content();
    assert!(matches!(
        promote(&plan, &idea, "ledger", json!({})),
        Err(PlanError::BadPath { .. })
    ));
    assert!(matches!(
        promote(&plan, "pk-none", "strategies", json!({})),
        Err(PlanError::NoSuchItem { .. })
    ));
    assert!(matches!(
        promote(&plan, &idea, "tactics", json!({ "strategy": "st-none" })),
        Err(PlanError::NoSuchItem { .. })
    ));
    assert_eq!(plan.content(), before);

    promote(&plan, &idea, "strategies", json!({})).unwrap();
    let once = plan.content();
    let again = promote(&plan, &idea, "root_causes", json!({}));
    assert!(
        matches!(&again, Err(PlanError::BadValue { why, .. }) if why.contains("already promoted")),
        "{again:?}"
    );
    assert_eq!(plan.content(), once);
    assert_eq!(once.strategies.len(), 1);
}

#[test]
fn a_person_entry_is_theirs_alone_and_replaced_not_added() {
    let plan = Plan::empty(3);
    let ana = add(&plan, "members", json!({ "name": "Ana" }));
    let ben = add(&plan, "members", json!({ "name": "Ben" }));
    let vote = add(
        &plan,
        "votes",
        json!({ "question": "Which first?", "dots": 3 }),
    );
    let entry = |member: &str, e: Option<&str>| PlanCommand::PersonEntry {
        at: format!("votes/{vote}"),
        field: "ballots".into(),
        member: member.into(),
        entry: e.map(str::to_string),
    };
    // Two laptops of Ana: one replica each, both placing her ballot.
    let laptop2 = Plan::empty(4);
    laptop2.apply_update(&plan.encode_state()).unwrap();
    let a = plan.apply(&entry(&ana, Some("sealed-1"))).unwrap().update;
    let b = laptop2
        .apply(&entry(&ana, Some("sealed-2")))
        .unwrap()
        .update;
    let c = plan.apply(&entry(&ben, Some("sealed-3"))).unwrap().update;
    laptop2.apply_update(&a).unwrap();
    laptop2.apply_update(&c).unwrap();
    plan.apply_update(&b).unwrap();
    plan.apply_update(&a).unwrap();
    let (one, two) = (plan.content(), laptop2.content());
    assert_eq!(one, two);
    assert_eq!(one.votes[0].ballots.len(), 2);
    assert!(one.votes[0].ballots[&ana].starts_with("sealed-"));

    let before = plan.content();
    assert!(plan.apply(&entry("m-none", Some("x"))).is_err());
    let wrong_field = PlanCommand::PersonEntry {
        at: format!("votes/{vote}"),
        field: "question".into(),
        member: ana.clone(),
        entry: Some("x".into()),
    };
    assert!(plan.apply(&wrong_field).is_err());
    assert_eq!(plan.content(), before);
    plan.apply(&entry(&ana, None)).unwrap();
    assert_eq!(plan.content().votes[0].ballots.len(), 1);
}

#[test]
fn set_fields_writes_all_or_nothing() {
    let plan = Plan::empty(3);
    let vote = add(
        &plan,
        "votes",
        json!({ "question": "Which first?", "dots": 3 }),
    );
    let before = plan.content();
    let refused = plan.apply(&PlanCommand::SetFields {
        at: format!("votes/{vote}"),
        fields: fields(json!({ "reveal_key": "k", "dots": "many" })),
    });
    assert!(refused.is_err());
    assert_eq!(plan.content(), before);
    plan.apply(&PlanCommand::SetFields {
        at: format!("votes/{vote}"),
        fields: fields(json!({
            "reveal_key": "k",
            "closed_at": "2026-03-02T10:00:00Z",
            "counts": [{ "item": "strategies/st1", "dots": 4 }],
        })),
    })
    .unwrap();
    let v = &plan.content().votes[0];
    assert_eq!(v.reveal_key, "k");
    assert_eq!(v.counts[0].dots, Some(4));
}
