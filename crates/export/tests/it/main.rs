//! The export crate's tests, in one binary.
//!
//! Tests that need programs from outside (LibreOffice, poppler, Chromium, Python, Node) fail with
//! a message naming what is missing; `scripts/setup` installs all of them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod accessibility;
mod documents;
mod lens;
mod opens;
mod profiles;
mod props;
mod redline;
mod snapshots;
mod user_text;
