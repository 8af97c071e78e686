//! The durability floor of the retreat load bench (`benches/retreat/load.mjs`): the least a
//! y-websocket server can do and still commit every update before relaying it.
//!
//! One room, one yrs document, one SQLite log in WAL mode with `synchronous = FULL` (the plan
//! file's own settings, so a commit costs what the host's does). Frames that arrive while a
//! commit is under way are taken together: one transaction per batch, then the batch is relayed.
//! Nothing else: no roles, no join code, no TLS, no limits, no rehearsal on a copy, no Yjs rules
//! at ingress, no compaction. With `--no-commit` it persists nothing: the bare relay.
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
        // The room owns the document and the log on a thread of its own: a commit blocks on
        // the disk, and the sockets must keep reading meanwhile so the next batch gathers.
        std::thread::spawn(move || room(inbox, log, commit));
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
    let writer = tokio::spawn(async move {
        while let Some(bytes) = out.recv().await {
            if write.send(Frame::binary(bytes)).await.is_err() {
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

fn room(mut inbox: mpsc::UnboundedReceiver<Event>, mut log: Connection, commit: bool) {
    let doc = Doc::new();
    let limits = Limits::default();
    let mut peers: HashMap<Conn, mpsc::UnboundedSender<Vec<u8>>> = HashMap::new();
    while let Some(first) = inbox.blocking_recv() {
        let mut batch = vec![first];
        while let Ok(more) = inbox.try_recv() {
            batch.push(more);
        }
        let mut updates: Vec<Vec<u8>> = Vec::new();
        let mut relay: Vec<(Conn, Vec<u8>)> = Vec::new();
        for event in batch {
            match event {
                Event::Joined(id, outbox) => {
                    let sv = doc.transact().state_vector().encode_v1();
                    let _ = outbox.send(Message::SyncStep1(&sv).encode());
                    peers.insert(id, outbox);
                }
                Event::Left(id) => {
                    peers.remove(&id);
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
                                if let Some(peer) = peers.get(&id) {
                                    let _ = peer.send(Message::SyncStep2(&diff).encode());
                                }
                            }
                            Message::SyncStep2(update) | Message::Update(update) => {
                                let Ok(decoded) = Update::decode_v1(update) else {
                                    continue;
                                };
                                if doc.transact_mut().apply_update(decoded).is_err() {
                                    continue;
                                }
                                relay.push((id, Message::Update(update).encode()));
                                updates.push(update.to_vec());
                            }
                            Message::Awareness(_) => relay.push((id, bytes.clone())),
                            Message::QueryAwareness | Message::Auth(_) => {}
                        }
                    }
                }
            }
        }
        if commit && !updates.is_empty() {
            if let Err(e) = append(&mut log, &updates) {
                // A floor that failed to commit would relay what it never kept: stop instead.
                eprintln!("floor_relay: commit failed: {e}");
                std::process::exit(1);
            }
        }
        for (from, bytes) in relay {
            for (id, peer) in &peers {
                if *id != from {
                    let _ = peer.send(bytes.clone());
                }
            }
        }
    }
}

fn append(log: &mut Connection, updates: &[Vec<u8>]) -> rusqlite::Result<()> {
    let tx = log.transaction()?;
    {
        let mut insert = tx.prepare_cached("INSERT INTO updates (data) VALUES (?1)")?;
        for update in updates {
            insert.execute([update])?;
        }
    }
    tx.commit()
}
