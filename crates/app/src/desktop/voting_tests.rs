//! Tests of votes, the parking lot and rating rounds through `DesktopSession`: alone the laptop
//! runs its own votes; in a session only the facilitator opens and closes them, each person
//! places their own dots as the member they said they are, and every laptop reads the same
//! results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::retreat_tests::{eventually, join_as_editor, new_plan, session_of};
use super::*;

fn add(s: &mut DesktopSession, to: &str, name_field: &str, name: &str) -> String {
    s.apply(PlanCommand::Add {
        to: to.into(),
        fields: [(name_field.to_owned(), FieldValue::Text(name.into()))]
            .into_iter()
            .collect(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

#[test]
fn ideas_are_parked_one_per_line_and_promoted_with_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_of(dir.path(), "Ana Ruiz");
    new_plan(&mut s, dir.path());
    let ids = s
        .add_ideas("Later start times\n\n  A student advisory council  \n")
        .unwrap();
    assert_eq!(ids.len(), 2, "two lines are two ideas, the blank one none");
    assert!(s.add_ideas(" \n ").is_err());
    let record = s.room_record().unwrap();
    assert_eq!(record.ideas[1].text, "A student advisory council");
    assert_eq!(record.ideas[1].author, "Ana Ruiz");
    let path = s
        .promote_idea(&ids[1], PromoteInto::RootCauses, None)
        .unwrap();
    let record = s.room_record().unwrap();
    assert_eq!(record.ideas[1].promoted_to.as_deref(), Some(path.as_str()));
    assert_eq!(
        record.ideas[1].promoted_title.as_deref(),
        Some("A student advisory council (root cause)")
    );
    assert!(record
        .votable
        .iter()
        .any(|v| v.item == path && v.title.starts_with("A student advisory council")));
}

#[test]
fn only_the_facilitator_runs_votes_and_both_laptops_read_the_same_results() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    new_plan(&mut a, dir_a.path());
    let ana = add(&mut a, "members", "name", "Ana Ruiz");
    let ben = add(&mut a, "members", "name", "Ben Okafor");
    let items: Vec<String> = ["Coaching", "Tutoring"]
        .iter()
        .map(|n| format!("strategies/{}", add(&mut a, "strategies", "name", n)))
        .collect();
    a.set_me(Some(ana.clone())).unwrap();

    // Placing dots needs to know whose they are.
    let hosting = a.host_plan().unwrap();
    a.set_section(Some("strategies".into())).unwrap();
    let mut b = session_of(dir_b.path(), "Ben Okafor");
    join_as_editor(&mut b, &hosting);
    b.set_section(Some("strategies".into())).unwrap();
    assert!(a.room_record().unwrap().may_run_votes);
    eventually("Ben's laptop reads the room", || {
        b.room().unwrap().facilitator.as_deref() == Some("Ana Ruiz")
    });
    assert!(!b.room_record().unwrap().may_run_votes);
    let request = OpenVoteRequest {
        question: "Which first?".into(),
        items: items.clone(),
        dots: 3,
        voters: Vec::new(),
    };
    assert!(
        b.open_vote(request.clone()).is_err(),
        "only the facilitator opens votes"
    );
    let vote = a.open_vote(request).unwrap();
    eventually("the vote reaches Ben", || {
        b.room_record().unwrap().votes.len() == 1
    });
    let on = |item: &str, dots: u32| DotsOn {
        item: item.to_owned(),
        dots,
    };
    let refused = b.place_dots(&vote, vec![on(&items[0], 1)]).unwrap_err();
    assert!(refused.message.contains("which team member"), "{refused:?}");
    b.set_me(Some(ben.clone())).unwrap();
    let over = b
        .place_dots(&vote, vec![on(&items[0], 2), on(&items[1], 2)])
        .unwrap_err();
    assert!(over.message.contains("4 dots placed"), "{over:?}");
    b.place_dots(&vote, vec![on(&items[0], 1), on(&items[1], 2)])
        .unwrap();
    assert_eq!(
        b.room_record().unwrap().votes[0].mine,
        vec![on(&items[0], 1), on(&items[1], 2)],
        "this laptop remembers what its person placed"
    );
    a.place_dots(&vote, vec![on(&items[0], 3)]).unwrap();
    eventually("both ballots reach Ana", || {
        a.room_record().unwrap().votes[0].vote.ballots == 2
    });
    assert!(b.close_vote(&vote).is_err(), "only the facilitator closes");
    assert!(a.latest_vote().unwrap().is_none());
    a.close_vote(&vote).unwrap();
    let theirs = || b.room_record().unwrap().votes[0].vote.clone();
    eventually("the results reach Ben", || !theirs().open);
    let ours = a.room_record().unwrap().votes[0].vote.clone();
    assert_eq!(ours, theirs(), "both laptops count alike");
    assert_eq!(
        ours.items.iter().map(|i| i.dots).collect::<Vec<_>>(),
        vec![4, 2]
    );
    assert_eq!(a.latest_vote().unwrap(), Some(ours));
}
