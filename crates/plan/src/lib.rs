//! The plan model: a district redesign plan held in a yrs (Yjs) document, read and changed
//! through a typed schema. No I/O and no clock: template text and times are passed in by the
//! caller.
//!
//! The document's layout is documented for other Yjs clients in `docs/plan-format.md`.

pub mod coherence;
pub mod command;
pub mod compare;
pub mod dates;
pub mod deck;
pub mod display;
pub mod error;
pub mod fitness;
mod locate;
pub mod order;
pub mod parts;
pub mod plan;
pub mod progress;
mod restore;
pub mod schema;
pub mod section;
pub mod template;
pub mod tradeoffs;
pub mod vocab;
mod ydoc;

pub use coherence::{balance, coherence, Balance, BalanceRow, Finding, Location};
pub use command::{PlanCommand, PlanPath};
pub use compare::{compare, ChangeKind, FieldChange, ItemChange, SectionChange, Span, SpanKind};
pub use error::PlanError;
pub use parts::{PlanContent, FORMAT};
pub use plan::{Applied, Plan};
pub use section::SectionId;
pub use template::Template;
