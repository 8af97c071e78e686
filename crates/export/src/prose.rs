//! Reads what people typed into a prose field as CommonMark, into the document's blocks: the one
//! reader of prose every format's writer consumes.
//!
//! Lists, emphasis, strong emphasis and links become real structure. Nothing else that CommonMark
//! could mean survives as markup: raw HTML is shown as the text that was typed (every writer
//! escapes text), a heading inside prose is a bold line (the document's outline belongs to the
//! plan, not to a field), a link goes only to a web or mail address, and code is plain text.
//!
//! People also write lists without markers, one item to a line (a team's norms, typed line by
//! line). A paragraph of two or more typed lines in which no line continues the one before (none
//! starts with a lower-case letter) is read as a bulleted list; a line that does continue its
//! sentence keeps the paragraph a paragraph, its line breaks kept.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::{Block, ListItem, Mark, Span};
use crate::text;

/// The blocks of a piece of prose; none when nothing is written.
pub(crate) fn blocks(prose: &str) -> Vec<Block> {
    let cleaned = text::clean(prose);
    let mut reader = Reader::default();
    // Plain CommonMark: no tables, footnotes or other extensions, so that text people type in
    // an ordinary sentence (a `|`, a `~`) stays text.
    for event in Parser::new_ext(&cleaned, Options::empty()) {
        reader.event(event);
    }
    reader.finish();
    reader.out
}

#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    /// The lines of the paragraph (or list item's text) being read; a soft break starts a line.
    lines: Vec<Vec<Span>>,
    strong: usize,
    emphasis: usize,
    /// The link the text being read belongs to, if its address is one we keep.
    link: Option<String>,
    /// Open lists, innermost last, each with its items so far.
    lists: Vec<(bool, Vec<ListItem>)>,
    /// Open list items, innermost last.
    items: Vec<ListItem>,
    /// Paragraphs of an open block quote.
    quote: Option<Vec<String>>,
    /// Inside a heading of the prose: its text is strong.
    heading: bool,
}

