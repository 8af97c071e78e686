//! The JSON shapes the desktop UI sends and receives. Only this module and the shell know them
//! (the plan's own types stay free of UI concerns); each converts from the plan's types by an
//! exhaustive match or field by field, so a change there fails to compile here instead of
//! drifting silently.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use throughline_plan::template::{ObjectKind, Template};
use throughline_plan::vocab::Unit;
use throughline_plan::{BalanceRow, Finding, PlanContent, SectionId};

use crate::error::AppError;
use crate::VersionSummary;

/// Why a request from the UI failed: a kind the UI branches on and a sentence it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[error("{message}")]
pub struct UiError {
    pub kind: UiErrorKind,
    /// One line for a person.
    pub message: String,
}

/// The few kinds of failure the UI treats differently. Add one only when the UI branches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub enum UiErrorKind {
    /// The thing asked for does not exist (a file, an item, a version).
    NotFound,
    /// The request was refused as it stands (a bad value, an empty label); nothing changed.
    Invalid,
    /// A plan file could not be read or written.
    FileProblem,
    /// The request needs an open plan and none is open.
    NoPlanOpen,
    /// The plan file is damaged; repairing it into a new file keeps what can still be read.
    Damaged,
    /// A file is already where the request would write one; asked again with `replace`, it is
    /// written over (the export dialog asks the person first, as the CLI wants `--force`).
    Exists,
}

impl UiError {
    pub fn new(kind: UiErrorKind, message: impl Into<String>) -> UiError {
        UiError {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn no_plan() -> UiError {
        UiError::new(UiErrorKind::NoPlanOpen, "no plan is open")
    }
}

impl From<AppError> for UiError {
    fn from(e: AppError) -> UiError {
        use throughline_plan::PlanError;
        use throughline_store::StoreError;
        let kind = match &e {
            AppError::Plan(PlanError::NoSuchItem { .. })
            | AppError::NoSuchVersion(_)
            | AppError::Store(StoreError::NotFound { .. })
            | AppError::NoSuchFolder(_) => UiErrorKind::NotFound,
            // The bytes were refused (and kept in quarantine); the file itself is fine.
            AppError::Store(StoreError::UndecodableUpdate { .. }) => UiErrorKind::Invalid,
            AppError::Store(
                StoreError::Damaged { .. }
                | StoreError::Corrupt { .. }
                | StoreError::Truncated { .. },
            ) => UiErrorKind::Damaged,
            AppError::Store(_)
            | AppError::Read { .. }
            | AppError::NotSaved(_)
            | AppError::CannotSave { .. } => UiErrorKind::FileProblem,
            // Everything else is a request refused as it stands, with nothing changed.
            _ => UiErrorKind::Invalid,
        };
        UiError::new(kind, e.to_string())
    }
}

/// A section of the guided flow (the plan's `SectionId`, as the UI names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Team,
    Catalysts,
    Evidence,
    StudentExperience,
    EquityLandscape,
    Capacity,
    Problems,
    RootCauses,
    Focus,
    Vision,
    TheoryOfAction,
    Strategies,
    Tactics,
    Ledger,
    ProcessShifts,
    Measures,
    LearningCycles,
    Implementation,
}

impl From<SectionId> for Section {
    fn from(id: SectionId) -> Section {
        match id {
            SectionId::Team => Section::Team,
            SectionId::Catalysts => Section::Catalysts,
            SectionId::Evidence => Section::Evidence,
            SectionId::StudentExperience => Section::StudentExperience,
            SectionId::EquityLandscape => Section::EquityLandscape,
            SectionId::Capacity => Section::Capacity,
            SectionId::Problems => Section::Problems,
            SectionId::RootCauses => Section::RootCauses,
            SectionId::Focus => Section::Focus,
            SectionId::Vision => Section::Vision,
            SectionId::TheoryOfAction => Section::TheoryOfAction,
            SectionId::Strategies => Section::Strategies,
            SectionId::Tactics => Section::Tactics,
            SectionId::Ledger => Section::Ledger,
            SectionId::ProcessShifts => Section::ProcessShifts,
            SectionId::Measures => Section::Measures,
            SectionId::LearningCycles => Section::LearningCycles,
            SectionId::Implementation => Section::Implementation,
        }
    }
}

/// A value for one field of a part. Numbers arrive from JavaScript as doubles; whole numbers
/// are passed on as integers, which is what integer fields (amounts in cents, ranks) require.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(untagged)]
pub enum FieldValue {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    fn into_json(self) -> Value {
        match self {
            FieldValue::Bool(b) => Value::Bool(b),
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                // Exact: whole and within the doubles' integer range.
                #[allow(clippy::cast_possible_truncation)]
                Value::from(n as i64)
            }
            FieldValue::Number(n) => {
                serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
            FieldValue::Text(s) => Value::String(s),
            FieldValue::List(items) => Value::Array(items.into_iter().map(Value::String).collect()),
        }
    }
}

/// One typed change to the plan, as the UI sends it (see the plan's `PlanCommand`, which this
/// becomes). Prose is not changed this way but through the Yjs document (`receive_update`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PlanCommand {
    /// Add an item to a collection (`strategies`) or a nested list
    /// (`statements/ID/school_changes`), after a sibling or last.
    Add {
        to: String,
        fields: BTreeMap<String, FieldValue>,
        after: Option<String>,
    },
    /// Set one field of a part (`tactics/ID`, `owner`); `null` clears it.
    Set {
        at: String,
        field: String,
        value: Option<FieldValue>,
    },
    /// Add an id to a link field or a label to a tag field.
    Link {
        at: String,
        field: String,
        target: String,
    },
    /// Remove an id from a link field or a label from a tag field.
    Unlink {
        at: String,
        field: String,
        target: String,
    },
    /// Move an item after a sibling (`null`: to the front).
    Move { at: String, after: Option<String> },
    /// Remove an item and every link to it.
    Remove { at: String },
}

