//! Where a comment points: a range of plan text, or a plan object.
//!
//! A text anchor is a pair of Yjs sticky indexes into the plan document's `Y.Text`. They name
//! characters, not offsets, so text typed or deleted around the range moves it along; deleting
//! the commented words themselves collapses it, and the comment is then reported as orphaned
//! (with the words it was on kept as its quote) rather than silently attached elsewhere.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use throughline_plan::parts::root;
use throughline_plan::{Plan, PlanPath, SectionId};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Any, Assoc, GetString, IndexedSequence, ReadTxn, StickyIndex, Text, TextRef, Transact};

use crate::error::ReviewError;

/// What a new comment is on, as the person chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum On {
    /// Characters `start..end` (UTF-16 code units, as every Yjs editor counts) of a prose
    /// field: `at` names the part or item (`vision`, `strategies/ID`), `field` the prose field.
    Text {
        at: String,
        field: String,
        start: u32,
        end: u32,
    },
    /// A whole part or item: a strategy, a tactic, a ledger line (`ledger/ID`).
    Object { at: String },
}

/// A comment's anchor as stored in the review document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    Text {
        at: String,
        field: String,
        start: StickyIndex,
        end: StickyIndex,
        /// The words when the comment was made.
        quote: String,
    },
    Object {
        at: String,
    },
}

/// Where an anchor lands in a copy of the plan now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "placement", rename_all = "snake_case")]
pub enum Placement {
    /// On text: UTF-16 offsets into the field's text, and the words there now (`changed` when
    /// they differ from the quote, because someone edited inside the range).
    Text {
        start: u32,
        end: u32,
        text: String,
        changed: bool,
    },
    /// On an object that still exists.
    Object,
    /// What the comment was on has been deleted. Show it with its quote; never re-attach it.
    Orphaned,
    /// This copy of the plan has not yet received the text the comment is on (the comment
    /// arrived first); it will land once the plan catches up.
    NotYetReceived,
}

impl Anchor {
    /// Anchors a comment in `plan`, checking that what it points at exists.
    pub fn new(plan: &Plan, on: &On) -> Result<Anchor, ReviewError> {
        match on {
            On::Object { at } => {
                PlanPath::parse(at)?;
                if !plan.has(at)? {
                    return Err(ReviewError::NoSuchObject(at.clone()));
                }
                Ok(Anchor::Object { at: at.clone() })
            }
            On::Text {
                at,
                field,
                start,
                end,
            } => {
                let text = plan
                    .text_ref(at, field)?
                    .ok_or_else(|| ReviewError::NoText {
                        at: at.clone(),
                        field: field.clone(),
                    })?;
                let txn = plan.doc().transact();
                let len = text.len(&txn);
                let bad = || ReviewError::BadRange {
                    at: at.clone(),
                    field: field.clone(),
                    start: *start,
                    end: *end,
                    len,
                };
                if start >= end || *end > len {
                    return Err(bad());
                }
                let quote = utf16_slice(&text.get_string(&txn), *start, *end).ok_or_else(bad)?;
                // After: sticks to the first commented character. Before: to the last one.
                let first = text
                    .sticky_index(&txn, *start, Assoc::After)
                    .ok_or_else(bad)?;
                let last = text
                    .sticky_index(&txn, *end, Assoc::Before)
                    .ok_or_else(bad)?;
                Ok(Anchor::Text {
                    at: at.clone(),
                    field: field.clone(),
                    start: first,
                    end: last,
                    quote,
                })
            }
        }
    }

    /// The plan part or item the anchor is in.
    pub fn at(&self) -> &str {
        match self {
            Anchor::Text { at, .. } | Anchor::Object { at } => at,
        }
    }

    /// The words the comment was made on (empty for an object).
    pub fn quote(&self) -> &str {
        match self {
            Anchor::Text { quote, .. } => quote,
            Anchor::Object { .. } => "",
        }
    }

