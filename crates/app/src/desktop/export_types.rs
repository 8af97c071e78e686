//! The JSON shapes of exporting: the export dialog's request (the draft, a version, or a
//! comparison of two) and the file it wrote.

use serde::{Deserialize, Serialize};

use super::review_types::CompareSide;

/// A document format the plan exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub enum ExportFormat {
    Markdown,
    Html,
    Docx,
    Pdf,
    /// A spreadsheet: only for a profile that is one (MICIP).
    Xlsx,
}

impl From<ExportFormat> for throughline_export::Format {
    fn from(f: ExportFormat) -> throughline_export::Format {
        match f {
            ExportFormat::Markdown => throughline_export::Format::Markdown,
            ExportFormat::Html => throughline_export::Format::Html,
            ExportFormat::Docx => throughline_export::Format::Docx,
            ExportFormat::Pdf => throughline_export::Format::Pdf,
            ExportFormat::Xlsx => throughline_export::Format::Xlsx,
        }
    }
}

impl From<throughline_export::Format> for ExportFormat {
    fn from(f: throughline_export::Format) -> ExportFormat {
        match f {
            throughline_export::Format::Markdown => ExportFormat::Markdown,
            throughline_export::Format::Html => ExportFormat::Html,
            throughline_export::Format::Docx => ExportFormat::Docx,
            throughline_export::Format::Pdf => ExportFormat::Pdf,
            throughline_export::Format::Xlsx => ExportFormat::Xlsx,
        }
    }
}

/// A state's plan filled from the plan's objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub enum ExportProfile {
    /// Colorado's Unified Improvement Plan (DOCX, PDF, HTML or Markdown).
    ColoradoUip,
    /// Michigan's MICIP goals, strategies, activities and funding (XLSX).
    Micip,
}

impl From<ExportProfile> for throughline_export::Profile {
    fn from(p: ExportProfile) -> throughline_export::Profile {
        match p {
            ExportProfile::ColoradoUip => throughline_export::Profile::ColoradoUip,
            ExportProfile::Micip => throughline_export::Profile::Micip,
        }
    }
}

/// A state's plan the export dialog offers: its name and the formats it is written in, from
/// the export crate's own rule, so the dialog never offers one it would refuse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ExportProfileView {
    pub profile: ExportProfile,
    /// The id `throughline export --profile` takes (`colorado-uip`), for file names too.
    pub id: String,
    pub name: String,
    /// The usual format first.
    pub formats: Vec<ExportFormat>,
}

impl From<throughline_export::Profile> for ExportProfileView {
    fn from(p: throughline_export::Profile) -> ExportProfileView {
        ExportProfileView {
            profile: match p {
                throughline_export::Profile::ColoradoUip => ExportProfile::ColoradoUip,
                throughline_export::Profile::Micip => ExportProfile::Micip,
            },
            id: p.id().to_string(),
            name: p.name().to_string(),
            formats: p.formats().iter().map(|f| (*f).into()).collect(),
        }
    }
}

/// What the export dialog asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ExportRequest {
    pub format: ExportFormat,
    /// A named version's label; none exports the current draft.
    pub version: Option<String>,
    /// Add the coherence findings as an appendix.
    pub include_findings: bool,
    /// A template id whose words and section order to show the plan in; none for its own.
    #[serde(default)]
    pub lens: Option<String>,
    /// A state's plan to write instead of the plan document.
    #[serde(default)]
    pub profile: Option<ExportProfile>,
    /// The file to write.
    pub path: String,
    /// Write over a file already at `path`; without it such a file is left as it is and the
    /// request refused with `UiErrorKind::Exists`.
    pub replace: bool,
}

/// A redline of two versions (or a version and the draft) to write to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ComparisonExportRequest {
    pub from: CompareSide,
    pub to: CompareSide,
    pub format: ExportFormat,
    /// The file to write.
    pub path: String,
    /// Write over a file already at `path`; without it such a file is left as it is and the
    /// request refused with `UiErrorKind::Exists`.
    pub replace: bool,
}

/// The file an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct ExportedFile {
    pub path: String,
    /// Its size in bytes (`f64` in TypeScript, exact far beyond any plan's size).
    pub bytes: u32,
}
