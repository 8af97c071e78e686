//! Durable ack latency: `PlanFile::append` of one realistic ~30-byte yrs update, beside the
//! physical anchor measured in the same run: a bare rusqlite INSERT+COMMIT of the same bytes
//! into a trivial table (WAL, synchronous=FULL) in another file. Both WALs are wrapped once
//! first (steady state of a long-lived file), and the two alternate in blocks so the disk's
//! drifting fsync rate hits both alike. Goal: p99 ≤ 1.5× bare.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{bench_dir, ms, ratio, summarize, typing_updates};
use criterion::Criterion;
use test_support::anchor::{bare_commit, bare_log};
use throughline_store::PlanFile;

const WARMUP: usize = 1500;
const BLOCK: usize = 250;
const BLOCKS: usize = 12;

struct Cycle {
    updates: Vec<Vec<u8>>,
    next: usize,
}

impl Cycle {
    fn next(&mut self) -> &[u8] {
        self.next = (self.next + 1) % self.updates.len();
        &self.updates[self.next]
    }
}

fn main() {
    let dir = bench_dir();
    let (updates, _) = typing_updates(5000, 7);
    let mean_len = updates.iter().map(Vec::len).sum::<usize>() as f64 / updates.len() as f64;
    let mut ours_updates = Cycle {
        updates: updates.clone(),
        next: 0,
    };
    let mut bare_updates = Cycle { updates, next: 0 };
    let mut plan = PlanFile::create(&dir.path().join("ack.throughline"), "bench", 0).unwrap();
    let bare = bare_log(&dir.path().join("bare.db"));

    for _ in 0..WARMUP {
        plan.append(ours_updates.next(), "ana", 1).unwrap();
        bare_commit(&bare, bare_updates.next());
    }

    let mut ours = Vec::with_capacity(BLOCK * BLOCKS);
    let mut anchor = Vec::with_capacity(BLOCK * BLOCKS);
    let started = Instant::now();
    for block in 0..BLOCKS {
        let mut run_ours = |ours: &mut Vec<Duration>| {
            for _ in 0..BLOCK {
                let u = ours_updates.next();
                let t = Instant::now();
                plan.append(u, "ana", 1).unwrap();
                ours.push(t.elapsed());
            }
        };
        let mut run_bare = |anchor: &mut Vec<Duration>| {
            for _ in 0..BLOCK {
                let u = bare_updates.next();
                let t = Instant::now();
                bare_commit(&bare, u);
                anchor.push(t.elapsed());
            }
        };
        if block % 2 == 0 {
            run_ours(&mut ours);
            run_bare(&mut anchor);
        } else {
            run_bare(&mut anchor);
            run_ours(&mut ours);
        }
    }
    let elapsed = started.elapsed();
    let o = summarize(&mut ours);
    let a = summarize(&mut anchor);
    println!();
    println!("durable ack: one update per commit ({mean_len:.1} B mean), WALs wrapped, {BLOCKS} alternating blocks of {BLOCK}, {:.1} s", elapsed.as_secs_f64());
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9}",
        "", "n", "p50 ms", "p99 ms", "max ms"
    );
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3}",
        "PlanFile::append",
        o.n,
        ms(o.p50),
        ms(o.p99),
        ms(o.max)
    );
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3}",
        "anchor: bare INSERT+COMMIT (FULL)",
        a.n,
        ms(a.p50),
        ms(a.p99),
        ms(a.max)
    );
    println!(
        "{:<34} {:>6} {:>8.2}x {:>8.2}x   (goal: p99 <= 1.50x)",
        "ratio ours / anchor",
        "",
        ratio(o.p50, a.p50),
        ratio(o.p99, a.p99)
    );
    println!();

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    c.bench_function("durable_ack/plan_append", |b| {
        b.iter(|| plan.append(ours_updates.next(), "ana", 1).unwrap())
    });
    c.bench_function("durable_ack/anchor_bare_insert_commit", |b| {
        b.iter(|| bare_commit(&bare, bare_updates.next()))
    });
    c.final_summary();
}
