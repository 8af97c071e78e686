//! The JSON shapes of the review screens: comment threads, section status, "waiting on me",
//! comparing versions and sign-off. Each converts from the review layer's or the plan's types by
//! an exhaustive match or field by field, as `types.rs` does, so a change there fails to compile
//! here.

use serde::{Deserialize, Serialize};
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::{
    ChangeKind, FieldChange, ItemChange, SectionChange, SectionId, Span, SpanKind,
};
use throughline_review::{Anchor, Message, On, Placement, ThreadState};

use super::types::Section;
use crate::{RestoreReport, SignoffState, SignoffView, StatusView, ThreadView};

impl From<Section> for SectionId {
    fn from(s: Section) -> SectionId {
        match s {
            Section::Team => SectionId::Team,
            Section::Catalysts => SectionId::Catalysts,
            Section::Evidence => SectionId::Evidence,
            Section::StudentExperience => SectionId::StudentExperience,
            Section::EquityLandscape => SectionId::EquityLandscape,
            Section::Capacity => SectionId::Capacity,
            Section::Problems => SectionId::Problems,
            Section::RootCauses => SectionId::RootCauses,
            Section::Focus => SectionId::Focus,
            Section::Vision => SectionId::Vision,
            Section::TheoryOfAction => SectionId::TheoryOfAction,
            Section::Strategies => SectionId::Strategies,
            Section::Tactics => SectionId::Tactics,
            Section::Ledger => SectionId::Ledger,
            Section::ProcessShifts => SectionId::ProcessShifts,
            Section::Measures => SectionId::Measures,
            Section::LearningCycles => SectionId::LearningCycles,
            Section::Implementation => SectionId::Implementation,
        }
    }
}

/// Where a section stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    Draft,
    ReadyForReview,
    NeedsWork,
    Approved,
}

impl From<ReviewStatus> for ReviewStage {
    fn from(s: ReviewStatus) -> ReviewStage {
        match s {
            ReviewStatus::Draft => ReviewStage::Draft,
            ReviewStatus::ReadyForReview => ReviewStage::ReadyForReview,
            ReviewStatus::NeedsWork => ReviewStage::NeedsWork,
            ReviewStatus::Approved => ReviewStage::Approved,
        }
    }
}

impl From<ReviewStage> for ReviewStatus {
    fn from(s: ReviewStage) -> ReviewStatus {
        match s {
            ReviewStage::Draft => ReviewStatus::Draft,
            ReviewStage::ReadyForReview => ReviewStatus::ReadyForReview,
            ReviewStage::NeedsWork => ReviewStatus::NeedsWork,
            ReviewStage::Approved => ReviewStatus::Approved,
        }
    }
}

/// What a new comment is on, as the UI sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum CommentOn {
    /// Characters `start..end` (UTF-16 code units, as CodeMirror and Yjs count) of the prose
    /// field `field` of `at` (`vision`, `strategies/ID`).
    Text {
        at: String,
        field: String,
        start: u32,
        end: u32,
    },
    /// A whole part or item (`strategies/ID`, `ledger/ID`).
    Object { at: String },
}

impl From<CommentOn> for On {
    fn from(c: CommentOn) -> On {
        match c {
            CommentOn::Text {
                at,
                field,
                start,
                end,
            } => On::Text {
                at,
                field,
                start,
                end,
            },
            CommentOn::Object { at } => On::Object { at },
        }
    }
}

/// A new comment: what it is on, what it says, and whom it asks to answer (by name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct NewComment {
    pub on: CommentOn,
    pub body: String,
    pub asked: Vec<String>,
}

/// Where a thread's words are in the plan now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ThreadPlace {
    /// UTF-16 offsets into the field's text now, and the words there (`changed`: someone
    /// edited inside the range since the comment was made).
    Text {
        start: u32,
        end: u32,
        text: String,
        changed: bool,
    },
    /// On an object that still exists.
    Object,
    /// What the comment was on has been deleted.
    Orphaned,
    /// The plan here has not yet received the text the comment is on.
    NotYetReceived,
}

