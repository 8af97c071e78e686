//! The durability floor of the retreat load bench (`benches/retreat/load.mjs`): the least a
//! y-websocket server can do and still commit every update before relaying it.
//!
//! One room, one yrs document, one SQLite log in WAL mode with `synchronous = FULL` (the plan
//! file's own settings, so a commit costs what the host's does). Two threads, so that neither
//! waits on the other more than it must: the room applies each frame to the document as it
//! arrives, and the committer takes everything the room produced while the last commit ran,
//! commits it in one transaction, then relays it. Nothing else: no roles, no join code, no TLS,
//! no limits, no rehearsal on a copy, no Yjs rules at ingress, no compaction. With
//! `--no-commit` it persists nothing: the bare relay.
//!
//! Written here rather than taken from yrs-warp's example server because that one keeps
//! nothing on disk, and the floor must commit exactly as the host does to be a fair anchor.
//!
//!   cargo run --release -p throughline-session --example floor_relay -- PORT LOG.sqlite [--no-commit]
//!
//! Prints `listening on port PORT` once ready. Not a product: it trusts every peer.

use std::collections::HashMap;

use futures_util::{SinkExt, StreamExt};
use rusqlite::Connection;
use throughline_sync::{decode_frame, Limits, Message};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as Frame;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

type Conn = u64;

enum Event {
    Joined(Conn, mpsc::UnboundedSender<Vec<u8>>),
    Frame(Conn, Vec<u8>),
    Left(Conn),
}

fn main() {
    if let Err(e) = run() {
        eprintln!("floor_relay: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(port), Some(path)) = (args.first(), args.get(1)) else {
        return Err("usage: floor_relay PORT LOG.sqlite [--no-commit]".into());
    };
    let port: u16 = port.parse()?;
    let commit = !args.iter().any(|a| a == "--no-commit");
    let log = Connection::open(path)?;
    log.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
    log.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    )?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on port {}", listener.local_addr()?.port());
        let (events, inbox) = mpsc::unbounded_channel();
        let (batches, produced) = std::sync::mpsc::channel();
        // A commit blocks on the disk: the room and the sockets go on meanwhile, so the next
        // batch gathers while this one is made durable.
        let peers = Peers::default();
        let relayed = peers.clone();
        std::thread::spawn(move || room(inbox, peers, batches));
        std::thread::spawn(move || committer(produced, relayed, log, commit));
        let mut next: Conn = 0;
        loop {
            let (stream, _) = listener.accept().await?;
            next += 1;
            tokio::spawn(connection(next, stream, events.clone()));
        }
    })
}

