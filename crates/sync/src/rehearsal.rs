//! Applying a peer's updates to a live document all or nothing.
//!
//! yrs's `apply_update` is not atomic: on a crafted update it can return an error after it
//! has already integrated part of it (an item whose parent is not a type: `InvalidParent`,
//! found by mutating real updates), and it can panic. yrs has no rollback. So every update a
//! peer sends is first rehearsed on a private copy of the document, and reaches the live
//! document only if the rehearsal went through cleanly. A failed rehearsal throws the copy
//! away (it may be half-changed) and rebuilds it from the live document when next needed.
//!
//! The copy follows every change made to the live document by anyone else (the host's own
//! edits, the plan file catching up) through an update observer, so it stays identical to the
//! live document however that is changed. Rehearsing costs a second integration of each
//! update, which for typed characters is microseconds.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use yrs::updates::decoder::Decode;
use yrs::{Doc, Options, Origin, ReadTxn, StateVector, Transact, TransactionMut, Update};

use crate::error::SyncError;
use crate::lib0::Reader;

/// How often rebuilding the copy may be overtaken by concurrent local edits before giving up.
const REBUILD_ATTEMPTS: usize = 8;

/// Transaction origin of every update this crate applies to a caller's document. An
/// `observe_update_v1` handler can use it to tell updates from peers (which the room reports
/// in [`crate::Received::changed`]) from the caller's own edits.
pub const SYNC_ORIGIN: &str = "throughline-sync";

static NEXT_OBSERVER: AtomicU64 = AtomicU64::new(1);

/// A live document plus the private copy its incoming updates are rehearsed on.
pub(crate) struct GuardedDoc {
    doc: Doc,
    copy: Arc<Mutex<Copy>>,
    observer_key: String,
}

struct Copy {
    /// `None` after a failed rehearsal or a change it could not follow: rebuilt before use.
    doc: Option<Doc>,
    /// Live-document changes that arrived while `doc` was `None`.
    missed: u64,
}

/// What integrating a batch of updates into the live document did.
pub(crate) struct Integrated {
    /// The change as one v1 update (only what was new to the document), `None` if nothing was.
    pub changed: Option<Vec<u8>>,
    /// The document now holds updates whose predecessors it lacks.
    pub missing_updates: bool,
}

impl GuardedDoc {
    pub fn new(doc: Doc) -> Result<Self, SyncError> {
        let copy = Arc::new(Mutex::new(Copy {
            doc: None,
            missed: 0,
        }));
        let observer_key = format!(
            "{SYNC_ORIGIN}/rehearsal/{}",
            NEXT_OBSERVER.fetch_add(1, Ordering::Relaxed)
        );
        let follower = Arc::clone(&copy);
        doc.observe_update_v1(observer_key.as_str(), move |txn, event| {
            if is_ours(txn) {
                // Rehearsed already: the copy has it.
                return;
            }
            let mut copy = lock(&follower);
            let followed = match &copy.doc {
                Some(copy_doc) => integrate_all(copy_doc, None, &[&event.update]).is_ok(),
                None => false,
            };
            if !followed {
                copy.doc = None;
                copy.missed += 1;
            }
        })
        .map_err(|_| SyncError::DocumentBusy)?;
        let guarded = GuardedDoc {
            doc,
            copy,
            observer_key,
        };
        guarded.ensure_copy()?;
        Ok(guarded)
    }

    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// Integrates `updates` (v1) into the live document in one transaction, or refuses them
    /// all leaving it unchanged.
    pub fn integrate(&self, updates: &[&[u8]]) -> Result<Integrated, SyncError> {
        if updates.is_empty() {
            return Ok(Integrated {
                changed: None,
                missing_updates: false,
            });
        }
        self.rehearse(updates)?;
        let origin = Origin::from(SYNC_ORIGIN);
        integrate_all(&self.doc, Some(origin), updates).map_err(|failure| {
            // The copy accepted it and the live document did not: they differed. Nothing
            // about the live document can be trusted now.
            lock(&self.copy).doc = None;
            match failure {
                Failure::Undecodable(_) | Failure::Refused(_) | Failure::Crashed => {
                    SyncError::DocumentDamaged
                }
            }
        })
    }

