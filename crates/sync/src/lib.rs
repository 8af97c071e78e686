//! y-protocols, the protocol of y-websocket, as a sans-IO state machine: no sockets, no
//! threads, no clock. The caller moves bytes; this crate says what they mean and what to send.
//!
//! - [`message`]: the y-websocket framing, byte-compatible with the npm `y-protocols` package
//!   (sync step 1 / step 2 / update with lib0 v1 updates, awareness, auth, query-awareness).
//! - [`Room`]: the host's side of one shared document: connections, roles enforced where
//!   updates arrive, awareness with per-connection ownership, size limits, and updates applied
//!   all or nothing.
//! - [`Client`]: our side of a connection to a host or any y-websocket server, or to one
//!   document on a Hocuspocus server ([`hocuspocus`]: its envelope and token handshake).
//!
//! Each plan is served as two rooms ([`RoomName`]): `<plan-id>` for the plan and
//! `<plan-id>/review` for its review layer. An editor writes both, a reviewer only the review
//! layer, a viewer neither; see [`Refusal`] for what a refused writer experiences.
//!
//! Bytes from a peer are untrusted: every frame is decoded in full and checked against
//! [`Limits`] before anything acts on it, a frame with any bad part is refused whole, and a
//! refused frame changes nothing. yrs is never given a chance to crash the host: its decoding
//! and integration run under `catch_unwind`, and each update is rehearsed on a private copy of
//! the document before it reaches the live one (yrs can fail half-way through an update).
//!
//! What this layer leaves to the one around it (`crates/session`):
//! - Rate: answering a sync step 1 encodes the whole document, and rehearsing keeps a second
//!   copy of it in memory; a peer that floods step 1 costs CPU, so rate-limit frames per
//!   connection.
//! - Pending updates: an editor's update whose predecessors are missing is parked by yrs (as
//!   by Yjs) until they arrive; the room asks that peer for everything with a step 1. A
//!   hostile editor could park many; only closing its connection and rebuilding the room
//!   from the plan file clears them.
//! - Time: awareness states are dropped when their connection closes; the 30 s expiry of a
//!   silent state and the 15 s renewal of the host's own are the caller's timers.
//! - Panic messages: yrs panics caught here still go through the process's panic hook.

pub mod client;
pub mod error;
pub mod hocuspocus;
pub mod lib0;
pub mod limits;
pub mod message;
pub mod room;

mod awareness;
mod rehearsal;
mod yjs_rules;

pub use client::{Client, ClientEvent, ClientReceived};
pub use error::SyncError;
pub use limits::Limits;
pub use message::{decode_frame, Auth, AwarenessEntry, AwarenessUpdate, Message};
pub use rehearsal::SYNC_ORIGIN;
pub use room::{ConnId, Layer, Outgoing, Received, Recipients, Refusal, Role, Room, RoomName};
