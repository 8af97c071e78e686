#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The UI's TypeScript bindings are generated from the Rust commands and types. The committed
//! file must match what the code generates now: a stale file fails here, naming the fix.

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(throughline_desktop::BINDINGS_PATH)
}

#[test]
fn committed_bindings_match_the_commands() {
    // A file of our own in the target directory (no tempfile crate: a dev-dependency would
    // change shared dependencies' features and rebuild half of WebKit's bindings for tests).
    let fresh = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bindings.ts");
    throughline_desktop::specta_builder()
        .export(throughline_desktop::typescript(), &fresh)
        .expect("the bindings export");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("THROUGHLINE_UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(committed().parent().unwrap()).unwrap();
        std::fs::write(committed(), &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/generated/bindings.ts is stale: run \
         `THROUGHLINE_UPDATE_BINDINGS=1 cargo test -p throughline-desktop --test bindings` \
         and commit the file"
    );
}

#[test]
fn every_command_has_a_permission_and_a_binding() {
    let caps = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
    )
    .unwrap();
    let caps: serde_json::Value = serde_json::from_str(&caps).unwrap();
    let granted: Vec<String> = caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let wanted: Vec<String> = throughline_desktop::COMMAND_NAMES
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, wanted,
        "the window is granted exactly the app's commands, nothing more"
    );
    // The wall screen reads and closes itself; it cannot change the plan or the room.
    let wall = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities/wall.json"),
    )
    .unwrap();
    let wall: serde_json::Value = serde_json::from_str(&wall).unwrap();
    assert_eq!(wall["windows"], serde_json::json!(["wall"]));
    assert_eq!(
        wall["permissions"],
        serde_json::json!([
            "allow-room",
            "allow-review",
            "allow-watch-room",
            "allow-close-wall",
            "allow-latest-vote"
        ])
    );
    let bindings = std::fs::read_to_string(committed()).unwrap();
    for name in throughline_desktop::COMMAND_NAMES {
        assert!(
            bindings.contains(&format!("\"{name}\"")),
            "command {name} is named in build.rs but not registered with the bindings"
        );
    }
}
