//! Tests of the review screens' requests through `DesktopSession`: threads, statuses, compare, restore, sign-off.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{GetString, ReadTxn, Transact, Update};

use super::super::*;

const VISION: &str = "Every student reads by third grade. Every family is a partner.";

fn session(dir: &Path, author: &str) -> DesktopSession {
    DesktopSession::new(
        DesktopHome::at(&dir.join("plans"), &dir.join("data")),
        author,
        None,
    )
}

/// A new plan whose vision says `VISION`, open in a session saving as Ana Ruiz.
fn plan_with_vision(dir: &Path) -> (DesktopSession, OpenedPlan) {
    let mut s = session(dir, "Ana Ruiz");
    let opened = s
        .create_plan(NewPlanRequest {
            folder: dir.join("plans").to_string_lossy().into_owned(),
            file_name: "Riverside".into(),
            template: "dsdp".into(),
            title: "Riverside redesign".into(),
            district: "Riverside USD".into(),
        })
        .unwrap();
    set_vision(&mut s, VISION);
    (s, opened)
}

fn set_vision(s: &mut DesktopSession, words: &str) {
    s.apply(PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: Some(FieldValue::Text(words.into())),
    })
    .unwrap();
}

fn on_first_sentence() -> CommentOn {
    CommentOn::Text {
        at: "vision".into(),
        field: "statement".into(),
        start: 0,
        end: 35,
    }
}

fn comment(s: &mut DesktopSession, on: CommentOn, body: &str, asked: &[&str]) -> ReviewBoard {
    s.comment(NewComment {
        on,
        body: body.into(),
        asked: asked.iter().map(|a| a.to_string()).collect(),
    })
    .unwrap()
}

fn version(label: &str) -> CompareSide {
    CompareSide::Version {
        label: label.into(),
    }
}

#[test]
fn a_comment_on_words_is_quoted_placed_answered_resolved_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, opened) = plan_with_vision(dir.path());
    let board = comment(&mut s, on_first_sentence(), "Which students?", &["Ben Ode"]);
    let [thread] = board.threads.as_slice() else {
        panic!("one thread: {:?}", board.threads)
    };
    assert_eq!(thread.quote, "Every student reads by third grade.");
    assert_eq!(thread.path, "vision");
    assert_eq!(thread.field.as_deref(), Some("statement"));
    assert_eq!(thread.section, Some(Section::Vision));
    assert_eq!(thread.author, "Ana Ruiz");
    assert_eq!(thread.asked, vec!["Ben Ode".to_string()]);
    assert!(matches!(
        &thread.place,
        ThreadPlace::Text {
            start: 0,
            end: 35,
            changed: false,
            ..
        }
    ));
    assert!(!thread.waiting_on_me, "my own comment does not wait on me");
    let id = thread.id.clone();

    let board = s.reply(&id, "All of them, by subgroup.").unwrap();
    let thread = &board.threads[0];
    assert_eq!(thread.messages.len(), 2, "the comment and the reply");
    assert_eq!(thread.messages[1].body, "All of them, by subgroup.");

    let board = s.resolve_thread(&id).unwrap();
    assert!(board.threads[0].resolved);
    assert_eq!(board.threads[0].state_by.as_deref(), Some("Ana Ruiz"));
    let board = s.reopen_thread(&id).unwrap();
    assert!(!board.threads[0].resolved);

    // It is in the file: a new session on the same plan reads it back.
    let path = opened.path.clone();
    s.close_plan().unwrap();
    let mut again = session(dir.path(), "Ana Ruiz");
    again.open_plan(&path).unwrap();
    assert_eq!(again.review_board().unwrap().threads[0].messages.len(), 2);
}

