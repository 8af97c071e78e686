//! The framing: round trips, the bytes y-protocols writes, and every way a frame is refused.

use crate::common;

use common::from_hex;
use proptest::prelude::*;
use throughline_sync::lib0::{write_var_uint, Reader};
use throughline_sync::{
    decode_frame, Auth, AwarenessEntry, AwarenessUpdate, Limits, Message, SyncError,
};
use yrs::updates::encoder::Encode;

fn decode(bytes: &[u8]) -> Result<Vec<Message<'_>>, SyncError> {
    decode_frame(bytes, &Limits::default())
}

fn one(bytes: &[u8]) -> Message<'_> {
    let mut messages = decode(bytes).unwrap();
    assert_eq!(messages.len(), 1);
    messages.remove(0)
}

#[test]
fn the_worked_examples_of_the_protocol_decode_and_encode_byte_for_byte() {
    // Sync step 1 of an empty document.
    let step1 = from_hex("00000100");
    assert_eq!(one(&step1), Message::SyncStep1(&[0]));
    assert_eq!(one(&step1).encode(), step1);

    // Client 1 typing "a" into root text "test".
    let payload = from_hex("0101010004010474657374016100");
    let frame = from_hex("00020e0101010004010474657374016100");
    assert_eq!(one(&frame), Message::Update(&payload));
    assert_eq!(Message::Update(&payload).encode(), frame);

    // Awareness of client 1 at clock 1: {"key":"value"}.
    let frame = from_hex("01130101010f7b226b6579223a2276616c7565227d");
    let expected = Message::Awareness(AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client: 1,
            clock: 1,
            state: Some(r#"{"key":"value"}"#),
        }],
    });
    assert_eq!(one(&frame), expected);
    assert_eq!(expected.encode(), frame);
}

#[test]
fn our_encoding_matches_yrs_sync_message_encoding() {
    use yrs::sync::{Message as YMessage, SyncMessage};
    let doc = yrs::Doc::with_client_id(9);
    let update = common::type_text(&doc, 0, "plan");
    let sv = {
        use yrs::{ReadTxn, Transact};
        doc.transact().state_vector()
    };
    let sv_bytes = sv.encode_v1();
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            Message::SyncStep1(&sv_bytes).encode(),
            YMessage::Sync(SyncMessage::SyncStep1(sv)).encode_v1(),
        ),
        (
            Message::SyncStep2(&update).encode(),
            YMessage::Sync(SyncMessage::SyncStep2(update.clone())).encode_v1(),
        ),
        (
            Message::Update(&update).encode(),
            YMessage::Sync(SyncMessage::Update(update.clone())).encode_v1(),
        ),
        (
            Message::QueryAwareness.encode(),
            YMessage::AwarenessQuery.encode_v1(),
        ),
        (
            Message::Auth(Auth::PermissionDenied {
                reason: "read-only",
            })
            .encode(),
            YMessage::Auth(Some("read-only".into())).encode_v1(),
        ),
    ];
    for (ours, theirs) in pairs {
        assert_eq!(ours, theirs);
    }
}

#[test]
fn several_messages_in_one_frame_are_all_read() {
    let mut frame = Message::SyncStep1(&[0]).encode();
    frame.extend(Message::QueryAwareness.encode());
    frame.extend(Message::Update(&[0, 0]).encode());
    assert_eq!(
        decode(&frame).unwrap(),
        vec![
            Message::SyncStep1(&[0]),
            Message::QueryAwareness,
            Message::Update(&[0, 0])
        ]
    );
}

fn is_malformed(r: Result<Vec<Message<'_>>, SyncError>) -> bool {
    matches!(r, Err(SyncError::Malformed { .. }))
}

#[test]
fn truncated_and_overlong_numbers_are_malformed() {
    assert!(is_malformed(decode(&[0x80])));
    assert!(is_malformed(decode(&[0x00, 0xff, 0xff])));
    // Nine bytes of continuation: longer than any lib0 number.
    assert!(is_malformed(decode(&[0xff; 9])));
    // 2^53 is one past the largest integer lib0 writes.
    let mut too_big = Vec::new();
    write_var_uint(&mut too_big, 1 << 53);
    assert!(is_malformed(decode(&too_big)));
    let mut reader = Reader::new(&too_big);
    assert!(reader.var_uint("n").is_err());
}

#[test]
fn a_length_prefix_claiming_gigabytes_is_refused_before_anything_is_read() {
    let mut frame = vec![0, 2];
    write_var_uint(&mut frame, 4 << 30);
    frame.extend_from_slice(&[1, 2, 3]);
    assert!(matches!(
        decode(&frame),
        Err(SyncError::TooLarge { what: "update", size, .. }) if size == 4 << 30
    ));
    // Under the limit but past the end of the frame.
    let mut frame = vec![0, 1];
    write_var_uint(&mut frame, 1000);
    frame.extend_from_slice(&[0; 10]);
    assert!(is_malformed(decode(&frame)));
}

#[test]
fn a_message_cut_off_at_the_end_of_a_frame_refuses_the_whole_frame() {
    let mut frame = Message::QueryAwareness.encode();
    let update = Message::Update(&[0, 0, 0, 0]).encode();
    frame.extend_from_slice(&update[..update.len() - 1]);
    assert!(is_malformed(decode(&frame)));
}

