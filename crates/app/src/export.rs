//! Plan documents for boards and the public: the current draft or a named version, with the
//! sign-offs that still hold for it, in any format the export crate writes.

use throughline_export::{export, ExportInput, Format, PdfFonts, Signoff, VersionStamp};

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::signoff::SignoffState;

/// What to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// A named version's label; none exports the current draft.
    pub version: Option<String>,
    /// Add the coherence findings as an appendix (for the team, not the public).
    pub include_findings: bool,
}

impl OpenPlan {
    /// The plan as a document in `format`. A named version carries its stamp and the sign-offs
    /// whose hash still matches it; a draft carries none, since nobody signed that text.
    pub fn export(&self, format: Format, options: &ExportOptions) -> Result<Vec<u8>, AppError> {
        let (content, version, signoffs) = match &options.version {
            Some(label) => {
                let (summary, content) = self.version_content(label)?;
                let signoffs = self
                    .signoffs()?
                    .into_iter()
                    .filter(|s| {
                        s.version == summary.label
                            && s.state == SignoffState::Verified
                            && s.content_hash == summary.content_hash
                    })
                    .map(|s| Signoff {
                        name: s.name,
                        role: s.role,
                        at: s.at,
                        version_label: s.version,
                        content_hash: s.content_hash,
                    })
                    .collect();
                let stamp = VersionStamp {
                    label: summary.label,
                    at: summary.at,
                    content_hash: summary.content_hash,
                };
                (content, Some(stamp), signoffs)
            }
            None => (self.content(), None, Vec::new()),
        };
        let fonts = pdf_fonts_for(format)?;
        let bytes = export(
            &ExportInput {
                content: &content,
                version,
                signoffs,
                include_findings: options.include_findings,
                exported_on: Now::read().date(),
                fonts: fonts.as_ref(),
                lens: None,
                profile: None,
            },
            format,
        )?;
        Ok(bytes)
    }
}

/// The PDF's fonts when `format` is PDF (found on each export, so fonts installed while the app
/// runs are used); the other formats need none.
pub(crate) fn pdf_fonts_for(format: Format) -> Result<Option<PdfFonts>, AppError> {
    match format {
        Format::Pdf => Ok(Some(crate::fonts::find_pdf_fonts()?)),
        Format::Markdown | Format::Html | Format::Docx | Format::Xlsx => Ok(None),
    }
}
