//! Comment threads as people read them.

use serde::Serialize;
use throughline_plan::{Plan, SectionId};
use yrs::{Any, Array, Map, MapRef, Out, ReadTxn};

use crate::anchor::{Anchor, Placement};
use crate::layout::*;

/// Whether a thread still needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadState {
    Open,
    Resolved,
}

/// One message in a thread; the first is the comment that opened it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub id: String,
    pub author: String,
    pub body: String,
    /// RFC 3339, as passed in when it was written.
    pub at: String,
}

/// A comment thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    pub id: String,
    pub anchor: Anchor,
    /// The section it is in; `None` for the plan record.
    pub section: Option<SectionId>,
    /// Who opened it, and when.
    pub author: String,
    pub at: String,
    /// People asked to answer it.
    pub asked: Vec<String>,
    pub state: ThreadState,
    /// Who last resolved or reopened it, and when (`None` while never touched).
    pub state_by: Option<String>,
    pub state_at: Option<String>,
    /// Oldest first.
    pub messages: Vec<Message>,
}

impl Thread {
    /// Where the thread's anchor lands in this copy of the plan.
    pub fn placement(&self, plan: &Plan) -> Placement {
        self.anchor.place(plan)
    }

    /// Who wrote last.
    pub fn last_author(&self) -> &str {
        self.messages.last().map_or(&self.author, |m| &m.author)
    }

    pub(crate) fn read<T: ReadTxn>(txn: &T, id: &str, map: &MapRef) -> Option<Thread> {
        let text = |k: &str| match map.get(txn, k) {
            Some(Out::Any(Any::String(s))) => Some(s.to_string()),
            _ => None,
        };
        let anchor = match map.get(txn, ANCHOR) {
            Some(Out::Any(any)) => Anchor::from_any(&any)?,
            _ => return None,
        };
        let mut asked: Vec<String> = match map.get(txn, ASKED) {
            Some(Out::YMap(m)) => m
                .iter(txn)
                .filter(|(_, v)| matches!(v, Out::Any(Any::Bool(true))))
                .map(|(k, _)| k.to_string())
                .collect(),
            _ => Vec::new(),
        };
        asked.sort();
        let messages = match map.get(txn, MESSAGES) {
            Some(Out::YArray(a)) => a
                .iter(txn)
                .filter_map(|v| match v {
                    Out::Any(any) => message(&any),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Thread {
            id: id.to_string(),
            section: text(SECTION).and_then(|s| SectionId::parse(&s)),
            author: text(AUTHOR).unwrap_or_default(),
            at: text(AT).unwrap_or_default(),
            asked,
            state: match text(STATE).as_deref() {
                Some("resolved") => ThreadState::Resolved,
                _ => ThreadState::Open,
            },
            state_by: text(STATE_BY),
            state_at: text(STATE_AT),
            messages,
            anchor,
        })
    }
}

fn message(any: &Any) -> Option<Message> {
    let Any::Map(m) = any else { return None };
    let text = |k: &str| match m.get(k) {
        Some(Any::String(s)) => Some(s.to_string()),
        _ => None,
    };
    Some(Message {
        id: text("id")?,
        author: text("author")?,
        body: text("body")?,
        at: text("at").unwrap_or_default(),
    })
}
