//! Counting a closed vote and reading a revealed rating round: pure functions of what the
//! document holds and the published key, so every laptop that has the same ballots counts the
//! same dots. A ballot that does not open, names another vote or person, places a dot on an
//! item not on the ballot, or places more dots than the vote gives is ignored whole.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use throughline_plan::parts::{CapacityIndicator, Vote};

use super::seal;

/// What a person's sealed ballot holds. The vote and the person are sealed in with the dots,
/// so a ballot copied under another person's entry or into another vote counts for no one.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ballot {
    pub vote: String,
    pub member: String,
    pub dots: BTreeMap<String, u32>,
}

/// What a person's sealed rating holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SealedRating {
    pub indicator: String,
    pub member: String,
    pub rating: String,
}

/// The rating a person gives when they do not know (where the plan's scale allows it).
pub use throughline_plan::template::DONT_KNOW;

/// A vote's count: the dots each item received, most first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Each item on the ballot (`strategies/ID`) and its dots, most first, then by path.
    pub counts: Vec<(String, u32)>,
    /// The people whose ballots counted.
    pub counted: Vec<String>,
    /// The people whose entries were ignored (not a voter, did not open, over the dots…).
    pub ignored: Vec<String>,
    /// For each item, the dots each person placed on it (what the split and one person's
    /// dots are read from).
    pub by_person: BTreeMap<String, BTreeMap<String, u32>>,
}

/// Counts a vote's ballots with its published private key. `None` while the vote is sealed
/// (no reveal key, or one that is not the pair of its public key).
pub fn tally(vote: &Vote) -> Option<Tally> {
    let secret = vote.reveal_key.as_str();
    if secret.is_empty() || !seal::is_pair(&vote.public_key, secret) {
        return None;
    }
    let allowed = vote.dots.and_then(|d| u32::try_from(d).ok()).unwrap_or(0);
    let mut out = Tally::default();
    let mut counts: BTreeMap<String, u32> = vote.items.iter().map(|i| (i.clone(), 0)).collect();
    for (member, sealed) in &vote.ballots {
        let eligible = vote.voters.is_empty() || vote.voters.contains(member);
        let ballot = seal::unseal(secret, sealed)
            .and_then(|plain| serde_json::from_slice::<Ballot>(&plain).ok())
            .filter(|b| eligible && b.vote == vote.id && &b.member == member)
            .filter(|b| b.dots.keys().all(|item| counts.contains_key(item)))
            .filter(|b| {
                b.dots
                    .values()
                    .try_fold(0u32, |sum, d| sum.checked_add(*d))
                    .is_some_and(|sum| sum <= allowed)
            });
        let Some(ballot) = ballot else {
            out.ignored.push(member.clone());
            continue;
        };
        for (item, dots) in ballot.dots.into_iter().filter(|(_, d)| *d > 0) {
            // Each ballot is within the vote's dots, but a vote's dots come from the document:
            // many ballots of a huge allowance must not overflow the count.
            let count = counts.entry(item.clone()).or_default();
            *count = count.saturating_add(dots);
            out.by_person
                .entry(item)
                .or_default()
                .insert(member.clone(), dots);
        }
        out.counted.push(member.clone());
    }
    let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.counts = counts;
    Some(out)
}

/// The ratings of a revealed round, by person (only those that open, name this indicator and
/// this person, and are one of `keys`: the scale's levels, and "don't know" where it is
/// allowed). `None` while sealed.
pub fn revealed_ratings(
    indicator: &CapacityIndicator,
    keys: &[String],
) -> Option<BTreeMap<String, String>> {
    let secret = indicator.reveal_key.as_str();
    if secret.is_empty() || !seal::is_pair(&indicator.rating_key, secret) {
        return None;
    }
    let mut out = BTreeMap::new();
    for (member, sealed) in &indicator.sealed_ratings {
        let rating = seal::unseal(secret, sealed)
            .and_then(|plain| serde_json::from_slice::<SealedRating>(&plain).ok())
            .filter(|r| r.indicator == indicator.id && &r.member == member)
            .filter(|r| keys.contains(&r.rating));
        if let Some(r) = rating {
            out.insert(member.clone(), r.rating);
        }
    }
    Some(out)
}

