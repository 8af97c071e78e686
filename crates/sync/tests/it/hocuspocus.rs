//! The Hocuspocus envelope and our client behind it: frames round-trip, no bytes panic the
//! decoder or the client, the token comes first, and a read-only scope sends none of our
//! changes.

use crate::common;

use common::{doc, state, type_text};
use proptest::prelude::*;
use throughline_sync::hocuspocus::{decode_envelope, Body, Envelope, HocusAuth, Scope, Sync};
use throughline_sync::{AwarenessEntry, AwarenessUpdate, Client, ClientEvent, Limits, SyncError};

const DOC: &str = "0123456789abcdef0123456789abcdef";

fn frame(body: Body<'_>) -> Vec<u8> {
    Envelope {
        document: DOC,
        body,
    }
    .encode()
}

fn client() -> Client {
    Client::new(doc(1)).unwrap().hocuspocus(DOC, "secret")
}

fn arbitrary_sync() -> impl Strategy<Value = (u8, Vec<u8>)> {
    (0u8..3, proptest::collection::vec(any::<u8>(), 0..40))
}

fn sync_of((kind, bytes): &(u8, Vec<u8>)) -> Sync<'_> {
    match kind {
        0 => Sync::Step1(bytes),
        1 => Sync::Step2(bytes),
        _ => Sync::Update(bytes),
    }
}