#[test]
fn deleting_the_commented_words_orphans_the_thread_and_keeps_its_quote() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    comment(&mut s, on_first_sentence(), "Which students?", &[]);
    // The editor deletes the sentence and the space after it, as a person selecting it would.
    let ui = yrs::Doc::with_options(yrs::Options {
        offset_kind: yrs::OffsetKind::Utf16,
        ..yrs::Options::default()
    });
    let everything = s
        .at_hand()
        .unwrap()
        .read(|plan, _| plan.plan().encode_state());
    ui.transact_mut()
        .apply_update(Update::decode_v1(&everything).unwrap())
        .unwrap();
    let update = {
        let mut txn = ui.transact_mut();
        let vision = txn.get_map("vision").unwrap();
        let Some(yrs::Out::YText(t)) = yrs::Map::get(&vision, &txn, "statement") else {
            panic!("the vision's statement is a Y.Text");
        };
        yrs::Text::remove_range(&t, &mut txn, 0, 36);
        txn.encode_update_v1()
    };
    s.receive_update(&update).unwrap();
    let board = s.review_board().unwrap();
    assert_eq!(board.threads[0].place, ThreadPlace::Orphaned);
    assert_eq!(
        board.threads[0].quote,
        "Every student reads by third grade."
    );
}

#[test]
fn a_comment_on_a_strategy_card_is_on_the_object() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    let id = s
        .apply(PlanCommand::Add {
            to: "strategies".into(),
            fields: [(
                "name".to_string(),
                FieldValue::Text("Literacy block".into()),
            )]
            .into(),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    let at = format!("strategies/{id}");
    let board = comment(
        &mut s,
        CommentOn::Object { at: at.clone() },
        "Who owns this?",
        &[],
    );
    assert_eq!(board.threads[0].path, at);
    assert_eq!(board.threads[0].place, ThreadPlace::Object);
    assert_eq!(board.threads[0].section, Some(Section::Strategies));
    assert_eq!(board.threads[0].quote, "");
}

#[test]
fn bad_comments_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    let empty = s
        .comment(NewComment {
            on: on_first_sentence(),
            body: "   ".into(),
            asked: vec![],
        })
        .unwrap_err();
    assert_eq!(empty.kind, UiErrorKind::Invalid);
    let past_the_end = s
        .comment(NewComment {
            on: CommentOn::Text {
                at: "vision".into(),
                field: "statement".into(),
                start: 10,
                end: 500,
            },
            body: "Hm".into(),
            asked: vec![],
        })
        .unwrap_err();
    assert_eq!(past_the_end.kind, UiErrorKind::Invalid);
    let nowhere = s
        .comment(NewComment {
            on: CommentOn::Object {
                at: "strategies/st-none".into(),
            },
            body: "Hm".into(),
            asked: vec![],
        })
        .unwrap_err();
    assert_eq!(nowhere.kind, UiErrorKind::NotFound);
    assert_eq!(
        s.reply("th-none", "Hm").unwrap_err().kind,
        UiErrorKind::NotFound
    );
    assert!(s.review_board().unwrap().threads.is_empty());
}

