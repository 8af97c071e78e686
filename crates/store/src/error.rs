//! What the plan file can refuse, as one error type.

use std::path::PathBuf;

use crate::{DamageReport, Seq};

/// Everything the store can refuse. Each message is one line, so the CLI can print it as-is
/// and a person can act on it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: no such plan file", .path.display())]
    NotFound { path: PathBuf },

    #[error("{}: a file already exists there; refusing to overwrite it", .path.display())]
    AlreadyExists { path: PathBuf },

    #[error("{}: not a Throughline plan file ({reason})", .path.display())]
    NotAPlanFile { path: PathBuf, reason: String },

    #[error(
        "{}: not a Throughline plan file (an SQLite database of another application, application_id {application_id:#010x})",
        .path.display()
    )]
    ForeignDatabase { path: PathBuf, application_id: i32 },

    #[error(
        "{}: made by a newer Throughline (file format {found}; this version reads up to {supported}); update Throughline to open it",
        .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "{}: the plan file is truncated ({actual} bytes, expected at least {expected}); restore it from a copy",
        .path.display()
    )]
    Truncated {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },

    #[error("{}: the plan file is read-only; copy it somewhere writable or change its permissions", .path.display())]
    ReadOnly { path: PathBuf },

    #[error("{}: cannot open the plan file ({detail})", .path.display())]
    CannotOpen { path: PathBuf, detail: String },

    #[error(
        "{}: the plan file is damaged ({detail}); nothing was changed, and repairing it into a new file keeps what can still be read",
        .path.display()
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "{}: the plan file is damaged: {report}; nothing was changed, and repairing it into a new file keeps what can still be read",
        .path.display()
    )]
    Damaged { path: PathBuf, report: DamageReport },

    #[error(
        "{}: the plan is open for writing in another program ({holder}); close it there first, or make this change there",
        .path.display()
    )]
    InUse { path: PathBuf, holder: String },

    #[error("{}: opened for reading only; this command cannot change it", .path.display())]
    OpenedForReading { path: PathBuf },

    #[error(
        "{}: this disk or file system does not support SQLite's write-ahead log (journal mode {mode})",
        .path.display()
    )]
    NoWal { path: PathBuf, mode: String },

    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("an update from {author:?} could not be decoded ({reason}); it is kept in quarantine as #{quarantine_id}")]
    UndecodableUpdate {
        quarantine_id: i64,
        author: String,
        reason: String,
    },

    #[error("update {seq} of the log is malformed and was moved to quarantine; retry with a fresh document")]
    PoisonedUpdate { seq: Seq },

    #[error("the document could not be completed from the log; load the plan again into a fresh document")]
    DocCorrupted,

    #[error("the plan file's snapshot cannot be read ({reason})")]
    CorruptSnapshot { reason: String },

    #[error("the state given for {what} is not a valid update ({reason})")]
    InvalidState { what: &'static str, reason: String },

    #[error("cannot compact up to update {upto_seq}: the log only reaches {last_seq}")]
    CompactionBeyondLog { upto_seq: Seq, last_seq: Seq },

    #[error("cannot compact from this document: the file holds changes it has not seen; call catch_up first")]
    NotCaughtUp,

    #[error("a version labelled {label:?} already exists")]
    DuplicateVersion { label: String },

    #[error("version {label:?} no longer matches its recorded hash: the file was altered outside Throughline")]
    TamperedVersion { label: String },

    #[error("there is no version named {label:?}")]
    NoSuchVersion { label: String },

    #[error("the document is in use by another transaction; finish it first")]
    DocBusy,

    #[error("the group commit failed: {0}")]
    BatchFailed(String),

    #[error("{}", sqlite_words(.0))]
    Sqlite(#[from] rusqlite::Error),

    #[error("schema migration failed: {}", one_line(&.0.to_string()))]
    Migration(#[from] rusqlite_migration::Error),
}

/// SQLite's own words, except where a person can act on ours: a busy file is another program
/// holding it, not a fault of the plan.
fn sqlite_words(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            String::from(
                "another program held the plan file for more than 5 seconds (SQLite: database is locked)",
            )
        }
        _ => format!("database error: {}", one_line(&e.to_string())),
    }
}

/// Details come from SQLite and yrs; keep the promise that every message is a single line.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