    /// A v1 update with everything the document has that a peer with `state_vector` lacks.
    pub fn missing_from(&self, state_vector: &[u8]) -> Result<Vec<u8>, SyncError> {
        let sv = decode_state_vector(state_vector)?;
        catch_unwind(AssertUnwindSafe(|| {
            self.doc.transact().encode_state_as_update_v1(&sv)
        }))
        .map_err(|_| SyncError::malformed("the state vector could not be answered"))
    }

    pub fn state_vector(&self) -> Vec<u8> {
        use yrs::updates::encoder::Encode;
        self.doc.transact().state_vector().encode_v1()
    }

    /// Whether `update` holds anything this document lacks: content beyond what it has seen,
    /// or deletions it has not made. A read-only peer's sync step 2 usually holds nothing new
    /// (it answers our step 1 with what it got from us), and must not count as a write.
    pub fn is_news(&self, update: &[u8]) -> Result<bool, SyncError> {
        let update = decode_update(update)?;
        let txn = self.doc.transact();
        let sv = txn.state_vector();
        let inserts_new = update
            .insertions(true)
            .iter()
            .any(|(client, ranges)| ranges.iter().any(|r| r.end > sv.get(client)));
        if inserts_new {
            return Ok(true);
        }
        if update.delete_set().is_empty() {
            return Ok(false);
        }
        let known = txn.snapshot().delete_set;
        Ok(!update.delete_set().diff(&known).is_empty())
    }

    fn rehearse(&self, updates: &[&[u8]]) -> Result<(), SyncError> {
        self.ensure_copy()?;
        let mut copy = lock(&self.copy);
        let Some(copy_doc) = copy.doc.as_ref() else {
            return Err(SyncError::DocumentBusy);
        };
        match integrate_all(copy_doc, None, updates) {
            Ok(_) => Ok(()),
            // Decoding fails before the copy is touched: it stays.
            Err(Failure::Undecodable(e)) => Err(e),
            Err(failure) => {
                copy.doc = None;
                Err(SyncError::UpdateRefused {
                    reason: match failure {
                        Failure::Refused(reason) => reason,
                        Failure::Undecodable(e) => e.to_string(),
                        Failure::Crashed => String::from("it crashed the CRDT library"),
                    },
                })
            }
        }
    }

    /// Rebuilds the copy from the live document if it was thrown away. Never holds the copy's
    /// lock while reading the live document: the observer takes them in the other order.
    fn ensure_copy(&self) -> Result<(), SyncError> {
        for _ in 0..REBUILD_ATTEMPTS {
            let missed_before = {
                let copy = lock(&self.copy);
                if copy.doc.is_some() {
                    return Ok(());
                }
                copy.missed
            };
            let state = catch_unwind(AssertUnwindSafe(|| {
                self.doc
                    .transact()
                    .encode_state_as_update_v1(&StateVector::default())
            }))
            .map_err(|_| SyncError::DocumentDamaged)?;
            let fresh = Doc::with_options(Options {
                skip_gc: self.doc.skip_gc(),
                ..Options::default()
            });
            integrate_all(&fresh, None, &[&state]).map_err(|_| SyncError::DocumentDamaged)?;
            let mut copy = lock(&self.copy);
            if copy.missed == missed_before {
                copy.doc = Some(fresh);
                return Ok(());
            }
        }
        Err(SyncError::DocumentBusy)
    }
}

impl Drop for GuardedDoc {
    fn drop(&mut self) {
        // Fails only if a transaction is open on the document; the observer then stays, and
        // merely keeps following into a copy nobody reads.
        let _ = self.doc.unobserve_update_v1(self.observer_key.as_str());
    }
}

fn is_ours(txn: &TransactionMut<'_>) -> bool {
    txn.origin() == Some(&Origin::from(SYNC_ORIGIN))
}

