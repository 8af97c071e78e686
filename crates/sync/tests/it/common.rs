//! Helpers shared by the sync tests: documents that type, a room's traffic delivered to
//! in-process clients, and real JavaScript peers driven over stdio.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use throughline_sync::{ConnId, Outgoing, Recipients};
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

pub const BODY: &str = "body";

pub fn doc(client: u64) -> Doc {
    Doc::with_client_id(client)
}

/// Inserts `s` at `index` of the shared text and returns the edit as a v1 update.
pub fn type_text(doc: &Doc, index: u32, s: &str) -> Vec<u8> {
    let text = doc.get_or_insert_text(BODY);
    let mut txn = doc.transact_mut();
    text.insert(&mut txn, index, s);
    txn.encode_update_v1()
}

pub fn delete_text(doc: &Doc, index: u32, len: u32) -> Vec<u8> {
    let text = doc.get_or_insert_text(BODY);
    let mut txn = doc.transact_mut();
    text.remove_range(&mut txn, index, len);
    txn.encode_update_v1()
}

pub fn text(doc: &Doc) -> String {
    let text = doc.get_or_insert_text(BODY);
    let txn = doc.transact();
    text.get_string(&txn)
}

/// The whole document as bytes: equal bytes, equal documents (pending updates included).
pub fn state(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

pub fn apply(doc: &Doc, update: &[u8]) {
    doc.transact_mut()
        .apply_update(Update::decode_v1(update).unwrap())
        .unwrap();
}

/// The frames of `out` that `conn` receives, in order.
pub fn frames_for(out: &[Outgoing], conn: ConnId) -> Vec<Vec<u8>> {
    out.iter()
        .filter(|o| o.to.includes(conn))
        .map(|o| o.bytes.clone())
        .collect()
}

/// The frames of `out` addressed to `conn` alone.
pub fn replies_to(out: &[Outgoing], conn: ConnId) -> Vec<Vec<u8>> {
    out.iter()
        .filter(|o| o.to == Recipients::Only(conn))
        .map(|o| o.bytes.clone())
        .collect()
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `crates/sync/tests/js`, with its node_modules installed (`scripts/setup` runs `npm ci`
/// there); fails with the fix spelled out if they are missing.
pub fn js_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    for package in ["yjs", "y-protocols", "y-websocket", "lib0"] {
        assert!(
            dir.join("node_modules").join(package).join("package.json").is_file(),
            "{} is missing node_modules/{package}: run scripts/setup (or `npm ci` in that directory)",
            dir.display()
        );
    }
    dir
}

/// Runs `node wire.mjs ARGS` with `input` on stdin and returns its JSON output.
pub fn wire_js(args: &[&str], input: &str) -> serde_json::Value {
    let dir = js_dir();
    let mut child = Command::new("node")
        .arg("wire.mjs")
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is not installed: run scripts/setup");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node wire.mjs {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A real y-websocket `WebsocketProvider` (npm packages) whose socket is stdio.
pub struct JsPeer {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// What the JS peer reported after one command.
#[derive(Debug)]
pub struct JsAnswer {
    pub sent: Vec<Vec<u8>>,
    pub text: String,
    pub states: BTreeMap<u64, serde_json::Value>,
    pub warnings: Vec<String>,
    pub synced: bool,
}

impl JsPeer {
    pub fn spawn(client_id: u64) -> JsPeer {
        let dir = js_dir();
        let mut child = Command::new("node")
            .arg("peer.mjs")
            .arg(client_id.to_string())
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node is not installed: run scripts/setup");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        JsPeer {
            child,
            stdin,
            stdout,
        }
    }

    pub fn command(&mut self, cmd: serde_json::Value) -> JsAnswer {
        writeln!(self.stdin, "{cmd}").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        let n = self.stdout.read_line(&mut line).unwrap();
        assert!(n > 0, "the JS peer exited after {cmd}");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        JsAnswer {
            sent: v["sent"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| from_hex(h.as_str().unwrap()))
                .collect(),
            text: v["text"].as_str().unwrap().to_owned(),
            states: v["states"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.parse().unwrap(), v.clone()))
                .collect(),
            warnings: v["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap().to_owned())
                .collect(),
            synced: v["synced"].as_bool().unwrap(),
        }
    }

    pub fn open(&mut self) -> JsAnswer {
        self.command(serde_json::json!({"op": "open"}))
    }

    pub fn recv(&mut self, frame: &[u8]) -> JsAnswer {
        self.command(serde_json::json!({"op": "recv", "hex": to_hex(frame)}))
    }

    pub fn insert(&mut self, index: u32, text: &str) -> JsAnswer {
        self.command(serde_json::json!({"op": "insert", "index": index, "text": text}))
    }

    pub fn delete(&mut self, index: u32, len: u32) -> JsAnswer {
        self.command(serde_json::json!({"op": "delete", "index": index, "len": len}))
    }

    pub fn set_awareness(&mut self, state: serde_json::Value) -> JsAnswer {
        self.command(serde_json::json!({"op": "awareness", "state": state}))
    }

    pub fn close(&mut self) -> JsAnswer {
        self.command(serde_json::json!({"op": "close"}))
    }
}

impl Drop for JsPeer {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "{}", serde_json::json!({"op": "quit"}));
        let _ = self.child.wait();
    }
}
