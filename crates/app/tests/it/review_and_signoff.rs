//! Review and sign-off end to end on real plan files: comment on a sentence, resolve it, mark a
//! section approved, save versions, compare them, restore one, sign, and catch tampering.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;
use throughline_app::{AppError, NewPlan, OpenPlan, OpenReview, Side, SignoffState};
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::{ChangeKind, PlanCommand, SectionId, SpanKind};
use throughline_review::{On, Placement, ThreadState};

fn new_plan(dir: &Path) -> PathBuf {
    let path = dir.join("plan.throughline");
    let template = throughline_plan::template::TemplateLibrary::builtin()
        .resolve("dsdp")
        .unwrap();
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

fn set_vision(open: &mut OpenPlan, text: &str) {
    open.apply(&PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: json!(text),
    })
    .unwrap();
}

const VISION: &str = "Every student reads by third grade. Every family is a partner.";

#[test]
fn comment_resolve_approve_version_compare_sign() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let mut plan = OpenPlan::open(&path, "Ana").unwrap();
    set_vision(&mut plan, VISION);

    // A reviewer comments on the first sentence and asks Ana.
    let mut reviewer = OpenPlan::open(&path, "Dr. Ruiz").unwrap();
    let mut review = OpenReview::open(&reviewer).unwrap();
    let thread = review
        .comment(
            &reviewer,
            &On::Text {
                at: "vision".into(),
                field: "statement".into(),
                start: 0,
                end: 35,
            },
            "Which students are behind now?",
            &["Ana".to_string()],
        )
        .unwrap();
    review
        .set_status(&reviewer, SectionId::Vision, ReviewStatus::NeedsWork, &[])
        .unwrap();
    review.close().unwrap();

    // Ana sees it waiting on her, answers, and the reviewer resolves it and approves.
    let mut ana = OpenReview::open(&plan).unwrap();
    let waiting = ana.waiting_on_me(&plan);
    assert_eq!(waiting.threads.len(), 1);
    let views = ana.threads(&plan);
    assert_eq!(
        views[0].placement,
        Placement::Text {
            start: 0,
            end: 35,
            text: "Every student reads by third grade.".into(),
            changed: false
        }
    );
    ana.reply(&thread, "Grades 1-3; see the evidence section.")
        .unwrap();
    ana.close().unwrap();
    reviewer.refresh().unwrap();
    let mut review = OpenReview::open(&reviewer).unwrap();
    assert_eq!(
        review.waiting_on_me(&reviewer).threads.len(),
        1,
        "the answer came back"
    );
    review.resolve(&thread).unwrap();
    review
        .set_status(&reviewer, SectionId::Vision, ReviewStatus::Approved, &[])
        .unwrap();
    assert!(review.waiting_on_me(&reviewer).is_empty());
    review.close().unwrap();
    reviewer.close().unwrap();

    let review = OpenReview::open(&plan).unwrap();
    let t = review.review().thread(&thread).unwrap();
    assert_eq!(t.state, ThreadState::Resolved);
    assert_eq!(t.messages.len(), 2);
    assert_eq!(
        review.review().status(SectionId::Vision).status,
        ReviewStatus::Approved
    );

    // Versions, compared.
    plan.create_version("Draft for cabinet").unwrap();
    set_vision(
        &mut plan,
        "Every student reads by third grade. Every family is a true partner.",
    );
    plan.create_version("Board first reading").unwrap();
    let cmp = plan
        .compare(
            &Side::parse("Draft for cabinet"),
            &Side::parse("Board first reading"),
        )
        .unwrap();
    assert_eq!(cmp.sections.len(), 1);
    assert_eq!(cmp.sections[0].section, Some(SectionId::Vision));
    let spans = &cmp.sections[0].items[0].fields[0].spans;
    assert!(spans
        .iter()
        .any(|s| s.kind == SpanKind::Inserted && s.text.contains("true")));
    assert!(plan
        .compare(&Side::parse("Board first reading"), &Side::parse("CURRENT"))
        .unwrap()
        .sections
        .is_empty());
    assert!(matches!(
        plan.compare(&Side::parse("nope"), &Side::Current),
        Err(AppError::NoSuchVersion(_))
    ));

    // Sign-off, bound to the version: changing the draft afterwards shows where it differs,
    // and never makes the signature cover the new text.
    let signed = plan
        .sign("Board first reading", "Dr. Ana Ruiz", "Superintendent")
        .unwrap();
    assert_eq!(signed.state, SignoffState::Verified);
    assert_eq!(signed.draft_differs_in, Some(vec![]));
    let version_hash = plan.versions().unwrap()[1].content_hash.clone();
    assert_eq!(signed.content_hash, version_hash);
    set_vision(&mut plan, "Something else entirely.");
    let id = plan
        .apply(&PlanCommand::Add {
            to: "strategies".into(),
            fields: json!({ "name": "Late addition" })
                .as_object()
                .cloned()
                .unwrap(),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    let signoffs = plan.signoffs().unwrap();
    assert_eq!(signoffs.len(), 1);
    assert_eq!(signoffs[0].content_hash, version_hash);
    assert_eq!(signoffs[0].state, SignoffState::Verified);
    let differs = signoffs[0].draft_differs_in.clone().unwrap();
    assert_eq!(differs.len(), 2, "{differs:?}");
    // Saving the changed draft as a version gives a new hash the signature does not carry.
    let later = plan.create_version("After the meeting").unwrap();
    assert_ne!(later.content_hash, version_hash);
    assert!(plan
        .signoffs()
        .unwrap()
        .iter()
        .all(|s| s.version == "Board first reading"));
    assert!(matches!(
        plan.sign("Board first reading", " ", "Superintendent"),
        Err(AppError::Plan(_))
    ));
    assert!(matches!(
        plan.sign("No such version", "A", "B"),
        Err(AppError::NoSuchVersion(_))
    ));
    let _ = id;
    plan.close().unwrap();
}

#[test]
fn a_tampered_version_voids_its_signoff() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let mut plan = OpenPlan::open(&path, "Ana").unwrap();
    set_vision(&mut plan, VISION);
    plan.create_version("Adopted 2026-06-12").unwrap();
    plan.sign("Adopted 2026-06-12", "Dr. Ana Ruiz", "Superintendent")
        .unwrap();
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch("DROP TRIGGER versions_no_update")
        .unwrap();
    raw.execute(
        "UPDATE versions SET content = replace(content, 'third grade', 'fifth grade')",
        [],
    )
    .unwrap();
    let signoffs = plan.signoffs().unwrap();
    assert_eq!(signoffs[0].state, SignoffState::Tampered);
    assert_eq!(signoffs[0].draft_differs_in, None);
    assert!(matches!(
        plan.compare(&Side::parse("Adopted 2026-06-12"), &Side::Current),
        Err(AppError::Store(_))
    ));
    assert!(plan
        .sign("Adopted 2026-06-12", "Board chair", "Chair")
        .is_err());
}

