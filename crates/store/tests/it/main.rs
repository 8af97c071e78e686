//! The store crate's tests, in one binary: the plan file's contract, its refusals, garbage and
//! random sessions, the review layer, and SIGKILL crash safety.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod behaviour;
mod crash;
mod garbage;
mod model;
mod refusals;
mod review_layer;
