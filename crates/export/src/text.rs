//! Turning what people typed into text every format can carry, and figures and dates into the
//! words people read.

use chrono::NaiveDate;

/// The text with line endings made `\n`, tabs made spaces and every other control character (and
/// the two non-characters XML forbids) removed: a DOCX or PDF must never fail on a stray byte
/// pasted from another program.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The paragraphs of a piece of prose: split on blank lines, each trimmed, line breaks inside a
/// paragraph kept as `\n`.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let text = clean(text);
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Text for one line (a heading, a table cell): whitespace runs, line breaks included, become
/// one space.
pub(crate) fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Prose for a fact's value: paragraphs kept apart by line breaks.
pub(crate) fn lines(text: &str) -> String {
    paragraphs(text).join("\n")
}

/// Whether someone has written anything.
pub(crate) fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A calendar date as people read it ("March 4, 2026"); text that is not a date is shown as
/// written.
pub(crate) fn date(text: &str) -> String {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) => long_date(d),
        Err(_) => one_line(text),
    }
}

/// The date of an RFC 3339 time ("2026-11-20T14:03:00Z" → "November 20, 2026").
pub(crate) fn date_of_time(text: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(text.trim()) {
        Ok(t) => long_date(t.date_naive()),
        Err(_) => date(text),
    }
}

pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}

/// An optional date, or empty.
pub(crate) fn opt_date(d: &Option<String>) -> String {
    d.as_deref().map(date).unwrap_or_default()
}

/// A measured value without needless decimals: `38.5`, `1,200`, `0.25`.
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    let text = format!("{abs:.2}");
    let decimals = text
        .split_once('.')
        .map(|(_, d)| d.trim_end_matches('0'))
        .unwrap_or("");
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(&format!("{whole:.0}")));
    if !decimals.is_empty() {
        out.push('.');
        out.push_str(decimals);
    }
    out
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value in a measure's unit: `42% of students` for a unit starting with `%`, else `12 days`.
pub(crate) fn with_unit(v: f64, unit: &str) -> String {
    let n = number(v);
    let unit = one_line(unit);
    if unit.is_empty() {
        n
    } else if unit.starts_with('%') {
        format!("{n}{unit}")
    } else {
        format!("{n} {unit}")
    }
}

/// A short excerpt for places with little room, cut at a word.
pub(crate) fn excerpt(text: &str, max_chars: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max_chars {
        return line;
    }
    let mut out: String = line.chars().take(max_chars).collect();
    if let Some(space) = out.rfind(' ') {
        if space > max_chars / 2 {
            out.truncate(space);
        }
    }
    out.push('…');
    out
}

/// Joins the non-empty parts with `sep`.
pub(crate) fn join_nonempty<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// A slug for Markdown heading links, the way common Markdown hosts derive them.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_figures() {
        assert_eq!(number(38.5), "38.5");
        assert_eq!(number(1200.0), "1,200");
        assert_eq!(number(-0.25), "-0.25");
        assert_eq!(number(2.0 / 3.0), "0.67");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(with_unit(42.0, "% of students"), "42% of students");
        assert_eq!(with_unit(12.0, "days"), "12 days");
    }

    #[test]
    fn stray_control_characters_are_dropped() {
        assert_eq!(clean("a\u{0}b\u{7}c\r\nd\re\tf"), "abc\nd\ne f");
        assert_eq!(
            paragraphs("one\n  two \n\n\n three"),
            vec!["one\ntwo", "three"]
        );
    }

    #[test]
    fn dates_read_like_dates() {
        assert_eq!(date("2026-03-04"), "March 4, 2026");
        assert_eq!(date("spring 2026"), "spring 2026");
        assert_eq!(date_of_time("2026-11-20T14:03:00Z"), "November 20, 2026");
    }
}
