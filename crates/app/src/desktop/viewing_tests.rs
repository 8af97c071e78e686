//! Tests of viewing the open plan with another program's words: the lensed template the
//! workspace reads, and that choosing a lens writes nothing to the plan.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::session;
use super::*;
use crate::Templates;

fn ers_view() -> TemplateView {
    TemplateView::from(&Templates::load().unwrap().resolve("ers").unwrap())
}

#[test]
fn the_dsdp_demo_through_the_ers_lens_has_ers_words_and_order_and_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = s.open_demo().unwrap();
    assert_eq!(opened.template.id, "dsdp");
    assert_eq!(s.review().unwrap().phases.len(), 2, "DSDP's two phases");

    let seen = s.view_plan_with(Some("ers".into())).unwrap();
    let ers = ers_view();
    assert_eq!(
        seen.name, ers.name,
        "the navigation's heading is the lens's"
    );
    let head: Vec<(Section, &str)> = seen
        .sections
        .iter()
        .take(ers.sections.len())
        .map(|s| (s.id, s.label.as_str()))
        .collect();
    let ers_order: Vec<(Section, &str)> = ers
        .sections
        .iter()
        .map(|s| (s.id, s.label.as_str()))
        .collect();
    assert_eq!(
        head, ers_order,
        "ERS's sections first, in ERS's order and labels"
    );
    for own in &opened.template.sections {
        let shown: Vec<&SectionView> = seen.sections.iter().filter(|s| s.id == own.id).collect();
        assert_eq!(shown.len(), 1, "{:?} of the plan is shown once", own.id);
        if !ers.sections.iter().any(|e| e.id == own.id) {
            assert_eq!(shown[0].label, own.label, "under the plan's own label");
        }
    }
    assert_eq!(
        seen.terms, ers.terms,
        "the lens's word for every kind of object"
    );
    assert_ne!(seen.terms, opened.template.terms);
    assert_eq!(
        seen.capacity_scale, opened.template.capacity_scale,
        "ratings are stored as the plan's own scale's keys"
    );
    assert_eq!(seen.role_teams, opened.template.role_teams);
    assert!(
        seen.sections.iter().all(|s| s.phase.is_none()),
        "ERS has no phases, so none are shown"
    );
    assert!(
        s.review().unwrap().phases.is_empty(),
        "the review's phases follow the lens"
    );

    // A lens that is no template is refused naming the choices, and the view stays as it was.
    let e = s.view_plan_with(Some("nope".into())).unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid);
    assert!(e.message.starts_with("no lens `nope`"), "{}", e.message);
    assert!(s.review().unwrap().phases.is_empty());

    // Back to the plan's own words.
    assert_eq!(s.view_plan_with(None).unwrap(), opened.template);
    assert_eq!(s.review().unwrap().phases.len(), 2);
}

/// Every file of a plan: the database and its write-ahead log, as they are now.
fn plan_bytes(path: &str) -> Vec<Option<Vec<u8>>> {
    ["", "-wal"]
        .iter()
        .map(|suffix| std::fs::read(format!("{path}{suffix}")).ok())
        .collect()
}

#[test]
fn choosing_a_lens_writes_nothing_and_is_not_kept_with_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = s.open_demo().unwrap();
    let before = plan_bytes(&opened.path);
    assert!(before[0].is_some());

    s.view_plan_with(Some("ers".into())).unwrap();
    s.review().unwrap();
    s.view_plan_with(Some("rounds".into())).unwrap();
    s.review().unwrap();
    assert_eq!(
        plan_bytes(&opened.path),
        before,
        "no byte of the plan changed"
    );
    s.view_plan_with(None).unwrap();
    assert_eq!(plan_bytes(&opened.path), before);
    // The comparison sees a write: one change to the plan, and the bytes differ.
    s.apply(PlanCommand::Set {
        at: "record".into(),
        field: "facilitator".into(),
        value: Some(FieldValue::Text("Dana Reyes".into())),
    })
    .unwrap();
    assert_ne!(plan_bytes(&opened.path), before, "a change is seen");

    // Left through a lens, the plan opens again in its own words.
    s.view_plan_with(Some("ers".into())).unwrap();
    let again = s.open_plan(&opened.path).unwrap();
    assert_eq!(again.template, opened.template);
    assert_eq!(s.review().unwrap().phases.len(), 2);
}
