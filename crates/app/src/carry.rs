//! Another copy's logged changes carried into this one, each under its own author and time.
//!
//! A table that worked apart comes back with a log: every change its people made, each with
//! its author and time. Merging its whole state as one update would credit all of it to the
//! person who merged, so the digest would name the wrong people. Instead each logged change is
//! replayed in order onto a scratch copy of this plan, and what it adds (exactly what its
//! transaction integrated, nothing this copy already had) is kept as a change of its own.

use std::panic::{catch_unwind, AssertUnwindSafe};

use throughline_store::{PlanFile, PlanHistory};
use yrs::updates::decoder::Decode;
use yrs::{Doc, IdSet, ReadTxn, Snapshot, StateVector, Transact, Update};

use crate::error::AppError;

/// One logged change of a document, as a copy's log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedChange {
    /// A Yjs v1 update.
    pub data: Vec<u8>,
    pub author: String,
    /// Milliseconds since the Unix epoch, on the laptop that made it.
    pub at_ms: i64,
}

/// A copy's two logs, oldest first: the plan's and the review document's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyLog {
    pub plan: Vec<LoggedChange>,
    pub review: Vec<LoggedChange>,
}

/// The name folded changes are carried under when compaction left no author for them.
fn folded_name(authors: &[String]) -> String {
    if authors.is_empty() {
        "earlier changes (folded)".to_string()
    } else {
        format!("{} (folded)", authors.join(", "))
    }
}

fn from_history(history: PlanHistory, folded: &str) -> Vec<LoggedChange> {
    let mut out = Vec::with_capacity(history.updates.len() + 1);
    if let Some(state) = history.snapshot {
        // Compaction keeps only counts per author; the snapshot goes first, named after them.
        out.push(LoggedChange {
            data: state,
            author: folded.to_string(),
            at_ms: history.snapshot_at_ms.unwrap_or_default(),
        });
    }
    out.extend(history.updates.into_iter().map(|u| LoggedChange {
        data: u.data,
        author: u.author,
        at_ms: u.at_ms,
    }));
    out
}

/// Reads a copy's logs from its file (opened for reading: it is not changed).
pub(crate) fn copy_log(file: &PlanFile) -> Result<CopyLog, AppError> {
    let folded = folded_name(&file.folded_authors()?);
    Ok(CopyLog {
        plan: from_history(file.plan_history()?, &folded),
        review: from_history(file.review_history()?, &folded),
    })
}

fn decode(bytes: &[u8]) -> Option<Update> {
    // yrs can panic on crafted bytes; a change that cannot be read is not carried.
    match catch_unwind(|| Update::decode_v1(bytes)) {
        Ok(Ok(update)) => Some(update),
        _ => None,
    }
}

/// A scratch document holding `state` (a v1 update), to replay another copy's log onto.
pub(crate) fn scratch(state: &[u8]) -> Result<Doc, AppError> {
    let doc = Doc::new();
    let update = decode(state).ok_or(AppError::UnreadableUpdate)?;
    doc.transact_mut()
        .apply_update(update)
        .map_err(|_| AppError::UnreadableUpdate)?;
    Ok(doc)
}

/// What of `log`, in order, `base` lacks: each change trimmed to exactly what its transaction
/// integrated into `base` (which is changed as it goes), under its own author and time. A
/// change that brings nothing new is left out, so carrying the same log twice carries nothing
/// the second time. Changes that cannot be read are left out too (their copy quarantines them).
pub(crate) fn lacking(base: &Doc, log: &[LoggedChange]) -> Vec<LoggedChange> {
    let mut out = Vec::new();
    for change in log {
        let Some(update) = decode(&change.data) else {
            continue;
        };
        let added = catch_unwind(AssertUnwindSafe(|| {
            let mut txn = base.transact_mut();
            txn.apply_update(update).ok()?;
            let changed = !txn.insert_set().is_empty() || !txn.delete_set().is_empty();
            changed.then(|| txn.encode_update_v1())
        }));
        if let Ok(Some(data)) = added {
            out.push(LoggedChange {
                data,
                author: change.author.clone(),
                at_ms: change.at_ms,
            });
        }
    }
    out
}

/// The changes of `log` that bring a copy holding `have` (its state vector and delete set)
/// anything: an insertion it lacks, or a deletion it has not made. Each is kept whole; the
/// copy that takes them in trims them with [`lacking`].
pub(crate) fn beyond(log: &[LoggedChange], have: &Snapshot) -> Vec<LoggedChange> {
    log.iter()
        .filter(|change| {
            decode(&change.data).is_some_and(|update| {
                inserts_beyond(&update.insertions(true), &have.state_map)
                    || !update.delete_set().diff(&have.delete_set).is_empty()
            })
        })
        .cloned()
        .collect()
}

fn inserts_beyond(inserted: &IdSet, have: &StateVector) -> bool {
    inserted.iter().any(|(client, ranges)| {
        let known = have.get(client);
        ranges.iter().any(|range| range.end > known)
    })
}

/// What a document holds, as a copy describes itself to another that will bundle for it.
pub(crate) fn holding(doc: &Doc) -> Snapshot {
    doc.transact().snapshot()
}
