//! Comment threads, section status and the "waiting on me" list.

use serde_json::json;
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::{Plan, PlanCommand, PlanError, SectionId};
use throughline_review::{
    section_fingerprint, section_fingerprints, On, Review, ReviewError, ThreadState,
};

fn plan() -> (Plan, String) {
    let plan = Plan::empty(1);
    let id = plan
        .apply(&PlanCommand::Add {
            to: "ledger".into(),
            fields: json!({ "kind": "investment", "description": "Four counselors", "amount": 48_000_000, "unit": "usd" })
                .as_object()
                .cloned()
                .unwrap(),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    (plan, format!("ledger/{id}"))
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_thread_is_opened_answered_resolved_and_reopened() {
    let (plan, line) = plan();
    let review = Review::empty(9);
    let id = review
        .comment(
            &plan,
            &On::Object { at: line.clone() },
            "Dr. Ruiz",
            "2026-03-01T10:00:00Z",
            "Where does this money come from?",
            &names(&["Sam Lee"]),
        )
        .unwrap()
        .id
        .unwrap();
    let t = review.thread(&id).unwrap();
    assert_eq!(t.section, Some(SectionId::Ledger));
    assert_eq!(
        (t.author.as_str(), t.state),
        ("Dr. Ruiz", ThreadState::Open)
    );
    assert_eq!(t.asked, names(&["Sam Lee"]));
    assert_eq!(t.messages.len(), 1);

    review
        .reply(
            &id,
            "Sam Lee",
            "2026-03-01T11:00:00Z",
            "Title I, see line 4.",
        )
        .unwrap();
    review
        .resolve(&id, "Dr. Ruiz", "2026-03-01T12:00:00Z")
        .unwrap();
    let t = review.thread(&id).unwrap();
    assert_eq!(t.state, ThreadState::Resolved);
    assert_eq!(t.state_by.as_deref(), Some("Dr. Ruiz"));
    assert_eq!(
        t.messages
            .iter()
            .map(|m| m.author.as_str())
            .collect::<Vec<_>>(),
        ["Dr. Ruiz", "Sam Lee"]
    );
    review
        .reopen(&id, "Sam Lee", "2026-03-02T09:00:00Z")
        .unwrap();
    assert_eq!(review.thread(&id).unwrap().state, ThreadState::Open);

    // Another laptop gets the whole thread from the review room.
    let peer = Review::empty(10);
    peer.apply_update(&review.encode_state()).unwrap();
    assert_eq!(peer.threads(), review.threads());
}

#[test]
fn concurrent_replies_both_survive() {
    let (plan, line) = plan();
    let a = Review::empty(1);
    let made = a
        .comment(&plan, &On::Object { at: line }, "Ana", "t1", "Why?", &[])
        .unwrap();
    let id = made.id.unwrap();
    let b = Review::empty(2);
    b.apply_update(&made.update).unwrap();
    let ra = a.reply(&id, "Ana", "t2", "From Ana").unwrap();
    let rb = b.reply(&id, "Ben", "t2", "From Ben").unwrap();
    a.apply_update(&rb.update).unwrap();
    b.apply_update(&ra.update).unwrap();
    assert_eq!(a.thread(&id), b.thread(&id));
    assert_eq!(a.thread(&id).unwrap().messages.len(), 3);
}

#[test]
fn refusals_change_nothing() {
    let (plan, line) = plan();
    let review = Review::empty(1);
    let before = review.encode_state();
    let on = On::Object { at: line.clone() };
    assert_eq!(
        review.comment(&plan, &on, "  ", "t", "x", &[]).unwrap_err(),
        ReviewError::NoAuthor
    );
    assert_eq!(
        review
            .comment(&plan, &on, "Ana", "t", " \n", &[])
            .unwrap_err(),
        ReviewError::EmptyComment
    );
    assert_eq!(
        review
            .comment(
                &plan,
                &On::Object {
                    at: "strategies/nope".into()
                },
                "Ana",
                "t",
                "x",
                &[]
            )
            .unwrap_err(),
        ReviewError::NoSuchObject("strategies/nope".into())
    );
    assert!(matches!(
        review
            .comment(
                &plan,
                &On::Object {
                    at: "nonsense".into()
                },
                "Ana",
                "t",
                "x",
                &[]
            )
            .unwrap_err(),
        ReviewError::Plan(PlanError::UnknownPart(_))
    ));
    let text = |start, end| On::Text {
        at: line.clone(),
        field: "description".into(),
        start,
        end,
    };
    assert!(matches!(
        review.comment(&plan, &text(3, 3), "Ana", "t", "x", &[]),
        Err(ReviewError::BadRange { .. })
    ));
    assert!(matches!(
        review.comment(&plan, &text(0, 99), "Ana", "t", "x", &[]),
        Err(ReviewError::BadRange { len: 15, .. })
    ));
    // An empty field has nothing to anchor to.
    assert!(matches!(
        review.comment(
            &plan,
            &On::Text {
                at: line.clone(),
                field: "stakeholder_impact".into(),
                start: 0,
                end: 1
            },
            "Ana",
            "t",
            "x",
            &[]
        ),
        Err(ReviewError::BadRange { len: 0, .. })
    ));
    assert!(matches!(
        review.comment(
            &plan,
            &On::Text {
                at: line.clone(),
                field: "amount".into(),
                start: 0,
                end: 1
            },
            "Ana",
            "t",
            "x",
            &[]
        ),
        Err(ReviewError::Plan(PlanError::BadValue { .. }))
    ));
    assert_eq!(
        review.reply("th-none", "Ana", "t", "x").unwrap_err(),
        ReviewError::NoSuchThread("th-none".into())
    );
    assert!(matches!(
        review.apply_update(b"\xff\xff"),
        Err(ReviewError::BadUpdate(_))
    ));
    assert_eq!(review.encode_state(), before);
}

#[test]
fn section_status_records_who_and_when() {
    let review = Review::empty(1);
    assert_eq!(review.status(SectionId::Ledger).status, ReviewStatus::Draft);
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::ReadyForReview,
            "Sam Lee",
            "2026-03-01T10:00:00Z",
            &names(&["Dr. Ruiz", "Dr. Ruiz", " "]),
            "section as it reads",
        )
        .unwrap();
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::NeedsWork,
            "Dr. Ruiz",
            "2026-03-02T10:00:00Z",
            &[],
            "section as it reads",
        )
        .unwrap();
    let s = review.status(SectionId::Ledger);
    assert_eq!(s.status, ReviewStatus::NeedsWork);
    assert_eq!(s.by.as_deref(), Some("Dr. Ruiz"));
    assert_eq!(s.at.as_deref(), Some("2026-03-02T10:00:00Z"));
    assert_eq!(s.submitted_by.as_deref(), Some("Sam Lee"));
    assert_eq!(review.statuses().len(), SectionId::ALL.len());
}

#[test]
fn waiting_on_me_follows_the_rule() {
    let (plan, line) = plan();
    let review = Review::empty(1);
    let on = On::Object { at: line };
    // Ruiz asks Sam: waits on Sam, not on Ruiz (she wrote last) nor on Kim (not in it).
    let asked = review
        .comment(
            &plan,
            &on,
            "Dr. Ruiz",
            "t1",
            "Source?",
            &names(&["Sam Lee"]),
        )
        .unwrap()
        .id
        .unwrap();
    let waiting = |who: &str| -> Vec<String> {
        review
            .waiting_on(who, &section_fingerprints(&plan.content()))
            .threads
            .into_iter()
            .map(|t| t.id)
            .collect()
    };
    assert_eq!(waiting("sam lee "), vec![asked.clone()]);
    assert!(waiting("Dr. Ruiz").is_empty());
    assert!(waiting("Kim").is_empty());
    // Sam answers: now it waits on Ruiz, who opened it.
    review.reply(&asked, "Sam Lee", "t2", "Title I").unwrap();
    assert!(waiting("Sam Lee").is_empty());
    assert_eq!(waiting("Dr. Ruiz"), vec![asked.clone()]);
    // Resolved threads wait on nobody.
    review.resolve(&asked, "Dr. Ruiz", "t3").unwrap();
    assert!(waiting("Dr. Ruiz").is_empty() && waiting("Sam Lee").is_empty());

    // Sections: ready for review waits on the reviewers asked; needs work on who submitted.
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::ReadyForReview,
            "Sam Lee",
            "t4",
            &names(&["Dr. Ruiz"]),
            "section as it reads",
        )
        .unwrap();
    let sections = |who: &str| -> Vec<SectionId> {
        review
            .waiting_on(who, &section_fingerprints(&plan.content()))
            .sections
            .into_iter()
            .map(|s| s.section)
            .collect()
    };
    assert_eq!(sections("Dr. Ruiz"), vec![SectionId::Ledger]);
    assert!(sections("Sam Lee").is_empty());
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::NeedsWork,
            "Dr. Ruiz",
            "t5",
            &[],
            "section as it reads",
        )
        .unwrap();
    assert_eq!(sections("Sam Lee"), vec![SectionId::Ledger]);
    assert!(sections("Dr. Ruiz").is_empty());
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::Approved,
            "Dr. Ruiz",
            "t6",
            &[],
            &section_fingerprint(&plan.content(), SectionId::Ledger),
        )
        .unwrap();
    assert!(review
        .waiting_on("Sam Lee", &section_fingerprints(&plan.content()))
        .is_empty());
    assert!(review
        .waiting_on("Dr. Ruiz", &section_fingerprints(&plan.content()))
        .is_empty());
}

