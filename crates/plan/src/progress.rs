//! Where the team stands in each phase of its program: which sections it has begun.
//!
//! The one rule for "begun", shown by the navigation and by `show`: a section is begun once the
//! team has put something of its own in it, i.e. any item in one of the section's collections
//! (a member, a finding, a strategy…) or any field filled in one of its single parts (the
//! charter, the vision, the guiding focus, the implementation plan). The capacity indicators a
//! template seeds into a new plan are the template's words, not the team's: one counts only
//! once something beyond its core function and statement is written (a rating, sealed or agreed,
//! evidence, a decision). Reflections, the agenda, votes and the like belong to no section.

use serde_json::Value;

use crate::parts::{PlanContent, ROOTS};
use crate::section::SectionId;
use crate::template::Template;

/// The fields of a capacity indicator that a template seeds; the rest are the team's.
const SEEDED_INDICATOR_FIELDS: [&str; 3] = ["id", "function", "indicator"];

/// One phase and where the team stands in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseProgress {
    /// The phase's name as the template writes it.
    pub name: String,
    /// Its sections, in the template's order.
    pub sections: Vec<SectionId>,
    /// Those of its sections the team has begun, in the same order.
    pub begun: Vec<SectionId>,
}

impl PhaseProgress {
    /// "3 of 5 sections begun".
    pub fn text(&self) -> String {
        let total = self.sections.len();
        format!(
            "{} of {total} {} begun",
            self.begun.len(),
            if total == 1 { "section" } else { "sections" }
        )
    }
}

/// Each phase of the plan's template with its begun sections; empty when the template has no
/// phases (or the plan carries no template).
pub fn phase_progress(content: &PlanContent) -> Vec<PhaseProgress> {
    match &content.record.template {
        Some(template) => phase_progress_in(content, template),
        None => Vec::new(),
    }
}

/// Each phase of `template` with the plan's begun sections: where the team stands when the plan
/// is seen through another program's lens (`Template::through_lens`), whose phases are the ones
/// shown.
pub fn phase_progress_in(content: &PlanContent, template: &Template) -> Vec<PhaseProgress> {
    let phases = template.phases();
    if phases.is_empty() {
        return Vec::new();
    }
    let json = serde_json::to_value(content).unwrap_or(Value::Null);
    phases
        .into_iter()
        .map(|phase| {
            let begun = phase
                .sections
                .iter()
                .copied()
                .filter(|id| begun_in(&json, *id))
                .collect();
            PhaseProgress {
                name: phase.name,
                sections: phase.sections,
                begun,
            }
        })
        .collect()
}

/// Whether the team has begun this section (see the module's rule).
pub fn section_begun(content: &PlanContent, section: SectionId) -> bool {
    let json = serde_json::to_value(content).unwrap_or(Value::Null);
    begun_in(&json, section)
}

fn begun_in(json: &Value, section: SectionId) -> bool {
    ROOTS
        .iter()
        .filter(|root| root.section == Some(section))
        .any(|root| match json.get(root.name) {
            Some(Value::Array(items)) if root.name == "capacity" => items.iter().any(|item| {
                item.as_object().is_some_and(|fields| {
                    fields
                        .iter()
                        .any(|(k, v)| !SEEDED_INDICATOR_FIELDS.contains(&k.as_str()) && filled(v))
                })
            }),
            Some(Value::Array(items)) => !items.is_empty(),
            Some(single @ Value::Object(_)) => filled(single),
            _ => false,
        })
}

/// Whether a value holds something a person wrote or chose (blank text and `false` do not).
fn filled(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(_) => true,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(filled),
        Value::Object(fields) => fields.values().any(filled),
    }
}
