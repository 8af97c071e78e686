//! The real automerge-paper trace (259,778 one-character edits writing a LaTeX paper; see
//! `shared/data/README.md`) replayed through the plan model, beside yrs alone with update
//! capture, in the same run and in alternating order (this machine drifts, so only the ratio
//! means anything). The model: one `PlanCommand::EditText` per patch into a strategy's
//! description of a fresh plan, each edit's update kept. Both sides must end with the trace's
//! `endContent`. Goal: the model within 1.3× of yrs alone with update capture. The plan file is
//! not in this one: every keystroke the desktop saves is committed on its own, which the
//! `typing` benchmark measures on the desktop's real path.
//!
//! A full replay takes 10-15 s per side, so this is a plain harness: interleaved rounds, medians
//! and the median of the per-round ratios, then criterion on a 20k-edit prefix.
//! `THROUGHLINE_TRACE_ROUNDS=n` runs n rounds (default 3); `THROUGHLINE_TRACE_EDITS=n` replays a
//! prefix.
//! Columns as in `typing`: on-CPU µs per edit of the process and of the replaying thread, and
//! the shares of wall time that thread waited for a CPU or slept.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{
    add_strategy, header, load_trace, measure, model_edits, splice_all, yrs_doc, yrs_edits, Edit,
    Run, Tally, CLIENT,
};
use criterion::{BatchSize, Criterion};
use throughline_plan::Plan;
use yrs::{GetString, Transact};

const ROUNDS: usize = 3;
/// The criterion part replays this prefix, so that its samples take a fraction of a second.
const PREFIX: usize = 20_000;

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

/// Yrs alone with update capture.
fn run_anchor(edits: &[Edit], end: &str) -> (Run, Vec<Duration>) {
    let doc = yrs_doc();
    let text = doc.get_or_insert_text("body");
    let mut lat = Vec::with_capacity(edits.len());
    let (run, updates) = measure(|| yrs_edits(&doc, &text, edits, true, &mut lat));
    assert_eq!(updates.len(), edits.len());
    assert_eq!(text.get_string(&doc.transact()), end);
    (run, lat)
}

/// The model alone, into a fresh plan.
fn run_ours(edits: &[Edit], end: Option<&str>) -> (Run, Vec<Duration>) {
    let plan = Plan::empty(CLIENT);
    let (at, _) = add_strategy(&plan, "automerge-paper");
    let mut lat = Vec::with_capacity(edits.len());
    let (run, updates) = measure(|| model_edits(&plan, &at, edits, &mut lat));
    drop(updates);
    if let Some(end) = end {
        assert_eq!(plan.content().strategies[0].description, end);
    }
    (run, lat)
}

// The same allocator as the shipped binaries, so the figures are what people get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let t = Instant::now();
    let trace = load_trace();
    let loaded = t.elapsed();
    let (edits, end) = match env_usize("THROUGHLINE_TRACE_EDITS") {
        Some(n) if n < trace.edits.len() => (&trace.edits[..n], splice_all(&trace.edits[..n])),
        _ => (&trace.edits[..], trace.end.clone()),
    };
    let n = edits.len();
    let rounds = env_usize("THROUGHLINE_TRACE_ROUNDS").unwrap_or(ROUNDS);

    let (mut anchor, mut ours) = (Tally::default(), Tally::default());
    let started = Instant::now();
    for round in 0..rounds {
        let mut one = |ours_first: bool| {
            if ours_first {
                let (run, lat) = run_ours(edits, Some(&end));
                ours.add(run, lat);
            } else {
                let (run, lat) = run_anchor(edits, &end);
                anchor.add(run, lat);
            }
        };
        one(round % 2 == 1);
        one(round % 2 == 0);
        println!(
            "  round {round}: anchor {:.2} s, model {:.2} s ({:.2}x)",
            anchor.runs[round].wall.as_secs_f64(),
            ours.runs[round].wall.as_secs_f64(),
            ours.runs[round].wall.as_secs_f64() / anchor.runs[round].wall.as_secs_f64(),
        );
    }
    let wall = started.elapsed();

    println!();
    println!(
        "automerge-paper trace: {n} edits (parsed in {:.1} s), final text {} chars checked on every replay, {rounds} alternating rounds, {:.0} s",
        loaded.as_secs_f64(),
        end.len(),
        wall.as_secs_f64()
    );
    header("time ÷ a");
    let ratio = ours.time_ratio(&anchor);
    anchor.row("anchor: yrs alone + update capture", n, 1.0);
    ours.row("Plan::apply (the model)", n, ratio);
    println!("goal: the model <= 1.30x the anchor's time (median of per-round ratios; p50/p99/max: one edit's apply)");
    println!();

    let prefix = &trace.edits[..PREFIX];
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    c.bench_function("trace/first_20k/anchor_yrs_capture", |b| {
        b.iter_batched(
            || {
                let doc = yrs_doc();
                let text = doc.get_or_insert_text("body");
                (doc, text)
            },
            |(doc, text)| yrs_edits(&doc, &text, prefix, true, &mut Vec::new()),
            BatchSize::PerIteration,
        )
    });
    c.bench_function("trace/first_20k/plan_apply", |b| {
        // Only the replay is timed: making the plan is setup.
        b.iter_custom(|iters| (0..iters).map(|_| run_ours(prefix, None).0.wall).sum())
    });
    c.final_summary();
}
