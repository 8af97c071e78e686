//! A rating in the clear is refused while a private round is open on its indicator: each
//! rating is then sealed on its own laptop, and one written here would reach every peer before
//! the reveal. Before a round and after its reveal, ratings are written as they always were.

use serde_json::json;
use throughline_plan::{Plan, PlanCommand, PlanError};

use crate::edit::add;

fn rate(plan: &Plan, indicator: &str, member: &str) -> Result<(), PlanError> {
    plan.apply(&PlanCommand::Rate {
        indicator: indicator.into(),
        member: member.into(),
        rating: Some("dont_know".into()),
    })
    .map(|_| ())
}

#[test]
fn a_clear_rating_is_refused_while_a_private_round_is_open() {
    let plan = Plan::empty(1);
    let member = add(&plan, "members", json!({ "name": "Ana Ruiz" }));
    let open = add(
        &plan,
        "capacity",
        json!({ "indicator": "Coaching every week", "rating_key": "cHVibGljIGtleQ==" }),
    );
    let before = plan.content();
    let refused = rate(&plan, &open, &member).unwrap_err();
    assert!(
        refused.to_string().contains("sealed until the reveal"),
        "{refused}"
    );
    assert_eq!(plan.content(), before, "nothing written");

    plan.apply(&PlanCommand::Set {
        at: format!("capacity/{open}"),
        field: "reveal_key".into(),
        value: json!("c2VjcmV0"),
    })
    .unwrap();
    rate(&plan, &open, &member).unwrap();

    let no_round = add(&plan, "capacity", json!({ "indicator": "Data meetings" }));
    rate(&plan, &no_round, &member).unwrap();
}
