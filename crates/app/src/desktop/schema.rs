//! The plan's shape as data for the UI: every part, its fields and how each is held in the
//! Yjs document, every closed vocabulary, and how the plan is shown (which field titles an
//! item, each field's label, how each unit's amounts read). The UI is a Yjs peer of the plan
//! document and reads and shows it through this description, so that the plan crate's one
//! declaration of each part, and `display`'s one rule for showing it, stay the only ones.

use serde::{Deserialize, Serialize};
use throughline_plan::display::{field_label, SHORT_TITLE_CHARS};
use throughline_plan::parts::ROOTS;
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::vocab::{self, Unit};

use super::types::Section;

/// Every part of a plan and every vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PlanSchema {
    /// The top-level parts, in document order.
    pub parts: Vec<PartSchema>,
    pub vocabularies: Vec<Vocabulary>,
    /// How each ledger unit's amounts read (`Unit::style`).
    pub units: Vec<UnitSchema>,
    /// Where a title standing in for an item is cut (`display::SHORT_TITLE_CHARS`).
    pub short_title_chars: u32,
}

/// One ledger unit: its stored amounts are whole steps, `10^decimals` to the unit, and read
/// as `prefix` + the whole number grouped in thousands (+ `.` and the decimals) + `suffix`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct UnitSchema {
    /// `usd`.
    pub key: String,
    pub decimals: u32,
    /// `$`.
    pub prefix: String,
    /// ` FTE`.
    pub suffix: String,
}

/// One top-level part: a root `Y.Map` holding a single part or a collection of items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PartSchema {
    /// The root map's name (`strategies`).
    pub name: String,
    /// The part in people's words (`strategy`).
    pub noun: String,
    /// The section of the guided flow it belongs to.
    pub section: Option<Section>,
    /// A collection of items keyed by id, or one part.
    pub collection: bool,
    /// The text field whose words name an item (`ItemSchema::title`); none for a single part.
    pub title_field: Option<String>,
    pub fields: Vec<FieldSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FieldSchema {
    pub name: String,
    /// The words people read for the field (`display::field_label`).
    pub label: String,
    pub shape: FieldShape,
}

/// How a field is held in the document (the plan's `FieldKind`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldShape {
    /// A `Y.Text`, typed together.
    Text,
    /// A short string written whole.
    Str,
    /// A whole number.
    Int,
    /// A number that may have decimals.
    Num,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-YY`.
    FiscalYear,
    /// One key of the named vocabulary.
    Enum {
        vocabulary: String,
    },
    /// The id of one item of the named collection.
    Ref {
        to: String,
    },
    /// A `Y.Map` of ids (of the named collection) → `true`.
    Links {
        to: String,
    },
    /// A `Y.Map` of free labels → `true`.
    Tags,
    /// A `Y.Map` of member id → rating key.
    Ratings,
    /// A `Y.Map` of id → nested item `Y.Map`, ordered by each item's `order`.
    Items {
        noun: String,
        /// The nested items' title field, as for a part.
        title_field: Option<String>,
        fields: Vec<FieldSchema>,
    },
    /// Plain JSON written whole.
    Json,
}

/// A closed list: keys stored in the document, labels shown to people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct Vocabulary {
    /// `tactic_status`.
    pub name: String,
    pub options: Vec<VocabularyOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct VocabularyOption {
    pub key: String,
    pub label: String,
}

fn fields(schema: &ItemSchema) -> Vec<FieldSchema> {
    schema
        .fields
        .iter()
        .map(|f| FieldSchema {
            name: f.name.to_string(),
            label: field_label(f).into_owned(),
            shape: match f.kind {
                FieldKind::Text => FieldShape::Text,
                FieldKind::Str => FieldShape::Str,
                FieldKind::Int => FieldShape::Int,
                FieldKind::Num => FieldShape::Num,
                FieldKind::Bool => FieldShape::Bool,
                FieldKind::Date => FieldShape::Date,
                FieldKind::FiscalYear => FieldShape::FiscalYear,
                FieldKind::Enum(vocabulary) => FieldShape::Enum {
                    vocabulary: vocabulary.name.to_string(),
                },
                FieldKind::Ref(to) => FieldShape::Ref { to: to.to_string() },
                FieldKind::Links(to) => FieldShape::Links { to: to.to_string() },
                FieldKind::Tags => FieldShape::Tags,
                FieldKind::Ratings => FieldShape::Ratings,
                FieldKind::Items(sub) => FieldShape::Items {
                    noun: sub.noun.to_string(),
                    title_field: sub.title.map(str::to_string),
                    fields: fields(sub),
                },
                FieldKind::Json => FieldShape::Json,
            },
        })
        .collect()
}

/// The plan's shape, for the UI.
pub fn plan_schema() -> PlanSchema {
    PlanSchema {
        parts: ROOTS
            .iter()
            .map(|root| PartSchema {
                name: root.name.to_string(),
                noun: root.schema.noun.to_string(),
                section: root.section.map(Section::from),
                collection: root.collection,
                title_field: root.schema.title.map(str::to_string),
                fields: fields(root.schema),
            })
            .collect(),
        vocabularies: vocab::VOCABULARIES
            .iter()
            .map(|v| Vocabulary {
                name: v.name.to_string(),
                options: v
                    .keys
                    .iter()
                    .zip(v.labels)
                    .map(|(key, label)| VocabularyOption {
                        key: key.to_string(),
                        label: label.to_string(),
                    })
                    .collect(),
            })
            .collect(),
        units: Unit::ALL
            .iter()
            .map(|u| {
                let style = u.style();
                UnitSchema {
                    key: u.key().to_string(),
                    decimals: style.decimals,
                    prefix: style.prefix.to_string(),
                    suffix: style.suffix.to_string(),
                }
            })
            .collect(),
        short_title_chars: u32::try_from(SHORT_TITLE_CHARS).unwrap_or(u32::MAX),
    }
}
