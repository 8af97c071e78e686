//! Against the real npm packages (yjs 13, y-protocols 1, y-websocket 3 in `tests/js`): their
//! bytes decode here, ours decode there, and real `WebsocketProvider`s talk to a room.
//! Needs node and `npm ci` in `tests/js` (scripts/setup does it); fails saying so otherwise.

use crate::common;

use common::{doc, from_hex, state, text, to_hex, type_text, wire_js, JsPeer};
use serde_json::json;
use throughline_sync::{
    decode_frame, Auth, AwarenessEntry, AwarenessUpdate, ConnId, Layer, Limits, Message, Outgoing,
    Role, Room, RoomName,
};

fn hex_field(v: &serde_json::Value, name: &str) -> Vec<u8> {
    from_hex(v[name].as_str().unwrap_or_else(|| panic!("no {name}")))
}

#[test]
fn frames_written_by_y_protocols_decode_and_re_encode_byte_for_byte() {
    let produced = wire_js(&["produce"], "");
    let mut names = Vec::new();
    for (name, value) in produced.as_object().unwrap() {
        let frames: Vec<Vec<u8>> = match value {
            serde_json::Value::Array(list) => {
                list.iter().map(|h| from_hex(h.as_str().unwrap())).collect()
            }
            serde_json::Value::String(_)
                if name.ends_with("_payload") || name.ends_with("_text") =>
            {
                continue
            }
            serde_json::Value::String(h) => vec![from_hex(h)],
            other => panic!("{name}: {other}"),
        };
        for frame in frames {
            let messages =
                decode_frame(&frame, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(messages.len(), 1, "{name}");
            assert_eq!(messages[0].encode(), frame, "{name} re-encodes differently");
        }
        names.push(name.clone());
    }
    assert!(names.len() >= 10, "wire.mjs produced only {names:?}");

    let one = |name: &str| hex_field(&produced, name);
    let f = one("awareness_person");
    let Message::Awareness(update) = &decode_frame(&f, &Limits::default()).unwrap()[0] else {
        panic!("not awareness")
    };
    assert_eq!(update.entries[0].client, 3_000_000_000);
    assert_eq!(update.entries[0].clock, 1);
    assert!(update.entries[0].state.unwrap().contains("Ana Órla"));
    let f = one("awareness_gone");
    let Message::Awareness(update) = &decode_frame(&f, &Limits::default()).unwrap()[0] else {
        panic!("not awareness")
    };
    assert_eq!(update.entries[0].state, None);
    let f = one("auth_denied");
    assert_eq!(
        decode_frame(&f, &Limits::default()).unwrap()[0],
        Message::Auth(Auth::PermissionDenied {
            reason: "read-only"
        })
    );
}

#[test]
fn yrs_writes_the_same_update_bytes_as_yjs_for_the_same_edit() {
    let produced = wire_js(&["produce"], "");
    let d = doc(1);
    let text = d.get_or_insert_text("test");
    let update = {
        use yrs::{Text, Transact};
        let mut txn = d.transact_mut();
        text.insert(&mut txn, 0, "a");
        txn.encode_update_v1()
    };
    assert_eq!(update, hex_field(&produced, "update_a_payload"));
    assert_eq!(
        Message::Update(&update).encode(),
        hex_field(&produced, "update_a")
    );
}

#[test]
fn a_room_applies_what_a_real_yjs_doc_typed_and_answers_its_step_one() {
    let produced = wire_js(&["produce"], "");
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), doc(50)).unwrap();
    room.connect(ConnId(1), Role::Editor).unwrap();
    room.connect(ConnId(2), Role::Editor).unwrap();
    let mut relayed = 0;
    for frame in produced["typed"].as_array().unwrap() {
        let r = room
            .receive(ConnId(1), &from_hex(frame.as_str().unwrap()))
            .unwrap();
        assert!(r.changed.is_some());
        relayed += common::frames_for(&r.outgoing, ConnId(2)).len();
    }
    let typed = produced["typed"].as_array().unwrap().len();
    assert_eq!(relayed, typed);
    assert_eq!(text(room.doc()), produced["typed_text"].as_str().unwrap());

    // yjs's step 2 for an empty doc, applied to a fresh room, gives the same document.
    let mut fresh = Room::new(RoomName::new("p", Layer::Plan).unwrap(), doc(51)).unwrap();
    fresh.connect(ConnId(1), Role::Editor).unwrap();
    fresh
        .receive(ConnId(1), &hex_field(&produced, "typist_step2_for_empty"))
        .unwrap();
    assert_eq!(text(fresh.doc()), text(room.doc()));

    // yjs's step 1 from the typist (who has everything) is answered with an update that adds
    // nothing, and an awareness frame from y-protocols is relayed.
    let r = fresh
        .receive(ConnId(1), &hex_field(&produced, "typist_step1"))
        .unwrap();
    let [Outgoing { bytes, .. }] = &r.outgoing[..] else {
        panic!("{:?}", r.outgoing)
    };
    let Message::SyncStep2(update) = decode_frame(bytes, &Limits::default()).unwrap()[0] else {
        panic!("not step 2")
    };
    let again = doc(52);
    common::apply(&again, &state(fresh.doc()));
    let before = state(&again);
    common::apply(&again, update);
    assert_eq!(state(&again), before);
}

