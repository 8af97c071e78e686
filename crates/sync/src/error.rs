//! The one error type of this crate. Every variant but [`SyncError::DocumentDamaged`] means
//! "this input was refused and nothing changed".

use crate::room::ConnId;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SyncError {
    /// The bytes are not a well-formed y-protocols message.
    #[error("malformed message: {reason}")]
    Malformed { reason: String },

    /// A message, or a part of one, is larger than the configured limit.
    #[error("{what} is {size} bytes, above the limit of {limit}")]
    TooLarge {
        what: &'static str,
        size: u64,
        limit: usize,
    },

    /// The outer message type is none of sync (0), awareness (1), auth (2), query-awareness (3).
    /// The rest of the frame cannot be read past it, so the whole frame is refused.
    #[error("unknown message type {0}")]
    UnknownMessageType(u64),

    /// A well-formed Yjs update that yrs refuses to integrate (or fails on) against this
    /// document: a crafted or corrupted update. The document is unchanged.
    #[error("update refused: {reason}")]
    UpdateRefused { reason: String },

    /// yrs failed while integrating an update into the live document even though the same
    /// update integrated cleanly on the room's rehearsal copy. The live document may be
    /// half-changed: rebuild it from the plan file, which never received this update.
    #[error("the document was damaged while applying an update; reload it from the plan file")]
    DocumentDamaged,

    /// The document was locked by a transaction for too long, or kept changing while the room
    /// prepared to check an update against it. Nothing changed; the peer may send it again.
    #[error("the document is busy; nothing was applied")]
    DocumentBusy,

    #[error("no connection {0} in this room")]
    UnknownConnection(ConnId),

    #[error("connection {0} is already in this room")]
    AlreadyConnected(ConnId),

    #[error("not a room name: {0}")]
    BadRoomName(String),
}

impl SyncError {
    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        SyncError::Malformed {
            reason: reason.into(),
        }
    }
}
