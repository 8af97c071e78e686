//! One room of a hosted plan: a task that owns the [`Room`] and hands every frame to it in
//! arrival order, and a relay thread that saves what the room produced to the plan file and
//! then sends it, in the same order.
//!
//! Why a queue rather than "commit, then send" inside the task: the task goes on with the
//! next frames while earlier updates wait for their fsync, and the relay thread commits
//! everything that queued up meanwhile in one transaction, so thirty peers typing at once
//! share commits. Committing on the relay thread itself (rather than handing each update to a
//! committer thread and waiting for its answer) keeps one thread wake-up out of every edit's
//! way to the other peers. Why everything waits its turn, even messages with no update of
//! their own: an answer to a sync step 1 (or a new peer's first sync) is encoded from the live
//! document, which may already hold an update still on its way to disk; sent first, it would
//! let a peer see what a crash could lose.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use throughline_sync::{
    decode_frame, ConnId, Layer, Limits, Message, Outgoing, Role, Room, RoomName, SyncError,
};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::Bytes;

use crate::presence::{Presence, PresenceClock, RENEW_EVERY};
use crate::sink::{PeerUpdate, PlanSink};

/// Frames queued to one connection's socket. A peer that falls this far behind is closed (it
/// reconnects and catches up with one sync step) rather than queued without bound.
pub(crate) const OUTBOX_FRAMES: usize = 4096;
/// Batches waiting for their commit.
const RELAY_QUEUE: usize = 4096;
/// Most batches the relay thread takes for one commit: enough for every peer of a retreat
/// to have typed several times while the last fsync ran.
const RELAY_BATCH: usize = 256;
/// How often the room looks for quiet awareness states and renews the host's own.
pub(crate) const TICK_EVERY: Duration = Duration::from_secs(5);
/// A document locked by the app for longer than the room's patience is tried this often.
const BUSY_RETRIES: u32 = 3;

/// The way to one connection's socket.
#[derive(Debug, Clone)]
pub(crate) struct Outbox {
    pub frames: mpsc::Sender<Bytes>,
    pub close: Arc<watch::Sender<bool>>,
}

impl Outbox {
    fn close(&self) {
        self.close.send_replace(true);
    }
}

/// What a connection tells its room.
pub(crate) enum RoomEvent {
    Connect {
        conn: ConnId,
        role: Role,
        author: String,
        outbox: Outbox,
    },
    Frame {
        conn: ConnId,
        bytes: Bytes,
    },
    Disconnect {
        conn: ConnId,
    },
}

/// What the host's own person and clock tell a room.
pub(crate) enum Control {
    /// The host's own edit, already committed by the app.
    LocalUpdate(Vec<u8>),
    /// The host person's awareness state (`None`: they left).
    SetPresence(Option<String>),
    Tick,
    /// Close every connection, wait for every commit, end.
    Stop(oneshot::Sender<()>),
}

enum Relay {
    Register(ConnId, Outbox),
    Unregister(ConnId),
    Send {
        /// Saved before `outgoing` (or anything after it) is sent.
        update: Option<PeerUpdate>,
        outgoing: Vec<Outgoing>,
    },
    Close(ConnId),
    CloseAll,
    Barrier(oneshot::Sender<()>),
}

/// Why hosting had to stop on its own.
pub(crate) type Failure = watch::Sender<Option<String>>;

pub(crate) struct RoomTask {
    room: Room,
    layer: Layer,
    limits: Limits,
    sink: Arc<dyn PlanSink>,
    relay: mpsc::Sender<Relay>,
    authors: HashMap<ConnId, String>,
    /// Connections told to close: their further frames are ignored.
    closing: HashSet<ConnId>,
    clock: PresenceClock,
    own_presence: Option<String>,
    renewed_at: Instant,
    presence: watch::Sender<Vec<Presence>>,
    failure: Arc<Failure>,
}

/// Starts a room: its relay thread now, its task when the caller spawns the returned future.
pub(crate) fn start(
    name: RoomName,
    doc: yrs::Doc,
    limits: Limits,
    sink: Arc<dyn PlanSink>,
    presence: watch::Sender<Vec<Presence>>,
    failure: Arc<Failure>,
) -> Result<(RoomTask, JoinHandle<()>), crate::SessionError> {
    let layer = name.layer();
    let room = Room::with_limits(name, doc, limits.clone())?;
    let (relay, queue) = mpsc::channel(RELAY_QUEUE);
    let thread_failure = Arc::clone(&failure);
    let thread_sink = Arc::clone(&sink);
    let thread = std::thread::Builder::new()
        .name(format!("throughline-relay-{layer:?}").to_lowercase())
        .spawn(move || relay_thread(queue, thread_sink.as_ref(), layer, &thread_failure))
        .map_err(|e| crate::SessionError::NotCommitted(format!("cannot start a thread: {e}")))?;
    Ok((
        RoomTask {
            room,
            layer,
            limits,
            sink,
            relay,
            authors: HashMap::new(),
            closing: HashSet::new(),
            clock: PresenceClock::default(),
            own_presence: None,
            renewed_at: Instant::now(),
            presence,
            failure,
        },
        thread,
    ))
}

