//! Shared by the app benches: typing as yrs alone and as the plan model, the automerge-paper
//! trace, latency summaries and per-thread CPU accounting.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use test_support::Rng;
use throughline_plan::{Plan, PlanCommand};
use yrs::{Doc, OffsetKind, Options, Text, TextRef, Transact};

/// One client id on both sides: update sizes (and so encoding work) depend on it.
pub const CLIENT: u64 = 1;
pub const AUTHOR: &str = "ana";

/// Files live under target/tmp, on the same disk as a user's plan would be (not a tmpfs).
pub fn bench_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

/// One edit of a text, in UTF-16 code units: delete `delete` at `index`, then insert.
#[derive(Clone, Debug)]
pub struct Edit {
    pub index: u32,
    pub delete: u32,
    pub insert: String,
}

/// Yrs alone, as Yjs clients configure it: UTF-16 offsets, our client id.
pub fn yrs_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::with_client_id(yrs::block::ClientID::new(CLIENT))
    })
}

/// Yrs alone: one transaction per edit, and (when `capture`) each edit's v1 update encoded from
/// its transaction, which is what `observe_update_v1` hands a listener and what the store needs.
/// `lat` gets each edit's time.
pub fn yrs_edits(
    doc: &Doc,
    text: &TextRef,
    edits: &[Edit],
    capture: bool,
    lat: &mut Vec<Duration>,
) -> Vec<Vec<u8>> {
    let mut updates = Vec::with_capacity(if capture { edits.len() } else { 0 });
    for e in edits {
        let t = Instant::now();
        let mut txn = doc.transact_mut();
        if e.delete > 0 {
            text.remove_range(&mut txn, e.index, e.delete);
        }
        if !e.insert.is_empty() {
            text.insert(&mut txn, e.index, &e.insert);
        }
        if capture {
            updates.push(txn.encode_update_v1());
        }
        drop(txn);
        lat.push(t.elapsed());
    }
    updates
}

/// Keystrokes as a person types: runs at a cursor, now and then a jump elsewhere in the text,
/// about one in ten a backspace.
pub fn keystrokes(n: usize, seed: u64) -> Vec<Edit> {
    let mut rng = Rng::new(seed);
    let mut len = 0u64;
    let mut cursor = 0u64;
    let mut edits = Vec::with_capacity(n);
    while edits.len() < n {
        if rng.below(30) == 0 {
            cursor = rng.below(len + 1);
        }
        if cursor > 0 && rng.below(10) == 0 {
            cursor -= 1;
            len -= 1;
            edits.push(Edit {
                index: cursor as u32,
                delete: 1,
                insert: String::new(),
            });
        } else {
            let c = b"abcdefghijklmnopqrstuvwxyz      "[rng.below(32) as usize];
            edits.push(Edit {
                index: cursor as u32,
                delete: 0,
                insert: char::from(c).to_string(),
            });
            cursor += 1;
            len += 1;
        }
    }
    edits
}

/// A new strategy to type into; returns its path (`strategies/ID`) and the update that made it.
pub fn add_strategy(plan: &Plan, name: &str) -> (String, Vec<u8>) {
    let Value::Object(fields) = json!({ "name": name }) else {
        unreachable!()
    };
    let applied = plan
        .apply(&PlanCommand::Add {
            to: "strategies".into(),
            fields,
            after: None,
        })
        .unwrap();
    (
        format!("strategies/{}", applied.id.unwrap()),
        applied.update,
    )
}

/// The command the app would build for one keystroke in a strategy's description.
pub fn edit_command(at: &str, e: &Edit) -> PlanCommand {
    PlanCommand::EditText {
        at: at.to_string(),
        field: "description".into(),
        index: e.index,
        delete: e.delete,
        insert: e.insert.clone(),
    }
}

/// The model alone: each edit through `Plan::apply`, its update kept (no file).
pub fn model_edits(plan: &Plan, at: &str, edits: &[Edit], lat: &mut Vec<Duration>) -> Vec<Vec<u8>> {
    let mut updates = Vec::with_capacity(edits.len());
    for e in edits {
        let t = Instant::now();
        let applied = plan.apply(&edit_command(at, e)).unwrap();
        updates.push(applied.update);
        lat.push(t.elapsed());
    }
    updates
}

/// The automerge-paper trace (`shared/data/README.md`): one-character edits writing a LaTeX
/// paper, pure ASCII, so its code-point positions are also UTF-16 units.
pub struct Trace {
    pub edits: Vec<Edit>,
    pub end: String,
}

const TRACE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/automerge-paper.json.gz"
);

pub fn load_trace() -> Trace {
    let mut json = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(TRACE).unwrap())
        .read_to_string(&mut json)
        .unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["startContent"].as_str(), Some(""));
    let end = v["endContent"].as_str().unwrap().to_string();
    assert!(end.is_ascii());
    let mut edits = Vec::new();
    for txn in v["txns"].as_array().unwrap() {
        for p in txn["patches"].as_array().unwrap() {
            let insert = p[2].as_str().unwrap().to_string();
            assert!(insert.is_ascii());
            edits.push(Edit {
                index: u32::try_from(p[0].as_u64().unwrap()).unwrap(),
                delete: u32::try_from(p[1].as_u64().unwrap()).unwrap(),
                insert,
            });
        }
    }
    Trace { edits, end }
}

