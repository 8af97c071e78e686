//! Any bytes a Hocuspocus server (or something posing as one) sends: read as one envelope or
//! refused with an error, never a panic, and what reads re-encodes to bytes that read the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_sync::hocuspocus::decode_envelope;
use throughline_sync::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(envelope) = decode_envelope(data, &limits) {
        let again = envelope.encode();
        let decoded = decode_envelope(&again, &limits);
        assert!(
            matches!(&decoded, Ok(e) if *e == envelope),
            "an envelope did not survive re-encoding"
        );
    }
});
