//! The plan's shape as data for the UI: every part, its fields and how each is held in the
//! Yjs document, and every closed vocabulary with the words people read. The UI is a Yjs peer
//! of the plan document and reads it through this description, so that the plan crate's one
//! declaration of each part stays the only one.

use serde::{Deserialize, Serialize};
use throughline_plan::parts::ROOTS;
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::vocab;

use super::types::Section;

/// Every part of a plan and every vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PlanSchema {
    /// The top-level parts, in document order.
    pub parts: Vec<PartSchema>,
    pub vocabularies: Vec<Vocabulary>,
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
    pub fields: Vec<FieldSchema>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FieldSchema {
    pub name: String,
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

macro_rules! vocabularies {
    ($($name:literal => $ty:ident),* $(,)?) => {
        fn all_vocabularies() -> Vec<(Vocabulary, &'static [&'static str])> {
            vec![$((
                Vocabulary {
                    name: $name.to_string(),
                    options: vocab::$ty::ALL
                        .iter()
                        .map(|v| VocabularyOption { key: v.key().to_string(), label: v.label().to_string() })
                        .collect(),
                },
                vocab::$ty::KEYS,
            )),*]
        }
    };
}

vocabularies! {
    "review_status" => ReviewStatus,
    "team_role" => TeamRole,
    "role_team" => RoleTeam,
    "decision_rule" => DecisionRule,
    "catalyst_kind" => CatalystKind,
    "trend" => Trend,
    "evidence_domain" => EvidenceDomain,
    "confidence" => Confidence,
    "instrument" => Instrument,
    "iceberg_level" => IcebergLevel,
    "disposition" => Disposition,
    "cause_category" => CauseCategory,
    "cause_level" => CauseLevel,
    "cause_method" => CauseMethod,
    "goal_state" => GoalState,
    "tactic_status" => TacticStatus,
    "line_kind" => LineKind,
    "source_kind" => SourceKind,
    "unit" => Unit,
    "fund_source" => FundSource,
    "resource_category" => ResourceCategory,
    "line_status" => LineStatus,
    "district_process" => DistrictProcess,
    "shift_type" => ShiftType,
    "measure_kind" => MeasureKind,
    "rba_tag" => RbaTag,
    "direction" => Direction,
    "probe_decision" => ProbeDecision,
    "pdsa_decision" => PdsaDecision,
    "stage" => Stage,
    "reflection_kind" => ReflectionKind,
}

/// An `Enum` field whose keys match no vocabulary above: the plan gained a vocabulary this
/// list does not know yet (a test keeps the list complete).
pub const UNKNOWN_VOCABULARY: &str = "unknown";

fn fields(
    schema: &ItemSchema,
    vocabs: &[(Vocabulary, &'static [&'static str])],
) -> Vec<FieldSchema> {
    schema
        .fields
        .iter()
        .map(|f| FieldSchema {
            name: f.name.to_string(),
            shape: match f.kind {
                FieldKind::Text => FieldShape::Text,
                FieldKind::Str => FieldShape::Str,
                FieldKind::Int => FieldShape::Int,
                FieldKind::Num => FieldShape::Num,
                FieldKind::Bool => FieldShape::Bool,
                FieldKind::Date => FieldShape::Date,
                FieldKind::FiscalYear => FieldShape::FiscalYear,
                FieldKind::Enum(keys) => FieldShape::Enum {
                    vocabulary: vocabs
                        .iter()
                        .find(|(_, k)| *k == keys)
                        .map_or(UNKNOWN_VOCABULARY.to_string(), |(v, _)| v.name.clone()),
                },
                FieldKind::Ref(to) => FieldShape::Ref { to: to.to_string() },
                FieldKind::Links(to) => FieldShape::Links { to: to.to_string() },
                FieldKind::Tags => FieldShape::Tags,
                FieldKind::Ratings => FieldShape::Ratings,
                FieldKind::Items(sub) => FieldShape::Items {
                    noun: sub.noun.to_string(),
                    fields: fields(sub, vocabs),
                },
                FieldKind::Json => FieldShape::Json,
            },
        })
        .collect()
}

/// The plan's shape, for the UI.
pub fn plan_schema() -> PlanSchema {
    let vocabs = all_vocabularies();
    PlanSchema {
        parts: ROOTS
            .iter()
            .map(|root| PartSchema {
                name: root.name.to_string(),
                noun: root.schema.noun.to_string(),
                section: root.section.map(Section::from),
                collection: root.collection,
                fields: fields(root.schema, &vocabs),
            })
            .collect(),
        vocabularies: vocabs.into_iter().map(|(v, _)| v).collect(),
    }
}
