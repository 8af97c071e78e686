//! The app crate's tests, in one binary: the app API end to end on real plan files, opening and
//! editing, then review and sign-off.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod breakouts;
mod district;
mod open_plan;
mod review_and_signoff;
mod votes;
