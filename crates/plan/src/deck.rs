//! Trade-off card decks (after ERS's Budget Hold'em): TOML data files of investments and sources
//! a room plays into its plan, and what playing a card writes into the ledger.
//!
//! Like templates, the built-in decks (`assets/decks/*.toml`) are compiled in and a
//! facilitator's own files are read by `app` and handed in as text; a bad file is refused as a
//! [`TemplateError`] naming the file, the line and the field.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map as JsonMap, Value};

use crate::template::{
    key, located_violation, read_toml, violation, Seg, TemplateError, Violation,
};
use crate::vocab::{FundSource, LineKind, ResourceCategory, SourceKind, Unit};

/// The built-in deck files: (origin shown in errors, text).
const BUILTIN_SOURCES: [(&str, &str); 2] = [
    (
        "assets/decks/general.toml",
        include_str!("../../../assets/decks/general.toml"),
    ),
    (
        "assets/decks/cedar-hollow.toml",
        include_str!("../../../assets/decks/cedar-hollow.toml"),
    ),
];

/// The most years one card's figures may span (a plan runs three to five).
pub const MAX_CARD_YEARS: usize = 10;

/// A deck of trade-off cards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Lowercase letters, digits and `-`; unique among the decks on offer.
    pub id: String,
    /// What the room calls the deck.
    pub name: String,
    /// What the deck is for and where its figures come from.
    #[serde(default)]
    pub description: String,
    pub cards: Vec<Card>,
}

/// One card: an investment the plan could make, or a source that could pay for one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Unique within its deck.
    pub id: String,
    /// The card's face: what it buys, stops or shifts.
    pub name: String,
    /// `investment` or `source` (the ledger's line kinds).
    pub kind: String,
    /// For a source: `stop`, `shrink`, `reallocate` or `new_revenue`.
    #[serde(default)]
    pub source_kind: Option<String>,
    /// For a source that stops or shrinks something: what stops.
    #[serde(default)]
    pub stops: String,
    /// The stakeholders it affects, and how.
    #[serde(default)]
    pub stakeholders: String,
    /// Who usually tells the people affected (the room may change it once played).
    #[serde(default)]
    pub tell: String,
    /// A note on the evidence behind the card and its figures.
    #[serde(default)]
    pub evidence: String,
    /// The fund it is paid from or returns to (a `fund_source` key).
    #[serde(default)]
    pub fund_source: Option<String>,
    /// `people`, `time` or `money`.
    #[serde(default)]
    pub category: Option<String>,
    /// One-time money: it ends, which is where funding cliffs come from.
    #[serde(default)]
    pub one_time: bool,
    /// Whole dollars in each year from the year it is played.
    #[serde(default)]
    pub dollars: Vec<i64>,
    /// Staff positions in each year (up to two decimals).
    #[serde(default)]
    pub fte: Vec<f64>,
    /// Teacher-hours in each year.
    #[serde(default)]
    pub teacher_hours: Vec<i64>,
    /// Student-minutes in each year.
    #[serde(default)]
    pub student_minutes: Vec<i64>,
}

