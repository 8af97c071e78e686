//! Shared by the benches: latency summaries, a deterministic RNG, realistic updates.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use yrs::{Doc, OffsetKind, Options, Text, Transact};

/// Files live under target/tmp, on the same disk as a user's plan would be (not a tmpfs).
pub fn bench_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

use test_support::Rng;

pub fn utf16_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    })
}

/// `n` one-character edits as a person types: runs at a cursor, now and then a jump to another
/// place in the text. Returns each edit's v1 update (what the app appends) and the final doc.
pub fn typing_updates(n: usize, seed: u64) -> (Vec<Vec<u8>>, Doc) {
    let doc = utf16_doc();
    let text = doc.get_or_insert_text("body");
    let mut rng = Rng::new(seed);
    let mut cursor = 0u32;
    let mut updates = Vec::with_capacity(n);
    for len in 0..n as u64 {
        if rng.below(30) == 0 {
            cursor = rng.below(len + 1) as u32;
        }
        let c = char::from(b"abcdefghijklmnopqrstuvwxyz      "[rng.below(32) as usize]);
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, cursor, c.encode_utf8(&mut [0; 4]));
        updates.push(txn.encode_update_v1());
        cursor += 1;
    }
    (updates, doc)
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

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

/// The anchor's table: the same bytes, a trivial table, WAL + synchronous=FULL.
pub fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
