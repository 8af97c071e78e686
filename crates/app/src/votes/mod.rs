//! Dot votes and private rating rounds: what is secret until the reveal stays unreadable to
//! every other laptop and to any Yjs peer on the editor link.
//!
//! The design. The facilitator's laptop opens a round (a vote, or one capacity indicator's
//! ratings) by making an X25519 key pair: the public half goes into the shared document, the
//! private half only into this laptop's plan file (its local `meta` table, which no sync, copy
//! or merge carries). Each person's ballot or rating is one sealed box ([`seal`]) stored under
//! their member id in the round's per-person `Y.Map`: one entry per person, so a second laptop
//! of the same person replaces the entry, never adds one, and a replayed or late update can
//! only bring back an entry the map already resolves by Yjs's rules. Closing (revealing)
//! publishes the private key into the document; every laptop then opens and counts the
//! entries itself ([`tally`]), ignoring any that does not open, names another round or
//! person, or holds more dots than the vote gives. The count made at closing is kept beside
//! them (`counts`), the record the exports print.
//!
//! Hand-over: the private key is not handed to a new facilitator. The session's only channel
//! beside the document is awareness, which every peer on the editor link reads, so handing it
//! over there would publish it early. A round stays with the laptop that opened it: that
//! laptop reveals it (a new facilitator is told so in one line), and a round whose laptop is
//! gone can be opened again.
//!
//! What this does not guard against: anyone holding the editor link can write any entry (an
//! editor's link is the trust, as for every edit), and a ballot placed after the reveal by a
//! laptop that was offline still counts on every laptop alike; the counts kept at closing do
//! not change.

mod listing;
mod seal;
mod tally;

use std::collections::BTreeMap;

use serde_json::{json, Map as JsonMap, Value};
use throughline_plan::parts::{CapacityIndicator, Vote};
use throughline_plan::PlanCommand;

use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;

pub use listing::{
    discuss_text, ideas_text, item_title, vote_views, votes_text, VoteView, VotedItem,
};
pub use tally::{rating_flags, revealed_ratings, tally, vote_flags, Tally, ToDiscuss, DONT_KNOW};

/// The collections whose items a vote can be about.
pub const VOTABLE: &[&str] = &["strategies", "root_causes", "tactics", "parking_lot"];

/// The fields that carry a round's keys and sealed entries: machinery, not words to show.
pub const SEALING_FIELDS: &[&str] = &[
    "public_key",
    "reveal_key",
    "ballots",
    "rating_key",
    "sealed_ratings",
];

/// Most dots a vote may give each person.
pub const MOST_DOTS: u32 = 50;

/// Why a vote or a rating round refused a request. Each reads as one line for a person.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VoteError {
    #[error("there is no vote with id `{0}`")]
    NoSuchVote(String),
    #[error("there is no capacity indicator with id `{0}`")]
    NoSuchIndicator(String),
    #[error("a vote needs a question")]
    NoQuestion,
    #[error("a vote needs at least two items to choose between")]
    TooFewItems,
    #[error("`{0}` cannot be voted on: name a strategy, root cause, tactic or parking-lot idea that exists")]
    NotVotable(String),
    #[error("each person needs from 1 to {MOST_DOTS} dots")]
    BadDots,
    #[error("this vote is closed; its results are in")]
    Closed,
    #[error("this rating round is not open; the facilitator opens it first")]
    RoundNotOpen,
    #[error("these ratings are already revealed")]
    Revealed,
    #[error("{member} is not among the people who can vote on this")]
    NotAVoter { member: String },
    #[error("`{0}` is not on this vote's ballot")]
    NotOnBallot(String),
    #[error("{placed} dots placed, but each person has {allowed}")]
    TooManyDots { placed: u32, allowed: u32 },
    #[error("`{0}` is not a rating on this plan's scale")]
    NotALevel(String),
    #[error(
        "this round was opened on another laptop; only that laptop holds its key and can reveal it"
    )]
    KeyNotHere,
    #[error("the round's key is damaged; open the round again")]
    DamagedKey,
}

fn secret_key_name(public: &str) -> String {
    format!("round_secret:{public}")
}

fn vote_of<'a>(votes: &'a [Vote], id: &str) -> Result<&'a Vote, VoteError> {
    votes
        .iter()
        .find(|v| v.id == id)
        .ok_or_else(|| VoteError::NoSuchVote(id.to_string()))
}

fn indicator_of<'a>(
    capacity: &'a [CapacityIndicator],
    id: &str,
) -> Result<&'a CapacityIndicator, VoteError> {
    capacity
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| VoteError::NoSuchIndicator(id.to_string()))
}