impl From<PlanCommand> for throughline_plan::PlanCommand {
    fn from(c: PlanCommand) -> throughline_plan::PlanCommand {
        use throughline_plan::PlanCommand as P;
        match c {
            PlanCommand::Add { to, fields, after } => P::Add {
                to,
                fields: fields
                    .into_iter()
                    .map(|(k, v)| (k, v.into_json()))
                    .collect(),
                after,
            },
            PlanCommand::Set { at, field, value } => P::Set {
                at,
                field,
                value: value.map_or(Value::Null, FieldValue::into_json),
            },
            PlanCommand::Link { at, field, target } => P::Link { at, field, target },
            PlanCommand::Unlink { at, field, target } => P::Unlink { at, field, target },
            PlanCommand::Move { at, after } => P::Move { at, after },
            PlanCommand::Remove { at } => P::Remove { at },
        }
    }
}

/// What a change produced: the new item's id, and the change as a Yjs v1 update for the UI's
/// own copy of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct Applied {
    pub id: Option<String>,
    pub update: Vec<u8>,
}

impl From<throughline_plan::Applied> for Applied {
    fn from(a: throughline_plan::Applied) -> Applied {
        Applied {
            id: a.id,
            update: a.update,
        }
    }
}

/// Who this person is to the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DisplayNameView {
    /// The name changes are saved under now: the one chosen, else the login name offered.
    pub name: String,
    /// Whether the person has said who they are (else the UI asks, offering `offered`).
    pub chosen: bool,
    /// What the question starts from: the name chosen, else the login name, else nothing (never
    /// the placeholder a change is saved under when nobody has said who they are).
    pub offered: String,
}

/// A plan just opened: everything the workspace needs before its first paint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct OpenedPlan {
    pub path: String,
    pub plan_id: String,
    pub title: String,
    pub district: String,
    /// The template the plan was started from (its copy inside the plan).
    pub template: TemplateView,
    /// The whole plan as one Yjs v1 update, for the UI's own copy of the document.
    pub state: Vec<u8>,
    /// The team member this person said they are on this laptop (for their own ratings).
    pub me: Option<String>,
    /// The name this person's changes are saved under.
    pub author: String,
}

/// A template as people choose it and as the workspace follows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct TemplateView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub program: String,
    pub add_on: bool,
    pub sections: Vec<SectionView>,
    pub capacity_scale: Option<RatingScaleView>,
    /// The template's word for every kind of object (neutral words where it sets none).
    pub terms: Vec<TermView>,
    /// A fictional district's plan in this program can be opened (`throughline new --demo ID`).
    pub has_demo: bool,
    /// The program organizes its people in role teams (`Template::uses_role_teams`), so the
    /// team section shows each role team's members and sessions.
    pub role_teams: bool,
}

