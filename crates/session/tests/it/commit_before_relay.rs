//! The host's promise to the room: no peer receives an update before the plan file has it,
//! and updates that arrive while a commit is under way share the next one (group commit).
//! All on 127.0.0.1; every wait has a bound.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use throughline_session::{
    Host, HostOptions, HostedPlan, JoinAddress, JoinCodes, JoinStatus, Joined, Layer, Network,
    PeerUpdate, PlanSink, Role, SinkError,
};
use throughline_sync::message::Message;
use tokio_tungstenite::tungstenite::Message as Ws;
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

const WAIT: Duration = Duration::from_secs(20);

/// A plan file whose disk can be held: `save` blocks while the gate is shut, and records each
/// batch it was handed once it goes through.
#[derive(Default)]
struct HeldDisk {
    shut: Mutex<bool>,
    opened: Condvar,
    batches: Mutex<Vec<Vec<PeerUpdate>>>,
    /// Saves that have started (possibly still held).
    started: Mutex<usize>,
}

impl HeldDisk {
    fn shut(&self) {
        *self.shut.lock().unwrap() = true;
    }

    fn open(&self) {
        *self.shut.lock().unwrap() = false;
        self.opened.notify_all();
    }

    fn wait_started(&self, n: usize) {
        let deadline = Instant::now() + WAIT;
        while *self.started.lock().unwrap() < n {
            assert!(Instant::now() < deadline, "save {n} never started");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl PlanSink for HeldDisk {
    fn save(&self, _layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError> {
        *self.started.lock().unwrap() += 1;
        let mut shut = self.shut.lock().unwrap();
        while *shut {
            shut = self.opened.wait(shut).unwrap();
        }
        drop(shut);
        self.batches.lock().unwrap().push(updates.to_vec());
        Ok(())
    }

    fn reload(&self, _layer: Layer) -> Result<Doc, SinkError> {
        Err(SinkError("not in this test".into()))
    }
}

fn text_of(doc: &Doc) -> String {
    doc.get_or_insert_text("body").get_string(&doc.transact())
}

/// An edit typed on a copy of `base`, as the update a peer would send.
fn edit_on(base: &Doc, at_end: &str) -> Vec<u8> {
    let text = base.get_or_insert_text("body");
    let mut txn = base.transact_mut();
    let len = text.len(&txn);
    text.insert(&mut txn, len, at_end);
    txn.encode_update_v1()
}

#[test]
fn nothing_reaches_a_peer_before_it_is_saved_and_a_held_commit_batches_what_queued() {
    let network = Network::start().unwrap();
    let plan = Doc::new();
    let disk = Arc::new(HeldDisk::default());
    let host = Host::start(
        network.handle(),
        HostedPlan {
            plan_id: "heldplan".into(),
            plan: plan.clone(),
            review: Doc::new(),
            codes: JoinCodes::generate().unwrap(),
        },
        HostOptions {
            bind: [127, 0, 0, 1].into(),
            ..HostOptions::default()
        },
        Arc::clone(&disk) as Arc<dyn PlanSink>,
    )
    .unwrap();
    let editor = host
        .join_addresses(None)
        .into_iter()
        .find(|(r, _)| *r == Role::Editor)
        .unwrap()
        .1
        .to_string();

    // Bo watches from a laptop of his own.
    let bo_doc = Doc::new();
    let bo = Joined::start(
        network.handle(),
        JoinAddress::parse(&editor).unwrap(),
        bo_doc.clone(),
        Arc::new(HeldDisk::default()),
    )
    .unwrap();
    let mut status = bo.watch_status();
    network.block_on(async {
        tokio::time::timeout(WAIT, status.wait_for(|s| *s == JoinStatus::Synced))
            .await
            .expect("Bo synced in time")
            .unwrap();
    });

    // Ana types three edits, each its own frame, while the disk is held.
    let ana = Doc::new();
    let edits = [
        edit_on(&ana, "one "),
        edit_on(&ana, "two "),
        edit_on(&ana, "three"),
    ];
    disk.shut();
    let url = editor.clone();
    let mut ws = network.block_on(async move {
        let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap();
        ws
    });
    network.block_on(async {
        ws.send(Ws::Binary(Message::Update(&edits[0]).encode().into()))
            .await
            .unwrap();
    });
    disk.wait_started(1);
    network.block_on(async {
        for edit in &edits[1..] {
            ws.send(Ws::Binary(Message::Update(edit).encode().into()))
                .await
                .unwrap();
        }
    });
    // The host has taken all three into its live document: nothing waits on the network.
    let deadline = Instant::now() + WAIT;
    while text_of(&plan) != "one two three" {
        assert!(
            Instant::now() < deadline,
            "the host never integrated the edits"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        text_of(&bo_doc),
        "",
        "Bo saw an edit the plan file did not have yet"
    );

    disk.open();
    let deadline = Instant::now() + WAIT;
    while text_of(&bo_doc) != "one two three" {
        assert!(Instant::now() < deadline, "Bo never got the edits");
        std::thread::sleep(Duration::from_millis(5));
    }
    let batches = disk.batches.lock().unwrap().clone();
    assert_eq!(
        batches.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![1, 2],
        "the two edits that queued behind the held commit went in one"
    );
    // What was saved is exactly what Ana typed, as Bo now has it.
    let saved = Doc::new();
    {
        let mut txn = saved.transact_mut();
        for update in batches.iter().flatten() {
            txn.apply_update(Update::decode_v1(&update.update).unwrap())
                .unwrap();
        }
    }
    assert_eq!(text_of(&saved), "one two three");
    assert_eq!(
        saved.transact().state_vector(),
        ana.transact().state_vector(),
        "nothing more, nothing less"
    );

    drop(ws);
    network.block_on(bo.leave());
    network.block_on(host.stop());
}