impl OpenPlan {
    /// Opens a vote on `items` (`strategies/ID`…) with `dots` per person among `voters`
    /// (member ids; none: everyone). The vote's private key stays on this laptop. Returns the
    /// vote's id.
    pub fn open_vote(
        &mut self,
        question: &str,
        items: &[String],
        dots: u32,
        voters: &[String],
    ) -> Result<String, AppError> {
        if question.trim().is_empty() {
            return Err(VoteError::NoQuestion.into());
        }
        if !(1..=MOST_DOTS).contains(&dots) {
            return Err(VoteError::BadDots.into());
        }
        let content = self.content();
        let mut unique: Vec<&String> = items.iter().collect();
        unique.sort();
        unique.dedup();
        if unique.len() < 2 {
            return Err(VoteError::TooFewItems.into());
        }
        let value = serde_json::to_value(&content).unwrap_or(Value::Null);
        for item in &unique {
            let exists = item.split_once('/').is_some_and(|(coll, id)| {
                VOTABLE.contains(&coll)
                    && value[coll]
                        .as_array()
                        .is_some_and(|list| list.iter().any(|i| i["id"] == id))
            });
            if !exists {
                return Err(VoteError::NotVotable(item.to_string()).into());
            }
        }
        let keys = seal::new_round();
        // Kept before the vote exists, so a vote in the document always has its key here.
        self.set_local_value(&secret_key_name(&keys.public), &keys.secret)?;
        let fields = json!({
            "question": question.trim(),
            "items": unique,
            "dots": dots,
            "voters": voters,
            "opened_at": Now::read().rfc3339,
            "public_key": keys.public,
        });
        let applied = self.apply(&PlanCommand::Add {
            to: "votes".into(),
            fields: fields.as_object().cloned().unwrap_or_default(),
            after: None,
        })?;
        Ok(applied.id.unwrap_or_default())
    }

    /// Places `member`'s dots on an open vote, sealed to its key: this replaces whatever that
    /// person placed before, from this laptop or another.
    pub fn place_dots(
        &mut self,
        vote_id: &str,
        member: &str,
        dots: &BTreeMap<String, u32>,
    ) -> Result<(), AppError> {
        let content = self.content();
        let vote = vote_of(&content.votes, vote_id)?;
        if !vote.reveal_key.is_empty() {
            return Err(VoteError::Closed.into());
        }
        if !vote.voters.is_empty() && !vote.voters.iter().any(|v| v == member) {
            return Err(VoteError::NotAVoter {
                member: member_name(&content.members, member),
            }
            .into());
        }
        if let Some(item) = dots.keys().find(|i| !vote.items.contains(i)) {
            return Err(VoteError::NotOnBallot(item.clone()).into());
        }
        let allowed = vote.dots.and_then(|d| u32::try_from(d).ok()).unwrap_or(0);
        let placed = dots
            .values()
            .try_fold(0u32, |s, d| s.checked_add(*d))
            .unwrap_or(u32::MAX);
        if placed > allowed {
            return Err(VoteError::TooManyDots { placed, allowed }.into());
        }
        let ballot = tally::Ballot {
            vote: vote_id.to_string(),
            member: member.to_string(),
            dots: dots
                .iter()
                .filter(|(_, d)| **d > 0)
                .map(|(i, d)| (i.clone(), *d))
                .collect(),
        };
        let plain = serde_json::to_vec(&ballot).unwrap_or_default();
        let sealed = seal::seal(&vote.public_key, &plain)?;
        self.apply(&PlanCommand::PersonEntry {
            at: format!("votes/{vote_id}"),
            field: "ballots".into(),
            member: member.to_string(),
            entry: Some(sealed),
        })?;
        // The sealed ballot cannot be read back before the reveal, even here; this laptop
        // remembers what its person placed so they can see and change it.
        self.set_local_value(
            &format!("my_dots:{vote_id}:{member}"),
            &serde_json::to_string(&ballot.dots).unwrap_or_default(),
        )?;
        Ok(())
    }

