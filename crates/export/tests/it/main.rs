//! The export crate's integration tests: one binary (see `shared/design` testing conventions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod dump;
