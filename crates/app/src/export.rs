//! Plan documents for boards and the public: the current draft or a named version, with the
//! sign-offs that still hold for it, in any format the export crate writes.

use throughline_export::{export, ExportInput, Format, PdfFonts, Profile, Signoff, VersionStamp};
use throughline_plan::template::TemplateError;
use throughline_plan::Template;

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
    /// A template id (or template file) whose words and section order to show the plan in;
    /// the plan itself is not changed.
    pub lens: Option<String>,
    /// A state's plan to fill from the plan's objects instead of the plan document.
    pub profile: Option<Profile>,
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
        let lens = options.lens.as_deref().map(lens_template).transpose()?;
        let fonts = pdf_fonts_for(format)?;
        let bytes = export(
            &ExportInput {
                content: &content,
                version,
                signoffs,
                include_findings: options.include_findings,
                exported_on: Now::read().date(),
                fonts: fonts.as_ref(),
                lens: lens.as_ref(),
                profile: options.profile,
            },
            format,
        )?;
        Ok(bytes)
    }
}

/// The template a lens names: any template a plan could start from (the built-ins and the
/// facilitator's own), or a template file. An unknown id is refused naming the choices.
pub(crate) fn lens_template(spec: &str) -> Result<Template, AppError> {
    let templates = crate::Templates::load()?;
    templates.resolve(spec.trim()).map_err(|e| match e {
        AppError::Template(TemplateError::UnknownTemplate { id, .. }) => AppError::UnknownLens {
            id,
            available: templates
                .list()
                .iter()
                .filter(|t| !t.add_on)
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        },
        other => other,
    })
}

/// The PDF's fonts when `format` is PDF (found on each export, so fonts installed while the app
/// runs are used); the other formats need none.
pub(crate) fn pdf_fonts_for(format: Format) -> Result<Option<PdfFonts>, AppError> {
    match format {
        Format::Pdf => Ok(Some(crate::fonts::find_pdf_fonts()?)),
        Format::Markdown | Format::Html | Format::Docx | Format::Xlsx => Ok(None),
    }
}
