//! Bytes from outside (peers, damaged files) never panic the store: they are refused with an
//! error, quarantined, or loaded consistently, and a refused file is left exactly as it was.

use crate::common;

use std::path::Path;

use common::{files_hash, insert, text_of};
use proptest::prelude::*;
use test_support::Rng;
use throughline_store::{PlanFile, StoreError};
use yrs::Doc;

/// A small real plan: a log, a snapshot, a version, and a tail after the snapshot.
fn real_plan(path: &Path, seed: u64) -> String {
    let mut file = PlanFile::create(path, "plan-1", 1).unwrap();
    let doc = Doc::new();
    let mut rng = Rng::new(seed);
    for i in 0..40 {
        let at = rng.below(200) as u32;
        let u = insert(&doc, at, &format!("w{i} "));
        file.append(&u, "ana", i).unwrap();
        if i == 25 {
            assert!(file.compact().unwrap());
            let state = common::state_of(&doc);
            file.create_version(throughline_store::NewVersion {
                label: "draft",
                author: "ana",
                at_ms: 5,
                state_v1: &state,
                content: "{}",
            })
            .unwrap();
        }
    }
    file.close().unwrap();
    text_of(&doc)
}

/// Opening must either fail (leaving every byte as it was) or succeed and then load without a
/// panic; a load error is acceptable for a damaged file, a panic never is.
fn open_damaged(path: &Path) {
    let before = files_hash(path);
    match PlanFile::open(path) {
        Err(e) => {
            assert_eq!(
                files_hash(path),
                before,
                "refused open changed the file ({e})"
            );
            assert!(!e.to_string().contains('\n'));
        }
        Ok(mut file) => {
            let mut doc = Doc::new();
            if file.load_into(&doc).is_err() {
                doc = Doc::new();
            }
            if file.load_into(&doc).is_ok() {
                let _ = text_of(&doc);
                let _ = file.compact();
                let _ = file.versions();
                let _ = file.version_state("draft");
                let _ = file.stats();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_update_bytes_are_quarantined_or_accepted(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.throughline");
        let mut file = PlanFile::create(&path, "p", 0).unwrap();
        let doc = Doc::new();
        file.append(&insert(&doc, 0, "kept"), "ana", 1).unwrap();
        let before = file.stats().unwrap();
        match file.append(&bytes, "mallory", 2) {
            Err(StoreError::UndecodableUpdate { quarantine_id, .. }) => {
                let after = file.stats().unwrap();
                prop_assert_eq!(after.log_rows, before.log_rows);
                prop_assert_eq!(after.last_seq, before.last_seq);
                prop_assert_eq!(after.quarantined_rows, before.quarantined_rows + 1);
                let q = file.quarantined().unwrap();
                prop_assert_eq!(q.len(), 1);
                prop_assert_eq!(q[0].id, quarantine_id);
                prop_assert_eq!(&q[0].data, &bytes);
                prop_assert_eq!(q[0].author.as_str(), "mallory");
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
            // Some byte strings are valid (if odd) updates; they must then load without harm.
            Ok(_) => {}
        }
        let mut fresh = Doc::new();
        if let Err(e) = file.load_into(&fresh) {
            // Accepted bytes that crash yrs are quarantined on load; a second load is clean.
            prop_assert!(matches!(e, StoreError::PoisonedUpdate { .. }), "{}", e);
            fresh = Doc::new();
            file.load_into(&fresh).unwrap();
        }
        prop_assert!(text_of(&fresh).contains("kept"));
    }

    #[test]
    fn mutated_real_updates_never_panic(seed in any::<u64>(), flips in proptest::collection::vec((any::<u16>(), any::<u8>()), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.throughline");
        let mut file = PlanFile::create(&path, "p", 0).unwrap();
        let doc = Doc::new();
        let mut rng = Rng::new(seed);
        for i in 0..5 {
            let u = insert(&doc, rng.below(20) as u32, &format!("x{i}"));
            file.append(&u, "ana", i).unwrap();
        }
        let mut u = insert(&doc, rng.below(20) as u32, "mutant");
        for (at, b) in flips {
            let i = usize::from(at) % u.len();
            u[i] ^= b.max(1);
        }
        let _ = file.append(&u, "mallory", 9);
        let fresh = Doc::new();
        let _ = file.load_into(&fresh);
        let _ = text_of(&fresh);
        let _ = file.compact();
    }

    #[test]
    fn arbitrary_bytes_as_a_file_are_refused_unchanged(bytes in proptest::collection::vec(any::<u8>(), 0..5000), sqlite_magic in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.throughline");
        let mut content = bytes;
        if sqlite_magic {
            let mut head = b"SQLite format 3\0".to_vec();
            head.extend_from_slice(&content);
            content = head;
        }
        std::fs::write(&path, &content).unwrap();
        let before = files_hash(&path);
        let result = PlanFile::open(&path);
        prop_assert!(result.is_err());
        prop_assert_eq!(files_hash(&path), before);
        prop_assert!(!result.unwrap_err().to_string().contains('\n'));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn truncated_plan_files_never_panic(cut in any::<proptest::sample::Index>(), seed in 0u64..4) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.throughline");
        real_plan(&path, seed);
        let full = std::fs::read(&path).unwrap();
        let len = cut.index(full.len());
        std::fs::write(&path, &full[..len]).unwrap();
        let before = files_hash(&path);
        let result = PlanFile::open(&path);
        // Any cut short of the whole file loses pages: refused, unchanged, one line.
        prop_assert!(result.is_err());
        prop_assert_eq!(files_hash(&path), before);
        prop_assert!(!result.unwrap_err().to_string().contains('\n'));
    }

    #[test]
    fn plan_files_with_flipped_bytes_never_panic(flips in proptest::collection::vec((any::<proptest::sample::Index>(), 1u8..=255), 1..6), seed in 0u64..4) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.throughline");
        real_plan(&path, seed);
        let mut bytes = std::fs::read(&path).unwrap();
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        std::fs::write(&path, &bytes).unwrap();
        open_damaged(&path);
    }
}

#[test]
fn a_real_plan_opens_with_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.throughline");
    let text = real_plan(&path, 1);
    let mut file = PlanFile::open(&path).unwrap();
    let doc = Doc::new();
    let report = file.load_into(&doc).unwrap();
    assert_eq!(text_of(&doc), text);
    assert_eq!(report.quarantined, 0);
    assert!(report.snapshot_upto_seq > 0);
}

/// Everything a reader can get out of a plan file, to compare a damaged file's reads with.
#[derive(Debug, PartialEq, Eq)]
struct Reading {
    text: String,
    plan_id: Option<String>,
    versions: Vec<(String, String)>,
    version_content: Vec<String>,
    review: String,
    signoffs: Vec<(String, String)>,
    history: Vec<(Vec<u8>, String, i64)>,
    authors: Vec<(String, u64)>,
}

fn read_everything(path: &Path) -> Result<Reading, StoreError> {
    let mut file = PlanFile::open_read_only(path)?;
    let doc = Doc::new();
    file.load_into(&doc)?;
    let review = Doc::new();
    file.load_review_into(&review)?;
    let versions = file.versions()?;
    let mut version_content = Vec::new();
    for v in &versions {
        if let Some(stored) = file.version_state(&v.label)? {
            version_content.push(stored.content);
        }
    }
    let reading = Reading {
        text: text_of(&doc),
        plan_id: file.meta("plan_id")?,
        versions: versions
            .into_iter()
            .map(|v| (v.label, v.content_hash))
            .collect(),
        version_content,
        review: text_of(&review),
        signoffs: file
            .signoffs()?
            .into_iter()
            .map(|s| (s.name, s.content_hash))
            .collect(),
        history: file
            .plan_history()?
            .updates
            .into_iter()
            .map(|u| (u.data, u.author, u.at_ms))
            .collect(),
        authors: file
            .authors()?
            .into_iter()
            .map(|a| (a.author, a.updates))
            .collect(),
    };
    file.close()?;
    Ok(reading)
}

/// A plan with every kind of row: log, snapshot, version, sign-off, review log, a tail.
fn rich_plan(path: &Path, seed: u64) {
    real_plan(path, seed);
    let mut file = PlanFile::open(path).unwrap();
    let review = Doc::new();
    for i in 0..12 {
        let u = insert(&review, 0, &format!("comment {i}; "));
        file.append_review(&u, "ben", 100 + i).unwrap();
    }
    file.sign_version(throughline_store::NewSignoff {
        version_label: "draft",
        name: "Dr. Ana Ruiz",
        role: "Superintendent",
        recorded_by: "ana",
        at_ms: 200,
    })
    .unwrap();
    file.close().unwrap();
}

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Bit flips anywhere in a real plan file, in any number: every read either names the damage
/// in one line or reads exactly what the undamaged file held; reading never changes a byte
/// (nor adds a file beside it); and repair copies only rows that are really the plan's.
#[test]
fn flipped_bits_are_named_never_read_as_another_plan_and_never_written() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::Cell;

    let dir = tempfile::tempdir().unwrap();
    let pristine_path = dir.path().join("pristine.throughline");
    rich_plan(&pristine_path, 7);
    let pristine = std::fs::read(&pristine_path).unwrap();
    let expected = read_everything(&pristine_path).unwrap();
    let pristine_rows: std::collections::BTreeSet<(Vec<u8>, String, i64)> =
        expected.history.iter().cloned().collect();

    let (cases, named, harmless, changed) =
        (Cell::new(0), Cell::new(0), Cell::new(0), Cell::new(0));
    let (repaired, rows_recovered, rows_lost) = (Cell::new(0), Cell::new(0u64), Cell::new(0u64));
    let mut runner = TestRunner::new(Config {
        cases: 160,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    });
    let flips = proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..8), 1..64);
    runner
        .run(&flips, |flips| {
            cases.set(cases.get() + 1);
            let case = tempfile::tempdir().unwrap();
            let path = case.path().join("p.throughline");
            let mut bytes = pristine.clone();
            for (at, bit) in &flips {
                let i = at.index(bytes.len());
                bytes[i] ^= 1 << bit;
            }
            std::fs::write(&path, &bytes).unwrap();
            let listing = dir_listing(case.path());
            let result = read_everything(&path);
            let unchanged =
                std::fs::read(&path).unwrap() == bytes && dir_listing(case.path()) == listing;
            if !unchanged {
                changed.set(changed.get() + 1);
            }
            prop_assert!(unchanged, "reading changed the file or its folder");
            match result {
                Err(e) => {
                    named.set(named.get() + 1);
                    let message = e.to_string();
                    prop_assert!(!message.contains('\n'), "{}", message);
                }
                Ok(reading) => {
                    prop_assert_eq!(&reading, &expected, "damage read as a different plan");
                    harmless.set(harmless.get() + 1);
                    return Ok(());
                }
            }
            let copy = case.path().join("copy.throughline");
            if let Ok(report) = throughline_store::repair(&path, &copy, "fallback") {
                repaired.set(repaired.get() + 1);
                prop_assert_eq!(
                    std::fs::read(&path).unwrap(),
                    bytes.clone(),
                    "repair wrote the damaged file"
                );
                let mut file = PlanFile::open(&copy).unwrap();
                let doc = Doc::new();
                if file.load_into(&doc).is_err() {
                    file.load_into(&Doc::new()).unwrap();
                }
                let history = file.plan_history().unwrap();
                let versions_rebuilt = report.lost.iter().any(|l| l.contains("rebuilt on version"));
                for u in &history.updates {
                    let row = (u.data.clone(), u.author.clone(), u.at_ms);
                    prop_assert!(
                        pristine_rows.contains(&row) || versions_rebuilt,
                        "repair invented a change"
                    );
                }
                let kept = history.updates.len() as u64;
                rows_recovered.set(rows_recovered.get() + kept.min(pristine_rows.len() as u64));
                rows_lost.set(rows_lost.get() + (pristine_rows.len() as u64).saturating_sub(kept));
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "bit flips: {} damaged files; damage named {}, read unchanged {} (flips in unused space), files changed {}; repaired {}, log rows recovered {}, lost {}",
        cases.get(),
        named.get(),
        harmless.get(),
        changed.get(),
        repaired.get(),
        rows_recovered.get(),
        rows_lost.get()
    );
    assert_eq!(changed.get(), 0);
    assert!(named.get() > 0);
}