#[test]
fn section_status_says_who_set_it_and_what_waits_on_whom() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, opened) = plan_with_vision(dir.path());
    let board = s.review_board().unwrap();
    let vision = |b: &ReviewBoard| {
        b.sections
            .iter()
            .find(|x| x.section == Section::Vision)
            .cloned()
            .unwrap()
    };
    assert_eq!(vision(&board).stage, ReviewStage::Draft);
    assert_eq!(vision(&board).by, None);

    let board = s
        .set_section_status(
            Section::Vision,
            ReviewStage::ReadyForReview,
            vec!["Ben Ode".into()],
        )
        .unwrap();
    assert_eq!(vision(&board).stage, ReviewStage::ReadyForReview);
    assert_eq!(vision(&board).by.as_deref(), Some("Ana Ruiz"));
    assert!(vision(&board).at.is_some());
    assert!(!vision(&board).waiting_on_me, "Ana asked Ben, not herself");
    comment(&mut s, on_first_sentence(), "Which students?", &["Ben Ode"]);
    let path = opened.path.clone();
    s.close_plan().unwrap();

    // Ben, on his laptop: the section and the thread wait on him.
    let mut ben = session(dir.path(), "Ben Ode");
    ben.open_plan(&path).unwrap();
    let board = ben.review_board().unwrap();
    assert!(vision(&board).waiting_on_me);
    assert!(board.threads[0].waiting_on_me);
    assert_eq!(board.me, vec!["Ben Ode".to_string()]);

    // He sends it back; it now waits on Ana, who marked it ready, and no longer on him.
    let board = ben
        .set_section_status(Section::Vision, ReviewStage::NeedsWork, vec![])
        .unwrap();
    assert!(!vision(&board).waiting_on_me);
    let board = ben.reply(&board.threads[0].id, "All of them.").unwrap();
    assert!(!board.threads[0].waiting_on_me, "answered");
    ben.close_plan().unwrap();
    let mut ana = session(dir.path(), "Ana Ruiz");
    ana.open_plan(&path).unwrap();
    let board = ana.review_board().unwrap();
    assert!(vision(&board).waiting_on_me);
    assert!(board.threads[0].waiting_on_me, "Ben answered her");
    let board = ana
        .set_section_status(Section::Vision, ReviewStage::Approved, vec![])
        .unwrap();
    assert_eq!(vision(&board).stage, ReviewStage::Approved);
    assert!(!vision(&board).waiting_on_me);
    assert!(!vision(&board).changed_since_approval);
    ana.close_plan().unwrap();

    // Ben changes the vision after Ana approved it: on every laptop the approval shows as no
    // longer covering the text, and it waits on Ana, who approved it, until she looks again.
    let mut ben = session(dir.path(), "Ben Ode");
    ben.open_plan(&path).unwrap();
    set_vision(&mut ben, "Every student reads by second grade.");
    let board = ben.review_board().unwrap();
    assert_eq!(vision(&board).stage, ReviewStage::Approved);
    assert!(vision(&board).changed_since_approval);
    assert!(!vision(&board).waiting_on_me, "Ben did not approve it");
    ben.close_plan().unwrap();
    let mut ana = session(dir.path(), "Ana Ruiz");
    ana.open_plan(&path).unwrap();
    let board = ana.review_board().unwrap();
    assert!(vision(&board).changed_since_approval);
    assert!(vision(&board).waiting_on_me);
    // A change in another section leaves this approval alone; approving again covers the new
    // text.
    let board = ana
        .set_section_status(Section::Vision, ReviewStage::Approved, vec![])
        .unwrap();
    assert!(!vision(&board).changed_since_approval);
    assert!(!vision(&board).waiting_on_me);
    ana.apply(PlanCommand::Add {
        to: "strategies".into(),
        fields: [("name".to_string(), FieldValue::Text("Tutoring".into()))].into(),
        after: None,
    })
    .unwrap();
    assert!(!vision(&ana.review_board().unwrap()).changed_since_approval);
    // Putting the text back as it was approved makes the approval hold again.
    set_vision(&mut ana, "Every student reads by first grade.");
    assert!(vision(&ana.review_board().unwrap()).changed_since_approval);
    set_vision(&mut ana, "Every student reads by second grade.");
    assert!(!vision(&ana.review_board().unwrap()).changed_since_approval);
}

