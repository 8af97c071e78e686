//! Group commit for updates that arrive already encoded (from network peers): one thread owns
//! the file and commits whatever is queued in a single transaction, then acknowledges each
//! waiter. There is no timer: a lone update commits at once, and under load the batch is
//! simply everything that queued up during the previous fsync.

use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread::JoinHandle;

use crate::{NewUpdate, PlanFile, Seq, StoreError};

/// Bounds one transaction, so a flood cannot build an unbounded batch in memory.
const MAX_BATCH: usize = 4096;

struct Job {
    data: Vec<u8>,
    author: String,
    at_ms: i64,
    ack: SyncSender<Result<Seq, StoreError>>,
}

/// A pending acknowledgement: resolves once the update is durably committed (or refused).
#[derive(Debug)]
pub struct AckHandle(Receiver<Result<Seq, StoreError>>);

impl AckHandle {
    /// Blocks until the update's transaction has committed.
    pub fn wait(self) -> Result<Seq, StoreError> {
        self.0.recv().unwrap_or(Err(StoreError::CommitterStopped))
    }
}

/// Owns a [`PlanFile`] on its own thread. `submit` may be called from many threads at once.
#[derive(Debug)]
pub struct GroupCommitter {
    queue: Option<Sender<Job>>,
    thread: Option<JoinHandle<PlanFile>>,
}

impl GroupCommitter {
    pub fn start(file: PlanFile) -> Result<GroupCommitter, StoreError> {
        let (queue, jobs) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(String::from("throughline-group-commit"))
            .spawn(move || run(file, &jobs))
            .map_err(|e| {
                StoreError::BatchFailed(format!("cannot start the committer thread: {e}"))
            })?;
        Ok(GroupCommitter {
            queue: Some(queue),
            thread: Some(thread),
        })
    }

    /// Queues one yrs v1 update; wait on the handle for its durable acknowledgement.
    pub fn submit(&self, data: Vec<u8>, author: String, at_ms: i64) -> AckHandle {
        let (ack, done) = mpsc::sync_channel(1);
        let job = Job {
            data,
            author,
            at_ms,
            ack,
        };
        if let Some(queue) = &self.queue {
            // If the thread is gone the job (and its sender) is dropped, and `wait` reports it.
            let _ = queue.send(job);
        }
        AckHandle(done)
    }

    /// Commits everything already queued, stops the thread and hands the file back.
    pub fn stop(mut self) -> Result<PlanFile, StoreError> {
        self.join().ok_or(StoreError::CommitterStopped)
    }

    /// Commits everything already queued, stops, and closes the file.
    pub fn shutdown(self) -> Result<(), StoreError> {
        self.stop()?.close()
    }

    fn join(&mut self) -> Option<PlanFile> {
        // Closing the queue lets the thread drain what is left and return.
        drop(self.queue.take());
        self.thread.take().and_then(|t| t.join().ok())
    }
}

impl Drop for GroupCommitter {
    fn drop(&mut self) {
        let _ = self.join();
    }
}

fn run(mut file: PlanFile, jobs: &Receiver<Job>) -> PlanFile {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let items: Vec<NewUpdate<'_>> = batch
            .iter()
            .map(|j| NewUpdate {
                data: &j.data,
                author: &j.author,
                at_ms: j.at_ms,
            })
            .collect();
        match file.append_each(&items) {
            Ok(results) => {
                for (job, result) in batch.iter().zip(results) {
                    let _ = job.ack.send(result);
                }
            }
            Err(e) => {
                let message = e.to_string();
                for job in &batch {
                    let _ = job.ack.send(Err(StoreError::BatchFailed(message.clone())));
                }
            }
        }
    }
    file
}
