//! File format 2: the review document's own log, sign-offs bound to versions, history reads,
//! and the upgrade of a format-1 file.

use crate::common;

use std::path::{Path, PathBuf};

use common::{insert, state_of, text_of};
use rusqlite::Connection;
use throughline_store::{
    NewSignoff, NewVersion, PlanFile, SignoffCheck, StoreError, FORMAT_VERSION,
};
use yrs::Doc;

fn new_plan(dir: &Path) -> (PathBuf, PlanFile) {
    let path = dir.join("plan.throughline");
    let file = PlanFile::create(&path, "plan-1", 1_700_000_000_000).unwrap();
    (path, file)
}

fn signoff<'a>(label: &'a str, name: &'a str) -> NewSignoff<'a> {
    NewSignoff {
        version_label: label,
        name,
        role: "Superintendent",
        recorded_by: "ana",
        at_ms: 50,
    }
}

#[test]
fn the_review_document_has_its_own_log() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let plan = Doc::new();
    file.append(&insert(&plan, 0, "plan text"), "ana", 1)
        .unwrap();
    let review = Doc::new();
    file.append_review(&insert(&review, 0, "a comment"), "ben", 2)
        .unwrap();
    file.append_review(&insert(&review, 9, ", and a reply"), "cy", 3)
        .unwrap();
    drop(file);

    let mut file = PlanFile::open(&path).unwrap();
    let plan_again = Doc::new();
    file.load_into(&plan_again).unwrap();
    assert_eq!(text_of(&plan_again), "plan text");
    let review_again = Doc::new();
    let report = file.load_review_into(&review_again).unwrap();
    assert_eq!(report.applied, 2);
    assert_eq!(text_of(&review_again), "a comment, and a reply");
    // Loading again into the same doc changes nothing: refresh is a reload.
    file.load_review_into(&review_again).unwrap();
    assert_eq!(text_of(&review_again), "a comment, and a reply");
    assert_eq!(
        file.authors().unwrap().len(),
        1,
        "review edits are not plan edits"
    );
}

#[test]
fn bad_review_bytes_are_quarantined_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    let err = file.append_review(b"\xff\x01", "mallory", 5).unwrap_err();
    assert!(matches!(err, StoreError::UndecodableUpdate { .. }), "{err}");
    assert_eq!(file.review_log_rows().unwrap(), 0);
    let kept = file.review_quarantined().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].data, b"\xff\x01");
    assert!(
        file.quarantined().unwrap().is_empty(),
        "the plan's quarantine is its own"
    );
}

#[test]
fn review_log_rows_that_cannot_load_move_to_quarantine() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let review = Doc::new();
    file.append_review(&insert(&review, 0, "kept"), "ben", 2)
        .unwrap();
    // Written by another program, with its checksum: not damage, just not an update.
    let raw = Connection::open(&path).unwrap();
    throughline_store::register_checksum(&raw).unwrap();
    raw.execute(
        "INSERT INTO review_updates (data, author, at_ms, sum)
         VALUES (x'ff', 'other program', 3, throughline_sum('review_updates', x'ff', 'other program', 3))",
        [],
    )
    .unwrap();
    let doc = Doc::new();
    let report = file.load_review_into(&doc).unwrap();
    assert_eq!((report.applied, report.quarantined), (1, 1));
    assert_eq!(text_of(&doc), "kept");
    assert_eq!(file.review_quarantined().unwrap()[0].original_seq, Some(2));
    assert_eq!(file.review_log_rows().unwrap(), 1);
}

#[test]
fn review_compaction_folds_the_log_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    assert!(!file.compact_review().unwrap(), "nothing to fold yet");
    let review = Doc::new();
    for i in 0..520u32 {
        file.append_review(&insert(&review, i, "x"), "ben", i64::from(i))
            .unwrap();
    }
    assert!(file.review_should_compact().unwrap());
    assert!(file.compact_review().unwrap());
    assert_eq!(file.review_log_rows().unwrap(), 0);
    assert!(!file.review_should_compact().unwrap());
    file.append_review(&insert(&review, 0, "after "), "cy", 600)
        .unwrap();
    drop(file);
    let mut file = PlanFile::open(&path).unwrap();
    let doc = Doc::new();
    let report = file.load_review_into(&doc).unwrap();
    assert_eq!(report.snapshot_upto_seq, 520);
    assert_eq!(report.applied, 1);
    assert_eq!(text_of(&doc), format!("after {}", "x".repeat(520)));
    assert!(file.compact_review().unwrap());
    assert_eq!(text_of(&doc), format!("after {}", "x".repeat(520)));
}