#[test]
fn every_kind_of_message_round_trips() {
    let presence = AwarenessUpdate {
        entries: vec![AwarenessEntry {
            client: 9,
            clock: 2,
            state: Some(r#"{"user":{"name":"Ana"}}"#),
        }],
    };
    let bodies = [
        Body::Sync(Sync::Step1(&[0])),
        Body::SyncReply(Sync::Step2(&[0, 0])),
        Body::Sync(Sync::Update(&[1, 2, 3])),
        Body::Awareness(presence),
        Body::Auth(HocusAuth::Token(Some("t0k"))),
        Body::Auth(HocusAuth::Token(None)),
        Body::Auth(HocusAuth::PermissionDenied { reason: "no" }),
        Body::Auth(HocusAuth::Authenticated(Scope::ReadWrite)),
        Body::Auth(HocusAuth::Authenticated(Scope::ReadOnly)),
        Body::QueryAwareness,
        Body::Stateless("{}"),
        Body::BroadcastStateless("hi"),
        Body::Close { reason: "bye" },
        Body::SyncStatus(true),
        Body::SyncStatus(false),
    ];
    for body in bodies {
        let bytes = frame(body.clone());
        let read = decode_envelope(&bytes, &Limits::default()).unwrap();
        assert_eq!(read.document, DOC);
        assert_eq!(read.body, body);
    }
}

#[test]
fn malformed_frames_are_refused_with_what_is_wrong() {
    let limits = Limits::default();
    let refused = |bytes: &[u8]| decode_envelope(bytes, &limits).unwrap_err().to_string();
    assert!(refused(&[]).contains("empty"));
    assert!(refused(&[5, b'a']).contains("document name"));
    assert_eq!(
        decode_envelope(&[1, b'a', 9], &limits),
        Err(SyncError::UnknownMessageType(9))
    );
    assert!(refused(&[1, b'a', 2, 2, 3, b'a', b'l', b'l']).contains("scope"));
    assert!(refused(&[1, b'a', 2, 7]).contains("auth message type 7"));
    assert!(refused(&[1, b'a', 8, 2]).contains("sync status 2"));
    assert!(refused(&[1, b'a', 3, 0]).contains("1 bytes after"));
    let long = Limits {
        max_document_name_bytes: 2,
        ..Limits::default()
    };
    assert!(matches!(
        decode_envelope(&[3, b'a', b'b', b'c', 3], &long),
        Err(SyncError::TooLarge { .. })
    ));
}

#[test]
fn the_token_goes_first_and_nothing_else_until_it_is_accepted() {
    let mut c = client();
    let first = c.opened();
    assert_eq!(
        first,
        vec![frame(Body::Auth(HocusAuth::Token(Some("secret"))))]
    );
    assert_eq!(
        c.local_update(&[0, 0]),
        None,
        "no edit before the token is accepted"
    );
    assert_eq!(c.set_local_awareness(Some("{}")).unwrap(), None);

    let ok = c
        .receive(&frame(Body::Auth(HocusAuth::Authenticated(
            Scope::ReadWrite,
        ))))
        .unwrap();
    assert_eq!(
        ok.events,
        vec![ClientEvent::Authenticated { read_only: false }]
    );
    let step1 = decode_envelope(&ok.replies[0], &Limits::default()).unwrap();
    assert!(matches!(step1.body, Body::Sync(Sync::Step1(_))));
    assert_eq!(c.answers_awaited(), 1);
    assert!(ok.replies.len() == 2, "our presence follows the step 1");
    let edit = c.local_update(&[0, 0]).unwrap();
    assert_eq!(
        decode_envelope(&edit, &Limits::default()).unwrap().body,
        Body::Sync(Sync::Update(&[0, 0]))
    );
}

#[test]
fn a_read_only_scope_sends_none_of_our_changes() {
    let ours = doc(1);
    type_text(&ours, 0, "only here");
    let mut c = Client::new(ours).unwrap().hocuspocus(DOC, "reviewer");
    c.opened();
    let ok = c
        .receive(&frame(Body::Auth(HocusAuth::Authenticated(
            Scope::ReadOnly,
        ))))
        .unwrap();
    assert_eq!(
        ok.events,
        vec![ClientEvent::Authenticated { read_only: true }]
    );
    assert!(!c.may_write());
    assert_eq!(c.local_update(&[0, 0]), None);

    // The server's step 1 is not answered with what we hold, but our copy still fills.
    let server = doc(2);
    type_text(&server, 0, "from the server");
    let asked = c
        .receive(&frame(Body::SyncReply(Sync::Step1(&[0]))))
        .unwrap();
    assert!(asked.asked);
    assert!(asked.replies.is_empty());
    let theirs = state(&server);
    let got = c.receive(&frame(Body::Sync(Sync::Step2(&theirs)))).unwrap();
    assert!(got.changed.is_some());
    assert!(got.events.contains(&ClientEvent::Synced));
}

#[test]
fn a_refused_token_and_a_closed_document_are_said() {
    let mut c = client();
    c.opened();
    let no = c
        .receive(&frame(Body::Auth(HocusAuth::PermissionDenied {
            reason: "permission-denied",
        })))
        .unwrap();
    assert_eq!(
        no.events,
        vec![ClientEvent::TokenRefused {
            reason: String::from("permission-denied")
        }]
    );
    assert_eq!(c.local_update(&[0, 0]), None);
    let again = c
        .receive(&frame(Body::Auth(HocusAuth::Token(None))))
        .unwrap();
    assert_eq!(
        again.replies,
        vec![frame(Body::Auth(HocusAuth::Token(Some("secret"))))]
    );
    let closed = c.receive(&frame(Body::Close { reason: "bye" })).unwrap();
    assert_eq!(
        closed.events,
        vec![ClientEvent::ServerClosed {
            reason: String::from("bye")
        }]
    );
}

#[test]
fn a_frame_for_another_document_is_refused() {
    let mut c = client();
    c.opened();
    let other = Envelope {
        document: "someone-else",
        body: Body::Auth(HocusAuth::Authenticated(Scope::ReadWrite)),
    }
    .encode();
    assert!(c
        .receive(&other)
        .unwrap_err()
        .to_string()
        .contains("someone-else"));
    assert!(!c.may_write());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_decoder_or_the_client(
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let _ = decode_envelope(&bytes, &Limits::default());
        let mut c = client();
        c.opened();
        let before = state(c.doc());
        if c.receive(&bytes).is_err() {
            prop_assert_eq!(state(c.doc()), before);
        }
    }

    #[test]
    fn arbitrary_bytes_behind_our_document_never_panic(
        kind in 0u8..10,
        bytes in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        let mut framed = frame(Body::QueryAwareness);
        framed.pop();
        framed.push(kind);
        framed.extend_from_slice(&bytes);
        let _ = decode_envelope(&framed, &Limits::default());
        let mut c = client();
        c.opened();
        let _ = c.receive(&frame(Body::Auth(HocusAuth::Authenticated(Scope::ReadWrite))));
        let before = state(c.doc());
        if c.receive(&framed).is_err() {
            prop_assert_eq!(state(c.doc()), before);
        }
    }

    #[test]
    fn encode_then_decode_gives_the_same_message(
        document in "[ -~]{0,40}",
        sync in arbitrary_sync(),
        text in "\\PC{0,30}",
        kind in 0u8..9,
        flag in any::<bool>(),
    ) {
        let body = match kind {
            0 => Body::Sync(sync_of(&sync)),
            1 => Body::SyncReply(sync_of(&sync)),
            2 => Body::Auth(HocusAuth::Token(Some(&text))),
            3 => Body::Auth(HocusAuth::PermissionDenied { reason: &text }),
            4 => Body::Auth(HocusAuth::Authenticated(if flag { Scope::ReadOnly } else { Scope::ReadWrite })),
            5 => Body::Stateless(&text),
            6 => Body::BroadcastStateless(&text),
            7 => Body::Close { reason: &text },
            _ => Body::SyncStatus(flag),
        };
        let envelope = Envelope { document: &document, body };
        let bytes = envelope.encode();
        prop_assert_eq!(decode_envelope(&bytes, &Limits::default()), Ok(envelope));
    }
}
