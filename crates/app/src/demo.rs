//! The demo plan: a fictional district carried through one template, shipped inside the
//! program so that `new --demo` and the app's first run work with no files around.

use throughline_plan::{Plan, PlanContent, PlanError};

const DEMO_JSON: &str = include_str!("../../../assets/demo/demo.json");

/// The demo plan's content.
pub fn demo_content() -> Result<PlanContent, PlanError> {
    Plan::content_from_json(DEMO_JSON)
}
