//! The plan file's contract: durable log, snapshots, versions, quarantine, several connections.

use crate::common;

use std::path::Path;

use common::{insert, state_of, state_vector_of, text_of};
use rusqlite::Connection;
use throughline_store::{NewUpdate, NewVersion, PlanFile, StoreError, STORE_ORIGIN};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, Update};

fn new_plan(dir: &Path) -> (std::path::PathBuf, PlanFile) {
    let path = dir.join("plan.throughline");
    let file = PlanFile::create(&path, "plan-1", 1_700_000_000_000).unwrap();
    (path, file)
}

fn loaded(path: &Path) -> (PlanFile, Doc) {
    let mut file = PlanFile::open(path).unwrap();
    let doc = Doc::new();
    file.load_into(&doc).unwrap();
    (file, doc)
}

fn apply(doc: &Doc, update: &[u8]) {
    doc.transact_mut()
        .apply_update(Update::decode_v1(update).unwrap())
        .unwrap();
}

#[test]
fn meta_is_written_at_creation() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    assert_eq!(file.meta("plan_id").unwrap().as_deref(), Some("plan-1"));
    assert_eq!(
        file.meta("created_at_ms").unwrap().as_deref(),
        Some("1700000000000")
    );
    assert_eq!(
        file.meta("format_version").unwrap(),
        Some(throughline_store::FORMAT_VERSION.to_string())
    );
    assert!(file
        .meta("created_by")
        .unwrap()
        .unwrap()
        .starts_with("throughline-store "));
    assert_eq!(file.meta("title").unwrap(), None);
    file.set_meta("title", "Lincoln Middle redesign").unwrap();
    file.set_meta("title", "Lincoln MS redesign").unwrap();
    assert_eq!(
        file.meta("title").unwrap().as_deref(),
        Some("Lincoln MS redesign")
    );
}

#[test]
fn appended_updates_reload_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    let mut seqs = Vec::new();
    for word in ["goals ", "staffing ", "budget "] {
        seqs.push(file.append(&insert(&doc, 1000, word), "ana", 5).unwrap());
    }
    assert_eq!(seqs, vec![1, 2, 3]);
    drop(file);
    let (_, fresh) = loaded(&path);
    assert_eq!(text_of(&fresh), "goals staffing budget ");
}

#[test]
fn loading_uses_the_store_origin() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "x"), "ana", 1).unwrap();
    drop(file);
    let fresh = Doc::new();
    let origins = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = origins.clone();
    fresh
        .observe_update_v1(
            "test",
            move |txn: &yrs::TransactionMut, _: &yrs::UpdateEvent| {
                seen.lock()
                    .unwrap()
                    .push(txn.origin().map(|o| o.as_ref().to_vec()));
            },
        )
        .unwrap();
    PlanFile::open(&path).unwrap().load_into(&fresh).unwrap();
    assert_eq!(
        *origins.lock().unwrap(),
        vec![Some(STORE_ORIGIN.as_bytes().to_vec())]
    );
}

#[test]
fn undecodable_append_is_quarantined_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "ok"), "ana", 1).unwrap();
    let before = file.stats().unwrap();
    let err = file
        .append(b"\xff\xff\xff garbage", "peer-7", 42)
        .unwrap_err();
    let StoreError::UndecodableUpdate {
        quarantine_id,
        ref author,
        ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(author, "peer-7");
    assert!(!err.to_string().contains('\n'));
    let after = file.stats().unwrap();
    assert_eq!(
        (after.log_rows, after.last_seq),
        (before.log_rows, before.last_seq)
    );
    let q = file.quarantined().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].id, quarantine_id);
    assert_eq!(q[0].data, b"\xff\xff\xff garbage");
    assert_eq!(q[0].received_at_ms, 42);
    assert_eq!(q[0].original_seq, None);

    // A batch is all or nothing for the log.
    let good = insert(&doc, 0, "more");
    let batch = [
        NewUpdate {
            data: &good,
            author: "ana",
            at_ms: 2,
        },
        NewUpdate {
            data: b"\x01",
            author: "peer-8",
            at_ms: 3,
        },
    ];
    assert!(matches!(
        file.append_batch(&batch),
        Err(StoreError::UndecodableUpdate { .. })
    ));
    assert_eq!(file.stats().unwrap().log_rows, before.log_rows);
    assert_eq!(file.quarantined().unwrap().len(), 2);
    assert_eq!(file.append_batch(&batch[..1]).unwrap(), vec![2]);
}

