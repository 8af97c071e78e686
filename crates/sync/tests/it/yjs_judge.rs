//! Yjs as the judge: updates mutated from real ones are given to a room and to npm `yjs`
//! (`tests/js/judge.mjs`), each on a copy of the same document, and the room may change its
//! document only where Yjs changes its own, and only to the same content. Otherwise a buggy or
//! hostile peer could split a room: the host would hold a plan its Yjs peers do not.

use crate::common;
use crate::hostile::{base_doc, BASE, HALF_APPLIED};

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use common::{doc, from_hex, js_dir, to_hex, type_text};
use throughline_sync::{ConnId, Layer, Message, Role, Room, RoomName};
use yrs::updates::decoder::Decode;
use yrs::{Array, Doc, Map, ReadTxn, Snapshot, Text, Transact, Update};

const PEER: ConnId = ConnId(7);

/// Mutations judged per run: enough to meet each kind of divergence found so far many times
/// over (each kind showed up in well under a thousand), few enough for seconds of CI.
fn cases() -> usize {
    std::env::var("THROUGHLINE_JUDGE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000)
}

/// Real updates a peer could send: typing, deleting, and one edit touching a nested map, an
/// array and formatted text, the shapes a plan's document has.
fn real_updates() -> Vec<Vec<u8>> {
    let peer = doc(5);
    common::apply(&peer, &from_hex(BASE));
    let typed = type_text(&peer, 3, "new words");
    let deleted = common::delete_text(&peer, 0, 4);
    let rich = {
        let meta = peer.get_or_insert_map("meta");
        let items = peer.get_or_insert_array("items");
        let body = peer.get_or_insert_text(common::BODY);
        let mut txn = peer.transact_mut();
        let nested = meta.insert(&mut txn, "nested", yrs::MapPrelim::default());
        nested.insert(&mut txn, "x", 42);
        items.insert_range(&mut txn, 0, ["a", "b", "c"]);
        items.remove(&mut txn, 1);
        let attrs = yrs::types::Attrs::from([("bold".into(), true.into())]);
        body.insert_with_attributes(&mut txn, 1, "bc", attrs);
        txn.encode_update_v1()
    };
    vec![typed, deleted, rich, from_hex(HALF_APPLIED)]
}

/// A small deterministic generator (xorshift64*): the same cases on every run, so a case that
/// fails once fails again.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// One to three bytes of `update` flipped, replaced, nudged, inserted or removed.
    fn mutate(&mut self, update: &[u8]) -> Vec<u8> {
        let mut out = update.to_vec();
        let times = 1 + self.next() % 3;
        for _ in 0..times {
            let at = (self.next() % out.len() as u64) as usize;
            let r = self.next();
            match r % 5 {
                0 => out[at] ^= 1 << ((r >> 8) % 8),
                1 => out[at] = (r >> 8) as u8,
                2 => out[at] = out[at].wrapping_add(if r & 256 == 0 { 1 } else { 255 }),
                3 => out.insert(at, (r >> 8) as u8),
                _ if out.len() > 1 => {
                    out.remove(at);
                }
                _ => {}
            }
        }
        out
    }
}

/// What the room's document holds that peers see: integrated structs (a client at clock 0
/// holds none) and deleted ranges, not pending ones.
#[derive(Debug, PartialEq)]
struct Content {
    clocks: BTreeMap<u64, u32>,
    deleted: BTreeMap<u64, Vec<(u32, u32)>>,
}

fn content(d: &Doc) -> Content {
    let Snapshot {
        state_map,
        delete_set,
    } = d.transact().snapshot();
    let clocks: BTreeMap<u64, u32> = state_map
        .iter()
        .filter(|(_, clock)| **clock > 0)
        .map(|(client, clock)| (client.get(), *clock))
        .collect();
    let mut deleted: BTreeMap<u64, Vec<(u32, u32)>> = BTreeMap::new();
    for (client, ranges) in delete_set.iter() {
        // Deletions of what has not arrived yet wait, in both libraries.
        let known = clocks.get(&client.get()).copied().unwrap_or(0);
        let mut list: Vec<(u32, u32)> =
            ranges.iter().map(|r| (r.start, r.end.min(known))).collect();
        list.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (start, end) in list {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ if start < end => merged.push((start, end)),
                _ => {}
            }
        }
        if !merged.is_empty() {
            deleted.insert(client.get(), merged);
        }
    }
    Content { clocks, deleted }
}

fn judge(updates: &[Vec<u8>]) -> Vec<serde_json::Value> {
    let input = serde_json::json!({
        "base": BASE,
        "updates": updates.iter().map(|u| to_hex(u)).collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .arg("judge.mjs")
        .current_dir(js_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is not installed: run scripts/setup");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node judge.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The room's verdict on one update: `None` when it refused it or its content did not change,
/// else the content it now holds.
fn room_verdict(update: &[u8]) -> Option<Content> {
    let mut room = Room::new(RoomName::new("p", Layer::Plan).unwrap(), base_doc()).unwrap();
    room.connect(PEER, Role::Editor).unwrap();
    let before = content(room.doc());
    match room.receive(PEER, &Message::Update(update).encode()) {
        Err(_) => None,
        Ok(_) => {
            let after = content(room.doc());
            (after != before).then_some(after)
        }
    }
}

#[test]
fn the_room_changes_its_document_only_where_yjs_changes_its_own_alike() {
    let originals = real_updates();
    let mut mutator = Mutator(0x7468_726f_7567_686c);
    let cases: Vec<Vec<u8>> = (0..cases())
        .map(|i| mutator.mutate(&originals[i % originals.len()]))
        .collect();
    let verdicts = judge(&cases);
    assert_eq!(verdicts.len(), cases.len());

    let mut disagreements = Vec::new();
    let mut changed_alike = 0;
    for (update, yjs) in cases.iter().zip(&verdicts) {
        let ours = room_verdict(update);
        let theirs = yjs["verdict"].as_str().unwrap();
        let agree = match (&ours, theirs) {
            (None, _) => true,
            (Some(ours), "changed") => {
                let judged = Doc::new();
                let yjs_state = from_hex(yjs["state"].as_str().unwrap());
                judged
                    .transact_mut()
                    .apply_update(Update::decode_v1(&yjs_state).unwrap())
                    .unwrap();
                let same = content(&judged) == *ours;
                changed_alike += usize::from(same);
                same
            }
            (Some(_), _) => false,
        };
        if !agree {
            disagreements.push(format!(
                "{} → yjs {theirs} {}; the room went from {:?} to {:?}",
                to_hex(update),
                yjs["reason"].as_str().unwrap_or(""),
                content(&base_doc()),
                ours
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} mutated updates changed the room where Yjs did not change alike ({changed_alike} changed alike):\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
    );
}
