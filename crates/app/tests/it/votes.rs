//! Dot votes and private ratings on real plan files: sealed until the reveal, counted the same
//! on every laptop after it, and never counting a person twice or beyond their dots, however
//! their laptops (two of them, one offline for a while) and replayed updates interleave.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::json;
use throughline_app::votes::{tally, ToDiscuss, VoteError, DONT_KNOW};
use throughline_app::{AppError, NewPlan, OpenPlan};
use throughline_plan::template::TemplateLibrary;
use throughline_plan::PlanCommand;

fn new_plan(dir: &Path) -> PathBuf {
    let path = dir.join("room.throughline");
    // ERS's scale lets a rater say "don't know".
    let template = TemplateLibrary::builtin().resolve("ers").unwrap();
    OpenPlan::create(
        &path,
        NewPlan::Template {
            template: &template,
            title: "Cedar Hollow redesign",
            district: "Cedar Hollow USD",
        },
        "Ana",
    )
    .unwrap()
    .close()
    .unwrap();
    path
}

fn add(open: &mut OpenPlan, to: &str, fields: serde_json::Value) -> String {
    open.apply(&PlanCommand::Add {
        to: to.into(),
        fields: fields.as_object().cloned().unwrap(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

/// A room: the facilitator's laptop with two members and three strategies, and copies of the
/// plan file made before any vote (so no copy holds a round's key).
struct Room {
    _dir: tempfile::TempDir,
    laptops: Vec<OpenPlan>,
    ana: String,
    ben: String,
    items: Vec<String>,
}

fn room(copies: usize) -> Room {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path());
    let mut host = OpenPlan::open(&path, "Fay").unwrap();
    let ana = add(&mut host, "members", json!({ "name": "Ana" }));
    let ben = add(&mut host, "members", json!({ "name": "Ben" }));
    let items: Vec<String> = ["Coaching", "Later start", "Tutoring"]
        .iter()
        .map(|n| {
            format!(
                "strategies/{}",
                add(&mut host, "strategies", json!({ "name": n }))
            )
        })
        .collect();
    host.close().unwrap();
    let mut laptops = Vec::new();
    for i in 0..copies {
        let copy = dir.path().join(format!("laptop{i}.throughline"));
        std::fs::copy(&path, &copy).unwrap();
        laptops.push(OpenPlan::open(&copy, "someone").unwrap());
    }
    laptops.insert(0, OpenPlan::open(&path, "Fay").unwrap());
    Room {
        _dir: dir,
        laptops,
        ana,
        ben,
        items,
    }
}

fn sync(laptops: &mut [OpenPlan], from: usize, to: usize) {
    if from != to {
        let state = laptops[from].plan().encode_state();
        laptops[to].receive_update(&state, "peer").unwrap();
    }
}

fn dots(items: &[String], counts: &[u32]) -> BTreeMap<String, u32> {
    items.iter().cloned().zip(counts.iter().copied()).collect()
}

#[test]
fn ballots_are_sealed_until_the_vote_closes_then_counted_alike_everywhere() {
    let Room {
        mut laptops,
        ana,
        ben,
        items,
        ..
    } = room(2);
    let vote = laptops[0]
        .open_vote("Which strategy first?", &items, 3, &[])
        .unwrap();
    sync(&mut laptops, 0, 1);
    sync(&mut laptops, 0, 2);
    laptops[1]
        .place_dots(&vote, &ana, &dots(&items, &[2, 1, 0]))
        .unwrap();
    laptops[2]
        .place_dots(&vote, &ben, &dots(&items, &[0, 1, 2]))
        .unwrap();
    sync(&mut laptops, 1, 0);
    sync(&mut laptops, 2, 0);
    let sealed = laptops[0].content().votes[0].clone();
    assert_eq!(sealed.ballots.len(), 2);
    assert!(tally(&sealed).is_none(), "nothing counts before the reveal");
    for entry in sealed.ballots.values() {
        assert!(!entry.contains("strategies"), "a ballot is ciphertext");
    }
    // Only the laptop holding the key can close it.
    let refused = laptops[1].close_vote(&vote).unwrap_err();
    assert!(matches!(refused, AppError::Vote(VoteError::KeyNotHere)));

    let closed = laptops[0].close_vote(&vote).unwrap();
    let mut by_path = items.clone();
    by_path.sort();
    let expected: Vec<(String, u32)> = by_path.into_iter().map(|i| (i, 2)).collect();
    assert_eq!(closed.counts, expected, "ties are listed by path");
    assert_eq!(closed.counted.len(), 2);
    sync(&mut laptops, 0, 1);
    sync(&mut laptops, 0, 2);
    for laptop in &laptops {
        let v = &laptop.content().votes[0];
        assert_eq!(tally(v).unwrap(), closed, "every laptop counts the same");
        assert_eq!(v.counts.len(), 3);
        assert!(!v.closed_at.is_empty());
    }
    let again = laptops[1].place_dots(&vote, &ana, &dots(&items, &[1, 0, 0]));
    assert!(matches!(again, Err(AppError::Vote(VoteError::Closed))));
}

#[test]
fn refused_votes_and_ballots_change_nothing() {
    let Room {
        mut laptops,
        ana,
        ben,
        items,
        ..
    } = room(0);
    let host = &mut laptops[0];
    let before = host.plan().encode_state();
    let only_one = host.open_vote("Q", &items[..1], 3, &[]);
    assert!(matches!(
        only_one,
        Err(AppError::Vote(VoteError::TooFewItems))
    ));
    let ledger = vec![items[0].clone(), "ledger/lg1".to_string()];
    assert!(matches!(
        host.open_vote("Q", &ledger, 3, &[]),
        Err(AppError::Vote(VoteError::NotVotable(_)))
    ));
    assert!(matches!(
        host.open_vote("Q", &items, 0, &[]),
        Err(AppError::Vote(VoteError::BadDots))
    ));
    assert!(matches!(
        host.open_vote(" ", &items, 3, &[]),
        Err(AppError::Vote(VoteError::NoQuestion))
    ));
    assert_eq!(host.plan().encode_state(), before);

    let vote = host
        .open_vote("Q", &items, 3, std::slice::from_ref(&ana))
        .unwrap();
    let before = host.plan().encode_state();
    let over = host.place_dots(&vote, &ana, &dots(&items, &[2, 2, 0]));
    assert!(matches!(
        over,
        Err(AppError::Vote(VoteError::TooManyDots {
            placed: 4,
            allowed: 3
        }))
    ));
    let not_voter = host.place_dots(&vote, &ben, &dots(&items, &[1, 0, 0]));
    assert!(matches!(
        not_voter,
        Err(AppError::Vote(VoteError::NotAVoter { .. }))
    ));
    let mut off = dots(&items, &[1, 0, 0]);
    off.insert("strategies/elsewhere".into(), 1);
    assert!(matches!(
        host.place_dots(&vote, &ana, &off),
        Err(AppError::Vote(VoteError::NotOnBallot(_)))
    ));
    assert_eq!(host.plan().encode_state(), before);
}

#[test]
fn a_ballot_copied_under_another_person_counts_for_no_one() {
    let Room {
        mut laptops,
        ana,
        ben,
        items,
        ..
    } = room(0);
    let host = &mut laptops[0];
    let vote = host.open_vote("Q", &items, 3, &[]).unwrap();
    host.place_dots(&vote, &ben, &dots(&items, &[3, 0, 0]))
        .unwrap();
    let bens = host.content().votes[0].ballots[&ben].clone();
    host.apply(&PlanCommand::PersonEntry {
        at: format!("votes/{vote}"),
        field: "ballots".into(),
        member: ana.clone(),
        entry: Some(bens),
    })
    .unwrap();
    host.apply(&PlanCommand::PersonEntry {
        at: format!("votes/{vote}"),
        field: "ballots".into(),
        member: "m-nobody".into(),
        entry: Some("garbage".into()),
    })
    .unwrap_err();
    let t = host.close_vote(&vote).unwrap();
    assert_eq!(t.counted, vec![ben.clone()]);
    assert_eq!(t.ignored, vec![ana.clone()]);
    assert_eq!(t.counts[0], (items[0].clone(), 3));
}

#[derive(Clone, Debug)]
enum Step {
    /// A laptop places its person's dots (laptops 1 and 2 are Ana's, 3 is Ben's).
    Place { laptop: usize, counts: [u32; 3] },
    /// Everything one laptop has reaches another (a reconnection).
    Sync { from: usize, to: usize },
    /// A laptop's whole state as it is now, kept to be replayed later.
    Keep { laptop: usize },
    /// A kept state arrives again, late.
    Replay { kept: usize, to: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (1usize..4, [0u32..4, 0u32..4, 0u32..4])
            .prop_map(|(laptop, counts)| Step::Place { laptop, counts }),
        3 => (0usize..4, 0usize..4).prop_map(|(from, to)| Step::Sync { from, to }),
        1 => (0usize..4).prop_map(|laptop| Step::Keep { laptop }),
        2 => (0usize..8, 0usize..4).prop_map(|(kept, to)| Step::Replay { kept, to }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever order ballots, reconnections and replays arrive in, every laptop counts the
    /// same, each person at most once, with at most their dots, and what counts for a person
    /// is a ballot they placed.
    #[test]
    fn no_person_counts_twice_or_beyond_their_dots(steps in prop::collection::vec(step(), 1..16)) {
        const N: u32 = 3;
        let Room { mut laptops, ana, ben, items, .. } = room(3);
        let vote = laptops[0].open_vote("Which first?", &items, N, &[]).unwrap();
        for to in 1..4 {
            sync(&mut laptops, 0, to);
        }
        let mut placed: BTreeMap<String, Vec<BTreeMap<String, u32>>> = BTreeMap::new();
        let mut kept: Vec<Vec<u8>> = Vec::new();
        for s in steps {
            match s {
                Step::Place { laptop, counts } => {
                    let member = if laptop == 3 { &ben } else { &ana };
                    let ballot = dots(&items, &counts);
                    let result = laptops[laptop].place_dots(&vote, member, &ballot);
                    let sum: u32 = counts.iter().sum();
                    prop_assert_eq!(result.is_ok(), sum <= N, "{:?}", result);
                    if sum <= N {
                        let nonzero = ballot.into_iter().filter(|(_, d)| *d > 0).collect();
                        placed.entry(member.clone()).or_default().push(nonzero);
                    }
                }
                Step::Sync { from, to } => sync(&mut laptops, from, to),
                Step::Keep { laptop } => kept.push(laptops[laptop].plan().encode_state()),
                Step::Replay { kept: k, to } => {
                    if let Some(state) = kept.get(k) {
                        laptops[to].receive_update(state, "replay").unwrap();
                    }
                }
            }
        }
        for from in 0..4 {
            for to in 0..4 {
                sync(&mut laptops, from, to);
            }
        }
        let closed = laptops[0].close_vote(&vote).unwrap();
        for to in 1..4 {
            sync(&mut laptops, 0, to);
        }
        for state in &kept {
            laptops[2].receive_update(state, "replay").unwrap();
        }
        sync(&mut laptops, 2, 0);
        for laptop in &laptops {
            prop_assert_eq!(&tally(&laptop.content().votes[0]).unwrap(), &closed);
        }
        let mut counted = closed.counted.clone();
        counted.dedup();
        prop_assert_eq!(counted.len(), closed.counted.len());
        for member in &closed.counted {
            let theirs: BTreeMap<String, u32> = closed
                .by_person
                .iter()
                .filter_map(|(item, people)| people.get(member).map(|d| (item.clone(), *d)))
                .collect();
            prop_assert!(theirs.values().sum::<u32>() <= N);
            prop_assert!(placed.get(member).is_some_and(|p| p.contains(&theirs)),
                "{member} counted {theirs:?}, placed {:?}", placed.get(member));
        }
        let total: u32 = closed.counts.iter().map(|(_, d)| d).sum();
        prop_assert!(total <= N * 2);
    }
}

#[test]
fn ratings_are_sealed_until_the_reveal_and_flag_what_to_discuss() {
    let Room {
        mut laptops,
        ana,
        ben,
        ..
    } = room(1);
    let host = &mut laptops[0];
    let cam = add(host, "members", json!({ "name": "Cam" }));
    let dee = add(host, "members", json!({ "name": "Dee" }));
    let indicator = host.content().capacity[0].id.clone();
    let refused = host.seal_rating(&indicator, &ana, Some("1"));
    assert!(matches!(
        refused,
        Err(AppError::Vote(VoteError::RoundNotOpen))
    ));
    host.open_rating_round(&indicator).unwrap();
    assert!(matches!(
        host.seal_rating(&indicator, &ana, Some("7")),
        Err(AppError::Vote(VoteError::NotALevel(_)))
    ));
    for (m, r) in [
        (&ana, "strongly_disagree"),
        (&ben, "strongly_disagree"),
        (&cam, "strongly_agree"),
        (&dee, DONT_KNOW),
    ] {
        host.seal_rating(&indicator, m, Some(r)).unwrap();
    }
    sync(&mut laptops, 0, 1);
    let seen = laptops[1].content().capacity[0].clone();
    assert!(
        seen.ratings.is_empty(),
        "nothing readable before the reveal"
    );
    assert_eq!(seen.sealed_ratings.len(), 4);
    assert!(seen
        .sealed_ratings
        .values()
        .all(|s| s.len() > 40 && !s.contains('"')));
    assert!(matches!(
        laptops[1].reveal_ratings(&indicator),
        Err(AppError::Vote(VoteError::KeyNotHere))
    ));

    let (ratings, flags) = laptops[0].reveal_ratings(&indicator).unwrap();
    assert_eq!(ratings.len(), 4);
    assert!(flags.contains(&ToDiscuss::Spread {
        low: "strongly_disagree".into(),
        high: "strongly_agree".into()
    }));
    assert!(flags.contains(&ToDiscuss::DontKnow { people: 1 }));
    sync(&mut laptops, 0, 1);
    let revealed = laptops[1].content().capacity[0].clone();
    assert!(revealed.revealed);
    assert_eq!(revealed.ratings, ratings);
    let keys = throughline_app::votes::rating_keys(&laptops[1].content());
    assert_eq!(
        throughline_app::votes::revealed_ratings(&revealed, &keys).unwrap(),
        ratings,
        "every laptop opens the same ratings with the published key"
    );
}

#[test]
fn the_demo_carries_a_closed_vote_that_counts_as_recorded_and_revealed_ratings() {
    let demo = throughline_app::demo_content().unwrap();
    let vote = &demo.votes[0];
    let counted = tally(vote).expect("the demo's vote is closed");
    let recorded: Vec<(String, u32)> = vote
        .counts
        .iter()
        .map(|c| (c.item.clone(), c.dots.unwrap() as u32))
        .collect();
    assert_eq!(counted.counts, recorded);
    assert_eq!(counted.counted.len(), 9);
    assert!(counted.ignored.is_empty());
    assert!(demo.parking_lot.len() >= 3);
    assert!(demo.parking_lot.iter().any(|i| !i.promoted_to.is_empty()));
    let keys = throughline_app::votes::rating_keys(&demo);
    let rated = demo
        .capacity
        .iter()
        .find(|c| !c.reveal_key.is_empty())
        .unwrap();
    assert_eq!(
        throughline_app::votes::revealed_ratings(rated, &keys).unwrap(),
        rated.ratings
    );
}
