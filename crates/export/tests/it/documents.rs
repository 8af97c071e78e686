//! What the document says about itself and its figures (issue 15): the cover names the copy, the
//! sign-off page has lines to sign on and explains the fingerprint, figures are numbered and
//! their axes read as money, and the DOCX contents has page numbers.

use throughline_export::{export, Format, VersionStamp};
use throughline_plan::SectionId;

use crate::support;

fn text(input: &throughline_export::ExportInput, format: Format) -> String {
    String::from_utf8(export(input, format).unwrap()).unwrap()
}

#[test]
fn a_draft_for_the_board_is_not_called_adopted() {
    let content = support::demo();
    let mut input = support::input(&content);
    input.version = Some(VersionStamp {
        label: "Draft for the board".into(),
        at: "2026-05-01T10:00:00-07:00".into(),
        content_hash: "ab".repeat(32),
    });
    input.signoffs.clear();
    let md = text(&input, Format::Markdown);
    let cover = &md[..md.find("## Contents").unwrap()];
    assert!(
        cover.contains("the named version “Draft for the board”, saved May 1, 2026"),
        "{cover}"
    );
    assert!(cover.contains("**Sign-off:** not signed yet"), "{cover}");
    assert!(
        cover.contains("**Adoption:** planned by Cedar Hollow Unified Board of Education"),
        "an adoption date after the copy was saved is a plan: {cover}"
    );
    assert!(
        !cover.contains("Adopted") && !cover.contains("Approved"),
        "{cover}"
    );
}

