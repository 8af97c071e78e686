//! Retreat mode's network, around the sans-IO protocol of `throughline-sync`: tokio lives here.
//!
//! - [`Host`]: a laptop serving one plan over WebSocket with the y-websocket protocol, so
//!   real Yjs clients join as they are. Peers are admitted by a [`JoinCode`] at the HTTP
//!   upgrade (wrong code: nothing of the plan), failed attempts are rate-limited per address
//!   ([`attempts`]), every update is committed through a [`PlanSink`] before any other peer
//!   sees it, and presence (who is here, in which section) is kept with y-protocols' timers.
//! - [`Joined`]: our side of a connection to a host or any y-websocket server, or to a
//!   district's Hocuspocus server with a token ([`Protocol`]), reconnecting with backoff;
//!   edits made while apart travel in the sync steps on reconnect.
//! - [`facilitation`]: the retreat's running state (facilitator, agenda block, follow, done)
//!   carried in awareness states beside presence.
//!   [`sync_once`] exchanges everything once and returns (the `throughline sync` command).
//! - [`discovery`]: hosts announce themselves on the room's network with mDNS; typing an
//!   address ([`JoinAddress::typed`]) is the fallback where multicast is blocked.

pub mod address;
pub mod attempts;
pub mod discovery;
mod error;
pub mod facilitation;
mod host;
pub(crate) mod join;
pub mod join_code;
mod network;
pub mod pairing;
pub mod presence;
mod sink;
pub mod tls;

pub use address::{plan_served_at, JoinAddress, Protocol};
pub use error::SessionError;
pub use host::{Host, HostOptions, HostedPlan};
pub use join::{pair_with_host, sync_once, JoinStatus, Joined, SyncReport};
pub use join_code::{JoinCode, JoinCodes};
pub use network::{Network, StopSignal};
pub use presence::Presence;
pub use sink::{PeerUpdate, PlanSink, SinkError};

pub use throughline_sync::{Layer, Limits, Role, RoomName, SYNC_ORIGIN};
