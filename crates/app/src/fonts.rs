//! Finding the fonts a PDF export is set in and handing them to `export`, which reads no files.

use std::path::{Path, PathBuf};

use throughline_export::{ExportError, PdfFonts};

use crate::error::AppError;

/// The environment variable naming a folder with the font files (the desktop app's resources).
pub const FONT_DIR_VARIABLE: &str = "THROUGHLINE_FONT_DIR";

/// Where Debian's `fonts-noto-core` puts the files.
const DEBIAN_DIR: &str = "/usr/share/fonts/truetype/noto";

/// The PDF's fonts: from the folder named by `THROUGHLINE_FONT_DIR`, else from Debian's
/// `fonts-noto-core` location. A folder counts only if it holds Noto Sans regular.
pub fn find_pdf_fonts() -> Result<PdfFonts, AppError> {
    let mut tried: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os(FONT_DIR_VARIABLE).filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        if let Some(fonts) = fonts_in(&dir)? {
            return Ok(fonts);
        }
        tried.push(dir);
    }
    let debian = PathBuf::from(DEBIAN_DIR);
    if let Some(fonts) = fonts_in(&debian)? {
        return Ok(fonts);
    }
    tried.push(debian);
    let places: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
    Err(ExportError::Fonts(format!(
        "{} not found in {} (install Debian's fonts-noto-core, or set {FONT_DIR_VARIABLE} to a folder holding the Noto Sans files)",
        PdfFonts::FILES[0],
        places.join(" or ")
    ))
    .into())
}

/// The fonts of [`PdfFonts::FILES`] found in `dir`, or none if it lacks the regular one.
fn fonts_in(dir: &Path) -> Result<Option<PdfFonts>, AppError> {
    if !dir.join(PdfFonts::FILES[0]).is_file() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for name in PdfFonts::FILES {
        let path = dir.join(name);
        if path.is_file() {
            let data = std::fs::read(&path).map_err(|e| AppError::Read {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            files.push(data);
        }
    }
    Ok(Some(PdfFonts::from_data(files)?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn a_folder_without_the_regular_font_holds_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PdfFonts::FILES[1]), b"not a font").unwrap();
        assert!(fonts_in(dir.path()).unwrap().is_none());
    }

    #[test]
    fn a_regular_font_that_is_not_a_font_is_a_one_line_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PdfFonts::FILES[0]), b"not a font").unwrap();
        let err = fonts_in(dir.path()).unwrap_err().to_string();
        assert!(err.contains("no fonts for the PDF"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn debians_fonts_are_found() {
        // scripts/setup installs fonts-noto-core; the PDF tests need it too.
        let fonts = fonts_in(Path::new(DEBIAN_DIR)).unwrap();
        assert!(
            fonts.is_some(),
            "install Debian's fonts-noto-core (scripts/setup)"
        );
    }
}