impl Reader {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t)
            }
            // Raw HTML is what someone typed, shown as typed: never markup in any format.
            Event::Html(t) | Event::InlineHtml(t) => self.push_text(t.trim_end_matches('\n')),
            Event::SoftBreak => self.lines.push(Vec::new()),
            Event::HardBreak => self.push_text("\n"),
            Event::FootnoteReference(t) => self.push_text(&format!("[^{t}]")),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Strong => self.strong += 1,
            Tag::Emphasis => self.emphasis += 1,
            Tag::Link { dest_url, .. } => self.link = kept_link(&dest_url),
            Tag::Heading { .. } => {
                self.flush();
                self.heading = true;
            }
            Tag::List(start) => {
                // A list inside an item ends the item's own text.
                self.flush();
                self.lists.push((start.is_some(), Vec::new()));
            }
            Tag::Item => self.items.push(ListItem {
                spans: Vec::new(),
                children: Vec::new(),
            }),
            Tag::BlockQuote(_) => {
                self.flush();
                if self.items.is_empty() && self.quote.is_none() {
                    self.quote = Some(Vec::new());
                }
            }
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Link => self.link = None,
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = false;
            }
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::Item => {
                self.flush();
                // An empty item (a lone `*` or `-`) says nothing: it is not written.
                if let Some(item) = self
                    .items
                    .pop()
                    .filter(|i| !i.spans.is_empty() || !i.children.is_empty())
                {
                    if let Some((_, items)) = self.lists.last_mut() {
                        items.push(item);
                    }
                }
            }
            TagEnd::List(_) => {
                let Some((ordered, items)) = self.lists.pop() else {
                    return;
                };
                if let Some(parent) = self.items.last_mut() {
                    parent.children.extend(items);
                } else if let Some(quote) = &mut self.quote {
                    quote.extend(items.iter().map(|i| format!("• {}", plain(&i.spans))));
                } else if !items.is_empty() {
                    self.out.push(Block::List { ordered, items });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                if self.items.is_empty() {
                    if let Some(paragraphs) = self.quote.take() {
                        if !paragraphs.is_empty() {
                            self.out.push(Block::Quote { paragraphs });
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        // An entity can spell a control character (`&#1;`) that the typed text did not hold.
        let span = Span {
            text: text::clean(t),
            strong: self.strong > 0 || self.heading,
            emphasis: self.emphasis > 0,
            link: self.link.clone(),
            mark: Mark::None,
        };
        if self.lines.is_empty() {
            self.lines.push(Vec::new());
        }
        if let Some(line) = self.lines.last_mut() {
            match line.last_mut() {
                Some(last) if same_style(last, &span) => last.text.push_str(&span.text),
                _ => line.push(span),
            }
        }
    }

    /// Puts the text read so far where it belongs: the open list item, the open quote, or a
    /// block of its own.
    fn flush(&mut self) {
        let lines: Vec<Vec<Span>> = std::mem::take(&mut self.lines)
            .into_iter()
            .map(trimmed)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        if let Some(item) = self.items.last_mut() {
            if !item.spans.is_empty() {
                item.spans.push(Span::plain("\n"));
            }
            item.spans.extend(joined(lines));
        } else if let Some(quote) = &mut self.quote {
            quote.push(plain(&joined(lines)));
        } else if lines.len() >= 2 && !lines[1..].iter().any(|l| continues(l)) {
            self.out.push(Block::List {
                ordered: false,
                items: lines
                    .into_iter()
                    .map(|spans| ListItem {
                        spans,
                        children: Vec::new(),
                    })
                    .collect(),
            });
        } else {
            self.out.push(Block::Paragraph {
                spans: joined(lines),
            });
        }
    }

    fn finish(&mut self) {
        self.flush();
        // Unclosed containers cannot happen with pulldown-cmark, which closes every tag it
        // opens; anything left would be a list it never ended, kept rather than lost.
        while let Some((ordered, items)) = self.lists.pop() {
            if !items.is_empty() {
                self.out.push(Block::List { ordered, items });
            }
        }
    }
}

/// Whether a line carries on the sentence of the line before it.
fn continues(line: &[Span]) -> bool {
    line.first()
        .and_then(|s| s.text.chars().next())
        .is_some_and(char::is_lowercase)
}

/// The lines as one run of spans, with line breaks between them.
fn joined(lines: Vec<Vec<Span>>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0 {
            push_merged(&mut out, Span::plain("\n"));
        }
        for span in line {
            push_merged(&mut out, span);
        }
    }
    out
}

fn push_merged(out: &mut Vec<Span>, span: Span) {
    match out.last_mut() {
        Some(last) if same_style(last, &span) => last.text.push_str(&span.text),
        _ => out.push(span),
    }
}

/// A line without the spaces around it (CommonMark keeps a line's leading spaces in some
/// places, and a hard break leaves a `\n` at the end of the text before it).
fn trimmed(mut line: Vec<Span>) -> Vec<Span> {
    if let Some(first) = line.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = line.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    line.retain(|s| !s.text.is_empty());
    line
}

fn same_style(a: &Span, b: &Span) -> bool {
    a.strong == b.strong && a.emphasis == b.emphasis && a.link == b.link && a.mark == b.mark
}

/// The words of spans, without their styles.
fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// A link's address if it is one a reader may follow from a document: a web page or an email.
/// Anything else (`javascript:`, `file:`, a relative path) leaves the words as plain text.
fn kept_link(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let kept = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    (kept && !url.chars().any(char::is_control)).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn words(spans: &[Span]) -> Vec<(&str, bool, bool, Option<&str>)> {
        spans
            .iter()
            .map(|s| (s.text.as_str(), s.strong, s.emphasis, s.link.as_deref()))
            .collect()
    }

    fn list_items(block: &Block) -> (bool, Vec<String>) {
        match block {
            Block::List { ordered, items } => {
                (*ordered, items.iter().map(|i| plain(&i.spans)).collect())
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn markdown_lists_are_lists() {
        let b = blocks("Our norms:\n\n- Students first\n- Start on time\n  - and end on time\n\n1. one\n2. two");
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(matches!(&b[0], Block::Paragraph { spans } if plain(spans) == "Our norms:"));
        assert_eq!(
            list_items(&b[1]),
            (false, vec!["Students first".into(), "Start on time".into()])
        );
        let Block::List { items, .. } = &b[1] else {
            unreachable!()
        };
        assert_eq!(plain(&items[1].children[0].spans), "and end on time");
        assert_eq!(list_items(&b[2]), (true, vec!["one".into(), "two".into()]));
    }

    #[test]
    fn lines_typed_one_under_another_are_a_list() {
        let b =
            blocks("Students first: every decision.\nData before opinion.\nStart and end on time.");
        assert_eq!(
            list_items(&b[0]),
            (
                false,
                vec![
                    "Students first: every decision.".into(),
                    "Data before opinion.".into(),
                    "Start and end on time.".into()
                ]
            )
        );
        // A sentence carried over to the next line is still a paragraph, its break kept.
        let b = blocks("We will meet monthly\nand publish the minutes.");
        assert!(
            matches!(&b[0], Block::Paragraph { spans } if plain(spans) == "We will meet monthly\nand publish the minutes."),
            "{b:?}"
        );
        // One line is a paragraph.
        assert!(matches!(
            &blocks("Just one line.")[0],
            Block::Paragraph { .. }
        ));
    }

    #[test]
    fn emphasis_strong_and_links_are_kept() {
        let b = blocks("We **will** read *every* [report](https://example.org/r?a=1&b=2).");
        let Block::Paragraph { spans } = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(
            words(spans),
            vec![
                ("We ", false, false, None),
                ("will", true, false, None),
                (" read ", false, false, None),
                ("every", false, true, None),
                (" ", false, false, None),
                (
                    "report",
                    false,
                    false,
                    Some("https://example.org/r?a=1&b=2")
                ),
                (".", false, false, None),
            ]
        );
    }

    #[test]
    fn nothing_unsafe_becomes_markup() {
        let b = blocks("<script>alert('x')</script>\n\nSee [this](javascript:alert(1)) and <b>bold</b>.\n\n# Not an outline heading");
        let texts: Vec<String> = b
            .iter()
            .map(|b| match b {
                Block::Paragraph { spans } => plain(spans),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                "<script>alert('x')</script>",
                "See this and <b>bold</b>.",
                "Not an outline heading"
            ]
        );
        let Block::Paragraph { spans } = &b[1] else {
            unreachable!()
        };
        assert!(
            spans.iter().all(|s| s.link.is_none()),
            "a javascript: link is only words"
        );
        let Block::Paragraph { spans } = &b[2] else {
            unreachable!()
        };
        assert!(
            spans.iter().all(|s| s.strong),
            "a heading in prose is a bold line"
        );
    }

    #[test]
    fn blank_prose_is_nothing() {
        assert!(blocks("").is_empty());
        assert!(blocks("  \n\n \t").is_empty());
    }
}
