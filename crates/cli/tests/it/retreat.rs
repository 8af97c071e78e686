//! Retreat mode end to end: `throughline serve` and `throughline sync` against real Yjs peers
//! (yjs + y-websocket from npm, in `crates/session/tests/js`) and the npm reference
//! y-websocket server. Everything runs on 127.0.0.1; every wait has a bound.
//! Needs node and `npm ci` in `crates/session/tests/js` (scripts/setup does it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

fn throughline() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_throughline"));
    c.env("THROUGHLINE_AUTHOR", "tester");
    c
}

fn js_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../session/tests/js");
    assert!(
        dir.join("node_modules/y-websocket").is_dir(),
        "the npm peers are not installed: run `npm ci` in {} (scripts/setup does)",
        dir.display()
    );
    dir
}

fn run_ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn new_demo_plan(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    run_ok(throughline().arg("new").arg(&path).arg("--demo"));
    path
}

fn plan_json(path: &Path) -> Value {
    serde_json::from_str(&run_ok(throughline().arg("show").arg(path).arg("--json"))).unwrap()
}

fn title_in_file(path: &Path) -> String {
    plan_json(path)["record"]["title"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Lines from a child's pipe, read on a thread so that every wait can be bounded.
fn lines_of(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// `throughline serve`, killed when dropped.
struct Serve {
    child: Child,
    urls: Vec<(String, String)>,
    /// The PEM file `serve` named (none with `--insecure`).
    certificate: Option<PathBuf>,
}

impl Serve {
    fn start(plan: &Path, port: u16) -> Serve {
        Serve::start_with(plan, port, &[])
    }

    /// Serves with more arguments; the certificate is kept beside the plan, so a restarted
    /// `serve` shows the same one.
    fn start_with(plan: &Path, port: u16, more: &[&str]) -> Serve {
        let mut child = throughline()
            .env("XDG_DATA_HOME", plan.parent().unwrap().join("data"))
            .args(["serve"])
            .arg(plan)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let lines = lines_of(child.stdout.take().unwrap());
        let mut urls = Vec::new();
        while urls.len() < 3 {
            let line = lines
                .recv_timeout(WAIT)
                .expect("serve printed its addresses");
            let mut parts = line.split_whitespace();
            let (role, url) = (parts.next().unwrap(), parts.next().unwrap());
            urls.push((role.to_owned(), url.to_owned()));
        }
        let certificate = (!more.contains(&"--insecure")).then(|| {
            let line = lines
                .recv_timeout(WAIT)
                .expect("serve named its certificate");
            PathBuf::from(
                line.strip_prefix("certificate: ")
                    .expect("a certificate line"),
            )
        });
        Serve {
            child,
            urls,
            certificate,
        }
    }

    fn url(&self, role: &str) -> &str {
        &self.urls.iter().find(|(r, _)| r == role).unwrap().1
    }

    /// (server, room, code) as a y-websocket client takes them.
    fn parts(&self, role: &str) -> (String, String, String) {
        split_url(self.url(role))
    }

    fn signal(&self, signal: &str) {
        run_ok(Command::new("kill").args([signal, &self.child.id().to_string()]));
    }

    /// Waits (bounded) for the process to end; returns whether it exited successfully.
    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "serve did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn split_url(url: &str) -> (String, String, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let (room, query) = path.split_once('?').unwrap_or((path, ""));
    let code = query.strip_prefix("code=").unwrap_or("").to_owned();
    (format!("{scheme}://{authority}"), room.to_owned(), code)
}

/// A real Yjs peer (node, yjs, y-websocket), killed when dropped.
struct JsPeer {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<String>,
}

impl JsPeer {
    fn join(server: &str, room: &str, code: &str) -> JsPeer {
        JsPeer::join_trusting(server, room, code, None)
    }

    /// A peer that trusts exactly the certificate in `ca` (`ws`'s `ca:` option) for wss://.
    fn join_trusting(server: &str, room: &str, code: &str, ca: Option<&Path>) -> JsPeer {
        let mut node = Command::new("node");
        if let Some(ca) = ca {
            node.env("THROUGHLINE_CA", ca);
        }
        let mut child = node
            .arg(js_dir().join("peer.mjs"))
            .args([server, room, code])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is installed (Debian: nodejs)");
        let stdin = child.stdin.take().unwrap();
        let answers = lines_of(child.stdout.take().unwrap());
        JsPeer {
            child,
            stdin,
            answers,
        }
    }

    fn join_as(serve: &Serve, role: &str) -> JsPeer {
        let (server, room, code) = serve.parts(role);
        let mut peer = JsPeer::join_trusting(&server, &room, &code, serve.certificate.as_deref());
        assert!(peer.ask(json!({"cmd": "wait_synced"}))["ok"]
            .as_bool()
            .unwrap());
        peer
    }

    fn ask(&mut self, command: Value) -> Value {
        writeln!(self.stdin, "{command}").unwrap();
        let line = self
            .answers
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no answer to {command}"));
        serde_json::from_str(&line).unwrap()
    }

    fn must(&mut self, command: Value) -> Value {
        let answer = self.ask(command.clone());
        assert_eq!(answer["ok"], json!(true), "{command} -> {answer}");
        answer
    }

    fn insert_title(&mut self, text: &str) {
        self.must(json!({"cmd": "insert", "map": "record", "key": "title", "text": text}));
    }

    fn title(&mut self) -> String {
        self.must(json!({"cmd": "read", "map": "record", "key": "title"}))["text"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn wait_title_contains(&mut self, text: &str) {
        self.must(json!({"cmd": "wait_contains", "map": "record", "key": "title", "text": text}));
    }
}

impl Drop for JsPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn real_yjs_peers_converge_with_each_other_and_the_plan_file_and_a_viewer_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    let original_title = title_in_file(&plan);
    let mut serve = Serve::start(&plan, 0);
    assert_eq!(
        serve
            .urls
            .iter()
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>(),
        ["editor", "reviewer", "viewer"]
    );

    let mut ana = JsPeer::join_as(&serve, "editor");
    let mut bo = JsPeer::join_as(&serve, "editor");
    let mut viewer = JsPeer::join_as(&serve, "viewer");
    assert_eq!(ana.title(), original_title, "the plan arrived whole");

    ana.insert_title(" [Ana]");
    bo.must(
        json!({"cmd": "insert", "map": "record", "key": "district", "index": 0, "text": "[Bo] "}),
    );
    bo.wait_title_contains("[Ana]");
    ana.must(json!({"cmd": "wait_contains", "map": "record", "key": "district", "text": "[Bo]"}));
    viewer.wait_title_contains("[Ana]");

    // The viewer types, then says where it is; its presence reaches Ana only after the host
    // has handled (and refused) the typing before it, so Ana's copy and the file show the
    // outcome.
    viewer.insert_title(" [viewer]");
    viewer
        .must(json!({"cmd": "awareness", "state": {"user": {"name": "Vi"}, "section": "vision"}}));
    ana.must(
        json!({"cmd": "awareness", "state": {"user": {"name": "Ana"}, "section": "strategies"}}),
    );
    let seen = ana.must(json!({"cmd": "wait_peers", "count": 1}));
    assert_eq!(seen["peers"][0]["state"]["section"], "vision");
    let bo_sees = bo.must(json!({"cmd": "wait_peers", "count": 2}));
    let sections: Vec<&str> = bo_sees["peers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"]["section"].as_str().unwrap())
        .collect();
    assert!(sections.contains(&"vision") && sections.contains(&"strategies"));
    assert!(!ana.title().contains("[viewer]"));
    assert!(!bo.title().contains("[viewer]"));

    // A laptop that vanishes (no goodbye) disappears from everyone's presence: the host drops
    // a closed connection's awareness.
    drop(viewer);
    let left = bo.must(json!({"cmd": "wait_peers", "count": 1}));
    assert_eq!(left["peers"][0]["state"]["user"]["name"], "Ana");

    let in_file = plan_json(&plan);
    let title = in_file["record"]["title"].as_str().unwrap();
    assert_eq!(title, ana.title(), "the file holds what the peers hold");
    assert!(title.contains("[Ana]") && !title.contains("[viewer]"));
    assert!(in_file["record"]["district"]
        .as_str()
        .unwrap()
        .starts_with("[Bo] "));

    serve.signal("-TERM");
    assert!(serve.wait_exit(), "serve exits cleanly on SIGTERM");
    assert_eq!(title_in_file(&plan), ana.title());
    // Closed complete: no write-ahead log left beside the plan.
    let wal = plan.with_extension("throughline-wal");
    assert!(std::fs::metadata(&wal).map_or(true, |m| m.len() == 0));
}

/// Sends a WebSocket upgrade request by hand and returns the whole response.
fn upgrade(url: &str) -> String {
    let rest = url.strip_prefix("ws://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let mut tcp = TcpStream::connect(authority).unwrap();
    tcp.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        tcp,
        "GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let mut byte = [0u8; 1];
    while !response.ends_with(b"\r\n\r\n") && tcp.read(&mut byte).unwrap() == 1 {
        response.push(byte[0]);
    }
    if response.starts_with(b"HTTP/1.1 101") {
        // Upgraded: the plan follows, which is the point of a right code.
        return String::from_utf8_lossy(&response).into_owned();
    }
    // Refused: the host answers and closes; reading to the end proves nothing else follows.
    tcp.read_to_end(&mut response).unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn a_wrong_or_missing_code_gets_nothing_of_the_plan_and_guessing_is_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    let before = plan_json(&plan);
    // Admission by code, read here on the wire by hand: without TLS. (Over TLS the same check
    // runs inside it; the session crate's tests pair.)
    let serve = Serve::start_with(&plan, 0, &["--insecure"]);
    let editor = serve.url("editor").to_owned();
    let (_, room, code) = serve.parts("editor");
    let base = editor.split('?').next().unwrap().to_owned();
    let wrong = if code == "12345678" {
        "87654321"
    } else {
        "12345678"
    };

    let missing = upgrade(&base);
    assert!(missing.starts_with("HTTP/1.1 401"), "{missing}");
    let refused = upgrade(&format!("{base}?code={wrong}"));
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    let elsewhere = upgrade(&editor.replace(&room, "someotherplan"));
    assert!(elsewhere.starts_with("HTTP/1.1 404"), "{elsewhere}");
    let title = before["record"]["title"].as_str().unwrap();
    for response in [&missing, &refused, &elsewhere] {
        assert!(!response.contains("101 Switching"));
        assert!(
            !response.contains(&title[..12]),
            "plan text leaked: {response}"
        );
        assert!(response.len() < 400, "more than a refusal: {response}");
    }
    // The right code upgrades.
    assert!(upgrade(&editor).starts_with("HTTP/1.1 101"));

    // Ten failures are allowed from one address (the same wrong code again is not a new
    // guess); after them even the right code is refused until the bucket refills, so a guess
    // that happens to be right gains nothing.
    assert!(upgrade(&format!("{base}?code={wrong}")).starts_with("HTTP/1.1 403"));
    let valid: Vec<String> = ["editor", "reviewer", "viewer"]
        .iter()
        .map(|role| serve.parts(role).2.to_owned())
        .collect();
    let mut guesses = (0..)
        .map(|i| format!("{:08}", 31_415_926 + i))
        .filter(|g| !valid.contains(g) && g != wrong);
    for guess in guesses.by_ref().take(8) {
        assert!(upgrade(&format!("{base}?code={guess}")).starts_with("HTTP/1.1 403"));
    }
    let last = guesses.next().unwrap();
    let throttled = upgrade(&format!("{base}?code={last}"));
    assert!(throttled.starts_with("HTTP/1.1 429"), "{throttled}");
    assert!(upgrade(&editor).starts_with("HTTP/1.1 429"));

    drop(serve);
    assert_eq!(plan_json(&plan), before, "refused attempts changed nothing");
}

/// Every command that only reads a plan, as a person would run it beside a host.
fn read_commands(plan: &Path, out: &Path) -> Vec<Vec<std::ffi::OsString>> {
    let p = || plan.as_os_str().to_owned();
    let s = |t: &str| std::ffi::OsString::from(t);
    vec![
        vec![s("show"), p(), s("--json")],
        vec![s("check"), p()],
        vec![
            s("export"),
            p(),
            s("--format"),
            s("md"),
            s("-o"),
            out.as_os_str().to_owned(),
            // Each round exports over the last round's file.
            s("--force"),
        ],
        vec![s("versions"), p()],
        vec![s("history"), p(), s("--section"), s("vision")],
        vec![s("digest"), p(), s("--since"), s("Before the retreat")],
        vec![s("compare"), p(), s("Before the retreat"), s("current")],
        vec![s("signoffs"), p()],
        vec![s("status"), p()],
    ]
}

/// The marks (`r3k17;`) a typing peer left in a title.
fn marks(title: &str) -> Vec<String> {
    title
        .split(';')
        .filter_map(|m| m.split_whitespace().last())
        .filter(|m| m.starts_with('r') && m.contains('k'))
        .map(str::to_owned)
        .collect()
}

/// A crash test with readers in every round: while a real Yjs peer types through the host,
/// every read command runs against the plan file; then the host is SIGKILLed. Each reader sees
/// every edit acknowledged before it started, and nothing a peer saw acknowledged is lost.
#[test]
fn everything_a_peer_observed_is_in_the_file_after_the_host_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    run_ok(
        throughline()
            .arg("version")
            .arg(&plan)
            .args(["--label", "Before the retreat"]),
    );
    let exported = dir.path().join("read.md");
    let port = free_port();
    let mut serve = Serve::start(&plan, port);
    let (server, room, code) = serve.parts("editor");
    let ca = serve.certificate.clone();
    let mut writer = JsPeer::join_trusting(&server, &room, &code, ca.as_deref());
    let mut observer = JsPeer::join_trusting(&server, &room, &code, ca.as_deref());
    let mut rng = test_support::Rng::new(0x9e37_79b9_7f4a_7c15);
    let (rounds, mut reads) = (8, 0usize);
    let (mut seen, mut lost) = (
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    );
    for round in 0..rounds {
        writer.must(json!({"cmd": "wait_synced"}));
        observer.must(json!({"cmd": "wait_synced"}));
        writer.must(json!({"cmd": "type", "map": "record", "key": "title",
                           "prefix": format!(" r{round}k"), "every_ms": 2}));
        for args in read_commands(&plan, &exported) {
            // Relayed to the observer only once committed: all of it must be in the file.
            let acknowledged = marks(&observer.title());
            let out = throughline().args(&args).output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {args:?} beside the host: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if args[0] == "show" {
                let read: Value = serde_json::from_slice(&out.stdout).unwrap();
                let title = read["record"]["title"].as_str().unwrap();
                for mark in &acknowledged {
                    assert!(
                        title.contains(&format!("{mark};")),
                        "round {round}: show did not see {mark}, acknowledged before it started"
                    );
                }
            }
            reads += 1;
        }
        // A random moment within the typing.
        std::thread::sleep(Duration::from_millis(50 + rng.below(400)));
        serve.signal("-KILL");
        serve.wait_exit();
        writer.must(json!({"cmd": "stop_typing"}));
        let observed = marks(&observer.title());
        let in_file = title_in_file(&plan);
        for mark in observed {
            if !in_file.contains(&format!("{mark};")) {
                lost.insert(mark.clone());
            }
            seen.insert(mark);
        }
        serve = Serve::start(&plan, port);
    }
    eprintln!(
        "crash test with readers: {rounds} rounds, {reads} reads beside the host, {} edits seen by a peer, {} lost",
        seen.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "edits a peer saw acknowledged were lost: {lost:?}"
    );
    assert!(!seen.is_empty(), "the observer saw some typing");
    // After the last restart the writer's unsent typing arrives too: nothing is lost.
    writer.must(json!({"cmd": "wait_synced"}));
    let everything = writer.title();
    observer.wait_title_contains(everything.rsplit(' ').next().unwrap());
    serve.signal("-TERM");
    assert!(serve.wait_exit());
    assert_eq!(title_in_file(&plan), everything);
}

/// A second program that wants to write a hosted plan is refused at once, naming the host;
/// reading goes on alongside.
#[test]
fn a_second_writer_is_refused_while_a_plan_is_hosted() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    let copy = new_demo_plan(dir.path(), "other.throughline");
    let serve = Serve::start(&plan, 0);
    let p = plan.as_os_str();
    let attempts: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["serve".as_ref(), p, "--port".as_ref(), "0".as_ref()],
        vec!["version".as_ref(), p, "--label".as_ref(), "During".as_ref()],
        vec!["merge".as_ref(), p, copy.as_os_str()],
        vec![
            "status".as_ref(),
            p,
            "--section".as_ref(),
            "vision".as_ref(),
            "--set".as_ref(),
            "approved".as_ref(),
        ],
    ];
    for args in attempts {
        let out = throughline().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} was not refused: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("open for writing in another program (throughline serve"),
            "{args:?}: {stderr}"
        );
    }
    assert!(plan_json(&plan)["record"]["title"].is_string());
    drop(serve);
    // Once the host is gone, the same change goes through.
    run_ok(
        throughline()
            .arg("version")
            .arg(&plan)
            .args(["--label", "After"]),
    );
}

