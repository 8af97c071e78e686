#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use xtask::{members, violations, workspace_edges, Edge};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn metadata() -> String {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dependencies_point_one_way() {
    let edges = workspace_edges(&metadata()).unwrap();
    assert!(
        !edges.is_empty(),
        "no edges read: the check would pass vacuously"
    );
    let bad = violations(&edges);
    assert!(
        bad.is_empty(),
        "dependency rule broken:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_rule_catches_a_wrong_edge() {
    let edge = |from: &str, to: &str, kind: &str| Edge {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
    };
    assert_eq!(
        violations(&[edge("throughline-plan", "throughline-store", "normal")]).len(),
        1
    );
    assert_eq!(
        violations(&[edge("throughline-cli", "test-support", "normal")]).len(),
        1
    );
    assert_eq!(
        violations(&[edge("throughline-new", "throughline-plan", "normal")]).len(),
        1
    );
    assert!(violations(&[edge("throughline-app", "throughline-plan", "normal")]).is_empty());
    assert!(violations(&[edge("throughline-plan", "test-support", "dev")]).is_empty());
}

#[test]
fn architecture_md_names_every_crate() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the root");
    let missing: Vec<String> = members(&metadata())
        .unwrap()
        .into_iter()
        .filter(|name| !map.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name: {missing:?}"
    );
}
