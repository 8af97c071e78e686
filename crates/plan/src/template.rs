//! Plan templates: which sections a plan shows, in which order, in whose words.
//!
//! A template is a TOML data file (the built-in ones live in `assets/templates/`); a facilitator
//! may add their own files to a folder, which the app reads and hands in as text (this crate
//! reads no files). [`Template::from_toml`] parses and validates one file and reports a mistake
//! as a one-line [`TemplateError`] naming the file, the line and the field. [`TemplateLibrary`]
//! holds the built-in templates plus a facilitator's own, and resolves a spec such as
//! `dsdp+improvement-science` (a template combined with an add-on).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::section::SectionId;

/// The rating key reserved for "don't know" (offered when [`RatingScale::allows_dont_know`]).
pub const DONT_KNOW: &str = "dont_know";

/// The ids of the built-in templates, in the order [`TemplateLibrary::list`] offers them.
pub const BUILTIN_IDS: [&str; 6] = [
    "dsdp",
    "nep",
    "ers",
    "rounds",
    "instll",
    "improvement-science",
];

/// The built-in template files: (origin shown in errors, text).
const BUILTIN_SOURCES: [(&str, &str); 6] = [
    (
        "assets/templates/dsdp.toml",
        include_str!("../../../assets/templates/dsdp.toml"),
    ),
    (
        "assets/templates/nep.toml",
        include_str!("../../../assets/templates/nep.toml"),
    ),
    (
        "assets/templates/ers.toml",
        include_str!("../../../assets/templates/ers.toml"),
    ),
    (
        "assets/templates/rounds.toml",
        include_str!("../../../assets/templates/rounds.toml"),
    ),
    (
        "assets/templates/instll.toml",
        include_str!("../../../assets/templates/instll.toml"),
    ),
    (
        "assets/templates/improvement-science.toml",
        include_str!("../../../assets/templates/improvement-science.toml"),
    ),
];

/// Longest excerpt of a user-supplied value or parser message quoted in an error.
const MAX_QUOTE_CHARS: usize = 80;
const MAX_MESSAGE_CHARS: usize = 400;
/// Longest phase name: it is a heading in a navigation column about 15 rem wide.
const MAX_PHASE_CHARS: usize = 60;

// ---------------------------------------------------------------------------------------------
// The data model
// ---------------------------------------------------------------------------------------------

/// One template: a program's sections, labels, prompts, rating scale and vocabulary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable id, `[a-z0-9-]+` (`dsdp`); a combined template has `base+add-on`.
    pub id: String,
    /// The name shown when choosing a template.
    pub name: String,
    /// Two or three sentences a facilitator reads when choosing.
    pub description: String,
    /// A short "based on …" note naming the program whose shape this follows.
    pub program: String,
    /// An add-on is mixed into another template (see [`Template::with_add_on`]); it is never a
    /// plan's template on its own.
    #[serde(default, skip_serializing_if = "is_false")]
    pub add_on: bool,
    /// The scale the capacity self-assessment uses. Required unless `add_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_scale: Option<RatingScale>,
    /// What the program calls each kind of object; gaps fall back to neutral words.
    #[serde(default, skip_serializing_if = "Vocabulary::is_empty")]
    pub vocabulary: Vocabulary,
    /// The sections the plan shows, in this order.
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    /// Seed indicators for the capacity self-assessment, grouped by core function.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_indicators: Vec<IndicatorSeed>,
}

/// One section as a template presents it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Which canonical section this is.
    pub id: SectionId,
    /// The section's name in the program's words.
    pub label: String,
    /// Questions the team answers in this section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompts: Vec<String>,
    /// Questions for a pause to reflect before the section is marked ready (e.g. Notice/Reflect).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflection_prompts: Vec<String>,
    /// The program's phase this section belongs to ("Phase 1: Study the system"), for programs
    /// that work in phases. Either every section names one or none does, and a phase's sections
    /// stand together, so the navigation can show each phase as one run of steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

/// One phase of a program: its name and its sections, in the template's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseSpec {
    /// The phase's name as the template writes it.
    pub name: String,
    /// Its sections, in order.
    pub sections: Vec<SectionId>,
}

/// A capacity rating scale. Levels run from least to most developed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    /// Stable id of the scale (`four-level`).
    pub id: String,
    /// Name shown to raters.
    pub name: String,
    /// The levels, lowest first.
    pub levels: Vec<RatingLevel>,
    /// Whether raters may answer "don't know" (stored as [`DONT_KNOW`], counted apart).
    #[serde(default, skip_serializing_if = "is_false")]
    pub allows_dont_know: bool,
}

