//! CommonMark with GFM tables, for pasting into other tools.
//!
//! Every piece of the plan's text is escaped so that a Markdown reader shows it exactly as typed:
//! `# heading` stays a line of text, `| a | b |` stays in its cell, `<script>` is shown, not run.

use std::collections::HashMap;

use crate::document::{Block, Chart, Document, Fact, ListItem, Mark, Span, Table};
use crate::text;

pub(crate) fn render(doc: &Document) -> String {
    let mut w = Writer {
        out: String::with_capacity(64 * 1024),
    };
    w.heading(1, &doc.cover.title);
    if !doc.cover.district.is_empty() {
        w.paragraph(&[Span::strong(&doc.cover.district)]);
    }
    if !doc.cover.period.is_empty() {
        w.paragraph(&[Span::plain(format!(
            "Planning period: {}",
            doc.cover.period
        ))]);
    }
    w.facts(&doc.cover.facts);

    // Links follow the slugs that common Markdown hosts give headings; every heading counts, in
    // order, so that repeated titles get the suffixes the host gives them.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut slug = |title: &str| {
        let base = text::slug(&text::one_line(title));
        let n = seen.entry(base.clone()).or_insert(0);
        let s = if *n == 0 { base } else { format!("{base}-{n}") };
        *n += 1;
        s
    };
    slug(&doc.cover.title);
    slug("Contents");
    let mut anchors = Vec::new();
    for section in &doc.sections {
        anchors.push(slug(&section.title));
        for block in &section.blocks {
            if let Block::Heading { text, .. } = block {
                slug(text);
            }
        }
    }
    w.heading(2, "Contents");
    for (section, anchor) in doc.sections.iter().zip(&anchors) {
        w.out.push_str(&format!(
            "- [{}](#{})\n",
            inline(&section.title, false),
            anchor
        ));
    }
    w.out.push('\n');
    for section in &doc.sections {
        w.heading(2, &section.title);
        for block in &section.blocks {
            w.block(block);
        }
    }
    w.out.truncate(w.out.trim_end().len());
    w.out.push('\n');
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn heading(&mut self, level: usize, title: &str) {
        self.out.push_str(&"#".repeat(level.clamp(1, 6)));
        self.out.push(' ');
        self.out.push_str(&inline(&text::one_line(title), false));
        self.out.push_str("\n\n");
    }

    fn paragraph(&mut self, spans: &[Span]) {
        self.out.push_str(&spans_md(spans, ""));
        self.out.push_str("\n\n");
    }

    fn facts(&mut self, facts: &[Fact]) {
        if facts.is_empty() {
            return;
        }
        for f in facts {
            let spans = [
                Span::strong(format!("{}:", f.label)),
                Span::plain(format!(" {}", f.value)),
            ];
            self.out.push_str("- ");
            self.out.push_str(&spans_md(&spans, "  "));
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn list(&mut self, ordered: bool, items: &[ListItem], indent: &str) {
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}. ", i + 1)
            } else {
                "- ".to_string()
            };
            let inner = format!("{indent}{}", " ".repeat(marker.len()));
            self.out.push_str(indent);
            self.out.push_str(&marker);
            self.out.push_str(&spans_md(&item.spans, &inner));
            self.out.push('\n');
            if !item.children.is_empty() {
                self.list(false, &item.children, &inner);
            }
        }
        if indent.is_empty() {
            self.out.push('\n');
        }
    }

    fn table(&mut self, t: &Table) {
        if !t.caption.is_empty() {
            self.out.push('*');
            self.out
                .push_str(&inline(&text::one_line(&t.caption), false));
            self.out.push_str("*\n\n");
        }
        let cell = |s: &str| {
            let s = inline(&text::one_line(s), false);
            if s.is_empty() {
                crate::compose::NONE.to_string()
            } else {
                s
            }
        };
        self.out.push('|');
        for c in &t.columns {
            self.out.push_str(&format!(" {} |", cell(&c.label)));
        }
        self.out.push_str("\n|");
        for c in &t.columns {
            self.out
                .push_str(if c.numeric { " ---: |" } else { " --- |" });
        }
        self.out.push('\n');
        for row in &t.rows {
            self.out.push('|');
            for i in 0..t.columns.len() {
                let value = row.get(i).map(String::as_str).unwrap_or("");
                self.out.push_str(&format!(" {} |", cell(value)));
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn chart(&mut self, c: &Chart) {
        // Markdown has no pictures of its own: the chart is given by its text alternative, and
        // the table that follows it holds the same figures.
        self.paragraph(&[
            Span::strong(format!("{}.", c.caption())),
            Span::plain(format!(" {}", c.description)),
        ]);
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => self.heading(usize::from(*level) + 1, text),
            Block::Paragraph { spans } => self.paragraph(spans),
            Block::Note { text } => {
                self.out.push('*');
                self.out.push_str(&inline(&text::one_line(text), false));
                self.out.push_str("*\n\n");
            }
            Block::Facts { facts } => self.facts(facts),
            Block::List { ordered, items } => self.list(*ordered, items, ""),
            Block::Quote { paragraphs } => {
                for (i, p) in paragraphs.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(">\n");
                    }
                    self.out.push_str("> ");
                    self.out.push_str(&spans_md(&[Span::plain(p)], "> "));
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.chart(c),
            Block::Signatures { signers } => {
                for s in signers {
                    let who = s.heading();
                    if who.is_empty() {
                        self.paragraph(&[Span::plain(format!("Name and role: {LINE}"))]);
                    } else {
                        self.paragraph(&[Span::strong(who)]);
                    }
                    if !s.recorded.is_empty() {
                        self.paragraph(&[Span::plain(&s.recorded)]);
                    }
                    self.paragraph(&[Span::plain(format!(
                        "Signature: {LINE}{LINE}  Date: {LINE}"
                    ))]);
                }
            }
        }
    }
}

/// A blank to write on, as printed (escaped like any text, so it stays underscores).
const LINE: &str = "________________";

/// Spans as inline Markdown. A `\n` becomes a hard line break; the next line starts with
/// `continuation` (the indentation of a list item, or `> ` in a quote).
///
/// Styles are opened and closed where they change, not around each span: a strong span beside
/// a strong-and-emphasised one is one `**…**` with `*…*` inside it, since two runs of markers
/// side by side (`**a*****b***`) would read as something else. Markers hug words: spaces
/// around a change of style are written outside them.
fn spans_md(spans: &[Span], continuation: &str) -> String {
    let mut line = StyledLine {
        at_start: true,
        ..StyledLine::default()
    };
    for (i, segments) in lines_of(spans).into_iter().enumerate() {
        if i > 0 {
            line.out.push_str("\\\n");
            line.out.push_str(continuation);
            line.at_start = true;
        }
        for segment in flanked(segments) {
            line.push(&segment, &segment.text);
        }
        line.end_line();
    }
    line.out
}

/// The spans split at their line breaks: one list of pieces per line.
fn lines_of(spans: &[Span]) -> Vec<Vec<Span>> {
    let mut lines = vec![Vec::new()];
    for span in spans {
        for (i, text) in span.text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if let Some(line) = lines.last_mut() {
                line.push(Span {
                    text: text.to_string(),
                    ..span.clone()
                });
            }
        }
    }
    lines
}