fn with_version(dir: &Path) -> (PathBuf, PlanFile) {
    let (path, mut file) = new_plan(dir);
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "adopted text"), "ana", 1)
        .unwrap();
    file.create_version(NewVersion {
        label: "Adopted 2026-06-12",
        author: "ana",
        at_ms: 10,
        state_v1: &state_of(&doc),
        content: "{\"text\":\"adopted text\"}",
    })
    .unwrap();
    (path, file)
}

#[test]
fn a_signoff_is_bound_to_the_version_hash_and_immutable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = with_version(dir.path());
    let version_hash = file.versions().unwrap()[0].content_hash.clone();
    let s = file
        .sign_version(signoff("Adopted 2026-06-12", "Dr. Ana Ruiz"))
        .unwrap();
    assert_eq!(s.content_hash, version_hash);
    assert_eq!(file.signoffs().unwrap(), vec![s.clone()]);
    assert_eq!(file.check_signoff(&s).unwrap(), SignoffCheck::Valid);

    let missing = file.sign_version(signoff("Nope", "X")).unwrap_err();
    assert!(
        matches!(missing, StoreError::NoSuchVersion { .. }),
        "{missing}"
    );

    let raw = Connection::open(&path).unwrap();
    assert!(raw
        .execute("UPDATE signoffs SET name = 'Someone else'", [])
        .is_err());
    assert!(raw.execute("DELETE FROM signoffs", []).is_err());
    assert_eq!(file.signoffs().unwrap(), vec![s]);
}

#[test]
fn a_tampered_version_fails_its_signoffs_and_cannot_be_signed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = with_version(dir.path());
    let s = file
        .sign_version(signoff("Adopted 2026-06-12", "Dr. Ana Ruiz"))
        .unwrap();
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch("DROP TRIGGER versions_no_update")
        .unwrap();
    raw.execute(
        "UPDATE versions SET content = '{\"text\":\"changed text\"}'",
        [],
    )
    .unwrap();
    assert_eq!(file.check_signoff(&s).unwrap(), SignoffCheck::Tampered);
    let refused = file
        .sign_version(signoff("Adopted 2026-06-12", "Board chair"))
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::TamperedVersion { .. }),
        "{refused}"
    );

    // Rewriting the version's recorded hash to match the new text does not move the signature.
    raw.execute(
        "UPDATE versions SET content_hash = ?1",
        [sha256_hex(b"{\"text\":\"changed text\"}")],
    )
    .unwrap();
    assert_eq!(file.check_signoff(&s).unwrap(), SignoffCheck::Tampered);

    raw.execute_batch(
        "PRAGMA foreign_keys = OFF; DROP TRIGGER versions_no_delete; DELETE FROM versions;",
    )
    .unwrap();
    assert_eq!(
        file.check_signoff(&s).unwrap(),
        SignoffCheck::VersionMissing
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

#[test]
fn plan_history_reads_the_log_after_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    let first = insert(&doc, 0, "one");
    file.append(&first, "ana", 1).unwrap();
    assert!(file.compact().unwrap());
    let second = insert(&doc, 3, " two");
    file.append(&second, "ben", 2).unwrap();
    let history = file.plan_history().unwrap();
    assert_eq!(history.snapshot_upto_seq, 1);
    assert!(history.snapshot.is_some() && history.snapshot_at_ms.is_some());
    assert_eq!(history.updates.len(), 1);
    assert_eq!(history.updates[0].data, second);
    assert_eq!(
        (history.updates[0].author.as_str(), history.updates[0].at_ms),
        ("ben", 2)
    );
}

#[test]
fn a_format_1_file_is_upgraded_in_place_and_keeps_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.throughline");
    let doc = Doc::new();
    let update = insert(&doc, 0, "written by format 1");
    {
        // Format 1 exactly as released: only its tables, user_version 1.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        let v1 = include_str!("../fixtures/format1.sql");
        conn.execute_batch(v1).unwrap();
        conn.execute_batch("PRAGMA user_version = 1;").unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('plan_id', 'old-plan')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO updates (data, author, at_ms) VALUES (?1, 'ana', 1)",
            [&update],
        )
        .unwrap();
    }
    let mut file = PlanFile::open(&path).unwrap();
    let loaded = Doc::new();
    file.load_into(&loaded).unwrap();
    assert_eq!(text_of(&loaded), "written by format 1");
    assert_eq!(file.meta("plan_id").unwrap().as_deref(), Some("old-plan"));
    let review = Doc::new();
    file.append_review(&insert(&review, 0, "now reviewable"), "ben", 2)
        .unwrap();
    drop(file);
    let raw = Connection::open(&path).unwrap();
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, FORMAT_VERSION);
    assert_eq!(FORMAT_VERSION, 3);
}