async fn connection(id: Conn, stream: TcpStream, events: mpsc::UnboundedSender<Event>) {
    let _ = stream.set_nodelay(true);
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (mut write, mut read) = ws.split();
    let (outbox, mut out) = mpsc::unbounded_channel::<Vec<u8>>();
    if events.send(Event::Joined(id, outbox)).is_err() {
        return;
    }
    // Frames waiting for this peer go out in one flush, as the host writes them: one write per
    // wakeup rather than one per frame, so the floor differs from the host only by what the
    // host adds (roles, rules, rehearsal, TLS).
    let writer = tokio::spawn(async move {
        while let Some(bytes) = out.recv().await {
            if write.feed(Frame::binary(bytes)).await.is_err() {
                break;
            }
            while let Ok(more) = out.try_recv() {
                if write.feed(Frame::binary(more)).await.is_err() {
                    return;
                }
            }
            if write.flush().await.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(frame)) = read.next().await {
        if let Frame::Binary(bytes) = frame {
            if events.send(Event::Frame(id, bytes.to_vec())).is_err() {
                break;
            }
        }
    }
    let _ = events.send(Event::Left(id));
    writer.abort();
}

type Peers = std::sync::Arc<std::sync::Mutex<HashMap<Conn, mpsc::UnboundedSender<Vec<u8>>>>>;

/// What the room produced from a run of frames: updates to commit, then frames to relay.
#[derive(Default)]
struct Batch {
    updates: Vec<Vec<u8>>,
    relay: Vec<(Conn, Vec<u8>)>,
}

fn room(
    mut inbox: mpsc::UnboundedReceiver<Event>,
    peers: Peers,
    batches: std::sync::mpsc::Sender<Batch>,
) {
    let doc = Doc::new();
    let limits = Limits::default();
    while let Some(first) = inbox.blocking_recv() {
        let mut events = vec![first];
        while let Ok(more) = inbox.try_recv() {
            events.push(more);
        }
        let mut batch = Batch::default();
        for event in events {
            match event {
                Event::Joined(id, outbox) => {
                    // Sent through the committer like everything else, so that a newcomer never
                    // sees state that is not yet on disk.
                    let sv = doc.transact().state_vector().encode_v1();
                    batch.relay.push((id, Message::SyncStep1(&sv).encode()));
                    if let Ok(mut p) = peers.lock() {
                        p.insert(id, outbox);
                    }
                }
                Event::Left(id) => {
                    if let Ok(mut p) = peers.lock() {
                        p.remove(&id);
                    }
                }
                Event::Frame(id, bytes) => {
                    let Ok(messages) = decode_frame(&bytes, &limits) else {
                        continue;
                    };
                    for message in messages {
                        match message {
                            Message::SyncStep1(sv) => {
                                let Ok(sv) = StateVector::decode_v1(sv) else {
                                    continue;
                                };
                                let diff = doc.transact().encode_state_as_update_v1(&sv);
                                // To the asker only: marked by sending it "from" no one else.
                                batch.relay.push((id, Message::SyncStep2(&diff).encode()));
                            }
                            Message::SyncStep2(update) | Message::Update(update) => {
                                let Ok(decoded) = Update::decode_v1(update) else {
                                    continue;
                                };
                                if doc.transact_mut().apply_update(decoded).is_err() {
                                    continue;
                                }
                                batch.relay.push((id, Message::Update(update).encode()));
                                batch.updates.push(update.to_vec());
                            }
                            Message::Awareness(_) => batch.relay.push((id, bytes.clone())),
                            Message::QueryAwareness | Message::Auth(_) => {}
                        }
                    }
                }
            }
        }
        if batches.send(batch).is_err() {
            return;
        }
    }
}

fn committer(
    produced: std::sync::mpsc::Receiver<Batch>,
    peers: Peers,
    mut log: Connection,
    commit: bool,
) {
    while let Ok(first) = produced.recv() {
        let mut taken = vec![first];
        while let Ok(more) = produced.try_recv() {
            taken.push(more);
        }
        let updates = taken.iter().flat_map(|b| &b.updates);
        if commit && taken.iter().any(|b| !b.updates.is_empty()) {
            if let Err(e) = append(&mut log, updates) {
                // A floor that failed to commit would relay what it never kept: stop instead.
                eprintln!("floor_relay: commit failed: {e}");
                std::process::exit(1);
            }
        }
        let Ok(peers) = peers.lock() else {
            return;
        };
        for batch in taken {
            for (from, bytes) in batch.relay {
                // A sync message goes back to its asker; an update or presence to everyone else.
                let to_asker = is_sync_answer(&bytes);
                for (id, peer) in peers.iter() {
                    if (*id == from) == to_asker {
                        let _ = peer.send(bytes.clone());
                    }
                }
            }
        }
    }
}

/// A sync step 1 or 2 (message type 0, sync type 0 or 1): an answer meant for one peer.
fn is_sync_answer(frame: &[u8]) -> bool {
    matches!(frame, [0, 0 | 1, ..])
}

fn append<'a>(
    log: &mut Connection,
    updates: impl Iterator<Item = &'a Vec<u8>>,
) -> rusqlite::Result<()> {
    let tx = log.transaction()?;
    {
        let mut insert = tx.prepare_cached("INSERT INTO updates (data) VALUES (?1)")?;
        for update in updates {
            insert.execute([update])?;
        }
    }
    tx.commit()
}