impl From<&Template> for TemplateView {
    fn from(t: &Template) -> TemplateView {
        TemplateView {
            id: t.id.clone(),
            has_demo: crate::DEMO_PROGRAMS.contains(&t.id.as_str()),
            role_teams: t.uses_role_teams(),
            name: t.name.clone(),
            description: t.description.clone(),
            program: t.program.clone(),
            add_on: t.add_on,
            sections: t
                .sections
                .iter()
                .map(|s| SectionView {
                    id: s.id.into(),
                    label: t.label(s.id).to_string(),
                    prompts: s.prompts.clone(),
                    reflection_prompts: s.reflection_prompts.clone(),
                    phase: s.phase.clone(),
                })
                .collect(),
            capacity_scale: t.capacity_scale.as_ref().map(|s| RatingScaleView {
                id: s.id.clone(),
                name: s.name.clone(),
                levels: s
                    .levels
                    .iter()
                    .map(|l| RatingLevelView {
                        value: l.value.clone(),
                        label: l.label.clone(),
                        meaning: l.meaning.clone(),
                    })
                    .collect(),
                allows_dont_know: s.allows_dont_know,
            }),
            terms: ObjectKind::ALL
                .iter()
                .map(|k| {
                    let term = t.term(*k);
                    TermView {
                        kind: k.as_str().to_string(),
                        singular: term.singular,
                        plural: term.plural,
                    }
                })
                .collect(),
        }
    }
}

/// One section as the template presents it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SectionView {
    pub id: Section,
    pub label: String,
    pub prompts: Vec<String>,
    pub reflection_prompts: Vec<String>,
    /// The program's phase it belongs to; none when the template has no phases.
    pub phase: Option<String>,
}

/// The capacity rating scale, lowest level first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RatingScaleView {
    pub id: String,
    pub name: String,
    pub levels: Vec<RatingLevelView>,
    pub allows_dont_know: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RatingLevelView {
    pub value: String,
    pub label: String,
    pub meaning: String,
}

/// A template's word for one kind of object (`kind` as in template files: `strategy`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct TermView {
    pub kind: String,
    pub singular: String,
    pub plural: String,
}

/// The templates a new plan can start from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct TemplateChoices {
    /// Templates a plan can start from, built-ins first.
    pub templates: Vec<TemplateView>,
    /// Add-ons that can be mixed into any template.
    pub add_ons: Vec<TemplateView>,
    /// The facilitator's template files that could not be read, each naming file, line, field.
    pub problems: Vec<String>,
    /// Where the facilitator's own templates are read from.
    pub folder: Option<String>,
}

/// What the UI sends to start a new plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct NewPlanRequest {
    /// The folder to put the plan file in.
    pub folder: String,
    /// The file's name; `.throughline` is added when missing.
    pub file_name: String,
    /// A template id, with add-ons joined by `+` (`dsdp+improvement-science`).
    pub template: String,
    pub title: String,
    pub district: String,
}

/// One thing that keeps the plan from hanging together, and where to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FindingView {
    pub code: String,
    pub message: String,
    pub section: Section,
    /// The part to go to: `strategies/ID`, or a section-wide place such as `ledger`.
    pub path: String,
    /// The field to fill in, when there is one.
    pub field: Option<String>,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> FindingView {
        FindingView {
            code: f.code.to_string(),
            message: f.message.clone(),
            section: f.location.section.into(),
            path: f.location.path.clone(),
            field: f.location.field.map(str::to_string),
        }
    }
}

/// Investments against sources for one fiscal year and unit. Amounts are in the unit's
/// smallest step (cents, hundredths of an FTE); `scale` steps make one unit. They are typed as
/// plain numbers for the UI (`i32` below is only the TypeScript type): the plan keeps every
/// amount within a double's exact integer range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct BalanceRowView {
    pub fiscal_year: String,
    /// The unit's key (`usd`).
    pub unit: String,
    pub unit_label: String,
    pub scale: u32,
    #[cfg_attr(feature = "bindings", specta(type = i32))]
    pub investments: i64,
    #[cfg_attr(feature = "bindings", specta(type = i32))]
    pub sources: i64,
    /// Investments not covered by sources (negative: sources left over).
    #[cfg_attr(feature = "bindings", specta(type = i32))]
    pub gap: i64,
    pub investments_text: String,
    pub sources_text: String,
    pub gap_text: String,
    pub balanced: bool,
}

