//! The one error type of this crate; each reads as one line for a person.

use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot listen on {addr}: {reason}")]
    CannotListen { addr: SocketAddr, reason: String },

    #[error("a join code is 8 digits (spaces and dashes allowed)")]
    NotAJoinCode,

    #[error("the three join codes must differ")]
    CodesNotDistinct,

    #[error("the operating system gave no random numbers for the join codes: {0}")]
    NoRandomness(String),

    #[error(
        "not a Throughline or y-websocket address: {0} (expected ws://HOST:PORT/ROOM?code=CODE)"
    )]
    BadAddress(String),

    #[error(
        "{0} names neither a plan nor its review (expected ws://HOST:PORT/PLAN-ID, or \
         ws://HOST:PORT/PLAN-ID/review)"
    )]
    NotAPlanRoom(String),

    #[error("{0}")]
    Sync(#[from] throughline_sync::SyncError),

    #[error("the host refused the join code (wrong or missing)")]
    WrongCode,

    #[error("the district's server refused the token ({0})")]
    TokenRefused(String),

    #[error("a district's server needs a token (--token)")]
    NoToken,

    #[error("too many wrong join codes from this address; try again in a minute")]
    Throttled,

    #[error("the host does not serve this plan ({0})")]
    NotServed(String),

    #[error("cannot reach {address}: {reason}")]
    Unreachable { address: String, reason: String },

    #[error("the connection to {address} failed: {reason}")]
    ConnectionLost { address: String, reason: String },

    #[error("no answer from {address} within {seconds} s")]
    TimedOut { address: String, seconds: u64 },

    #[error("the plan file could not be written: {0}")]
    NotCommitted(String),

    #[error("network discovery: {0}")]
    Discovery(String),

    #[error("cannot start the network: {0}")]
    NoRuntime(String),

    #[error("the host has stopped")]
    HostStopped,

    #[error("the host's certificate: {0}")]
    Certificate(String),

    #[error(
        "the host's certificate is not the one this laptop paired with; ask the host for \
         the code again (another machine may be pretending to be the host)"
    )]
    NotPinned,

    #[error(
        "the host could not prove it knows the join code (another machine may be in the \
         middle); nothing was sent"
    )]
    NotTheHost,

    #[error("the host answered pairing with something else ({0})")]
    BadPairing(String),
}
