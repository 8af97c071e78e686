//! Files that are not ours, damaged, missing or newer are refused with one clear line, and
//! the refusal leaves them exactly as they were.

use crate::common;

use std::path::{Path, PathBuf};

use common::{files_hash, insert};
use rusqlite::Connection;
use throughline_store::{PlanFile, StoreError, APPLICATION_ID, FORMAT_VERSION};
use yrs::Doc;

fn plan_with_content(dir: &Path) -> PathBuf {
    let path = dir.join("plan.throughline");
    let mut file = PlanFile::create(&path, "plan-1", 1).unwrap();
    let doc = Doc::new();
    for i in 0..20 {
        file.append(&insert(&doc, 0, &format!("line {i}\n")), "ana", i)
            .unwrap();
    }
    file.close().unwrap();
    path
}

/// Opens, expects a refusal, and checks the promise: one line naming the file, bytes intact.
fn refused(path: &Path) -> StoreError {
    let before = files_hash(path);
    let err = PlanFile::open(path).expect_err("open should refuse this file");
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "multi-line message: {msg}");
    assert!(
        msg.contains(&path.display().to_string()),
        "message does not name the file: {msg}"
    );
    assert_eq!(files_hash(path), before, "refusing {msg} changed the file");
    err
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.throughline");
    let err = refused(&path);
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(!path.exists());
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_with_content(dir.path());
    let before = files_hash(&path);
    let err = PlanFile::create(&path, "other", 2).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err}");
    assert!(!err.to_string().contains('\n'));
    assert_eq!(files_hash(&path), before);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "keep me").unwrap();
    assert!(matches!(
        PlanFile::create(&text, "x", 0),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "keep me");
    // Nothing left behind by the refused attempts.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn foreign_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    for (name, app_id, wal) in [
        ("zero.db", 0, false),
        ("other.db", 0x4750_4B47, false),
        ("wal.db", 7, true),
    ] {
        let path = dir.path().join(name);
        let conn = Connection::open(&path).unwrap();
        if wal {
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA application_id = {app_id}; CREATE TABLE t (x); INSERT INTO t VALUES (1);"
        ))
        .unwrap();
        drop(conn);
        let err = refused(&path);
        match err {
            StoreError::ForeignDatabase { application_id, .. } => {
                assert_eq!(application_id, app_id)
            }
            other => panic!("{name}: {other}"),
        }
    }
}

#[test]
fn not_sqlite_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.throughline");
    std::fs::write(
        &path,
        "Dear board, please find attached our redesign plan.\n".repeat(100),
    )
    .unwrap();
    assert!(matches!(refused(&path), StoreError::NotAPlanFile { .. }));

    let empty = dir.path().join("empty.throughline");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(refused(&empty), StoreError::NotAPlanFile { .. }));

    let folder = dir.path().join("folder.throughline");
    std::fs::create_dir(&folder).unwrap();
    assert!(matches!(refused(&folder), StoreError::NotAPlanFile { .. }));
}

#[test]
fn truncated_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_with_content(dir.path());
    let full = std::fs::read(&path).unwrap();
    for cut in [10, 99, 100, 4096, full.len() / 2, full.len() - 1] {
        std::fs::write(&path, &full[..cut]).unwrap();
        let err = refused(&path);
        assert!(
            matches!(
                err,
                StoreError::Truncated { .. } | StoreError::Corrupt { .. }
            ),
            "cut at {cut}: {err}"
        );
    }
    std::fs::write(&path, &full).unwrap();
    PlanFile::open(&path).unwrap().close().unwrap();
}

#[test]
fn newer_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_with_content(dir.path());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA user_version = {}", FORMAT_VERSION + 1))
        .unwrap();
    drop(conn);
    match refused(&path) {
        StoreError::TooNew {
            found, supported, ..
        } => {
            assert_eq!(found, FORMAT_VERSION + 1);
            assert_eq!(supported, FORMAT_VERSION);
        }
        other => panic!("{other}"),
    }
    // Still refused while the newer app has it open with changes only in its WAL.
    let newer_app = Connection::open(&path).unwrap();
    newer_app
        .execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE newer_feature (x);")
        .unwrap();
    let main_before = common::file_hash(&path);
    let err = PlanFile::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert_eq!(common::file_hash(&path), main_before);
}

#[test]
fn application_id_is_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = plan_with_content(dir.path());
    let conn = Connection::open(&path).unwrap();
    let id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    assert_eq!(&APPLICATION_ID.to_be_bytes(), b"THLN");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, FORMAT_VERSION);
}

#[test]
fn create_in_a_missing_folder_names_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("plan.throughline");
    let err = PlanFile::create(&path, "p", 0).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );
}
