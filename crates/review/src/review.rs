//! The review document: comment threads and section status, changed only through these
//! methods (or by another Yjs client following the layout in `layout.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use throughline_plan::vocab::ReviewStatus;
use throughline_plan::{Applied, Plan, SectionId};
use yrs::updates::decoder::Decode;
use yrs::{
    Any, Array, ArrayPrelim, Doc, Map, MapPrelim, MapRef, Options, Out, ReadTxn, StateVector,
    Transact, TransactionMut, Update, WriteTxn,
};

use crate::anchor::{Anchor, On};
use crate::error::ReviewError;
use crate::layout::*;
use crate::status::{SectionFingerprints, SectionStatus};
use crate::thread::Thread;
use crate::waiting::{section_waits_on, thread_waits_on, WaitingOnMe};

/// The review layer of one plan, held in its own Yjs document.
pub struct Review {
    doc: Doc,
}

impl std::fmt::Debug for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Review")
            .field("client_id", &self.doc.client_id().get())
            .finish()
    }
}

fn named(name: &str) -> Result<String, ReviewError> {
    let name = name.trim();
    if name.is_empty() {
        Err(ReviewError::NoAuthor)
    } else {
        Ok(name.to_string())
    }
}

fn text(body: &str) -> Result<&str, ReviewError> {
    if body.trim().is_empty() {
        Err(ReviewError::EmptyComment)
    } else {
        Ok(body)
    }
}

