//! Helpers shared by tests across the workspace. Used only as a dev-dependency (the tidy test
//! in `xtask` enforces that).

use std::path::{Path, PathBuf};

/// The workspace root (where `Cargo.toml`, `assets/` and `scripts/` are).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file under `assets/`.
pub fn asset(relative: &str) -> PathBuf {
    workspace_root().join("assets").join(relative)
}

/// The path of an external program a test needs, or an error naming the Debian package that
/// `scripts/setup` installs for it. Tests call this and fail with that message rather than
/// skip: a test that quietly does nothing proves nothing.
pub fn tool(program: &str, package: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            format!("`{program}` is not installed: run scripts/setup (it installs the Debian package {package})")
        })
}