/// Something the reveal shows that the room should talk about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToDiscuss {
    /// Ratings run from `low` to `high`, two or more levels apart.
    Spread { low: String, high: String },
    /// Several people said they do not know.
    DontKnow { people: usize },
    /// Ratings gather at both ends of the scale, few in between.
    Split,
    /// The leading items are within one dot of each other.
    CloseAtTheTop { items: Vec<String> },
    /// Most of an item's dots came from one person.
    OnePersonsDots { item: String, member: String },
}

/// What a revealed rating round flags: the spread, "don't know" clusters and a split room.
/// `levels` is the scale from lowest to highest.
pub fn rating_flags(ratings: &BTreeMap<String, String>, levels: &[String]) -> Vec<ToDiscuss> {
    let mut out = Vec::new();
    let positions: Vec<usize> = ratings
        .values()
        .filter_map(|r| levels.iter().position(|l| l == r))
        .collect();
    if let (Some(&low), Some(&high)) = (positions.iter().min(), positions.iter().max()) {
        if high - low >= 2 {
            out.push(ToDiscuss::Spread {
                low: levels[low].clone(),
                high: levels[high].clone(),
            });
        }
        let half = levels.len() / 2;
        let lower = positions.iter().filter(|p| **p < half).count();
        let upper = positions
            .iter()
            .filter(|p| **p >= levels.len() - half)
            .count();
        if half > 0 && lower >= 2 && upper >= 2 {
            out.push(ToDiscuss::Split);
        }
    }
    let unsure = ratings.values().filter(|r| *r == DONT_KNOW).count();
    if unsure >= 2 || (unsure >= 1 && unsure * 4 >= ratings.len()) {
        out.push(ToDiscuss::DontKnow { people: unsure });
    }
    out
}

