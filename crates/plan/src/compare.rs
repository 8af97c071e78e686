//! Comparing two states of a plan (two named versions, or a version and the current draft)
//! section by section, with insertions and deletions marked word by word. Plain data, so the
//! CLI's text redline, the app's compare view and the exported redline all render the same
//! comparison.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::display::{choice_label, field_label, humanize, json_title, title};
use crate::parts::{PlanContent, RootPart, ROOTS};
use crate::schema::{Field, FieldKind, ItemSchema};
use crate::section::SectionId;
use crate::vocab::Unit;

/// The changes in one section, in the plan's section order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    /// The section; `None` for the plan record (title, status, adoption).
    pub section: Option<SectionId>,
    /// The section's name in the newer state's template ("Resource trade-offs").
    pub label: String,
    /// Changed parts in document order; removed items stand where they used to be.
    pub items: Vec<ItemChange>,
}

/// What happened to a part or item between the two states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One changed part (`vision`) or item (`strategies/ID`, `statements/ID/school_changes/ID`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// Where it is in the plan, as commands and comments name it.
    pub path: String,
    /// What it is ("strategy").
    pub noun: String,
    /// Its title: the first filled text field, in the newer state (the older when removed).
    pub title: String,
    /// The title of the item it sits in, for nested items (a slot of a statement).
    pub within: Option<String>,
    pub kind: ChangeKind,
    /// The fields that differ (every filled field of an added or removed item).
    pub fields: Vec<FieldChange>,
}

/// One field's text, marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's key (`description`).
    pub field: String,
    /// Its name for people ("Description").
    pub label: String,
    /// The field's whole text in order: unchanged, inserted and deleted runs.
    pub spans: Vec<Span>,
}

/// A run of text that is the same in both states, only in the newer, or only in the older.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Same,
    Inserted,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

/// Every difference between `old` and `new`, section by section; sections without a change are
/// left out, so an empty result means the two states say the same thing. Reordering items is
/// not reported; everything a reader sees is.
pub fn compare(old: &PlanContent, new: &PlanContent) -> Vec<SectionChange> {
    let old_json = serde_json::to_value(old).unwrap_or(Value::Null);
    let new_json = serde_json::to_value(new).unwrap_or(Value::Null);
    let sides = Sides {
        old: Side::new(&old_json),
        new: Side::new(&new_json),
    };
    let mut found: Vec<(Option<SectionId>, ItemChange)> = Vec::new();
    for root in ROOTS {
        if root.collection {
            compare_items(
                &sides,
                root,
                &old_json[root.name],
                &new_json[root.name],
                &mut found,
            );
        } else {
            let mut fields = Vec::new();
            compare_fields(
                &sides,
                root.schema,
                &old_json[root.name],
                &new_json[root.name],
                &mut fields,
            );
            if !fields.is_empty() {
                found.push((
                    root.section,
                    ItemChange {
                        path: root.name.to_string(),
                        noun: root.schema.noun.to_string(),
                        title: title(root.schema, None),
                        within: None,
                        kind: ChangeKind::Changed,
                        fields,
                    },
                ));
            }
        }
    }
    let template = new
        .record
        .template
        .as_ref()
        .or(old.record.template.as_ref());
    let mut order: Vec<Option<SectionId>> = vec![None];
    match template {
        Some(t) => order.extend(t.section_ids().map(Some)),
        None => order.extend(SectionId::ALL.map(Some)),
    }
    for s in SectionId::ALL {
        if !order.contains(&Some(s)) {
            order.push(Some(s));
        }
    }
    order
        .into_iter()
        .filter_map(|section| {
            let items: Vec<ItemChange> = found
                .iter()
                .filter(|(s, _)| *s == section)
                .map(|(_, c)| c.clone())
                .collect();
            if items.is_empty() {
                return None;
            }
            let label = match (section, template) {
                (None, _) => "Plan".to_string(),
                (Some(s), Some(t)) => t.label(s).to_string(),
                (Some(s), None) => s.default_label().to_string(),
            };
            Some(SectionChange {
                section,
                label,
                items,
            })
        })
        .collect()
}

struct Side {
    /// Every item's title by id, so links read as names.
    titles: HashMap<String, String>,
}

impl Side {
    fn new(json: &Value) -> Side {
        let mut titles = HashMap::new();
        for root in ROOTS.iter().filter(|r| r.collection) {
            for item in json[root.name].as_array().into_iter().flatten() {
                if let Some(id) = item["id"].as_str() {
                    titles.insert(id.to_string(), json_title(root.schema, item));
                }
            }
        }
        Side { titles }
    }
}

struct Sides {
    old: Side,
    new: Side,
}

fn compare_items(
    sides: &Sides,
    root: &RootPart,
    old: &Value,
    new: &Value,
    found: &mut Vec<(Option<SectionId>, ItemChange)>,
) {
    let none = Vec::new();
    let old = old.as_array().unwrap_or(&none);
    let new = new.as_array().unwrap_or(&none);
    let section = |item: &Value| section_of(root, item);
    compare_list(
        sides,
        root.schema,
        root.name,
        None,
        old,
        new,
        &section,
        found,
    );
}

fn section_of(root: &RootPart, item: &Value) -> Option<SectionId> {
    match root.section {
        Some(s) => Some(s),
        // Reflections belong to the section they were written in.
        None => item["section"].as_str().and_then(SectionId::parse),
    }
}