#[test]
fn a_row_written_without_its_checksum_is_named_as_damage_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "before "), "ana", 1).unwrap();
    file.append(&insert(&doc, 100, "after"), "ana", 3).unwrap();
    file.close().unwrap();
    {
        // A hand edit that changes a row's text behind Throughline's back.
        let raw = Connection::open(&path).unwrap();
        raw.execute("UPDATE updates SET author = 'mallory' WHERE seq = 2", [])
            .unwrap();
        raw.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for open in [PlanFile::open, PlanFile::open_read_only] {
        let e = open(&path).unwrap_err();
        let message = e.to_string();
        assert!(matches!(e, StoreError::Damaged { .. }), "{message}");
        assert!(message.contains("1 of 2 saved changes (#2)"), "{message}");
        assert!(!message.contains('\n'));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "looking changed the file"
        );
    }
}

#[test]
fn undecodable_log_rows_are_moved_to_quarantine_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "before "), "ana", 1).unwrap();
    {
        // Bytes that got past the append check, written by another program with their
        // checksum (so they are not damage, just not an update this build can read).
        let raw = Connection::open(&path).unwrap();
        throughline_store::register_checksum(&raw).unwrap();
        raw.execute(
            "INSERT INTO updates (data, author, at_ms, sum)
             VALUES (x'DEADBEEF', 'ghost', 2, throughline_sum('updates', x'DEADBEEF', 'ghost', 2))",
            [],
        )
        .unwrap();
    }
    file.append(&insert(&doc, 100, "after"), "ana", 3).unwrap();
    drop(file);

    let mut file = PlanFile::open(&path).unwrap();
    let fresh = Doc::new();
    let report = file.load_into(&fresh).unwrap();
    assert_eq!(report.quarantined, 1);
    assert_eq!(report.applied, 2);
    assert_eq!(report.last_seq, 3);
    assert_eq!(text_of(&fresh), "before after");
    let q = file.quarantined().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(
        (
            q[0].original_seq,
            q[0].data.as_slice(),
            q[0].author.as_str()
        ),
        (Some(2), &b"\xDE\xAD\xBE\xEF"[..], "ghost")
    );
    assert_eq!(file.stats().unwrap().log_rows, 2);
    // The next load no longer trips on it.
    let again = Doc::new();
    assert_eq!(file.load_into(&again).unwrap().quarantined, 0);
}

