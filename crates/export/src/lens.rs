//! A lens: the same plan shown in another program's words and section order, its content untouched.

use throughline_plan::Template;

/// The template a document is composed with when the plan is seen through `lens`: the lens's
/// section labels, order and vocabulary, and the plan's own rating scale (a capacity rating is
/// stored as a key of the plan's scale, and another scale's labels would misread it).
///
/// Nothing is dropped: a section the plan's own template has and the lens lacks comes after the
/// lens's own sections, under the plan's label for it, so that every part the team wrote is in
/// the document. (Sections neither template has are added after these by `compose`, when they
/// hold anything.)
pub(crate) fn lensed(lens: &Template, own: Option<&Template>) -> Template {
    let mut seen = lens.clone();
    if let Some(own) = own {
        for section in &own.sections {
            if seen.section(section.id).is_none() {
                seen.sections.push(section.clone());
            }
        }
        seen.capacity_scale = own.capacity_scale.clone();
        seen.capacity_indicators = own.capacity_indicators.clone();
    }
    seen
}

/// "Resource Strategy (`ers`)": how the cover names the lens.
pub(crate) fn name(lens: &Template) -> String {
    let name = crate::text::one_line(&lens.name);
    if name.is_empty() {
        lens.id.clone()
    } else {
        format!("{name} ({})", lens.id)
    }
}