fn people(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

impl Review {
    /// An empty review document for this replica (each running replica needs its own client
    /// id; the app picks a random one per session).
    pub fn empty(client_id: u64) -> Review {
        Review {
            doc: Doc::with_options(Options::with_client_id(yrs::block::ClientID::new(
                client_id,
            ))),
        }
    }

    /// The document, for loading it from the plan file and syncing it.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    fn client(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// An id unique across replicas without a clock or randomness: client id and clock.
    fn mint(txn: &TransactionMut, prefix: &str, client: u64) -> String {
        let clock = txn.state_vector().get(&yrs::block::ClientID::new(client));
        format!("{prefix}{client:x}.{clock}")
    }

    /// Opens a thread on `on` with its first message. `asked` names people asked to answer.
    /// Returns the thread's id and the update.
    pub fn comment(
        &self,
        plan: &Plan,
        on: &On,
        author: &str,
        at: &str,
        body: &str,
        asked: &[String],
    ) -> Result<Applied, ReviewError> {
        let author = named(author)?;
        let body = text(body)?;
        let anchor = Anchor::new(plan, on)?;
        let section = anchor.section(plan);
        let client = self.client();
        let mut txn = self.doc.transact_mut();
        let threads = txn.get_or_insert_map(THREADS);
        let id = Self::mint(&txn, "th", client);
        let thread = threads.insert(&mut txn, id.as_str(), MapPrelim::default());
        thread.insert(&mut txn, ANCHOR, anchor.to_any());
        if let Some(s) = section {
            thread.insert(&mut txn, SECTION, s.as_str());
        }
        thread.insert(&mut txn, AUTHOR, author.as_str());
        thread.insert(&mut txn, AT, at);
        thread.insert(&mut txn, STATE, "open");
        let asked_map = thread.insert(&mut txn, ASKED, MapPrelim::default());
        for name in people(asked) {
            asked_map.insert(&mut txn, name, true);
        }
        let messages = thread.insert(&mut txn, MESSAGES, ArrayPrelim::default());
        let message = message(&txn, client, &author, body, at);
        messages.push_back(&mut txn, message);
        Ok(Applied {
            id: Some(id),
            update: txn.encode_update_v1(),
        })
    }

    /// Adds a reply to a thread.
    pub fn reply(
        &self,
        thread: &str,
        author: &str,
        at: &str,
        body: &str,
    ) -> Result<Applied, ReviewError> {
        let author = named(author)?;
        let body = text(body)?;
        let client = self.client();
        let mut txn = self.doc.transact_mut();
        let map = thread_map(&mut txn, thread)?;
        let messages = match map.get(&txn, MESSAGES) {
            Some(Out::YArray(a)) => a,
            _ => map.insert(&mut txn, MESSAGES, ArrayPrelim::default()),
        };
        let message = message(&txn, client, &author, body, at);
        let id = match &message {
            Any::Map(m) => match m.get("id") {
                Some(Any::String(s)) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        };
        messages.push_back(&mut txn, message);
        Ok(Applied {
            id,
            update: txn.encode_update_v1(),
        })
    }

    /// Marks a thread resolved.
    pub fn resolve(&self, thread: &str, by: &str, at: &str) -> Result<Applied, ReviewError> {
        self.set_state(thread, "resolved", by, at)
    }

    /// Opens a resolved thread again.
    pub fn reopen(&self, thread: &str, by: &str, at: &str) -> Result<Applied, ReviewError> {
        self.set_state(thread, "open", by, at)
    }

    fn set_state(
        &self,
        thread: &str,
        state: &str,
        by: &str,
        at: &str,
    ) -> Result<Applied, ReviewError> {
        let by = named(by)?;
        let mut txn = self.doc.transact_mut();
        let map = thread_map(&mut txn, thread)?;
        map.insert(&mut txn, STATE, state);
        map.insert(&mut txn, STATE_BY, by.as_str());
        map.insert(&mut txn, STATE_AT, at);
        Ok(Applied {
            id: None,
            update: txn.encode_update_v1(),
        })
    }

    /// Sets a section's review status. `asked` names the reviewers (meaningful with "ready for
    /// review"); whoever marks a section ready for review is remembered, so that "needs work"
    /// goes back to them. `content` fingerprints what the section says now; it is kept with an
    /// approval (see [`SectionStatus::changed_since_approval`]).
    pub fn set_status(
        &self,
        section: SectionId,
        status: ReviewStatus,
        by: &str,
        at: &str,
        asked: &[String],
        content: &str,
    ) -> Result<Applied, ReviewError> {
        let by = named(by)?;
        let previous = self.status(section);
        let submitted_by = if status == ReviewStatus::ReadyForReview {
            Some(by.clone())
        } else {
            previous.submitted_by
        };
        let record = SectionStatus {
            section,
            status,
            by: Some(by),
            at: Some(at.to_string()),
            asked: people(asked),
            submitted_by,
            approved_content: (status == ReviewStatus::Approved).then(|| content.to_string()),
        };
        let mut txn = self.doc.transact_mut();
        let sections = txn.get_or_insert_map(SECTIONS);
        sections.insert(&mut txn, section.as_str(), record.to_any());
        Ok(Applied {
            id: None,
            update: txn.encode_update_v1(),
        })
    }

    /// A section's status (a draft when nobody has set one).
    pub fn status(&self, section: SectionId) -> SectionStatus {
        let txn = self.doc.transact();
        txn.get_map(SECTIONS)
            .and_then(|m| match m.get(&txn, section.as_str()) {
                Some(Out::Any(any)) => SectionStatus::from_any(section, &any),
                _ => None,
            })
            .unwrap_or_else(|| SectionStatus::draft(section))
    }

    /// Every section's status, in canonical section order.
    pub fn statuses(&self) -> Vec<SectionStatus> {
        SectionId::ALL.into_iter().map(|s| self.status(s)).collect()
    }

    /// Every thread, oldest first.
    pub fn threads(&self) -> Vec<Thread> {
        let txn = self.doc.transact();
        let Some(threads) = txn.get_map(THREADS) else {
            return Vec::new();
        };
        let mut out: Vec<Thread> = threads
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(m) => Thread::read(&txn, id, &m),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| (&a.at, &a.id).cmp(&(&b.at, &b.id)));
        out
    }

    /// One thread.
    pub fn thread(&self, id: &str) -> Option<Thread> {
        let txn = self.doc.transact();
        match txn.get_map(THREADS)?.get(&txn, id)? {
            Out::YMap(m) => Thread::read(&txn, id, &m),
            _ => None,
        }
    }

    /// The sections and threads waiting on `person` (the rule is on [`WaitingOnMe`]).
    /// `now`: what each section says now ([`crate::section_fingerprints`] of the plan's content); an
    /// approval covers only what its section said then.
    pub fn waiting_on(&self, person: &str, now: &SectionFingerprints) -> WaitingOnMe {
        WaitingOnMe {
            sections: self
                .statuses()
                .into_iter()
                .filter(|s| {
                    let fingerprint = now.get(&s.section).map_or("", String::as_str);
                    section_waits_on(s, person, fingerprint)
                })
                .collect(),
            threads: self
                .threads()
                .into_iter()
                .filter(|t| thread_waits_on(t, person))
                .collect(),
        }
    }

    /// Applies a Yjs v1 update from a peer or the plan file. Bytes that do not decode change
    /// nothing; a yrs panic while integrating is reported as [`ReviewError::Damaged`] (rebuild
    /// the document from its file).
    pub fn apply_update(&self, bytes: &[u8]) -> Result<(), ReviewError> {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        let update = match catch_unwind(|| Update::decode_v1(bytes)) {
            Ok(Ok(update)) => update,
            Ok(Err(e)) => return Err(ReviewError::BadUpdate(e.to_string())),
            Err(_) => {
                return Err(ReviewError::BadUpdate(
                    "the bytes are not a Yjs update".into(),
                ))
            }
        };
        let applied = catch_unwind(AssertUnwindSafe(|| {
            let mut txn = self.doc.transact_mut();
            txn.apply_update(update)
        }));
        match applied {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(ReviewError::BadUpdate(e.to_string())),
            Err(_) => Err(ReviewError::Damaged),
        }
    }

    /// The whole review state as one v1 update.
    pub fn encode_state(&self) -> Vec<u8> {
        self.encode_diff(&StateVector::default())
    }

    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What this replica has that a peer with `remote` lacks.
    pub fn encode_diff(&self, remote: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(remote)
    }
}

fn thread_map(txn: &mut TransactionMut, id: &str) -> Result<MapRef, ReviewError> {
    let threads = txn.get_or_insert_map(THREADS);
    match threads.get(txn, id) {
        Some(Out::YMap(m)) => Ok(m),
        _ => Err(ReviewError::NoSuchThread(id.to_string())),
    }
}

fn message(txn: &TransactionMut, client: u64, author: &str, body: &str, at: &str) -> Any {
    let mut map: HashMap<String, Any> = HashMap::new();
    map.insert("id".into(), Any::from(Review::mint(txn, "ms", client)));
    map.insert("author".into(), Any::from(author));
    map.insert("body".into(), Any::from(body));
    map.insert("at".into(), Any::from(at));
    Any::Map(Arc::new(map))
}