#[test]
fn an_update_that_crashes_yrs_is_quarantined_not_fatal() {
    // Found by fuzzing: a real update of one client with a few bits flipped decodes fine but
    // makes yrs 0.28 panic while integrating it after that client's earlier updates.
    let client = [251u8, 131, 187, 203, 183, 175, 129, 8];
    let with_client = |head: &[u8], tail: &[u8]| -> Vec<u8> {
        let mut v = head.to_vec();
        v.extend_from_slice(&client);
        v.extend_from_slice(tail);
        v
    };
    let first = with_client(&[1, 1], &[0, 4, 1, 4, 98, 111, 100, 121, 3, 97, 98, 48, 0]);
    let mut mutant = with_client(&[1, 1], &[165, 196]);
    mutant.extend_from_slice(&client);
    mutant.push(132);
    mutant.extend_from_slice(&client);
    mutant.extend_from_slice(&[2, 3, 97, 98, 39, 0]);
    let later = [
        with_client(&[1, 1], &[6, 196])
            .into_iter()
            .chain(client)
            .chain([3])
            .chain(client)
            .chain([4, 3, 97, 98, 50, 0])
            .collect::<Vec<u8>>(),
        with_client(&[1, 1], &[9, 68])
            .into_iter()
            .chain(client)
            .chain([0, 3, 97, 98, 51, 0])
            .collect(),
    ];

    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    file.append(&first, "ana", 1).unwrap();
    for u in &later {
        file.append(u, "ana", 2).unwrap();
    }
    let poisoned_seq = file.append(&mutant, "mallory", 3).unwrap();
    drop(file);

    let mut file = PlanFile::open(&path).unwrap();
    let doc = Doc::new();
    // Should a later yrs reject it cleanly instead, this becomes an ordinary quarantine.
    let err = file.load_into(&doc).unwrap_err();
    assert!(
        matches!(err, StoreError::PoisonedUpdate { seq } if seq == poisoned_seq),
        "{err}"
    );
    let q = file.quarantined().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].data, mutant);
    let fresh = Doc::new();
    let report = file.load_into(&fresh).unwrap();
    assert_eq!(report.quarantined, 0);
    assert_eq!(report.applied, 3);
    assert!(text_of(&fresh).contains("ab0"));
}

#[test]
fn seq_is_never_reused_after_compaction() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    for i in 0..3 {
        file.append(&insert(&doc, 0, "a"), "ana", i).unwrap();
    }
    assert!(file.compact().unwrap());
    let stats = file.stats().unwrap();
    assert_eq!(
        (stats.log_rows, stats.snapshot_upto_seq, stats.last_seq),
        (0, 3, 3)
    );
    drop(file);
    let mut file = PlanFile::open(&path).unwrap();
    assert_eq!(file.append(&insert(&doc, 0, "b"), "ana", 9).unwrap(), 4);
}

#[test]
fn compaction_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    assert!(!file.should_compact().unwrap());
    let updates: Vec<Vec<u8>> = (0..500).map(|i| insert(&doc, i, "x")).collect();
    let batch: Vec<NewUpdate> = updates
        .iter()
        .map(|u| NewUpdate {
            data: u,
            author: "ana",
            at_ms: 1,
        })
        .collect();
    file.append_batch(&batch[..499]).unwrap();
    assert!(!file.should_compact().unwrap());
    file.append_batch(&batch[499..]).unwrap();
    assert!(file.should_compact().unwrap());
    file.compact_with_state(&state_of(&doc), 500).unwrap();
    assert!(!file.should_compact().unwrap());

    // By bytes: one big paste outweighs a small snapshot and 1 MiB.
    let big = insert(&doc, 0, &"lorem ipsum ".repeat(100_000));
    file.append(&big, "ana", 2).unwrap();
    assert!(file.should_compact().unwrap());
    assert!(file.compact().unwrap());
    assert!(!file.should_compact().unwrap());
}

#[test]
fn compaction_is_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    for i in 0..10 {
        file.append(
            &insert(&doc, 0, "z"),
            if i % 2 == 0 { "ana" } else { "ben" },
            i,
        )
        .unwrap();
    }
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch(
        "CREATE TRIGGER boom BEFORE DELETE ON updates BEGIN SELECT RAISE(ABORT, 'boom'); END;",
    )
    .unwrap();
    let before = file.stats().unwrap();
    assert!(file.compact().is_err());
    assert!(file.compact_with_state(&state_of(&doc), 10).is_err());
    assert_eq!(file.stats().unwrap(), before);
    let folded: i64 = raw
        .query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(folded, 0);
    raw.execute_batch("DROP TRIGGER boom").unwrap();
    assert!(file.compact().unwrap());
    let names: Vec<(String, u64)> = file
        .authors()
        .unwrap()
        .into_iter()
        .map(|a| (a.author, a.updates))
        .collect();
    assert_eq!(names, vec![("ana".to_owned(), 5), ("ben".to_owned(), 5)]);
}

