//! Sign-off: a named person signs a named version, bound to that version's content hash.

use serde::Serialize;
use throughline_plan::compare;
use throughline_store::{NewSignoff, Signoff, SignoffCheck};

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;

/// Whether a sign-off still holds for the text it was given on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignoffState {
    /// The signed version's stored content still hashes to what was signed.
    Verified,
    /// The signed version was altered in the file outside Throughline: the sign-off does not
    /// cover what the file now holds.
    Tampered,
    /// The signed version is no longer in the file.
    VersionMissing,
}

/// A sign-off as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignoffView {
    pub version: String,
    pub name: String,
    pub role: String,
    /// Who recorded it on their laptop.
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// SHA-256 of the signed content.
    pub content_hash: String,
    pub state: SignoffState,
    /// The sections in which the current draft differs from the signed version, by their
    /// labels (empty: the draft is exactly what was signed). `None` unless verified.
    pub draft_differs_in: Option<Vec<String>>,
}

impl OpenPlan {
    /// `name` (with `role`) signs the named version. The signature records the version's
    /// content hash, so it can only ever vouch for that exact text: later changes to the plan
    /// never carry it, and a version altered in the file is refused.
    pub fn sign(&mut self, label: &str, name: &str, role: &str) -> Result<SignoffView, AppError> {
        let (name, role) = (name.trim(), role.trim());
        for (field, value) in [("name", name), ("role", role)] {
            if value.is_empty() {
                return Err(AppError::Plan(throughline_plan::PlanError::BadValue {
                    noun: "sign-off",
                    field: field.to_string(),
                    why: "cannot be empty: say who signs, and in what role".into(),
                }));
            }
        }
        let now = Now::read();
        let mut file = self.second_connection()?;
        let signed = file.sign_version(NewSignoff {
            version_label: label,
            name,
            role,
            recorded_by: self.author(),
            at_ms: now.ms,
        });
        let signed = match signed {
            Err(throughline_store::StoreError::NoSuchVersion { label }) => {
                return Err(AppError::NoSuchVersion(label))
            }
            other => other?,
        };
        let view = self.view(&file, signed)?;
        file.close()?;
        Ok(view)
    }

    /// Every sign-off, oldest first, each re-checked against its version's stored content and
    /// set beside the current draft.
    pub fn signoffs(&self) -> Result<Vec<SignoffView>, AppError> {
        let file = self.reading_connection()?;
        let views = file
            .signoffs()?
            .into_iter()
            .map(|s| self.view(&file, s))
            .collect::<Result<Vec<_>, _>>()?;
        file.close()?;
        Ok(views)
    }

    fn view(
        &self,
        file: &throughline_store::PlanFile,
        s: Signoff,
    ) -> Result<SignoffView, AppError> {
        let state = match file.check_signoff(&s)? {
            SignoffCheck::Valid => SignoffState::Verified,
            SignoffCheck::Tampered => SignoffState::Tampered,
            SignoffCheck::VersionMissing => SignoffState::VersionMissing,
        };
        let draft_differs_in = match state {
            SignoffState::Verified => {
                let (_, signed) = self.version_content(&s.version_label)?;
                Some(
                    compare(&signed, &self.content())
                        .into_iter()
                        .map(|c| c.label)
                        .collect(),
                )
            }
            _ => None,
        };
        Ok(SignoffView {
            version: s.version_label,
            name: s.name,
            role: s.role,
            recorded_by: s.recorded_by,
            at: Now::at_ms(s.at_ms).rfc3339,
            content_hash: s.content_hash,
            state,
            draft_differs_in,
        })
    }
}
