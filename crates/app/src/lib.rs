//! The one application API both front ends (the `throughline` CLI and the desktop shell) call:
//! create and open plan files, change a plan, read it, check it, name versions, merge copies.
//!
//! This is the only crate that joins the plan model (`throughline-plan`, no I/O) to its file
//! (`throughline-store`, no schema), and the one that finds what the pure crates are handed:
//! template folders, the PDF's fonts and the time.

mod agenda;
mod author;
mod breakout;
mod bundle;
mod carry;
mod clock;
mod compare;
mod decks;
mod demo;
pub mod desktop;
mod document_file;
mod error;
mod export;
mod fonts;
mod history;
mod open_plan;
mod open_review;
mod outline;
mod repair;
mod replica;
pub mod retreat;
mod signoff;
mod templates;
pub mod votes;

pub use agenda::{agenda_text, block_place, duration_text};
pub use author::{default_author, display_name, login_name, named_author, NOBODY};
pub use breakout::MergeReport;
pub use bundle::{BUNDLE_HEADER, STATE_HEADER};
pub use clock::Now;
pub use compare::{Comparison, RestoreReport, Side};
pub use decks::{play_command, CardPlay, Decks};
pub use demo::{demo_content, program_demo_content, DEMO_PROGRAMS};
pub use document_file::DocumentFile;
pub use error::AppError;
pub use export::ExportOptions;
pub use history::SectionHistory;
pub use open_plan::{content_from_json, NewPlan, OpenPlan, VersionSummary};
pub use open_review::{OpenReview, StatusView, ThreadView};
pub use outline::{outline, outline_json};
pub use repair::repair_plan;
pub use signoff::{SignoffState, SignoffView};
pub use templates::Templates;
pub use throughline_export::Format as ExportFormat;
pub use throughline_export::Profile as ExportProfile;
pub use throughline_store::RepairReport;

// What the front ends read and format, by name. The crates behind `app` are not part of its
// API: a front end that needed more would be doing `app`'s job.
pub use throughline_plan::vocab::ReviewStatus;
pub use throughline_plan::{
    ChangeKind, Finding, PlanCommand, PlanContent, SectionId, Span, SpanKind,
};
pub use throughline_review::attribution::{HistoryEntry, PersonDigest};