impl From<Placement> for ThreadPlace {
    fn from(p: Placement) -> ThreadPlace {
        match p {
            Placement::Text {
                start,
                end,
                text,
                changed,
            } => ThreadPlace::Text {
                start,
                end,
                text,
                changed,
            },
            Placement::Object => ThreadPlace::Object,
            Placement::Orphaned => ThreadPlace::Orphaned,
            Placement::NotYetReceived => ThreadPlace::NotYetReceived,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct MessageView {
    pub id: String,
    pub author: String,
    pub body: String,
    /// RFC 3339.
    pub at: String,
}

impl From<Message> for MessageView {
    fn from(m: Message) -> MessageView {
        MessageView {
            id: m.id,
            author: m.author,
            body: m.body,
            at: m.at,
        }
    }
}

/// A comment thread as the review panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ThreadItem {
    pub id: String,
    /// The section it is in; `None` for the plan record.
    pub section: Option<Section>,
    /// The part or item it is on (`vision`, `strategies/ID`).
    pub path: String,
    /// The prose field, for a comment on words.
    pub field: Option<String>,
    /// The words it was made on (empty for an object).
    pub quote: String,
    pub place: ThreadPlace,
    pub author: String,
    /// RFC 3339.
    pub at: String,
    pub asked: Vec<String>,
    pub resolved: bool,
    /// Who last resolved or reopened it, and when.
    pub state_by: Option<String>,
    pub state_at: Option<String>,
    /// The comment that opened it first, then the replies, oldest first.
    pub messages: Vec<MessageView>,
    /// Whether it needs this person's answer.
    pub waiting_on_me: bool,
}

impl ThreadItem {
    pub(super) fn new(view: ThreadView, waiting_on_me: bool) -> ThreadItem {
        let t = view.thread;
        let field = match &t.anchor {
            Anchor::Text { field, .. } => Some(field.clone()),
            Anchor::Object { .. } => None,
        };
        ThreadItem {
            id: t.id,
            section: t.section.map(Section::from),
            path: t.anchor.at().to_string(),
            field,
            quote: t.anchor.quote().to_string(),
            place: view.placement.into(),
            author: t.author,
            at: t.at,
            asked: t.asked,
            resolved: match t.state {
                ThreadState::Open => false,
                ThreadState::Resolved => true,
            },
            state_by: t.state_by,
            state_at: t.state_at,
            messages: t.messages.into_iter().map(MessageView::from).collect(),
            waiting_on_me,
        }
    }
}

/// A section's review status, who set it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SectionStatusView {
    pub section: Section,
    pub stage: ReviewStage,
    pub by: Option<String>,
    /// RFC 3339.
    pub at: Option<String>,
    /// People asked to review it.
    pub asked: Vec<String>,
    /// Who last marked it ready for review (a "needs work" goes back to them).
    pub submitted_by: Option<String>,
    pub waiting_on_me: bool,
    /// Approved, but the section has changed since: the approval does not cover what it says.
    pub changed_since_approval: bool,
}

impl SectionStatusView {
    pub(super) fn new(view: StatusView, waiting_on_me: bool) -> SectionStatusView {
        let StatusView {
            status: s,
            changed_since_approval,
        } = view;
        SectionStatusView {
            section: s.section.into(),
            stage: s.status.into(),
            by: s.by,
            at: s.at,
            asked: s.asked,
            submitted_by: s.submitted_by,
            waiting_on_me,
            changed_since_approval,
        }
    }
}

/// Everything the review screens show, read afresh after every change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ReviewBoard {
    /// Every thread, oldest first.
    pub threads: Vec<ThreadItem>,
    /// Every section's status, in the plan's section order.
    pub sections: Vec<SectionStatusView>,
    /// The names "waiting on me" is worked out for: this laptop's author and, when chosen, the
    /// team member this person said they are.
    pub me: Vec<String>,
}

/// One side of a comparison: a named version, or the current draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "side", rename_all = "snake_case")]
pub enum CompareSide {
    Version { label: String },
    Draft,
}

