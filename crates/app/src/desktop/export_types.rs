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
}

impl From<ExportFormat> for throughline_export::Format {
    fn from(f: ExportFormat) -> throughline_export::Format {
        match f {
            ExportFormat::Markdown => throughline_export::Format::Markdown,
            ExportFormat::Html => throughline_export::Format::Html,
            ExportFormat::Docx => throughline_export::Format::Docx,
            ExportFormat::Pdf => throughline_export::Format::Pdf,
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
