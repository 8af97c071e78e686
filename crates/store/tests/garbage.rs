//! Bytes from outside (peers, damaged files) never panic the store: they are refused with an
//! error, quarantined, or loaded consistently, and a refused file is left exactly as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

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
