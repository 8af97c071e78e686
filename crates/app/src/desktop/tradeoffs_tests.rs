//! Tests of the trade-offs requests as the UI makes them: cliffs for the chart, plays' records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::session;
use super::*;

/// The ledger's chart places each cliff by its year and draws what it leaves uncovered to
/// scale: the demo's foundation gift ends after the plan (a projected year), the state grant
/// inside it.
#[test]
fn the_demo_s_cliffs_carry_what_the_chart_draws() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    s.open_demo().unwrap();
    let mut cliffs = s.funding_cliffs().unwrap();
    cliffs.sort_by(|a, b| a.fiscal_year.cmp(&b.fiscal_year));
    let seen: Vec<_> = cliffs
        .iter()
        .map(|c| {
            (
                c.fiscal_year.as_str(),
                c.last_year.as_str(),
                c.uncovered,
                c.uncovered_text.as_str(),
                c.projected,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2028-29", "2027-28", 24_220_000, "$242,200.00", false),
            ("2029-30", "2028-29", 30_000_000, "$300,000.00", true),
        ]
    );
}

fn strategy_record(s: &DesktopSession, id: &str) -> (String, Option<String>) {
    let content = s.at_hand().unwrap().read(|plan, _| plan.content());
    let st = content.strategies.iter().find(|x| x.id == id).unwrap();
    (st.in_the_room.clone(), st.decided_on.clone())
}

fn add_strategy(s: &mut DesktopSession) -> String {
    s.apply(PlanCommand::Add {
        to: "strategies".into(),
        fields: Default::default(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

/// Alone, the record names the author; a card played and a strategy added each carry the day.
#[test]
fn alone_the_decision_record_names_the_author_and_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    s.open_demo().unwrap();
    let tactic = s.at_hand().unwrap().read(|plan, _| plan.content()).tactics[0]
        .id
        .clone();
    let played = s
        .play_card(PlayRequest {
            deck: "general".into(),
            card: "low-use-software".into(),
            tactic,
            first_year: "2028-29".into(),
        })
        .unwrap();
    let id = played.applied.id.unwrap();
    let content = s.at_hand().unwrap().read(|plan, _| plan.content());
    let play = content.plays.iter().find(|p| p.id == id).unwrap();
    assert_eq!(play.in_the_room, "Ana Ruiz");
    let day = play.decided_on.clone().unwrap();
    assert_eq!(
        play.at.get(..10),
        Some(day.as_str()),
        "decided the day it was played"
    );

    let strategy = add_strategy(&mut s);
    let (room, decided) = strategy_record(&s, &strategy);
    assert_eq!(room, "Ana Ruiz");
    assert_eq!(decided.as_deref(), Some(day.as_str()));
}

/// In a session, whoever is present is in the room: the host adds a strategy once Ben has
/// joined and is seen, and the record names both.
#[test]
fn in_a_session_the_record_names_everyone_present() {
    use super::retreat_tests::{eventually, join_as_editor, new_plan, session_of};
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    new_plan(&mut a, dir_a.path());
    let hosting = a.host_plan().unwrap();
    let mut b = session_of(dir_b.path(), "Ben Okafor");
    join_as_editor(&mut b, &hosting);
    b.set_section(Some("strategies".into())).unwrap();
    eventually("Ben seen on Ana's laptop", || {
        a.in_the_room().unwrap().contains("Ben Okafor")
    });
    let strategy = add_strategy(&mut a);
    let (room, decided) = strategy_record(&a, &strategy);
    assert_eq!(room, "Ana Ruiz, Ben Okafor");
    assert!(decided.is_some());
    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
}