/// The text after `edits`, applied like `Array.splice` (ASCII: bytes are characters).
pub fn splice_all(edits: &[Edit]) -> String {
    let mut text: Vec<u8> = Vec::new();
    for e in edits {
        let i = e.index as usize;
        text.splice(i..i + e.delete as usize, e.insert.bytes());
    }
    String::from_utf8(text).unwrap()
}

pub struct Summary {
    pub n: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

pub fn summarize(samples: &mut [Duration]) -> Summary {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Summary {
        n: samples.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
    }
}

pub fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Scheduler figures from /proc (Linux), in ns: how long a thread ran on a CPU and how long it
/// sat runnable waiting for one. On this shared 2-core box the second is what tells CPU
/// contention (others' builds, our own committer thread) apart from work.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sched {
    pub run_ns: u64,
    pub wait_ns: u64,
}

impl std::ops::Sub for Sched {
    type Output = Sched;
    fn sub(self, o: Sched) -> Sched {
        Sched {
            run_ns: self.run_ns.saturating_sub(o.run_ns),
            wait_ns: self.wait_ns.saturating_sub(o.wait_ns),
        }
    }
}

fn parse_schedstat(s: &str) -> Sched {
    let mut f = s.split_whitespace().map(|x| x.parse::<u64>().unwrap_or(0));
    Sched {
        run_ns: f.next().unwrap_or(0),
        wait_ns: f.next().unwrap_or(0),
    }
}

/// This thread's figures.
pub fn thread_sched() -> Sched {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .map(|s| parse_schedstat(&s))
        .unwrap_or_default()
}

/// Summed over the live threads of this process (the committer thread included).
pub fn process_sched() -> Sched {
    let mut total = Sched::default();
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for t in tasks.flatten() {
            if let Ok(s) = std::fs::read_to_string(t.path().join("schedstat")) {
                let x = parse_schedstat(&s);
                total.run_ns += x.run_ns;
                total.wait_ns += x.wait_ns;
            }
        }
    }
    total
}

/// One measured stretch: its wall time and what the scheduler says happened in it.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    pub main: Sched,
    pub process: Sched,
}

/// Times `f` on this thread. Threads started inside `f` and gone by its end are not counted in
/// `process`, so the committer must outlive the measurement.
pub fn measure<T>(f: impl FnOnce() -> T) -> (Run, T) {
    let (m0, p0) = (thread_sched(), process_sched());
    let t = Instant::now();
    let out = f();
    let wall = t.elapsed();
    let (m1, p1) = (thread_sched(), process_sched());
    (
        Run {
            wall,
            main: m1 - m0,
            process: p1 - p0,
        },
        out,
    )
}

/// One side of a comparison over several rounds.
#[derive(Default)]
pub struct Tally {
    pub runs: Vec<Run>,
    pub lat: Vec<Duration>,
}

impl Tally {
    pub fn add(&mut self, run: Run, lat: Vec<Duration>) {
        self.runs.push(run);
        self.lat.extend(lat);
    }

    pub fn secs(&self) -> Vec<f64> {
        self.runs.iter().map(|r| r.wall.as_secs_f64()).collect()
    }

    /// Per-round ratio of this side's wall time to `anchor`'s (same round, same minute of the
    /// machine), then the median: > 1 means slower.
    pub fn time_ratio(&self, anchor: &Tally) -> f64 {
        let r: Vec<f64> = self
            .runs
            .iter()
            .zip(&anchor.runs)
            .map(|(o, a)| o.wall.as_secs_f64() / a.wall.as_secs_f64())
            .collect();
        median(&r)
    }

    /// Prints one row: median wall time, edits/s, the given ratio, per-edit latencies; then,
    /// totalled over every round (the kernel updates a running thread's figures only at
    /// scheduler ticks, too coarse for one short round): on-CPU time per edit of the whole
    /// process (the committer included) and of the typing thread alone, and the shares of the
    /// wall time the typing thread sat runnable without a CPU ("waited") or asleep ("slept":
    /// a lock, a channel, the final wait for acks).
    pub fn row(&mut self, label: &str, edits_per_run: usize, ratio: f64) {
        let secs = median(&self.secs());
        let edits = (edits_per_run * self.runs.len()) as f64;
        let total = |f: fn(&Run) -> u64| self.runs.iter().map(f).sum::<u64>() as f64;
        let cpu = total(|r| r.process.run_ns);
        let main = total(|r| r.main.run_ns);
        let waited = total(|r| r.main.wait_ns);
        let wall = total(|r| u64::try_from(r.wall.as_nanos()).unwrap_or(u64::MAX));
        let slept = (wall - main - waited).max(0.0);
        let s = summarize(&mut self.lat);
        println!(
            "{label:<40} {:>8.3} {:>8.0} {ratio:>7.2}x {:>7.1} {:>7.1} {:>8.1} {:>7.2} {:>7.2} {:>6.0}% {:>6.0}%",
            secs,
            edits_per_run as f64 / secs,
            us(s.p50),
            us(s.p99),
            us(s.max),
            cpu / 1e3 / edits,
            main / 1e3 / edits,
            100.0 * waited / wall,
            100.0 * slept / wall,
        );
    }
}

pub fn header(ratio: &str) {
    println!(
        "{:<40} {:>8} {:>8} {:>8} {:>7} {:>7} {:>8} {:>7} {:>7} {:>7} {:>7}",
        "median over rounds",
        "s",
        "edits/s",
        ratio,
        "p50 µs",
        "p99 µs",
        "max µs",
        "CPU/e",
        "main/e",
        "waited",
        "slept"
    );
}
