//! Accessible by construction: a tagged PDF, HTML without axe-core violations, a DOCX with real
//! headings and header rows.

use std::path::PathBuf;
use std::process::Command;

use throughline_export::{export, Format};

use crate::support;

#[test]
fn pdf_is_tagged_with_title_language_and_structure() {
    let content = support::demo();
    let dir = support::scratch("a11y-pdf");
    let pdf = dir.join("demo.pdf");
    std::fs::write(
        &pdf,
        export(&support::input(&content), Format::Pdf).unwrap(),
    )
    .unwrap();
    let info = support::pdfinfo(&pdf);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "pdfinfo must report a tagged PDF:\n{info}"
    );
    assert!(
        info.contains("Reading by Third, Known by All"),
        "pdfinfo shows the plan's title:\n{info}"
    );
    let report = support::check_pdf_accessibility(&pdf, true);
    for tag in ["H1=", "H2=", "Table=", "TH=", "L=", "Figure=", "Caption="] {
        assert!(
            report.contains(tag),
            "the structure tree has {tag}…:\n{report}"
        );
    }
}

#[test]
fn html_has_no_axe_violations() {
    let content = support::demo();
    let dir = support::scratch("a11y-html");
    let html = dir.join("demo.html");
    std::fs::write(
        &html,
        export(&support::input(&content), Format::Html).unwrap(),
    )
    .unwrap();
    let a11y = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    assert!(
        a11y.join("node_modules/axe-core").is_dir() && a11y.join("node_modules/playwright-core").is_dir(),
        "the HTML check needs axe-core and playwright-core: run scripts/setup (npm ci in crates/export/tests/a11y)"
    );
    let chromium = support::tool("chromium", "chromium");
    let out = support::run(
        Command::new(support::tool("node", "nodejs"))
            .current_dir(&a11y)
            .arg("axe-check.mjs")
            .arg(&html)
            .arg(dir.join("demo.png"))
            .env("CHROMIUM", chromium),
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains(": 0 violations"),
        "axe-core reports:\n{report}"
    );
}

#[test]
fn docx_uses_heading_styles_header_rows_title_and_language() {
    let content = support::demo();
    let docx = export(&support::input(&content), Format::Docx).unwrap();
    let core = support::docx_part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Reading by Third, Known by All"),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-US</dc:language>"), "{core}");
    let styles = support::docx_part(&docx, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:rPrDefault><w:rPr>"#) && styles.contains(r#"<w:lang w:val="en-US""#),
        "the document default language is set"
    );
    for (id, name, level) in [
        ("Heading1", "heading 1", 0),
        ("Heading2", "heading 2", 1),
        ("Heading3", "heading 3", 2),
    ] {
        let style = styles
            .split("<w:style ")
            .find(|s| s.contains(&format!(r#"w:styleId="{id}""#)))
            .unwrap_or_else(|| panic!("styles.xml defines {id}"));
        assert!(
            style.contains(&format!(r#"<w:name w:val="{name}"/>"#)),
            "{id} has Word's built-in name"
        );
        assert!(
            style.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)),
            "{id} is outline level {level}"
        );
    }
    let body = support::docx_part(&docx, "word/document.xml");
    assert!(
        body.matches(r#"<w:pStyle w:val="Heading1"/>"#).count() >= 10,
        "every section title is a Heading 1"
    );
    assert!(body.matches(r#"<w:pStyle w:val="Heading2"/>"#).count() >= 20);
    let tables: Vec<&str> = body.split("<w:tbl>").skip(1).collect();
    assert!(tables.len() >= 20, "the demo plan has many tables");
    for (n, table) in tables.iter().enumerate() {
        let first_row = table.split("</w:tr>").next().unwrap_or_default();
        assert!(
            first_row.contains("<w:tblHeader/>"),
            "table {} marks its first row as a header row that repeats",
            n + 1
        );
    }
    assert!(
        body.contains(r#"<wp:docPr id="1" name="Chart 1" descr="Bar chart of investments"#),
        "the chart carries its text alternative"
    );
}

#[test]
fn docx_semantics_survive_libreoffice_tagged_pdf() {
    let content = support::demo();
    let dir = support::scratch("a11y-docx");
    let docx = dir.join("demo.docx");
    std::fs::write(
        &docx,
        export(&support::input(&content), Format::Docx).unwrap(),
    )
    .unwrap();
    let pdf = support::libreoffice_pdf(&docx, &dir);
    let report = support::check_pdf_accessibility(&pdf, false);
    for tag in ["H1=", "H2=", "Table=", "TH=", "L="] {
        assert!(
            report.contains(tag),
            "LibreOffice reads our headings, lists and header rows ({tag}):\n{report}"
        );
    }
}
