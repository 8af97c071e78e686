//! Hostile peers: no bytes panic the room or the client, and a refused frame changes nothing.

use crate::common;

use common::{doc, from_hex, state, text, type_text};
use proptest::prelude::*;
use throughline_sync::lib0::write_var_uint;
use throughline_sync::{
    AwarenessEntry, AwarenessUpdate, Client, ConnId, Layer, Message, Role, Room, RoomName,
    SyncError,
};
use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact, Update};

const PEER: ConnId = ConnId(7);
const OTHER: ConnId = ConnId(8);

/// A document with some text, a map and a deletion; the state that mutated updates hit.
pub(crate) const BASE: &str = "01040100040104626f64790368656c81010204840106146f726c642c2074686973206973206120706c616e2801046d657461016b017701760101010304";
/// A mutation of a real update (found by flipping bytes) that yrs 0.28 integrates in part
/// before returning `InvalidParent`.
pub(crate) const HALF_APPLIED: &str = "010d0200c4010801090158c40200010902595a2701046d657461066e657374656401280002020178017c3f7b0000270002030374787402040002050161840206026263c40206020701710701056974656d730081020a0188020b017d2ac60106010704626f6c640474727565c60200020104626f6c64046e756c6c020103000203041b0102010b01";

pub(crate) fn base_doc() -> Doc {
    let d = doc(100);
    common::apply(&d, &from_hex(BASE));
    d
}

fn editor_room() -> Room {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), base_doc()).unwrap();
    room.connect(PEER, Role::Editor).unwrap();
    room.connect(OTHER, Role::Editor).unwrap();
    room
}

/// Real frames a peer could send, for mutation.
fn real_frames() -> Vec<Vec<u8>> {
    let peer = doc(5);
    common::apply(&peer, &from_hex(BASE));
    let typed = type_text(&peer, 3, "new words");
    let deleted = common::delete_text(&peer, 0, 4);
    let sv = {
        use yrs::updates::encoder::Encode;
        use yrs::ReadTxn;
        peer.transact().state_vector().encode_v1()
    };
    let presence = AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client: 5,
            clock: 3,
            state: Some(r#"{"user":{"name":"Mallory"},"section":"goal-1"}"#),
        }],
    };
    vec![
        Message::Update(&typed).encode(),
        Message::Update(&deleted).encode(),
        Message::SyncStep2(&state(&peer)).encode(),
        Message::SyncStep1(&sv).encode(),
        Message::Awareness(presence).encode(),
        Message::QueryAwareness.encode(),
        from_hex(HALF_APPLIED),
    ]
}

#[test]
fn plain_yrs_really_changes_the_document_on_the_half_applied_update() {
    let d = base_doc();
    let before = state(&d);
    let result = d
        .transact_mut()
        .apply_update(Update::decode_v1(&from_hex(HALF_APPLIED)).unwrap());
    assert!(result.is_err());
    assert_ne!(
        state(&d),
        before,
        "yrs changed: this test's premise is gone"
    );
}

#[test]
fn an_update_yrs_would_half_apply_is_refused_and_changes_nothing() {
    let mut room = editor_room();
    let before = state(room.doc());
    let frame = Message::Update(&from_hex(HALF_APPLIED)).encode();
    let result = room.receive(PEER, &frame);
    assert!(
        matches!(result, Err(SyncError::UpdateRefused { .. })),
        "{result:?}"
    );
    assert_eq!(state(room.doc()), before);

    // The room keeps working: its rehearsal copy is rebuilt and real edits go through.
    let peer = doc(5);
    common::apply(&peer, &before);
    let typed = type_text(&peer, 0, "Still ");
    let r = room
        .receive(PEER, &Message::Update(&typed).encode())
        .unwrap();
    assert!(r.changed.is_some());
    assert!(text(room.doc()).starts_with("Still "));
}

#[test]
fn the_same_for_our_client_facing_a_hostile_host() {
    let mut client = Client::new(base_doc()).unwrap();
    client.opened();
    let before = state(client.doc());
    let result = client.receive(&Message::Update(&from_hex(HALF_APPLIED)).encode());
    assert!(matches!(result, Err(SyncError::UpdateRefused { .. })));
    assert_eq!(state(client.doc()), before);
}

#[test]
fn a_frame_with_a_good_update_and_a_bad_message_is_refused_whole() {
    let mut room = editor_room();
    let before = state(room.doc());
    let peer = doc(5);
    common::apply(&peer, &before);
    let mut frame = Message::Update(&type_text(&peer, 0, "ok")).encode();
    frame.extend_from_slice(&[0, 2, 0xff]);
    assert!(room.receive(PEER, &frame).is_err());
    assert_eq!(state(room.doc()), before);
    // Two updates in one frame, the second refused by yrs: neither lands.
    let mut frame = Message::Update(&type_text(&peer, 0, "ok")).encode();
    frame.extend(Message::Update(&from_hex(HALF_APPLIED)).encode());
    assert!(room.receive(PEER, &frame).is_err());
    assert_eq!(state(room.doc()), before);
}

