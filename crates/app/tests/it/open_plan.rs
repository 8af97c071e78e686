//! The app API end to end on real plan files: what a person does, and what must never happen.

use std::path::{Path, PathBuf};

use serde_json::json;
use throughline_app::{AppError, NewPlan, OpenPlan};
use throughline_plan::template::TemplateLibrary;
use throughline_plan::PlanCommand;

fn new_plan(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let template = TemplateLibrary::builtin().resolve("dsdp").unwrap();
    OpenPlan::create(
        &path,
        NewPlan::Template {
            template: &template,
            title: "Cedar Hollow redesign",
            district: "Cedar Hollow USD",
        },
        "Ana",
    )
    .unwrap()
    .close()
    .unwrap();
    path
}

fn add(open: &mut OpenPlan, to: &str, fields: serde_json::Value) -> String {
    let serde_json::Value::Object(fields) = fields else {
        panic!("fields must be an object")
    };
    open.apply(&PlanCommand::Add {
        to: to.into(),
        fields,
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

#[test]
fn edits_are_in_the_file_when_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut open = OpenPlan::open(&path, "Ana").unwrap();
    let st = add(
        &mut open,
        "strategies",
        json!({"name": "Literacy coaching in every K-3 classroom"}),
    );
    open.apply(&PlanCommand::EditText {
        at: format!("strategies/{st}"),
        field: "name".into(),
        index: 0,
        delete: 0,
        insert: "Expand ".into(),
    })
    .unwrap();
    let before = open.content();
    open.close().unwrap();

    let reopened = OpenPlan::open(&path, "Ben").unwrap();
    assert_eq!(reopened.content(), before);
    assert_eq!(
        reopened.content().strategies[0].name,
        "Expand Literacy coaching in every K-3 classroom"
    );
    // Checkpointed on close: the one file is complete on its own.
    reopened.close().unwrap();
    assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
}

#[test]
fn a_refused_change_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut open = OpenPlan::open(&path, "Ana").unwrap();
    let before = open.content();
    let state_before = open.plan().encode_state();
    let refused = [
        PlanCommand::Add {
            to: "nonsense".into(),
            fields: Default::default(),
            after: None,
        },
        PlanCommand::Set {
            at: "strategies/st-missing".into(),
            field: "name".into(),
            value: json!("x"),
        },
        PlanCommand::Set {
            at: "vision".into(),
            field: "no_such_field".into(),
            value: json!("x"),
        },
    ];
    for command in &refused {
        assert!(open.apply(command).is_err(), "{command:?} was accepted");
    }
    assert_eq!(open.content(), before);
    assert_eq!(open.plan().encode_state(), state_before);
    open.close().unwrap();
    assert_eq!(OpenPlan::open(&path, "Ana").unwrap().content(), before);
}

#[test]
fn two_openings_of_one_file_see_each_others_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut a = OpenPlan::open(&path, "Ana").unwrap();
    let mut b = OpenPlan::open(&path, "Ben").unwrap();
    add(
        &mut a,
        "guardrails",
        json!({"statement": "No school loses a counselor"}),
    );
    assert!(b.refresh().unwrap() > 0);
    assert_eq!(b.content().guardrails.len(), 1);
    add(
        &mut b,
        "guardrails",
        json!({"statement": "Class sizes stay under 24 in K-3"}),
    );
    a.refresh().unwrap();
    assert_eq!(a.content(), b.content());
}

#[test]
fn copies_edited_apart_merge_without_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "ours.throughline");
    let copy = dir.path().join("theirs.throughline");
    std::fs::copy(&path, &copy).unwrap();

    let mut ours = OpenPlan::open(&path, "Ana").unwrap();
    let mut theirs = OpenPlan::open(&copy, "Ben").unwrap();
    add(
        &mut ours,
        "problems",
        json!({"statement": "Third graders read below grade level"}),
    );
    add(
        &mut theirs,
        "problems",
        json!({"statement": "Chronic absence is rising"}),
    );
    theirs
        .apply(&PlanCommand::Set {
            at: "vision".into(),
            field: "statement".into(),
            value: json!("Every student reads by third grade"),
        })
        .unwrap();
    let theirs_before = theirs.content();
    theirs.close().unwrap();

    let report = ours.merge_from(&copy).unwrap();
    assert!(report.changed);
    let merged = ours.content();
    assert_eq!(merged.problems.len(), 2);
    assert_eq!(
        merged.vision.statement,
        "Every student reads by third grade"
    );
    // Merging again brings nothing new; the other copy is unchanged.
    assert!(!ours.merge_from(&copy).unwrap().changed);
    ours.close().unwrap();
    assert_eq!(
        OpenPlan::open(&copy, "Ben").unwrap().content(),
        theirs_before
    );
    assert_eq!(OpenPlan::open(&path, "Ana").unwrap().content(), merged);
}

