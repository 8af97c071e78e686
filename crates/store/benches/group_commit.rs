//! 30 writers, each waiting for its durable ack before sending the next pre-encoded update
//! (peers' updates arriving over the network), through `GroupCommitter`, beside the anchor in
//! the same run: a bare group-commit loop (one thread takes every queued blob and commits them
//! in one transaction, WAL + synchronous=FULL). Runs alternate. Goals: p99 ≤ 1.5×, edits/s ≥ 0.8×.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use common::{bare_db, bench_dir, ms, ratio, summarize, typing_updates};
use criterion::Criterion;
use rusqlite::Connection;
use throughline_store::{GroupCommitter, PlanFile};

const WRITERS: usize = 30;
const PER_WRITER: usize = 300;
const RUNS_EACH: usize = 6;
const WARMUP: usize = 1500;

type BareJob = (Vec<u8>, SyncSender<i64>);

/// The anchor: the simplest correct group commit, with nothing of ours in it.
struct Bare {
    queue: Option<Sender<BareJob>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Bare {
    fn start(conn: Connection) -> Bare {
        let (queue, jobs) = mpsc::channel();
        let thread = std::thread::spawn(move || bare_loop(conn, &jobs));
        Bare {
            queue: Some(queue),
            thread: Some(thread),
        }
    }
    fn submit_wait(&self, data: Vec<u8>) -> i64 {
        let (ack, done) = mpsc::sync_channel(1);
        self.queue.as_ref().unwrap().send((data, ack)).unwrap();
        done.recv().unwrap()
    }
}

impl Drop for Bare {
    fn drop(&mut self) {
        drop(self.queue.take());
        self.thread.take().unwrap().join().unwrap();
    }
}

fn bare_loop(mut conn: Connection, jobs: &Receiver<BareJob>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        let tx = conn.transaction().unwrap();
        let mut seqs = Vec::with_capacity(batch.len());
        {
            let mut insert = tx
                .prepare_cached("INSERT INTO updates (data) VALUES (?1)")
                .unwrap();
            for (data, _) in &batch {
                insert.execute([data]).unwrap();
                seqs.push(tx.last_insert_rowid());
            }
        }
        tx.commit().unwrap();
        for ((_, ack), seq) in batch.into_iter().zip(seqs) {
            let _ = ack.send(seq);
        }
    }
}

/// One run: every writer sends its updates one at a time, waiting for each ack.
fn run(
    per_writer: &[Vec<Vec<u8>>],
    submit_wait: &(dyn Fn(Vec<u8>) + Sync),
) -> (Vec<Duration>, Duration) {
    let barrier = Barrier::new(per_writer.len() + 1);
    std::thread::scope(|s| {
        let handles: Vec<_> = per_writer
            .iter()
            .map(|updates| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    updates
                        .iter()
                        .map(|u| {
                            let t = Instant::now();
                            submit_wait(u.clone());
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        barrier.wait();
        let t = Instant::now();
        let latencies: Vec<Duration> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        (latencies, t.elapsed())
    })
}

fn main() {
    let dir = bench_dir();
    let per_writer: Vec<Vec<Vec<u8>>> = (0..WRITERS)
        .map(|w| typing_updates(PER_WRITER, 100 + w as u64).0)
        .collect();
    let plan = PlanFile::create(&dir.path().join("group.throughline"), "bench", 0).unwrap();
    let committer = GroupCommitter::start(plan).unwrap();
    let bare = Bare::start(bare_db(&dir.path().join("bare.db")));
    let ours_submit = |u: Vec<u8>| {
        committer.submit(u, String::from("peer"), 1).wait().unwrap();
    };
    let bare_submit = |u: Vec<u8>| {
        bare.submit_wait(u);
    };

    // Wrap both WALs: one commit per update until well past the autocheckpoint.
    for i in 0..WARMUP {
        let u = per_writer[i % WRITERS][i % PER_WRITER].clone();
        ours_submit(u.clone());
        bare_submit(u);
    }

    let (mut ours, mut anchor) = (Vec::new(), Vec::new());
    let (mut ours_wall, mut anchor_wall) = (Duration::ZERO, Duration::ZERO);
    for i in 0..RUNS_EACH * 2 {
        let ours_turn = i % 2 == 0;
        let (lat, wall) = if ours_turn {
            run(&per_writer, &ours_submit)
        } else {
            run(&per_writer, &bare_submit)
        };
        if ours_turn {
            ours.extend(lat);
            ours_wall += wall;
        } else {
            anchor.extend(lat);
            anchor_wall += wall;
        }
    }
    let edits = (WRITERS * PER_WRITER * RUNS_EACH) as f64;
    let (ours_rate, anchor_rate) = (
        edits / ours_wall.as_secs_f64(),
        edits / anchor_wall.as_secs_f64(),
    );
    let o = summarize(&mut ours);
    let a = summarize(&mut anchor);
    println!();
    println!("group commit: {WRITERS} writers each waiting for its ack, pre-encoded updates, {RUNS_EACH} alternating runs of {} edits each", WRITERS * PER_WRITER);
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9} {:>10}",
        "", "n", "p50 ms", "p99 ms", "max ms", "edits/s"
    );
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>10.0}",
        "GroupCommitter",
        o.n,
        ms(o.p50),
        ms(o.p99),
        ms(o.max),
        ours_rate
    );
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>10.0}",
        "anchor: bare group-commit loop",
        a.n,
        ms(a.p50),
        ms(a.p99),
        ms(a.max),
        anchor_rate
    );
    println!(
        "{:<34} {:>6} {:>8.2}x {:>8.2}x {:>9} {:>9.2}x   (goals: p99 <= 1.50x, edits/s >= 0.80x)",
        "ratio ours / anchor",
        "",
        ratio(o.p50, a.p50),
        ratio(o.p99, a.p99),
        "",
        ours_rate / anchor_rate
    );
    println!();

    let small: Vec<Vec<Vec<u8>>> = per_writer.iter().map(|u| u[..10].to_vec()).collect();
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    c.bench_function("group_commit/30x10_group_committer", |b| {
        b.iter(|| run(&small, &ours_submit))
    });
    c.bench_function("group_commit/30x10_anchor_bare_loop", |b| {
        b.iter(|| run(&small, &bare_submit))
    });
    c.final_summary();
    drop(bare);
    committer.shutdown().unwrap();
}
