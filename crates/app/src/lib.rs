//! The one application API both front ends (the `throughline` CLI and the desktop shell) call:
//! create and open plan files, change a plan, read it, check it, name versions, merge copies.
//!
//! This is the only crate that joins the plan model (`throughline-plan`, no I/O) to its file
//! (`throughline-store`, no schema), and the only one below the front ends that reads the clock.

mod clock;
mod compare;
mod demo;
pub mod desktop;
mod error;
mod history;
mod open_plan;
mod outline;
mod replica;
mod open_review;
mod signoff;
mod templates;

pub use clock::Now;
pub use compare::{Comparison, RestoreReport, Side};
pub use demo::demo_content;
pub use error::AppError;
pub use history::SectionHistory;
pub use open_plan::{MergeReport, NewPlan, OpenPlan, VersionSummary};
pub use outline::outline;
pub use open_review::{OpenReview, ThreadView};
pub use signoff::{SignoffState, SignoffView};
pub use templates::Templates;

pub use throughline_plan as plan;
pub use throughline_review as review;
pub use throughline_store as store;
