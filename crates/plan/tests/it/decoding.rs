//! Bytes from outside (a peer's update, a pasted JSON file) never panic the model and, when
//! refused, change nothing.

use proptest::prelude::*;
use serde_json::json;
use throughline_plan::{Plan, PlanCommand};

fn plan_with_content() -> (Plan, Vec<u8>) {
    let plan = Plan::empty(7);
    let fields = |v: serde_json::Value| match v {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    let st = plan
        .apply(&PlanCommand::Add {
            to: "strategies".into(),
            fields: fields(json!({"name": "Coach every new teacher"})),
            after: None,
        })
        .unwrap();
    let edit = plan
        .apply(&PlanCommand::EditText {
            at: format!("strategies/{}", st.id.unwrap()),
            field: "name".into(),
            index: 0,
            delete: 5,
            insert: "Mentor".into(),
        })
        .unwrap();
    (plan, edit.update)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_an_update_never_change_the_plan_when_refused(
        bytes in proptest::collection::vec(any::<u8>(), 0..256)
    ) {
        let (plan, _) = plan_with_content();
        let before = plan.encode_state();
        if plan.apply_update(&bytes).is_err() {
            prop_assert_eq!(plan.encode_state(), before);
        }
    }

    #[test]
    fn truncated_real_updates_are_refused_whole(cut in 0usize..64) {
        let (source, update) = plan_with_content();
        let _ = source;
        let cut = cut.min(update.len().saturating_sub(1));
        let target = Plan::empty(9);
        let before = target.encode_state();
        if target.apply_update(&update[..cut]).is_err() {
            prop_assert_eq!(target.encode_state(), before);
        }
    }

    #[test]
    fn arbitrary_text_as_plan_json_is_an_error_not_a_panic(text in ".{0,200}") {
        let _ = Plan::content_from_json(&text);
    }

    #[test]
    fn arbitrary_json_values_are_refused_or_build_a_plan(
        title in ".{0,40}", amount in any::<i64>(), year in "[0-9]{4}-[0-9]{2}", unit in "[a-z_]{0,8}"
    ) {
        let json = json!({
            "format": 1,
            "record": {"title": title},
            "ledger": [{"id": "lg1", "kind": "investment", "amount": amount, "unit": unit, "fiscal_year": year}]
        });
        if let Ok(content) = Plan::content_from_json(&json.to_string()) {
            if let Ok(plan) = Plan::from_content(3, &content) {
                let back = plan.content();
                prop_assert_eq!(back.ledger.len(), 1);
            }
        }
    }
}

#[test]
fn refused_commands_change_nothing() {
    let (plan, _) = plan_with_content();
    let before = plan.encode_state();
    let bad = [
        json!({"op": "add", "to": "strategies", "fields": {"owner": "no-such-member"}}),
        json!({"op": "add", "to": "ledger", "fields": {"amount": "lots"}}),
        json!({"op": "add", "to": "tactics", "fields": {"due": "next tuesday"}}),
        json!({"op": "set", "at": "ledger", "field": "amount", "value": 5}),
        json!({"op": "edit_text", "at": "vision", "field": "statement", "index": 999, "delete": 0, "insert": "x"}),
        json!({"op": "link", "at": "strategies/zz", "field": "root_causes", "target": "rc1"}),
        json!({"op": "move", "at": "strategies/zz", "after": null}),
        json!({"op": "remove", "at": "vision"}),
        json!({"op": "rate", "indicator": "ci-none", "member": "m1", "rating": "high"}),
    ];
    for command in bad {
        let parsed: Result<PlanCommand, _> = serde_json::from_value(command.clone());
        if let Ok(cmd) = parsed {
            assert!(plan.apply(&cmd).is_err(), "accepted {command}");
        }
        assert_eq!(plan.encode_state(), before, "{command} changed the plan");
    }
}