#[test]
fn the_team_member_i_said_i_am_counts_as_me() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    // This laptop saves as "Ana Ruiz", but she is on the team as "Dr. Ana Ruiz".
    let member = s
        .apply(PlanCommand::Add {
            to: "members".into(),
            fields: [("name".to_string(), FieldValue::Text("Dr. Ana Ruiz".into()))].into(),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    s.set_section_status(
        Section::Vision,
        ReviewStage::ReadyForReview,
        vec!["Dr. Ana Ruiz".into()],
    )
    .unwrap();
    let waits = |s: &DesktopSession| {
        s.review_board()
            .unwrap()
            .sections
            .iter()
            .any(|x| x.section == Section::Vision && x.waiting_on_me)
    };
    assert!(!waits(&s), "not until she says who she is");
    s.set_me(Some(member)).unwrap();
    assert!(waits(&s));
    assert_eq!(
        s.review_board().unwrap().me,
        vec!["Ana Ruiz".to_string(), "Dr. Ana Ruiz".to_string()]
    );
}

#[test]
fn versions_compare_with_each_other_and_the_draft_and_restore_forward() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    s.create_version("Draft for cabinet").unwrap();
    set_vision(
        &mut s,
        "Every student reads by third grade. Every family is a full partner.",
    );
    s.create_version("Cabinet edits").unwrap();

    let c = s
        .compare_versions(version("Draft for cabinet"), version("Cabinet edits"))
        .unwrap();
    assert_eq!(c.from, "\"Draft for cabinet\"");
    let [section] = c.sections.as_slice() else {
        panic!("only the vision changed: {c:?}")
    };
    assert_eq!(section.section, Some(Section::Vision));
    let spans = &section.items[0].fields[0].spans;
    assert!(spans
        .iter()
        .any(|x| x.mark == SpanMark::Inserted && x.text.contains("full")));
    assert!(spans.iter().all(|x| x.mark != SpanMark::Deleted));
    let same = s
        .compare_versions(version("Cabinet edits"), CompareSide::Draft)
        .unwrap();
    assert!(same.sections.is_empty(), "the draft is what was saved");
    assert_eq!(same.to, "the current draft");
    assert_eq!(
        s.compare_versions(version("No such"), CompareSide::Draft)
            .unwrap_err()
            .kind,
        UiErrorKind::NotFound
    );
    let out = dir.path().join("cabinet-changes.html");
    let saved = s
        .export_comparison(ComparisonExportRequest {
            from: version("Draft for cabinet"),
            to: version("Cabinet edits"),
            format: ExportFormat::Html,
            path: out.to_string_lossy().into_owned(),
            replace: false,
        })
        .unwrap();
    assert_eq!(saved.path, out.to_string_lossy());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<ins>"), "{html}");
    assert!(html.contains("full"));
    // A redline already there is kept unless the person says to replace it.
    let again = |replace| {
        s.export_comparison(ComparisonExportRequest {
            from: version("Draft for cabinet"),
            to: CompareSide::Draft,
            format: ExportFormat::Html,
            path: out.to_string_lossy().into_owned(),
            replace,
        })
    };
    assert_eq!(again(false).unwrap_err().kind, UiErrorKind::Exists);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        html,
        "kept as it was"
    );
    again(true).unwrap();
    assert_ne!(
        std::fs::read_to_string(&out).unwrap(),
        html,
        "replaced when asked"
    );
    let nowhere = s.export_comparison(ComparisonExportRequest {
        from: version("No such"),
        to: CompareSide::Draft,
        format: ExportFormat::Docx,
        path: dir.path().join("x.docx").to_string_lossy().into_owned(),
        replace: false,
    });
    assert_eq!(nowhere.unwrap_err().kind, UiErrorKind::NotFound);
    assert!(
        !dir.path().join("x.docx").exists(),
        "nothing is written on failure"
    );

    // Restoring sends the UI the change for its own copy of the plan.
    let ui = yrs::Doc::new();
    let everything = s
        .at_hand()
        .unwrap()
        .read(|plan, _| plan.plan().encode_state());
    ui.transact_mut()
        .apply_update(Update::decode_v1(&everything).unwrap())
        .unwrap();
    let restored = s
        .restore_version(
            "Draft for cabinet",
            &ui.transact().state_vector().encode_v1(),
        )
        .unwrap();
    assert!(restored.changed);
    let saved = restored.saved_before.unwrap();
    assert!(saved.starts_with("Before restoring \"Draft for cabinet\""));
    ui.transact_mut()
        .apply_update(Update::decode_v1(&restored.update).unwrap())
        .unwrap();
    let vision_text = {
        let txn = ui.transact();
        let vision = txn.get_map("vision").unwrap();
        match yrs::Map::get(&vision, &txn, "statement") {
            Some(yrs::Out::YText(t)) => t.get_string(&txn),
            other => panic!("vision statement is text: {other:?}"),
        }
    };
    assert_eq!(vision_text, VISION);
    assert!(s
        .compare_versions(version("Draft for cabinet"), CompareSide::Draft)
        .unwrap()
        .sections
        .is_empty());
    assert!(
        s.versions().unwrap().iter().any(|v| v.label == saved),
        "the draft before the restore is kept as a version"
    );
}

