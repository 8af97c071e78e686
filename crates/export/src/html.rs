//! One self-contained HTML file: landmarks, one `h1`, sections with real headings, tables with
//! captions and header cells, a chart with its text alternative, styles for screen and print.
//!
//! The plan's text is escaped, never interpreted: it is data, and there is no markup in it to
//! sanitize. The structure people gave their prose (lists, emphasis, links) arrives already read
//! into the document's blocks and spans (`prose`), and is written here as elements of our own.

use std::fmt::Write as _;

use crate::document::{Block, Chart, Document, Fact, ListItem, Mark, Span, Table};

const STYLE: &str = include_str!("html/plan.css");

pub(crate) fn render(doc: &Document) -> String {
    let mut h = String::with_capacity(128 * 1024);
    let title = esc(&doc.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Throughline\">\n",
        lang = doc.lang
    );
    if !doc.author.is_empty() {
        let _ = writeln!(h, "<meta name=\"author\" content=\"{}\">", esc(&doc.author));
    }
    let _ = write!(
        h,
        "<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
    );
    h.push_str("<a class=\"skip\" href=\"#main\">Skip to the plan</a>\n");

    h.push_str("<header class=\"cover\">\n");
    if !doc.cover.district.is_empty() {
        let _ = writeln!(h, "<p class=\"district\">{}</p>", esc(&doc.cover.district));
    }
    let _ = writeln!(h, "<h1>{}</h1>", esc(&doc.cover.title));
    if !doc.cover.period.is_empty() {
        let _ = writeln!(h, "<p class=\"period\">{}</p>", esc(&doc.cover.period));
    }
    facts(&mut h, &doc.cover.facts);
    h.push_str("</header>\n");

    h.push_str("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    for s in &doc.sections {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            s.anchor,
            esc(&s.title)
        );
    }
    h.push_str("</ol>\n</nav>\n<main id=\"main\">\n");
    let mut charts = 0;
    for s in &doc.sections {
        let _ = writeln!(
            h,
            "<section aria-labelledby=\"{a}\">\n<h2 id=\"{a}\">{t}</h2>",
            a = s.anchor,
            t = esc(&s.title)
        );
        for b in &s.blocks {
            block(&mut h, b, &mut charts);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n<footer>\n");
    let _ = writeln!(h, "<p>{title}</p>");
    h.push_str("</footer>\n</body>\n</html>\n");
    h
}

fn block(h: &mut String, b: &Block, charts: &mut usize) {
    match b {
        Block::Heading { level, text } => {
            // The section title is h2 below the document's h1, so plan levels shift by one.
            let n = (level + 1).clamp(3, 6);
            let _ = writeln!(h, "<h{n}>{}</h{n}>", esc(text));
        }
        Block::Paragraph { spans } => {
            h.push_str("<p>");
            spans_html(h, spans);
            h.push_str("</p>\n");
        }
        Block::Note { text } => {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(text));
        }
        Block::Facts { facts: f } => facts(h, f),
        Block::List { ordered, items } => list(h, *ordered, items),
        Block::Quote { paragraphs } => {
            h.push_str("<blockquote>\n");
            for p in paragraphs {
                h.push_str("<p>");
                spans_html(h, &[Span::plain(p)]);
                h.push_str("</p>\n");
            }
            h.push_str("</blockquote>\n");
        }
        Block::Table(t) => table(h, t),
        Block::Chart(c) => {
            *charts += 1;
            chart(h, c, *charts);
        }
        Block::Signatures { signers } => {
            for s in signers {
                h.push_str("<div class=\"signature\">\n");
                let who = s.heading();
                if who.is_empty() {
                    h.push_str("<p class=\"sign-lines\"><span>Name and role</span></p>\n");
                } else {
                    let _ = writeln!(h, "<p class=\"signer\">{}</p>", esc(&who));
                }
                if !s.recorded.is_empty() {
                    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&s.recorded));
                }
                h.push_str(
                    "<p class=\"sign-lines\"><span>Signature</span><span>Date</span></p>\n</div>\n",
                );
            }
        }
    }
}

fn spans_html(h: &mut String, spans: &[Span]) {
    for s in spans {
        match s.mark {
            Mark::None => {}
            Mark::Inserted => h.push_str("<ins>"),
            Mark::Deleted => h.push_str("<del>"),
        }
        if let Some(url) = &s.link {
            let _ = write!(h, "<a href=\"{}\">", esc(url));
        }
        if s.strong {
            h.push_str("<strong>");
        }
        if s.emphasis {
            h.push_str("<em>");
        }
        for (i, line) in s.text.split('\n').enumerate() {
            if i > 0 {
                h.push_str("<br>");
            }
            h.push_str(&esc(line));
        }
        if s.emphasis {
            h.push_str("</em>");
        }
        if s.strong {
            h.push_str("</strong>");
        }
        if s.link.is_some() {
            h.push_str("</a>");
        }
        match s.mark {
            Mark::None => {}
            Mark::Inserted => h.push_str("</ins>"),
            Mark::Deleted => h.push_str("</del>"),
        }
    }
}

