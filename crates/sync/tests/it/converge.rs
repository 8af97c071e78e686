//! Rooms and clients exchanging frames in memory: everyone converges, offline edits survive a
//! reconnect, presence follows connections.

use crate::common;

use std::collections::{BTreeMap, VecDeque};

use common::{doc, state, text, type_text};
use throughline_sync::{
    AwarenessEntry, AwarenessUpdate, Client, ClientEvent, ConnId, Layer, Message, Outgoing,
    Recipients, Role, Room, RoomName, SyncError,
};
use yrs::Doc;

/// One room and the clients connected to it, with frames in flight in both directions.
struct Net {
    room: Room,
    clients: BTreeMap<ConnId, Client>,
    to_room: VecDeque<(ConnId, Vec<u8>)>,
    to_clients: VecDeque<(ConnId, Vec<u8>)>,
    /// Every `changed` the room reported, in order: what a host would have committed.
    committed: Vec<Vec<u8>>,
    events: BTreeMap<ConnId, Vec<ClientEvent>>,
}

impl Net {
    fn new(host: Doc) -> Net {
        Net {
            room: Room::new(RoomName::new("plan-1", Layer::Plan).unwrap(), host).unwrap(),
            clients: BTreeMap::new(),
            to_room: VecDeque::new(),
            to_clients: VecDeque::new(),
            committed: Vec::new(),
            events: BTreeMap::new(),
        }
    }

    fn post(&mut self, out: Vec<Outgoing>) {
        for o in out {
            for &conn in self.clients.keys() {
                if o.to.includes(conn) {
                    self.to_clients.push_back((conn, o.bytes.clone()));
                }
            }
        }
    }

    fn join(&mut self, conn: ConnId, role: Role, client: Client) {
        self.clients.insert(conn, client);
        let out = self.room.connect(conn, role).unwrap();
        self.post(out);
        let opened = self.clients.get_mut(&conn).unwrap().opened();
        self.to_room.extend(opened.into_iter().map(|f| (conn, f)));
    }

    fn leave(&mut self, conn: ConnId) -> Client {
        let mut client = self.clients.remove(&conn).unwrap();
        self.to_room.retain(|(c, _)| *c != conn);
        self.to_clients.retain(|(c, _)| *c != conn);
        client.closed();
        let out = self.room.disconnect(conn);
        self.post(out);
        client
    }

    fn edit(&mut self, conn: ConnId, index: u32, s: &str) {
        let client = &self.clients[&conn];
        let update = type_text(client.doc(), index, s);
        if let Some(frame) = client.local_update(&update) {
            self.to_room.push_back((conn, frame));
        }
    }

    /// Delivers frames until none is in flight.
    fn settle(&mut self) {
        loop {
            if let Some((conn, frame)) = self.to_room.pop_front() {
                let r = self.room.receive(conn, &frame).unwrap();
                if let Some(u) = r.changed {
                    self.committed.push(u);
                }
                self.post(r.outgoing);
            } else if let Some((conn, frame)) = self.to_clients.pop_front() {
                let client = self.clients.get_mut(&conn).unwrap();
                let r = client.receive(&frame).unwrap();
                self.events.entry(conn).or_default().extend(r.events);
                self.to_room
                    .extend(r.replies.into_iter().map(|f| (conn, f)));
            } else {
                return;
            }
        }
    }

    fn events(&self, conn: ConnId) -> &[ClientEvent] {
        self.events.get(&conn).map_or(&[], Vec::as_slice)
    }
}

fn host_with(s: &str) -> Doc {
    let host = doc(1000);
    type_text(&host, 0, s);
    host
}

const A: ConnId = ConnId(1);
const B: ConnId = ConnId(2);

#[test]
fn two_clients_sync_type_and_converge_with_the_host() {
    let mut net = Net::new(host_with("Vision."));
    net.join(A, Role::Editor, Client::new(doc(1)).unwrap());
    net.join(B, Role::Editor, Client::new(doc(2)).unwrap());
    net.settle();
    for conn in [A, B] {
        assert!(net.clients[&conn].is_synced());
        assert_eq!(net.events(conn)[0], ClientEvent::Synced);
        assert_eq!(text(net.clients[&conn].doc()), "Vision.");
    }
    net.edit(A, 0, "Our ");
    net.edit(B, 7, " Goals.");
    net.edit(A, 4, "shared ");
    net.settle();
    let host_text = text(net.room.doc());
    assert_eq!(host_text, "Our shared Vision. Goals.");
    for conn in [A, B] {
        assert_eq!(text(net.clients[&conn].doc()), host_text);
    }

    // What the host committed rebuilds its document exactly: nothing relayed went unrecorded.
    let replay = doc(1000);
    type_text(&replay, 0, "Vision.");
    for u in &net.committed {
        common::apply(&replay, u);
    }
    assert_eq!(state(&replay), state(net.room.doc()));
}

