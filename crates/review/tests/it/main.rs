//! The review crate's tests, in one binary: comment anchors through random edits, threads and
//! statuses, and who changed what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod anchors;
mod attribution;
mod review;
