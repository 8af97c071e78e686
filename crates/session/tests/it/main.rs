//! The session crate's tests, in one binary: the host commits before it relays, and survives
//! hostile peers. All on 127.0.0.1; every wait has a bound.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod commit_before_relay;
mod hostile;
mod pairing;
