//! A district's server on loopback for tests: `redis-server` and Hocuspocus instances of
//! `deploy/hocuspocus` joined by it, and real `@hocuspocus/provider` peers, each started on a
//! free port and killed when dropped; every wait is bounded.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long anything here may take to start or answer.
pub const WAIT: Duration = Duration::from_secs(30);

/// An editor's token and a reviewer's, as the tokens file of every test server lists them.
pub const EDITOR_TOKEN: &str = "editor-token-0123456789";
pub const REVIEWER_TOKEN: &str = "reviewer-token-0123456789";

/// `deploy/hocuspocus`, with its npm packages installed (scripts/setup does).
pub fn deploy_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/hocuspocus");
    assert!(
        dir.join("node_modules/@hocuspocus/server").is_dir(),
        "the district server's npm packages are not installed: run `npm ci` in {} (scripts/setup does)",
        dir.display()
    );
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Lines from a child's pipe, read on a thread so that every wait can be bounded.
pub fn lines_of(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// `redis-server` on a free loopback port, keeping nothing on disk.
pub struct Redis {
    child: Child,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Redis {
        let port = free_port();
        let child = Command::new(crate::tool("redis-server", "redis-server"))
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < WAIT, "redis-server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        Redis { child, port }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}

/// Where a district's instances keep their shared SQLite file and tokens.
pub struct District {
    pub dir: PathBuf,
    pub redis: Redis,
}

impl District {
    /// A tokens file (an editor, a reviewer) in `dir`, and Redis for the instances.
    pub fn new(dir: &Path) -> District {
        std::fs::write(
            dir.join("tokens.txt"),
            format!("# role token\neditor {EDITOR_TOKEN}\nreviewer {REVIEWER_TOKEN}\n"),
        )
        .unwrap();
        District {
            dir: dir.to_path_buf(),
            redis: Redis::start(),
        }
    }

    /// One more Hocuspocus instance on `port` (0: a free one), on the shared SQLite file and
    /// Redis.
    pub fn instance(&self, name: &str, port: u16) -> Instance {
        let port = if port == 0 { free_port() } else { port };
        let mut child = Command::new(crate::tool("node", "nodejs"))
            .arg(deploy_dir().join("server.mjs"))
            .env("PORT", port.to_string())
            .env("ADDRESS", "127.0.0.1")
            .env("DATABASE", self.dir.join("district.sqlite"))
            .env("TOKENS_FILE", self.dir.join("tokens.txt"))
            .env(
                "REDIS_URL",
                format!("redis://127.0.0.1:{}", self.redis.port),
            )
            .env("INSTANCE", name)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is installed (Debian: nodejs)");
        let lines = lines_of(child.stdout.take().unwrap());
        let line = lines.recv_timeout(WAIT);
        match line {
            Ok(l) if l.starts_with("listening on") => {}
            other => {
                kill(&mut child);
                panic!("instance {name} did not start: {other:?}");
            }
        }
        Instance { child, port }
    }
}

/// One Hocuspocus instance, killed (SIGKILL) when dropped.
pub struct Instance {
    child: Child,
    pub port: u16,
}

impl Instance {
    /// `ws://127.0.0.1:PORT/DOCUMENT`.
    pub fn url(&self, document: &str) -> String {
        format!("ws://127.0.0.1:{}/{document}", self.port)
    }

    pub fn server(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

impl Instance {
    /// This instance behind TLS, as a district serves it (`deploy/hocuspocus/test/tls-front.mjs`
    /// standing in for its reverse proxy), with a certificate for `localhost` issued by a
    /// certificate authority made for the test, whose PEM file is [`TlsFront::authority`].
    pub fn behind_tls(&self, dir: &Path) -> TlsFront {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Test district authority");
        let ca =
            rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
                .unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(vec![String::from("localhost")])
            .unwrap()
            .signed_by(&key, &ca)
            .unwrap();
        let authority = dir.join("district-authority.pem");
        std::fs::write(&authority, ca.pem()).unwrap();
        std::fs::write(dir.join("district-server.pem"), leaf.pem()).unwrap();
        std::fs::write(dir.join("district-server-key.pem"), key.serialize_pem()).unwrap();
        let mut child = Command::new(crate::tool("node", "nodejs"))
            .arg(deploy_dir().join("test/tls-front.mjs"))
            .arg(dir.join("district-server.pem"))
            .arg(dir.join("district-server-key.pem"))
            .arg(self.port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is installed (Debian: nodejs)");
        let lines = lines_of(child.stdout.take().unwrap());
        let port = match lines.recv_timeout(WAIT) {
            Ok(l) => l.rsplit(':').next().and_then(|p| p.parse().ok()),
            Err(_) => None,
        };
        let Some(port) = port else {
            kill(&mut child);
            panic!("the TLS front did not start");
        };
        TlsFront {
            child,
            port,
            authority,
        }
    }
}

/// A TLS front for one instance, killed when dropped.
pub struct TlsFront {
    child: Child,
    pub port: u16,
    /// The PEM file of the certificate authority that issued its certificate.
    pub authority: PathBuf,
}

impl TlsFront {
    /// `wss://localhost:PORT/DOCUMENT`.
    pub fn url(&self, document: &str) -> String {
        format!("wss://localhost:{}/{document}", self.port)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}

/// A real `@hocuspocus/provider` peer on one document (`deploy/hocuspocus/test/peer.mjs`).
pub struct ProviderPeer {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<String>,
}

impl ProviderPeer {
    pub fn join(server: &str, document: &str, token: &str) -> ProviderPeer {
        let mut child = Command::new(crate::tool("node", "nodejs"))
            .arg(deploy_dir().join("test/peer.mjs"))
            .args([server, document, token])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is installed (Debian: nodejs)");
        let stdin = child.stdin.take().unwrap();
        let answers = lines_of(child.stdout.take().unwrap());
        ProviderPeer {
            child,
            stdin,
            answers,
        }
    }

    pub fn ask(&mut self, command: Value) -> Value {
        writeln!(self.stdin, "{command}").unwrap();
        let line = self
            .answers
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no answer to {command}"));
        serde_json::from_str(&line).unwrap()
    }

    pub fn must(&mut self, command: Value) -> Value {
        let answer = self.ask(command.clone());
        assert_eq!(answer["ok"], json!(true), "{command} -> {answer}");
        answer
    }

    pub fn wait_synced(&mut self) {
        self.must(json!({"cmd": "wait_synced"}));
    }

    pub fn insert(&mut self, map: &str, key: &str, text: &str) {
        self.must(json!({"cmd": "insert", "map": map, "key": key, "text": text}));
    }

    pub fn read(&mut self, map: &str, key: &str) -> Option<String> {
        self.ask(json!({"cmd": "read", "map": map, "key": key}))["text"]
            .as_str()
            .map(str::to_owned)
    }

    pub fn wait_contains(&mut self, map: &str, key: &str, text: &str) {
        self.must(json!({"cmd": "wait_contains", "map": map, "key": key, "text": text}));
    }
}

impl Drop for ProviderPeer {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}