#[test]
fn edits_made_offline_survive_the_reconnect_on_both_sides() {
    let mut net = Net::new(host_with("Plan"));
    net.join(A, Role::Editor, Client::new(doc(1)).unwrap());
    net.join(B, Role::Editor, Client::new(doc(2)).unwrap());
    net.settle();

    let away = net.leave(A);
    // Offline: nothing to send, and nothing is lost.
    let offline = type_text(away.doc(), 4, " (drafted on the bus)");
    assert_eq!(away.local_update(&offline), None);
    net.edit(B, 0, "Board ");
    net.settle();

    net.join(ConnId(3), Role::Editor, away);
    net.settle();
    let expected = "Board Plan (drafted on the bus)";
    assert_eq!(text(net.room.doc()), expected);
    assert_eq!(text(net.clients[&B].doc()), expected);
    assert_eq!(text(net.clients[&ConnId(3)].doc()), expected);
}

#[test]
fn a_laptop_that_takes_over_hosting_merges_with_the_old_host_when_they_meet() {
    // Host H1 went away; laptop L kept editing and now hosts its own room. When H1 comes back
    // it joins L's room as a client: both sides' edits survive in both documents.
    let h1 = host_with("Shared start");
    let laptop = doc(2);
    common::apply(&laptop, &state(&h1));
    type_text(&h1, 0, "H1: ");
    type_text(&laptop, 12, " + L");

    let mut net = Net::new(laptop);
    net.join(A, Role::Editor, Client::new(h1.clone()).unwrap());
    net.settle();
    assert_eq!(text(&h1), "H1: Shared start + L");
    assert_eq!(state(&h1), state(net.room.doc()));
}

#[test]
fn an_update_whose_predecessors_are_missing_makes_the_room_ask_for_everything() {
    let mut net = Net::new(host_with("x"));
    net.join(A, Role::Editor, Client::new(doc(1)).unwrap());
    net.settle();
    let client = &net.clients[&A];
    // Two edits; the first never reaches the room (say the frame was lost).
    let _lost = type_text(client.doc(), 0, "first ");
    let second = type_text(client.doc(), 0, "second ");
    let r = net
        .room
        .receive(A, &Message::Update(&second).encode())
        .unwrap();
    assert_eq!(r.changed, None);
    let sv = match &r.outgoing[..] {
        [Outgoing {
            to: Recipients::Only(A),
            bytes,
        }] => bytes.clone(),
        other => panic!("expected a step 1 for the sender, got {other:?}"),
    };
    net.to_clients.push_back((A, sv));
    net.settle();
    assert_eq!(text(net.room.doc()), "second first x");
}

fn presence(client: u64, clock: u64, state: Option<&str>) -> Vec<u8> {
    Message::Awareness(AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client,
            clock,
            state,
        }],
    })
    .encode()
}

