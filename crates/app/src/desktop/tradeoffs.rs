//! The trade-off card session from the desktop: the decks on offer, playing a card onto a
//! tactic and taking a play back, each answered with the balance and findings it leaves.

use serde::{Deserialize, Serialize};
use throughline_plan::deck::{Card, Deck};
use throughline_plan::tradeoffs::{cliffs, stop_doing, Cliff, StopItem};
use throughline_plan::vocab::Unit;

use super::at_hand::PlanAtHand;
use super::session::DesktopSession;
use super::types::{Applied, Review, UiError};
use crate::clock::Now;
use crate::decks::{CardPlay, Decks};

/// The decks a room can play, and the deck files that could not be read.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DeckChoices {
    pub decks: Vec<DeckView>,
    /// Each bad deck file, naming the file, line and field.
    pub problems: Vec<String>,
    /// Where a facilitator's own decks are read from.
    pub folder: Option<String>,
}

/// One deck and its cards.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DeckView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub builtin: bool,
    pub cards: Vec<CardView>,
}

/// One card's face.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct CardView {
    pub id: String,
    pub name: String,
    /// `investment` or `source`.
    pub kind: String,
    /// For a source: `stop`, `shrink`, `reallocate` or `new_revenue`.
    pub source_kind: Option<String>,
    pub stops: String,
    pub stakeholders: String,
    pub tell: String,
    pub evidence: String,
    pub one_time: bool,
    /// Its figures, year by year from the year it is played ("$92,000.00", "1.00 FTE").
    pub figures: Vec<String>,
}

impl From<&Card> for CardView {
    fn from(c: &Card) -> CardView {
        let lines = c.lines("2000-01", "");
        let mut figures: Vec<String> = Vec::new();
        for unit in Unit::ALL {
            let amounts: Vec<String> = lines
                .iter()
                .filter(|l| l["unit"] == unit.key())
                .filter_map(|l| l["amount"].as_i64())
                .map(|a| unit.format(a))
                .collect();
            if !amounts.is_empty() {
                figures.push(amounts.join(", "));
            }
        }
        CardView {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind.clone(),
            source_kind: c.source_kind.clone(),
            stops: c.stops.clone(),
            stakeholders: c.stakeholders.clone(),
            tell: c.tell.clone(),
            evidence: c.evidence.clone(),
            one_time: c.one_time,
            figures,
        }
    }
}

fn deck_view(deck: &Deck, builtin: bool) -> DeckView {
    DeckView {
        id: deck.id.clone(),
        name: deck.name.clone(),
        description: deck.description.clone(),
        builtin,
        cards: deck.cards.iter().map(CardView::from).collect(),
    }
}

/// A card to play.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PlayRequest {
    pub deck: String,
    pub card: String,
    pub tactic: String,
    /// The first fiscal year its figures fall in, as people write it (`2026-27`, `FY27`).
    pub first_year: String,
}

/// A funding cliff as the ledger's chart marks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct CliffView {
    /// The first year without the one-time money.
    pub fiscal_year: String,
    pub unit: String,
    pub uncovered_text: String,
    /// The money that ends, in its own words.
    pub description: String,
    /// The recurring cost uncovered each year from the cliff, in the unit's scale (the chart
    /// shortens it as it shortens its axis).
    #[cfg_attr(feature = "bindings", specta(type = i32))]
    pub uncovered: i64,
    /// The last year the money pays.
    pub last_year: String,
    /// The cost it leaves is projected: carried forward from an earlier year, not entered.
    pub projected: bool,
}

impl From<&Cliff> for CliffView {
    fn from(c: &Cliff) -> CliffView {
        CliffView {
            fiscal_year: c.year.clone(),
            unit: c.unit.key().to_string(),
            uncovered_text: c.unit.format(c.uncovered),
            description: c.description.clone(),
            uncovered: c.uncovered,
            last_year: c.last_year.clone(),
            projected: c
                .years
                .iter()
                .find(|y| y.fiscal_year == c.year)
                .is_some_and(|y| y.projected),
        }
    }
}

/// What a play or its taking back changed, and the balance and findings it leaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct TradeOffResult {
    /// What changed (nothing when only read).
    pub applied: Applied,
    pub review: Review,
    pub cliffs: Vec<CliffView>,
    /// The stop-doing list, as the export prints it.
    pub stop_doing: Vec<StopView>,
}

/// One thing the plan stops, shrinks or shifts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct StopView {
    /// What stops (the source's own words when no one has said).
    pub what: String,
    /// Stop, Shrink, Reallocate.
    pub how: String,
    /// What it frees, year by year ("$380,000.00 in 2026-27").
    pub frees: Vec<String>,
    pub affected: String,
    pub messenger: String,
    /// The first ledger line it gathers (`ledger/ID`), to go and fill in.
    pub path: String,
}

