//! What the review layer refuses. Nothing was changed when one of these is returned, except
//! [`ReviewError::Damaged`], which says the document must be rebuilt.

use throughline_plan::PlanError;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReviewError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("there is no comment thread `{0}`")]
    NoSuchThread(String),
    #[error("a comment cannot be empty")]
    EmptyComment,
    #[error("say who is writing: the name cannot be empty")]
    NoAuthor,
    #[error("`{at}` has no text in `{field}` yet to comment on")]
    NoText { at: String, field: String },
    #[error("characters {start}..{end} are not a range of `{at}` {field} (its length is {len})")]
    BadRange {
        at: String,
        field: String,
        start: u32,
        end: u32,
        len: u32,
    },
    #[error("there is nothing at `{0}` in the plan to comment on")]
    NoSuchObject(String),
    #[error("the review update could not be read: {0}")]
    BadUpdate(String),
    #[error("an update broke the review document while it was being applied; reload it")]
    Damaged,
}
