//! Any bytes in place of each pairing message, on either side: refused, never a panic, and
//! never accepted where accepting would need the join code or the host's key (a forged
//! confirmation, welcome or session token). The first byte picks the message; the other
//! messages of the exchange are the real ones, so the fuzzer reaches each step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_session::pairing::{HostAnswering, Laptop, TokenKey};
use throughline_session::tls::Fingerprint;
use throughline_session::{JoinCode, JoinCodes};

const HOST_FP: Fingerprint = Fingerprint([7; 32]);
const PLAN: &str = "0123456789abcdef0123456789abcdef";

fn codes() -> Option<JoinCodes> {
    JoinCodes::new(
        JoinCode::parse("11112222").ok()?,
        JoinCode::parse("33334444").ok()?,
        JoinCode::parse("55556666").ok()?,
    )
    .ok()
}

fuzz_target!(|data: &[u8]| {
    let (Some((&which, bytes)), Some(codes), Ok(code)) =
        (data.split_first(), codes(), JoinCode::parse("11112222"))
    else {
        return;
    };
    match which % 5 {
        // The host reads a hello from anyone who connects.
        0 => {
            let _ = HostAnswering::answer(bytes, &codes);
        }
        // A confirmation that did not come from a laptop holding a code proves nothing.
        1 => {
            let (_, hello) = Laptop::start(&code);
            if let Ok((host, _)) = HostAnswering::answer(&hello, &codes) {
                assert!(host.check(bytes, &HOST_FP).is_err(), "a forged confirmation was accepted");
            }
        }
        // The laptop reads an answer, then a welcome, from whatever it connected to.
        2 => {
            let (laptop, _) = Laptop::start(&code);
            if let Ok((laptop, _)) = laptop.confirm(bytes, &HOST_FP) {
                assert!(
                    laptop.finish(bytes, HOST_FP).is_err(),
                    "a welcome from something without the code was accepted"
                );
            }
        }
        // A welcome after a real answer: still needs the host's key to be accepted.
        3 => {
            let (laptop, hello) = Laptop::start(&code);
            if let Ok((_, answer)) = HostAnswering::answer(&hello, &codes) {
                if let Ok((laptop, _)) = laptop.confirm(&answer, &HOST_FP) {
                    assert!(
                        laptop.finish(bytes, HOST_FP).is_err(),
                        "a forged welcome was accepted"
                    );
                }
            }
        }
        // A session token in a reconnecting laptop's address.
        _ => {
            if let (Ok(key), Ok(token)) = (TokenKey::generate(), std::str::from_utf8(bytes)) {
                assert!(key.role_of(token, PLAN).is_none(), "a forged token was accepted");
            }
        }
    }
});
