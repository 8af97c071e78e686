//! The fonts the PDF is set in: Noto Sans (SIL Open Font License), from the bytes of the font
//! files the caller found (the app looks in its own resources or Debian's `fonts-noto-core`).

use std::fmt;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use unicode_segmentation::UnicodeSegmentation;

use crate::ExportError;

/// Fonts for PDF export, loaded once and reused for every export.
pub struct PdfFonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

impl PdfFonts {
    /// The font files the PDF uses: Noto Sans regular (required), bold, italic, bold italic,
    /// and Noto Sans Math and Symbols 2 for arrows, check marks and other signs people type.
    /// The caller reads those it has and hands them to [`PdfFonts::from_data`].
    pub const FILES: [&'static str; 6] = [
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
        "NotoSansMath-Regular.ttf",
        "NotoSansSymbols2-Regular.ttf",
    ];

    /// Fonts from the bytes of font files (TrueType or OpenType), e.g. bundled with the app.
    pub fn from_data(files: Vec<Vec<u8>>) -> Result<PdfFonts, ExportError> {
        let fonts: Vec<Font> = files
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        if fonts.is_empty() {
            return Err(ExportError::Fonts(
                "none of the files given is a font Typst can read".into(),
            ));
        }
        let book = FontBook::from_fonts(fonts.iter());
        Ok(PdfFonts {
            fonts,
            book: LazyHash::new(book),
        })
    }

    /// Whether some font has a glyph for `c`.
    fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| has(f, c))
    }

    /// The text with every character no font can draw replaced: PDF/UA forbids text that cannot
    /// be shown, and one emoji must not cost a board its PDF. Typst draws a whole character
    /// cluster (a letter and its accents) in the first font that has its first character, so a
    /// cluster is kept only if that font has all of it; otherwise it becomes U+FFFD. Spaces no
    /// font has become plain spaces, and invisible formatting characters are dropped (PDF/UA
    /// refuses U+FEFF in text).
    pub(crate) fn displayable(&self, text: &str) -> String {
        let replacement = if self.covers('\u{FFFD}') {
            "\u{FFFD}"
        } else {
            "?"
        };
        let mut out = String::with_capacity(text.len());
        for cluster in text.graphemes(true) {
            let chars: Vec<char> = cluster.chars().filter(|&c| !invisible(c)).collect();
            let Some(&first) = chars.first() else {
                continue;
            };
            if first == '\n' {
                out.push('\n');
                continue;
            }
            let font = self.fonts.iter().find(|f| has(f, first));
            let drawable = !chars.iter().any(|&c| private_use(c))
                && font.is_some_and(|f| chars.iter().all(|&c| has(f, c)));
            if drawable {
                out.extend(chars);
            } else if first.is_whitespace() {
                out.push(' ');
            } else {
                out.push_str(replacement);
            }
        }
        out
    }

    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
}

impl fmt::Debug for PdfFonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PdfFonts")
            .field("faces", &self.fonts.len())
            .finish()
    }
}

/// Characters that only steer how neighbours are drawn (joiners, variation selectors, tags).
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

fn has(font: &Font, c: char) -> bool {
    font.info().coverage.contains(c as u32)
}

fn private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}