impl RoomTask {
    pub(crate) async fn run(
        mut self,
        mut events: mpsc::Receiver<RoomEvent>,
        mut control: mpsc::UnboundedReceiver<Control>,
    ) {
        loop {
            tokio::select! {
                biased;
                c = control.recv() => match c {
                    Some(Control::Stop(done)) => {
                        self.stop().await;
                        let _ = done.send(());
                        return;
                    }
                    Some(c) => self.on_control(c).await,
                    None => {
                        self.stop().await;
                        return;
                    }
                },
                e = events.recv() => match e {
                    Some(e) => self.on_event(e).await,
                    None => {
                        self.stop().await;
                        return;
                    }
                },
            }
        }
    }

    async fn stop(&mut self) {
        self.relay_send(Relay::CloseAll).await;
        self.barrier().await;
    }

    async fn relay_send(&self, relay: Relay) {
        // The thread only stops when this task drops its sender.
        let _ = self.relay.send(relay).await;
    }

    async fn barrier(&self) {
        let (done, wait) = oneshot::channel();
        self.relay_send(Relay::Barrier(done)).await;
        let _ = wait.await;
    }

    async fn on_event(&mut self, event: RoomEvent) {
        match event {
            RoomEvent::Connect {
                conn,
                role,
                author,
                outbox,
            } => match self.room.connect(conn, role) {
                Ok(outgoing) => {
                    self.authors.insert(conn, author);
                    self.relay_send(Relay::Register(conn, outbox)).await;
                    self.relay_send(Relay::Send {
                        update: None,
                        outgoing,
                    })
                    .await;
                }
                Err(_) => outbox.close(),
            },
            RoomEvent::Frame { conn, bytes } => {
                if !self.closing.contains(&conn) {
                    self.on_frame(conn, &bytes).await;
                }
            }
            RoomEvent::Disconnect { conn } => {
                let outgoing = self.room.disconnect(conn);
                self.authors.remove(&conn);
                self.closing.remove(&conn);
                self.clock.closed(conn);
                self.relay_send(Relay::Unregister(conn)).await;
                if !outgoing.is_empty() {
                    self.relay_send(Relay::Send {
                        update: None,
                        outgoing,
                    })
                    .await;
                }
                self.publish_presence();
            }
        }
    }

    async fn on_frame(&mut self, conn: ConnId, bytes: &[u8]) {
        let mut attempt = 0;
        let received = loop {
            match self.room.receive(conn, bytes) {
                Err(SyncError::DocumentBusy) if attempt < BUSY_RETRIES => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                other => break other,
            }
        };
        match received {
            Ok(received) => {
                let messages = decode_frame(bytes, &self.limits).unwrap_or_default();
                let awareness = messages.iter().any(|m| matches!(m, Message::Awareness(_)));
                if awareness {
                    self.clock.saw(conn, &messages, Instant::now());
                }
                let update = received.changed.map(|update| PeerUpdate {
                    update,
                    author: self
                        .authors
                        .get(&conn)
                        .map_or_else(|| String::from("a peer"), String::clone),
                });
                self.relay_send(Relay::Send {
                    update,
                    outgoing: received.outgoing,
                })
                .await;
                if awareness {
                    self.publish_presence();
                }
            }
            Err(SyncError::DocumentDamaged) => self.rebuild().await,
            // Anything else was refused whole and changed nothing: only this peer goes.
            Err(_) => {
                self.closing.insert(conn);
                self.relay_send(Relay::Close(conn)).await;
            }
        }
    }

    /// yrs failed half-way through an update on the live document: rebuild the room from the
    /// plan file, which never received that update. Every peer reconnects and syncs afresh.
    async fn rebuild(&mut self) {
        self.relay_send(Relay::CloseAll).await;
        self.barrier().await;
        let connected: Vec<ConnId> = self.room.connections().map(|(c, _)| c).collect();
        self.closing.extend(connected);
        let doc = match self.sink.reload(self.layer) {
            Ok(doc) => doc,
            Err(e) => {
                self.fail(format!("the plan could not be reloaded from its file: {e}"));
                return;
            }
        };
        match Room::with_limits(self.room.name().clone(), doc, self.limits.clone()) {
            Ok(room) => {
                self.room = room;
                self.clock = PresenceClock::default();
                if let Some(state) = self.own_presence.clone() {
                    let _ = self.room.set_local_awareness(Some(&state));
                }
                self.publish_presence();
            }
            Err(e) => self.fail(format!("the plan could not be reloaded: {e}")),
        }
    }

