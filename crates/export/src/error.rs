//! Why an export failed.

/// Why a plan could not be exported. `Display` is one line a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The format name is not one we write.
    #[error("unknown export format `{0}` (choose md, html, docx or pdf)")]
    UnknownFormat(String),
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
