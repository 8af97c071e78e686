//! Tidy checks over the workspace, run by `cargo test -p xtask`.
//!
//! The dependency rule (`shared/design/architecture.md`): dependencies point one way —
//! cli, src-tauri → app → session → sync → plan; app → store; export → plan; app → review →
//! plan. `plan` and `store`
//! depend on none of our crates; `test-support` is for tests only.
//!
//! `cargo metadata` is read with `serde_json` rather than the `cargo_metadata` crate: two fields
//! of its output are all this needs.

use std::collections::BTreeMap;

/// Our crates each of our crates may depend on (normal and build dependencies). A crate may
/// use what its allowed crates may use (app may call plan directly), so lists are closed.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("throughline-cli", &["throughline-app"]),
    ("throughline-desktop", &["throughline-app"]),
    (
        "throughline-app",
        &[
            "throughline-session",
            "throughline-sync",
            "throughline-plan",
            "throughline-store",
            "throughline-export",
            "throughline-review",
        ],
    ),
    (
        "throughline-session",
        &["throughline-sync", "throughline-plan"],
    ),
    ("throughline-sync", &["throughline-plan"]),
    ("throughline-export", &["throughline-plan"]),
    ("throughline-review", &["throughline-plan"]),
    ("throughline-plan", &[]),
    ("throughline-store", &[]),
    (
        "test-support",
        &["throughline-plan", "throughline-store", "throughline-app"],
    ),
    ("xtask", &[]),
];

/// One workspace crate and the workspace crates it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `normal`, `dev` or `build`.
    pub kind: String,
}

/// The edges between workspace members, from `cargo metadata --format-version 1 --no-deps`.
pub fn workspace_edges(metadata: &str) -> Result<Vec<Edge>, String> {
    let value: serde_json::Value =
        serde_json::from_str(metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages = value["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?;
    let members: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut edges = Vec::new();
    for p in packages {
        let from = p["name"].as_str().unwrap_or_default();
        for d in p["dependencies"].as_array().into_iter().flatten() {
            let to = d["name"].as_str().unwrap_or_default();
            if members.contains(&to) {
                edges.push(Edge {
                    from: from.to_string(),
                    to: to.to_string(),
                    kind: d["kind"].as_str().unwrap_or("normal").to_string(),
                });
            }
        }
    }
    Ok(edges)
}

/// The names of the workspace's crates.
pub fn members(metadata: &str) -> Result<Vec<String>, String> {
    let value: serde_json::Value =
        serde_json::from_str(metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    Ok(value["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect())
}

/// Every edge that breaks the rule, as a sentence.
pub fn violations(edges: &[Edge]) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut found = Vec::new();
    for e in edges {
        if e.kind == "dev" {
            // Tests may use anything below them, and test-support.
            continue;
        }
        if e.to == "test-support" {
            found.push(format!(
                "{} depends on test-support outside its tests",
                e.from
            ));
            continue;
        }
        match allowed.get(e.from.as_str()) {
            None => found.push(format!(
                "{} is not in the dependency rule (add it to xtask's ALLOWED and ARCHITECTURE.md)",
                e.from
            )),
            Some(ok) if !ok.contains(&e.to.as_str()) => found.push(format!(
                "{} depends on {}, against the dependency direction",
                e.from, e.to
            )),
            Some(_) => {}
        }
    }
    found
}
