//! Breakout tables working apart and merging back: every merged change keeps its own author
//! (and table), merging twice changes nothing, and a copy travels as a bundle holding exactly
//! what the other copy lacks; a damaged or foreign file is refused and changes nothing.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::json;
use throughline_app::{AppError, NewPlan, OpenPlan, OpenReview, PersonDigest};
use throughline_plan::template::TemplateLibrary;
use throughline_plan::PlanCommand;
use throughline_review::On;

fn new_plan(dir: &Path, name: &str, author: &str) -> PathBuf {
    let path = dir.join(name);
    let template = TemplateLibrary::builtin().resolve("dsdp").unwrap();
    OpenPlan::create(
        &path,
        NewPlan::Template {
            template: &template,
            title: "Cedar Hollow redesign",
            district: "Cedar Hollow USD",
        },
        author,
    )
    .unwrap()
    .close()
    .unwrap();
    path
}

fn add(open: &mut OpenPlan, to: &str, field: &str, text: &str) -> String {
    open.apply(&PlanCommand::Add {
        to: to.into(),
        fields: json!({ field: text }).as_object().cloned().unwrap(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

fn set_vision(open: &mut OpenPlan, text: &str) {
    open.apply(&PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: json!(text),
    })
    .unwrap();
}

/// Each person named in a digest, with the titles of the changes credited to them.
fn digest_people(digest: &[PersonDigest]) -> Vec<(Option<String>, Vec<String>)> {
    digest
        .iter()
        .map(|p| {
            let mut titles: Vec<String> =
                p.changes.iter().map(|c| c.change.title.clone()).collect();
            titles.sort();
            (p.person.clone(), titles)
        })
        .collect()
}

/// The room's plan with a version before the breakout, and Table 2's copy of it on which Ana
/// and Ben (one laptop, no network) each made a change; meanwhile Cleo worked in the room.
struct Breakout {
    _dir: tempfile::TempDir,
    room: PathBuf,
    table: PathBuf,
}

fn breakout() -> Breakout {
    let dir = tempfile::tempdir().unwrap();
    let room = new_plan(dir.path(), "room.throughline", "Facilitator");
    let table = dir.path().join("table-2.throughline");
    {
        let mut open = OpenPlan::open(&room, "Facilitator").unwrap();
        open.create_version("Before breakouts").unwrap();
        let review = OpenReview::open(&open).unwrap();
        open.save_table_copy(&table, "Table 2", &review).unwrap();
        review.close().unwrap();
        open.close().unwrap();
    }
    let mut ana = OpenPlan::open(&table, "Ana").unwrap();
    assert_eq!(ana.table().unwrap().as_deref(), Some("Table 2"));
    add(
        &mut ana,
        "root_causes",
        "statement",
        "Tier 2 time is unprotected",
    );
    ana.close().unwrap();
    let mut ben = OpenPlan::open(&table, "Ben").unwrap();
    set_vision(&mut ben, "Every student reads by third grade");
    let mut review = OpenReview::open(&ben).unwrap();
    review
        .comment(
            &ben,
            &On::Object {
                at: "vision".into(),
            },
            "Is third grade the right marker?",
            &[],
        )
        .unwrap();
    review.close().unwrap();
    ben.close().unwrap();
    let mut cleo = OpenPlan::open(&room, "Cleo").unwrap();
    add(&mut cleo, "strategies", "name", "Family literacy nights");
    cleo.close().unwrap();
    Breakout {
        _dir: dir,
        room,
        table,
    }
}

#[test]
fn a_table_merged_back_is_credited_to_its_people_not_the_merger() {
    let b = breakout();
    let mut room = OpenPlan::open(&b.room, "Facilitator").unwrap();
    let report = room.merge_from(&b.table).unwrap();
    assert!(report.changed);
    assert_eq!(report.table.as_deref(), Some("Table 2"));
    assert_eq!(report.people, ["Ana (Table 2)", "Ben (Table 2)"]);
    assert_eq!(report.plan_changes, 2);
    assert_eq!(report.review_changes, 1);

    let digest = digest_people(&room.merge_digest("Before breakouts").unwrap());
    assert_eq!(
        digest,
        [
            (
                Some("Ana (Table 2)".to_string()),
                vec!["Tier 2 time is unprotected".to_string()]
            ),
            (
                Some("Ben (Table 2)".to_string()),
                vec!["Vision".to_string()]
            ),
            (
                Some("Cleo".to_string()),
                vec!["Family literacy nights".to_string()]
            ),
        ]
    );
    // The comment came across under its author, who is named in the review document too.
    let review = OpenReview::open(&room).unwrap();
    let threads = review.threads(&room);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].thread.author, "Ben");
    review.close().unwrap();

    // Merging twice changes nothing: not the plan, not its log.
    let content = room.content();
    let state = room.plan().encode_state();
    let again = room.merge_from(&b.table).unwrap();
    assert!(!again.changed, "{again:?}");
    assert_eq!((again.plan_changes, again.review_changes), (0, 0));
    assert_eq!(room.content(), content);
    assert_eq!(room.plan().encode_state(), state);
    room.close().unwrap();
    let reopened = OpenPlan::open(&b.room, "Facilitator").unwrap();
    assert_eq!(reopened.content(), content);
    assert_eq!(
        digest_people(&reopened.merge_digest("Before breakouts").unwrap()),
        digest
    );
}

#[test]
fn a_bundle_made_for_a_copy_brings_exactly_what_it_lacked() {
    let b = breakout();
    let dir = b.room.parent().unwrap();
    let state = dir.join("room.state");
    {
        let room = OpenPlan::open_read_only(&b.room).unwrap();
        std::fs::write(&state, room.state_file().unwrap()).unwrap();
        room.close().unwrap();
    }
    let table = OpenPlan::open_read_only(&b.table).unwrap();
    let bundle = table.bundle(Some(&state), None).unwrap();
    table.close().unwrap();
    // Ana's and Ben's changes and Ben's comment: not the copy's first change (the room's
    // whole plan, which the room has).
    assert_eq!((bundle.plan_changes, bundle.review_changes), (2, 1));
    assert_eq!(bundle.table.as_deref(), Some("Table 2"));
    let bundle_path = dir.join("table-2.bundle");
    std::fs::write(&bundle_path, &bundle.bytes).unwrap();

    let mut room = OpenPlan::open(&b.room, "Facilitator").unwrap();
    let report = room.merge_from(&bundle_path).unwrap();
    assert_eq!(report.people, ["Ana (Table 2)", "Ben (Table 2)"]);
    let merged = room.content();
    assert_eq!(
        merged.vision.statement,
        "Every student reads by third grade"
    );
    assert_eq!(merged.root_causes.len(), 1);
    assert!(!room.merge_from(&bundle_path).unwrap().changed);
    // The same as merging the table's file itself.
    assert!(!room.merge_from(&b.table).unwrap().changed);

    // Made for a copy that now has everything, a bundle is empty.
    std::fs::remove_file(&state).unwrap();
    std::fs::write(&state, room.state_file().unwrap()).unwrap();
    room.close().unwrap();
    let mut table = OpenPlan::open(&b.table, "Ana").unwrap();
    let empty = table.bundle(Some(&state), None).unwrap();
    assert_eq!((empty.plan_changes, empty.review_changes), (0, 0));
    // One more change at the table: the bundle holds that one and nothing else.
    add(
        &mut table,
        "problems",
        "statement",
        "Chronic absence is rising",
    );
    let one = table.bundle(Some(&state), None).unwrap();
    assert_eq!((one.plan_changes, one.review_changes), (1, 0));
    table.close().unwrap();
}

#[test]
fn a_damaged_or_foreign_bundle_is_refused_in_one_line_and_changes_nothing() {
    let b = breakout();
    let dir = b.room.parent().unwrap();
    let table = OpenPlan::open_read_only(&b.table).unwrap();
    let bytes = table.bundle(None, None).unwrap().bytes;
    let state = table.state_file().unwrap();
    table.close().unwrap();
    let other = new_plan(dir, "other.throughline", "Zed");
    let other_bundle = {
        let open = OpenPlan::open_read_only(&other).unwrap();
        open.bundle(None, None).unwrap().bytes
    };

    let mut damaged = bytes.clone();
    let last = damaged.len() - 10;
    damaged[last] ^= 0x20;
    let newer = String::from_utf8(bytes.clone()).unwrap().replacen(
        "throughline-bundle 1",
        "throughline-bundle 7",
        1,
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("damaged.bundle", damaged, "damaged bundle"),
        (
            "truncated.bundle",
            bytes[..bytes.len() / 2].to_vec(),
            "damaged bundle",
        ),
        (
            "foreign.bundle",
            b"throughline-bundleX\nhello".to_vec(),
            "not a bundle",
        ),
        ("newer.bundle", newer.into_bytes(), "newer Throughline"),
        ("room.state", state, "is a state file"),
        ("other.bundle", other_bundle, "different plan"),
        (
            "notes.txt",
            b"not a plan at all".to_vec(),
            "not a Throughline",
        ),
    ];
    let mut room = OpenPlan::open(&b.room, "Facilitator").unwrap();
    let before = room.plan().encode_state();
    let log_before = room.section_history(None).unwrap();
    for (name, bytes, says) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = room.merge_from(&path).unwrap_err();
        let line = err.to_string();
        assert!(line.contains(says), "{name}: {line}");
        assert_eq!(line.lines().count(), 1, "{name}: {line}");
        assert_eq!(room.plan().encode_state(), before, "{name}");
    }
    assert_eq!(room.section_history(None).unwrap(), log_before);
    // A state file that is not one is refused by name when bundling for it.
    let table = OpenPlan::open_read_only(&b.table).unwrap();
    let err = table
        .bundle(Some(&dir.join("notes.txt")), None)
        .unwrap_err();
    assert!(err.to_string().contains("not a state file"), "{err}");
    assert!(matches!(
        table.bundle(None, Some("  ")),
        Err(AppError::EmptyTableName)
    ));
    room.close().unwrap();
}

