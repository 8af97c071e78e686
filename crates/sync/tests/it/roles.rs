//! Roles enforced where updates arrive: a viewer writes nothing, a reviewer only the review
//! layer, an editor both; a refused write changes nothing and reaches no one.

use crate::common;

use common::{doc, frames_for, replies_to, state, text, type_text};
use throughline_sync::{
    decode_frame, Auth, ConnId, Layer, Limits, Message, Received, Recipients, Refusal, Role, Room,
    RoomName,
};

const A: ConnId = ConnId(1);
const B: ConnId = ConnId(2);

fn room(layer: Layer) -> Room {
    let host = doc(100);
    type_text(&host, 0, "Plan");
    Room::new(RoomName::new("p1", layer).unwrap(), host).unwrap()
}

fn write(room: &mut Room, conn: ConnId, peer: &yrs::Doc, s: &str) -> Received {
    let update = type_text(peer, 0, s);
    room.receive(conn, &Message::Update(&update).encode())
        .unwrap()
}

fn denied_reasons(out: &[throughline_sync::Outgoing], conn: ConnId) -> Vec<String> {
    replies_to(out, conn)
        .iter()
        .flat_map(|f| {
            decode_frame(f, &Limits::default())
                .unwrap()
                .into_iter()
                .filter_map(|m| match m {
                    Message::Auth(Auth::PermissionDenied { reason }) => Some(reason.to_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn role_rules() {
    assert!(Role::Editor.may_write(Layer::Plan));
    assert!(Role::Editor.may_write(Layer::Review));
    assert!(!Role::Reviewer.may_write(Layer::Plan));
    assert!(Role::Reviewer.may_write(Layer::Review));
    assert!(!Role::Viewer.may_write(Layer::Plan));
    assert!(!Role::Viewer.may_write(Layer::Review));
}

#[test]
fn a_viewers_edit_changes_nothing_reaches_no_one_and_is_answered_once() {
    for layer in [Layer::Plan, Layer::Review] {
        let mut room = room(layer);
        room.connect(A, Role::Viewer).unwrap();
        room.connect(B, Role::Editor).unwrap();
        let before = state(room.doc());
        let viewer = doc(1);
        let r = write(&mut room, A, &viewer, "hack ");
        assert_eq!(r.changed, None);
        assert_eq!(
            r.refused,
            Some(Refusal {
                role: Role::Viewer,
                layer
            })
        );
        assert!(frames_for(&r.outgoing, B).is_empty(), "relayed to others");
        assert_eq!(denied_reasons(&r.outgoing, A).len(), 1);
        assert_eq!(state(room.doc()), before);

        // Told once per connection, refused every time.
        let r = write(&mut room, A, &viewer, "again ");
        assert!(r.refused.is_some());
        assert!(r.outgoing.is_empty());
        assert_eq!(state(room.doc()), before);
    }
}

#[test]
fn a_viewer_still_syncs_and_receives_everyone_elses_edits() {
    let mut room = room(Layer::Plan);
    let out = room.connect(A, Role::Viewer).unwrap();
    let viewer = doc(1);
    // Our step 1 arrives; the viewer answers with step 2 (nothing new) and its own step 1.
    let host_sv = match decode_frame(&out[0].bytes, &Limits::default()).unwrap()[0] {
        Message::SyncStep1(sv) => sv.to_vec(),
        ref m => panic!("first frame is {m:?}"),
    };
    let answer = {
        use yrs::updates::decoder::Decode;
        use yrs::{ReadTxn, StateVector, Transact};
        viewer
            .transact()
            .encode_state_as_update_v1(&StateVector::decode_v1(&host_sv).unwrap())
    };
    let sv = {
        use yrs::updates::encoder::Encode;
        use yrs::{ReadTxn, Transact};
        viewer.transact().state_vector().encode_v1()
    };
    let mut frame = Message::SyncStep2(&answer).encode();
    frame.extend(Message::SyncStep1(&sv).encode());
    let r = room.receive(A, &frame).unwrap();
    assert_eq!(r.refused, None, "an empty step 2 is not a write");
    assert!(denied_reasons(&r.outgoing, A).is_empty());
    let step2 = replies_to(&r.outgoing, A);
    for f in &step2 {
        for m in decode_frame(f, &Limits::default()).unwrap() {
            if let Message::SyncStep2(u) = m {
                common::apply(&viewer, u);
            }
        }
    }
    assert_eq!(text(&viewer), "Plan");

    room.connect(B, Role::Editor).unwrap();
    let editor = doc(2);
    common::apply(&editor, &state(room.doc()));
    let r = write(&mut room, B, &editor, "Our ");
    assert!(r.changed.is_some());
    for f in frames_for(&r.outgoing, A) {
        for m in decode_frame(&f, &Limits::default()).unwrap() {
            if let Message::Update(u) = m {
                common::apply(&viewer, u);
            }
        }
    }
    assert_eq!(text(&viewer), "Our Plan");
}

#[test]
fn a_viewers_step_two_repeating_what_the_host_has_including_deletions_is_not_refused() {
    let mut room = room(Layer::Plan);
    room.connect(A, Role::Viewer).unwrap();
    room.connect(B, Role::Editor).unwrap();
    let editor = doc(2);
    common::apply(&editor, &state(room.doc()));
    let del = common::delete_text(&editor, 0, 2);
    room.receive(B, &Message::Update(&del).encode()).unwrap();
    // The viewer has everything, deletions included, and sends it all back.
    let viewer = doc(1);
    common::apply(&viewer, &state(room.doc()));
    let everything = state(&viewer);
    let r = room
        .receive(A, &Message::SyncStep2(&everything).encode())
        .unwrap();
    assert_eq!(r.refused, None);
    // A deletion the host has not made is news, and refused.
    let before = state(room.doc());
    let del = common::delete_text(&viewer, 0, 1);
    let r = room.receive(A, &Message::Update(&del).encode()).unwrap();
    assert!(r.refused.is_some());
    assert_eq!(state(room.doc()), before);
}

#[test]
fn a_reviewer_writes_the_review_layer_but_not_the_plan() {
    let mut plan = room(Layer::Plan);
    plan.connect(A, Role::Reviewer).unwrap();
    plan.connect(B, Role::Editor).unwrap();
    let before = state(plan.doc());
    let r = write(&mut plan, A, &doc(1), "x");
    assert!(r.refused.is_some());
    assert_eq!(state(plan.doc()), before);
    assert!(denied_reasons(&r.outgoing, A)[0].contains("reviewer"));

    let mut review = room(Layer::Review);
    review.connect(A, Role::Reviewer).unwrap();
    review.connect(B, Role::Editor).unwrap();
    let reviewer = doc(1);
    common::apply(&reviewer, &state(review.doc()));
    let r = write(&mut review, A, &reviewer, "Looks good: ");
    assert_eq!(r.refused, None);
    let changed = r.changed.expect("the reviewer's comment landed");
    assert_eq!(
        frames_for(&r.outgoing, B),
        vec![Message::Update(&changed).encode()]
    );
    assert!(
        frames_for(&r.outgoing, A).is_empty(),
        "not echoed to its sender"
    );
    assert_eq!(text(review.doc()), "Looks good: Plan");
}

#[test]
fn an_editor_writes_both_and_the_change_is_relayed_to_everyone_else() {
    for layer in [Layer::Plan, Layer::Review] {
        let mut room = room(layer);
        room.connect(A, Role::Editor).unwrap();
        room.connect(B, Role::Viewer).unwrap();
        room.connect(ConnId(3), Role::Reviewer).unwrap();
        let editor = doc(1);
        common::apply(&editor, &state(room.doc()));
        let r = write(&mut room, A, &editor, "Draft ");
        let changed = r.changed.clone().unwrap();
        assert_eq!(r.refused, None);
        assert_eq!(
            r.outgoing,
            vec![throughline_sync::Outgoing {
                to: Recipients::AllBut(A),
                bytes: Message::Update(&changed).encode()
            }]
        );
        assert_eq!(text(room.doc()), "Draft Plan");
    }
}

#[test]
fn awareness_and_queries_are_open_to_every_role() {
    let mut room = room(Layer::Plan);
    room.connect(A, Role::Viewer).unwrap();
    room.connect(B, Role::Editor).unwrap();
    let presence = throughline_sync::AwarenessUpdate {
        entries: vec![throughline_sync::AwarenessEntry {
            client: 1,
            clock: 1,
            state: Some(r#"{"user":{"name":"Viewer Vi"}}"#),
        }],
    };
    let r = room
        .receive(A, &Message::Awareness(presence.clone()).encode())
        .unwrap();
    assert_eq!(
        frames_for(&r.outgoing, B),
        vec![Message::Awareness(presence).encode()]
    );
    assert_eq!(room.awareness_clients_of(A), vec![1]);
}