#[test]
fn restoring_a_version_keeps_comments_on_unchanged_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let mut plan = OpenPlan::open(&path, "Ana").unwrap();
    set_vision(&mut plan, VISION);
    plan.create_version("Draft for cabinet").unwrap();
    let mut review = OpenReview::open(&plan).unwrap();
    let partner = VISION.find("partner").unwrap() as u32;
    let on_partner = review
        .comment(
            &plan,
            &On::Text {
                at: "vision".into(),
                field: "statement".into(),
                start: partner,
                end: partner + 7,
            },
            "Partner how?",
            &[],
        )
        .unwrap();
    // Typing before and after the commented word, as an editor sends it.
    let edit = |index: u32, delete: u32, insert: &str| PlanCommand::EditText {
        at: "vision".into(),
        field: "statement".into(),
        index,
        delete,
        insert: insert.into(),
    };
    let end = VISION.len() as u32;
    plan.apply_all(&[
        edit(end, 0, " More."),
        edit(partner + 7, 0, ", always"),
        edit(0, 5, "Each"),
    ])
    .unwrap();
    assert_eq!(
        plan.content().vision.statement,
        "Each student reads by third grade. Every family is a partner, always. More."
    );
    let report = plan.restore_version("Draft for cabinet").unwrap();
    assert!(report.changed);
    assert_eq!(plan.content().vision.statement, VISION);
    let saved = report.saved_before.unwrap();
    assert!(saved.starts_with("Before restoring \"Draft for cabinet\""));
    let cmp = plan.compare(&Side::parse(&saved), &Side::Current).unwrap();
    assert_eq!(cmp.sections[0].items[0].kind, ChangeKind::Changed);
    let view = review
        .threads(&plan)
        .into_iter()
        .find(|v| v.thread.id == on_partner)
        .unwrap();
    assert_eq!(
        view.placement,
        Placement::Text {
            start: partner,
            end: partner + 7,
            text: "partner".into(),
            changed: false
        }
    );
    assert!(!plan.restore_version("Draft for cabinet").unwrap().changed);
    review.close().unwrap();
    plan.close().unwrap();

    // The restore is in the file: a fresh open reads the version's text.
    let again = OpenPlan::open(&path, "Ben").unwrap();
    assert_eq!(again.content().vision.statement, VISION);
}

