//! The plan crate's tests, in one binary: replicas converging, hostile bytes, restore and
//! compare, the templates, the demo plan, and `docs/plan-format.md` kept true (its JavaScript
//! example runs against the real `yjs` in the workspace's `tests/yjs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod compare;
mod convergence;
mod decoding;
mod demo;
mod edit;
mod every_finding;
mod findings;
mod format_doc;
mod parking_lot;
mod phases;
mod program_demos;
mod program_findings;
mod ratings;
mod restore;
mod templates;
mod tradeoffs;