/// One level of a rating scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingLevel {
    /// The stable key stored in ratings (`"1"`, `"limited"`); `[a-z0-9_-]+`.
    pub value: String,
    /// The words raters see.
    pub label: String,
    /// What the level means, in a sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
}

/// A seed capacity indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSeed {
    /// The core function (building block, area) the indicator belongs to.
    pub function: String,
    /// The indicator statement the team rates.
    pub indicator: String,
}

/// The kinds of plan object a template may name in its own words. Closed: an unknown key in a
/// template's `[vocabulary]` is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// The planning team itself.
    Team,
    /// A catalyst or public commitment that makes change possible now.
    Catalyst,
    /// An evidence finding.
    Evidence,
    /// A group of capacity indicators (core function, building block, area).
    CoreFunction,
    /// A capacity indicator the team rates.
    CapacityIndicator,
    /// A priority problem (problem of practice, equity challenge…).
    PriorityProblem,
    /// A root cause.
    RootCause,
    /// A guiding focus or aim.
    Focus,
    /// A theory-of-action statement.
    TheoryOfAction,
    /// A strategy.
    Strategy,
    /// A tactic under a strategy.
    Tactic,
    /// A line of the resource ledger.
    ResourceLine,
    /// A district process shift.
    ProcessShift,
    /// An outcome or interim measure.
    Measure,
    /// An implementation benchmark (process measure).
    ImplementationBenchmark,
    /// A learning cycle (probe, PDSA cycle, rounds cycle).
    LearningCycle,
}

impl ObjectKind {
    /// Every kind, in a stable order.
    pub const ALL: [ObjectKind; 16] = [
        ObjectKind::Team,
        ObjectKind::Catalyst,
        ObjectKind::Evidence,
        ObjectKind::CoreFunction,
        ObjectKind::CapacityIndicator,
        ObjectKind::PriorityProblem,
        ObjectKind::RootCause,
        ObjectKind::Focus,
        ObjectKind::TheoryOfAction,
        ObjectKind::Strategy,
        ObjectKind::Tactic,
        ObjectKind::ResourceLine,
        ObjectKind::ProcessShift,
        ObjectKind::Measure,
        ObjectKind::ImplementationBenchmark,
        ObjectKind::LearningCycle,
    ];

    /// The key as written in template files (`priority_problem`).
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Team => "team",
            ObjectKind::Catalyst => "catalyst",
            ObjectKind::Evidence => "evidence",
            ObjectKind::CoreFunction => "core_function",
            ObjectKind::CapacityIndicator => "capacity_indicator",
            ObjectKind::PriorityProblem => "priority_problem",
            ObjectKind::RootCause => "root_cause",
            ObjectKind::Focus => "focus",
            ObjectKind::TheoryOfAction => "theory_of_action",
            ObjectKind::Strategy => "strategy",
            ObjectKind::Tactic => "tactic",
            ObjectKind::ResourceLine => "resource_line",
            ObjectKind::ProcessShift => "process_shift",
            ObjectKind::Measure => "measure",
            ObjectKind::ImplementationBenchmark => "implementation_benchmark",
            ObjectKind::LearningCycle => "learning_cycle",
        }
    }

    /// The neutral (singular, plural) words used when a template names none.
    pub fn neutral(self) -> (&'static str, &'static str) {
        match self {
            ObjectKind::Team => ("Redesign team", "Redesign teams"),
            ObjectKind::Catalyst => ("Catalyst", "Catalysts"),
            ObjectKind::Evidence => ("Evidence finding", "Evidence findings"),
            ObjectKind::CoreFunction => ("Core function", "Core functions"),
            ObjectKind::CapacityIndicator => ("Capacity indicator", "Capacity indicators"),
            ObjectKind::PriorityProblem => ("Priority problem", "Priority problems"),
            ObjectKind::RootCause => ("Root cause", "Root causes"),
            ObjectKind::Focus => ("Guiding focus", "Guiding focus areas"),
            ObjectKind::TheoryOfAction => {
                ("Theory-of-action statement", "Theory-of-action statements")
            }
            ObjectKind::Strategy => ("Strategy", "Strategies"),
            ObjectKind::Tactic => ("Tactic", "Tactics"),
            ObjectKind::ResourceLine => ("Resource line", "Resource lines"),
            ObjectKind::ProcessShift => ("Process shift", "Process shifts"),
            ObjectKind::Measure => ("Measure", "Measures"),
            ObjectKind::ImplementationBenchmark => {
                ("Implementation benchmark", "Implementation benchmarks")
            }
            ObjectKind::LearningCycle => ("Learning cycle", "Learning cycles"),
        }
    }
}

/// A word in singular and plural.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// "Strategic priority".
    pub singular: String,
    /// "Strategic priorities".
    pub plural: String,
}

