//! Each section's review status: draft, ready for review, needs work, approved.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::SectionId;
use yrs::Any;

/// Where a section stands in review, and who put it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionStatus {
    pub section: SectionId,
    pub status: ReviewStatus,
    /// Who set it and when (`None`: never set, so a draft).
    pub by: Option<String>,
    pub at: Option<String>,
    /// People asked to review it (with "ready for review").
    pub asked: Vec<String>,
    /// Who last marked it ready for review: the person a "needs work" goes back to.
    pub submitted_by: Option<String>,
}

impl SectionStatus {
    /// A section nobody has marked: a draft.
    pub fn draft(section: SectionId) -> SectionStatus {
        SectionStatus {
            section,
            status: ReviewStatus::Draft,
            by: None,
            at: None,
            asked: Vec::new(),
            submitted_by: None,
        }
    }

    pub(crate) fn to_any(&self) -> Any {
        let mut map: HashMap<String, Any> = HashMap::new();
        map.insert("status".into(), Any::from(self.status.key()));
        if let Some(by) = &self.by {
            map.insert("by".into(), Any::from(by.as_str()));
        }
        if let Some(at) = &self.at {
            map.insert("at".into(), Any::from(at.as_str()));
        }
        let asked: Vec<Any> = self.asked.iter().map(|a| Any::from(a.as_str())).collect();
        map.insert("asked".into(), Any::Array(asked.into()));
        if let Some(s) = &self.submitted_by {
            map.insert("submitted_by".into(), Any::from(s.as_str()));
        }
        Any::Map(Arc::new(map))
    }

    pub(crate) fn from_any(section: SectionId, any: &Any) -> Option<SectionStatus> {
        let Any::Map(m) = any else { return None };
        let text = |k: &str| match m.get(k) {
            Some(Any::String(s)) => Some(s.to_string()),
            _ => None,
        };
        let asked = match m.get("asked") {
            Some(Any::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    Any::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(SectionStatus {
            section,
            status: ReviewStatus::from_key(&text("status")?)?,
            by: text("by"),
            at: text("at"),
            asked,
            submitted_by: text("submitted_by"),
        })
    }
}