#[test]
fn two_laptops_edit_apart_when_the_host_leaves_then_another_laptop_hosts_and_both_edits_survive() {
    let dir = tempfile::tempdir().unwrap();
    let first = new_demo_plan(dir.path(), "host.throughline");
    let mut serve = Serve::start(&first, 0);
    let mut ana = JsPeer::join_as(&serve, "editor");
    let mut bo = JsPeer::join_as(&serve, "editor");
    // A third laptop keeps its own copy of the plan, fetched with `throughline sync`.
    let copy = dir.path().join("copy.throughline");
    run_ok(
        throughline()
            .arg("sync")
            .arg(&copy)
            .arg(serve.url("editor")),
    );
    assert_eq!(title_in_file(&copy), title_in_file(&first));

    serve.signal("-TERM");
    assert!(serve.wait_exit());
    ana.insert_title(" [Ana apart]");
    bo.must(json!({"cmd": "insert", "map": "record", "key": "title", "index": 0, "text": "[Bo apart] "}));

    // The third laptop takes over hosting its copy; both reconnect to it.
    let takeover = Serve::start(&copy, 0);
    let (server, room, code) = takeover.parts("editor");
    for peer in [&mut ana, &mut bo] {
        peer.must(json!({"cmd": "switch", "server": server, "room": room, "code": code}));
        peer.must(json!({"cmd": "wait_synced"}));
    }
    ana.wait_title_contains("[Bo apart]");
    bo.wait_title_contains("[Ana apart]");
    let title = ana.title();
    assert_eq!(bo.title(), title);
    assert_eq!(title_in_file(&copy), title);
    assert!(title.starts_with("[Bo apart] ") && title.ends_with(" [Ana apart]"));
}