impl From<&StopItem> for StopView {
    fn from(item: &StopItem) -> StopView {
        StopView {
            what: if item.stops.is_empty() {
                item.description.clone()
            } else {
                item.stops.clone()
            },
            how: item.source_kind.map_or("", |k| k.label()).to_string(),
            frees: item
                .amounts
                .iter()
                .map(|a| format!("{} in {}", a.unit.format(a.amount), a.fiscal_year))
                .collect(),
            affected: item.affected.clone(),
            messenger: item.messenger.clone(),
            path: item
                .lines
                .first()
                .map(|id| format!("ledger/{id}"))
                .unwrap_or_default(),
        }
    }
}

impl DesktopSession {
    /// The decks on offer (read afresh: a facilitator may have added one).
    pub fn decks(&self) -> Result<DeckChoices, UiError> {
        let decks = Decks::load()?;
        Ok(DeckChoices {
            decks: decks
                .list()
                .iter()
                .enumerate()
                .map(|(i, d)| deck_view(d, decks.is_builtin(i)))
                .collect(),
            problems: decks.problems.iter().map(ToString::to_string).collect(),
            folder: decks
                .folder
                .as_ref()
                .map(|f| f.to_string_lossy().into_owned()),
        })
    }

    /// Plays a card onto a tactic, as this person (and their table, in a table's copy).
    pub fn play_card(&mut self, request: PlayRequest) -> Result<TradeOffResult, UiError> {
        let decks = Decks::load()?;
        let deck = decks.get(&request.deck)?;
        let by = self.author().to_string();
        let in_the_room = self.in_the_room()?;
        let applied = self.at_hand_mut()?.edit(|plan, _| {
            plan.play_card(
                deck,
                &CardPlay {
                    card: &request.card,
                    tactic: &request.tactic,
                    first_year: &request.first_year,
                    by: &by,
                    in_the_room: &in_the_room,
                },
            )
        })?;
        self.trade_off_result(applied.into())
    }

    /// Who is in the room for a decision record: this person first, then everyone present in
    /// the session (each name once); alone, this person.
    pub(super) fn in_the_room(&self) -> Result<String, UiError> {
        let present = match self.at_hand()? {
            PlanAtHand::Alone { .. } => Vec::new(),
            PlanAtHand::Hosting(host) => host.presence(),
            PlanAtHand::Joined(join) => join.presence(),
        };
        let mut names = vec![self.author().to_string()];
        for name in present.into_iter().filter_map(|p| p.name) {
            let name = name.trim().to_string();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(names.join(", "))
    }

    /// A strategy added in the app starts its decision record: who is in the room and the
    /// day, unless the command already says. Every other command passes through.
    pub(super) fn with_decision_record(
        &self,
        command: throughline_plan::PlanCommand,
    ) -> Result<throughline_plan::PlanCommand, UiError> {
        match command {
            throughline_plan::PlanCommand::Add {
                to,
                mut fields,
                after,
            } if to == "strategies" => {
                if !fields.contains_key("in_the_room") {
                    fields.insert("in_the_room".into(), self.in_the_room()?.into());
                }
                if !fields.contains_key("decided_on") {
                    let now = Now::read();
                    let day = now.rfc3339.get(..10).unwrap_or_default().to_string();
                    fields.insert("decided_on".into(), day.into());
                }
                Ok(throughline_plan::PlanCommand::Add { to, fields, after })
            }
            other => Ok(other),
        }
    }

    /// Takes a card play back: the play and every ledger line it wrote.
    pub fn take_back(&mut self, play: &str) -> Result<TradeOffResult, UiError> {
        let applied = self.at_hand_mut()?.edit(|plan, _| plan.take_back(play))?;
        self.trade_off_result(applied.into())
    }

    /// The balance, findings, cliffs and stop-doing list as they stand (the dialog's first view).
    pub fn trade_offs(&self) -> Result<TradeOffResult, UiError> {
        self.trade_off_result(Applied {
            id: None,
            update: Vec::new(),
        })
    }

    /// The funding cliffs, for the ledger's chart.
    pub fn funding_cliffs(&self) -> Result<Vec<CliffView>, UiError> {
        let content = self.at_hand()?.read(|plan, _| plan.content());
        Ok(cliffs(&content).iter().map(CliffView::from).collect())
    }

    /// The plan is read once for the balance, the findings, the fitness and the cliffs
    /// together: this is what a room waits for after each card (see the `play_card` bench).
    fn trade_off_result(&self, applied: Applied) -> Result<TradeOffResult, UiError> {
        let content = self.at_hand()?.read(|plan, _| plan.content());
        Ok(TradeOffResult {
            applied,
            review: self.review_of(&content),
            cliffs: cliffs(&content).iter().map(CliffView::from).collect(),
            stop_doing: stop_doing(&content).iter().map(StopView::from).collect(),
        })
    }
}
