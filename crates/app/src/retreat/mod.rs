//! Retreat mode for both front ends: host the open plan on the room's network, join a host,
//! leave, who is here, and one-shot sync. The network itself is `throughline-session`; this
//! module joins it to the plan file.
//!
//! Both sides share one handle, [`Retreat`] (`shared.rs`): the plan and its review document,
//! this laptop's own changes captured as they are made (`capture.rs`), and the sink peers'
//! changes are saved through (`sink.rs`). A side only says how the others are reached:
//! [`RetreatHost`] serves both documents' rooms (`host.rs`, with its join codes kept in the
//! plan file by `codes.rs`), [`RetreatJoin`] joins both (`join.rs`); [`sync_with`] exchanges
//! them once (`sync.rs`). [`join_address`] reads a link or a typed host address and code;
//! [`district_address`] a district's Hocuspocus server and a token, joined and synced by the
//! same code.
//! `facilitate.rs` runs the room: the facilitator's agenda blocks, "bring everyone here" and
//! each person's "done", in awareness beside presence.

mod address;
mod arrivals;
mod capture;
mod codes;
mod facilitate;
mod host;
pub(crate) mod join;
mod shared;
mod sink;
mod sync;

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use throughline_session::SessionError;
use throughline_store::StoreError;

use crate::error::AppError;

pub use address::{district_address, join_address, plan_id_of};
pub use arrivals::{Arrival, Listener};
pub use facilitate::RoomNow;
pub use host::{data_folder, Hosting, HostingOptions, JoinLink, RetreatHost};
pub use join::{Joining, RetreatJoin};
pub use shared::{Retreat, Side};
pub use sync::{sync_with, SyncSummary};
pub use throughline_session::{JoinAddress, JoinStatus, Presence, Protocol};

/// The port a host listens on unless told otherwise, so a typed address can be short.
pub const DEFAULT_PORT: u16 = 4455;

/// Why retreat mode could not do something; one line for a person.
#[derive(Debug, thiserror::Error)]
pub enum RetreatError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{} is a copy of plan {ours}, but {address} serves plan {theirs}", .path.display())]
    DifferentPlan {
        path: PathBuf,
        ours: String,
        theirs: String,
        address: String,
    },
    #[error("type the host's address as its screen shows it (e.g. 192.168.1.20:{DEFAULT_PORT})")]
    NoAddress,
    #[error("“{0}” is not a plan id")]
    NotAPlanId(String),
    #[error(
        "no Throughline host answers at {address} ({reason}); check the address on the host's \
         screen, or use the whole link it shows"
    )]
    NoHostAt { address: String, reason: String },
    #[error("only the facilitator ({0}) can do that; they can hand the role to you")]
    NotFacilitator(String),
    #[error("nobody facilitates this session yet")]
    NoFacilitator,
    #[error("{0} is not in the session now")]
    NotHere(String),
    #[error("the agenda has no block “{0}”")]
    NoSuchBlock(String),
    #[error("“{0}” is neither a section nor an agenda activity")]
    NoSuchPlace(String),
    #[error("no agenda block is running")]
    NoBlockRunning,
    #[error("a block can be extended by at most a day, and not cut below its start")]
    ExtensionOutOfBounds,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // What these guard stays consistent across a panic elsewhere (each write is one call).
    m.lock().unwrap_or_else(|p| p.into_inner())
}