#[test]
fn throughline_sync_exchanges_with_the_npm_reference_server_and_a_real_yjs_peer() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    let id = {
        // The plan's id names its room on any server.
        let serve = Serve::start(&plan, 0);
        let (_, room, _) = serve.parts("editor");
        room
    };
    let port = free_port();
    let server_bin = js_dir().join("node_modules/@y/websocket-server/src/server.js");
    let mut reference = Command::new("node")
        .arg(server_bin)
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let started = lines_of(reference.stdout.take().unwrap());
    started
        .recv_timeout(WAIT)
        .expect("the reference server started");
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _reference = Kill(reference);
    let url = format!("ws://127.0.0.1:{port}/{id}");

    let sent = run_ok(throughline().arg("sync").arg(&plan).arg(&url));
    assert!(sent.starts_with("synced"), "{sent}");
    let mut peer = JsPeer::join(&format!("ws://127.0.0.1:{port}"), &id, "");
    peer.must(json!({"cmd": "wait_synced"}));
    let original = title_in_file(&plan);
    peer.wait_title_contains(&original);
    peer.insert_title(" [from a Yjs peer]");

    let received = run_ok(throughline().arg("sync").arg(&plan).arg(&url));
    assert!(received.contains("bytes of changes received"), "{received}");
    assert_eq!(
        title_in_file(&plan),
        format!("{original} [from a Yjs peer]")
    );

    // A laptop with no copy yet gets the whole plan.
    let fresh = dir.path().join("fresh.throughline");
    run_ok(throughline().arg("sync").arg(&fresh).arg(&url));
    assert_eq!(plan_json(&fresh), plan_json(&plan));
}

