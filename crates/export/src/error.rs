//! Why an export failed.

/// Why a plan could not be exported. `Display` is one line a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The format name is not one we write.
    #[error(
        "unknown export format `{0}` (choose md, html, docx, pdf, or xlsx with --profile micip)"
    )]
    UnknownFormat(String),
    /// The profile name is not one we write.
    #[error("unknown export profile `{0}` (choose colorado-uip or micip)")]
    UnknownProfile(String),
    /// The profile is not written in this format.
    #[error("the {profile} profile is not written as {format} (choose {choices})")]
    ProfileFormat {
        profile: &'static str,
        format: crate::Format,
        choices: String,
    },
    /// A spreadsheet was asked for without a profile that fills one.
    #[error("the plan document is not a spreadsheet: xlsx is written for the micip profile (add --profile micip)")]
    SpreadsheetWithoutProfile,
    /// A lens was asked for together with a profile, which has its state's own words.
    #[error("the {0} profile uses its state's own words and order, so it takes no lens")]
    LensWithProfile(&'static str),
    /// The XLSX workbook could not be written.
    #[error("the XLSX file could not be made: {0}")]
    Xlsx(String),
    /// No font for the PDF could be found or read.
    #[error("no fonts for the PDF: {0}")]
    Fonts(String),
    /// The PDF could not be laid out or written.
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    /// The DOCX package could not be written.
    #[error("the DOCX file could not be made: {0}")]
    Docx(String),
}
