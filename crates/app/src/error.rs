//! The one error the front ends see from the app, each variant one line a person can act on.

use std::path::PathBuf;

use throughline_export::ExportError;
use throughline_plan::template::TemplateError;
use throughline_plan::PlanError;
use throughline_store::StoreError;

/// Why an operation on a plan could not be done. Each reads as one line for a person.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Vote(#[from] crate::votes::VoteError),
    #[error("no lens `{id}`: a lens is a template id (choose {available})")]
    UnknownLens { id: String, available: String },
    #[error("no card deck with id `{id}` (available: {available})")]
    UnknownDeck { id: String, available: String },
    #[error("the deck `{deck}` has no card `{card}`")]
    UnknownCard { deck: String, card: String },
    #[error("`{0}` is not a fiscal year (write it as 2026-27)")]
    BadFirstYear(String),
    #[error("`{0}` is not a card play in this plan")]
    UnknownPlay(String),
    #[error("{}: cannot read ({reason})", .path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{}: is not valid plan JSON: {reason}", .path.display())]
    BadPlanJson { path: PathBuf, reason: String },
    #[error(
        "{}: is a copy of a different plan ({theirs}, this one is {ours}); merge only copies of one plan",
        .path.display()
    )]
    DifferentPlan {
        path: PathBuf,
        ours: String,
        theirs: String,
    },
    /// A bundle or state file that is foreign, damaged or newer.
    #[error("{}: {why}", .path.display())]
    BadCopyFile { path: PathBuf, why: String },
    #[error("a breakout table's name cannot be empty")]
    EmptyTableName,
    #[error("a version label cannot be empty")]
    EmptyLabel,
    #[error("there is no version named {0:?}")]
    NoSuchVersion(String),
    #[error("a change from a peer could not be read; it was set aside and the plan is unchanged")]
    UnreadableUpdate,
    #[error("the change was made but could not be saved: {0}")]
    NotSaved(StoreError),
    #[error("name the file to save the document as")]
    NoDocumentName,
    #[error("{}: there is no such folder", .0.display())]
    NoSuchFolder(PathBuf),
    #[error("{}: cannot save the document ({reason})", .path.display())]
    CannotSave { path: PathBuf, reason: String },
}
