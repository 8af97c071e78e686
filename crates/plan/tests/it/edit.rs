//! The edits the findings and ratings tests make, as a front end makes them: one command each,
//! and whether a finding stands at a place.

use serde_json::Value;
use throughline_plan::{coherence, Plan, PlanCommand};

/// Adds an item with these fields to `to`; its id.
pub fn add(plan: &Plan, to: &str, v: Value) -> String {
    plan.apply(&PlanCommand::Add {
        to: to.into(),
        fields: v.as_object().cloned().unwrap(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

pub fn set(plan: &Plan, at: &str, field: &str, value: Value) {
    plan.apply(&PlanCommand::Set {
        at: at.into(),
        field: field.into(),
        value,
    })
    .unwrap();
}

pub fn link(plan: &Plan, at: &str, field: &str, target: &str) {
    plan.apply(&PlanCommand::Link {
        at: at.into(),
        field: field.into(),
        target: target.into(),
    })
    .unwrap();
}

/// Whether the finding `code` stands at `path`.
pub fn fires(plan: &Plan, code: &str, path: &str) -> bool {
    coherence(&plan.content())
        .iter()
        .any(|f| f.code == code && f.location.path == path)
}
