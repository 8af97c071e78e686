//! The anchors benchmarks measure our paths beside, with nothing of ours in them: a bare SQLite
//! log (one INSERT + COMMIT per update) and a bare group-commit loop (one thread commits
//! whatever queued in one transaction), both in WAL mode with `synchronous = FULL`, as the plan
//! file is.

// Only benches call these; a failure here is a broken bench machine, and a panic names it.
#![allow(clippy::expect_used)]

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread::JoinHandle;

use rusqlite::Connection;

/// A bare log table in its own file. Panics on failure: benches only.
pub fn bare_log(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("open the anchor's file");
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .expect("WAL mode");
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    )
    .expect("the anchor's table");
    conn
}

/// One update committed on its own (autocommit: one transaction, one fsync).
pub fn bare_commit(conn: &Connection, data: &[u8]) {
    conn.prepare_cached("INSERT INTO updates (data) VALUES (?1)")
        .and_then(|mut insert| insert.execute([data]))
        .expect("the anchor's commit");
}

type Job = (Vec<u8>, SyncSender<i64>);

/// The simplest correct group commit: writers queue their bytes and wait; one thread takes
/// everything queued, commits it in one transaction and answers each writer.
pub struct BareGroupCommit {
    queue: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl BareGroupCommit {
    pub fn start(conn: Connection) -> BareGroupCommit {
        let (queue, jobs) = mpsc::channel();
        let thread = std::thread::spawn(move || commit_loop(conn, &jobs));
        BareGroupCommit {
            queue: Some(queue),
            thread: Some(thread),
        }
    }

    /// Queues `data` and waits until it is committed; returns its row id.
    pub fn submit_wait(&self, data: Vec<u8>) -> i64 {
        let (ack, done) = mpsc::sync_channel(1);
        if let Some(queue) = &self.queue {
            queue
                .send((data, ack))
                .expect("the anchor's loop is running");
        }
        done.recv().expect("the anchor's loop answers")
    }
}

impl Drop for BareGroupCommit {
    fn drop(&mut self) {
        drop(self.queue.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn commit_loop(mut conn: Connection, jobs: &Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.push(job);
        }
        let tx = conn.transaction().expect("the anchor's transaction");
        let mut seqs = Vec::with_capacity(batch.len());
        {
            let mut insert = tx
                .prepare_cached("INSERT INTO updates (data) VALUES (?1)")
                .expect("the anchor's insert");
            for (data, _) in &batch {
                insert.execute([data]).expect("the anchor's insert");
                seqs.push(tx.last_insert_rowid());
            }
        }
        tx.commit().expect("the anchor's commit");
        for ((_, ack), seq) in batch.into_iter().zip(seqs) {
            let _ = ack.send(seq);
        }
    }
}