impl Deck {
    /// Parses and checks a deck file. `origin` names the file in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<Deck, TemplateError> {
        let deck: Deck = read_toml(text, origin)?;
        match deck.check() {
            Ok(()) => Ok(deck),
            Err(v) => Err(located_violation(text, origin, v)),
        }
    }

    /// The card with this id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    fn check(&self) -> Result<(), Violation> {
        if !is_deck_id(&self.id) {
            return Err(violation(
                vec![key("id")],
                "use lowercase letters, digits and `-` only, and not nothing",
            ));
        }
        if self.name.trim().is_empty() {
            return Err(violation(vec![key("name")], "give the deck a name"));
        }
        if self.cards.is_empty() {
            return Err(violation(
                vec![key("cards")],
                "a deck needs at least one card",
            ));
        }
        for (i, card) in self.cards.iter().enumerate() {
            let at = |field: &str| vec![key("cards"), Seg::Index(i), key(field)];
            if !is_deck_id(&card.id) {
                return Err(violation(
                    at("id"),
                    "use lowercase letters, digits and `-` only, and not nothing",
                ));
            }
            if self.cards[..i].iter().any(|c| c.id == card.id) {
                return Err(violation(
                    at("id"),
                    format!("`{}` is already the id of another card", card.id),
                ));
            }
            if card.name.trim().is_empty() {
                return Err(violation(at("name"), "give the card a name"));
            }
            let Some(kind) = LineKind::from_key(&card.kind) else {
                return Err(violation(
                    at("kind"),
                    format!("`{}` is neither `investment` nor `source`", card.kind),
                ));
            };
            match (&card.source_kind, kind) {
                (Some(_), LineKind::Investment) => {
                    return Err(violation(
                        at("source_kind"),
                        "only a source says where it comes from",
                    ))
                }
                (Some(k), LineKind::Source) if SourceKind::from_key(k).is_none() => {
                    return Err(violation(
                        at("source_kind"),
                        format!("`{k}` is not one of {}", keys(SourceKind::KEYS)),
                    ))
                }
                _ => {}
            }
            if let Some(f) = card.fund_source.as_deref() {
                if FundSource::from_key(f).is_none() {
                    return Err(violation(
                        at("fund_source"),
                        format!("`{f}` is not one of {}", keys(FundSource::KEYS)),
                    ));
                }
            }
            if let Some(c) = card.category.as_deref() {
                if ResourceCategory::from_key(c).is_none() {
                    return Err(violation(
                        at("category"),
                        format!("`{c}` is not one of {}", keys(ResourceCategory::KEYS)),
                    ));
                }
            }
            let figures = [
                ("dollars", card.dollars.len()),
                ("fte", card.fte.len()),
                ("teacher_hours", card.teacher_hours.len()),
                ("student_minutes", card.student_minutes.len()),
            ];
            if figures.iter().all(|(_, n)| *n == 0) {
                return Err(violation(
                    at("dollars"),
                    "a card needs figures: dollars, fte, teacher_hours or student_minutes, one per year",
                ));
            }
            for (field, n) in figures {
                if n > MAX_CARD_YEARS {
                    return Err(violation(
                        at(field),
                        format!("at most {MAX_CARD_YEARS} years of figures"),
                    ));
                }
            }
            for (field, values) in [
                ("dollars", &card.dollars),
                ("teacher_hours", &card.teacher_hours),
                ("student_minutes", &card.student_minutes),
            ] {
                if let Some(y) = values.iter().position(|v| *v < 0 || *v > MAX_FIGURE) {
                    return Err(violation(
                        vec![key("cards"), Seg::Index(i), key(field), Seg::Index(y)],
                        "a figure is a whole number from 0 to a trillion (a source is positive too)",
                    ));
                }
            }
            if let Some(y) = card.fte.iter().position(|v| hundredths(*v).is_none()) {
                return Err(violation(
                    vec![key("cards"), Seg::Index(i), key("fte"), Seg::Index(y)],
                    "staff positions are 0 or more, with at most two decimals (1.5)",
                ));
            }
        }
        Ok(())
    }
}

/// The largest figure a card may carry in one year, in whole units.
const MAX_FIGURE: i64 = 1_000_000_000_000;

