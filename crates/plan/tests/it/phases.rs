//! Which programs use role teams, from their templates' words. A program's phases: DSDP's two, read from its template, with where the team stands in each
//! (sections begun) moving as sections get content; a template without phases has none.

use serde_json::json;
use throughline_plan::progress::{phase_progress, section_begun};
use throughline_plan::section::SectionId;
use throughline_plan::template::TemplateLibrary;
use throughline_plan::Plan;

use crate::edit::{add, set};

fn started(spec: &str) -> Plan {
    let template = TemplateLibrary::builtin().resolve(spec).unwrap();
    Plan::start(1, &template, "Plan", "District", "2026-01-05T09:00:00Z")
        .unwrap()
        .0
}

/// (phase name, begun count, total, text) of each phase.
fn standing(plan: &Plan) -> Vec<(String, usize, usize, String)> {
    phase_progress(&plan.content())
        .iter()
        .map(|p| (p.name.clone(), p.begun.len(), p.sections.len(), p.text()))
        .collect()
}

#[test]
fn dsdp_has_two_phases_from_its_template() {
    let template = TemplateLibrary::builtin().resolve("dsdp").unwrap();
    let phases = template.phases();
    let names: Vec<&str> = phases.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Phase 1: Study the system",
            "Phase 2: Draft the redesign plan"
        ]
    );
    assert_eq!(
        phases[0].sections,
        [
            SectionId::Team,
            SectionId::Evidence,
            SectionId::Capacity,
            SectionId::Problems,
            SectionId::RootCauses
        ]
    );
    assert_eq!(phases[1].sections.first(), Some(&SectionId::Vision));
    assert_eq!(phases[1].sections.last(), Some(&SectionId::Implementation));
    // An add-on's sections join the phase they are inserted into, so the phases stay whole.
    let combined = TemplateLibrary::builtin()
        .resolve("dsdp+improvement-science")
        .unwrap();
    let phases = combined.phases();
    assert_eq!(phases.len(), 2);
    assert!(phases[1].sections.contains(&SectionId::Focus));
    assert!(phases[1].sections.contains(&SectionId::LearningCycles));
    assert_eq!(
        phases.iter().map(|p| p.sections.len()).sum::<usize>(),
        combined.sections.len()
    );
}

#[test]
fn begun_counts_move_as_sections_get_content() {
    let plan = started("dsdp");
    // A new plan has begun nothing, though its template seeded the benchmarks to rate.
    assert!(!plan.content().capacity.is_empty());
    assert_eq!(
        standing(&plan),
        [
            (
                "Phase 1: Study the system".to_owned(),
                0,
                5,
                "0 of 5 sections begun".to_owned()
            ),
            (
                "Phase 2: Draft the redesign plan".to_owned(),
                0,
                8,
                "0 of 8 sections begun".to_owned()
            ),
        ]
    );

    add(&plan, "members", json!({ "name": "Ana Ruiz" }));
    assert!(section_begun(&plan.content(), SectionId::Team));
    assert_eq!(standing(&plan)[0].1, 1);

    // A benchmark counts once the team rates it, not before.
    let first = plan.content().capacity[0].id.clone();
    set(&plan, &format!("capacity/{first}"), "consensus", json!("2"));
    assert!(section_begun(&plan.content(), SectionId::Capacity));
    assert_eq!(standing(&plan)[0].3, "2 of 5 sections begun");

    // A single part counts once one of its fields is written; blank text does not.
    set(&plan, "vision", "statement", json!("   "));
    assert_eq!(standing(&plan)[1].1, 0);
    set(
        &plan,
        "vision",
        "statement",
        json!("Every graduate reads well."),
    );
    assert_eq!(standing(&plan)[1].3, "1 of 8 sections begun");
    assert_eq!(
        phase_progress(&plan.content())[1].begun,
        [SectionId::Vision]
    );
}

#[test]
fn templates_without_phases_have_no_phase_progress() {
    for spec in ["nep", "ers", "rounds", "instll"] {
        let plan = started(spec);
        add(&plan, "members", json!({ "name": "Ana Ruiz" }));
        assert!(phase_progress(&plan.content()).is_empty(), "{spec}");
    }
}

#[test]
fn only_instructional_rounds_uses_role_teams() {
    let library = TemplateLibrary::builtin();
    let using: Vec<&str> = library
        .bases()
        .filter(|t| t.uses_role_teams())
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(using, ["rounds"]);
    // A facilitator's copy under another id keeps them: the words decide, not the id.
    let mut copy = library.get("rounds").unwrap().clone();
    copy.id = "our-rounds".into();
    assert!(copy.uses_role_teams());
}

/// A lens (`Template::through_lens`): the lens's labels, order and words, every section of the
/// plan's own template after the lens's, the plan's own rating scale, and phases kept whole so
/// the template reader accepts the result.
#[test]
fn a_lens_shows_its_words_and_order_keeps_every_section_and_keeps_phases_whole() {
    let library = TemplateLibrary::builtin();
    let dsdp = library.resolve("dsdp").unwrap();
    let ers = library.resolve("ers").unwrap();

    let seen = dsdp.through_lens(&ers);
    let ers_ids: Vec<SectionId> = ers.section_ids().collect();
    let seen_ids: Vec<SectionId> = seen.section_ids().collect();
    assert_eq!(
        seen_ids[..ers_ids.len()],
        ers_ids[..],
        "the lens's order first"
    );
    for id in ers.section_ids() {
        assert_eq!(seen.label(id), ers.label(id), "the lens's label for {id:?}");
    }
    for id in dsdp.section_ids() {
        let at = seen_ids.iter().position(|s| *s == id);
        assert!(at.is_some(), "{id:?} of the plan is kept");
        if ers.section(id).is_none() {
            assert!(
                at.unwrap() >= ers_ids.len(),
                "{id:?} comes after the lens's own"
            );
            assert_eq!(seen.label(id), dsdp.label(id), "under the plan's own label");
        }
    }
    assert_eq!(seen_ids.len(), {
        let mut all = seen_ids.clone();
        all.sort();
        all.dedup();
        all.len()
    });
    assert_eq!(seen.name, ers.name);
    assert_eq!(
        seen.term(throughline_plan::template::ObjectKind::Strategy),
        ers.term(throughline_plan::template::ObjectKind::Strategy)
    );
    assert_eq!(
        seen.capacity_scale, dsdp.capacity_scale,
        "the plan's own scale"
    );
    // ERS has no phases, so DSDP's are dropped from the sections it lacks.
    assert!(seen.phases().is_empty(), "{:?}", seen.phases());
    seen.validate("dsdp through ers").unwrap();

    // The other way: ERS's sections DSDP lacks join DSDP's last phase.
    let seen = ers.through_lens(&dsdp);
    let phases = seen.phases();
    assert_eq!(phases.len(), 2);
    let last = &phases[1];
    for id in ers.section_ids().filter(|id| dsdp.section(*id).is_none()) {
        assert!(last.sections.contains(&id), "{id:?} joins {}", last.name);
    }
    assert_eq!(seen.capacity_scale, ers.capacity_scale);
    seen.validate("ers through dsdp").unwrap();
}