    /// What `member` placed on this vote from this laptop (empty if nothing, or placed from
    /// another laptop: sealed, it reads nowhere before the reveal).
    pub fn my_dots(&self, vote_id: &str, member: &str) -> Result<BTreeMap<String, u32>, AppError> {
        Ok(self
            .local_value(&format!("my_dots:{vote_id}:{member}"))?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Whether this laptop holds the private key of a round with this public key.
    pub fn holds_round_key(&self, public: &str) -> Result<bool, AppError> {
        Ok(!public.is_empty() && self.local_value(&secret_key_name(public))?.is_some())
    }

    fn round_secret(&self, public: &str) -> Result<String, AppError> {
        let secret = self
            .local_value(&secret_key_name(public))?
            .ok_or(VoteError::KeyNotHere)?;
        if !seal::is_pair(public, &secret) {
            return Err(VoteError::DamagedKey.into());
        }
        Ok(secret)
    }

    /// Closes a vote: publishes its private key and keeps the count made now (counts, key and
    /// closing time in one change). Only the laptop that opened it holds the key.
    pub fn close_vote(&mut self, vote_id: &str) -> Result<Tally, AppError> {
        let content = self.content();
        let vote = vote_of(&content.votes, vote_id)?;
        if !vote.reveal_key.is_empty() {
            return Err(VoteError::Closed.into());
        }
        let secret = self.round_secret(&vote.public_key)?;
        let mut revealed = vote.clone();
        revealed.reveal_key = secret.clone();
        let counted = tally(&revealed).ok_or(VoteError::DamagedKey)?;
        let counts: Vec<Value> = counted
            .counts
            .iter()
            .map(|(item, dots)| json!({ "item": item, "dots": dots }))
            .collect();
        let mut fields = JsonMap::new();
        fields.insert("reveal_key".into(), Value::String(secret));
        fields.insert("closed_at".into(), Value::String(Now::read().rfc3339));
        fields.insert("counts".into(), Value::Array(counts));
        self.apply(&PlanCommand::SetFields {
            at: format!("votes/{vote_id}"),
            fields,
        })?;
        Ok(counted)
    }

    /// Opens a private rating round on a capacity indicator: a new key, no sealed ratings,
    /// nothing revealed. Earlier sealed ratings of the indicator are cleared.
    pub fn open_rating_round(&mut self, indicator: &str) -> Result<(), AppError> {
        indicator_of(&self.content().capacity, indicator)?;
        let keys = seal::new_round();
        self.set_local_value(&secret_key_name(&keys.public), &keys.secret)?;
        let fields = json!({
            "rating_key": keys.public,
            "sealed_ratings": null,
            "reveal_key": null,
            "revealed": false,
            "ratings": null,
        });
        self.apply(&PlanCommand::SetFields {
            at: format!("capacity/{indicator}"),
            fields: fields.as_object().cloned().unwrap_or_default(),
        })?;
        Ok(())
    }

    /// Seals `member`'s rating (one of [`rating_keys`]; `None`
    /// withdraws it) to the indicator's open round.
    pub fn seal_rating(
        &mut self,
        indicator: &str,
        member: &str,
        rating: Option<&str>,
    ) -> Result<(), AppError> {
        let content = self.content();
        let ind = indicator_of(&content.capacity, indicator)?;
        if ind.rating_key.is_empty() {
            return Err(VoteError::RoundNotOpen.into());
        }
        if !ind.reveal_key.is_empty() {
            return Err(VoteError::Revealed.into());
        }
        let sealed = match rating {
            Some(r) => {
                if !rating_keys(&content).iter().any(|l| l == r) {
                    return Err(VoteError::NotALevel(r.to_string()).into());
                }
                let plain = serde_json::to_vec(&tally::SealedRating {
                    indicator: indicator.to_string(),
                    member: member.to_string(),
                    rating: r.to_string(),
                })
                .unwrap_or_default();
                Some(seal::seal(&ind.rating_key, &plain)?)
            }
            None => None,
        };
        self.apply(&PlanCommand::PersonEntry {
            at: format!("capacity/{indicator}"),
            field: "sealed_ratings".into(),
            member: member.to_string(),
            entry: sealed,
        })?;
        Ok(())
    }

    /// Reveals an indicator's round: publishes its key, and writes the ratings that open (the
    /// team's spread, which every laptop can check against the sealed ones) in one change.
    /// Returns the ratings and what to discuss.
    pub fn reveal_ratings(
        &mut self,
        indicator: &str,
    ) -> Result<(BTreeMap<String, String>, Vec<ToDiscuss>), AppError> {
        let content = self.content();
        let ind = indicator_of(&content.capacity, indicator)?;
        if ind.rating_key.is_empty() {
            return Err(VoteError::RoundNotOpen.into());
        }
        if !ind.reveal_key.is_empty() {
            return Err(VoteError::Revealed.into());
        }
        let secret = self.round_secret(&ind.rating_key)?;
        let levels = scale_levels(&content);
        let mut revealed = ind.clone();
        revealed.reveal_key = secret.clone();
        let ratings =
            revealed_ratings(&revealed, &rating_keys(&content)).ok_or(VoteError::DamagedKey)?;
        let fields = json!({
            "reveal_key": secret,
            "revealed": true,
            "ratings": ratings,
        });
        self.apply(&PlanCommand::SetFields {
            at: format!("capacity/{indicator}"),
            fields: fields.as_object().cloned().unwrap_or_default(),
        })?;
        let flags = rating_flags(&ratings, &levels);
        Ok((ratings, flags))
    }
}

/// The plan's rating scale, lowest first (none when its template has no scale).
pub fn scale_levels(content: &throughline_plan::PlanContent) -> Vec<String> {
    content
        .record
        .template
        .as_ref()
        .and_then(|t| t.capacity_scale.as_ref())
        .map(|s| s.levels.iter().map(|l| l.value.clone()).collect())
        .unwrap_or_default()
}

/// What a sealed rating may hold: the scale's levels, and "don't know" where the scale allows it
/// (the same rule a rating in the clear follows).
pub fn rating_keys(content: &throughline_plan::PlanContent) -> Vec<String> {
    let mut keys = scale_levels(content);
    let unsure = content
        .record
        .template
        .as_ref()
        .and_then(|t| t.capacity_scale.as_ref())
        .is_some_and(|s| s.allows_dont_know);
    if unsure {
        keys.push(DONT_KNOW.to_string());
    }
    keys
}

fn member_name(members: &[throughline_plan::parts::Member], id: &str) -> String {
    members
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.to_string())
}
