//! Our side of a connection to a host (a Throughline host or any y-websocket server), as
//! y-websocket's `WebsocketProvider` behaves, without the socket.
//!
//! The caller (the `throughline sync` command, the desktop app) drives it:
//! 1. When the socket opens: [`Client::opened`], send what it returns.
//! 2. On each frame: [`Client::receive`]. If [`ClientReceived::changed`] is set, commit it to
//!    the local plan file, then send [`ClientReceived::replies`]. On `Err`, the host sent
//!    something malformed; nothing changed; close and reconnect.
//! 3. For each local edit: [`Client::local_update`]. While the socket is closed there is
//!    nothing to send and nothing to queue: on reconnect, the sync steps carry every edit
//!    the other side lacks (edits made offline included).
//! 4. When the socket closes: [`Client::closed`].
//!
//! A host's updates are applied all or nothing, like a room's (see the rehearsal module), so a
//! hostile or broken host can neither crash us nor half-change the plan.

use yrs::Doc;

use crate::awareness::AwarenessTable;
use crate::error::SyncError;
use crate::limits::Limits;
use crate::message::{decode_frame, Auth, Message};
use crate::rehearsal::{decode_state_vector, decode_update, GuardedDoc};
use crate::room::{awareness_frame, checked_state, ConnId};

/// The one connection a client has, in the awareness table's terms.
const HOST: ConnId = ConnId(0);

/// Something the user may want to know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// The first sync step 2 arrived: we hold everything the host had when we connected.
    Synced,
    /// The host refused something we sent (y-protocols permission denied), e.g. an edit made
    /// with a viewer's code.
    PermissionDenied { reason: String },
    /// Someone's awareness state appeared, changed or went.
    AwarenessChanged,
}

/// What a frame from the host did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientReceived {
    /// The document changed by this v1 update: commit it to the local plan file before
    /// sending `replies`.
    pub changed: Option<Vec<u8>>,
    /// Frames to send to the host, one message each.
    pub replies: Vec<Vec<u8>>,
    pub events: Vec<ClientEvent>,
}

pub struct Client {
    doc: GuardedDoc,
    limits: Limits,
    open: bool,
    synced: bool,
    awareness: AwarenessTable,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("open", &self.open)
            .field("synced", &self.synced)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `doc`; updates from the host are applied with origin
    /// [`crate::SYNC_ORIGIN`].
    pub fn new(doc: Doc) -> Result<Self, SyncError> {
        Client::with_limits(doc, Limits::default())
    }

    pub fn with_limits(doc: Doc, limits: Limits) -> Result<Self, SyncError> {
        let awareness = AwarenessTable::new(
            doc.client_id().get(),
            usize::MAX,
            limits.max_awareness_entries_remembered,
        );
        Ok(Client {
            doc: GuardedDoc::new(doc)?,
            limits,
            open: false,
            synced: false,
            awareness,
        })
    }

    pub fn doc(&self) -> &Doc {
        self.doc.doc()
    }

    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// The socket opened: our sync step 1, then our awareness state if we have one.
    pub fn opened(&mut self) -> Vec<Vec<u8>> {
        self.open = true;
        self.synced = false;
        let mut out = vec![self.sync_step1()];
        if let Some(own) = self
            .awareness
            .live()
            .into_iter()
            .find(|e| e.client == self.doc().client_id().get())
        {
            out.push(awareness_frame(&[own]));
        }
        out
    }

    /// The socket closed: nobody else's presence is known any more.
    pub fn closed(&mut self) -> Vec<ClientEvent> {
        self.open = false;
        self.synced = false;
        if self.awareness.clear_remote().is_empty() {
            Vec::new()
        } else {
            vec![ClientEvent::AwarenessChanged]
        }
    }

    /// Sync step 1 again, e.g. every minute as y-websocket's `resyncInterval` does: the host
    /// answers with anything we missed.
    pub fn sync_step1(&self) -> Vec<u8> {
        Message::SyncStep1(&self.doc.state_vector()).encode()
    }

    /// Our own edit (already applied to the document and committed locally), for the host.
    /// `None` while the socket is closed.
    pub fn local_update(&self, update: &[u8]) -> Option<Vec<u8>> {
        self.open.then(|| Message::Update(update).encode())
    }

    /// Sets our awareness state (JSON text; `None` when leaving). Returns the frame to send,
    /// if the socket is open. Renew it every 15 s: peers drop states older than 30 s.
    pub fn set_local_awareness(
        &mut self,
        state: Option<&str>,
    ) -> Result<Option<Vec<u8>>, SyncError> {
        let json = checked_state(state, &self.limits)?;
        let entry = self.awareness.set_local(json);
        Ok(self.open.then(|| awareness_frame(&[entry])))
    }

    /// Every live awareness state (client id, JSON text), ours included.
    pub fn awareness_states(&self) -> Vec<(u64, String)> {
        self.awareness
            .live()
            .into_iter()
            .filter_map(|e| e.json.map(|j| (e.client, j)))
            .collect()
    }

    /// Handles one frame from the host; on `Err` nothing changed.
    pub fn receive(&mut self, frame: &[u8]) -> Result<ClientReceived, SyncError> {
        let messages = decode_frame(frame, &self.limits)?;
        let mut updates: Vec<&[u8]> = Vec::new();
        let mut step2 = false;
        for message in &messages {
            match message {
                Message::SyncStep1(sv) => {
                    decode_state_vector(sv)?;
                }
                Message::SyncStep2(update) => {
                    decode_update(update)?;
                    updates.push(update);
                    step2 = true;
                }
                Message::Update(update) => {
                    decode_update(update)?;
                    updates.push(update);
                }
                _ => {}
            }
        }
        let mut received = ClientReceived::default();
        for message in &messages {
            if let Message::SyncStep1(sv) = message {
                received
                    .replies
                    .push(Message::SyncStep2(&self.doc.missing_from(sv)?).encode());
            }
        }
        let integrated = self.doc.integrate(&updates)?;

        // From here on nothing fails.
        if step2 && !self.synced {
            self.synced = true;
            received.events.push(ClientEvent::Synced);
        }
        for message in &messages {
            match message {
                Message::Awareness(update) => {
                    let applied = self.awareness.apply(HOST, update);
                    if !applied.accepted.is_empty() {
                        received.events.push(ClientEvent::AwarenessChanged);
                    }
                    if let Some(again) = applied.reannounce {
                        received.replies.push(awareness_frame(&[again]));
                    }
                }
                Message::QueryAwareness => {
                    received
                        .replies
                        .push(awareness_frame(&self.awareness.live()));
                }
                Message::Auth(Auth::PermissionDenied { reason }) => {
                    received.events.push(ClientEvent::PermissionDenied {
                        reason: (*reason).to_owned(),
                    });
                }
                Message::Auth(Auth::Other(_))
                | Message::SyncStep1(_)
                | Message::SyncStep2(_)
                | Message::Update(_) => {}
            }
        }
        if integrated.missing_updates {
            received.replies.push(self.sync_step1());
        }
        received.changed = integrated.changed;
        Ok(received)
    }
}