#[test]
fn the_signoff_page_has_lines_for_each_signer_and_explains_the_fingerprint() {
    let content = support::demo();
    let input = support::input(&content);
    let html = text(&input, Format::Html);
    let signoff = &html[html.find("id=\"s-signoff\"").unwrap()..];
    assert_eq!(
        signoff
            .matches("<p class=\"sign-lines\"><span>Signature</span><span>Date</span></p>")
            .count(),
        input.signoffs.len()
    );
    assert!(
        signoff.contains("<p class=\"signer\">Naomi Begay, Board of Education, Trustee Area 3</p>")
    );
    assert!(signoff.contains("<strong>throughline versions PLAN.throughline</strong>"));
    assert!(signoff.contains("begins 9f2c4e1ab37d"));
    // With no sign-off yet, lines are left for those who sign by hand.
    let mut unsigned = support::input(&content);
    unsigned.signoffs.clear();
    let html = text(&unsigned, Format::Html);
    assert_eq!(html.matches("<span>Name and role</span>").count(), 2);
    let docx = export(&unsigned, Format::Docx).unwrap();
    let xml = support::docx_part(&docx, "word/document.xml");
    assert_eq!(
        xml.matches(r#"<w:t xml:space="preserve">Signature: </w:t>"#)
            .count(),
        2
    );
}

#[test]
fn figures_are_numbered_and_the_money_axis_reads_as_money() {
    let content = support::demo();
    let input = support::input(&content);
    let first = "Figure 1. Investments and sources by fiscal year, in dollars";
    let second = "Figure 2. Investments and sources by fiscal year, in staff positions (FTE)";
    let md = text(&input, Format::Markdown);
    assert!(md.contains(&format!("**{first}.**")) && md.contains(second));
    let html = text(&input, Format::Html);
    assert!(html.contains(&format!("<figcaption>{first}</figcaption>")));
    // The demo's largest year is about $4.8M: the axis runs to $6M in round $2M steps.
    for tick in ["$0", "$2M", "$4M", "$6M"] {
        assert!(
            html.contains(&format!("class=\"tick\">{tick}</text>")),
            "the axis is marked {tick}"
        );
    }
    assert!(!html.contains("class=\"tick\">5000000"));
    let docx = export(&input, Format::Docx).unwrap();
    assert!(support::docx_part(&docx, "word/document.xml").contains(first));
    let dir = support::scratch("figures-pdf");
    let pdf = dir.join("demo.pdf");
    std::fs::write(&pdf, export(&input, Format::Pdf).unwrap()).unwrap();
    let pdf_text = support::pdf_text(&pdf);
    assert!(pdf_text.contains(first), "the PDF numbers its figures");
    assert!(pdf_text.contains("$6M"), "the PDF's axis reads as money");
}

#[test]
fn the_docx_contents_is_a_word_toc_field_that_libreoffice_shows_too() {
    let content = support::demo();
    let dir = support::scratch("contents-docx");
    let docx = dir.join("demo.docx");
    let bytes = export(&support::input(&content), Format::Docx).unwrap();
    let body = support::docx_part(&bytes, "word/document.xml");
    // One TOC field over the headings, opened before the first entry and closed after the last,
    // so Word's "Update table" rebuilds it; each entry's page a PAGEREF field inside it, which
    // Word fills in when it updates fields on opening (the settings ask it to).
    assert_eq!(body.matches(r#"> TOC \o "1-1" \h \z \u <"#).count(), 1);
    let toc = body.find(" TOC ").unwrap();
    let first_entry = body.find(" PAGEREF ").unwrap();
    assert!(
        toc < first_entry,
        "the TOC field opens before the first entry"
    );
    let entries = body.matches(r#"<w:pStyle w:val="TOC1"/>"#).count();
    assert!(entries > 5);
    assert_eq!(body.matches(" PAGEREF ").count(), entries);
    let settings = support::docx_part(&bytes, "word/settings.xml");
    assert!(settings.contains(r#"<w:updateFields w:val="true"/>"#));
    // LibreOffice shows a TOC field's kept entries as they are (it rebuilds an index only when
    // asked): every section is listed there, with its dot leaders, in a converted copy.
    std::fs::write(&docx, &bytes).unwrap();
    let pdf = support::libreoffice_pdf(&docx, &dir);
    let text = support::pdf_text(&pdf);
    let line = text
        .lines()
        .find(|l| l.starts_with("Case for change"))
        .expect("the contents lists the case for change");
    assert!(line.contains("....."), "{line:?}");
}

/// The team's Notice and Reflect answers are part of the plan (NEP makes them part of the
/// work): each prints in its own section, with its kind, who wrote it and when.
#[test]
fn notice_and_reflect_answers_print_in_the_section_they_were_made_in() {
    let content = support::demo();
    assert!(
        !content.reflections.is_empty(),
        "the demo keeps reflections"
    );
    let input = support::input(&content);
    let md = text(&input, Format::Markdown);
    let html = text(&input, Format::Html);
    let template = content.record.template.as_ref().unwrap();
    for r in &content.reflections {
        let words: String = r.text.chars().take(40).collect();
        let at = md
            .find(&words)
            .unwrap_or_else(|| panic!("{words:?} is not in the Markdown"));
        // In its own section: the nearest section heading above it is that section's.
        let section = md[..at].rfind("\n## ").unwrap();
        let heading = md[section + 4..].lines().next().unwrap();
        let id = SectionId::ALL
            .into_iter()
            .find(|s| s.as_str() == r.section)
            .unwrap();
        assert_eq!(heading, template.label(id), "{words:?}");
        assert!(md[section..at].contains("### Notice and reflect"));
        let line =
            md[..at].rsplit('\n').next().unwrap().to_owned() + md[at..].split('\n').next().unwrap();
        let kind = r.kind.unwrap().label();
        assert!(line.starts_with(&format!("**{kind}:** ")), "{line}");
        let author = &content
            .members
            .iter()
            .find(|m| Some(&m.id) == r.author.as_ref())
            .unwrap()
            .name;
        assert!(
            line.ends_with(&format!("({author}, {})", long_date(&r.at))),
            "{line}"
        );
        assert!(html.contains(kind) && html.contains("Notice and reflect"));
    }
}

fn long_date(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .format("%B %-d, %Y")
        .to_string()
}
