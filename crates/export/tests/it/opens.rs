//! Every format opens in the programs people use: the PDF renders page by page, the DOCX converts
//! in LibreOffice, and no page is blank.

use throughline_export::{export, ExportInput, Format};

use crate::support;

#[test]
fn pdf_pages_render_and_none_is_blank() {
    let content = support::demo();
    let dir = support::scratch("opens-pdf");
    let pdf = dir.join("demo.pdf");
    std::fs::write(
        &pdf,
        export(&support::input(&content), Format::Pdf).unwrap(),
    )
    .unwrap();
    let pages = support::pages(&pdf);
    assert!(
        (30..=120).contains(&pages),
        "the demo plan runs to tens of pages, not {pages}"
    );
    let inked = support::inked_pixels_per_page(&pdf, &dir);
    assert_eq!(inked.len(), pages, "pdftoppm renders every page");
    for (n, ink) in inked.iter().enumerate() {
        assert!(*ink > 20, "page {} of the PDF is blank", n + 1);
    }
}

#[test]
fn docx_converts_in_libreoffice_and_no_page_is_blank() {
    let content = support::demo();
    let dir = support::scratch("opens-docx");
    let docx = dir.join("demo.docx");
    std::fs::write(
        &docx,
        export(&support::input(&content), Format::Docx).unwrap(),
    )
    .unwrap();
    let pdf = support::libreoffice_pdf(&docx, &dir);
    let pages = support::pages(&pdf);
    assert!(
        (30..=140).contains(&pages),
        "LibreOffice lays the demo plan out on tens of pages, not {pages}"
    );
    let inked = support::inked_pixels_per_page(&pdf, &dir);
    assert_eq!(inked.len(), pages);
    for (n, ink) in inked.iter().enumerate() {
        assert!(
            *ink > 20,
            "page {} of the DOCX (through LibreOffice) is blank",
            n + 1
        );
    }
    let text = support::pdf_text(&pdf);
    assert!(
        text.contains("Reading by Third, Known by All"),
        "LibreOffice shows the plan's title"
    );
}

/// Export reads no files: the fonts come from the caller, and a PDF asked for without them is
/// refused in one line rather than looked for on disk.
#[test]
fn a_pdf_without_fonts_is_refused_in_one_line() {
    let content = support::demo();
    let input = ExportInput {
        fonts: None,
        lens: None,
        profile: None,
        ..support::input(&content)
    };
    let err = export(&input, Format::Pdf).unwrap_err().to_string();
    assert!(
        err.starts_with("no fonts for the PDF: none were given"),
        "{err}"
    );
    assert!(!err.contains('\n'));
    assert!(export(&input, Format::Docx).is_ok());
}
