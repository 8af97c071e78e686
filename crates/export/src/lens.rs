//! A lens in a document: how the cover names it (the rule itself is `Template::through_lens`).

use throughline_plan::Template;

/// "Resource Strategy (`ers`)": how the cover names the lens.
pub(crate) fn name(lens: &Template) -> String {
    let name = crate::text::one_line(&lens.name);
    if name.is_empty() {
        lens.id.clone()
    } else {
        format!("{name} ({})", lens.id)
    }
}
