//! Opening a plan: with 100,000 logged one-character edits (never compacted), and after
//! compaction (snapshot + a short tail), beside the anchor measured in the same run: decoding
//! the compacted state into a fresh doc. Goal: open ≤ 1.5× that decode, which only a snapshot
//! can give; the uncompacted figure (a replay of the whole log) is reported as it is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{bench_dir, file_len, ms, typing_updates, utf16_doc};
use criterion::Criterion;
use throughline_store::{NewUpdate, PlanFile};
use yrs::updates::decoder::Decode;
use yrs::{GetString, ReadTxn, StateVector, Transact, Update};

const LOGGED: usize = 100_000;
const TAIL: usize = 50;
const REPS: usize = 15;
const SLOW_REPS: usize = 5;

fn decode_into_fresh_doc(state: &[u8]) -> yrs::Doc {
    let doc = utf16_doc();
    doc.transact_mut()
        .apply_update(Update::decode_v1(state).unwrap())
        .unwrap();
    doc
}

fn open_and_load(path: &Path) -> (PlanFile, yrs::Doc) {
    let mut file = PlanFile::open(path).unwrap();
    let doc = utf16_doc();
    let report = file.load_into(&doc).unwrap();
    assert_eq!(report.quarantined, 0);
    (file, doc)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn text_len(doc: &yrs::Doc) -> usize {
    let text = doc.get_or_insert_text("body");
    text.get_string(&doc.transact()).len()
}

fn main() {
    let dir = bench_dir();
    let t = Instant::now();
    let (updates, _) = typing_updates(LOGGED + TAIL, 42);
    let generated = t.elapsed();
    let logged = &updates[..LOGGED];
    let log_bytes: usize = logged.iter().map(Vec::len).sum();

    // In-memory anchors: the state of the 100k-edit doc, and replaying the log without a file.
    let reference = utf16_doc();
    let t = Instant::now();
    {
        let mut txn = reference.transact_mut();
        for u in logged {
            txn.apply_update(Update::decode_v1(u).unwrap()).unwrap();
        }
    }
    let replay_in_memory = t.elapsed();
    let state = reference
        .transact()
        .encode_state_as_update_v1(&StateVector::default());

    // The uncompacted plan: 100k rows, never compacted.
    let uncompacted = dir.path().join("uncompacted.throughline");
    let mut file = PlanFile::create(&uncompacted, "bench", 0).unwrap();
    for chunk in logged.chunks(5000) {
        let batch: Vec<NewUpdate> = chunk
            .iter()
            .map(|u| NewUpdate {
                data: u,
                author: "ana",
                at_ms: 1,
            })
            .collect();
        file.append_batch(&batch).unwrap();
    }
    file.close().unwrap();

    // The compacted plan: same log folded by compact_from_doc, then a short tail of edits.
    let compacted = dir.path().join("compacted.throughline");
    std::fs::copy(&uncompacted, &compacted).unwrap();
    let (mut file, doc) = open_and_load(&compacted);
    assert!(file.compact_from_doc(&doc).unwrap());
    for u in &updates[LOGGED..] {
        file.append(u, "ana", 2).unwrap();
    }
    file.close().unwrap();

    let mut decode = Vec::new();
    let mut open_compacted = Vec::new();
    for _ in 0..REPS {
        let t = Instant::now();
        let doc = decode_into_fresh_doc(&state);
        decode.push(t.elapsed());
        assert_eq!(text_len(&doc), LOGGED);

        let t = Instant::now();
        let (file, doc) = open_and_load(&compacted);
        open_compacted.push(t.elapsed());
        assert_eq!(text_len(&doc), LOGGED + TAIL);
        drop(file);
    }

    let mut open_uncompacted = Vec::new();
    let mut open_then_compact = Vec::new();
    let mut reopen_after = Vec::new();
    let mut decode_slow = Vec::new();
    let mut after_size = 0;
    for i in 0..SLOW_REPS {
        let t = Instant::now();
        let (file, doc) = open_and_load(&uncompacted);
        open_uncompacted.push(t.elapsed());
        assert_eq!(text_len(&doc), LOGGED);
        drop(file);

        let copy = dir.path().join(format!("copy{i}.throughline"));
        std::fs::copy(&uncompacted, &copy).unwrap();
        let t = Instant::now();
        let (mut file, doc) = open_and_load(&copy);
        assert!(file.should_compact().unwrap());
        assert!(file.compact_from_doc(&doc).unwrap());
        open_then_compact.push(t.elapsed());
        file.close().unwrap();
        after_size = file_len(&copy);

        let t = Instant::now();
        let (file, _) = open_and_load(&copy);
        reopen_after.push(t.elapsed());
        drop(file);

        let t = Instant::now();
        decode_into_fresh_doc(&state);
        decode_slow.push(t.elapsed());
    }

    let d = median(decode.clone());
    let d_slow = median(decode_slow);
    let row = |name: &str, n: usize, v: Duration, anchor: Duration| {
        println!(
            "{name:<58} {n:>4} {:>10.2} {:>8.2}x",
            ms(v),
            v.as_secs_f64() / anchor.as_secs_f64()
        );
    };
    println!();
    println!(
        "open: {LOGGED} one-char typing edits ({log_bytes} B of updates, generated in {:.1} s), Utf16 docs, medians",
        generated.as_secs_f64()
    );
    println!("{:<58} {:>4} {:>10} {:>9}", "", "reps", "ms", "÷ anchor");
    row(
        "anchor: decode compacted state into a fresh doc",
        REPS,
        d,
        d,
    );
    row(
        "open + load, compacted (snapshot + 50-update tail)",
        REPS,
        median(open_compacted),
        d,
    );
    row(
        "anchor (again, beside the slow runs)",
        SLOW_REPS,
        d_slow,
        d_slow,
    );
    row(
        "open + load, 100k-row log, never compacted",
        SLOW_REPS,
        median(open_uncompacted),
        d_slow,
    );
    row(
        "open + load + compact_from_doc, 100k-row log",
        SLOW_REPS,
        median(open_then_compact),
        d_slow,
    );
    row(
        "reopen after that compaction (snapshot, no tail)",
        SLOW_REPS,
        median(reopen_after),
        d_slow,
    );
    row(
        "(in memory: apply the 100k updates, no file)",
        1,
        replay_in_memory,
        d_slow,
    );
    println!("goal: open <= 1.50x the decode of the compacted state (compacted file)");
    println!();
    println!(
        "sizes: compacted state {} B; update log {} B",
        state.len(),
        log_bytes
    );
    println!(
        "       file with 100k-row log {} B ({:.1}x state); compacted + tail {} B ({:.1}x); 100k file after compaction + close {} B ({:.1}x)",
        file_len(&uncompacted),
        file_len(&uncompacted) as f64 / state.len() as f64,
        file_len(&compacted),
        file_len(&compacted) as f64 / state.len() as f64,
        after_size,
        after_size as f64 / state.len() as f64
    );
    println!();

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    c.bench_function("open/anchor_decode_compacted_state", |b| {
        b.iter(|| decode_into_fresh_doc(&state))
    });
    c.bench_function("open/compacted_snapshot_plus_tail", |b| {
        b.iter(|| open_and_load(&compacted))
    });
    c.final_summary();
}