#[test]
fn author_counts_survive_compaction() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    for (i, who) in ["ana", "ana", "ben", "ana", "cy"].iter().enumerate() {
        file.append(&insert(&doc, 0, "w"), who, i as i64 * 10)
            .unwrap();
    }
    assert!(file.compact().unwrap());
    file.append(&insert(&doc, 0, "w"), "ben", 99).unwrap();
    let stats = file.authors().unwrap();
    let summary: Vec<(&str, u64, i64)> = stats
        .iter()
        .map(|a| (a.author.as_str(), a.updates, a.last_at_ms))
        .collect();
    assert_eq!(summary, vec![("ana", 3, 30), ("ben", 2, 99), ("cy", 1, 40)]);
    assert!(file.compact().unwrap());
    assert_eq!(file.authors().unwrap(), stats);
}

#[test]
fn compact_with_state_refuses_a_doc_that_is_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut a) = new_plan(dir.path());
    let doc_a = Doc::new();
    a.append(&insert(&doc_a, 0, "a1 "), "ana", 1).unwrap();
    let (mut b, doc_b) = loaded(&path);
    a.append(&insert(&doc_a, 100, "a2 "), "ana", 2).unwrap();
    // b has not seen a2: a snapshot from doc_b would lose it.
    let err = b.compact_with_state(&state_of(&doc_b), 2).unwrap_err();
    assert!(matches!(err, StoreError::NotCaughtUp), "{err}");
    assert!(matches!(
        b.compact_with_state(&state_of(&doc_b), 99),
        Err(StoreError::CompactionBeyondLog {
            upto_seq: 99,
            last_seq: 2
        })
    ));
    assert!(matches!(
        b.compact_with_state(b"\xff", 1),
        Err(StoreError::InvalidState { .. })
    ));
    assert!(b.compact_from_doc(&doc_b).unwrap());
    assert_eq!(text_of(&doc_b), "a1 a2 ");
    let (_, fresh) = loaded(&path);
    assert_eq!(text_of(&fresh), "a1 a2 ");
}

#[test]
fn two_connections_see_each_others_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut a) = new_plan(dir.path());
    let doc_a = Doc::new();
    a.load_into(&doc_a).unwrap();
    let (mut b, doc_b) = loaded(&path);
    assert_eq!(a.catch_up(&doc_a).unwrap(), 0);

    a.append(&insert(&doc_a, 0, "hello"), "ana", 1).unwrap();
    assert_eq!(b.catch_up(&doc_b).unwrap(), 1);
    assert_eq!(text_of(&doc_b), "hello");
    assert_eq!(b.catch_up(&doc_b).unwrap(), 0);

    b.append(&insert(&doc_b, 5, " world"), "ben", 2).unwrap();
    a.append(&insert(&doc_a, 0, ">"), "ana", 3).unwrap();
    assert_eq!(
        a.catch_up(&doc_a).unwrap(),
        1,
        "only b's update is new to a"
    );
    assert_eq!(b.catch_up(&doc_b).unwrap(), 1);
    assert_eq!(text_of(&doc_a), ">hello world");
    assert_eq!(text_of(&doc_a), text_of(&doc_b));

    // a compacts past what b has seen, then keeps editing; b must still converge.
    a.append(&insert(&doc_a, 0, "[a] "), "ana", 4).unwrap();
    assert!(a.compact_from_doc(&doc_a).unwrap());
    a.append(&insert(&doc_a, 100, " [a2]"), "ana", 5).unwrap();
    assert!(b.catch_up(&doc_b).unwrap() >= 2);
    assert_eq!(text_of(&doc_b), text_of(&doc_a));

    // And across the self-contained compaction too.
    b.append(&insert(&doc_b, 0, "{b} "), "ben", 6).unwrap();
    assert!(b.compact().unwrap());
    a.catch_up(&doc_a).unwrap();
    assert_eq!(text_of(&doc_a), text_of(&doc_b));
    assert_eq!(state_vector_of(&doc_a), state_vector_of(&doc_b));
    a.close().unwrap();
    b.close().unwrap();
}