    fn fail(&self, reason: String) {
        self.failure.send_replace(Some(reason));
    }

    async fn on_control(&mut self, control: Control) {
        match control {
            Control::LocalUpdate(update) => {
                let outgoing = vec![self.room.local_update(&update)];
                self.relay_send(Relay::Send {
                    update: None,
                    outgoing,
                })
                .await;
            }
            Control::SetPresence(state) => {
                self.own_presence = state.clone();
                self.announce_own(state.as_deref()).await;
            }
            Control::Tick => {
                let now = Instant::now();
                for (conn, removal) in self.clock.expired(now) {
                    if let Ok(received) = self.room.receive(conn, &removal) {
                        self.relay_send(Relay::Send {
                            update: None,
                            outgoing: received.outgoing,
                        })
                        .await;
                    }
                }
                if self.own_presence.is_some()
                    && now.saturating_duration_since(self.renewed_at) >= RENEW_EVERY
                {
                    let state = self.own_presence.clone();
                    self.announce_own(state.as_deref()).await;
                }
                self.publish_presence();
            }
            Control::Stop(_) => {}
        }
    }

    async fn announce_own(&mut self, state: Option<&str>) {
        self.renewed_at = Instant::now();
        if let Ok(outgoing) = self.room.set_local_awareness(state) {
            self.relay_send(Relay::Send {
                update: None,
                outgoing: vec![outgoing],
            })
            .await;
        }
        self.publish_presence();
    }

    fn publish_presence(&self) {
        let now = Presence::all(&self.room.awareness_states());
        self.presence.send_if_modified(|old| {
            if *old == now {
                false
            } else {
                *old = now;
                true
            }
        });
    }
}

fn relay_thread(
    mut queue: mpsc::Receiver<Relay>,
    sink: &dyn PlanSink,
    layer: Layer,
    failure: &Failure,
) {
    let mut outboxes: HashMap<ConnId, Outbox> = HashMap::new();
    let mut failed = false;
    let mut batch = Vec::with_capacity(RELAY_BATCH);
    while let Some(first) = queue.blocking_recv() {
        batch.push(first);
        while batch.len() < RELAY_BATCH {
            match queue.try_recv() {
                Ok(relay) => batch.push(relay),
                Err(_) => break,
            }
        }
        // One commit for every update of the batch, before any of it is sent: committing
        // earlier than its turn is always safe, sending earlier never is.
        let updates: Vec<PeerUpdate> = batch
            .iter_mut()
            .filter_map(|relay| match relay {
                Relay::Send { update, .. } => update.take(),
                _ => None,
            })
            .collect();
        if !failed && !updates.is_empty() {
            if let Err(e) = sink.save(layer, &updates) {
                // Nothing more may be relayed: what follows could depend on these updates,
                // which are not in the file. Peers keep their copies.
                failure.send_replace(Some(format!(
                    "the plan file could not be written, so hosting stopped: {e}"
                )));
                failed = true;
            }
        }
        for relay in batch.drain(..) {
            handle(relay, &mut outboxes, failed);
        }
    }
}

fn handle(relay: Relay, outboxes: &mut HashMap<ConnId, Outbox>, failed: bool) {
    match relay {
        Relay::Register(conn, outbox) => {
            if failed {
                outbox.close();
            } else {
                outboxes.insert(conn, outbox);
            }
        }
        Relay::Unregister(conn) => {
            outboxes.remove(&conn);
        }
        Relay::Close(conn) => {
            if let Some(outbox) = outboxes.remove(&conn) {
                outbox.close();
            }
        }
        Relay::CloseAll => {
            for (_, outbox) in outboxes.drain() {
                outbox.close();
            }
        }
        Relay::Barrier(done) => {
            let _ = done.send(());
        }
        Relay::Send { outgoing, .. } => {
            if failed {
                for (_, outbox) in outboxes.drain() {
                    outbox.close();
                }
            } else {
                deliver(outboxes, outgoing);
            }
        }
    }
}

fn deliver(outboxes: &mut HashMap<ConnId, Outbox>, outgoing: Vec<Outgoing>) {
    let mut lagging = Vec::new();
    for message in outgoing {
        let bytes = Bytes::from(message.bytes);
        for (&conn, outbox) in outboxes.iter() {
            if !message.to.includes(conn) {
                continue;
            }
            if let Err(mpsc::error::TrySendError::Full(_)) = outbox.frames.try_send(bytes.clone()) {
                lagging.push(conn);
            }
        }
    }
    for conn in lagging {
        if let Some(outbox) = outboxes.remove(&conn) {
            outbox.close();
        }
    }
}
