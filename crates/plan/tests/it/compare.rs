//! Comparing two states of a plan: section by section, words inserted and deleted marked.

use throughline_plan::compare::word_diff;
use throughline_plan::parts::{Reflection, Slot, Strategy};
use throughline_plan::{compare, ChangeKind, Plan, PlanContent, SectionId, Span, SpanKind};

fn demo() -> PlanContent {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/demo/demo.json"
    ))
    .unwrap();
    Plan::content_from_json(&text).unwrap()
}

fn span(kind: SpanKind, text: &str) -> Span {
    Span {
        kind,
        text: text.into(),
    }
}

#[test]
fn the_same_content_has_no_changes() {
    assert!(compare(&demo(), &demo()).is_empty());
}

#[test]
fn words_are_marked_inserted_and_deleted() {
    assert_eq!(
        word_diff(
            "coaching for new teachers",
            "coaching for all new teachers now"
        ),
        vec![
            span(SpanKind::Same, "coaching for "),
            span(SpanKind::Inserted, "all "),
            span(SpanKind::Same, "new teachers"),
            span(SpanKind::Inserted, " now"),
        ]
    );
    assert_eq!(
        word_diff("a red door", "a blue door"),
        vec![
            span(SpanKind::Same, "a "),
            span(SpanKind::Deleted, "red"),
            span(SpanKind::Inserted, "blue"),
            span(SpanKind::Same, " door"),
        ]
    );
}

#[test]
fn changes_are_grouped_by_section_in_template_order() {
    let old = demo();
    let mut new = demo();
    new.record.title = format!("{} (board draft)", old.record.title);
    new.vision.statement.push_str(" Every student.");
    let removed = new.strategies.remove(0);
    new.strategies.push(Strategy {
        id: "st-new".into(),
        name: "Family partnership".into(),
        ..Strategy::default()
    });
    new.tactics[0].description = format!("Now: {}", old.tactics[0].description);
    // As the plan reads it: links to the removed strategy are gone.
    let new = Plan::from_content(1, &new).unwrap().content();

    let changes = compare(&old, &new);
    let sections: Vec<Option<SectionId>> = changes.iter().map(|c| c.section).collect();
    assert_eq!(
        sections[..4],
        [
            None,
            Some(SectionId::Vision),
            Some(SectionId::Strategies),
            Some(SectionId::Tactics)
        ]
    );
    // Parts that linked to the removed strategy lost that link; a renamed tactic changes
    // nothing in the phases that link to it.
    for later in &changes[4..] {
        for item in &later.items {
            assert!(
                item.fields
                    .iter()
                    .all(|f| ["strategy", "strategies"].contains(&f.field.as_str())),
                "{item:?}"
            );
        }
    }
    assert_eq!(changes[0].label, "Plan");
    let template = new.record.template.as_ref().unwrap();
    assert_eq!(changes[1].label, template.label(SectionId::Vision));

    let strategies = &changes[2].items;
    assert_eq!(
        strategies[0].kind,
        ChangeKind::Removed,
        "removed first, where it was"
    );
    assert_eq!(strategies[0].path, format!("strategies/{}", removed.id));
    assert!(strategies[0]
        .fields
        .iter()
        .all(|f| f.spans.iter().all(|s| s.kind == SpanKind::Deleted)));
    let added = strategies.last().unwrap();
    assert_eq!(
        (added.kind, added.title.as_str(), added.path.as_str()),
        (ChangeKind::Added, "Family partnership", "strategies/st-new")
    );
    assert_eq!(
        added.fields[0].spans,
        vec![span(SpanKind::Inserted, "Family partnership")]
    );

    // Tactics that pointed at the removed strategy now read differently too: their strategy
    // reference is gone in the new state.
    let tactic = &changes[3].items[0];
    assert_eq!(tactic.kind, ChangeKind::Changed);
    let description = tactic
        .fields
        .iter()
        .find(|f| f.field == "description")
        .unwrap();
    assert_eq!(description.spans[0], span(SpanKind::Inserted, "Now: "));
}

#[test]
fn nested_items_and_reflections_land_in_their_sections() {
    let old = demo();
    let mut new = demo();
    let statement = &mut new.statements[0];
    statement.school_changes.push(Slot {
        id: "sl-new".into(),
        text: "Teams meet weekly".into(),
    });
    new.reflections.push(Reflection {
        id: "rf-new".into(),
        section: "ledger".into(),
        text: "The cuts hurt.".into(),
        ..Reflection::default()
    });
    let changes = compare(&old, &new);
    let toa = changes
        .iter()
        .find(|c| c.section == Some(SectionId::TheoryOfAction))
        .unwrap();
    let slot = &toa.items[0];
    assert_eq!(
        slot.path,
        format!("statements/{}/school_changes/sl-new", old.statements[0].id)
    );
    assert_eq!(slot.kind, ChangeKind::Added);
    assert!(slot.within.is_some());
    let ledger = changes
        .iter()
        .find(|c| c.section == Some(SectionId::Ledger))
        .unwrap();
    assert_eq!(ledger.items[0].path, "reflections/rf-new");
}

#[test]
fn amounts_and_choices_read_as_people_see_them() {
    let old = demo();
    let mut new = demo();
    let line = new.ledger.iter_mut().find(|l| l.amount.is_some()).unwrap();
    line.amount = line.amount.map(|a| a + 100_000);
    let changes = compare(&old, &new);
    let ledger = changes
        .iter()
        .find(|c| c.section == Some(SectionId::Ledger))
        .unwrap();
    let amount = &ledger.items[0].fields[0];
    assert_eq!(amount.label, "Amount");
    assert!(
        amount.spans.iter().any(|s| s.text.contains('$')),
        "{amount:?}"
    );
}
