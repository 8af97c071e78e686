//! The review document's layout, for every Yjs client that reads or writes it:
//!
//! ```text
//! Y.Doc
//! ├── threads   Y.Map  thread id ─► Y.Map {
//! │                 anchor:  { kind: "text", at: "strategies/ID", field: "name",
//! │                            start: Uint8Array, end: Uint8Array, quote: "…" }
//! │                        | { kind: "object", at: "strategies/ID" }
//! │                 section: "strategies"          (absent: the plan record)
//! │                 author, at: "2026-…Z"          (who opened it, when)
//! │                 asked:   Y.Map name ─► true    (people asked to answer)
//! │                 state:   "open" | "resolved",  state_by, state_at
//! │                 messages: Y.Array of { id, author, body, at }   (the first is the comment)
//! │             }
//! └── sections  Y.Map  section id ─► { status: "draft" | "ready_for_review" | "needs_work"
//!                                              | "approved",
//!                                      by, at, asked: [names], submitted_by?,
//!                                      approved_content? }
//! ```
//!
//! `approved_content` (with "approved" only) is the hex SHA-256 of the section's parts as JSON
//! when it was approved (`section_fingerprint`); a client that approves without it makes an
//! approval that cannot tell later changes.
//!
//! `start` and `end` are Yjs relative positions (`Y.encodeRelativePosition`) into the plan
//! document's `Y.Text`: `start` sticks to the first commented character (assoc 0), `end` to the
//! last (assoc -1), so typing at either edge does not grow the range.

pub const THREADS: &str = "threads";
pub const SECTIONS: &str = "sections";

pub const ANCHOR: &str = "anchor";
pub const SECTION: &str = "section";
pub const AUTHOR: &str = "author";
pub const AT: &str = "at";
pub const ASKED: &str = "asked";
pub const STATE: &str = "state";
pub const STATE_BY: &str = "state_by";
pub const STATE_AT: &str = "state_at";
pub const MESSAGES: &str = "messages";
