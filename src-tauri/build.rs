// Each app command gets its own permission, so the window may call exactly the commands that
// capabilities/default.json grants and nothing else (no core plugin APIs at all).
// A module rather than `include!`, so the file can open with its `//!` line like every module.
#[path = "src/command_names.rs"]
mod command_names;
use command_names::COMMAND_NAMES;

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMAND_NAMES);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri-build: {e:#}");
    }
}
