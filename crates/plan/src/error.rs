//! What can go wrong when reading or changing a plan.

/// An edit or a decode the plan refused. Nothing was changed when one of these is returned,
/// except [`PlanError::Damaged`], which says the document must be rebuilt.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("there is no part of a plan called `{0}`")]
    UnknownPart(String),
    #[error("`{path}` is not a valid place in a plan: {why}")]
    BadPath { path: String, why: &'static str },
    #[error("there is no {noun} with id `{id}`")]
    NoSuchItem { noun: &'static str, id: String },
    #[error("a {noun} has no field `{field}`")]
    UnknownField { noun: &'static str, field: String },
    #[error("{noun} `{field}`: {why}")]
    BadValue {
        noun: &'static str,
        field: String,
        why: String,
    },
    #[error("an item with id `{0}` already exists")]
    DuplicateId(String),
    #[error("`{0}` is not a valid id (letters, digits, `.`, `-`, `_`; at most 64)")]
    BadId(String),
    #[error("the update could not be read: {0}")]
    BadUpdate(String),
    #[error("an update broke the document while it was being applied; reload the plan")]
    Damaged,
    #[error("the plan JSON could not be read: {0}")]
    BadJson(String),
    #[error("the plan JSON is format {found}; this version of Throughline reads format {supported} or older")]
    NewerFormat { found: u32, supported: u32 },
}
