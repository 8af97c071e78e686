//! The demo plans: fictional districts, each carried through one program's template, shipped
//! inside the program so that `new --demo` and the app's first run work with no files around.

use throughline_plan::{Plan, PlanContent, PlanError};

/// The programs with a demo plan, by the id of the template each is written in; the first is
/// the demo a bare `--demo` makes.
pub const DEMO_PROGRAMS: &[&str] = &["dsdp", "nep", "ers", "rounds", "instll"];

fn demo_json(program: &str) -> Option<&'static str> {
    match program {
        "dsdp" => Some(include_str!("../../../assets/demo/demo.json")),
        "nep" => Some(include_str!("../../../assets/demo/nep.json")),
        "ers" => Some(include_str!("../../../assets/demo/ers.json")),
        "rounds" => Some(include_str!("../../../assets/demo/rounds.json")),
        "instll" => Some(include_str!("../../../assets/demo/instll.json")),
        _ => None,
    }
}

/// The demo plan's content (District System Design's).
pub fn demo_content() -> Result<PlanContent, PlanError> {
    Plan::content_from_json(demo_json("dsdp").unwrap_or_default())
}

/// The demo plan of a program (one of [`DEMO_PROGRAMS`]), or `None` for a program without one.
pub fn program_demo_content(program: &str) -> Option<Result<PlanContent, PlanError>> {
    demo_json(program).map(Plan::content_from_json)
}
