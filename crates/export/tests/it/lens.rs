//! A lens: the DSDP demo plan exported in the words and order of Resource Strategy (`ers`),
//! every part of it still there.

use throughline_export::{export, Format};
use throughline_plan::template::{builtin_templates, ObjectKind};
use throughline_plan::{PlanContent, SectionId, Template};

use crate::support;

fn ers() -> Template {
    builtin_templates()
        .into_iter()
        .find(|t| t.id == "ers")
        .unwrap()
}

fn html(content: &PlanContent, lens: Option<&Template>) -> String {
    let mut input = support::input(content);
    input.lens = lens;
    String::from_utf8(export(&input, Format::Html).unwrap()).unwrap()
}

/// The level-1 sections of an HTML export, in reading order, by their stable anchors.
fn section_anchors(html: &str) -> Vec<String> {
    html.match_indices("<section aria-labelledby=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn anchor(id: SectionId) -> String {
    format!("s-{}", id.as_str().replace('_', "-"))
}

#[test]
fn the_ers_lens_shows_a_dsdp_plan_in_ers_order_and_words_with_every_section() {
    let content = support::demo();
    assert_eq!(content.record.template.as_ref().unwrap().id, "dsdp");
    let ers = ers();
    let own = section_anchors(&html(&content, None));
    let lensed = section_anchors(&html(&content, Some(&ers)));

    // ERS's own sections first, in ERS's order.
    let ers_order: Vec<String> = ers.section_ids().map(anchor).collect();
    assert_eq!(lensed[..ers_order.len()], ers_order[..], "{lensed:?}");
    // Nothing dropped: every section of the plan's own export is there, and nothing else.
    let mut a = own.clone();
    let mut b = lensed.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // The DSDP sections ERS lacks come after ERS's own.
    let dsdp = content.record.template.as_ref().unwrap();
    for id in dsdp.section_ids().filter(|id| ers.section(*id).is_none()) {
        let at = lensed.iter().position(|s| *s == anchor(id)).unwrap();
        assert!(at >= ers_order.len(), "{id:?} at {at} in {lensed:?}");
    }
}

#[test]
fn the_ers_lens_uses_ers_words_and_keeps_every_item() {
    let content = support::demo();
    let ers = ers();
    let dsdp = content.record.template.clone().unwrap();
    let mut input = support::input(&content);
    let own = String::from_utf8(export(&input, Format::Markdown).unwrap()).unwrap();
    input.lens = Some(&ers);
    let md = String::from_utf8(export(&input, Format::Markdown).unwrap()).unwrap();

    // ERS's section labels and words, where DSDP's differ.
    for id in ers.section_ids() {
        assert!(
            md.contains(&format!("## {}\n", ers.label(id))),
            "{id:?}: {}",
            ers.label(id)
        );
    }
    assert!(md.contains("## Tough trade-offs\n") || md.contains(ers.label(SectionId::Ledger)));
    let tactic = ers.term(ObjectKind::Tactic);
    assert!(md.contains(&tactic.singular) || md.contains(&tactic.plural));
    assert!(!md.contains(&format!("## {}\n", dsdp.label(SectionId::Tactics))));
    assert!(md.contains("those of Resource Strategy (ers); the plan itself is unchanged"));

    // Every item the team wrote is in the lensed export.
    let plain = md.replace('\\', "");
    let mut texts: Vec<String> = Vec::new();
    texts.extend(content.strategies.iter().map(|s| s.name.clone()));
    texts.extend(content.tactics.iter().map(|t| t.description.clone()));
    texts.extend(content.root_causes.iter().map(|c| c.statement.clone()));
    texts.extend(content.problems.iter().map(|p| p.statement.clone()));
    texts.extend(content.evidence.iter().map(|e| e.statement.clone()));
    texts.extend(content.measures.iter().map(|m| m.name.clone()));
    texts.extend(content.goals.iter().map(|g| g.statement.clone()));
    texts.extend(content.ledger.iter().map(|l| l.description.clone()));
    texts.extend(content.catalysts.iter().map(|c| c.description.clone()));
    texts.extend(content.probes.iter().map(|p| p.hypothesis.clone()));
    texts.extend(content.pdsa_cycles.iter().map(|p| p.change_idea.clone()));
    texts.extend(content.phases.iter().map(|p| p.name.clone()));
    texts.extend(content.members.iter().map(|m| m.name.clone()));
    assert!(texts.len() > 150, "{}", texts.len());
    for text in texts.iter().filter(|t| !t.trim().is_empty()) {
        let head: String = text.chars().take(40).collect();
        if own.replace('\\', "").contains(&head) {
            assert!(plain.contains(&head), "missing through the lens: {head}");
        }
    }
    // The plan's own export has more words of its own for the same content, never fewer items.
    assert_eq!(
        own.matches("\n### ").count(),
        md.matches("\n### ").count(),
        "the same items, under other words"
    );
}

#[test]
fn ers_lens_markdown() {
    let content = support::demo();
    let ers = ers();
    let mut input = support::input(&content);
    input.lens = Some(&ers);
    let md = String::from_utf8(export(&input, Format::Markdown).unwrap()).unwrap();
    insta::assert_snapshot!("ers_lens_markdown", md);
}
