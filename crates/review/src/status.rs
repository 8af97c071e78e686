//! Each section's review status: draft, ready for review, needs work, approved.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};
use throughline_plan::parts::ROOTS;
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::PlanContent;
use throughline_plan::SectionId;
use yrs::Any;

/// A fingerprint of everything `section` of the plan says: SHA-256 of its parts as JSON (the
/// same JSON `throughline show --json` prints, whose objects have sorted keys), hex. Equal
/// fingerprints mean the section reads the same; any edit a reader could see changes it.
pub fn section_fingerprint(content: &PlanContent, section: SectionId) -> String {
    fingerprint(&content_json(content), section)
}

/// Every section's fingerprint, by section.
pub type SectionFingerprints = HashMap<SectionId, String>;

/// Every section's fingerprint, reading the plan's content once.
pub fn section_fingerprints(content: &PlanContent) -> SectionFingerprints {
    let json = content_json(content);
    SectionId::ALL
        .into_iter()
        .map(|section| (section, fingerprint(&json, section)))
        .collect()
}

fn content_json(content: &PlanContent) -> serde_json::Value {
    serde_json::to_value(content).unwrap_or(serde_json::Value::Null)
}

fn fingerprint(json: &serde_json::Value, section: SectionId) -> String {
    let parts: serde_json::Map<String, serde_json::Value> = ROOTS
        .iter()
        .filter(|root| root.section == Some(section))
        .map(|root| (root.name.to_string(), json[root.name].clone()))
        .collect();
    let bytes = serde_json::to_vec(&parts).unwrap_or_default();
    format!("{:x}", Sha256::digest(&bytes))
}

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
    /// With "approved": a fingerprint of what the section said when it was approved (the
    /// caller's, see [`SectionStatus::changed_since_approval`]), so that an approval never
    /// silently vouches for text written after it. Kept in the record rather than acted on
    /// by resetting the status: every laptop would reset it at once, and a reset is a write
    /// a viewer may not make.
    pub approved_content: Option<String>,
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
            approved_content: None,
        }
    }

    /// Whether the section is approved but no longer says what was approved: `now` is the
    /// fingerprint of its current content. An approval recorded without a fingerprint (by an
    /// older Throughline) cannot tell, and counts as unchanged.
    pub fn changed_since_approval(&self, now: &str) -> bool {
        self.status == ReviewStatus::Approved
            && self
                .approved_content
                .as_deref()
                .is_some_and(|then| then != now)
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
        if let Some(c) = &self.approved_content {
            map.insert("approved_content".into(), Any::from(c.as_str()));
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
            approved_content: text("approved_content"),
        })
    }
}