fn facts(h: &mut String, facts: &[Fact]) {
    if facts.is_empty() {
        return;
    }
    h.push_str("<dl class=\"facts\">\n");
    for f in facts {
        let _ = write!(h, "<div><dt>{}</dt><dd>", esc(&f.label));
        spans_html(h, &[Span::plain(&f.value)]);
        h.push_str("</dd></div>\n");
    }
    h.push_str("</dl>\n");
}

fn list(h: &mut String, ordered: bool, items: &[ListItem]) {
    let tag = if ordered { "ol" } else { "ul" };
    let _ = writeln!(h, "<{tag}>");
    for item in items {
        h.push_str("<li>");
        spans_html(h, &item.spans);
        if !item.children.is_empty() {
            h.push('\n');
            list(h, false, &item.children);
        }
        h.push_str("</li>\n");
    }
    let _ = writeln!(h, "</{tag}>");
}

fn table(h: &mut String, t: &Table) {
    h.push_str("<table>\n");
    if !t.caption.is_empty() {
        let _ = writeln!(h, "<caption>{}</caption>", esc(&t.caption));
    }
    h.push_str("<thead>\n<tr>");
    for c in &t.columns {
        let class = if c.numeric { " class=\"num\"" } else { "" };
        let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", esc(&c.label));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &t.rows {
        h.push_str("<tr>");
        for (i, c) in t.columns.iter().enumerate() {
            let value = esc(row.get(i).map(String::as_str).unwrap_or(""));
            let class = if c.numeric { " class=\"num\"" } else { "" };
            if i == 0 && t.row_headers {
                let _ = write!(h, "<th scope=\"row\"{class}>{value}</th>");
            } else {
                let _ = write!(h, "<td{class}>{value}</td>");
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

/// Chart geometry, in SVG user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const TOP: f64 = 48.0;
const BASE: f64 = 260.0;
/// Room at the left for the value axis's labels.
const LEFT: f64 = 64.0;
pub(crate) const INVESTMENT_COLOUR: &str = "1F4E79";
pub(crate) const SOURCE_COLOUR: &str = "B4540A";

/// An inline SVG bar chart. Screen readers get its title and full text alternative; the table
/// that follows in the section holds the same figures.
fn chart(h: &mut String, c: &Chart, n: usize) {
    let id = format!("chart-{n}");
    let _ = write!(
        h,
        "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        esc(&c.title),
        esc(&c.description)
    );
    // Legend.
    for (i, (name, colour)) in c
        .series
        .iter()
        .zip([INVESTMENT_COLOUR, SOURCE_COLOUR])
        .enumerate()
    {
        let x = 12.0 + i as f64 * 160.0;
        let _ = writeln!(
            h,
            "<rect x=\"{x}\" y=\"12\" width=\"14\" height=\"14\" fill=\"#{colour}\"/>\
             <text x=\"{}\" y=\"24\" class=\"legend\">{}</text>",
            x + 20.0,
            esc(name)
        );
    }
    let scale = (BASE - TOP - 18.0) / c.max.max(1.0);
    // The value axis: a faint line and a label at each mark, figures written as on the bars.
    for tick in &c.ticks {
        let y = BASE - tick.value * scale;
        let _ = writeln!(
            h,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#d9dee3\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{:.1}\" class=\"tick\">{}</text>",
            WIDTH - 8.0,
            LEFT - 6.0,
            y + 4.0,
            esc(&tick.label)
        );
    }
    let _ = writeln!(
        h,
        "<line x1=\"{LEFT}\" y1=\"{BASE}\" x2=\"{}\" y2=\"{BASE}\" stroke=\"#555\" stroke-width=\"1\"/>",
        WIDTH - 8.0
    );
    let groups = c.groups.len().max(1) as f64;
    let slot = (WIDTH - LEFT - 8.0) / groups;
    let bar = (slot * 0.32).min(70.0);
    for (g, group) in c.groups.iter().enumerate() {
        let centre = LEFT + slot * (g as f64 + 0.5);
        for (i, colour) in [INVESTMENT_COLOUR, SOURCE_COLOUR].iter().enumerate() {
            let value = group.values[i].max(0.0);
            let height = (value * scale).max(if value > 0.0 { 1.0 } else { 0.0 });
            let x = centre - bar - 2.0 + i as f64 * (bar + 4.0);
            let y = BASE - height;
            let _ = writeln!(
                h,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{height:.1}\" fill=\"#{colour}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\">{}</text>",
                x + bar / 2.0,
                y - 5.0,
                esc(&group.labels[i])
            );
        }
        let _ = writeln!(
            h,
            "<text x=\"{centre:.1}\" y=\"{:.1}\" class=\"year\">{}</text>",
            BASE + 20.0,
            esc(&group.label)
        );
    }
    let _ = writeln!(
        h,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>",
        esc(&c.caption())
    );
}

/// Text made safe for HTML text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