/// The copy's lock guards plain data that a panic cannot leave inconsistent (every yrs call
/// under it is wrapped in `catch_unwind`), so a poisoned lock is still usable.
fn lock(copy: &Mutex<Copy>) -> MutexGuard<'_, Copy> {
    copy.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

enum Failure {
    /// Bytes that are not an update (the decoder's own error).
    Undecodable(SyncError),
    Refused(String),
    Crashed,
}

/// Applies every update in one transaction; stops at the first that fails.
fn integrate_all(
    doc: &Doc,
    origin: Option<Origin>,
    updates: &[&[u8]],
) -> Result<Integrated, Failure> {
    let decoded = updates
        .iter()
        .map(|u| decode_update(u))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Failure::Undecodable)?;
    let mut txn = match origin {
        Some(origin) => doc.transact_mut_with(origin),
        None => doc.transact_mut(),
    };
    let mut failure = None;
    for update in decoded {
        match catch_unwind(AssertUnwindSafe(|| txn.apply_update(update))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                failure = Some(Failure::Refused(one_line(&e.to_string())));
                break;
            }
            Err(_) => {
                failure = Some(Failure::Crashed);
                break;
            }
        }
    }
    let summary = catch_unwind(AssertUnwindSafe(|| {
        let changed = txn.encode_update_v1();
        (changed, txn.has_missing_updates())
    }));
    // Committing integrates pending structures and may itself trip on what was applied.
    let committed = catch_unwind(AssertUnwindSafe(move || drop(txn)));
    if let Some(failure) = failure {
        return Err(failure);
    }
    let (changed, missing_updates) = summary.map_err(|_| Failure::Crashed)?;
    committed.map_err(|_| Failure::Crashed)?;
    Ok(Integrated {
        changed: (changed.as_slice() != Update::EMPTY_V1).then_some(changed),
        missing_updates,
    })
}

/// Decodes a v1 update that Yjs would apply alike ([`crate::yjs_rules`]). The count of clients is checked against the bytes present first:
/// yrs reserves a hash table of that size up front, so a few bytes claiming millions of
/// clients would otherwise allocate and touch megabytes before failing.
pub(crate) fn decode_update(bytes: &[u8]) -> Result<Update, SyncError> {
    claimed_count_fits(bytes, 3, "update")?;
    // The rules read with yrs's decoder, which may panic on bytes nobody has tried yet.
    catch_unwind(|| crate::yjs_rules::check(bytes))
        .map_err(|_| SyncError::malformed("update: the decoder failed on it"))??;
    match catch_unwind(|| Update::decode_v1(bytes)) {
        Ok(Ok(update)) => Ok(update),
        Ok(Err(e)) => Err(SyncError::malformed(format!(
            "update: {}",
            one_line(&e.to_string())
        ))),
        Err(_) => Err(SyncError::malformed("update: the decoder failed on it")),
    }
}

pub(crate) fn decode_state_vector(bytes: &[u8]) -> Result<StateVector, SyncError> {
    claimed_count_fits(bytes, 2, "state vector")?;
    match catch_unwind(|| StateVector::decode_v1(bytes)) {
        Ok(Ok(sv)) => Ok(sv),
        Ok(Err(e)) => Err(SyncError::malformed(format!(
            "state vector: {}",
            one_line(&e.to_string())
        ))),
        Err(_) => Err(SyncError::malformed(
            "state vector: the decoder failed on it",
        )),
    }
}

/// Both a v1 update and a state vector open with a count of entries, each of which takes at
/// least `min_entry_bytes`.
fn claimed_count_fits(
    bytes: &[u8],
    min_entry_bytes: u64,
    what: &'static str,
) -> Result<(), SyncError> {
    let mut reader = Reader::new(bytes);
    let count = reader.var_uint(what)?;
    if count.saturating_mul(min_entry_bytes) > reader.remaining() as u64 {
        return Err(SyncError::malformed(format!(
            "{what}: claims {count} clients in {} bytes",
            reader.remaining()
        )));
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
