//! Who changed what: a section's history and a merge digest, from the plan file's log.

use serde::Serialize;
use throughline_plan::{compare, SectionId};
use throughline_review::attribution::{
    merge_digest, replay, section_history, HistoryEntry, Logged, PersonDigest, Touch,
};

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;

/// A section's history, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionHistory {
    pub entries: Vec<HistoryEntry>,
    /// When earlier changes were folded into a snapshot (RFC 3339): the history starts there,
    /// and those changes are only counted per person. `None`: the history is complete.
    pub folded_before: Option<String>,
}

impl OpenPlan {
    fn touches(&self) -> Result<(Vec<Touch>, Option<String>), AppError> {
        let file = self.reading_connection()?;
        let history = file.plan_history()?;
        file.close()?;
        let logged: Vec<Logged<'_>> = history
            .updates
            .iter()
            .map(|u| Logged {
                data: &u.data,
                author: &u.author,
                at_ms: u.at_ms,
            })
            .collect();
        let touches = replay(history.snapshot.as_deref(), &logged);
        Ok((
            touches,
            history.snapshot_at_ms.map(|ms| Now::at_ms(ms).rfc3339),
        ))
    }

    /// Who changed what in a section, and when (`None`: the plan record). A person's run of
    /// edits to one item is one entry.
    pub fn section_history(&self, section: Option<SectionId>) -> Result<SectionHistory, AppError> {
        let (touches, folded_before) = self.touches()?;
        Ok(SectionHistory {
            entries: section_history(&touches, section),
            folded_before,
        })
    }

    /// The histories of several sections from one reading and replay of the log (which is
    /// the costly part: every logged update is decoded).
    pub fn section_histories(
        &self,
        sections: &[Option<SectionId>],
    ) -> Result<Vec<SectionHistory>, AppError> {
        let (touches, folded_before) = self.touches()?;
        Ok(sections
            .iter()
            .map(|&section| SectionHistory {
                entries: section_history(&touches, section),
                folded_before: folded_before.clone(),
            })
            .collect())
    }

    /// What each person (or breakout table) added, changed or removed since a named version:
    /// every difference between that version and the current draft, credited to whoever's
    /// logged changes since the version was saved made it.
    pub fn merge_digest(&self, since: &str) -> Result<Vec<PersonDigest>, AppError> {
        let (_, version) = self.version_content(since)?;
        let saved_at = self
            .reading_connection()?
            .versions()?
            .into_iter()
            .find(|v| v.label == since)
            .map(|v| v.at_ms)
            .ok_or_else(|| AppError::NoSuchVersion(since.to_string()))?;
        let (touches, _) = self.touches()?;
        let after: Vec<Touch> = touches
            .into_iter()
            .filter(|t| t.at_ms >= saved_at)
            .collect();
        Ok(merge_digest(&compare(&version, &self.content()), &after))
    }
}