/// Ids of both lists in one order: the newer order, with each removed item placed right after
/// the item that preceded it in the older list.
fn merged_ids(old: &[Value], new: &[Value]) -> Vec<String> {
    let id = |v: &Value| v["id"].as_str().unwrap_or_default().to_string();
    let mut out: Vec<String> = new.iter().map(id).collect();
    let mut previous: Option<String> = None;
    for item in old {
        let this = id(item);
        if !out.contains(&this) {
            let at = previous
                .as_ref()
                .and_then(|p| out.iter().position(|x| x == p))
                .map_or(0, |i| i + 1);
            out.insert(at, this.clone());
        }
        previous = Some(this);
    }
    out
}

fn find<'a>(items: &'a [Value], id: &str) -> Option<&'a Value> {
    items.iter().find(|v| v["id"].as_str() == Some(id))
}

/// Compares two lists of items (a collection, or an item's nested list) and pushes each
/// changed item, followed by its changed nested items.
#[allow(clippy::too_many_arguments)]
fn compare_list(
    sides: &Sides,
    schema: &ItemSchema,
    prefix: &str,
    within: Option<&str>,
    old: &[Value],
    new: &[Value],
    section: &dyn Fn(&Value) -> Option<SectionId>,
    out: &mut Vec<(Option<SectionId>, ItemChange)>,
) {
    let none = Vec::new();
    for id in merged_ids(old, new) {
        let (before, after) = (find(old, &id), find(new, &id));
        let (kind, shown) = match (before, after) {
            (None, Some(n)) => (ChangeKind::Added, n),
            (Some(o), None) => (ChangeKind::Removed, o),
            (Some(_), Some(n)) => (ChangeKind::Changed, n),
            (None, None) => continue,
        };
        let path = format!("{prefix}/{id}");
        let item_title = json_title(schema, shown);
        let mut fields = Vec::new();
        compare_fields(
            sides,
            schema,
            before.unwrap_or(&Value::Null),
            after.unwrap_or(&Value::Null),
            &mut fields,
        );
        if !fields.is_empty() {
            out.push((
                section(shown),
                ItemChange {
                    path: path.clone(),
                    noun: schema.noun.to_string(),
                    title: item_title.clone(),
                    within: within.map(str::to_string),
                    kind,
                    fields,
                },
            ));
        }
        for field in schema.fields {
            let FieldKind::Items(sub) = field.kind else {
                continue;
            };
            let here = section(shown);
            compare_list(
                sides,
                sub,
                &format!("{path}/{}", field.name),
                Some(&item_title),
                nested(before, field.name).unwrap_or(&none),
                nested(after, field.name).unwrap_or(&none),
                &|_| here,
                out,
            );
        }
    }
}

fn nested<'a>(item: Option<&'a Value>, field: &str) -> Option<&'a Vec<Value>> {
    item.and_then(|v| v[field].as_array())
}

fn compare_fields(
    sides: &Sides,
    schema: &ItemSchema,
    old: &Value,
    new: &Value,
    out: &mut Vec<FieldChange>,
) {
    for field in schema.fields {
        if matches!(field.kind, FieldKind::Items(_)) {
            continue;
        }
        // A link reads as its target's title, but renaming the target is not a change here.
        if matches!(field.kind, FieldKind::Links(_) | FieldKind::Ref(_))
            && old[field.name] == new[field.name]
            && !old.is_null()
            && !new.is_null()
        {
            continue;
        }
        let before = render(&sides.old, field, old);
        let after = render(&sides.new, field, new);
        if before == after {
            continue;
        }
        out.push(FieldChange {
            field: field.name.to_string(),
            label: field_label(field).into_owned(),
            spans: word_diff(&before, &after),
        });
    }
}

/// A field's value as a reader sees it.
fn render(side: &Side, field: &Field, item: &Value) -> String {
    let (name, kind) = (field.name, field.kind);
    let value = &item[name];
    let title_of = |id: &str| {
        side.titles
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    match kind {
        FieldKind::Text | FieldKind::Str | FieldKind::Date | FieldKind::FiscalYear => {
            value.as_str().unwrap_or_default().to_string()
        }
        FieldKind::Int if name == "amount" => {
            match (
                value.as_i64(),
                item["unit"].as_str().and_then(Unit::from_key),
            ) {
                (Some(n), Some(u)) => u.format(n),
                (Some(n), None) => n.to_string(),
                _ => String::new(),
            }
        }
        FieldKind::Int | FieldKind::Num => match value {
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        },
        FieldKind::Bool => match value.as_bool() {
            Some(true) => "yes".to_string(),
            _ => String::new(),
        },
        FieldKind::Enum(_) => value
            .as_str()
            .map(|key| choice_label(field, key).unwrap_or(key).to_string())
            .unwrap_or_default(),
        FieldKind::Ref(_) => value.as_str().map(title_of).unwrap_or_default(),
        FieldKind::Links(_) => value
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .map(title_of)
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default(),
        FieldKind::Tags => value
            .as_array()
            .map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        FieldKind::Ratings => value
            .as_object()
            .map(|r| {
                r.iter()
                    .map(|(member, rating)| {
                        format!(
                            "{}: {}",
                            title_of(member),
                            humanize(rating.as_str().unwrap_or_default())
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default(),
        // The template copy: its name is what a reader recognises.
        FieldKind::Json => value["name"].as_str().unwrap_or_default().to_string(),
        FieldKind::Items(_) => String::new(),
    }
}

/// The text of `after` with what `before` had marked: runs of words kept, inserted, deleted.
pub fn word_diff(before: &str, after: &str) -> Vec<Span> {
    let diff = TextDiff::from_words(before, after);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SpanKind::Same,
            ChangeTag::Insert => SpanKind::Inserted,
            ChangeTag::Delete => SpanKind::Deleted,
        };
        match spans.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => spans.push(Span {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    spans
}