#[test]
fn merging_a_different_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = new_plan(dir.path(), "a.throughline");
    let b = new_plan(dir.path(), "b.throughline");
    let mut open = OpenPlan::open(&a, "Ana").unwrap();
    let before = open.plan().encode_state();
    let err = open.merge_from(&b).unwrap_err();
    assert!(matches!(err, AppError::DifferentPlan { .. }), "{err}");
    assert!(err.to_string().contains("different plan"));
    assert_eq!(open.plan().encode_state(), before);
}

#[test]
fn versions_are_named_once_and_read_back_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut open = OpenPlan::open(&path, "Ana").unwrap();
    add(&mut open, "guardrails", json!({"statement": "No layoffs"}));
    let at_draft = open.content();
    let v = open.create_version("Draft for cabinet").unwrap();
    assert_eq!(v.author, "Ana");
    assert_eq!(v.content_hash.len(), 64);
    assert!(open.create_version("Draft for cabinet").is_err());
    assert!(matches!(
        open.create_version("   "),
        Err(AppError::EmptyLabel)
    ));
    add(
        &mut open,
        "guardrails",
        json!({"statement": "Keep arts in every school"}),
    );
    let (info, content) = open.version_content("Draft for cabinet").unwrap();
    assert_eq!(info, v);
    assert_eq!(content, at_draft);
    assert!(matches!(
        open.version_content("Adopted"),
        Err(AppError::NoSuchVersion(_))
    ));
    open.close().unwrap();
    let reopened = OpenPlan::open(&path, "Ana").unwrap();
    assert_eq!(reopened.versions().unwrap(), vec![v]);
}

#[test]
fn json_content_round_trips_through_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut open = OpenPlan::open(&path, "Ana").unwrap();
    let member = add(
        &mut open,
        "members",
        json!({"name": "Dr. Rivera", "role": "superintendent"}),
    );
    let cause = add(
        &mut open,
        "root_causes",
        json!({"statement": "Coaching is spread thin"}),
    );
    let st = add(
        &mut open,
        "strategies",
        json!({"name": "Coach every new teacher", "owner": member, "student_groups": ["English learners"]}),
    );
    open.apply(&PlanCommand::Link {
        at: format!("strategies/{st}"),
        field: "root_causes".into(),
        target: cause,
    })
    .unwrap();
    let content = open.content();
    let json = serde_json::to_string_pretty(&content).unwrap();

    let copy = dir.path().join("copy.throughline");
    let parsed = throughline_plan::Plan::content_from_json(&json).unwrap();
    OpenPlan::create(&copy, NewPlan::Content(&parsed), "Ana")
        .unwrap()
        .close()
        .unwrap();
    assert_eq!(OpenPlan::open(&copy, "Ana").unwrap().content(), content);
}

#[test]
fn many_edits_are_folded_into_a_snapshot_and_reopen_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let mut open = OpenPlan::open(&path, "Ana").unwrap();
    open.apply(&PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: json!(""),
    })
    .unwrap();
    let text: String = "Every student known by name, strength and need. ".repeat(30);
    for (i, ch) in text.chars().enumerate() {
        open.apply(&PlanCommand::EditText {
            at: "vision".into(),
            field: "statement".into(),
            index: i as u32,
            delete: 0,
            insert: ch.to_string(),
        })
        .unwrap();
    }
    open.close().unwrap();
    let reopened = OpenPlan::open(&path, "Ana").unwrap();
    assert_eq!(reopened.content().vision.statement, text);
}

#[test]
fn updates_from_peers_are_saved_and_garbage_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "plan.throughline");
    let copy = dir.path().join("peer.throughline");
    std::fs::copy(&path, &copy).unwrap();
    let mut ours = OpenPlan::open(&path, "Ana").unwrap();
    let mut peer = OpenPlan::open(&copy, "Ben").unwrap();
    let applied = peer
        .apply(&PlanCommand::Set {
            at: "focus".into(),
            field: "aim".into(),
            value: json!("All third graders reading on grade level by 2029"),
        })
        .unwrap();
    assert!(ours.receive_update(&applied.update, "Ben").unwrap());
    let before = ours.plan().encode_state();
    for garbage in [
        &b""[..],
        &b"\x00"[..],
        &b"\xff\xff\xff\xff\xff\xff"[..],
        &applied.update[..3],
    ] {
        let _ = ours.receive_update(garbage, "Mallory");
        assert_eq!(ours.plan().encode_state(), before);
    }
    let sv = peer.plan().state_vector();
    use yrs::updates::encoder::Encode;
    assert!(ours.diff_for(&sv.encode_v1()).unwrap().len() < before.len());
    assert!(ours.diff_for(b"\xff\xff").is_err());
    ours.close().unwrap();
    let reopened = OpenPlan::open(&path, "Ana").unwrap();
    assert_eq!(
        reopened.content().focus.aim,
        "All third graders reading on grade level by 2029"
    );
}