/// CommonMark opens `*` only before a word or after a space or punctuation, and closes it only
/// after a word or before a space or punctuation: `a*[b*` is no emphasis. A piece whose strong
/// or emphasis could not open or close where it stands is written plain, its words kept.
fn flanked(mut pieces: Vec<Span>) -> Vec<Span> {
    let punctuation = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    for i in 0..pieces.len() {
        if !(pieces[i].strong || pieces[i].emphasis) || pieces[i].text.trim().is_empty() {
            continue;
        }
        let styled = |p: &Span| p.strong || p.emphasis;
        let before = pieces[..i]
            .iter()
            .rev()
            .find_map(|p| p.text.chars().next_back().map(|c| (c, styled(p))));
        let after = pieces[i + 1..]
            .iter()
            .find_map(|p| p.text.chars().next().map(|c| (c, styled(p))));
        let text = &pieces[i].text;
        let first = text.chars().find(|c| !c.is_whitespace());
        let last = text.chars().rev().find(|c| !c.is_whitespace());
        let lead_space = text.starts_with(char::is_whitespace);
        let trail_space = text.ends_with(char::is_whitespace);
        // Opening: the marker sits between what comes before and the first word.
        let opens_badly = !lead_space
            && matches!(before, Some((c, false)) if c.is_alphanumeric())
            && first.is_some_and(punctuation);
        // Closing: between the last word and what comes after.
        let closes_badly = !trail_space
            && matches!(after, Some((c, false)) if c.is_alphanumeric())
            && last.is_some_and(punctuation);
        if opens_badly || closes_badly {
            pieces[i].strong = false;
            pieces[i].emphasis = false;
        }
    }
    pieces
}

