//! Any bytes a peer sends as a frame: decoded or refused with an error, never a panic, and
//! what decodes re-encodes to bytes that decode to the same messages.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_sync::{decode_frame, Limits};

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one our code catches on purpose (yrs
        // panics on some updates, and every yrs call on outside bytes runs under
        // catch_unwind). A panic that escapes still aborts: the harness catches it itself.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
    let limits = Limits::default();
    if let Ok(messages) = decode_frame(data, &limits) {
        for message in &messages {
            let again = message.encode();
            let decoded = decode_frame(&again, &limits);
            assert!(
                matches!(&decoded, Ok(m) if m.len() == 1 && &m[0] == message),
                "a decoded message did not survive re-encoding"
            );
        }
    }
    }
);
