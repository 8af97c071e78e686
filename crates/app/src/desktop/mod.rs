//! What the desktop app asks of a plan, in the shapes its UI reads.
//!
//! The desktop shell (`src-tauri`) registers each method of [`DesktopSession`] as one command;
//! this module is where those commands' work and JSON shapes live, so the shell stays a list of
//! one-line calls and the CLI never compiles any of it into a different shape. With the
//! `bindings` feature every type here derives `specta::Type`, from which the UI's TypeScript
//! bindings are generated.

mod at_hand;
mod breakouts;
mod export_types;
mod exporting;
mod facilitating;
mod folder;
mod home;
mod live;
mod prefs;
mod rescue;
mod retreat;
mod retreat_types;
mod review_types;
mod reviewing;
mod schema;
mod session;
mod tradeoffs;
mod types;
mod viewing;
mod voting;
mod voting_types;

#[cfg(test)]
mod breakouts_tests;
#[cfg(test)]
mod facilitating_tests;
#[cfg(test)]
mod retreat_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tradeoffs_tests;
#[cfg(test)]
mod viewing_tests;
#[cfg(test)]
mod voting_tests;

pub use breakouts::{BundleView, MergeView};
pub use export_types::*;
pub use home::DesktopHome;
pub use live::LiveNews;
pub use rescue::RepairView;
pub use retreat_types::*;
pub use review_types::*;
pub use schema::{plan_schema, FieldSchema, FieldShape, PartSchema, PlanSchema, Vocabulary};
pub use session::DesktopSession;
pub use tradeoffs::{
    CardView, CliffView, DeckChoices, DeckView, PlayRequest, StopView, TradeOffResult,
};
pub use types::*;
pub use voting_types::*;