/// A style a run of Markdown is inside: a link (outermost), strong, then emphasis.
#[derive(Clone, PartialEq)]
enum Style {
    Link(String),
    Strong,
    Emphasis,
}

#[derive(Default)]
struct StyledLine {
    out: String,
    open: Vec<Style>,
    /// Spaces after the last words, written once the styles that follow are settled.
    pending: String,
    /// Nothing of this line written yet (block syntax would be read at its start).
    at_start: bool,
}

impl StyledLine {
    fn push(&mut self, span: &Span, text: &str) {
        if text.is_empty() {
            return;
        }
        let core = text.trim();
        if core.is_empty() {
            self.pending.push_str(text);
            return;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        let mut wanted = Vec::new();
        if let Some(url) = &span.link {
            wanted.push(Style::Link(url.clone()));
        }
        if span.strong {
            wanted.push(Style::Strong);
        }
        if span.emphasis {
            wanted.push(Style::Emphasis);
        }
        let kept = self
            .open
            .iter()
            .zip(&wanted)
            .take_while(|(a, b)| a == b)
            .count();
        self.close_to(kept);
        let pending = std::mem::take(&mut self.pending);
        if self.at_start {
            self.out.push_str(pending.trim_start());
            self.out.push_str(lead.trim_start());
        } else {
            self.out.push_str(&pending);
            self.out.push_str(lead);
        }
        for style in &wanted[kept..] {
            self.out.push_str(match style {
                Style::Link(_) => "[",
                Style::Strong => "**",
                Style::Emphasis => "*",
            });
        }
        let line_start = self.at_start && kept == wanted.len();
        self.open = wanted;
        // A redline's marks as the inline HTML CommonMark passes through: <ins> and <del>
        // say what they mean to a screen reader wherever the Markdown ends up.
        let (open, close) = match span.mark {
            Mark::None => ("", ""),
            Mark::Inserted => ("<ins>", "</ins>"),
            Mark::Deleted => ("<del>", "</del>"),
        };
        self.out.push_str(open);
        self.out
            .push_str(&inline(core, line_start && open.is_empty()));
        self.out.push_str(close);
        self.pending.push_str(trail);
        self.at_start = false;
    }

    /// Closes open styles down to the first `keep`.
    fn close_to(&mut self, keep: usize) {
        while self.open.len() > keep {
            match self.open.pop() {
                Some(Style::Link(url)) => {
                    self.out
                        .push_str(&format!("](<{}>)", link_destination(&url)));
                }
                Some(Style::Strong) => self.out.push_str("**"),
                Some(Style::Emphasis) => self.out.push('*'),
                None => {}
            }
        }
    }

    /// Closes every style; spaces at the end of a line say nothing and are dropped.
    fn end_line(&mut self) {
        self.close_to(0);
        self.pending.clear();
    }
}

/// A link's address as a CommonMark destination in `<…>`, where only `<`, `>`, a backslash and
/// a line break could end it early; those are percent-encoded, as a browser would send them.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of text escaped so that CommonMark (with GFM tables, strikethrough and autolinks)
/// reads it back as exactly this text. `line_start` says whether block syntax (`-`, `+`, `=`,
/// `1.`) could be recognised at its beginning.
pub(crate) fn inline(line: &str, line_start: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut from = 0;
    if line_start {
        match chars.first() {
            Some(&c @ ('-' | '+' | '=')) => {
                out.push('\\');
                out.push(c);
                from = 1;
            }
            Some(c) if c.is_ascii_digit() => {
                let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
                if let Some(&mark @ ('.' | ')')) = chars.get(digits) {
                    out.extend(&chars[..digits]);
                    out.push('\\');
                    out.push(mark);
                    from = digits + 1;
                }
            }
            _ => {}
        }
    }
    escape_chars(&mut out, &chars[from..]);
    out
}

fn escape_chars(out: &mut String, chars: &[char]) {
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' if entity_follows(&chars[i + 1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
    }
}

/// Whether the text after an `&` would be read as an entity or character reference.
fn entity_follows(rest: &[char]) -> bool {
    let Some(semi) = rest.iter().take(34).position(|&c| c == ';') else {
        return false;
    };
    let body = &rest[..semi];
    match body {
        ['#', 'x' | 'X', hex @ ..] => !hex.is_empty() && hex.iter().all(char::is_ascii_hexdigit),
        ['#', dec @ ..] => !dec.is_empty() && dec.iter().all(char::is_ascii_digit),
        [first, ..] => first.is_ascii_alphabetic() && body.iter().all(char::is_ascii_alphanumeric),
        [] => false,
    }
}