impl From<&BalanceRow> for BalanceRowView {
    fn from(r: &BalanceRow) -> BalanceRowView {
        let unit: Unit = r.unit;
        BalanceRowView {
            fiscal_year: r.fiscal_year.clone(),
            unit: unit.key().to_string(),
            unit_label: unit.label().to_string(),
            scale: u32::try_from(unit.scale()).unwrap_or(1),
            investments: r.investments,
            sources: r.sources,
            gap: r.gap,
            investments_text: unit.format(r.investments),
            sources_text: unit.format(r.sources),
            gap_text: unit.format(r.gap.abs()),
            balanced: r.balanced(),
        }
    }
}

/// The coherence findings, the ledger's balance and the plan's fitness, computed afresh from
/// the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct Review {
    pub findings: Vec<FindingView>,
    pub balance: Vec<BalanceRowView>,
    pub balanced: bool,
    pub fitness: FitnessView,
    /// Where the team stands in each of the program's phases; empty when it has none.
    pub phases: Vec<PhaseProgressView>,
}

/// One phase of the program and where the team stands in it, by `throughline_plan::progress`'s
/// one rule for a begun section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PhaseProgressView {
    pub name: String,
    pub sections: Vec<Section>,
    /// The sections begun, in the phase's order.
    pub begun: Vec<Section>,
    /// "3 of 5 sections begun".
    pub text: String,
}

impl From<&throughline_plan::progress::PhaseProgress> for PhaseProgressView {
    fn from(p: &throughline_plan::progress::PhaseProgress) -> PhaseProgressView {
        PhaseProgressView {
            name: p.name.clone(),
            sections: p.sections.iter().map(|s| (*s).into()).collect(),
            begun: p.begun.iter().map(|s| (*s).into()).collect(),
            text: p.text(),
        }
    }
}

impl Review {
    /// Everything the workspace shows beside the plan, from one reading of it.
    pub fn of(content: &PlanContent) -> Review {
        Review::shown_with(content, None)
    }

    /// The review as the workspace shows the plan: the phases of `shown` (the plan seen through
    /// a lens) when given, else of the plan's own template.
    pub fn shown_with(content: &PlanContent, shown: Option<&Template>) -> Review {
        let balance = throughline_plan::balance(content);
        Review {
            findings: throughline_plan::coherence(content)
                .iter()
                .map(FindingView::from)
                .collect(),
            balanced: balance.balanced(),
            balance: balance.rows.iter().map(BalanceRowView::from).collect(),
            fitness: FitnessView::from(&throughline_plan::fitness::fitness(content)),
            phases: shown
                .map_or_else(
                    || throughline_plan::progress::phase_progress(content),
                    |t| throughline_plan::progress::phase_progress_in(content, t),
                )
                .iter()
                .map(PhaseProgressView::from)
                .collect(),
        }
    }
}

/// One figure of the plan's fitness, in the words Rust gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FitnessFigureView {
    pub key: String,
    pub label: String,
    pub text: String,
}

/// A piece of fitness guidance: worded as guidance, never a rule or a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FitnessGuidanceView {
    pub key: String,
    pub text: String,
}

/// The plan's fitness as the panel shows it: its figures and any guidance they suggest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FitnessView {
    pub figures: Vec<FitnessFigureView>,
    /// Empty when the plan gives nothing to suggest.
    pub guidance: Vec<FitnessGuidanceView>,
}

impl From<&throughline_plan::fitness::Fitness> for FitnessView {
    fn from(f: &throughline_plan::fitness::Fitness) -> FitnessView {
        FitnessView {
            figures: f
                .figures
                .iter()
                .map(|x| FitnessFigureView {
                    key: x.key.to_string(),
                    label: x.label.to_string(),
                    text: x.text.clone(),
                })
                .collect(),
            guidance: f
                .guidance
                .iter()
                .map(|g| FitnessGuidanceView {
                    key: g.key.to_string(),
                    text: g.text.clone(),
                })
                .collect(),
        }
    }
}

/// A named version of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct VersionView {
    pub label: String,
    pub author: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub content_hash: String,
}

impl From<VersionSummary> for VersionView {
    fn from(v: VersionSummary) -> VersionView {
        VersionView {
            label: v.label,
            author: v.author,
            at: v.at,
            content_hash: v.content_hash,
        }
    }
}

/// A plan opened on this laptop before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RecentPlan {
    pub path: String,
    pub title: String,
    pub district: String,
    /// When it was last opened here, RFC 3339.
    pub opened_at: String,
}

/// A folder's sub-folders and plan files, for choosing a plan to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FolderListing {
    pub folder: String,
    pub parent: Option<String>,
    pub entries: Vec<FolderEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FolderEntry {
    pub name: String,
    pub path: String,
    pub is_plan: bool,
}
