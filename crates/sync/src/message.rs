//! The y-websocket framing: what one WebSocket frame holds, decoded in full (and checked
//! against [`Limits`]) before anything acts on it, and encoded byte for byte as the npm
//! `y-protocols` package writes it.
//!
//! ```text
//! frame      = message+                     (y-websocket writes one per frame; several are read)
//! message    = varUint(0) sync | varUint(1) varUint8Array(awareness)
//!            | varUint(2) auth | varUint(3)                      (query-awareness)
//! sync       = varUint(0) varUint8Array(state vector)            (step 1)
//!            | varUint(1) varUint8Array(update)                  (step 2)
//!            | varUint(2) varUint8Array(update)                  (update)
//! awareness  = varUint(n) n × ( varUint(client) varUint(clock) varString(JSON state) )
//! auth       = varUint(0) varString(reason)                      (permission denied)
//! ```
//!
//! `yrs::sync::Message` encodes the same bytes, but its decoder does not fit a host facing
//! hostile peers, so this one is written by hand: `MessageReader` takes a message cut off at
//! the end of a frame for "no more messages" and drops it silently; lengths are not checked
//! against any limit; an unknown outer tag is read as a length-prefixed "custom" message that
//! y-websocket never sends; `AwarenessUpdate` reserves room for as many entries as a peer
//! claims, reads clocks as `u32` (lib0 allows 2^53) and leaves the JSON unchecked, which every
//! JavaScript peer would then fail to `JSON.parse`.

use serde::de::IgnoredAny;

use crate::error::SyncError;
use crate::lib0::{write_var_bytes, write_var_string, write_var_uint, Reader, MAX_SAFE_INTEGER};
use crate::limits::Limits;

pub const MESSAGE_SYNC: u64 = 0;
pub const MESSAGE_AWARENESS: u64 = 1;
pub const MESSAGE_AUTH: u64 = 2;
pub const MESSAGE_QUERY_AWARENESS: u64 = 3;

pub const SYNC_STEP_1: u64 = 0;
pub const SYNC_STEP_2: u64 = 1;
pub const SYNC_UPDATE: u64 = 2;

pub const AUTH_PERMISSION_DENIED: u64 = 0;

/// One y-protocols message. Byte fields borrow from the frame they were read from; Yjs
/// payloads (state vectors, updates) are framed here and decoded by the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message<'a> {
    /// Sync step 1: "here is what I have" (a v1 state vector).
    SyncStep1(&'a [u8]),
    /// Sync step 2: "here is what you lack" (a v1 update), the answer to step 1.
    SyncStep2(&'a [u8]),
    /// An incremental v1 update.
    Update(&'a [u8]),
    Awareness(AwarenessUpdate<'a>),
    Auth(Auth<'a>),
    /// "Send me every awareness state you know."
    QueryAwareness,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth<'a> {
    PermissionDenied {
        reason: &'a str,
    },
    /// Any other auth sub-type: y-protocols defines none and reads nothing after it.
    Other(u64),
}

/// Presence states: each entry is the whole state of one Yjs client at one clock.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AwarenessUpdate<'a> {
    pub entries: Vec<AwarenessEntry<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwarenessEntry<'a> {
    pub client: u64,
    /// Grows with every change its client makes; only a newer clock replaces a state.
    pub clock: u64,
    /// The state as JSON text exactly as received; `None` is JSON `null`: the client left.
    pub state: Option<&'a str>,
}

/// Reads every message in `frame`. Any malformed, oversized or unknown part refuses the whole
/// frame, so a caller never acts on half of one.
pub fn decode_frame<'a>(frame: &'a [u8], limits: &Limits) -> Result<Vec<Message<'a>>, SyncError> {
    if frame.len() > limits.max_frame_bytes {
        return Err(SyncError::TooLarge {
            what: "frame",
            size: frame.len() as u64,
            limit: limits.max_frame_bytes,
        });
    }
    if frame.is_empty() {
        return Err(SyncError::malformed("empty frame"));
    }
    let mut reader = Reader::new(frame);
    let mut messages = Vec::new();
    while reader.has_more() {
        if messages.len() == limits.max_messages_per_frame {
            return Err(SyncError::TooLarge {
                what: "messages in one frame",
                size: messages.len() as u64 + 1,
                limit: limits.max_messages_per_frame,
            });
        }
        messages.push(read_message(&mut reader, limits)?);
    }
    Ok(messages)
}

fn read_message<'a>(reader: &mut Reader<'a>, limits: &Limits) -> Result<Message<'a>, SyncError> {
    match reader.var_uint("message type")? {
        MESSAGE_SYNC => read_sync(reader, limits),
        MESSAGE_AWARENESS => {
            let payload = reader.var_bytes("awareness message", limits.max_awareness_bytes)?;
            Ok(Message::Awareness(decode_awareness(payload, limits)?))
        }
        MESSAGE_AUTH => match reader.var_uint("auth message type")? {
            AUTH_PERMISSION_DENIED => Ok(Message::Auth(Auth::PermissionDenied {
                reason: reader.var_string("auth reason", limits.max_auth_reason_bytes)?,
            })),
            other => Ok(Message::Auth(Auth::Other(other))),
        },
        MESSAGE_QUERY_AWARENESS => Ok(Message::QueryAwareness),
        other => Err(SyncError::UnknownMessageType(other)),
    }
}

