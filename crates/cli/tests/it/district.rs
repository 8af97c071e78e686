//! `throughline sync --protocol hocuspocus` against the district server of `deploy/hocuspocus`
//! (one instance and `redis-server` on loopback), and a real `@hocuspocus/provider` peer.

use std::process::Command;

use serde_json::Value;
use test_support::district::{District, ProviderPeer, EDITOR_TOKEN};

fn throughline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_throughline"));
    c.env("THROUGHLINE_AUTHOR", "tester");
    c
}

fn title(plan: &std::path::Path) -> String {
    let out = throughline()
        .arg("show")
        .arg(plan)
        .arg("--json")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["record"]["title"].as_str().unwrap().to_owned()
}

#[test]
fn sync_with_a_token_reaches_a_provider_peer_and_a_wrong_token_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let server = district.instance("a", 0);
    let plan = dir.path().join("plan.throughline");
    let made = throughline()
        .arg("new")
        .arg(&plan)
        .arg("--demo")
        .output()
        .unwrap();
    assert!(made.status.success());
    let id = {
        let plan = throughline_app::OpenPlan::open_read_only(&plan).unwrap();
        plan.plan_id().unwrap()
    };
    let url = server.url(&id);

    let sync = |path: &std::path::Path, token: &str| {
        throughline()
            .arg("sync")
            .arg(path)
            .arg(&url)
            .args(["--protocol", "hocuspocus", "--token", token])
            .output()
            .unwrap()
    };
    let sent = sync(&plan, EDITOR_TOKEN);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let mut peer = ProviderPeer::join(&server.server(), &id, EDITOR_TOKEN);
    peer.wait_synced();
    let original = title(&plan);
    peer.wait_contains("record", "title", &original);
    peer.insert("record", "title", " [from Hocuspocus]");
    let got = sync(&plan, EDITOR_TOKEN);
    assert!(String::from_utf8_lossy(&got.stdout).contains("bytes of changes received"));
    assert_eq!(title(&plan), format!("{original} [from Hocuspocus]"));

    let fresh = dir.path().join("fresh.throughline");
    let refused = sync(&fresh, "a-token-nobody-issued");
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "throughline: the district's server refused the token (unknown token)\n"
    );
    assert!(!fresh.exists());

    let no_token = throughline()
        .arg("sync")
        .arg(&fresh)
        .arg(&url)
        .args(["--protocol", "hocuspocus"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&no_token.stderr).contains("needs a token"));
}