#[test]
fn y_protocols_reads_everything_a_room_sends() {
    let host = doc(60);
    type_text(&host, 0, "Every learner");
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host).unwrap();
    room.set_local_awareness(Some(r#"{"user":{"name":"Host"}}"#))
        .unwrap();
    let (editor, viewer) = (ConnId(1), ConnId(2));
    room.connect(editor, Role::Editor).unwrap();
    let mut frames: Vec<Vec<u8>> = Vec::new();
    // What a newcomer gets on connect: our step 1 and the awareness states.
    frames.extend(common::frames_for(
        &room.connect(viewer, Role::Viewer).unwrap(),
        viewer,
    ));
    // Our step 2 in answer to an empty step 1.
    let r = room
        .receive(viewer, &Message::SyncStep1(&[0]).encode())
        .unwrap();
    frames.extend(common::frames_for(&r.outgoing, viewer));
    // An editor's edit relayed, presence relayed.
    let peer = doc(1);
    common::apply(&peer, &state(room.doc()));
    let r = room
        .receive(
            editor,
            &Message::Update(&type_text(&peer, 13, ", every day")).encode(),
        )
        .unwrap();
    frames.extend(common::frames_for(&r.outgoing, viewer));
    let presence = Message::Awareness(AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client: 1,
            clock: 1,
            state: Some(r#"{"user":{"name":"Édith"},"section":"goal-1"}"#),
        }],
    });
    let r = room.receive(editor, &presence.encode()).unwrap();
    frames.extend(common::frames_for(&r.outgoing, viewer));
    // The viewer's own edit refused: permission denied.
    let mine = doc(2);
    let r = room
        .receive(viewer, &Message::Update(&type_text(&mine, 0, "x")).encode())
        .unwrap();
    frames.extend(common::frames_for(&r.outgoing, viewer));
    // The editor leaves.
    frames.extend(common::frames_for(&room.disconnect(editor), viewer));

    let input = json!({ "frames": frames.iter().map(|f| to_hex(f)).collect::<Vec<_>>() });
    let read = wire_js(&["consume"], &input.to_string());
    assert_eq!(read["text"], "Every learner, every day");
    assert_eq!(
        read["denied"],
        json!(["read-only: a viewer cannot change the plan"])
    );
    // Édith arrived and left; the host is still here.
    assert_eq!(
        read["states"],
        json!({ "60": { "user": { "name": "Host" } } })
    );
    // y-protocols answered our step 1 with its step 2: it holds nothing we lack.
    let replies = read["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    let before = state(room.doc());
    room.receive(viewer, &from_hex(replies[0].as_str().unwrap()))
        .unwrap();
    assert_eq!(state(room.doc()), before);
}

/// Connects a real provider to the room and relays until both sides are quiet.
struct Harness {
    room: Room,
    peers: Vec<(ConnId, JsPeer)>,
}

impl Harness {
    fn new(layer: Layer, host_text: &str) -> Harness {
        let host = doc(900);
        type_text(&host, 0, host_text);
        Harness {
            room: Room::new(RoomName::new("plan", layer).unwrap(), host).unwrap(),
            peers: Vec::new(),
        }
    }

    fn join(&mut self, conn: ConnId, role: Role, client_id: u64) {
        let mut peer = JsPeer::spawn(client_id);
        let out = self.room.connect(conn, role).unwrap();
        let mut to_room = peer.open().sent;
        for frame in common::frames_for(&out, conn) {
            to_room.extend(peer.recv(&frame).sent);
        }
        self.peers.push((conn, peer));
        self.pump(conn, to_room);
    }

