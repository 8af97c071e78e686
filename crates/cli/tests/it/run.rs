//! Running the `throughline` binary as a script would, for the tests of several verbs.

use std::path::Path;
use std::process::{Command, Output};

pub fn throughline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .current_dir(dir)
        .env("THROUGHLINE_AUTHOR", "Test Facilitator")
        .output()
        .unwrap()
}

/// Success: what it printed.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = throughline(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A refusal: exit 1, one line on stderr naming the program, no panic, nothing on stdout.
pub fn refused(dir: &Path, args: &[&str]) -> String {
    let out = throughline(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("throughline: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}
