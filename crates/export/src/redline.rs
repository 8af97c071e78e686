//! A redline: what changed between two versions of a plan (or a version and the draft), as a
//! document for a cabinet or a board, in any of the four formats. The comparison itself is the
//! plan model's (`throughline_plan::compare`); this only lays it out, section by section, with
//! inserted words underlined and deleted words struck through.

use chrono::NaiveDate;
use throughline_plan::{ChangeKind, SectionChange, SpanKind};

use crate::document::{Block, Cover, Document, Fact, Mark, Section, Span};
use crate::text::{self, long_date};
use crate::{ExportError, Format, PdfFonts};

/// What a redline shows.
#[derive(Clone, Copy, Debug)]
pub struct RedlineInput<'a> {
    /// The plan's title and district, as on the newer side.
    pub title: &'a str,
    pub district: &'a str,
    /// The two sides as people name them (`"Draft for cabinet"`, `the current draft`).
    pub from: &'a str,
    pub to: &'a str,
    /// The changes, section by section (empty: the two say the same thing).
    pub sections: &'a [SectionChange],
    /// The date printed on the cover.
    pub exported_on: NaiveDate,
    /// Fonts for the PDF; only a PDF needs them, and asking for one without them is an error.
    pub fonts: Option<&'a PdfFonts>,
}

/// The redline in `format`. Deterministic: the same input gives the same bytes.
pub fn export_redline(input: &RedlineInput, format: Format) -> Result<Vec<u8>, ExportError> {
    crate::render(&document(input), format, input.exported_on, input.fonts)
}

fn document(input: &RedlineInput) -> Document {
    let title = format!("Changes to {}", text::one_line(input.title));
    let n = input.sections.len();
    let mut facts = vec![
        Fact::new("From", text::one_line(input.from)),
        Fact::new("To", text::one_line(input.to)),
        Fact::new(
            "Sections changed",
            if n == 0 {
                "none: the two say the same thing".to_string()
            } else {
                n.to_string()
            },
        ),
    ];
    facts.push(Fact::new("Compared on", long_date(input.exported_on)));
    let legend = Section {
        anchor: "s-reading".to_string(),
        title: "How to read this redline".to_string(),
        blocks: vec![Block::Paragraph {
            spans: vec![
                Span::plain("Words only in the newer text are "),
                Span::marked("underlined (inserted)", Mark::Inserted),
                Span::plain("; words only in the older text are "),
                Span::marked("struck through (deleted)", Mark::Deleted),
                Span::plain(format!(
                    ". Older: {}. Newer: {}. Sections with no change are left out.",
                    text::one_line(input.from),
                    text::one_line(input.to)
                )),
            ],
        }],
    };
    let mut sections = vec![legend];
    for (i, change) in input.sections.iter().enumerate() {
        sections.push(section(i, change));
    }
    Document {
        title: title.clone(),
        lang: "en-US",
        author: text::one_line(input.district),
        cover: Cover {
            district: text::one_line(input.district),
            title,
            period: String::new(),
            facts,
        },
        sections,
    }
}

fn section(i: usize, change: &SectionChange) -> Section {
    let anchor = match change.section {
        Some(id) => format!("s-{}", id.as_str().replace('_', "-")),
        None => format!("s-record-{i}"),
    };
    let mut blocks = Vec::new();
    for item in &change.items {
        let what = match item.kind {
            ChangeKind::Added => "Added",
            ChangeKind::Removed => "Removed",
            ChangeKind::Changed => "Changed",
        };
        let name = text::one_line(&item.title);
        let mut heading = if name.is_empty() {
            format!("{what}: {}", item.noun)
        } else {
            format!("{what}: {} “{name}”", item.noun)
        };
        if let Some(within) = &item.within {
            heading.push_str(&format!(" in “{}”", text::one_line(within)));
        }
        blocks.push(Block::heading(2, heading));
        for field in &item.fields {
            let mut spans = vec![Span::strong(format!("{}: ", field.label))];
            spans.extend(field.spans.iter().map(|s| {
                let mark = match s.kind {
                    SpanKind::Same => Mark::None,
                    SpanKind::Inserted => Mark::Inserted,
                    SpanKind::Deleted => Mark::Deleted,
                };
                Span::marked(text::clean(&s.text), mark)
            }));
            blocks.push(Block::Paragraph { spans });
        }
    }
    Section {
        anchor,
        title: change.label.clone(),
        blocks,
    }
}