impl From<CompareSide> for crate::Side {
    fn from(s: CompareSide) -> crate::Side {
        match s {
            CompareSide::Version { label } => crate::Side::Version(label),
            CompareSide::Draft => crate::Side::Current,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SpanMark {
    Same,
    Inserted,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SpanView {
    pub mark: SpanMark,
    pub text: String,
}

impl From<Span> for SpanView {
    fn from(s: Span) -> SpanView {
        SpanView {
            mark: match s.kind {
                SpanKind::Same => SpanMark::Same,
                SpanKind::Inserted => SpanMark::Inserted,
                SpanKind::Deleted => SpanMark::Deleted,
            },
            text: s.text,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FieldChangeView {
    pub field: String,
    pub label: String,
    /// The field's whole text in order: unchanged, inserted and deleted runs.
    pub spans: Vec<SpanView>,
}

impl From<FieldChange> for FieldChangeView {
    fn from(f: FieldChange) -> FieldChangeView {
        FieldChangeView {
            field: f.field,
            label: f.label,
            spans: f.spans.into_iter().map(SpanView::from).collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ItemChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ItemChangeView {
    pub path: String,
    /// What it is ("strategy").
    pub noun: String,
    pub title: String,
    /// The title of the item it sits in, for nested items.
    pub within: Option<String>,
    pub kind: ItemChangeKind,
    pub fields: Vec<FieldChangeView>,
}

impl From<ItemChange> for ItemChangeView {
    fn from(i: ItemChange) -> ItemChangeView {
        ItemChangeView {
            path: i.path,
            noun: i.noun,
            title: i.title,
            within: i.within,
            kind: i.kind.into(),
            fields: i.fields.into_iter().map(FieldChangeView::from).collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SectionChangeView {
    /// `None` for the plan record (title, status, adoption).
    pub section: Option<Section>,
    pub label: String,
    pub items: Vec<ItemChangeView>,
}

impl From<SectionChange> for SectionChangeView {
    fn from(s: SectionChange) -> SectionChangeView {
        SectionChangeView {
            section: s.section.map(Section::from),
            label: s.label,
            items: s.items.into_iter().map(ItemChangeView::from).collect(),
        }
    }
}

/// Two states of the plan set side by side, section by section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ComparisonView {
    /// The two sides as people name them ("Draft for cabinet", "the current draft").
    pub from: String,
    pub to: String,
    /// Empty: the two say the same thing.
    pub sections: Vec<SectionChangeView>,
}

impl From<crate::Comparison> for ComparisonView {
    fn from(c: crate::Comparison) -> ComparisonView {
        ComparisonView {
            from: c.from,
            to: c.to,
            sections: c
                .sections
                .into_iter()
                .map(SectionChangeView::from)
                .collect(),
        }
    }
}

/// What restoring a version did, and the change for the UI's copy of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RestoreView {
    /// Whether the draft changed (it may already have said what the version says).
    pub changed: bool,
    /// The version the draft was saved as just before, so the restore can be undone.
    pub saved_before: Option<String>,
    /// What the UI's copy lacks since the state vector it sent, as a Yjs v1 update.
    pub update: Vec<u8>,
}

impl RestoreView {
    pub(super) fn new(r: RestoreReport, update: Vec<u8>) -> RestoreView {
        RestoreView {
            changed: r.changed,
            saved_before: r.saved_before,
            update,
        }
    }
}

/// Who signs a version, and in what role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SignRequest {
    pub version: String,
    pub name: String,
    pub role: String,
}

/// Whether a sign-off still covers what the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SignoffHolds {
    /// The signed version still hashes to what was signed.
    Verified,
    /// The signed version was altered in the file outside Throughline.
    Tampered,
    /// The signed version is no longer in the file.
    VersionMissing,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SignoffItem {
    pub version: String,
    pub name: String,
    pub role: String,
    /// Who recorded it on their laptop.
    pub recorded_by: String,
    /// RFC 3339.
    pub at: String,
    pub content_hash: String,
    pub holds: SignoffHolds,
    /// The sections in which the current draft differs from the signed version (empty: the
    /// draft is exactly what was signed); `None` unless verified.
    pub draft_differs_in: Option<Vec<String>>,
}

impl From<SignoffView> for SignoffItem {
    fn from(s: SignoffView) -> SignoffItem {
        SignoffItem {
            version: s.version,
            name: s.name,
            role: s.role,
            recorded_by: s.recorded_by,
            at: s.at,
            content_hash: s.content_hash,
            holds: match s.state {
                SignoffState::Verified => SignoffHolds::Verified,
                SignoffState::Tampered => SignoffHolds::Tampered,
                SignoffState::VersionMissing => SignoffHolds::VersionMissing,
            },
            draft_differs_in: s.draft_differs_in,
        }
    }
}

/// One person's run of changes to one item, as a section's history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct HistoryLine {
    pub author: String,
    /// The run's first and last change (RFC 3339).
    pub from: String,
    pub to: String,
    /// What it is ("strategy") and its title at the time.
    pub noun: String,
    pub title: String,
    pub kind: ItemChangeKind,
    /// The fields written; empty when the item was added or removed whole.
    pub fields: Vec<String>,
}

impl From<throughline_review::attribution::HistoryEntry> for HistoryLine {
    fn from(e: throughline_review::attribution::HistoryEntry) -> HistoryLine {
        HistoryLine {
            author: e.author,
            from: crate::Now::at_ms(e.from_ms).rfc3339,
            to: crate::Now::at_ms(e.to_ms).rfc3339,
            noun: e.noun,
            title: e.title,
            kind: e.kind.into(),
            fields: e.fields,
        }
    }
}

impl From<ChangeKind> for ItemChangeKind {
    fn from(k: ChangeKind) -> ItemChangeKind {
        match k {
            ChangeKind::Added => ItemChangeKind::Added,
            ChangeKind::Removed => ItemChangeKind::Removed,
            ChangeKind::Changed => ItemChangeKind::Changed,
        }
    }
}

/// Who changed what in one section, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct SectionHistoryView {
    pub section: Section,
    pub entries: Vec<HistoryLine>,
    /// Changes before this time (RFC 3339) were folded into the file's snapshot and are not
    /// listed one by one. `None`: the history is complete.
    pub folded_before: Option<String>,
}

/// What one person (or breakout table) changed since a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DigestPerson {
    /// `None`: changes no logged edit since the version accounts for (they follow from other
    /// changes, such as a renamed item's title shown in a link).
    pub person: Option<String>,
    pub changes: Vec<DigestChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DigestChange {
    pub section: Option<Section>,
    pub section_label: String,
    pub change: ItemChangeView,
}

impl From<throughline_review::attribution::PersonDigest> for DigestPerson {
    fn from(p: throughline_review::attribution::PersonDigest) -> DigestPerson {
        DigestPerson {
            person: p.person,
            changes: p
                .changes
                .into_iter()
                .map(|c| DigestChange {
                    section: c.section.map(Section::from),
                    section_label: c.section_label,
                    change: c.change.into(),
                })
                .collect(),
        }
    }
}