#[test]
fn copies_edited_apart_merge() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let base = Doc::new();
    file.append(&insert(&base, 0, "Goals: literacy."), "ana", 1)
        .unwrap();
    file.close().unwrap();
    let copy = dir.path().join("copy.throughline");
    std::fs::copy(&path, &copy).unwrap();

    let (mut fa, doc_a) = loaded(&path);
    let (mut fb, doc_b) = loaded(&copy);
    fa.append(&insert(&doc_a, 0, "[district] "), "ana", 2)
        .unwrap();
    fb.append(&insert(&doc_b, 100, " [school]"), "ben", 3)
        .unwrap();
    fa.close().unwrap();
    fb.close().unwrap();

    // Merge: exchange what each lacks, persisting it as an ordinary update.
    let (mut fa, doc_a) = loaded(&path);
    let (mut fb, doc_b) = loaded(&copy);
    let for_a = doc_b
        .transact()
        .encode_state_as_update_v1(&state_vector_of(&doc_a));
    let for_b = doc_a
        .transact()
        .encode_state_as_update_v1(&state_vector_of(&doc_b));
    apply(&doc_a, &for_a);
    apply(&doc_b, &for_b);
    fa.append(&for_a, "merge", 4).unwrap();
    fb.append(&for_b, "merge", 4).unwrap();
    assert_eq!(text_of(&doc_a), text_of(&doc_b));
    assert_eq!(text_of(&doc_a), "[district] Goals: literacy. [school]");
    fa.close().unwrap();
    fb.close().unwrap();
    let (_, again) = loaded(&copy);
    assert_eq!(text_of(&again), "[district] Goals: literacy. [school]");
}

#[test]
fn close_leaves_a_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    for i in 0..50 {
        file.append(&insert(&doc, 0, &format!("{i},")), "ana", i)
            .unwrap();
    }
    file.create_version(NewVersion {
        label: "v1",
        author: "ana",
        at_ms: 9,
        state_v1: &state_of(&doc),
        content: "{}",
    })
    .unwrap();
    assert!(file.stats().unwrap().wal_bytes > 0);
    file.close().unwrap();
    let wal = dir.path().join("plan.throughline-wal");
    assert!(std::fs::metadata(&wal).map_or(true, |m| m.len() == 0));

    let elsewhere = tempfile::tempdir().unwrap();
    let alone = elsewhere.path().join("emailed.throughline");
    std::fs::copy(&path, &alone).unwrap();
    let (file, fresh) = loaded(&alone);
    assert_eq!(text_of(&fresh), text_of(&doc));
    assert_eq!(file.versions().unwrap().len(), 1);
}

