//! Comparing versions and restoring one: the plan's named versions read back and set side by
//! side with each other or with the current draft.

use serde::Serialize;
use throughline_plan::{compare, Plan, PlanContent, SectionChange};
use throughline_store::PlanFile;

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::replica;

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// A named version, by its label.
    Version(String),
    /// The plan as it is now.
    Current,
}

impl Side {
    /// `current` (any case) is the current draft; anything else names a version.
    pub fn parse(s: &str) -> Side {
        if s.trim().eq_ignore_ascii_case("current") {
            Side::Current
        } else {
            Side::Version(s.to_string())
        }
    }

    /// How the side is named to people.
    pub fn name(&self) -> String {
        match self {
            Side::Version(label) => format!("\"{label}\""),
            Side::Current => "the current draft".to_string(),
        }
    }
}

/// Two states of the plan set side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The older side and the newer side, as people name them.
    pub from: String,
    pub to: String,
    /// Every difference, section by section (empty: they say the same thing).
    pub sections: Vec<SectionChange>,
}

/// What restoring a version did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// Whether the draft changed (it already said what the version says otherwise).
    pub changed: bool,
    /// The version saved of the draft just before, so the restore can itself be undone.
    pub saved_before: Option<String>,
}

impl OpenPlan {
    /// A side's content: a version's is checked against its hash first.
    pub fn side_content(&self, side: &Side) -> Result<PlanContent, AppError> {
        match side {
            Side::Current => Ok(self.content()),
            Side::Version(label) => Ok(self.version_content(label)?.1),
        }
    }

    /// Compares two versions, or a version and the current draft, section by section with
    /// insertions and deletions marked word by word.
    pub fn compare(&self, from: &Side, to: &Side) -> Result<Comparison, AppError> {
        let old = self.side_content(from)?;
        let new = self.side_content(to)?;
        Ok(Comparison {
            from: from.name(),
            to: to.name(),
            sections: compare(&old, &new),
        })
    }

    /// The comparison as a redline document for a cabinet or a board, in `format`.
    pub fn export_comparison(
        &self,
        from: &Side,
        to: &Side,
        format: throughline_export::Format,
    ) -> Result<Vec<u8>, AppError> {
        let comparison = self.compare(from, to)?;
        let record = self.side_content(to)?.record;
        let fonts = crate::export::pdf_fonts_for(format)?;
        let bytes = throughline_export::export_redline(
            &throughline_export::RedlineInput {
                title: &record.title,
                district: &record.district,
                from: &comparison.from,
                to: &comparison.to,
                sections: &comparison.sections,
                exported_on: Now::read().date(),
                fonts: fonts.as_ref(),
            },
            format,
        )?;
        Ok(bytes)
    }

    /// Restores a named version as a forward change: the draft's content becomes the
    /// version's by the smallest edits, so text the two share keeps its identity and comments
    /// anchored in it stay anchored, and every copy of the plan receives the restore as an
    /// ordinary change. The draft is first saved as a version ("Before restoring …"), unless it
    /// already says what the version says.
    pub fn restore_version(&mut self, label: &str) -> Result<RestoreReport, AppError> {
        let (_, target) = self.version_content(label)?;
        let current = self.content();
        if current == target {
            return Ok(RestoreReport {
                changed: false,
                saved_before: None,
            });
        }
        let now = Now::read();
        let before = format!("Before restoring \"{label}\" ({})", now.rfc3339);
        let saved = self.create_version(&before)?;
        // The edits are worked out on a copy, then saved and applied like any peer's change, so
        // the draft changes only once they are committed to the file.
        let scratch = Plan::empty(replica::client_id());
        scratch.apply_update(&self.plan().encode_state())?;
        let applied = scratch.restore(&target)?;
        let author = self.author().to_string();
        self.receive_update(&applied.update, &author)?;
        if self.content() != target {
            // The restore is checked, never assumed: a draft that still differs is reported.
            return Err(AppError::Plan(throughline_plan::PlanError::Damaged));
        }
        Ok(RestoreReport {
            changed: true,
            saved_before: Some(saved.label),
        })
    }

    /// A second connection to this plan's file, for what `OpenPlan` does not keep open
    /// (sign-offs, history, the review document), read-only when this plan was opened so.
    /// Several connections of one process may share one file (see the store's `open_files`).
    pub(crate) fn second_connection(&self) -> Result<PlanFile, AppError> {
        if self.is_read_only() {
            Ok(PlanFile::open_read_only(self.path())?)
        } else {
            Ok(PlanFile::open(self.path())?)
        }
    }

    /// A connection that only reads this plan's file (history, sign-off checks), whoever has
    /// it open for writing; it never changes the file.
    pub(crate) fn reading_connection(&self) -> Result<PlanFile, AppError> {
        Ok(PlanFile::open_read_only(self.path())?)
    }
}