impl Term {
    /// A term from its two forms.
    pub fn new(singular: impl Into<String>, plural: impl Into<String>) -> Term {
        Term {
            singular: singular.into(),
            plural: plural.into(),
        }
    }
}

/// What a template calls each kind of object. Written in TOML as
/// `[vocabulary] strategy = { singular = "…", plural = "…" }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Vocabulary {
    /// The terms the template sets; kinds it leaves out use neutral words.
    pub terms: BTreeMap<ObjectKind, Term>,
}

impl Vocabulary {
    /// The template's word for `kind`, or the neutral word.
    pub fn term(&self, kind: ObjectKind) -> Term {
        match self.terms.get(&kind) {
            Some(term) => term.clone(),
            None => {
                let (singular, plural) = kind.neutral();
                Term::new(singular, plural)
            }
        }
    }

    /// The template's own word for `kind`, if it sets one.
    pub fn get(&self, kind: ObjectKind) -> Option<&Term> {
        self.terms.get(&kind)
    }

    /// Whether the template sets no words at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl RatingScale {
    /// The default scale: 1 not in place, 2 emerging, 3 developing, 4 established.
    pub fn four_level() -> RatingScale {
        let level = |value: &str, label: &str| RatingLevel {
            value: value.to_owned(),
            label: label.to_owned(),
            meaning: String::new(),
        };
        RatingScale {
            id: "four-level".to_owned(),
            name: "Four-level capacity scale".to_owned(),
            levels: vec![
                level("1", "Not in place"),
                level("2", "Emerging"),
                level("3", "Developing"),
                level("4", "Established"),
            ],
            allows_dont_know: false,
        }
    }