/// What a closed vote flags: leaders within a dot of each other, and an item carried by one
/// person's dots.
pub fn vote_flags(tally: &Tally) -> Vec<ToDiscuss> {
    let mut out = Vec::new();
    if let Some((_, top)) = tally.counts.first().filter(|(_, d)| *d > 0) {
        let close: Vec<String> = tally
            .counts
            .iter()
            .filter(|(_, d)| d.saturating_add(1) >= *top)
            .map(|(i, _)| i.clone())
            .collect();
        if close.len() >= 2 {
            out.push(ToDiscuss::CloseAtTheTop { items: close });
        }
    }
    for (item, total) in tally.counts.iter().filter(|(_, d)| *d >= 3) {
        let Some(people) = tally.by_person.get(item) else {
            continue;
        };
        if let Some((member, _)) = people.iter().find(|(_, d)| **d * 2 > *total) {
            out.push(ToDiscuss::OnePersonsDots {
                item: item.clone(),
                member: member.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use throughline_plan::parts::Vote;

    fn levels() -> Vec<String> {
        ["1", "2", "3", "4"].map(String::from).to_vec()
    }

    fn ratings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(m, r)| (m.to_string(), r.to_string()))
            .collect()
    }

    fn sealed_ballot(public: &str, vote: &str, member: &str, dots: &[(&str, u32)]) -> String {
        let ballot = Ballot {
            vote: vote.into(),
            member: member.into(),
            dots: dots.iter().map(|(i, d)| (i.to_string(), *d)).collect(),
        };
        seal::seal(public, &serde_json::to_vec(&ballot).unwrap()).unwrap()
    }

    /// Ballots written past `place_dots` (a peer's own client): over the dots, off the
    /// ballot, for another vote, unreadable, or from someone who could not vote.
    #[test]
    fn ballots_a_peer_forged_are_ignored_whole() {
        let round = seal::new_round();
        let mut vote = Vote {
            id: "vt1".into(),
            items: vec!["strategies/a".into(), "strategies/b".into()],
            dots: Some(3),
            voters: vec![
                "ana".into(),
                "ben".into(),
                "cam".into(),
                "dee".into(),
                "eve".into(),
            ],
            public_key: round.public.clone(),
            ..Vote::default()
        };
        let p = &round.public;
        let b = &mut vote.ballots;
        b.insert(
            "ana".into(),
            sealed_ballot(p, "vt1", "ana", &[("strategies/a", 2), ("strategies/b", 2)]),
        );
        b.insert(
            "ben".into(),
            sealed_ballot(p, "vt1", "ben", &[("strategies/c", 1)]),
        );
        b.insert(
            "cam".into(),
            sealed_ballot(p, "vt9", "cam", &[("strategies/a", 1)]),
        );
        b.insert("dee".into(), "bm90IHNlYWxlZA==".into());
        b.insert(
            "eve".into(),
            sealed_ballot(
                p,
                "vt1",
                "eve",
                &[("strategies/a", u32::MAX), ("strategies/b", 2)],
            ),
        );
        b.insert(
            "zed".into(),
            sealed_ballot(p, "vt1", "zed", &[("strategies/a", 1)]),
        );
        b.insert(
            "fay".into(),
            sealed_ballot(p, "vt1", "fay", &[("strategies/b", 3)]),
        );
        vote.voters.push("fay".into());
        assert_eq!(tally(&vote), None, "sealed until the key is published");
        vote.reveal_key = seal::new_round().secret;
        assert_eq!(
            tally(&vote),
            None,
            "a key that is not the vote's opens nothing"
        );
        vote.reveal_key = round.secret.clone();
        let t = tally(&vote).unwrap();
        assert_eq!(t.counted, vec!["fay".to_string()]);
        assert_eq!(t.ignored.len(), 6);
        assert_eq!(
            t.counts,
            vec![
                ("strategies/b".to_string(), 3),
                ("strategies/a".to_string(), 0)
            ]
        );
    }

    #[test]
    fn a_round_that_agrees_flags_nothing() {
        let r = ratings(&[("a", "2"), ("b", "3"), ("c", "3")]);
        assert_eq!(rating_flags(&r, &levels()), vec![]);
    }

    #[test]
    fn spread_split_and_dont_know_are_flagged() {
        let r = ratings(&[("a", "1"), ("b", "1"), ("c", "4"), ("d", "4")]);
        let flags = rating_flags(&r, &levels());
        assert!(flags.contains(&ToDiscuss::Spread {
            low: "1".into(),
            high: "4".into()
        }));
        assert!(flags.contains(&ToDiscuss::Split));
        let r = ratings(&[("a", DONT_KNOW), ("b", DONT_KNOW), ("c", "3")]);
        assert_eq!(
            rating_flags(&r, &levels()),
            vec![ToDiscuss::DontKnow { people: 2 }]
        );
    }

    #[test]
    fn a_close_top_and_one_persons_dots_are_flagged() {
        let mut t = Tally {
            counts: vec![("x".into(), 5), ("y".into(), 4), ("z".into(), 1)],
            ..Tally::default()
        };
        t.by_person.insert(
            "x".into(),
            [("ana".to_string(), 4), ("ben".to_string(), 1)].into(),
        );
        let flags = vote_flags(&t);
        assert_eq!(
            flags,
            vec![
                ToDiscuss::CloseAtTheTop {
                    items: vec!["x".into(), "y".into()]
                },
                ToDiscuss::OnePersonsDots {
                    item: "x".into(),
                    member: "ana".into()
                }
            ]
        );
        let clear = Tally {
            counts: vec![("x".into(), 6), ("y".into(), 2)],
            ..Tally::default()
        };
        assert_eq!(vote_flags(&clear), vec![]);
    }
}
