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
//!
//! The same client speaks to one document on a Hocuspocus server ([`Client::hocuspocus`]):
//! every frame is wrapped in the document's envelope, the connection opens with the token,
//! and the sync steps start only once the server has accepted it. With a read-only scope our
//! updates are never sent (not even in answer to the server's step 1): the server would refuse
//! them, and what we hold stays ours until a token that may write carries it.

use yrs::Doc;

use crate::awareness::AwarenessTable;
use crate::error::SyncError;
use crate::hocuspocus::{decode_envelope, Body, Envelope, HocusAuth, Scope};
use crate::lib0::write_var_string;
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
    /// Hocuspocus accepted our token; with `read_only`, our changes are not sent.
    Authenticated { read_only: bool },
    /// Hocuspocus refused our token: nothing of the document was sent, and trying again with
    /// the same token will not help.
    TokenRefused { reason: String },
    /// Hocuspocus closed this document's connection.
    ServerClosed { reason: String },
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
    /// The host sent a sync step 1 (answered in `replies`, unless read-only).
    pub asked: bool,
}

/// How frames travel: as y-websocket sends them, or inside Hocuspocus's envelope.
#[derive(Clone)]
enum Framing {
    YWebsocket,
    Hocuspocus {
        document: String,
        token: String,
        /// What the server granted; `None` until it accepts the token.
        scope: Option<Scope>,
    },
}