    /// The level stored under `value`, if any.
    pub fn level(&self, value: &str) -> Option<&RatingLevel> {
        self.levels.iter().find(|level| level.value == value)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a template could not be loaded, combined or found. `Display` is one line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The file is not valid TOML, or a field has the wrong name, type or value.
    #[error("{}", located(origin, *line, field.as_deref(), message))]
    Parse {
        /// The file (or other origin) the text came from.
        origin: String,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// The field, e.g. `sections[2].id`, when known.
        field: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The file parsed but breaks a rule (empty id, duplicate section, too few levels…).
    #[error("{}", located(origin, *line, Some(field.as_str()), message))]
    Invalid {
        /// The file (or other origin) the template came from.
        origin: String,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// The field, e.g. `capacity_scale.levels`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A user template reuses the id of a built-in or an earlier template.
    #[error("{origin}: id: `{id}` is already used by {existing}; choose another id")]
    DuplicateId {
        /// The file whose template was refused.
        origin: String,
        /// The id in question.
        id: String,
        /// Where the id is already used.
        existing: String,
    },
    /// No template has this id.
    #[error("no template with id `{id}` (available: {available})")]
    UnknownTemplate {
        /// The id asked for.
        id: String,
        /// The ids on offer, comma-separated.
        available: String,
    },
    /// A template and an add-on cannot be combined.
    #[error("cannot combine `{base}` with `{add_on}`: {reason}")]
    Combine {
        /// The base template's id.
        base: String,
        /// The add-on's id.
        add_on: String,
        /// Why not.
        reason: String,
    },
    /// A template spec such as `dsdp+improvement-science` is malformed.
    #[error("bad template choice `{spec}`: {reason}")]
    BadSpec {
        /// The spec as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl TemplateError {
    /// The field the error concerns, when it concerns one.
    pub fn field(&self) -> Option<&str> {
        match self {
            TemplateError::Parse { field, .. } => field.as_deref(),
            TemplateError::Invalid { field, .. } => Some(field),
            TemplateError::DuplicateId { .. } => Some("id"),
            _ => None,
        }
    }
}

fn located(origin: &str, line: Option<usize>, field: Option<&str>, message: &str) -> String {
    let mut out = String::from(origin);
    if let Some(line) = line {
        let _ = write!(out, ", line {line}");
    }
    out.push_str(": ");
    if let Some(field) = field.filter(|f| !f.is_empty()) {
        out.push_str(field);
        out.push_str(": ");
    }
    out.push_str(message);
    out
}

/// A value quoted in an error message: escaped onto one line and shortened.
fn quote(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == MAX_QUOTE_CHARS {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    format!("`{out}`")
}

/// A parser message folded onto one line and shortened.
fn one_line(message: &str) -> String {
    let folded = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let folded: String = folded.chars().filter(|c| !c.is_control()).collect();
    if folded.chars().count() > MAX_MESSAGE_CHARS {
        let mut short: String = folded.chars().take(MAX_MESSAGE_CHARS).collect();
        short.push('…');
        short
    } else {
        folded
    }
}

// ---------------------------------------------------------------------------------------------
// Field paths and their place in the file
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

pub(crate) fn key(name: &str) -> Seg {
    Seg::Key(name.to_owned())
}

fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                let plain = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if plain {
                    out.push_str(k);
                } else {
                    out.push_str(&quote(k).replace('`', "\""));
                }
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// A key, value or array item of the parsed document and the bytes it spans.
struct Anchor {
    path: Vec<Seg>,
    span: Range<usize>,
    is_key: bool,
}

/// Every key, value and array item in `text`, with its path; empty if the text does not parse.
fn anchors(text: &str) -> Vec<Anchor> {
    let mut out = Vec::new();
    if let Ok(doc) = toml::de::DeTable::parse(text) {
        collect_table(doc.get_ref(), &mut Vec::new(), &mut out);
    }
    out
}

fn collect_table(table: &toml::de::DeTable<'_>, prefix: &mut Vec<Seg>, out: &mut Vec<Anchor>) {
    for (k, v) in table.iter() {
        prefix.push(Seg::Key(k.get_ref().to_string()));
        out.push(Anchor {
            path: prefix.clone(),
            span: k.span(),
            is_key: true,
        });
        out.push(Anchor {
            path: prefix.clone(),
            span: v.span(),
            is_key: false,
        });
        collect_value(v.get_ref(), prefix, out);
        prefix.pop();
    }
}

fn collect_value(value: &toml::de::DeValue<'_>, prefix: &mut Vec<Seg>, out: &mut Vec<Anchor>) {
    match value {
        toml::de::DeValue::Table(table) => collect_table(table, prefix, out),
        toml::de::DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push(Seg::Index(i));
                out.push(Anchor {
                    path: prefix.clone(),
                    span: item.span(),
                    is_key: false,
                });
                collect_value(item.get_ref(), prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The deepest field whose key, value or item covers `span`.
fn field_at(anchors: &[Anchor], span: &Range<usize>) -> Option<String> {
    if span.is_empty() {
        return None;
    }
    anchors
        .iter()
        .filter(|a| a.span.start <= span.start && span.end <= a.span.end)
        .max_by_key(|a| a.path.len())
        .map(|a| path_string(&a.path))
}

/// Where `path` (or its nearest existing parent) starts in the file: the key if it has one,
/// else the value or array item (for `[[sections]]` that is the header).
fn offset_of(anchors: &[Anchor], path: &[Seg]) -> Option<usize> {
    (1..=path.len()).rev().find_map(|len| {
        let prefix = &path[..len];
        let mut found = anchors.iter().filter(|a| a.path == prefix);
        let first = found.next()?;
        let best = std::iter::once(first)
            .chain(found)
            .find(|a| a.is_key)
            .unwrap_or(first);
        Some(best.span.start)
    })
}

fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

// ---------------------------------------------------------------------------------------------
// Parsing and validation
// ---------------------------------------------------------------------------------------------

/// A rule broken by a template, before it is placed in a file.
pub(crate) struct Violation {
    path: Vec<Seg>,
    message: String,
}

pub(crate) fn violation(path: Vec<Seg>, message: impl Into<String>) -> Violation {
    Violation {
        path,
        message: message.into(),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn is_template_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_level_value(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Parses a TOML data file of ours (a template, a card deck), naming the file, line and field
/// of the first mistake, so that every data file a facilitator writes is refused alike.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &str,
) -> Result<T, TemplateError> {
    toml::from_str(text).map_err(|err| {
        let (line, field) = match err.span() {
            Some(span) => (
                Some(line_at(text, span.start)),
                field_at(&anchors(text), &span),
            ),
            None => (None, None),
        };
        TemplateError::Parse {
            origin: origin.to_owned(),
            line,
            field,
            message: one_line(err.message()),
        }
    })
}

/// A broken rule placed at its line in the file it came from.
pub(crate) fn located_violation(text: &str, origin: &str, v: Violation) -> TemplateError {
    let line = offset_of(&anchors(text), &v.path).map(|offset| line_at(text, offset));
    TemplateError::Invalid {
        origin: origin.to_owned(),
        line,
        field: path_string(&v.path),
        message: v.message,
    }
}

impl Template {
    /// Parses and validates a template file. `origin` names the file in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<Template, TemplateError> {
        let template: Template = read_toml(text, origin)?;
        match template.check() {
            Ok(()) => Ok(template),
            Err(v) => Err(located_violation(text, origin, v)),
        }
    }

    /// Checks the rules [`Template::from_toml`] enforces, for a template built in code.
    pub fn validate(&self, origin: &str) -> Result<(), TemplateError> {
        self.check().map_err(|v| TemplateError::Invalid {
            origin: origin.to_owned(),
            line: None,
            field: path_string(&v.path),
            message: v.message,
        })
    }

    fn check(&self) -> Result<(), Violation> {
        if self.id.is_empty() {
            return Err(violation(
                vec![key("id")],
                "is empty; give the template a short id such as `my-district`",
            ));
        }
        if !is_template_id(&self.id) {
            return Err(violation(
                vec![key("id")],
                format!(
                    "{} may use only lowercase letters a-z, digits and '-' (e.g. `my-district`)",
                    quote(&self.id)
                ),
            ));
        }
        if blank(&self.name) {
            return Err(violation(
                vec![key("name")],
                "is empty; give the template a name",
            ));
        }
        if self.sections.is_empty() && !self.add_on {
            return Err(violation(
                vec![key("sections")],
                "a template needs at least one section (add [[sections]] blocks with an id and a label)",
            ));
        }
        for (i, section) in self.sections.iter().enumerate() {
            let at = |field: &str| vec![key("sections"), Seg::Index(i), key(field)];
            if let Some(first) = self.sections[..i].iter().position(|s| s.id == section.id) {
                return Err(violation(
                    at("id"),
                    format!(
                        "section `{}` is listed twice (first as sections[{first}]); each section may appear once",
                        section.id.as_str()
                    ),
                ));
            }
            if blank(&section.label) {
                return Err(violation(
                    at("label"),
                    format!("the label of section `{}` is empty", section.id.as_str()),
                ));
            }
            for (field, prompts) in [
                ("prompts", &section.prompts),
                ("reflection_prompts", &section.reflection_prompts),
            ] {
                if let Some(j) = prompts.iter().position(|p| blank(p)) {
                    let mut path = at(field);
                    path.push(Seg::Index(j));
                    return Err(violation(
                        path,
                        format!("empty prompt in section `{}`", section.id.as_str()),
                    ));
                }
            }
        }
        self.check_phases()?;
        match &self.capacity_scale {
            Some(scale) => check_scale(scale)?,
            None if !self.add_on => {
                return Err(violation(
                    vec![key("capacity_scale")],
                    "is missing; a template (unless add_on = true) sets its capacity rating scale in a [capacity_scale] table",
                ));
            }
            None => {}
        }
        for (kind, term) in &self.vocabulary.terms {
            for (field, word) in [("singular", &term.singular), ("plural", &term.plural)] {
                if blank(word) {
                    return Err(violation(
                        vec![key("vocabulary"), key(kind.as_str()), key(field)],
                        "is empty",
                    ));
                }
            }
        }
        for (i, seed) in self.capacity_indicators.iter().enumerate() {
            let at = |field: &str| vec![key("capacity_indicators"), Seg::Index(i), key(field)];
            if blank(&seed.function) {
                return Err(violation(
                    at("function"),
                    "is empty; name the core function",
                ));
            }
            if blank(&seed.indicator) {
                return Err(violation(
                    at("indicator"),
                    "is empty; write the indicator statement",
                ));
            }
            if self.capacity_indicators[..i]
                .iter()
                .any(|s| s.function == seed.function && s.indicator == seed.indicator)
            {
                return Err(violation(
                    at("indicator"),
                    format!(
                        "{} is listed twice under the same function",
                        quote(&seed.indicator)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A phase's name is one short line; a template phases all its sections or none (a section
    /// outside every phase would have no heading to stand under); a phase, once left, does not
    /// come back (its sections stand together under one heading).
    fn check_phases(&self) -> Result<(), Violation> {
        let Some(first) = self.sections.iter().position(|s| s.phase.is_some()) else {
            return Ok(());
        };
        let mut seen: Vec<&str> = Vec::new();
        for (i, section) in self.sections.iter().enumerate() {
            let Some(phase) = section.phase.as_deref() else {
                return Err(violation(
                    vec![key("sections"), Seg::Index(i)],
                    format!(
                        "section `{}` has no phase, but sections[{first}] has one; give every section a `phase`, or none",
                        section.id.as_str()
                    ),
                ));
            };
            let at = vec![key("sections"), Seg::Index(i), key("phase")];
            if blank(phase) {
                return Err(violation(
                    at,
                    format!(
                        "the phase of section `{}` is empty; name it (e.g. \"Phase 1: Study the system\") or leave `phase` out of every section",
                        section.id.as_str()
                    ),
                ));
            }
            if phase.contains(['\n', '\r']) || phase.chars().count() > MAX_PHASE_CHARS {
                return Err(violation(
                    at,
                    format!(
                        "{} is not a short phase name; use one line of at most {MAX_PHASE_CHARS} characters",
                        quote(phase)
                    ),
                ));
            }
            if seen.last() != Some(&phase) {
                if seen.contains(&phase) {
                    return Err(violation(
                        at,
                        format!(
                            "phase {} comes back after {}; keep a phase's sections together",
                            quote(phase),
                            quote(seen.last().copied().unwrap_or_default())
                        ),
                    ));
                }
                seen.push(phase);
            }
        }
        Ok(())
    }

    /// The template's phases in order, each with its sections; empty when it has none.
    pub fn phases(&self) -> Vec<PhaseSpec> {
        let mut phases: Vec<PhaseSpec> = Vec::new();
        for section in &self.sections {
            let Some(name) = section.phase.as_deref() else {
                continue;
            };
            match phases.last_mut() {
                Some(last) if last.name == name => last.sections.push(section.id),
                _ => phases.push(PhaseSpec {
                    name: name.to_owned(),
                    sections: vec![section.id],
                }),
            }
        }
        phases
    }

    /// Whether the program organizes its people in role teams (instructional rounds' senior
    /// leaders, school leadership teams and district capacity team, each learning on its own):
    /// the template calls its team "Role team" in its vocabulary. Decided from the words, not
    /// the id, so a facilitator's copy of the rounds template keeps the role teams; a program
    /// with one leadership team (DSDP, NEP, ERS, INSTLL) would only be shown three empty teams.
    pub fn uses_role_teams(&self) -> bool {
        self.vocabulary
            .get(ObjectKind::Team)
            .is_some_and(|t| t.singular.to_lowercase().contains("role team"))
    }

    /// The section with this id, if the template shows it.
    pub fn section(&self, id: SectionId) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The section's label in this template, or the neutral label.
    pub fn label(&self, id: SectionId) -> &str {
        match self.section(id) {
            Some(section) if !blank(&section.label) => &section.label,
            _ => id.default_label(),
        }
    }

    /// The section ids in the template's order.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + '_ {
        self.sections.iter().map(|s| s.id)
    }

    /// The template's word for a kind of object, or the neutral word.
    pub fn term(&self, kind: ObjectKind) -> Term {
        self.vocabulary.term(kind)
    }

    /// A plan made from this template seen through `lens` (another program's template): the
    /// lens's section labels, order, prompts and vocabulary, with this template's rating scale
    /// and capacity indicators (a capacity rating is stored as a key of the plan's own scale,
    /// and another scale's labels would misread it). The one rule for lenses, shared by the
    /// export and the desktop's view of the plan; the plan itself is never changed by it.
    ///
    /// Nothing is dropped: a section this template has and the lens lacks comes after the
    /// lens's own sections, under this template's label, so every part the team wrote has a
    /// place. Phases stay whole as the template reader requires: where the lens has phases, such
    /// a section joins the lens's last phase; where it has none, that section's phase is
    /// dropped, since a plan shows phases for all its sections or for none.
    pub fn through_lens(&self, lens: &Template) -> Template {
        let mut seen = lens.clone();
        let last_phase = lens.sections.last().and_then(|s| s.phase.clone());
        for section in &self.sections {
            if seen.section(section.id).is_none() {
                let mut kept = section.clone();
                kept.phase.clone_from(&last_phase);
                seen.sections.push(kept);
            }
        }
        seen.capacity_scale = self.capacity_scale.clone();
        seen.capacity_indicators = self.capacity_indicators.clone();
        seen
    }

    /// This template with an add-on mixed in. Sections the template lacks are inserted before
    /// the first section that comes after them in the canonical order (else at the end); where
    /// the template has the section, its label stays and the add-on's prompts are appended. The
    /// add-on's words fill gaps in the vocabulary. The result's id is `base+add-on`. Where the
    /// template has phases, an inserted section joins the phase of the section it is inserted
    /// before (else the last one), so the phases stay whole; where it has none, the add-on's
    /// phases are dropped, since a plan shows phases for all its sections or for none.
    pub fn with_add_on(&self, add_on: &Template) -> Result<Template, TemplateError> {
        let refuse = |reason: String| TemplateError::Combine {
            base: self.id.clone(),
            add_on: add_on.id.clone(),
            reason,
        };
        if self.add_on {
            return Err(refuse(format!(
                "`{}` is an add-on, so it cannot be the base; choose a template first, e.g. `dsdp+{}`",
                self.id, self.id
            )));
        }
        if !add_on.add_on {
            return Err(refuse(format!(
                "`{}` is a template, not an add-on (add-ons have add_on = true); a plan uses one template",
                add_on.id
            )));
        }
        if self.id.split('+').any(|part| part == add_on.id) {
            return Err(refuse(format!(
                "`{}` is already part of `{}`",
                add_on.id, self.id
            )));
        }
        let mut combined = self.clone();
        combined.id = format!("{}+{}", self.id, add_on.id);
        combined.name = format!("{} + {}", self.name, add_on.name);
        combined.description = join_text(&self.description, &add_on.description);
        combined.program = join_text(&self.program, &add_on.program);
        for extra in &add_on.sections {
            if let Some(existing) = combined.sections.iter_mut().find(|s| s.id == extra.id) {
                append_new(&mut existing.prompts, &extra.prompts);
                append_new(&mut existing.reflection_prompts, &extra.reflection_prompts);
            } else {
                let at = combined
                    .sections
                    .iter()
                    .position(|s| s.id > extra.id)
                    .unwrap_or(combined.sections.len());
                let mut extra = extra.clone();
                extra.phase = combined
                    .sections
                    .get(at)
                    .or(combined.sections.last())
                    .and_then(|s| s.phase.clone());
                combined.sections.insert(at, extra);
            }
        }
        for (kind, term) in &add_on.vocabulary.terms {
            combined
                .vocabulary
                .terms
                .entry(*kind)
                .or_insert_with(|| term.clone());
        }
        if combined.capacity_scale.is_none() {
            combined.capacity_scale = add_on.capacity_scale.clone();
        }
        append_new(
            &mut combined.capacity_indicators,
            &add_on.capacity_indicators,
        );
        Ok(combined)
    }
}

fn join_text(a: &str, b: &str) -> String {
    match (a.trim(), b.trim()) {
        ("", b) => b.to_owned(),
        (a, "") => a.to_owned(),
        (a, b) => format!("{a} {b}"),
    }
}

fn append_new<T: Clone + PartialEq>(into: &mut Vec<T>, from: &[T]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}

fn check_scale(scale: &RatingScale) -> Result<(), Violation> {
    let at = |field: &str| vec![key("capacity_scale"), key(field)];
    if blank(&scale.id) {
        return Err(violation(at("id"), "is empty; give the scale a short id"));
    }
    if blank(&scale.name) {
        return Err(violation(at("name"), "is empty; give the scale a name"));
    }
    if scale.levels.len() < 2 {
        return Err(violation(
            at("levels"),
            format!(
                "a rating scale needs at least 2 levels, found {}",
                scale.levels.len()
            ),
        ));
    }
    for (i, level) in scale.levels.iter().enumerate() {
        let at = |field: &str| {
            vec![
                key("capacity_scale"),
                key("levels"),
                Seg::Index(i),
                key(field),
            ]
        };
        if !is_level_value(&level.value) {
            return Err(violation(
                at("value"),
                format!(
                    "{} is not a valid level value; use lowercase letters, digits, '_' and '-' (e.g. `1`, `limited`)",
                    quote(&level.value)
                ),
            ));
        }
        if level.value == DONT_KNOW {
            return Err(violation(
                at("value"),
                format!("`{DONT_KNOW}` is reserved; set allows_dont_know = true instead"),
            ));
        }
        if let Some(first) = scale.levels[..i]
            .iter()
            .position(|l| l.value == level.value)
        {
            return Err(violation(
                at("value"),
                format!(
                    "{} is used by two levels (levels[{first}] and levels[{i}]); each level needs its own value",
                    quote(&level.value)
                ),
            ));
        }
        if blank(&level.label) {
            return Err(violation(
                at("label"),
                format!("the label of level {} is empty", quote(&level.value)),
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Built-ins and the library
// ---------------------------------------------------------------------------------------------

/// The built-in templates, parsed, in the order of [`BUILTIN_IDS`]. A built-in that fails to
/// parse is left out (a test proves none does; see [`try_builtin_templates`]).
pub fn builtin_templates() -> Vec<Template> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(origin, text)| Template::from_toml(text, origin).ok())
        .collect()
}

/// The built-in templates, or the first one's error.
pub fn try_builtin_templates() -> Result<Vec<Template>, TemplateError> {
    BUILTIN_SOURCES
        .iter()
        .map(|(origin, text)| Template::from_toml(text, origin))
        .collect()
}

/// The text of the built-in template file with this id (for a facilitator to copy).
pub fn builtin_source(id: &str) -> Option<&'static str> {
    BUILTIN_IDS
        .iter()
        .position(|b| *b == id)
        .map(|i| BUILTIN_SOURCES[i].1)
}

/// The built-in templates plus a facilitator's own.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateLibrary {
    templates: Vec<Template>,
    /// Where each template came from, parallel to `templates`.
    origins: Vec<String>,
    builtin_count: usize,
}

impl Default for TemplateLibrary {
    fn default() -> Self {
        TemplateLibrary::builtin()
    }
}

impl TemplateLibrary {
    /// The built-in templates only.
    pub fn builtin() -> TemplateLibrary {
        let mut templates = Vec::new();
        let mut origins = Vec::new();
        for (origin, text) in BUILTIN_SOURCES {
            if let Ok(template) = Template::from_toml(text, origin) {
                templates.push(template);
                origins.push(format!("the built-in template `{origin}`"));
            }
        }
        let builtin_count = templates.len();
        TemplateLibrary {
            templates,
            origins,
            builtin_count,
        }
    }

    /// The built-ins plus a facilitator's template files, given as (origin, text) pairs, as
    /// [`TemplateLibrary::add_sources`] adds them.
    pub fn with_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> (TemplateLibrary, Vec<TemplateError>) {
        let mut library = TemplateLibrary::builtin();
        let problems = library.add_sources(sources);
        (library, problems)
    }

    /// Adds a facilitator's template files, each given as (origin shown in errors, text), in the
    /// order given. A bad file is reported in the returned list and skipped; the good ones are
    /// added.
    pub fn add_sources(
        &mut self,
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Vec<TemplateError> {
        let mut problems = Vec::new();
        for (origin, text) in sources {
            match Template::from_toml(&text, &origin) {
                Ok(template) => {
                    if let Err(err) = self.insert(template, origin) {
                        problems.push(err);
                    }
                }
                Err(err) => problems.push(err),
            }
        }
        problems
    }

    /// Adds a facilitator's template built in code (validated; its id must be new).
    pub fn add(&mut self, template: Template, origin: &str) -> Result<(), TemplateError> {
        template.validate(origin)?;
        self.insert(template, origin.to_owned())
    }

    fn insert(&mut self, template: Template, origin: String) -> Result<(), TemplateError> {
        if let Some(i) = self.templates.iter().position(|t| t.id == template.id) {
            let existing = self.origins.get(i).cloned().unwrap_or_default();
            return Err(TemplateError::DuplicateId {
                origin,
                id: template.id,
                existing,
            });
        }
        self.templates.push(template);
        self.origins.push(origin);
        Ok(())
    }

    /// The template or add-on with this id.
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// Every template and add-on: built-ins first (dsdp, nep, ers, rounds, instll,
    /// improvement-science), then the facilitator's in file-name order.
    pub fn list(&self) -> &[Template] {
        &self.templates
    }

    /// The built-in templates.
    pub fn builtins(&self) -> &[Template] {
        self.templates.get(..self.builtin_count).unwrap_or(&[])
    }

    /// The facilitator's own templates.
    pub fn user_templates(&self) -> &[Template] {
        self.templates.get(self.builtin_count..).unwrap_or(&[])
    }

    /// Whether `id` is a built-in template.
    pub fn is_builtin(&self, id: &str) -> bool {
        self.builtins().iter().any(|t| t.id == id)
    }

    /// The templates a plan can start from (not add-ons).
    pub fn bases(&self) -> impl Iterator<Item = &Template> + '_ {
        self.templates.iter().filter(|t| !t.add_on)
    }

    /// The add-ons.
    pub fn add_ons(&self) -> impl Iterator<Item = &Template> + '_ {
        self.templates.iter().filter(|t| t.add_on)
    }

    /// The template a plan uses, from a spec `ID` or `ID+ADD-ON[+ADD-ON…]`
    /// (e.g. `dsdp+improvement-science`).
    pub fn resolve(&self, spec: &str) -> Result<Template, TemplateError> {
        let bad = |reason: &str| TemplateError::BadSpec {
            spec: one_line(spec),
            reason: reason.to_owned(),
        };
        let mut parts = spec.split('+').map(str::trim);
        let base_id = parts.next().unwrap_or_default();
        if base_id.is_empty() {
            return Err(bad(
                "name a template, e.g. `dsdp` or `dsdp+improvement-science`",
            ));
        }
        let base = self.find(base_id)?;
        if base.add_on {
            return Err(bad(&format!(
                "`{}` is an add-on, so it cannot come first; choose a template first, e.g. `dsdp+{}`",
                base.id, base.id
            )));
        }
        let mut combined = base.clone();
        for add_on_id in parts {
            if add_on_id.is_empty() {
                return Err(bad("empty add-on after `+`"));
            }
            combined = combined.with_add_on(self.find(add_on_id)?)?;
        }
        Ok(combined)
    }

    fn find(&self, id: &str) -> Result<&Template, TemplateError> {
        self.get(id).ok_or_else(|| TemplateError::UnknownTemplate {
            id: one_line(id),
            available: self
                .templates
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}