#[test]
fn a_signoff_holds_for_its_version_and_says_where_the_draft_differs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    s.create_version("Board adoption").unwrap();
    let signed = s
        .sign_version(SignRequest {
            version: "Board adoption".into(),
            name: "Dr. Ana Ruiz".into(),
            role: "Superintendent".into(),
        })
        .unwrap();
    assert_eq!(signed.holds, SignoffHolds::Verified);
    assert_eq!(signed.draft_differs_in, Some(vec![]));
    assert_eq!(signed.recorded_by, "Ana Ruiz");

    set_vision(&mut s, "Every student reads by second grade.");
    let [signoff]: [SignoffItem; 1] = s.signoffs().unwrap().try_into().unwrap();
    assert_eq!(signoff.holds, SignoffHolds::Verified);
    let differs = signoff.draft_differs_in.unwrap();
    assert_eq!(differs.len(), 1, "only the vision: {differs:?}");

    let unnamed = s
        .sign_version(SignRequest {
            version: "Board adoption".into(),
            name: " ".into(),
            role: "Superintendent".into(),
        })
        .unwrap_err();
    assert_eq!(unnamed.kind, UiErrorKind::Invalid);
    let missing = s
        .sign_version(SignRequest {
            version: "Not saved".into(),
            name: "Dr. Ana Ruiz".into(),
            role: "Superintendent".into(),
        })
        .unwrap_err();
    assert_eq!(missing.kind, UiErrorKind::NotFound);
    assert_eq!(s.signoffs().unwrap().len(), 1, "refusals sign nothing");
}

#[test]
fn review_requests_need_an_open_plan() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(dir.path(), "Ana Ruiz");
    assert_eq!(s.review_board().unwrap_err().kind, UiErrorKind::NoPlanOpen);
    assert_eq!(s.signoffs().unwrap_err().kind, UiErrorKind::NoPlanOpen);
}

#[test]
fn a_sections_history_and_the_digest_since_a_version_name_who_changed_what() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = plan_with_vision(dir.path());
    s.create_version("Draft for cabinet").unwrap();
    set_vision(&mut s, &format!("{VISION} Every school is a partner."));

    let history = s.section_history(Section::Vision).unwrap();
    assert_eq!(history.section, Section::Vision);
    assert!(!history.entries.is_empty());
    assert!(history
        .entries
        .iter()
        .all(|e| e.author == "Ana Ruiz" && e.kind == ItemChangeKind::Changed));
    assert!(history
        .entries
        .iter()
        .all(|e| e.from <= e.to && e.to.ends_with('Z')));
    assert!(s
        .section_history(Section::Ledger)
        .unwrap()
        .entries
        .is_empty());

    let digest = s.merge_digest("Draft for cabinet").unwrap();
    assert_eq!(digest.len(), 1, "{digest:?}");
    assert_eq!(digest[0].person.as_deref(), Some("Ana Ruiz"));
    assert_eq!(digest[0].changes.len(), 1);
    assert_eq!(digest[0].changes[0].section, Some(Section::Vision));
    assert_eq!(digest[0].changes[0].change.kind, ItemChangeKind::Changed);

    let refused = s.merge_digest("No such version").unwrap_err();
    assert!(
        refused.message.contains("No such version"),
        "{}",
        refused.message
    );
}
