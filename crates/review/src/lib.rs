//! The review layer of a plan: a second Yjs document, synced in its own room, that holds what
//! reviewers write about the plan without touching the plan itself.
//!
//! - [`Review`]: comment threads anchored to a range of plan text (Yjs sticky indexes into the
//!   plan document's `Y.Text`, so an anchor follows its words through later edits) or to a plan
//!   object; replies; resolve and reopen; each section's review status; and the "waiting on me"
//!   list ([`Review::waiting_on`]).
//! - [`attribution`]: who changed what, decoded from the plan's logged updates: a section's
//!   history and a digest of each person's changes since a version.
//!
//! No I/O and no clock: times are passed in (RFC 3339 for the review document, milliseconds for
//! the log). The document's layout, for other Yjs clients, is in `layout.rs`.

pub mod anchor;
pub mod attribution;
mod error;
mod layout;
mod review;
mod status;
mod thread;
mod waiting;

pub use anchor::{Anchor, On, Placement};
pub use error::ReviewError;
pub use review::Review;
pub use status::{section_fingerprint, section_fingerprints, SectionFingerprints, SectionStatus};
pub use thread::{Message, Thread, ThreadState};
pub use waiting::WaitingOnMe;
