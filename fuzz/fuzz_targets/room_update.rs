//! Any bytes an editor sends as an update, into a room holding a small document with text, a
//! map and a deletion: refused without changing the document, or applied; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_sync::{ConnId, Layer, Message, Role, Room, RoomName};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

/// The same base document as crates/sync's hostile and judge tests.
const BASE: &str = "01040100040104626f64790368656c81010204840106146f726c642c2074686973206973206120706c616e2801046d657461016b017701760101010304";

fn base_doc() -> Option<Doc> {
    let bytes: Vec<u8> = (0..BASE.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&BASE[i..i + 2], 16).ok())
        .collect::<Option<_>>()?;
    let doc = Doc::with_client_id(100);
    doc.transact_mut()
        .apply_update(Update::decode_v1(&bytes).ok()?)
        .ok()?;
    Some(doc)
}

fn state(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one our code catches on purpose (yrs
        // panics on some updates, and every yrs call on outside bytes runs under
        // catch_unwind). A panic that escapes still aborts: the harness catches it itself.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
    let (Some(doc), Ok(name)) = (base_doc(), RoomName::new("p", Layer::Plan)) else {
        return;
    };
    let Ok(mut room) = Room::new(name, doc) else {
        return;
    };
    if room.connect(ConnId(7), Role::Editor).is_err() {
        return;
    }
    let before = state(room.doc());
    if room
        .receive(ConnId(7), &Message::Update(data).encode())
        .is_err()
    {
        assert_eq!(state(room.doc()), before, "a refused update changed the room");
    }
    }
);
