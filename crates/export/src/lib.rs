//! The plan as a document for boards and the public: Markdown, HTML, DOCX and tagged PDF.
//!
//! Start at [`export`]: a plan snapshot goes in, the bytes of a file come out. The document is
//! composed once (`compose`, into the model in `document`) in the plan template's order and
//! words; each format (`markdown`, `html`, `docx`, `pdf`) only decides how it looks.
//!
//! Two rules hold in every format. Every document is accessible by construction: real headings,
//! table header rows, a title and a language, a text alternative for the chart, and for PDF a
//! full structure tree (PDF/UA-1). And what people typed is data, never markup: a strategy named
//! `<script>` or `# heading` comes out as exactly that text.
//!
//! This crate reads no files and no environment, and knows nothing of storage or the network:
//! the caller finds the PDF's fonts and hands their bytes in ([`PdfFonts::from_data`]), and
//! passes the date to print.

mod compose;
mod document;
mod docx;
mod error;
mod html;
mod lens;
mod markdown;
mod pdf;
mod profile;
mod prose;
mod redline;
mod text;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use throughline_plan::{PlanContent, Template};

pub use error::ExportError;
pub use pdf::PdfFonts;
pub use profile::Profile;
pub use redline::{export_redline, RedlineInput};

/// What to export: the plan's content at one moment, and what the document says about itself.
#[derive(Clone, Debug)]
pub struct ExportInput<'a> {
    /// The plan's content (a named version's, or the current one).
    pub content: &'a PlanContent,
    /// The named version being exported; none for a working draft.
    pub version: Option<VersionStamp>,
    /// Sign-offs to print in the sign-off block (normally those of `version`).
    pub signoffs: Vec<Signoff>,
    /// Add the coherence findings as an appendix.
    pub include_findings: bool,
    /// The date printed on the cover.
    pub exported_on: chrono::NaiveDate,
    /// Fonts for the PDF; only a PDF needs them, and asking for one without them is an error.
    pub fonts: Option<&'a PdfFonts>,
    /// Another program's template to show the plan through: its section labels, order and
    /// words, the plan's content unchanged. None shows the plan in its own template's.
    pub lens: Option<&'a Template>,
    /// A state's plan to fill from the plan's objects instead of the plan document.
    pub profile: Option<Profile>,
}

/// A named version of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionStamp {
    /// "Board first reading".
    pub label: String,
    /// When the version was saved (RFC 3339).
    pub at: String,
    /// The fingerprint of the version's content.
    pub content_hash: String,
}

/// One person's sign-off on a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signoff {
    pub name: String,
    pub role: String,
    /// When they signed (RFC 3339).
    pub at: String,
    /// The label of the version they signed.
    pub version_label: String,
    /// The fingerprint of the content they signed.
    pub content_hash: String,
}

/// A file format the plan can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// CommonMark with GFM tables, to paste into other tools.
    Markdown,
    /// One self-contained HTML file with print styles.
    Html,
    /// A Word document.
    Docx,
    /// A tagged PDF (PDF/UA-1).
    Pdf,
    /// An Excel workbook: only a profile that is a sheet of rows and sums (MICIP) is one.
    Xlsx,
}

impl Format {
    /// Every format the plan document is written in, in the order offered to people (a
    /// spreadsheet is written only for a profile).
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Docx, Format::Html, Format::Markdown];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }

    /// The media type of the bytes.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Pdf => "application/pdf",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    /// Parses `md`, `markdown`, `html`, `docx`, `pdf` or `xlsx` (any case).
    fn from_str(s: &str) -> Result<Format, ExportError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Exports the plan in `format`: the plan document, or the state's plan its profile names.
/// Deterministic: the same input gives the same bytes.
pub fn export(input: &ExportInput, format: Format) -> Result<Vec<u8>, ExportError> {
    if let Some(profile) = input.profile {
        return profile::export(input, profile, format);
    }
    render(
        &compose::document(input),
        format,
        input.exported_on,
        input.fonts,
    )
}

/// A composed document in `format`: the one place each document becomes bytes.
fn render(
    document: &document::Document,
    format: Format,
    exported_on: chrono::NaiveDate,
    fonts: Option<&PdfFonts>,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Markdown => Ok(markdown::render(document).into_bytes()),
        Format::Html => Ok(html::render(document).into_bytes()),
        Format::Docx => docx::render(document, exported_on),
        Format::Pdf => match fonts {
            Some(fonts) => pdf::render(document, fonts, exported_on),
            None => Err(ExportError::Fonts(
                "none were given (the caller finds them, see PdfFonts::FILES)".into(),
            )),
        },
        Format::Xlsx => Err(ExportError::SpreadsheetWithoutProfile),
    }
}
