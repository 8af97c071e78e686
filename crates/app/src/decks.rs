//! The trade-off card decks a room can play: the built-ins and a facilitator's own files in a
//! `decks` folder beside their templates (read here, parsed by `plan`), and playing a card
//! into an open plan or taking a play back.

use std::path::{Path, PathBuf};

use serde_json::{json, Map};
use throughline_plan::deck::{builtin_decks, Deck};
use throughline_plan::{Applied, PlanCommand};

use crate::clock::Now;
use crate::error::AppError;
use crate::templates::{read_folder, Templates};
use crate::OpenPlan;

/// The built-in decks and the facilitator's own.
#[derive(Debug)]
pub struct Decks {
    decks: Vec<Deck>,
    /// How many of `decks` are built in (they come first).
    builtin: usize,
    /// Deck files that could not be read or parsed, each naming the file (and line and field).
    pub problems: Vec<AppError>,
    /// Where the facilitator's own decks are read from.
    pub folder: Option<PathBuf>,
}

impl Decks {
    /// The folder for a facilitator's own decks: `$THROUGHLINE_DECKS`, else `decks` beside
    /// the template folder (`~/.config/throughline/decks` by default).
    pub fn default_folder() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("THROUGHLINE_DECKS").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        let templates = Templates::default_folder()?;
        Some(templates.parent().unwrap_or(&templates).join("decks"))
    }

    /// The built-ins and the decks in the default folder.
    pub fn load() -> Result<Decks, AppError> {
        match Decks::default_folder() {
            Some(dir) => Decks::with_folder(&dir),
            None => {
                let decks = builtin_decks();
                Ok(Decks {
                    builtin: decks.len(),
                    decks,
                    problems: Vec::new(),
                    folder: None,
                })
            }
        }
    }

    /// The built-ins plus every `*.toml` file in `dir`, in file-name order. A bad file, or one
    /// reusing a deck id, is reported in `problems` and skipped. A missing folder holds none.
    pub fn with_folder(dir: &Path) -> Result<Decks, AppError> {
        let (files, mut problems) = read_folder(dir)?;
        let mut decks = builtin_decks();
        let builtin = decks.len();
        for (origin, text) in files {
            let parsed = text.and_then(|t| Deck::from_toml(&t, &origin).map_err(AppError::from));
            match parsed {
                Ok(deck) => match decks.iter().find(|d| d.id == deck.id) {
                    Some(existing) => problems.push(AppError::Template(
                        throughline_plan::template::TemplateError::DuplicateId {
                            origin,
                            existing: format!("another deck ({})", existing.name),
                            id: deck.id,
                        },
                    )),
                    None => decks.push(deck),
                },
                Err(err) => problems.push(err),
            }
        }
        Ok(Decks {
            decks,
            builtin,
            problems,
            folder: Some(dir.to_path_buf()),
        })
    }

    /// Every deck, built-ins first.
    pub fn list(&self) -> &[Deck] {
        &self.decks
    }

    /// Whether the deck at this place in [`Decks::list`] is built in.
    pub fn is_builtin(&self, index: usize) -> bool {
        index < self.builtin
    }

    /// The deck with this id.
    pub fn get(&self, id: &str) -> Result<&Deck, AppError> {
        self.decks
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| AppError::UnknownDeck {
                id: id.to_string(),
                available: self
                    .decks
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

/// One card to play: which, onto which tactic, from which fiscal year, by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardPlay<'a> {
    pub card: &'a str,
    pub tactic: &'a str,
    /// A fiscal year as people write it (`2026-27`, `FY27`).
    pub first_year: &'a str,
    /// Who plays it (their display name, with their table when at one).
    pub by: &'a str,
    /// Who was in the room when it was played (names, comma-separated), for its decision
    /// record; the front end knows who is present.
    pub in_the_room: &'a str,
}

/// The command that plays a card of `deck` into a plan: the play and its ledger lines.
pub fn play_command(deck: &Deck, play: &CardPlay<'_>, now: &Now) -> Result<PlanCommand, AppError> {
    let card = deck.card(play.card).ok_or_else(|| AppError::UnknownCard {
        deck: deck.id.clone(),
        card: play.card.to_string(),
    })?;
    let year = throughline_plan::dates::read_fiscal_year(play.first_year)
        .ok_or_else(|| AppError::BadFirstYear(play.first_year.to_string()))?;
    let mut fields = Map::new();
    for (k, v) in [
        ("deck", json!(deck.id)),
        ("card", json!(card.id)),
        ("card_name", json!(card.name)),
        ("tactic", json!(play.tactic)),
        ("first_year", json!(year)),
        ("by", json!(play.by)),
        ("at", json!(now.rfc3339)),
        ("in_the_room", json!(play.in_the_room)),
        // The decision record's date: the day it was played (RFC 3339 begins with it).
        (
            "decided_on",
            json!(now.rfc3339.get(..10).unwrap_or_default()),
        ),
    ] {
        fields.insert(k.to_string(), v);
    }
    Ok(PlanCommand::Play {
        play: fields,
        lines: card.lines(&year, play.tactic),
    })
}

impl OpenPlan {
    /// Plays a card of `deck` into the plan: its ledger lines, linked to the tactic, and the
    /// play that can take them back. Acknowledged once committed, as every edit.
    pub fn play_card(&mut self, deck: &Deck, play: &CardPlay<'_>) -> Result<Applied, AppError> {
        let command = play_command(deck, play, &Now::read())?;
        self.apply(&command)
    }

    /// Takes a card play back: the play and every ledger line it wrote.
    pub fn take_back(&mut self, play: &str) -> Result<Applied, AppError> {
        if !self.content().plays.iter().any(|p| p.id == play) {
            return Err(AppError::UnknownPlay(play.to_string()));
        }
        self.apply(&PlanCommand::TakeBack {
            play: play.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_folder_adds_good_decks_and_names_bad_ones_by_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a-ours.toml"),
            "id = \"ours\"\nname = \"Ours\"\n[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"investment\"\ndollars = [5]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b-bad.toml"),
            "id = \"bad\"\nname = \"Bad\"\n[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"investment\"\nsource_kind = \"stop\"\ndollars = [5]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("c-again.toml"),
            "id = \"general\"\nname = \"Again\"\n[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"investment\"\ndollars = [5]\n",
        )
        .unwrap();
        let decks = Decks::with_folder(dir.path()).unwrap();
        let ids: Vec<&str> = decks.list().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["general", "cedar-hollow", "ours"]);
        assert!(decks.is_builtin(1) && !decks.is_builtin(2));
        let problems: Vec<String> = decks.problems.iter().map(ToString::to_string).collect();
        let bad = dir.path().join("b-bad.toml").display().to_string();
        let again = dir.path().join("c-again.toml").display().to_string();
        assert_eq!(
            problems,
            [
                format!("{bad}, line 7: cards[0].source_kind: only a source says where it comes from"),
                format!("{again}: id: `general` is already used by another deck (General district deck); choose another id"),
            ]
        );
        assert_eq!(
            decks.get("nope").unwrap_err().to_string(),
            "no card deck with id `nope` (available: general, cedar-hollow, ours)"
        );
    }

    #[test]
    fn a_play_reads_the_year_as_people_write_it_and_refuses_an_unknown_card() {
        let decks = Decks::with_folder(Path::new("/nonexistent/decks")).unwrap();
        let deck = decks.get("general").unwrap();
        let now = Now::at_ms(0);
        let play = |card, year| CardPlay {
            card,
            tactic: "tc1",
            first_year: year,
            by: "Ana",
            in_the_room: "Ana, Ben",
        };
        let PlanCommand::Play {
            play: fields,
            lines,
        } = play_command(deck, &play("instructional-coach", "FY27"), &now).unwrap()
        else {
            panic!("not a play");
        };
        assert_eq!(fields["first_year"], json!("2026-27"));
        assert_eq!(fields["in_the_room"], json!("Ana, Ben"));
        assert_eq!(fields["decided_on"], json!("1970-01-01"));
        assert_eq!(lines[0]["fiscal_year"], json!("2026-27"));
        assert_eq!(
            play_command(deck, &play("nope", "2026-27"), &now)
                .unwrap_err()
                .to_string(),
            "the deck `general` has no card `nope`"
        );
        assert_eq!(
            play_command(deck, &play("instructional-coach", "soon"), &now)
                .unwrap_err()
                .to_string(),
            "`soon` is not a fiscal year (write it as 2026-27)"
        );
    }
}