#[test]
fn sync_by_the_address_and_code_as_the_host_reads_them_aloud() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "host.throughline");
    let serve = Serve::start(&plan, 0);
    let (server, _, code) = serve.parts("editor");
    let address = server.strip_prefix("wss://").unwrap();
    let spoken = format!("{}-{}", &code[..4], &code[4..]);

    // No link, no plan id: the laptop pairs with the code and the host names its plan.
    let copy = dir.path().join("copy.throughline");
    let out = run_ok(
        throughline()
            .arg("sync")
            .arg(&copy)
            .arg(address)
            .args(["--code", &spoken]),
    );
    assert!(out.contains("bytes of changes received"), "{out}");
    assert_eq!(plan_json(&copy), plan_json(&plan));

    // A wrong code gets nothing and leaves no file behind.
    let wrong = if code.starts_with('1') {
        "2222-2222"
    } else {
        "1111-1111"
    };
    let refused = dir.path().join("refused.throughline");
    let out = throughline()
        .arg("sync")
        .arg(&refused)
        .arg(address)
        .args(["--code", wrong])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused the join code"), "{err}");
    assert!(!refused.exists());
}

/// A member's id in the demo, a vote opened on two strategies with ballots from two members,
/// and a capacity round with two sealed ratings, all made through the app on the laptop that
/// will host (which so holds both keys). Returns (vote id, indicator id).
fn seal_a_vote_and_a_round(plan: &Path) -> (String, String) {
    use std::collections::BTreeMap;
    let mut open = throughline_app::OpenPlan::open(plan, "Fay").unwrap();
    let items = vec![
        "strategies/st-coaching".to_string(),
        "strategies/st-talent".to_string(),
    ];
    let vote = open.open_vote("Which first?", &items, 3, &[]).unwrap();
    let dots = |a: u32, b: u32| -> BTreeMap<String, u32> {
        [(items[0].clone(), a), (items[1].clone(), b)].into()
    };
    open.place_dots(&vote, "m-alvarez", &dots(2, 1)).unwrap();
    open.place_dots(&vote, "m-pham", &dots(3, 0)).unwrap();
    open.open_rating_round("ci-leaders").unwrap();
    open.seal_rating("ci-leaders", "m-alvarez", Some("1"))
        .unwrap();
    open.seal_rating("ci-leaders", "m-pham", Some("4")).unwrap();
    open.close().unwrap();
    (vote, "ci-leaders".to_string())
}

