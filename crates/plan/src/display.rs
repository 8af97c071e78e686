//! How a plan is shown to people — item titles, field labels, choice labels, amounts and fiscal
//! years — defined once. The outline, compare, history and exports call these functions; the UI
//! receives the same rules in the plan schema, and `tests/display_cases.json` holds both
//! languages to one table of cases.

use std::borrow::Cow;

use serde_json::Value;

use crate::schema::{Field, FieldKind, ItemSchema, Part};

/// The longest title, in characters, where a title stands in for an item inside other words:
/// a link, a picker, a line of a list.
pub const SHORT_TITLE_CHARS: usize = 90;

/// Text on one line: runs of white space (line breaks included) become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title from an item's title text: the text on one line, or "Untitled {noun}" when it is
/// blank. `noun` is the part's noun, or the template's word for it.
pub fn titled(text: Option<&str>, noun: &str) -> String {
    let line = text.map(one_line).unwrap_or_default();
    if line.is_empty() {
        format!("Untitled {noun}")
    } else {
        line
    }
}

/// The title of an item (or of a single part, which is named by its noun: "Vision").
pub fn title(schema: &ItemSchema, text: Option<&str>) -> String {
    if schema.single {
        capitalise(schema.noun)
    } else {
        titled(text, schema.noun)
    }
}

/// The title of a typed item.
pub fn part_title<P: Part>(item: &P) -> String {
    title(&P::SCHEMA, item.title_text())
}

/// The title of an item held as JSON (the plan's content as `show --json` prints it).
pub fn json_title(schema: &ItemSchema, item: &Value) -> String {
    title(schema, schema.title.and_then(|f| item[f].as_str()))
}

/// What the item at `collection/ID` is called, with its kind ("Coaching (strategy)"), read from
/// the plan's content as JSON; an item since removed is named as such (a vote's record keeps
/// what the room voted on).
pub fn path_title(content: &Value, path: &str) -> String {
    let Some((coll, id)) = path.split_once('/') else {
        return one_line(path);
    };
    let Some(part) = crate::parts::root(coll) else {
        return one_line(path);
    };
    let item = content[coll]
        .as_array()
        .and_then(|list| list.iter().find(|i| i["id"] == id));
    match item {
        Some(item) => format!("{} ({})", json_title(part.schema, item), part.schema.noun),
        None => format!("a {} since removed", part.schema.noun),
    }
}

/// A title shortened to [`SHORT_TITLE_CHARS`], ending in "…" when cut.
pub fn short(title: &str) -> String {
    if title.chars().count() > SHORT_TITLE_CHARS {
        let cut: String = title.chars().take(SHORT_TITLE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        title.to_string()
    }
}

/// The words people read for a field: its declared label, or its name as words
/// (`baseline_date` → "Baseline date").
pub fn field_label(field: &Field) -> Cow<'static, str> {
    match field.label {
        Some(label) => Cow::Borrowed(label),
        None => Cow::Owned(humanize(field.name)),
    }
}

/// The words people read for a stored choice of an enum field; `None` when the field is not a
/// choice or the key is not one of its vocabulary's (a newer plan's key: show it as stored).
pub fn choice_label(field: &Field, key: &str) -> Option<&'static str> {
    match field.kind {
        FieldKind::Enum(vocabulary) => vocabulary.label(key),
        _ => None,
    }
}

/// The fiscal-year check lives with the rest of the date rules; the UI's table of cases reaches
/// it here.
pub use crate::dates::is_fiscal_year;

/// An accountable owner who is not on the leadership team, as it is shown and exported:
/// "Ana Ruiz, Director of Transportation (not on the team)"; `None` when no name is given.
pub fn outside_owner(name: &str, role: &str) -> Option<String> {
    let name = one_line(name);
    if name.is_empty() {
        return None;
    }
    let role = one_line(role);
    Some(if role.is_empty() {
        format!("{name} (not on the team)")
    } else {
        format!("{name}, {role} (not on the team)")
    })
}

/// A snake_case name as words: `root_causes` → "Root causes".
pub fn humanize(name: &str) -> String {
    capitalise(&name.replace('_', " "))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::ROOTS;

    /// A declared `title = …` must name a text field of the part, or titles would silently be
    /// empty.
    #[test]
    fn every_title_names_a_text_field() {
        fn check(schema: &ItemSchema) {
            if let Some(name) = schema.title {
                let field = schema.field(name);
                assert!(
                    matches!(field.map(|f| f.kind), Some(FieldKind::Text)),
                    "{}'s title `{name}` is not one of its text fields",
                    schema.noun
                );
            }
            for f in schema.fields {
                if let FieldKind::Items(sub) = f.kind {
                    check(sub);
                }
            }
        }
        for root in ROOTS {
            assert_eq!(root.schema.single, !root.collection, "{}", root.name);
            check(root.schema);
        }
    }

    fn field_of(part: &str, field: &str) -> &'static Field {
        let root = crate::parts::root(part).unwrap_or_else(|| panic!("no part {part}"));
        root.schema
            .field(field)
            .unwrap_or_else(|| panic!("{part} has no field {field}"))
    }

    /// The table the UI's Vitest test runs too (`ui/tests/unit/display.test.ts`).
    #[test]
    fn the_shared_table_of_cases_holds() {
        let cases: Value = serde_json::from_str(include_str!("../tests/display_cases.json"))
            .unwrap_or_else(|e| panic!("display_cases.json: {e}"));
        let list = |name: &str| cases[name].as_array().cloned().unwrap_or_default();
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();

        assert!(!list("titles").is_empty());
        for case in list("titles") {
            let root = crate::parts::root(&s(&case["part"])).unwrap_or_else(|| panic!("{case}"));
            let title = json_title(root.schema, &case["item"]);
            assert_eq!(title, s(&case["title"]), "{case}");
            assert_eq!(short(&title), s(&case["short"]), "{case}");
        }
        assert!(!list("labels").is_empty());
        for case in list("labels") {
            let field = field_of(&s(&case["part"]), &s(&case["field"]));
            assert_eq!(field_label(field), s(&case["label"]), "{case}");
        }
        assert!(!list("choices").is_empty());
        for case in list("choices") {
            let field = field_of(&s(&case["part"]), &s(&case["field"]));
            let key = s(&case["key"]);
            assert_eq!(
                choice_label(field, &key).unwrap_or(&key),
                s(&case["label"]),
                "{case}"
            );
        }
        assert!(!list("amounts").is_empty());
        for case in list("amounts") {
            let unit =
                crate::vocab::Unit::from_key(&s(&case["unit"])).unwrap_or_else(|| panic!("{case}"));
            let amount = case["amount"].as_i64().unwrap_or_else(|| panic!("{case}"));
            assert_eq!(unit.format(amount), s(&case["text"]), "{case}");
        }
        assert!(!list("fiscal_years").is_empty());
        for case in list("fiscal_years") {
            assert_eq!(
                is_fiscal_year(&s(&case["text"])),
                case["ok"].as_bool() == Some(true),
                "{case}"
            );
        }
    }

    #[test]
    fn short_titles_keep_whole_characters() {
        let long = "é".repeat(100);
        let cut = short(&long);
        assert_eq!(cut.chars().count(), SHORT_TITLE_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(short("Tutoring"), "Tutoring");
    }
}
