//! The redline of two versions in every format: inserted and deleted words marked in a way that
//! survives printing and reading aloud, user text still text, the documents open.

use std::path::PathBuf;
use std::process::Command;

use throughline_export::{export_redline, Format, RedlineInput};
use throughline_plan::{compare, SectionChange};

use crate::support;

/// The demo plan against itself with a word added to the vision, a strategy renamed to markup,
/// and the last ledger line removed.
fn changes() -> Vec<SectionChange> {
    let old = support::demo();
    let mut new = old.clone();
    new.vision.statement = new.vision.statement.replacen("read", "truly read", 1);
    new.strategies[0].name = "<b>Phase one</b> & | a | b |".into();
    new.ledger.pop();
    compare(&old, &new)
}

fn redline(sections: &[SectionChange], format: Format) -> Vec<u8> {
    export_redline(
        &RedlineInput {
            title: "Reading by Third",
            district: "Cedar Hollow USD",
            from: "\"Draft for cabinet\"",
            to: "the current draft",
            sections,
            exported_on: support::exported_on(),
            fonts: Some(support::fonts()),
        },
        format,
    )
    .unwrap()
}

#[test]
fn html_marks_insertions_and_deletions_with_ins_and_del() {
    let sections = changes();
    assert!(sections.len() >= 3, "{sections:#?}");
    let html = String::from_utf8(redline(&sections, Format::Html)).unwrap();
    assert!(html.contains("<ins>truly </ins>"), "{html}");
    assert!(
        html.contains("<del>"),
        "a removed ledger line is struck through"
    );
    assert!(html.contains("&lt;b&gt;Phase one&lt;/b&gt; &amp; | a | b |"));
    assert!(!html.contains("<b>Phase one</b>"));
    assert!(html.contains("How to read this redline"));
}

#[test]
fn markdown_and_docx_carry_the_marks() {
    let sections = changes();
    let md = String::from_utf8(redline(&sections, Format::Markdown)).unwrap();
    assert!(
        md.contains("<ins>truly </ins>") || md.contains("<ins>truly</ins>"),
        "{md}"
    );
    assert!(md.contains("<del>"));
    let docx = redline(&sections, Format::Docx);
    let body = support::docx_part(&docx, "word/document.xml");
    assert!(body.contains(r#"<w:u w:val="single"/>"#));
    assert!(body.contains("<w:strike/>"));
    assert!(body.contains("truly "));
}

#[test]
fn the_redline_opens_in_every_reader() {
    let sections = changes();
    let dir = support::scratch("redline");
    let pdf = dir.join("redline.pdf");
    std::fs::write(&pdf, redline(&sections, Format::Pdf)).unwrap();
    assert!(support::pdfinfo(&pdf).contains("Tagged:          yes"));
    assert!(support::pdf_text(&pdf).contains("truly"));
    let docx = dir.join("redline.docx");
    std::fs::write(&docx, redline(&sections, Format::Docx)).unwrap();
    let converted = support::libreoffice_pdf(&docx, &dir);
    assert!(support::pages(&converted) >= 1);
    assert!(support::pdf_text(&converted).contains("truly"));
}

#[test]
fn html_redline_has_no_axe_violations() {
    let dir = support::scratch("redline-a11y");
    let html = dir.join("redline.html");
    std::fs::write(&html, redline(&changes(), Format::Html)).unwrap();
    let a11y = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    let out = support::run(
        Command::new(support::tool("node", "nodejs"))
            .current_dir(&a11y)
            .arg("axe-check.mjs")
            .arg(&html)
            .arg(dir.join("redline.png"))
            .env("CHROMIUM", support::tool("chromium", "chromium")),
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains(": 0 violations"),
        "axe-core reports:\n{report}"
    );
}

#[test]
fn two_identical_versions_say_so() {
    let html = String::from_utf8(redline(&[], Format::Html)).unwrap();
    assert!(html.contains("none: the two say the same thing"));
}