#[test]
fn presence_follows_connections() {
    let mut net = Net::new(host_with("x"));
    net.join(A, Role::Editor, Client::new(doc(1)).unwrap());
    net.join(B, Role::Viewer, Client::new(doc(2)).unwrap());
    net.settle();
    let frame = net
        .clients
        .get_mut(&A)
        .unwrap()
        .set_local_awareness(Some(r#"{"user":{"name":"Ana"},"section":"goal-2"}"#))
        .unwrap()
        .unwrap();
    net.to_room.push_back((A, frame));
    net.settle();
    assert_eq!(
        net.clients[&B].awareness_states(),
        vec![(
            1,
            r#"{"user":{"name":"Ana"},"section":"goal-2"}"#.to_owned()
        )]
    );
    assert_eq!(net.room.awareness_clients_of(A), vec![1]);
    assert!(net.events(B).contains(&ClientEvent::AwarenessChanged));

    // The host's own presence reaches everyone.
    let out = net
        .room
        .set_local_awareness(Some(r#"{"user":{"name":"Host"}}"#))
        .unwrap();
    net.post(vec![out]);
    net.settle();
    let names: Vec<u64> = net.clients[&A]
        .awareness_states()
        .iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(names, vec![1, 1000]);

    // A newcomer learns who is here on connect.
    net.join(ConnId(3), Role::Viewer, Client::new(doc(3)).unwrap());
    net.settle();
    assert_eq!(net.clients[&ConnId(3)].awareness_states().len(), 2);

    // When A's socket closes, everyone else sees A go.
    net.leave(A);
    net.settle();
    assert_eq!(
        net.clients[&B].awareness_states(),
        vec![(1000, r#"{"user":{"name":"Host"}}"#.to_owned())]
    );
    assert!(net.room.awareness_clients_of(A).is_empty());
}

#[test]
fn a_client_that_reconnects_before_its_old_socket_closes_keeps_its_presence() {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host_with("x")).unwrap();
    let (old, new, watcher) = (ConnId(1), ConnId(2), ConnId(3));
    for c in [old, new, watcher] {
        room.connect(c, Role::Editor).unwrap();
    }
    room.receive(old, &presence(77, 4, Some(r#"{"n":1}"#)))
        .unwrap();
    // The same client on its new socket, announcing its next clock.
    let r = room
        .receive(new, &presence(77, 5, Some(r#"{"n":2}"#)))
        .unwrap();
    assert_eq!(common::frames_for(&r.outgoing, watcher).len(), 1);
    assert_eq!(room.awareness_clients_of(new), vec![77]);
    assert!(room.awareness_clients_of(old).is_empty());
    // The old socket finally closes: nothing to remove.
    assert!(room.disconnect(old).is_empty());
    assert_eq!(room.awareness_states(), vec![(77, r#"{"n":2}"#.to_owned())]);
}

#[test]
fn echoes_of_other_peoples_presence_are_ignored() {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host_with("x")).unwrap();
    room.connect(A, Role::Editor).unwrap();
    room.connect(B, Role::Editor).unwrap();
    room.receive(A, &presence(1, 3, Some(r#"{"n":"a"}"#)))
        .unwrap();
    // y-websocket clients send back every change they apply, and their 30 s timeout removal.
    let echo = room
        .receive(B, &presence(1, 3, Some(r#"{"n":"a"}"#)))
        .unwrap();
    assert!(echo.outgoing.is_empty());
    let timeout = room.receive(B, &presence(1, 3, None)).unwrap();
    assert!(timeout.outgoing.is_empty());
    assert_eq!(room.awareness_clients_of(A), vec![1]);
    assert!(room.awareness_clients_of(B).is_empty());
    // The owner leaving on purpose is relayed.
    let gone = room.receive(A, &presence(1, 4, None)).unwrap();
    assert_eq!(
        common::frames_for(&gone.outgoing, B),
        vec![presence(1, 4, None)]
    );
    assert!(room.awareness_states().is_empty());
}

#[test]
fn nobody_can_remove_or_outrank_the_hosts_own_presence() {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host_with("x")).unwrap();
    room.connect(A, Role::Editor).unwrap();
    room.set_local_awareness(Some(r#"{"host":true}"#)).unwrap();
    let r = room.receive(A, &presence(1000, 9, None)).unwrap();
    // The host answers with its state at a clock above the attempt.
    assert_eq!(
        r.outgoing,
        vec![Outgoing {
            to: Recipients::All,
            bytes: presence(1000, 10, Some(r#"{"host":true}"#))
        }]
    );
    assert_eq!(
        room.awareness_states(),
        vec![(1000, r#"{"host":true}"#.to_owned())]
    );
}

#[test]
fn query_awareness_is_answered_with_everyone() {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host_with("x")).unwrap();
    room.connect(A, Role::Editor).unwrap();
    room.connect(B, Role::Editor).unwrap();
    room.receive(A, &presence(1, 1, Some("{}"))).unwrap();
    room.receive(B, &presence(2, 1, Some("[2]"))).unwrap();
    let r = room.receive(A, &Message::QueryAwareness.encode()).unwrap();
    assert_eq!(
        r.outgoing,
        vec![Outgoing {
            to: Recipients::Only(A),
            bytes: Message::Awareness(AwarenessUpdate {
                entries: vec![
                    AwarenessEntry {
                        client: 1,
                        clock: 1,
                        state: Some("{}")
                    },
                    AwarenessEntry {
                        client: 2,
                        clock: 1,
                        state: Some("[2]")
                    },
                ]
            })
            .encode()
        }]
    );
}

#[test]
fn local_awareness_must_be_json() {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), host_with("x")).unwrap();
    assert!(matches!(
        room.set_local_awareness(Some("{not json")),
        Err(SyncError::Malformed { .. })
    ));
    let mut client = Client::new(doc(1)).unwrap();
    assert!(client.set_local_awareness(Some("nope")).is_err());
    assert_eq!(client.set_local_awareness(Some("{}")).unwrap(), None);
}

#[test]
fn room_names_are_the_plan_id_and_its_review_layer() {
    let plan = RoomName::parse("0123abcd").unwrap();
    assert_eq!(plan.layer(), Layer::Plan);
    assert_eq!(plan.to_string(), "0123abcd");
    let review = RoomName::parse("0123abcd/review").unwrap();
    assert_eq!(review.layer(), Layer::Review);
    assert_eq!(review.plan_id(), "0123abcd");
    assert_eq!(review.to_string(), "0123abcd/review");
    for bad in [
        "",
        "/review",
        "a/b",
        "a b",
        "../x",
        "x/review/review",
        &"a".repeat(129),
    ] {
        assert!(RoomName::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_client_ignores_the_echo_of_its_own_presence_but_not_its_removal() {
    let mut client = Client::new(doc(5)).unwrap();
    client.opened();
    client.set_local_awareness(Some(r#"{"me":1}"#)).unwrap();
    // The reference y-websocket server relays awareness to its sender too.
    let echo = client
        .receive(&presence(5, 1, Some(r#"{"me":1}"#)))
        .unwrap();
    assert!(echo.replies.is_empty());
    // A host dropping our previous socket's states removes us at the same clock: we say we
    // are still here, with a newer clock, as y-protocols' Awareness does.
    let removal = client.receive(&presence(5, 1, None)).unwrap();
    assert_eq!(removal.replies, vec![presence(5, 2, Some(r#"{"me":1}"#))]);
    assert_eq!(
        client.awareness_states(),
        vec![(5, r#"{"me":1}"#.to_owned())]
    );
}

#[test]
fn rooms_and_clients_can_move_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Room>();
    send_and_sync::<Client>();
}