#[test]
fn updates_claiming_millions_of_clients_are_refused_without_allocating_for_them() {
    let mut room = editor_room();
    let before = state(room.doc());
    for claimed in [1u64 << 20, 1 << 31, (1 << 53) - 1] {
        let mut update = Vec::new();
        write_var_uint(&mut update, claimed);
        update.extend_from_slice(&[1, 2, 3]);
        for frame in [
            Message::Update(&update).encode(),
            Message::SyncStep2(&update).encode(),
            Message::SyncStep1(&update).encode(),
        ] {
            assert!(matches!(
                room.receive(PEER, &frame),
                Err(SyncError::Malformed { .. })
            ));
        }
    }
    // One client claiming billions of blocks: yrs reserves without touching the memory and
    // fails at the end of the bytes.
    for blocks in [1u64 << 24, u64::from(u32::MAX)] {
        let mut update = vec![1];
        write_var_uint(&mut update, blocks);
        update.extend_from_slice(&[5, 0, 4, 1, 4, b'b']);
        assert!(matches!(
            room.receive(PEER, &Message::Update(&update).encode()),
            Err(SyncError::Malformed { .. })
        ));
    }
    assert_eq!(state(room.doc()), before);
}

#[test]
fn a_peer_cannot_claim_more_awareness_clients_than_the_limit() {
    let mut room = editor_room();
    let entries: Vec<AwarenessEntry<'_>> = (1..=20)
        .map(|client| AwarenessEntry {
            client,
            clock: 1,
            state: Some("{}"),
        })
        .collect();
    room.receive(
        PEER,
        &Message::Awareness(AwarenessUpdate { entries }).encode(),
    )
    .unwrap();
    assert_eq!(
        room.awareness_clients_of(PEER).len(),
        room.limits().max_awareness_clients_per_connection
    );
}

#[test]
fn frames_from_unknown_connections_are_refused() {
    let mut room = editor_room();
    assert_eq!(
        room.receive(ConnId(99), &Message::QueryAwareness.encode()),
        Err(SyncError::UnknownConnection(ConnId(99)))
    );
    assert_eq!(
        room.connect(PEER, Role::Viewer),
        Err(SyncError::AlreadyConnected(PEER))
    );
}

fn check_refusals_change_nothing(room: &mut Room, frame: &[u8]) -> Result<(), TestCaseError> {
    let before = state(room.doc());
    // An accepted frame may change the document even when `changed` is empty: an update
    // whose predecessors are missing is parked as pending, as Yjs does.
    if let Err(e) = room.receive(PEER, frame) {
        prop_assert!(!matches!(e, SyncError::DocumentDamaged), "{}", e);
        prop_assert_eq!(state(room.doc()), before, "refused ({}) yet changed", e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_a_refused_frame_changes_nothing(
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let mut room = editor_room();
        check_refusals_change_nothing(&mut room, &bytes)?;
        let mut client = Client::new(base_doc()).unwrap();
        let before = state(client.doc());
        if client.receive(&bytes).is_err() {
            prop_assert_eq!(state(client.doc()), before);
        }
    }

    #[test]
    fn arbitrary_bytes_behind_a_valid_header_never_panic(
        kind in 0u8..4,
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let mut frame = match kind {
            0 => vec![0, 0],
            1 => vec![0, 1],
            2 => vec![0, 2],
            _ => vec![1],
        };
        write_var_uint(&mut frame, bytes.len() as u64);
        frame.extend_from_slice(&bytes);
        let mut room = editor_room();
        check_refusals_change_nothing(&mut room, &frame)?;
    }

    #[test]
    fn mutated_real_frames_never_panic_and_refusals_change_nothing(
        which in any::<proptest::sample::Index>(),
        mutations in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..4), 1..4),
    ) {
        let frames = real_frames();
        let mut frame = frames[which.index(frames.len())].clone();
        for (at, byte, how) in mutations {
            if frame.is_empty() {
                frame.push(byte);
                continue;
            }
            let i = at.index(frame.len());
            match how {
                0 => frame[i] = byte,
                1 => frame[i] ^= 1 << (byte % 8),
                2 => frame.truncate(i),
                _ => frame.insert(i, byte),
            }
        }
        let mut room = editor_room();
        check_refusals_change_nothing(&mut room, &frame)?;
    }

    #[test]
    fn nothing_a_viewer_sends_changes_the_document(
        which in any::<proptest::sample::Index>(),
        flip in any::<Option<(proptest::sample::Index, u8)>>(),
    ) {
        let frames = real_frames();
        let mut frame = frames[which.index(frames.len())].clone();
        if let Some((at, x)) = flip {
            let i = at.index(frame.len());
            frame[i] ^= x;
        }
        let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), base_doc()).unwrap();
        room.connect(PEER, Role::Viewer).unwrap();
        let before = state(room.doc());
        let _ = room.receive(PEER, &frame);
        prop_assert_eq!(state(room.doc()), before);
    }
}