/// One change a person makes on one copy.
#[derive(Clone, Debug)]
enum Edit {
    Problem(String),
    Vision(String),
    Strategy(String),
}

fn edit() -> impl Strategy<Value = (usize, Edit)> {
    let words = "[a-z]{1,8}( [a-z]{1,8}){0,2}";
    (
        0usize..3,
        prop_oneof![
            words.prop_map(Edit::Problem),
            words.prop_map(Edit::Vision),
            words.prop_map(Edit::Strategy),
        ],
    )
}

fn make(open: &mut OpenPlan, e: &Edit) {
    match e {
        Edit::Problem(t) => {
            add(open, "problems", "statement", t);
        }
        Edit::Vision(t) => set_vision(open, t),
        Edit::Strategy(t) => {
            add(open, "strategies", "name", t);
        }
    }
}

fn apart(path: &Path, people: &[&str], edits: &[(usize, Edit)]) {
    for (who, e) in edits {
        let mut open = OpenPlan::open(path, people[*who]).unwrap();
        make(&mut open, e);
        open.close().unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// A into B, then B into A: both copies hold the same plan and name the same people for
    /// the same changes, whichever way round the merges went.
    #[test]
    fn merging_both_ways_converges_and_keeps_every_author(
        a_edits in proptest::collection::vec(edit(), 1..5),
        b_edits in proptest::collection::vec(edit(), 1..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let a = new_plan(dir.path(), "a.throughline", "Facilitator");
        {
            let mut open = OpenPlan::open(&a, "Facilitator").unwrap();
            open.create_version("Start").unwrap();
            open.close().unwrap();
        }
        let b = dir.path().join("b.throughline");
        std::fs::copy(&a, &b).unwrap();
        apart(&a, &["Ana", "Ben", "Cleo"], &a_edits);
        apart(&b, &["Dev", "Eli", "Fay"], &b_edits);

        let mut into_b = OpenPlan::open(&b, "Merger").unwrap();
        into_b.merge_from(&a).unwrap();
        into_b.close().unwrap();
        let mut into_a = OpenPlan::open(&a, "Merger").unwrap();
        into_a.merge_from(&b).unwrap();
        let b_now = OpenPlan::open_read_only(&b).unwrap();
        prop_assert_eq!(into_a.content(), b_now.content());
        let digest_a = digest_people(&into_a.merge_digest("Start").unwrap());
        let digest_b = digest_people(&b_now.merge_digest("Start").unwrap());
        prop_assert_eq!(&digest_a, &digest_b);
        // Everyone who made a change is named; the person who merged never is.
        let named: Vec<String> = digest_a.iter().filter_map(|(p, _)| p.clone()).collect();
        prop_assert!(!named.iter().any(|p| p == "Merger"), "{:?}", named);
        for (who, _) in &a_edits {
            let name = ["Ana", "Ben", "Cleo"][*who];
            let in_history = into_a.section_histories(&all_sections()).unwrap().iter()
                .any(|h| h.entries.iter().any(|e| e.author == name));
            prop_assert!(in_history, "{} missing", name);
        }
        for (who, _) in &b_edits {
            let name = ["Dev", "Eli", "Fay"][*who];
            let in_history = into_a.section_histories(&all_sections()).unwrap().iter()
                .any(|h| h.entries.iter().any(|e| e.author == name));
            prop_assert!(in_history, "{} missing", name);
        }
        into_a.close().unwrap();
    }
}

fn all_sections() -> Vec<Option<throughline_app::SectionId>> {
    vec![
        Some(throughline_app::SectionId::Problems),
        Some(throughline_app::SectionId::Vision),
        Some(throughline_app::SectionId::Strategies),
    ]
}