#[test]
fn history_and_digest_say_who_changed_what() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let mut ana = OpenPlan::open(&path, "Ana").unwrap();
    set_vision(&mut ana, VISION);
    ana.create_version("Draft for cabinet").unwrap();
    let mut ben = OpenPlan::open(&path, "Ben's table").unwrap();
    ben.apply(&PlanCommand::Add {
        to: "strategies".into(),
        fields: json!({ "name": "Family literacy nights" })
            .as_object()
            .cloned()
            .unwrap(),
        after: None,
    })
    .unwrap();
    ben.close().unwrap();
    ana.refresh().unwrap();
    set_vision(&mut ana, &format!("{VISION} Always."));

    let history = ana.section_history(Some(SectionId::Vision)).unwrap();
    let authors: Vec<&str> = history.entries.iter().map(|e| e.author.as_str()).collect();
    // Ana started the plan and edited the vision twice, with Ben's strategy in between
    // elsewhere: one run of hers.
    assert_eq!(authors, ["Ana"]);
    assert!(history.entries[0].fields.contains(&"statement".to_string()));
    assert!(history.entries[0].from_ms <= history.entries[0].to_ms);
    let strategies = ana.section_history(Some(SectionId::Strategies)).unwrap();
    assert_eq!(strategies.entries[0].author, "Ben's table");
    assert_eq!(strategies.entries[0].kind, ChangeKind::Added);
    assert_eq!(history.folded_before, None);

    let digest = ana.merge_digest("Draft for cabinet").unwrap();
    let people: Vec<Option<&str>> = digest.iter().map(|d| d.person.as_deref()).collect();
    assert_eq!(people, [Some("Ana"), Some("Ben's table")]);
    assert_eq!(digest[1].changes[0].change.title, "Family literacy nights");
    assert_eq!(digest[1].changes[0].change.kind, ChangeKind::Added);
    assert_eq!(digest[0].changes[0].change.path, "vision");
    ana.close().unwrap();
}

#[test]
fn bad_review_input_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let plan = OpenPlan::open(&path, "Ana").unwrap();
    let mut review = OpenReview::open(&plan).unwrap();
    let err = review
        .comment(
            &plan,
            &On::Object {
                at: "strategies/none".into(),
            },
            "Why?",
            &[],
        )
        .unwrap_err();
    assert!(err.to_string().contains("strategies/none"), "{err}");
    let err = review.reply("th-missing", "hello").unwrap_err();
    assert!(err.to_string().contains("th-missing"), "{err}");
    assert!(matches!(
        review.receive_update(b"\xff\x00", "peer"),
        Err(AppError::Store(_))
    ));
    review.close().unwrap();
}