fn keys(all: &[&str]) -> String {
    all.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_deck_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Staff positions in hundredths, if the figure has at most two decimals.
fn hundredths(fte: f64) -> Option<i64> {
    if !fte.is_finite() || !(0.0..=1_000_000.0).contains(&fte) {
        return None;
    }
    let scaled = fte * 100.0;
    let rounded = scaled.round();
    ((scaled - rounded).abs() < 1e-6).then_some(rounded as i64)
}

impl Card {
    /// The ledger lines playing this card writes, from `first_year` on, paying for (or freeing
    /// resources for) `tactic`: one line per unit and year with a figure above zero. Each is a
    /// [`crate::PlanCommand::Play`] line: the fields of a new ledger line, without its play.
    pub fn lines(&self, first_year: &str, tactic: &str) -> Vec<JsonMap<String, Value>> {
        let mut out = Vec::new();
        let per_unit: [(Unit, Vec<i64>); 4] = [
            (
                Unit::Usd,
                self.dollars.iter().map(|d| d.saturating_mul(100)).collect(),
            ),
            (
                Unit::Fte,
                self.fte.iter().filter_map(|f| hundredths(*f)).collect(),
            ),
            (Unit::TeacherHours, self.teacher_hours.clone()),
            (Unit::StudentMinutes, self.student_minutes.clone()),
        ];
        let is_source = self.kind == LineKind::Source.key();
        for (unit, amounts) in per_unit {
            let mut year = first_year.to_string();
            for amount in amounts {
                if amount > 0 {
                    let mut line = JsonMap::new();
                    line.insert("kind".into(), json!(self.kind));
                    if let Some(k) = &self.source_kind {
                        line.insert("source_kind".into(), json!(k));
                    }
                    line.insert("description".into(), json!(self.name));
                    line.insert("amount".into(), json!(amount));
                    line.insert("unit".into(), json!(unit.key()));
                    line.insert("fiscal_year".into(), json!(year));
                    if let Some(f) = &self.fund_source {
                        line.insert("fund_source".into(), json!(f));
                    }
                    if let Some(c) = &self.category {
                        line.insert("category".into(), json!(c));
                    }
                    line.insert("status".into(), json!("proposed"));
                    line.insert("tactics".into(), json!([tactic]));
                    line.insert("stakeholder_impact".into(), json!(self.stakeholders));
                    if is_source {
                        line.insert("stops".into(), json!(self.stops));
                        line.insert("messenger".into(), json!(self.tell));
                    }
                    line.insert("one_time".into(), json!(self.one_time));
                    out.push(line);
                }
                year = next_fiscal_year(&year).unwrap_or(year);
            }
        }
        out
    }
}

/// The fiscal year after one in the plan's form (`2026-27` → `2027-28`).
pub fn next_fiscal_year(year: &str) -> Option<String> {
    let start: i32 = year.get(..4)?.parse().ok()?;
    let next = start.checked_add(1)?;
    Some(format!("{next}-{:02}", (next + 1).rem_euclid(100)))
}

/// The built-in decks, or the first one's error (a test proves none has one).
pub fn try_builtin_decks() -> Result<Vec<Deck>, TemplateError> {
    BUILTIN_SOURCES
        .iter()
        .map(|(origin, text)| Deck::from_toml(text, origin))
        .collect()
}

/// The built-in decks that parse (all of them; see [`try_builtin_decks`]).
pub fn builtin_decks() -> Vec<Deck> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(origin, text)| Deck::from_toml(text, origin).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn builtin_decks_parse_and_have_both_kinds() {
        let decks = try_builtin_decks().unwrap();
        assert_eq!(decks.len(), 2);
        for deck in decks {
            assert!(
                deck.cards.iter().any(|c| c.kind == "investment"),
                "{}",
                deck.id
            );
            assert!(deck.cards.iter().any(|c| c.kind == "source"), "{}", deck.id);
        }
    }

    #[test]
    fn fiscal_years_follow_one_another() {
        assert_eq!(next_fiscal_year("2026-27").as_deref(), Some("2027-28"));
        assert_eq!(next_fiscal_year("2099-00").as_deref(), Some("2100-01"));
        assert_eq!(next_fiscal_year("FY"), None);
    }

    #[test]
    fn a_card_writes_one_line_per_unit_and_year() {
        let deck = Deck::from_toml(
            r#"
id = "t"
name = "T"
[[cards]]
id = "coach"
name = "A coach"
kind = "investment"
dollars = [100, 0, 300]
fte = [1.5]
"#,
            "t.toml",
        )
        .unwrap();
        let lines = deck.cards[0].lines("2026-27", "tc1");
        let got: Vec<(Value, Value, Value)> = lines
            .iter()
            .map(|l| {
                (
                    l["unit"].clone(),
                    l["fiscal_year"].clone(),
                    l["amount"].clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (json!("usd"), json!("2026-27"), json!(10000)),
                (json!("usd"), json!("2028-29"), json!(30000)),
                (json!("fte"), json!("2026-27"), json!(150)),
            ]
        );
    }

    fn refused(text: &str) -> String {
        Deck::from_toml(text, "mine.toml").unwrap_err().to_string()
    }

    #[test]
    fn a_bad_deck_is_refused_naming_file_line_and_field() {
        let head = "id = \"mine\"\nname = \"Mine\"\n";
        assert_eq!(
            refused(&format!(
                "{head}[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"gift\"\ndollars = [1]\n"
            )),
            "mine.toml, line 6: cards[0].kind: `gift` is neither `investment` nor `source`"
        );
        assert_eq!(
            refused(&format!(
                "{head}[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"source\"\nfte = [1.234]\n"
            )),
            "mine.toml, line 7: cards[0].fte[0]: staff positions are 0 or more, with at most two decimals (1.5)"
        );
        assert_eq!(
            refused(&format!(
                "{head}[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"source\"\ncost = [1]\n"
            )),
            "mine.toml, line 7: cards[0].cost: unknown field `cost`, expected one of `id`, `name`, `kind`, `source_kind`, `stops`, `stakeholders`, `tell`, `evidence`, `fund_source`, `category`, `one_time`, `dollars`, `fte`, `teacher_hours`, `student_minutes`"
        );
        assert_eq!(
            refused(&format!(
                "{head}[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"source\"\ndollars = [1]\n[[cards]]\nid = \"a\"\nname = \"B\"\nkind = \"source\"\ndollars = [1]\n"
            )),
            "mine.toml, line 9: cards[1].id: `a` is already the id of another card"
        );
        assert!(refused("id = \"mine\"\nname = 3\n").starts_with("mine.toml, line 2: name: "));
    }
}
