//! The Hocuspocus envelope: how a Hocuspocus server frames y-protocols messages, decoded in
//! full (and checked against [`Limits`]) before anything acts on it, and encoded byte for byte
//! as `@hocuspocus/server` 3.x and `@hocuspocus/provider` 3.x write it.
//!
//! ```text
//! frame     = varString(document) message              (one message per frame, nothing after)
//! message   = varUint(0) sync                          (sync)
//!           | varUint(1) varUint8Array(awareness)      (awareness, as y-protocols)
//!           | varUint(2) auth
//!           | varUint(3)                               (query awareness)
//!           | varUint(4) sync                          (sync reply: a sync that asks for no step 1 back)
//!           | varUint(5) varString(payload)            (stateless)
//!           | varUint(6) varString(payload)            (broadcast stateless)
//!           | varUint(7) varString(reason)             (close)
//!           | varUint(8) varUint(0 | 1)                (sync status: an update was applied or refused)
//! sync      = as y-protocols: step 1, step 2 or update (see [`crate::message`])
//! auth      = varUint(0) varString(token)              (client → server: the token)
//!           | varUint(0)                               (server → client: "send your token again")
//!           | varUint(1) varString(reason)             (permission denied)
//!           | varUint(2) varString("read-write" | "readonly")   (authenticated, with its scope)
//! ```
//!
//! A connection starts with the client's token for each document; nothing else for that
//! document is acted on until the server answers authenticated (with the scope the token
//! grants) or permission denied. One WebSocket can carry several documents; every frame
//! names its own.

use crate::error::SyncError;
use crate::lib0::{write_var_bytes, write_var_string, write_var_uint, Reader};
use crate::limits::Limits;
use crate::message::{
    decode_awareness, read_sync, AwarenessUpdate, Message, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE,
};

pub const SYNC: u64 = 0;
pub const AWARENESS: u64 = 1;
pub const AUTH: u64 = 2;
pub const QUERY_AWARENESS: u64 = 3;
pub const SYNC_REPLY: u64 = 4;
pub const STATELESS: u64 = 5;
pub const BROADCAST_STATELESS: u64 = 6;
pub const CLOSE: u64 = 7;
pub const SYNC_STATUS: u64 = 8;

pub const AUTH_TOKEN: u64 = 0;
pub const AUTH_PERMISSION_DENIED: u64 = 1;
pub const AUTH_AUTHENTICATED: u64 = 2;

/// What a token grants on one document, as the server says it when it accepts the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// "read-write": the connection's updates are applied.
    ReadWrite,
    /// "readonly": the document is sent, the connection's updates are refused.
    ReadOnly,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReadWrite => "read-write",
            Scope::ReadOnly => "readonly",
        }
    }

    fn parse(s: &str) -> Result<Scope, SyncError> {
        match s {
            "read-write" => Ok(Scope::ReadWrite),
            "readonly" => Ok(Scope::ReadOnly),
            other => Err(SyncError::malformed(format!(
                "unknown authenticated scope {:?}",
                other.chars().take(40).collect::<String>()
            ))),
        }
    }
}

/// The auth messages of the handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HocusAuth<'a> {
    /// From a client: its token. From a server, `None`: "send your token again".
    Token(Option<&'a str>),
    PermissionDenied {
        reason: &'a str,
    },
    Authenticated(Scope),
}

