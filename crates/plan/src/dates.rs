//! Dates and fiscal years as districts write them ("9/1/2025", "Sept 1 2025", "FY26",
//! "2025–2026"), read into the plan's one stored form (`2025-09-01`, `2025-26`).
//!
//! Writing a date or fiscal-year field goes through here, so every front end (the editor, the
//! CLI, a JSON import) accepts the same forms and stores the same text.

use chrono::NaiveDate;

/// What a person is told when a date cannot be read.
pub const DATE_FORMS: &str = "write it like 9/1/2025, Sept 1 2025 or 2025-09-01";

/// What a person is told when a fiscal year cannot be read.
pub const FISCAL_YEAR_FORMS: &str = "write it like 2025-26, 2025–2026, FY26 or FY 2026";

/// `YYYY-MM-DD`, a real calendar date: the form the plan stores.
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// `YYYY-YY` where the second year follows the first (`2026-27`, `2099-00`): the form the plan
/// stores.
pub fn is_fiscal_year(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return false;
    }
    match (s[..4].parse::<u32>(), s[5..].parse::<u32>()) {
        (Ok(first), Ok(second)) => (first + 1) % 100 == second,
        _ => false,
    }
}

/// A date as US districts write it, in the plan's form, or `None` when it is not one:
/// ISO (`2025-09-01`, `2025-9-1`), month/day/year (`9/1/2025`, `9-1-25`) and the month by name
/// (`June 30, 2026`, `Sept. 1 2025`, `1 September 2025`, `September 1st, 2025`).
/// A date that does not exist (`2/30/2026`) is not one.
pub fn read_date(text: &str) -> Option<String> {
    let words = words(text);
    let date = match words.as_slice() {
        [Word::Number(y), Word::Number(m), Word::Number(d)] if y.len() == 4 => {
            ymd(number(y)?, number(m)?, number(d)?)
        }
        [Word::Number(m), Word::Number(d), Word::Number(y)] if separated_by_slash_or_dash(text) => {
            ymd(year(y)?, number(m)?, number(d)?)
        }
        [Word::Month(m), Word::Number(d), Word::Number(y)] => ymd(year(y)?, *m, number(d)?),
        [Word::Number(d), Word::Month(m), Word::Number(y)] => ymd(year(y)?, *m, number(d)?),
        _ => None,
    }?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// A fiscal year as districts write it, in the plan's form (`2025-26`), or `None`:
/// `2025-26`, `2025–26`, `2025-2026`, `2025/26`, and `FY26`, `FY 2026`, `FY2025-26`. A fiscal
/// year named by one year is the one that ends in it, as US districts count them (FY26 runs
/// July 2025 to June 2026), so `FY26` is `2025-26`.
pub fn read_fiscal_year(text: &str) -> Option<String> {
    let t = text.trim();
    let (named, rest) = match t.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("fy") => (true, t[2..].trim_start()),
        _ => (false, t),
    };
    let numbers: Vec<&str> = rest.split(['-', '–', '—', '/']).map(str::trim).collect();
    if numbers
        .iter()
        .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let first = match numbers.as_slice() {
        // One year names the year the fiscal year ends in, and only with "FY" before it
        // ("2026" alone could be either end).
        [end] if named => year(end)?.checked_sub(1)?,
        [start, end] => {
            let start = year(start)?;
            let end_written = number(end)?;
            let follows = match end.len() {
                2 => (start + 1) % 100 == end_written,
                4 => start + 1 == end_written,
                _ => false,
            };
            if !follows {
                return None;
            }
            start
        }
        _ => return None,
    };
    Some(format!("{first:04}-{:02}", (first + 1) % 100))
}

/// The parts of a written date: numbers and month names; punctuation and ordinals dropped.
enum Word<'a> {
    Number(&'a str),
    Month(u32),
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '–' | ',' | '.'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &w[digits.len()..];
            if !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(
                    suffix.to_ascii_lowercase().as_str(),
                    "" | "st" | "nd" | "rd" | "th"
                )
            {
                Word::Number(digits)
            } else {
                month(w).map_or(Word::Number(""), Word::Month)
            }
        })
        .collect()
}

/// Month/day/year is read only between slashes or dashes ("9 1 2025" is not a date).
fn separated_by_slash_or_dash(text: &str) -> bool {
    text.contains('/') || text.contains('-')
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    // A full name or any start of one from three letters ("Sep", "Sept", "Septem").
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 {
        return None;
    }
    s.parse().ok()
}

/// A year of four digits, or two (`25` is 2025: plans look ahead, not back a century).
fn year(s: &str) -> Option<u32> {
    match s.len() {
        4 => number(s),
        2 => number(s).map(|y| 2000 + y),
        _ => None,
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::Value;

    /// The forms people type, from the table the UI's tests share (`tests/display_cases.json`).
    #[test]
    fn the_shared_table_of_written_dates_and_years_holds() {
        let cases: Value =
            serde_json::from_str(include_str!("../tests/display_cases.json")).unwrap();
        let table = |name: &str| cases[name].as_array().cloned().unwrap();
        let dates = table("dates");
        assert!(dates.iter().any(|c| c["stored"].is_null()));
        for case in dates {
            let stored = read_date(case["text"].as_str().unwrap());
            assert_eq!(stored.as_deref(), case["stored"].as_str(), "{case}");
            if let Some(s) = &stored {
                assert!(is_date(s), "{case}");
            }
        }
        let years = table("fiscal_year_forms");
        assert!(years.iter().any(|c| c["stored"].is_null()));
        for case in years {
            let stored = read_fiscal_year(case["text"].as_str().unwrap());
            assert_eq!(stored.as_deref(), case["stored"].as_str(), "{case}");
            if let Some(s) = &stored {
                assert!(is_fiscal_year(s), "{case}");
            }
        }
    }

    /// What the plan stores reads back as itself.
    #[test]
    fn the_stored_forms_are_read_as_they_are() {
        for s in ["2026-02-28", "1999-12-31"] {
            assert_eq!(read_date(s).as_deref(), Some(s));
        }
        for s in ["2026-27", "2099-00"] {
            assert_eq!(read_fiscal_year(s).as_deref(), Some(s));
        }
    }
}
