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

/// A district serves its Hocuspocus as `wss://` behind its own TLS: `sync` trusts the
/// certificate because an authority the computer trusts issued it (here named by
/// `SSL_CERT_FILE`, as it is for other programs), and refuses it in one line otherwise.
#[test]
fn sync_reaches_the_district_server_over_wss_trusting_the_systems_authorities() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let server = district.instance("a", 0);
    let front = server.behind_tls(dir.path());
    let plan = dir.path().join("plan.throughline");
    assert!(throughline()
        .arg("new")
        .arg(&plan)
        .arg("--demo")
        .output()
        .unwrap()
        .status
        .success());
    let id = {
        let plan = throughline_app::OpenPlan::open_read_only(&plan).unwrap();
        plan.plan_id().unwrap()
    };
    let url = front.url(&id);
    let sync = |path: &std::path::Path, authority: Option<&std::path::Path>| {
        let mut c = throughline();
        c.arg("sync")
            .arg(path)
            .arg(&url)
            .args(["--protocol", "hocuspocus", "--token", EDITOR_TOKEN])
            .env_remove("SSL_CERT_DIR");
        match authority {
            Some(file) => c.env("SSL_CERT_FILE", file),
            // The system's own store, which has never heard of the test's authority.
            None => c.env_remove("SSL_CERT_FILE"),
        };
        c.output().unwrap()
    };

    let fresh = dir.path().join("fresh.throughline");
    let untrusted = sync(&fresh, None);
    assert!(!untrusted.status.success());
    let said = String::from_utf8_lossy(&untrusted.stderr);
    assert!(said.contains("trust"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(!fresh.exists());

    let sent = sync(&plan, Some(&front.authority));
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    // What went up over wss:// is on the server: a provider peer on the plain instance sees it.
    let mut peer = ProviderPeer::join(&server.server(), &id, EDITOR_TOKEN);
    peer.wait_synced();
    let original = title(&plan);
    peer.wait_contains("record", "title", &original);
    peer.insert("record", "title", " [over wss]");
    assert!(sync(&plan, Some(&front.authority)).status.success());
    assert_eq!(title(&plan), format!("{original} [over wss]"));
}
