//! Tests of breakout tables through `DesktopSession`: the host takes a table's copy, the table
//! works on it apart, and its work merged back reaches the joined laptop and is credited to
//! the table's people; the files a copy travels as.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use yrs::updates::decoder::Decode;
use yrs::{GetString, Map, Out, ReadTxn, Transact, Update};

use super::retreat_tests::{eventually, join_as_editor, new_plan, session_of};
use super::*;
use crate::OpenPlan;

fn add_table(s: &mut DesktopSession, name: &str) -> String {
    s.apply(PlanCommand::Add {
        to: "breakout_tables".into(),
        fields: [("name".to_owned(), FieldValue::Text(name.into()))]
            .into_iter()
            .collect(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

fn set_vision(plan: &std::path::Path, author: &str, text: &str) {
    let mut open = OpenPlan::open(plan, author).unwrap();
    open.apply(&throughline_plan::PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: serde_json::json!(text),
    })
    .unwrap();
    open.close().unwrap();
}

fn vision_of(state: &[u8]) -> String {
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(state).unwrap())
        .unwrap();
    let txn = doc.transact();
    match txn.get_map("vision").unwrap().get(&txn, "statement") {
        Some(Out::YText(t)) => t.get_string(&txn),
        _ => String::new(),
    }
}

#[test]
fn a_table_copy_merged_back_reaches_the_room_under_its_people() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Facilitator");
    let opened = new_plan(&mut a, dir_a.path());
    let table = add_table(&mut a, "Table 2");
    a.create_version("Before breakouts").unwrap();
    let hosting = a.host_plan().unwrap();
    let mut b = session_of(dir_b.path(), "Cleo");
    join_as_editor(&mut b, &hosting);

    // The table's copy, on a laptop alone: Ana then Ben.
    let copy = dir_a.path().join("table-2");
    let written = a.table_copy(&table, &copy.to_string_lossy()).unwrap();
    assert!(written.ends_with("table-2.throughline"), "{written}");
    assert!(a.table_copy(&table, &copy.to_string_lossy()).is_err());
    assert!(a.table_copy("tb-none", "elsewhere").is_err());
    set_vision(written.as_ref(), "Ana", "Every student reads");
    set_vision(
        written.as_ref(),
        "Ben",
        "Every student reads by third grade",
    );

    let before = vision_of(&opened.state);
    let sv = {
        let doc = yrs::Doc::new();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&opened.state).unwrap())
            .unwrap();
        let sv = doc.transact().state_vector();
        yrs::updates::encoder::Encode::encode_v1(&sv)
    };
    let merged = a.merge_copy(&written, &sv).unwrap();
    assert_eq!(merged.table.as_deref(), Some("Table 2"));
    assert_eq!(merged.people, ["Ana (Table 2)", "Ben (Table 2)"]);
    assert!(merged.plan_changes >= 2, "{merged:?}");
    // The UI's copy gets what it lacks.
    let mut ui = Update::decode_v1(&opened.state).unwrap();
    ui.merge(Update::decode_v1(&merged.update).unwrap());
    let doc = yrs::Doc::new();
    doc.transact_mut().apply_update(ui).unwrap();
    let txn = doc.transact();
    let Some(Out::YText(t)) = txn.get_map("vision").unwrap().get(&txn, "statement") else {
        panic!("the vision is a Y.Text")
    };
    assert_eq!(t.get_string(&txn), "Every student reads by third grade");
    assert_ne!(before, t.get_string(&txn));
    drop(txn);

    // The joined laptop receives the merged work (its own log credits what arrives to the
    // host it came through, as for every relayed change: the host's file is the room's record).
    let empty = yrs::updates::encoder::Encode::encode_v1(&yrs::StateVector::default());
    eventually("the merge reaches the joined laptop", || {
        b.catch_up(&empty)
            .unwrap()
            .is_some_and(|state| vision_of(&state) == "Every student reads by third grade")
    });
    let digest = a.merge_digest("Before breakouts").unwrap();
    let people: Vec<Option<&str>> = digest.iter().map(|p| p.person.as_deref()).collect();
    assert!(people.contains(&Some("Ben (Table 2)")), "{people:?}");
    assert!(!people.contains(&Some("Facilitator")), "{people:?}");

    // Merging again brings nothing.
    let again = a.merge_copy(&written, &sv).unwrap();
    assert_eq!((again.plan_changes, again.review_changes), (0, 0));
}

#[test]
fn a_copy_travels_as_a_state_file_and_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = session_of(dir.path(), "Facilitator");
    new_plan(&mut a, dir.path());
    let table = add_table(&mut a, "Table 1");
    let copy = a
        .table_copy(&table, &dir.path().join("t1").to_string_lossy())
        .unwrap();
    set_vision(copy.as_ref(), "Ana", "Every student reads");
    let state = dir.path().join("room.state");
    a.save_state(&state.to_string_lossy()).unwrap();
    assert!(
        a.save_state(&state.to_string_lossy()).is_err(),
        "never over a file"
    );

    // On the table's laptop: a bundle of what the room lacks.
    let mut t = session_of(dir.path(), "Ana");
    t.open_plan(&copy).unwrap();
    let bundle_path = dir.path().join("t1.bundle");
    let bundle = t
        .save_bundle(
            Some(&state.to_string_lossy()),
            &bundle_path.to_string_lossy(),
        )
        .unwrap();
    assert_eq!((bundle.plan_changes, bundle.review_changes), (1, 0));
    assert_eq!(bundle.table.as_deref(), Some("Table 1"));
    t.close_plan().unwrap();

    let merged = a.merge_copy(&bundle.path, &[0]).unwrap();
    assert_eq!(merged.people, ["Ana (Table 1)"]);
    let err = a.merge_copy(&state.to_string_lossy(), &[0]).unwrap_err();
    assert!(err.message.contains("is a state file"), "{}", err.message);
}
