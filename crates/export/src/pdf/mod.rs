//! A tagged PDF (PDF/UA-1) laid out by the Typst compiler, used as a library.
//!
//! The layout lives in `plan.typ`; the document reaches it as JSON data in a virtual file, so the
//! plan's text is placed as text and never parsed as markup. Typst writes the structure tree
//! (headings, lists, tables with header cells, figures with alternative text), the title, the
//! language and bookmarks from the headings.

mod fonts;
mod world;

use chrono::{Datelike, NaiveDate};
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use fonts::PdfFonts;

use crate::document::Document;
use crate::ExportError;

pub(crate) fn render(
    doc: &Document,
    fonts: &PdfFonts,
    exported_on: NaiveDate,
) -> Result<Vec<u8>, ExportError> {
    let mut doc = doc.clone();
    doc.map_text(&mut |s| fonts.displayable(s));
    let data = serde_json::to_vec(&doc).map_err(|e| ExportError::Pdf(e.to_string()))?;
    let today = date(exported_on);
    let world = world::PlanWorld::new(fonts, data, today);
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled
        .output
        .map_err(|errors| ExportError::Pdf(messages(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| ExportError::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        creator: Smart::Custom(Some("Throughline".into())),
        timestamp: today.map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| ExportError::Pdf(messages(&errors)))?;
    // Typst memoises layout between compilations; a long-running app would otherwise keep every
    // plan it ever exported in memory. Clearing it also keeps timings honest: each export is
    // laid out from scratch.
    typst::comemo::evict(0);
    Ok(pdf)
}

fn date(d: NaiveDate) -> Option<Datetime> {
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    Datetime::from_ymd(d.year(), month, day)
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    let mut out: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
    out.dedup();
    out.join("; ")
}