/// Standard base64 to bytes (what a stock peer would do with an entry first).
fn from_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn item_in(map: &Value, id: &str) -> Value {
    map.get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} in {map}"))
}

#[test]
fn a_stock_yjs_peer_on_the_editor_link_reads_no_dots_or_ratings_before_the_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let plan = new_demo_plan(dir.path(), "plan.throughline");
    let (vote, indicator) = seal_a_vote_and_a_round(&plan);

    let serve = Serve::start(&plan, 0);
    let mut peer = JsPeer::join_as(&serve, "editor");
    let votes = peer.must(json!({"cmd": "dump", "map": "votes"}))["json"].clone();
    let sealed_vote = item_in(&votes, &vote);
    let ballots = sealed_vote["ballots"].as_object().unwrap();
    assert_eq!(ballots.len(), 2, "{sealed_vote}");
    for ballot in ballots.values() {
        let bytes = from_base64(ballot.as_str().unwrap());
        let opened = String::from_utf8_lossy(&bytes);
        assert!(
            !opened.contains("strategies") && !opened.contains("dots"),
            "a ballot's bytes read as words: {opened}"
        );
        assert!(bytes.len() >= 48, "a sealed box carries a key and a tag");
    }
    assert!(sealed_vote.get("reveal_key").is_none(), "{sealed_vote}");
    assert!(
        sealed_vote["counts"]
            .as_object()
            .is_none_or(|c| c.is_empty()),
        "no count before closing: {sealed_vote}"
    );
    let capacity = peer.must(json!({"cmd": "dump", "map": "capacity"}))["json"].clone();
    let round = item_in(&capacity, &indicator);
    assert_eq!(round["sealed_ratings"].as_object().unwrap().len(), 2);
    assert!(
        round["ratings"].as_object().is_none_or(|r| r.is_empty()),
        "no rating in the clear before the reveal: {round}"
    );
    assert!(round.get("reveal_key").is_none(), "{round}");
    // Everything the peer holds, as text: no ballot or rating reads in it.
    let whole = format!("{votes}{capacity}");
    assert!(!whole.contains("\"member\""), "a sealed entry was readable");
    drop(peer);
    drop(serve);

    // The facilitator's laptop (the one that opened both) reveals them.
    let mut open = throughline_app::OpenPlan::open(&plan, "Fay").unwrap();
    let counted = open.close_vote(&vote).unwrap();
    open.reveal_ratings(&indicator).unwrap();
    open.close().unwrap();

    let serve = Serve::start(&plan, 0);
    let mut peer = JsPeer::join_as(&serve, "editor");
    let votes = peer.must(json!({"cmd": "dump", "map": "votes"}))["json"].clone();
    let closed = item_in(&votes, &vote);
    assert!(closed["reveal_key"].as_str().is_some_and(|k| !k.is_empty()));
    let mut seen: Vec<(String, u64)> = closed["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| {
            (
                c["item"].as_str().unwrap().to_string(),
                c["dots"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let expected: Vec<(String, u64)> = counted
        .counts
        .iter()
        .map(|(i, d)| (i.clone(), u64::from(*d)))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(expected[0], ("strategies/st-coaching".to_string(), 5));
    let capacity = peer.must(json!({"cmd": "dump", "map": "capacity"}))["json"].clone();
    let revealed = item_in(&capacity, &indicator);
    assert_eq!(
        revealed["ratings"],
        json!({"m-alvarez": "1", "m-pham": "4"})
    );
    assert_eq!(revealed["revealed"], json!(true));
}