    /// Feeds `frames` from `from` to the room and everything that follows to everyone.
    fn pump(&mut self, from: ConnId, frames: Vec<Vec<u8>>) {
        let mut queue: std::collections::VecDeque<(ConnId, Vec<u8>)> =
            frames.into_iter().map(|f| (from, f)).collect();
        while let Some((conn, frame)) = queue.pop_front() {
            let r = self.room.receive(conn, &frame).unwrap();
            self.deliver(r.outgoing, &mut queue);
        }
    }

    fn deliver(
        &mut self,
        outgoing: Vec<Outgoing>,
        queue: &mut std::collections::VecDeque<(ConnId, Vec<u8>)>,
    ) {
        for o in outgoing {
            for (conn, peer) in &mut self.peers {
                if o.to.includes(*conn) {
                    let answer = peer.recv(&o.bytes);
                    queue.extend(answer.sent.into_iter().map(|f| (*conn, f)));
                }
            }
        }
    }

    fn peer(&mut self, conn: ConnId) -> &mut JsPeer {
        &mut self.peers.iter_mut().find(|(c, _)| *c == conn).unwrap().1
    }

    fn act(
        &mut self,
        conn: ConnId,
        f: impl FnOnce(&mut JsPeer) -> common::JsAnswer,
    ) -> common::JsAnswer {
        let answer = f(self.peer(conn));
        self.pump(conn, answer.sent.clone());
        answer
    }

    fn close(&mut self, conn: ConnId) {
        self.peer(conn).close();
        self.peers.retain(|(c, _)| *c != conn);
        let out = self.room.disconnect(conn);
        let mut queue = std::collections::VecDeque::new();
        self.deliver(out, &mut queue);
        while let Some((c, frame)) = queue.pop_front() {
            let r = self.room.receive(c, &frame).unwrap();
            self.deliver(r.outgoing, &mut queue);
        }
    }
}

const ANA: ConnId = ConnId(1);
const BEN: ConnId = ConnId(2);
const VI: ConnId = ConnId(3);

#[test]
fn real_y_websocket_clients_sync_through_a_room_and_converge() {
    let mut h = Harness::new(Layer::Plan, "Plan");
    h.join(ANA, Role::Editor, 11);
    h.join(BEN, Role::Editor, 12);
    for conn in [ANA, BEN] {
        let a = h.act(conn, |p| p.set_awareness(json!({})));
        assert!(a.synced, "the provider saw our step 2");
        assert_eq!(a.text, "Plan");
    }
    h.act(ANA, |p| p.insert(0, "Our "));
    h.act(BEN, |p| p.insert(8, " for 2030"));
    h.act(ANA, |p| p.delete(0, 4));
    h.act(BEN, |p| p.insert(0, "The "));
    let expected = text(h.room.doc());
    assert_eq!(expected, "The Plan for 2030");
    for conn in [ANA, BEN] {
        assert_eq!(h.act(conn, |p| p.set_awareness(json!({}))).text, expected);
    }
}

#[test]
fn a_real_viewer_is_told_its_edits_do_not_land_and_keeps_receiving_others() {
    let mut h = Harness::new(Layer::Plan, "Plan");
    h.join(ANA, Role::Editor, 21);
    h.join(VI, Role::Viewer, 23);
    let before = state(h.room.doc());
    h.act(VI, |p| p.insert(0, "Vandal "));
    assert_eq!(state(h.room.doc()), before);
    h.act(ANA, |p| p.insert(4, " v2"));
    let vi = h.act(VI, |p| p.set_awareness(json!({"user": {"name": "Vi"}})));
    assert_eq!(
        vi.text, "Vandal Plan v2",
        "the viewer's local copy merges others' edits"
    );
    let ana = h.act(ANA, |p| p.set_awareness(json!({})));
    assert_eq!(ana.text, "Plan v2", "the viewer's edit reached no one");
    assert_eq!(text(h.room.doc()), "Plan v2");
}

