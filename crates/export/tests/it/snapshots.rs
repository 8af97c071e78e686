//! The demo plan's Markdown, HTML and DOCX body, word for word. A change to any of them shows up
//! here for review.

use throughline_export::{export, Format};

use crate::support;

#[test]
fn demo_markdown() {
    let content = support::demo();
    let md =
        String::from_utf8(export(&support::input(&content), Format::Markdown).unwrap()).unwrap();
    insta::assert_snapshot!("demo_markdown", md);
}

#[test]
fn demo_html() {
    let content = support::demo();
    let html = String::from_utf8(export(&support::input(&content), Format::Html).unwrap()).unwrap();
    insta::assert_snapshot!("demo_html", html);
}

#[test]
fn demo_docx_document_xml() {
    let content = support::demo();
    let docx = export(&support::input(&content), Format::Docx).unwrap();
    let xml = support::docx_part(&docx, "word/document.xml");
    // One table cell per line, so that a changed figure shows as a one-line diff.
    let normalised = xml
        .replace("<w:tc>", "\n  <w:tc>")
        .replace("</w:tr>", "\n</w:tr>");
    insta::assert_snapshot!("demo_docx_document_xml", normalised);
}

#[test]
fn exports_are_deterministic() {
    let content = support::demo();
    let input = support::input(&content);
    for format in Format::ALL {
        let first = export(&input, format).unwrap();
        let second = export(&input, format).unwrap();
        assert!(
            first == second,
            "{format}: the same plan must give the same bytes, so that two copies can be compared"
        );
    }
}