/// Reads a sync message after its outer type: step 1, step 2 or update. Hocuspocus frames the
/// same bytes inside its envelope.
pub(crate) fn read_sync<'a>(
    reader: &mut Reader<'a>,
    limits: &Limits,
) -> Result<Message<'a>, SyncError> {
    match reader.var_uint("sync message type")? {
        SYNC_STEP_1 => Ok(Message::SyncStep1(
            reader.var_bytes("state vector", limits.max_state_vector_bytes)?,
        )),
        SYNC_STEP_2 => Ok(Message::SyncStep2(
            reader.var_bytes("update", limits.max_update_bytes)?,
        )),
        SYNC_UPDATE => Ok(Message::Update(
            reader.var_bytes("update", limits.max_update_bytes)?,
        )),
        other => Err(SyncError::malformed(format!(
            "unknown sync message type {other}"
        ))),
    }
}

/// Decodes an awareness payload (the bytes inside the varUint8Array). Entry counts are checked
/// against the bytes present before any room is reserved for them.
pub fn decode_awareness<'a>(
    payload: &'a [u8],
    limits: &Limits,
) -> Result<AwarenessUpdate<'a>, SyncError> {
    let mut reader = Reader::new(payload);
    let count = reader.var_uint("awareness entry count")?;
    if count > limits.max_awareness_entries as u64 {
        return Err(SyncError::TooLarge {
            what: "awareness entries",
            size: count,
            limit: limits.max_awareness_entries,
        });
    }
    // Each entry takes at least 3 bytes (client, clock, an empty string's length).
    if count.saturating_mul(3) > reader.remaining() as u64 {
        return Err(SyncError::malformed(format!(
            "awareness claims {count} entries in {} bytes",
            reader.remaining()
        )));
    }
    let mut entries = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let client = reader.var_uint("awareness client id")?;
        let clock = reader.var_uint("awareness clock")?;
        let json = reader.var_string("awareness state", limits.max_awareness_state_bytes)?;
        // JavaScript peers `JSON.parse` every state they receive and throw on bad JSON, so
        // one peer's garbage relayed by us would break the others; it stops here.
        let state = match serde_json::from_str::<Option<IgnoredAny>>(json) {
            Ok(None) => None,
            Ok(Some(_)) => Some(json),
            Err(e) => {
                return Err(SyncError::malformed(format!(
                    "awareness state of client {client} is not JSON: {e}"
                )))
            }
        };
        entries.push(AwarenessEntry {
            client,
            clock,
            state,
        });
    }
    if reader.has_more() {
        return Err(SyncError::malformed(format!(
            "{} bytes after the last awareness entry",
            reader.remaining()
        )));
    }
    Ok(AwarenessUpdate { entries })
}

impl Message<'_> {
    /// The message as one WebSocket frame's payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len_hint());
        self.encode_into(&mut out);
        out
    }

    /// Appends the message, for callers that pack several into one frame.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Message::SyncStep1(sv) => sync(out, SYNC_STEP_1, sv),
            Message::SyncStep2(update) => sync(out, SYNC_STEP_2, update),
            Message::Update(update) => sync(out, SYNC_UPDATE, update),
            Message::Awareness(update) => {
                write_var_uint(out, MESSAGE_AWARENESS);
                write_var_bytes(out, &update.encode());
            }
            Message::Auth(Auth::PermissionDenied { reason }) => {
                write_var_uint(out, MESSAGE_AUTH);
                write_var_uint(out, AUTH_PERMISSION_DENIED);
                write_var_string(out, reason);
            }
            Message::Auth(Auth::Other(code)) => {
                write_var_uint(out, MESSAGE_AUTH);
                write_var_uint(out, (*code).min(MAX_SAFE_INTEGER));
            }
            Message::QueryAwareness => write_var_uint(out, MESSAGE_QUERY_AWARENESS),
        }
    }

    fn encoded_len_hint(&self) -> usize {
        match self {
            Message::SyncStep1(b) | Message::SyncStep2(b) | Message::Update(b) => b.len() + 12,
            _ => 64,
        }
    }
}

fn sync(out: &mut Vec<u8>, kind: u64, payload: &[u8]) {
    write_var_uint(out, MESSAGE_SYNC);
    write_var_uint(out, kind);
    write_var_bytes(out, payload);
}

impl AwarenessUpdate<'_> {
    /// The payload as `y-protocols/awareness` `encodeAwarenessUpdate` writes it.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_var_uint(&mut out, self.entries.len() as u64);
        for entry in &self.entries {
            write_var_uint(&mut out, entry.client.min(MAX_SAFE_INTEGER));
            write_var_uint(&mut out, entry.clock.min(MAX_SAFE_INTEGER));
            write_var_string(&mut out, entry.state.unwrap_or("null"));
        }
        out
    }
}