pub struct Client {
    doc: GuardedDoc,
    limits: Limits,
    open: bool,
    synced: bool,
    awareness: AwarenessTable,
    framing: Framing,
    /// Our sync step 1s the host has not answered with a step 2 yet.
    awaited: usize,
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
            framing: Framing::YWebsocket,
            awaited: 0,
        })
    }

    /// The same client for `document` on a Hocuspocus server, presenting `token`.
    pub fn hocuspocus(mut self, document: &str, token: &str) -> Self {
        self.framing = Framing::Hocuspocus {
            document: document.to_owned(),
            token: token.to_owned(),
            scope: None,
        };
        self
    }

    /// Whether our changes may be sent: always to a y-websocket server (which refuses what a
    /// code does not allow), to Hocuspocus once it granted read-write.
    pub fn may_write(&self) -> bool {
        match &self.framing {
            Framing::YWebsocket => true,
            Framing::Hocuspocus { scope, .. } => *scope == Some(Scope::ReadWrite),
        }
    }

    /// Sync step 1s sent that the host has not answered yet.
    pub fn answers_awaited(&self) -> usize {
        self.awaited
    }

    /// Wraps a y-protocols frame (one sync, awareness or query-awareness message) for the
    /// wire. Hocuspocus's message types 0, 1 and 3 are y-protocols' own, so its envelope is
    /// the document's name in front of the same bytes.
    fn wire(&self, frame: Vec<u8>) -> Vec<u8> {
        match &self.framing {
            Framing::YWebsocket => frame,
            Framing::Hocuspocus { document, .. } => {
                let mut out = Vec::with_capacity(frame.len() + document.len() + 4);
                write_var_string(&mut out, document);
                out.extend_from_slice(&frame);
                out
            }
        }
    }

    fn authenticated(&self) -> bool {
        match &self.framing {
            Framing::YWebsocket => true,
            Framing::Hocuspocus { scope, .. } => scope.is_some(),
        }
    }

    /// The first frames of a connection once the server lets us in.
    fn first_frames(&mut self) -> Vec<Vec<u8>> {
        let mut out = vec![self.sync_step1()];
        if let Some(own) = self
            .awareness
            .live()
            .into_iter()
            .find(|e| e.client == self.doc().client_id().get())
        {
            out.push(self.wire(awareness_frame(&[own])));
        }
        out
    }

    pub fn doc(&self) -> &Doc {
        self.doc.doc()
    }

    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// The socket opened: our sync step 1, then our awareness state if we have one. To
    /// Hocuspocus: our token, and those once it is accepted.
    pub fn opened(&mut self) -> Vec<Vec<u8>> {
        self.open = true;
        self.synced = false;
        self.awaited = 0;
        if let Framing::Hocuspocus {
            document,
            token,
            scope,
        } = &mut self.framing
        {
            *scope = None;
            return vec![token_frame(document, token)];
        }
        self.first_frames()
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
    pub fn sync_step1(&mut self) -> Vec<u8> {
        self.awaited += 1;
        self.wire(Message::SyncStep1(&self.doc.state_vector()).encode())
    }

    /// Our own edit (already applied to the document and committed locally), for the host.
    /// `None` while the socket is closed, and to Hocuspocus until it granted read-write.
    pub fn local_update(&self, update: &[u8]) -> Option<Vec<u8>> {
        (self.open && self.may_write()).then(|| self.wire(Message::Update(update).encode()))
    }

    /// Sets our awareness state (JSON text; `None` when leaving). Returns the frame to send,
    /// if the socket is open. Renew it every 15 s: peers drop states older than 30 s.
    pub fn set_local_awareness(
        &mut self,
        state: Option<&str>,
    ) -> Result<Option<Vec<u8>>, SyncError> {
        let json = checked_state(state, &self.limits)?;
        let entry = self.awareness.set_local(json);
        Ok((self.open && self.authenticated()).then(|| self.wire(awareness_frame(&[entry]))))
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
        if matches!(self.framing, Framing::YWebsocket) {
            let messages = decode_frame(frame, &self.limits)?;
            return self.handle(&messages);
        }
        let envelope = decode_envelope(frame, &self.limits)?;
        let Framing::Hocuspocus {
            document,
            token,
            scope,
        } = &mut self.framing
        else {
            return Err(SyncError::malformed("not a Hocuspocus connection"));
        };
        let (document, token) = (document.as_str(), token.as_str());
        if envelope.document != document {
            return Err(SyncError::malformed(format!(
                "a message for document {:?} on the connection for {document:?}",
                envelope.document.chars().take(100).collect::<String>()
            )));
        }
        let mut received = ClientReceived::default();
        let message = match envelope.body {
            Body::Sync(m) | Body::SyncReply(m) => m.message(),
            Body::Awareness(update) => Message::Awareness(update),
            Body::QueryAwareness => Message::QueryAwareness,
            Body::Auth(HocusAuth::Authenticated(granted)) => {
                if scope.is_none() {
                    *scope = Some(granted);
                    received.events.push(ClientEvent::Authenticated {
                        read_only: granted == Scope::ReadOnly,
                    });
                    received.replies = self.first_frames();
                }
                return Ok(received);
            }
            Body::Auth(HocusAuth::PermissionDenied { reason }) => {
                *scope = None;
                received.events.push(ClientEvent::TokenRefused {
                    reason: reason.to_owned(),
                });
                return Ok(received);
            }
            Body::Auth(HocusAuth::Token(_)) => {
                received.replies.push(token_frame(document, token));
                return Ok(received);
            }
            Body::SyncStatus(applied) => {
                if !applied {
                    received.events.push(ClientEvent::PermissionDenied {
                        reason: String::from("the server refused a change (read-only)"),
                    });
                }
                return Ok(received);
            }
            Body::Close { reason } => {
                received.events.push(ClientEvent::ServerClosed {
                    reason: reason.to_owned(),
                });
                return Ok(received);
            }
            Body::Stateless(_) | Body::BroadcastStateless(_) => return Ok(received),
        };
        let mut handled = self.handle(std::slice::from_ref(&message))?;
        handled.replies = handled
            .replies
            .into_iter()
            .map(|frame| self.wire(frame))
            .collect();
        Ok(handled)
    }

    /// Acts on the messages of one frame (y-protocols framing in, y-protocols framing out).
    fn handle(&mut self, messages: &[Message<'_>]) -> Result<ClientReceived, SyncError> {
        let mut updates: Vec<&[u8]> = Vec::new();
        let mut step2 = false;
        for message in messages {
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
        for message in messages {
            if let Message::SyncStep1(sv) = message {
                received.asked = true;
                // Read-only: the server would refuse what it lacks; it stays ours.
                if self.may_write() {
                    received
                        .replies
                        .push(Message::SyncStep2(&self.doc.missing_from(sv)?).encode());
                }
            }
        }
        let integrated = self.doc.integrate(&updates)?;

        // From here on nothing fails.
        let answers = messages
            .iter()
            .filter(|m| matches!(m, Message::SyncStep2(_)))
            .count();
        self.awaited = self.awaited.saturating_sub(answers);
        if step2 && !self.synced {
            self.synced = true;
            received.events.push(ClientEvent::Synced);
        }
        for message in messages {
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
            self.awaited += 1;
            received
                .replies
                .push(Message::SyncStep1(&self.doc.state_vector()).encode());
        }
        received.changed = integrated.changed;
        Ok(received)
    }
}

/// Our token for `document`, the first frame of a Hocuspocus connection.
fn token_frame(document: &str, token: &str) -> Vec<u8> {
    let envelope = Envelope {
        document,
        body: Body::Auth(HocusAuth::Token(Some(token))),
    };
    envelope.encode()
}
