//! A Word document (WordprocessingML), written part by part.
//!
//! We write the XML ourselves rather than through a DOCX library: the parts a plan needs are few,
//! and writing them directly lets every element follow the schema order Word insists on, and
//! gives the accessibility properties no library offered (document title and language, header
//! rows that repeat, table and chart alternative text) their proper place.

mod body;
mod chart;
mod parts;

use std::io::{Cursor, Write};

use chrono::NaiveDate;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::document::Document;
use crate::ExportError;

pub(crate) fn render(doc: &Document, exported_on: NaiveDate) -> Result<Vec<u8>, ExportError> {
    let body = body::render(doc);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(body.charts.len()).into_bytes(),
        ),
        (
            "_rels/.rels".into(),
            parts::PACKAGE_RELS.as_bytes().to_vec(),
        ),
        (
            "docProps/core.xml".into(),
            parts::core(doc, exported_on).into_bytes(),
        ),
        ("docProps/app.xml".into(), parts::APP.as_bytes().to_vec()),
        ("word/document.xml".into(), body.xml.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            parts::document_rels(body.charts.len(), &body.links).into_bytes(),
        ),
        (
            "word/styles.xml".into(),
            parts::styles(doc.lang).into_bytes(),
        ),
        (
            "word/numbering.xml".into(),
            parts::numbering(body.ordered_lists).into_bytes(),
        ),
        (
            "word/settings.xml".into(),
            parts::settings(doc.lang).into_bytes(),
        ),
        (
            "word/fontTable.xml".into(),
            parts::FONT_TABLE.as_bytes().to_vec(),
        ),
        (
            "word/footer1.xml".into(),
            parts::footer(&doc.title).into_bytes(),
        ),
        (
            "word/footer2.xml".into(),
            parts::EMPTY_FOOTER.as_bytes().to_vec(),
        ),
    ];
    for (i, c) in body.charts.iter().enumerate() {
        files.push((
            format!("word/charts/chart{}.xml", i + 1),
            chart::part(c).into_bytes(),
        ));
    }
    package(files)
}

/// Zips the parts. Fixed timestamps keep the same plan producing the same bytes.
fn package(files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Docx(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

/// Text made safe for XML text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