#[test]
fn unknown_types_are_refused() {
    assert_eq!(decode(&[7]), Err(SyncError::UnknownMessageType(7)));
    assert_eq!(
        decode(&[0x80, 0x01]),
        Err(SyncError::UnknownMessageType(128))
    );
    assert!(is_malformed(decode(&[0, 3, 0])));
    assert!(is_malformed(decode(&[])));
}

#[test]
fn awareness_must_be_exact_json_within_limits() {
    let frame_of = |payload: &[u8]| {
        let mut f = vec![1];
        write_var_uint(&mut f, payload.len() as u64);
        f.extend_from_slice(payload);
        f
    };
    // Not JSON.
    let mut payload = vec![1, 5, 1];
    write_var_uint(&mut payload, 3);
    payload.extend_from_slice(b"{x}");
    assert!(is_malformed(decode(&frame_of(&payload))));
    // Not UTF-8.
    let payload = [1, 5, 1, 2, 0xc3, 0x28];
    assert!(is_malformed(decode(&frame_of(&payload))));
    // Bytes after the last entry.
    let payload = [1, 5, 1, 2, b'{', b'}', 9];
    assert!(is_malformed(decode(&frame_of(&payload))));
    // More entries claimed than bytes could hold.
    let mut payload = Vec::new();
    write_var_uint(&mut payload, 200);
    payload.extend_from_slice(&[5, 1, 2, b'{', b'}']);
    assert!(is_malformed(decode(&frame_of(&payload))));
    // Too many entries.
    let mut payload = Vec::new();
    write_var_uint(&mut payload, 1_000_000);
    assert!(matches!(
        decode(&frame_of(&payload)),
        Err(SyncError::TooLarge {
            what: "awareness entries",
            ..
        })
    ));
    // `null` is a departure, whatever the spacing.
    let mut payload = vec![1, 5, 2];
    write_var_uint(&mut payload, 6);
    payload.extend_from_slice(b" null ");
    let frame = frame_of(&payload);
    let Message::Awareness(update) = one(&frame) else {
        panic!("not awareness")
    };
    assert_eq!(update.entries[0].state, None);
}

#[test]
fn every_limit_is_enforced() {
    let limits = Limits {
        max_frame_bytes: 64,
        max_messages_per_frame: 2,
        max_update_bytes: 8,
        max_state_vector_bytes: 4,
        max_awareness_bytes: 16,
        max_awareness_state_bytes: 4,
        max_auth_reason_bytes: 3,
        ..Limits::default()
    };
    let too_large = |bytes: &[u8]| {
        matches!(
            decode_frame(bytes, &limits),
            Err(SyncError::TooLarge { .. })
        )
    };
    assert!(too_large(&[3; 65]));
    assert!(too_large(&[3, 3, 3]));
    assert!(decode_frame(&[3, 3], &limits).is_ok());
    assert!(too_large(&Message::Update(&[0; 9]).encode()));
    assert!(too_large(&Message::SyncStep2(&[0; 9]).encode()));
    assert!(too_large(&Message::SyncStep1(&[0; 5]).encode()));
    assert!(too_large(
        &Message::Auth(Auth::PermissionDenied { reason: "four" }).encode()
    ));
    let big_state = Message::Awareness(AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client: 1,
            clock: 1,
            state: Some("[1,2]"),
        }],
    });
    assert!(too_large(&big_state.encode()));
}

/// A message kind, payload bytes, awareness entries (client, clock, name) and a reason.
type MessageParts = (u8, Vec<u8>, Vec<(u64, u64, Option<String>)>, String);

fn message_strategy() -> impl Strategy<Value = MessageParts> {
    (
        0u8..7,
        proptest::collection::vec(any::<u8>(), 0..40),
        proptest::collection::vec(
            (
                0u64..(1 << 53),
                0u64..(1 << 53),
                proptest::option::of("[a-zA-Z0-9 éü]{0,12}"),
            ),
            0..5,
        ),
        "[a-z -]{0,20}",
    )
}

proptest! {
    #[test]
    fn every_message_round_trips((kind, bytes, entries, reason) in message_strategy()) {
        let json: Vec<Option<String>> = entries
            .iter()
            .map(|(_, _, s)| s.as_ref().map(|s| serde_json::to_string(&serde_json::json!({ "name": s })).unwrap()))
            .collect();
        let message = match kind {
            0 => Message::SyncStep1(&bytes),
            1 => Message::SyncStep2(&bytes),
            2 => Message::Update(&bytes),
            3 => Message::Awareness(AwarenessUpdate {
                entries: entries
                    .iter()
                    .zip(&json)
                    .map(|((client, clock, _), s)| AwarenessEntry { client: *client, clock: *clock, state: s.as_deref() })
                    .collect(),
            }),
            4 => Message::Auth(Auth::PermissionDenied { reason: &reason }),
            5 => Message::Auth(Auth::Other(bytes.len() as u64 + 1)),
            _ => Message::QueryAwareness,
        };
        let encoded = message.encode();
        let decoded = decode(&encoded).unwrap();
        prop_assert_eq!(decoded, vec![message]);
    }
}