#[test]
fn an_approval_covers_what_the_section_said_when_it_was_given() {
    let (plan, line) = plan();
    let review = Review::empty(1);
    let ledger = |plan: &Plan| section_fingerprint(&plan.content(), SectionId::Ledger);
    let approved_then = ledger(&plan);
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::Approved,
            "Dr. Ruiz",
            "t1",
            &[],
            &approved_then,
        )
        .unwrap();
    let status = review.status(SectionId::Ledger);
    assert!(!status.changed_since_approval(&ledger(&plan)));
    assert!(review
        .waiting_on("Dr. Ruiz", &section_fingerprints(&plan.content()))
        .is_empty());

    // Another section's change leaves the ledger's fingerprint as it was.
    plan.apply(&PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: json!("Every student reads by third grade."),
    })
    .unwrap();
    assert_eq!(ledger(&plan), approved_then);

    // The approved line's amount changes: the approval no longer covers it, and it waits on
    // the approver (only), until she approves again.
    plan.apply(&PlanCommand::Set {
        at: line.clone(),
        field: "amount".into(),
        value: json!(52_000_000),
    })
    .unwrap();
    assert!(status.changed_since_approval(&ledger(&plan)));
    let waiting = review.waiting_on("dr. ruiz ", &section_fingerprints(&plan.content()));
    assert_eq!(waiting.sections.len(), 1);
    assert!(review
        .waiting_on("Sam Lee", &section_fingerprints(&plan.content()))
        .is_empty());

    // The record travels with the review document (another laptop reads the same).
    let copy = Review::empty(2);
    copy.apply_update(&review.encode_state()).unwrap();
    assert_eq!(
        copy.status(SectionId::Ledger).approved_content,
        Some(approved_then)
    );

    // Other statuses keep no fingerprint: only an approval vouches for the text.
    review
        .set_status(
            SectionId::Ledger,
            ReviewStatus::NeedsWork,
            "Dr. Ruiz",
            "t2",
            &[],
            &ledger(&plan),
        )
        .unwrap();
    assert_eq!(review.status(SectionId::Ledger).approved_content, None);
    assert!(!review
        .status(SectionId::Ledger)
        .changed_since_approval("anything"));
}
