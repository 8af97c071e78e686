//! Tests of running the room through `DesktopSession`: a host facilitates, a late joiner sees
//! the running block and its time, "done" and "stepped away" reach the facilitator, following,
//! and handing the role over.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::retreat_tests::{eventually, join_as_editor, new_plan, session_of};
use super::*;

fn add_block(s: &mut DesktopSession, title: &str, section: &str, minutes: i64) -> String {
    s.apply(PlanCommand::Add {
        to: "agenda".into(),
        fields: [
            ("title", FieldValue::Text(title.into())),
            ("day", FieldValue::Number(1.0)),
            ("section", FieldValue::Text(section.into())),
            ("minutes", FieldValue::Number(minutes as f64)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

fn person<'a>(room: &'a RoomView, name: &str) -> Option<&'a PersonInRoom> {
    room.people.iter().find(|p| p.name == name)
}

#[test]
fn the_host_facilitates_a_late_joiner_sees_the_block_and_the_role_hands_over() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    new_plan(&mut a, dir_a.path());
    let causes = add_block(&mut a, "Root causes", "root_causes", 45);

    // Alone, nobody runs a room.
    assert!(!a.room().unwrap().in_session);
    assert!(a
        .facilitate(Facilitate::Start {
            block: causes.clone()
        })
        .is_err());

    let hosting = a.host_plan().unwrap();
    a.set_section(Some("team".into())).unwrap();
    let room = a.room().unwrap();
    assert!(
        room.in_session && room.i_facilitate,
        "the host facilitates: {room:?}"
    );
    assert_eq!(room.facilitator.as_deref(), Some("Ana Ruiz"));

    // A block that is not on the agenda is refused; the real one runs and is extended.
    let e = a
        .facilitate(Facilitate::Start {
            block: "ag-none".into(),
        })
        .unwrap_err();
    assert!(e.message.contains("ag-none"), "{}", e.message);
    a.facilitate(Facilitate::Start {
        block: causes.clone(),
    })
    .unwrap();
    a.facilitate(Facilitate::Extend { minutes: 5 }).unwrap();
    let block = a.room().unwrap().block.unwrap();
    assert_eq!(
        (block.title.as_str(), block.minutes, block.extended_s),
        ("Root causes", 45, 300)
    );
    assert_eq!(block.ends_at - block.started_at, 50.0 * 60_000.0);
    assert_eq!(a.room().unwrap().section.as_deref(), Some("root_causes"));

    // B joins after the block started: it sees the block, its end and the time left.
    let mut b = session_of(dir_b.path(), "Ben Okafor");
    join_as_editor(&mut b, &hosting);
    b.set_section(Some("vision".into())).unwrap();
    eventually("the running block reaching the late joiner", || {
        b.room().unwrap().block.as_ref() == Some(&block)
    });
    let seen = b.room().unwrap();
    assert!(!seen.i_facilitate);
    assert_eq!(seen.facilitator.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        seen.section.as_deref(),
        Some("root_causes"),
        "B is brought there"
    );
    let left = seen.block.as_ref().unwrap().ends_at - seen.now;
    assert!(
        left > 49.0 * 60_000.0 && left <= 50.0 * 60_000.0,
        "{left} ms left"
    );

    // Only the facilitator runs the room.
    let e = b.facilitate(Facilitate::End).unwrap_err();
    assert!(
        e.message.contains("only the facilitator (Ana Ruiz)"),
        "{}",
        e.message
    );

    // B is done; the facilitator sees it. B steps away, then rejoins.
    b.set_done(true).unwrap();
    eventually("B's done reaching the facilitator", || {
        person(&a.room().unwrap(), "Ben Okafor").is_some_and(|p| p.done)
    });
    b.set_away(true).unwrap();
    eventually("B stepping away reaching the facilitator", || {
        person(&a.room().unwrap(), "Ben Okafor").is_some_and(|p| p.away)
    });
    b.set_away(false).unwrap();
    eventually("B rejoining", || {
        person(&a.room().unwrap(), "Ben Okafor").is_some_and(|p| !p.away)
    });

    // Bring everyone here: B follows the facilitator to the vision.
    a.facilitate(Facilitate::BringHere {
        section: Some("vision".into()),
        activity: None,
    })
    .unwrap();
    eventually("B following to the vision", || {
        b.room().unwrap().section.as_deref() == Some("vision")
    });
    assert!(a
        .facilitate(Facilitate::BringHere {
            section: Some("moon".into()),
            activity: None
        })
        .is_err());

    // The role is handed to B in one step; B runs the room from then on, and A cannot.
    let ben = person(&a.room().unwrap(), "Ben Okafor")
        .unwrap()
        .client
        .clone();
    a.facilitate(Facilitate::HandOver { client: ben }).unwrap();
    eventually("B facilitating", || b.room().unwrap().i_facilitate);
    let on_a = a.room().unwrap();
    assert!(!on_a.i_facilitate);
    assert_eq!(on_a.facilitator.as_deref(), Some("Ben Okafor"));
    assert!(person(&on_a, "Ben Okafor").unwrap().facilitates);
    assert!(a.facilitate(Facilitate::End).is_err());
    b.facilitate(Facilitate::End).unwrap();
    eventually("the block ended by B reaching A", || {
        a.room().unwrap().block.is_none()
    });
    // With no block running, nobody is done.
    assert!(a.room().unwrap().people.iter().all(|p| !p.done));

    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
}
