//! What people typed is data, never markup, in every format (issue 5, item 4).

use pulldown_cmark::{Event, Options, Parser, Tag};
use throughline_export::{export, ExportInput, Format};
use throughline_plan::parts::{PlanContent, Strategy, Tactic};

use crate::support;

const SCRIPT: &str = "<script>alert('x')</script>";
const HEADING: &str = "# heading";
const PIPES: &str = "| a | b |";
const EMPHASIS: &str =
    "**not bold** and _not italic_ [not a link](http://example.com) &amp; `code`";

fn hostile_plan() -> PlanContent {
    let mut content = PlanContent::default();
    content.record.title = format!("Plan {SCRIPT}");
    content.record.district = "Hollow & <Sons> \"District\"".into();
    content.strategies = vec![
        Strategy {
            id: "st1".into(),
            name: SCRIPT.into(),
            description: format!(
                "{HEADING}\n{PIPES}\n\n- not a list\n1. not a list either\n===\n{EMPHASIS}"
            ),
            ..Strategy::default()
        },
        Strategy {
            id: "st2".into(),
            name: HEADING.into(),
            ..Strategy::default()
        },
        Strategy {
            id: "st3".into(),
            name: PIPES.into(),
            ..Strategy::default()
        },
    ];
    content.tactics = vec![Tactic {
        id: "tc1".into(),
        description: format!("{PIPES} {SCRIPT}"),
        strategy: Some("st1".into()),
        ..Tactic::default()
    }];
    content
}

fn input(content: &PlanContent) -> ExportInput<'_> {
    ExportInput {
        content,
        version: None,
        signoffs: Vec::new(),
        include_findings: false,
        exported_on: support::exported_on(),
        fonts: Some(support::fonts()),
    }
}

/// All the text a CommonMark reader sees, and whether it saw any HTML or a heading we did not
/// write.
fn read_markdown(md: &str) -> (String, usize, Vec<String>) {
    let mut text = String::new();
    let mut html = 0;
    let mut headings = Vec::new();
    let mut in_heading = false;
    let mut heading = String::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => html += 1,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading.clear();
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                in_heading = false;
                headings.push(heading.clone());
            }
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                if in_heading {
                    heading.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    (text, html, headings)
}

#[test]
fn markdown_shows_user_markup_as_text() {
    let content = hostile_plan();
    let md = String::from_utf8(export(&input(&content), Format::Markdown).unwrap()).unwrap();
    let (text, html, headings) = read_markdown(&md);
    assert_eq!(
        html, 0,
        "no user text may reach a Markdown reader as HTML:\n{md}"
    );
    for literal in [
        SCRIPT,
        HEADING,
        PIPES,
        EMPHASIS,
        "- not a list",
        "1. not a list either",
        "===",
    ] {
        assert!(
            text.contains(literal),
            "a Markdown reader must show `{literal}` as typed; it read:\n{text}"
        );
    }
    assert!(
        headings.iter().filter(|h| h.as_str() == HEADING).count() == 1,
        "`# heading` is a heading only where it is a strategy's name: {headings:?}"
    );
    assert!(
        !headings.iter().any(|h| h == "heading"),
        "a description's `# heading` must not become a heading: {headings:?}"
    );
}

#[test]
fn html_shows_user_markup_as_text() {
    let content = hostile_plan();
    let html = String::from_utf8(export(&input(&content), Format::Html).unwrap()).unwrap();
    assert!(
        !html.contains("<script"),
        "no script element may appear in the HTML"
    );
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "the strategy named <script> is shown as text"
    );
    assert!(
        html.contains("<h3># heading</h3>"),
        "`# heading` is the text of its heading"
    );
    assert!(html.contains("Hollow &amp; &lt;Sons&gt; &quot;District&quot;"));
}

#[test]
fn docx_shows_user_markup_as_text() {
    let content = hostile_plan();
    let docx = export(&input(&content), Format::Docx).unwrap();
    let xml = support::docx_part(&docx, "word/document.xml");
    assert!(xml.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
    assert!(
        !xml.contains("<script"),
        "user text never becomes an XML element"
    );
    assert!(xml.contains(">| a | b |<"), "pipes stay text in a DOCX run");
    let core = support::docx_part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Plan &lt;script&gt;"),
        "the title is escaped too: {core}"
    );
}

#[test]
fn pdf_shows_user_markup_as_text() {
    let content = hostile_plan();
    let pdf = export(&input(&content), Format::Pdf).unwrap();
    let dir = support::scratch("user-text-pdf");
    let path = dir.join("hostile.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = support::pdf_text(&path);
    for literal in [
        SCRIPT,
        HEADING,
        PIPES,
        "**not bold**",
        "_not italic_",
        "[not a link]",
    ] {
        assert!(
            text.contains(literal),
            "the PDF shows `{literal}` as typed; it has:\n{text}"
        );
    }
}
