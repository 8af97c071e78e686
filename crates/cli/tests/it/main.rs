//! The cli crate's tests, in one binary: the `throughline` binary (`CARGO_BIN_EXE_throughline`)
//! driven as a person or a script would, hosting real yjs peers, and reviewing and comparing.
//! The retreat tests need node and `npm ci` in `crates/session/tests/js`; they fail saying so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod breakouts;
mod cli;
mod district;
mod retreat;
mod review_cli;
mod run;
