//! The sync crate's tests, in one binary: the framing, rooms converging, hostile peers, roles,
//! and the real npm peers (node and `npm ci` in `tests/js`; they fail saying so otherwise).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod codec;
mod converge;
mod hocuspocus;
mod hostile;
mod npm_peers;
mod roles;
mod yjs_judge;