    /// Where the anchor lands in this copy of the plan.
    pub fn place(&self, plan: &Plan) -> Placement {
        match self {
            Anchor::Object { at } => match plan.has(at) {
                Ok(true) => Placement::Object,
                _ => Placement::Orphaned,
            },
            Anchor::Text {
                start, end, quote, ..
            } => {
                let txn = plan.doc().transact();
                let seen = txn.state_vector();
                let received =
                    |i: &StickyIndex| i.id().is_none_or(|id| seen.get(&id.client) > id.clock);
                if !received(start) || !received(end) {
                    return Placement::NotYetReceived;
                }
                let (Some(s), Some(e)) = (start.get_offset(&txn), end.get_offset(&txn)) else {
                    return Placement::Orphaned;
                };
                if s.branch != e.branch || s.branch.is_deleted() || s.index >= e.index {
                    return Placement::Orphaned;
                }
                let now = TextRef::from(s.branch).get_string(&txn);
                match utf16_slice(&now, s.index, e.index) {
                    Some(text) => Placement::Text {
                        start: s.index,
                        end: e.index,
                        changed: text != *quote,
                        text,
                    },
                    None => Placement::Orphaned,
                }
            }
        }
    }

    /// The section the anchor is in: the part's section, or for a reflection the section it
    /// was written in. `None` for the plan record.
    pub fn section(&self, plan: &Plan) -> Option<SectionId> {
        section_of(plan, self.at())
    }

    pub(crate) fn to_any(&self) -> Any {
        let mut map: HashMap<String, Any> = HashMap::new();
        match self {
            Anchor::Text {
                at,
                field,
                start,
                end,
                quote,
            } => {
                map.insert("kind".into(), Any::from("text"));
                map.insert("at".into(), Any::from(at.as_str()));
                map.insert("field".into(), Any::from(field.as_str()));
                map.insert("start".into(), Any::from(start.encode_v1()));
                map.insert("end".into(), Any::from(end.encode_v1()));
                map.insert("quote".into(), Any::from(quote.as_str()));
            }
            Anchor::Object { at } => {
                map.insert("kind".into(), Any::from("object"));
                map.insert("at".into(), Any::from(at.as_str()));
            }
        }
        Any::Map(Arc::new(map))
    }

    /// Reads an anchor another client wrote; anything malformed reads as absent.
    pub(crate) fn from_any(any: &Any) -> Option<Anchor> {
        let Any::Map(map) = any else { return None };
        let text = |k: &str| match map.get(k) {
            Some(Any::String(s)) => Some(s.to_string()),
            _ => None,
        };
        let index = |k: &str| match map.get(k) {
            Some(Any::Buffer(b)) => StickyIndex::decode_v1(b).ok(),
            _ => None,
        };
        match text("kind")?.as_str() {
            "text" => Some(Anchor::Text {
                at: text("at")?,
                field: text("field")?,
                start: index("start")?,
                end: index("end")?,
                quote: text("quote").unwrap_or_default(),
            }),
            "object" => Some(Anchor::Object { at: text("at")? }),
            _ => None,
        }
    }
}

/// The section a plan path is in (reflections: the section they were written in).
pub fn section_of(plan: &Plan, at: &str) -> Option<SectionId> {
    let root_name = at.split('/').next().unwrap_or_default();
    let part = root(root_name)?;
    if part.section.is_some() {
        return part.section;
    }
    let id = at.split('/').nth(1)?;
    let txn = plan.doc().transact();
    let reflections = txn.get_map(root_name)?;
    use yrs::Map;
    let Some(yrs::Out::YMap(item)) = reflections.get(&txn, id) else {
        return None;
    };
    match item.get(&txn, "section") {
        Some(yrs::Out::Any(Any::String(s))) => SectionId::parse(&s),
        _ => None,
    }
}

/// `s[start..end]` in UTF-16 code units; `None` when the bounds split a character.
pub(crate) fn utf16_slice(s: &str, start: u32, end: u32) -> Option<String> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let part = units.get(start as usize..end as usize)?;
    String::from_utf16(part).ok()
}
