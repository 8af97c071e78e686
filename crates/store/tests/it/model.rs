//! Random sessions against a reference doc: whatever mix of appends, compactions, versions,
//! drops without close and reopens, reopening yields every acknowledged update.

use crate::common;

use common::{insert, state_of, state_vector_of, text_of, TEXT};
use proptest::prelude::*;
use throughline_store::{NewUpdate, NewVersion, PlanFile};
use yrs::{Doc, Text, Transact};

#[derive(Debug, Clone)]
enum Op {
    Insert { at: u32, text: String },
    Delete { at: u32, len: u32 },
    Batch { n: usize },
    Compact,
    CompactWithState,
    CompactFromDoc,
    Version,
    DropWithoutClose,
    CloseAndReopen,
    SecondConnection,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<u32>(), "[a-z ]{1,6}").prop_map(|(at, text)| Op::Insert { at, text }),
        2 => (any::<u32>(), 1u32..4).prop_map(|(at, len)| Op::Delete { at, len }),
        1 => (2usize..6).prop_map(|n| Op::Batch { n }),
        1 => Just(Op::Compact),
        1 => Just(Op::CompactWithState),
        1 => Just(Op::CompactFromDoc),
        1 => Just(Op::Version),
        1 => Just(Op::DropWithoutClose),
        1 => Just(Op::CloseAndReopen),
        1 => Just(Op::SecondConnection),
    ]
}

fn delete(doc: &Doc, at: u32, len: u32) -> Option<Vec<u8>> {
    let text = doc.get_or_insert_text(TEXT);
    let mut txn = doc.transact_mut();
    let total = text.len(&txn);
    if total == 0 {
        return None;
    }
    let at = at % total;
    text.remove_range(&mut txn, at, len.min(total - at));
    Some(txn.encode_update_v1())
}

/// Reopens the file into a fresh doc (a restarted app: new client id) and checks it holds
/// exactly what the live doc holds.
fn reopen(path: &std::path::Path, live: &Doc) -> (PlanFile, Doc) {
    let mut file = PlanFile::open(path).unwrap();
    let doc = Doc::new();
    let report = file.load_into(&doc).unwrap();
    assert_eq!(report.quarantined, 0);
    assert!(!report.missing_updates);
    assert_eq!(text_of(&doc), text_of(live));
    assert_eq!(state_vector_of(&doc), state_vector_of(live));
    (file, doc)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn reopening_yields_every_acknowledged_update(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.throughline");
        let mut file = PlanFile::create(&path, "model", 0).unwrap();
        let mut live = Doc::new();
        let mut versions: Vec<(String, String)> = Vec::new();
        let mut clock = 0i64;
        for op in ops {
            clock += 1;
            match op {
                Op::Insert { at, text } => {
                    let len = text_of(&live).chars().count() as u32;
                    let u = insert(&live, at % (len + 1), &text);
                    file.append(&u, "ana", clock).unwrap();
                }
                Op::Delete { at, len } => {
                    if let Some(u) = delete(&live, at, len) {
                        file.append(&u, "ben", clock).unwrap();
                    }
                }
                Op::Batch { n } => {
                    let updates: Vec<Vec<u8>> = (0..n).map(|i| insert(&live, 0, &format!("b{i}"))).collect();
                    let batch: Vec<NewUpdate> = updates.iter().map(|u| NewUpdate { data: u, author: "peer", at_ms: clock }).collect();
                    let seqs = file.append_batch(&batch).unwrap();
                    prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]));
                }
                Op::Compact => { file.compact().unwrap(); }
                Op::CompactWithState => {
                    let last = file.stats().unwrap().last_seq;
                    file.compact_with_state(&state_of(&live), last).unwrap();
                }
                Op::CompactFromDoc => { file.compact_from_doc(&live).unwrap(); }
                Op::Version => {
                    let label = format!("v{}", versions.len());
                    let content = text_of(&live);
                    file.create_version(NewVersion { label: &label, author: "ana", at_ms: clock, state_v1: &state_of(&live), content: &content }).unwrap();
                    versions.push((label, content));
                }
                Op::DropWithoutClose => {
                    drop(file);
                    (file, live) = reopen(&path, &live);
                }
                Op::CloseAndReopen => {
                    file.close().unwrap();
                    (file, live) = reopen(&path, &live);
                }
                Op::SecondConnection => {
                    let (other, _) = reopen(&path, &live);
                    drop(other);
                }
            }
        }
        drop(file);
        let (file, _) = reopen(&path, &live);
        let stored = file.versions().unwrap();
        prop_assert_eq!(stored.len(), versions.len());
        for (label, content) in &versions {
            let v = file.version_state(label).unwrap().unwrap();
            prop_assert_eq!(&v.content, content);
            let doc = Doc::new();
            doc.transact_mut().apply_update(yrs::updates::decoder::Decode::decode_v1(&v.state_v1).unwrap()).unwrap();
            prop_assert_eq!(&text_of(&doc), content);
        }
    }
}