/// A y-protocols sync message, as Hocuspocus carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync<'a> {
    /// "Here is what I have" (a v1 state vector).
    Step1(&'a [u8]),
    /// "Here is what you lack" (a v1 update).
    Step2(&'a [u8]),
    /// An incremental v1 update.
    Update(&'a [u8]),
}

impl<'a> Sync<'a> {
    /// The same message in y-protocols' terms.
    pub fn message(self) -> Message<'a> {
        match self {
            Sync::Step1(b) => Message::SyncStep1(b),
            Sync::Step2(b) => Message::SyncStep2(b),
            Sync::Update(b) => Message::Update(b),
        }
    }

    fn read(reader: &mut Reader<'a>, limits: &Limits) -> Result<Sync<'a>, SyncError> {
        match read_sync(reader, limits)? {
            Message::SyncStep1(b) => Ok(Sync::Step1(b)),
            Message::SyncStep2(b) => Ok(Sync::Step2(b)),
            Message::Update(b) => Ok(Sync::Update(b)),
            _ => Err(SyncError::malformed("not a sync message")),
        }
    }

    fn encode_into(self, out: &mut Vec<u8>) {
        let (kind, payload) = match self {
            Sync::Step1(b) => (SYNC_STEP_1, b),
            Sync::Step2(b) => (SYNC_STEP_2, b),
            Sync::Update(b) => (SYNC_UPDATE, b),
        };
        write_var_uint(out, kind);
        write_var_bytes(out, payload);
    }
}

/// One Hocuspocus message, without its document name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body<'a> {
    /// A sync message; a step 1 here asks the server for its own step 1 back.
    Sync(Sync<'a>),
    /// The same, but a step 1 here asks for nothing more than the step 2 answering it.
    SyncReply(Sync<'a>),
    Awareness(AwarenessUpdate<'a>),
    Auth(HocusAuth<'a>),
    QueryAwareness,
    /// An application's own message (Throughline sends none and ignores them).
    Stateless(&'a str),
    BroadcastStateless(&'a str),
    /// The server closed this document's connection (the socket may stay open).
    Close {
        reason: &'a str,
    },
    /// The server's answer to each update or step 2: applied (`true`) or refused (`false`,
    /// a read-only connection's change).
    SyncStatus(bool),
}

/// A whole frame: the document it is about and its one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    pub document: &'a str,
    pub body: Body<'a>,
}

/// Reads one frame. Any malformed, oversized or unknown part, or bytes after the message,
/// refuse the whole frame.
pub fn decode_envelope<'a>(frame: &'a [u8], limits: &Limits) -> Result<Envelope<'a>, SyncError> {
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
    let document = reader.var_string("document name", limits.max_document_name_bytes)?;
    let body = read_body(&mut reader, limits)?;
    if reader.has_more() {
        return Err(SyncError::malformed(format!(
            "{} bytes after the message for document {document:?}",
            reader.remaining()
        )));
    }
    Ok(Envelope { document, body })
}

fn read_body<'a>(reader: &mut Reader<'a>, limits: &Limits) -> Result<Body<'a>, SyncError> {
    let body = match reader.var_uint("message type")? {
        SYNC => Body::Sync(Sync::read(reader, limits)?),
        SYNC_REPLY => Body::SyncReply(Sync::read(reader, limits)?),
        AWARENESS => {
            let payload = reader.var_bytes("awareness message", limits.max_awareness_bytes)?;
            Body::Awareness(decode_awareness(payload, limits)?)
        }
        AUTH => Body::Auth(match reader.var_uint("auth message type")? {
            // A client's token carries a string; the server's request for it carries nothing.
            AUTH_TOKEN if reader.has_more() => {
                HocusAuth::Token(Some(reader.var_string("token", limits.max_token_bytes)?))
            }
            AUTH_TOKEN => HocusAuth::Token(None),
            AUTH_PERMISSION_DENIED => HocusAuth::PermissionDenied {
                reason: reader
                    .var_string("permission denied reason", limits.max_auth_reason_bytes)?,
            },
            AUTH_AUTHENTICATED => HocusAuth::Authenticated(Scope::parse(
                reader.var_string("authenticated scope", limits.max_auth_reason_bytes)?,
            )?),
            other => {
                return Err(SyncError::malformed(format!(
                    "unknown auth message type {other}"
                )))
            }
        }),
        QUERY_AWARENESS => Body::QueryAwareness,
        STATELESS => {
            Body::Stateless(reader.var_string("stateless message", limits.max_awareness_bytes)?)
        }
        BROADCAST_STATELESS => Body::BroadcastStateless(
            reader.var_string("stateless message", limits.max_awareness_bytes)?,
        ),
        CLOSE => Body::Close {
            reason: reader.var_string("close reason", limits.max_auth_reason_bytes)?,
        },
        SYNC_STATUS => match reader.var_uint("sync status")? {
            0 => Body::SyncStatus(false),
            1 => Body::SyncStatus(true),
            other => return Err(SyncError::malformed(format!("sync status {other}"))),
        },
        other => return Err(SyncError::UnknownMessageType(other)),
    };
    Ok(body)
}

impl Envelope<'_> {
    /// The frame as Hocuspocus writes it.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_var_string(&mut out, self.document);
        match &self.body {
            Body::Sync(sync) => {
                write_var_uint(&mut out, SYNC);
                sync.encode_into(&mut out);
            }
            Body::SyncReply(sync) => {
                write_var_uint(&mut out, SYNC_REPLY);
                sync.encode_into(&mut out);
            }
            Body::Awareness(update) => {
                write_var_uint(&mut out, AWARENESS);
                write_var_bytes(&mut out, &update.encode());
            }
            Body::Auth(auth) => {
                write_var_uint(&mut out, AUTH);
                match auth {
                    HocusAuth::Token(token) => {
                        write_var_uint(&mut out, AUTH_TOKEN);
                        if let Some(token) = token {
                            write_var_string(&mut out, token);
                        }
                    }
                    HocusAuth::PermissionDenied { reason } => {
                        write_var_uint(&mut out, AUTH_PERMISSION_DENIED);
                        write_var_string(&mut out, reason);
                    }
                    HocusAuth::Authenticated(scope) => {
                        write_var_uint(&mut out, AUTH_AUTHENTICATED);
                        write_var_string(&mut out, scope.as_str());
                    }
                }
            }
            Body::QueryAwareness => write_var_uint(&mut out, QUERY_AWARENESS),
            Body::Stateless(payload) => {
                write_var_uint(&mut out, STATELESS);
                write_var_string(&mut out, payload);
            }
            Body::BroadcastStateless(payload) => {
                write_var_uint(&mut out, BROADCAST_STATELESS);
                write_var_string(&mut out, payload);
            }
            Body::Close { reason } => {
                write_var_uint(&mut out, CLOSE);
                write_var_string(&mut out, reason);
            }
            Body::SyncStatus(applied) => {
                write_var_uint(&mut out, SYNC_STATUS);
                write_var_uint(&mut out, u64::from(*applied));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_handshake_is_what_hocuspocus_writes() {
        let token = Envelope {
            document: "p1",
            body: Body::Auth(HocusAuth::Token(Some("t"))),
        };
        assert_eq!(token.encode(), [2, b'p', b'1', 2, 0, 1, b't']);
        let ok = [
            2, b'p', b'1', 2, 2, 8, b'r', b'e', b'a', b'd', b'o', b'n', b'l', b'y',
        ];
        let read = decode_envelope(&ok, &Limits::default()).unwrap();
        assert_eq!(read.document, "p1");
        assert_eq!(
            read.body,
            Body::Auth(HocusAuth::Authenticated(Scope::ReadOnly))
        );
        let status = [2, b'p', b'1', 8, 1];
        assert_eq!(
            decode_envelope(&status, &Limits::default()).unwrap().body,
            Body::SyncStatus(true)
        );
    }
}