#[test]
fn a_real_viewer_sees_permission_denied_in_its_log() {
    let mut h = Harness::new(Layer::Plan, "Plan");
    h.join(VI, Role::Viewer, 31);
    let peer = h.peer(VI);
    let answer = peer.insert(0, "x");
    let frames = answer.sent.clone();
    let mut warnings = Vec::new();
    for frame in frames {
        let r = h.room.receive(VI, &frame).unwrap();
        assert!(r.refused.is_some());
        for o in r.outgoing {
            warnings.extend(h.peer(VI).recv(&o.bytes).warnings);
        }
    }
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("Permission denied"), "{}", warnings[0]);
    assert!(warnings[0].contains("read-only: a viewer cannot change the plan"));
}

#[test]
fn a_real_reviewer_writes_the_review_room_only() {
    let mut plan = Harness::new(Layer::Plan, "Plan");
    plan.join(BEN, Role::Reviewer, 41);
    let before = state(plan.room.doc());
    plan.act(BEN, |p| p.insert(0, "edit "));
    assert_eq!(state(plan.room.doc()), before);

    let mut review = Harness::new(Layer::Review, "");
    review.join(BEN, Role::Reviewer, 42);
    review.join(ANA, Role::Editor, 43);
    review.act(BEN, |p| p.insert(0, "Please cite the survey."));
    assert_eq!(text(review.room.doc()), "Please cite the survey.");
    let ana = review.act(ANA, |p| p.set_awareness(json!({})));
    assert_eq!(ana.text, "Please cite the survey.");
}

#[test]
fn real_clients_see_each_others_presence_come_and_go() {
    let mut h = Harness::new(Layer::Plan, "Plan");
    h.join(ANA, Role::Editor, 51);
    h.join(BEN, Role::Editor, 52);
    h.act(ANA, |p| {
        p.set_awareness(json!({"user": {"name": "Ana"}, "section": "goal-2"}))
    });
    let ben = h.act(BEN, |p| p.set_awareness(json!({"user": {"name": "Ben"}})));
    assert_eq!(
        ben.states[&51],
        json!({"user": {"name": "Ana"}, "section": "goal-2"})
    );
    assert_eq!(h.room.awareness_clients_of(ANA), vec![51]);
    assert_eq!(h.room.awareness_clients_of(BEN), vec![52]);

    h.close(ANA);
    let ben = h.act(BEN, |p| p.set_awareness(json!({"user": {"name": "Ben"}})));
    assert!(!ben.states.contains_key(&51), "{:?}", ben.states);
    assert!(ben.states.contains_key(&52));
    let names: Vec<u64> = h.room.awareness_states().iter().map(|s| s.0).collect();
    assert_eq!(names, vec![52]);
}

#[test]
fn our_client_syncs_both_ways_with_a_y_protocols_peer() {
    // A laptop with an edit made offline joins a peer that has the plan.
    let laptop = doc(77);
    type_text(&laptop, 0, "(offline note) ");
    let mut client = throughline_sync::Client::new(laptop).unwrap();
    let hello = client.opened();
    let first = wire_js(
        &["consume"],
        &json!({ "initial": "Plan", "frames": hello.iter().map(|f| to_hex(f)).collect::<Vec<_>>() })
            .to_string(),
    );
    // y-protocols answered our step 1 with its step 2: we now hold its text.
    let replies = first["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    let r = client
        .receive(&from_hex(replies[0].as_str().unwrap()))
        .unwrap();
    assert!(client.is_synced());
    assert!(r.changed.is_some());
    // Its step 1 (a server sends one on connect) gets our step 2, offline edit included.
    let r = client.receive(&hex_field(&first, "step1")).unwrap();
    let our_step2 = r.replies.clone();
    let edit = type_text(client.doc(), 0, "Draft: ");
    let update = client.local_update(&edit).unwrap();
    let presence = client
        .set_local_awareness(Some(r#"{"user":{"name":"Laptop"}}"#))
        .unwrap()
        .unwrap();

    let mut frames = hello;
    frames.extend(our_step2);
    frames.push(update);
    frames.push(presence);
    let second = wire_js(
        &["consume"],
        &json!({ "initial": "Plan", "frames": frames.iter().map(|f| to_hex(f)).collect::<Vec<_>>() })
            .to_string(),
    );
    assert_eq!(second["text"].as_str().unwrap(), text(client.doc()));
    assert!(text(client.doc()).contains("(offline note)"));
    assert!(text(client.doc()).contains("Plan"));
    assert_eq!(
        second["states"],
        json!({ "77": { "user": { "name": "Laptop" } } })
    );
}
