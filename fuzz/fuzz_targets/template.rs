//! Any text a facilitator's template file holds: a template or an error naming the problem;
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use throughline_plan::template::Template;

fuzz_target!(
    init: {
        // libFuzzer's hook aborts on every panic, even one our code catches on purpose (yrs
        // panics on some updates, and every yrs call on outside bytes runs under
        // catch_unwind). A panic that escapes still aborts: the harness catches it itself.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Template::from_toml(text, "fuzz.toml");
    }
    }
);
