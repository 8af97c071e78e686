//! What people typed is data, never markup, in every format (issue 5, item 4).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use throughline_export::{export, ExportInput, Format};
use throughline_plan::parts::{PlanContent, Strategy, Tactic};

use crate::support;

const SCRIPT: &str = "<script>alert('x')</script>";
const HEADING: &str = "# heading";
const PIPES: &str = "| a | b |";
const EMPHASIS: &str =
    "**not bold** and _not italic_ [not a link](http://example.com) &amp; `code`";

/// Prose as people write it: a raw HTML line, a heading, a list, emphasis, a link and one that
/// is not safe to follow, and Typst markup.
const PROSE: &str = "<script>alert('x')</script>\n\n# heading\n\n- first norm\n- second norm\n\n\
    We **will** read _every_ [report](http://example.com) but not [this one](javascript:alert(1)).\n\n\
    #set page(width: 1cm) $x^2$ #emph[typst]";

fn hostile_plan() -> PlanContent {
    let mut content = PlanContent::default();
    content.record.title = format!("Plan {SCRIPT}");
    content.record.district = "Hollow & <Sons> \"District\"".into();
    content.strategies = vec![
        Strategy {
            id: "st1".into(),
            name: SCRIPT.into(),
            description: PROSE.into(),
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
        Strategy {
            id: "st4".into(),
            name: EMPHASIS.into(),
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
        lens: None,
        profile: None,
    }
}

/// What a CommonMark reader sees in a document.
#[derive(Default)]
struct Read {
    text: String,
    html: usize,
    headings: Vec<String>,
    items: Vec<String>,
    strong: Vec<String>,
    emphasis: Vec<String>,
    links: Vec<(String, String)>,
}

fn read_markdown(md: &str) -> Read {
    let mut r = Read::default();
    let mut open: Vec<(Tag, String)> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => r.html += 1,
            Event::Start(
                tag @ (Tag::Heading { .. }
                | Tag::Item
                | Tag::Strong
                | Tag::Emphasis
                | Tag::Link { .. }),
            ) => open.push((tag, String::new())),
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::Strong
                | TagEnd::Emphasis
                | TagEnd::Link,
            ) => {
                let (tag, text) = open.pop().unwrap();
                match tag {
                    Tag::Heading { .. } => r.headings.push(text),
                    Tag::Item => r.items.push(text),
                    Tag::Strong => r.strong.push(text),
                    Tag::Emphasis => r.emphasis.push(text),
                    Tag::Link { dest_url, .. } => r.links.push((text, dest_url.to_string())),
                    _ => unreachable!(),
                }
            }
            Event::Text(t) | Event::Code(t) => {
                r.text.push_str(&t);
                for (_, text) in &mut open {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => r.text.push('\n'),
            _ => {}
        }
    }
    r
}

#[test]
fn markdown_shows_titles_as_typed_and_prose_with_its_structure() {
    let content = hostile_plan();
    let md = String::from_utf8(export(&input(&content), Format::Markdown).unwrap()).unwrap();
    let r = read_markdown(&md);
    assert_eq!(
        r.html, 0,
        "no user text may reach a Markdown reader as HTML:\n{md}"
    );
    for literal in [
        SCRIPT,
        HEADING,
        PIPES,
        EMPHASIS,
        "#set page(width: 1cm) $x^2$ #emph[typst]",
    ] {
        assert!(
            r.text.contains(literal),
            "a Markdown reader must show `{literal}` as typed; it read:\n{}",
            r.text
        );
    }
    assert_eq!(
        r.headings.iter().filter(|h| h.as_str() == HEADING).count(),
        1,
        "`# heading` is a heading only where it is a strategy's name: {:?}",
        r.headings
    );
    assert!(
        !r.headings.iter().any(|h| h == "heading"),
        "a description's `# heading` must not become a heading of the document: {:?}",
        r.headings
    );
    assert!(
        r.strong.iter().any(|s| s == "heading"),
        "it is a bold line: {:?}",
        r.strong
    );
    for item in ["first norm", "second norm"] {
        assert!(
            r.items.iter().any(|i| i == item),
            "`- {item}` is a list item: {:?}",
            r.items
        );
    }
    assert!(r.strong.iter().any(|s| s == "will"), "{:?}", r.strong);
    assert!(r.emphasis.iter().any(|s| s == "every"), "{:?}", r.emphasis);
    assert!(
        r.links
            .contains(&("report".into(), "http://example.com".into())),
        "{:?}",
        r.links
    );
    assert!(
        !r.links.iter().any(|(_, url)| url.starts_with("javascript")),
        "a javascript: address is never a link: {:?}",
        r.links
    );
    assert!(r.text.contains("this one"), "its words stay");
}

#[test]
fn html_shows_titles_as_typed_and_prose_with_its_structure() {
    let content = hostile_plan();
    let html = String::from_utf8(export(&input(&content), Format::Html).unwrap()).unwrap();
    assert!(
        !html.contains("<script"),
        "no script element may appear in the HTML"
    );
    assert!(
        html.contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"),
        "raw HTML in prose is shown as the text typed"
    );
    assert!(
        html.contains("<h3># heading</h3>"),
        "`# heading` is the text of its heading"
    );
    assert!(
        html.contains("<p><strong>heading</strong></p>"),
        "a heading in prose is a bold line"
    );
    assert!(html.contains("<ul>\n<li>first norm</li>\n<li>second norm</li>\n</ul>"));
    assert!(html.contains(
        "We <strong>will</strong> read <em>every</em> <a href=\"http://example.com\">report</a> but not this one."
    ));
    assert!(
        !html.contains("javascript:"),
        "no javascript: address anywhere"
    );
    assert!(html.contains("Hollow &amp; &lt;Sons&gt; &quot;District&quot;"));
}

#[test]
fn docx_shows_titles_as_typed_and_prose_with_its_structure() {
    let content = hostile_plan();
    let docx = export(&input(&content), Format::Docx).unwrap();
    let xml = support::docx_part(&docx, "word/document.xml");
    assert!(xml.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
    assert!(
        !xml.contains("<script"),
        "user text never becomes an XML element"
    );
    assert!(xml.contains(">| a | b |<"), "pipes stay text in a DOCX run");
    for item in ["first norm", "second norm"] {
        assert!(
            xml.contains(&format!(
                r#"<w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">{item}</w:t>"#
            )),
            "`- {item}` is a Word list paragraph"
        );
    }
    assert!(xml.contains(
        r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">will</w:t></w:r>"#
    ));
    assert!(xml.contains(
        r#"<w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">every</w:t></w:r>"#
    ));
    assert!(xml.contains(r#"<w:hyperlink r:id="rIdLink1" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">report</w:t></w:r></w:hyperlink>"#));
    let rels = support::docx_part(&docx, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.com" TargetMode="External""#), "{rels}");
    assert!(!rels.contains("javascript") && !xml.contains("javascript"));
    let core = support::docx_part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Plan &lt;script&gt;"),
        "the title is escaped too: {core}"
    );
}

#[test]
fn pdf_shows_titles_as_typed_and_prose_with_its_structure() {
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
        "**not bold** and _not italic_ [not a link](http://example.com)",
        "#set page(width: 1cm) $x^2$ #emph[typst]",
        "• first norm",
        "• second norm",
        "We will read every report but not this one.",
    ] {
        assert!(
            text.contains(literal),
            "the PDF shows `{literal}`; it has:\n{text}"
        );
    }
    assert!(
        !text.contains("**will**"),
        "strong emphasis is bold, not asterisks"
    );
}