#[test]
fn versions_are_immutable_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    file.append(&insert(&doc, 0, "draft one"), "ana", 1)
        .unwrap();
    let state1 = state_of(&doc);
    let v1 = file
        .create_version(NewVersion {
            label: "Board draft",
            author: "ana",
            at_ms: 10,
            state_v1: &state1,
            content: "{}",
        })
        .unwrap();
    assert_eq!(
        v1.content_hash,
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
    file.append(&insert(&doc, 0, "final: "), "ben", 2).unwrap();
    let state2 = state_of(&doc);
    file.create_version(NewVersion {
        label: "Final",
        author: "ben",
        at_ms: 20,
        state_v1: &state2,
        content: "{\"x\":1}",
    })
    .unwrap();

    let dup = file
        .create_version(NewVersion {
            label: "Final",
            author: "cy",
            at_ms: 30,
            state_v1: &state2,
            content: "{}",
        })
        .unwrap_err();
    assert!(matches!(dup, StoreError::DuplicateVersion { .. }), "{dup}");
    assert!(dup.to_string().contains("\"Final\""));
    assert!(matches!(
        file.create_version(NewVersion {
            label: "bad",
            author: "cy",
            at_ms: 30,
            state_v1: b"\xff",
            content: "{}"
        }),
        Err(StoreError::InvalidState { .. })
    ));

    let labels: Vec<String> = file
        .versions()
        .unwrap()
        .into_iter()
        .map(|v| v.label)
        .collect();
    assert_eq!(labels, vec!["Board draft", "Final"]);
    let stored = file.version_state("Board draft").unwrap().unwrap();
    assert_eq!(stored.info, v1);
    assert_eq!(stored.state_v1, state1);
    let old = Doc::new();
    apply(&old, &stored.state_v1);
    assert_eq!(text_of(&old), "draft one");
    assert_eq!(file.version_state("nope").unwrap(), None);

    let raw = Connection::open(&path).unwrap();
    assert!(raw
        .execute(
            "UPDATE versions SET content = 'evil' WHERE label = 'Final'",
            []
        )
        .is_err());
    assert!(raw.execute("DELETE FROM versions", []).is_err());
    assert_eq!(file.versions().unwrap().len(), 2);

    raw.execute_batch("DROP TRIGGER versions_no_update")
        .unwrap();
    raw.execute(
        "UPDATE versions SET content = '{\"x\":2}' WHERE label = 'Final'",
        [],
    )
    .unwrap();
    let err = file.version_state("Final").unwrap_err();
    assert!(
        matches!(err, StoreError::TamperedVersion { ref label } if label == "Final"),
        "{err}"
    );
    raw.execute(
        "UPDATE versions SET state = x'00' WHERE label = 'Board draft'",
        [],
    )
    .unwrap();
    assert!(matches!(
        file.version_state("Board draft"),
        Err(StoreError::TamperedVersion { .. })
    ));
}

#[test]
fn missing_updates_are_reported_and_never_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    let doc = Doc::new();
    let _lost = insert(&doc, 0, "first");
    let second = insert(&doc, 5, " second");
    file.append(&second, "ana", 1).unwrap();
    drop(file);
    let mut file = PlanFile::open(&path).unwrap();
    let fresh = Doc::new();
    let report = file.load_into(&fresh).unwrap();
    assert!(report.missing_updates);
    assert!(!file.compact().unwrap());
    assert!(!file.compact_from_doc(&fresh).unwrap());
    assert_eq!(file.stats().unwrap().log_rows, 1);
}

#[test]
fn close_gives_back_the_pages_compaction_freed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut file) = new_plan(dir.path());
    // What every plan file holds before any content (one page per table); the ratio below is
    // about the pages the log took, so it must not depend on how many tables the format has.
    let empty = std::fs::metadata(&path).unwrap().len();
    let doc = Doc::new();
    // Typing at the end: the state stays small while the log grows.
    let updates: Vec<Vec<u8>> = (0..5000).map(|_| insert(&doc, u32::MAX, "ab")).collect();
    let batch: Vec<NewUpdate> = updates
        .iter()
        .map(|u| NewUpdate {
            data: u,
            author: "ana",
            at_ms: 1,
        })
        .collect();
    file.append_batch(&batch).unwrap();
    file.close().unwrap();
    let full = std::fs::metadata(&path).unwrap().len();

    let (mut file, doc) = loaded(&path);
    assert!(file.compact_from_doc(&doc).unwrap());
    file.close().unwrap();
    let compacted = std::fs::metadata(&path).unwrap().len();
    let raw = Connection::open(&path).unwrap();
    let free: i64 = raw
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert!(
        (compacted - empty) * 4 < full - empty,
        "{compacted} vs {full} (empty file: {empty})"
    );
    assert_eq!(free, 0);
}
