//! A room: one shared document and the connections editing or watching it, as y-websocket's
//! server runs it, with roles enforced where updates arrive.
//!
//! Sans-IO: the caller owns the sockets. It hands the room each frame a connection sent and
//! gets back what to send to whom; nothing here blocks, spawns or keeps time.
//!
//! A caller (the host) drives it like this:
//! 1. On a new connection: [`Room::connect`], send what it returns (our sync step 1 and the
//!    awareness states, as y-websocket's server does).
//! 2. On each frame: [`Room::receive`]. If [`Received::changed`] is set, commit it to the plan
//!    file first, then send [`Received::outgoing`]. On `Err`, close that connection (a
//!    well-behaved y-websocket client never sends what is refused this way) and keep serving
//!    the others; nothing changed. [`SyncError::DocumentDamaged`] is the exception: rebuild
//!    the room from the plan file.
//! 3. On close: [`Room::disconnect`], send the awareness removals it returns.
//! 4. For the host's own edits: commit, then send [`Room::local_update`].
//!
//! A peer's change is relayed to everyone but its sender (y-websocket's server also echoes it
//! to the sender, which y-websocket 2 and 3 clients ignore).

use std::collections::HashMap;
use std::fmt;

use yrs::Doc;

use crate::awareness::{encode_entries, AwarenessTable, OwnedEntry};
use crate::error::SyncError;
use crate::limits::Limits;
use crate::message::{decode_frame, Auth, Message};
use crate::rehearsal::{decode_state_vector, GuardedDoc};

/// A connection, named by the caller; unique within a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

impl fmt::Display for ConnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// What a person who joined may do, decided by the join code they used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Reads the plan and its review layer.
    Viewer,
    /// Reads the plan; writes comments and approvals (the review layer).
    Reviewer,
    /// Writes the plan and the review layer.
    Editor,
}

impl Role {
    pub fn may_write(self, layer: Layer) -> bool {
        match (self, layer) {
            (Role::Editor, _) => true,
            (Role::Reviewer, Layer::Review) => true,
            (Role::Reviewer, Layer::Plan) | (Role::Viewer, _) => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Editor => "editor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which of a plan's two documents a room holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// The plan itself.
    Plan,
    /// Comments, review requests and approvals about the plan.
    Review,
}

/// A room's name, which is the path a y-websocket client puts after the server URL:
/// `<plan-id>` for the plan, `<plan-id>/review` for its review layer. A plan id is 1 to 128
/// ASCII letters, digits, `-` or `_`, so it needs no escaping in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomName {
    plan_id: String,
    layer: Layer,
}

const REVIEW_SUFFIX: &str = "/review";
const MAX_PLAN_ID_LEN: usize = 128;

impl RoomName {
    pub fn new(plan_id: &str, layer: Layer) -> Result<Self, SyncError> {
        let valid = !plan_id.is_empty()
            && plan_id.len() <= MAX_PLAN_ID_LEN
            && plan_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(SyncError::BadRoomName(plan_id.chars().take(200).collect()));
        }
        Ok(RoomName {
            plan_id: plan_id.to_owned(),
            layer,
        })
    }

    /// Reads a room name as y-websocket sends it (the URL path without its leading `/`).
    pub fn parse(name: &str) -> Result<Self, SyncError> {
        match name.strip_suffix(REVIEW_SUFFIX) {
            Some(plan_id) => RoomName::new(plan_id, Layer::Review),
            None => RoomName::new(name, Layer::Plan),
        }
        .map_err(|_| SyncError::BadRoomName(name.chars().take(200).collect()))
    }

    pub fn plan_id(&self) -> &str {
        &self.plan_id
    }

    pub fn layer(&self) -> Layer {
        self.layer
    }
}

impl fmt::Display for RoomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.layer {
            Layer::Plan => f.write_str(&self.plan_id),
            Layer::Review => write!(f, "{}{REVIEW_SUFFIX}", self.plan_id),
        }
    }
}

/// Who a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    Only(ConnId),
    AllBut(ConnId),
    All,
}

impl Recipients {
    pub fn includes(self, conn: ConnId) -> bool {
        match self {
            Recipients::Only(c) => c == conn,
            Recipients::AllBut(c) => c != conn,
            Recipients::All => true,
        }
    }
}

/// One frame to send: the bytes of one y-protocols message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to: Recipients,
    pub bytes: Vec<u8>,
}

/// What a frame from a peer did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Received {
    /// The document changed by this v1 update (only what was new to it). Commit it to the
    /// plan file BEFORE sending any of `outgoing`, so that nothing a peer sees is lost if the
    /// host crashes.
    pub changed: Option<Vec<u8>>,
    pub outgoing: Vec<Outgoing>,
    /// The peer tried to change a document its role does not let it write; that part of the
    /// frame was dropped (the rest was handled).
    pub refused: Option<Refusal>,
}

/// A write dropped because of the writer's role.
///
/// Policy: the connection stays open. y-websocket clients reconnect whenever a socket closes,
/// and every reconnect would bring the same refused edits back in their sync step 2, so
/// closing would leave a read-only person flickering between connected and not, seeing other
/// people's edits only in bursts. Instead the first refusal on a connection answers with a
/// y-protocols permission-denied message (y-websocket logs it), the edit never reaches the
/// document, the file or anyone else, and the person keeps receiving everyone's edits.
/// A sync step 2 with nothing new in it (a read-only client's normal answer to our step 1)
/// is not a write and is not refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub role: Role,
    pub layer: Layer,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.layer {
            Layer::Plan => "the plan",
            Layer::Review => "the review layer",
        };
        write!(f, "read-only: a {} cannot change {what}", self.role)
    }
}

#[derive(Debug)]
struct Connection {
    role: Role,
    told_read_only: bool,
}

/// One shared document and its connections.
pub struct Room {
    name: RoomName,
    doc: GuardedDoc,
    limits: Limits,
    connections: HashMap<ConnId, Connection>,
    awareness: AwarenessTable,
}

impl fmt::Debug for Room {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Room")
            .field("name", &self.name)
            .field("connections", &self.connections.len())
            .finish_non_exhaustive()
    }
}

impl Room {
    /// A room for `doc`, which may be shared with the rest of the app: the room applies peers'
    /// updates to it with origin [`crate::SYNC_ORIGIN`]. Do not call the room while holding
    /// a transaction on `doc` (yrs transactions block each other).
    pub fn new(name: RoomName, doc: Doc) -> Result<Self, SyncError> {
        Room::with_limits(name, doc, Limits::default())
    }

    pub fn with_limits(name: RoomName, doc: Doc, limits: Limits) -> Result<Self, SyncError> {
        let local_client = doc.client_id().get();
        let awareness = AwarenessTable::new(
            local_client,
            limits.max_awareness_clients_per_connection,
            limits.max_awareness_entries_remembered,
        );
        Ok(Room {
            name,
            doc: GuardedDoc::new(doc)?,
            limits,
            connections: HashMap::new(),
            awareness,
        })
    }

    pub fn name(&self) -> &RoomName {
        &self.name
    }

    pub fn doc(&self) -> &Doc {
        self.doc.doc()
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn connections(&self) -> impl Iterator<Item = (ConnId, Role)> + '_ {
        self.connections.iter().map(|(&id, c)| (id, c.role))
    }

    /// A new connection: returns our sync step 1 and, if anyone is here, every awareness
    /// state, both for the new connection only.
    pub fn connect(&mut self, conn: ConnId, role: Role) -> Result<Vec<Outgoing>, SyncError> {
        if self.connections.contains_key(&conn) {
            return Err(SyncError::AlreadyConnected(conn));
        }
        self.connections.insert(
            conn,
            Connection {
                role,
                told_read_only: false,
            },
        );
        let mut out = vec![Outgoing {
            to: Recipients::Only(conn),
            bytes: Message::SyncStep1(&self.doc.state_vector()).encode(),
        }];
        let live = self.awareness.live();
        if !live.is_empty() {
            out.push(awareness_to(Recipients::Only(conn), &live));
        }
        Ok(out)
    }

    /// Handles one frame from `conn`. The whole frame is decoded and checked first; on `Err`
    /// nothing changed (see [`SyncError`]) and the caller should close the connection.
    pub fn receive(&mut self, conn: ConnId, frame: &[u8]) -> Result<Received, SyncError> {
        let role = self
            .connections
            .get(&conn)
            .map(|c| c.role)
            .ok_or(SyncError::UnknownConnection(conn))?;
        let messages = decode_frame(frame, &self.limits)?;

        // Everything that can fail happens before anything changes: decoding the state vectors,
        // answering step 1 (read-only), and integrating the updates (all or nothing: they are
        // decoded and rehearsed on a copy first, which refuses bytes that are not updates, so
        // they are not decoded here a time more).
        let mut writes: Vec<&[u8]> = Vec::new();
        for message in &messages {
            match message {
                Message::SyncStep1(sv) => {
                    decode_state_vector(sv)?;
                }
                Message::SyncStep2(update) | Message::Update(update) => {
                    writes.push(update);
                }
                _ => {}
            }
        }
        let mut received = Received::default();
        for message in &messages {
            if let Message::SyncStep1(sv) = message {
                received.outgoing.push(Outgoing {
                    to: Recipients::Only(conn),
                    bytes: Message::SyncStep2(&self.doc.missing_from(sv)?).encode(),
                });
            }
        }
        let layer = self.name.layer;
        if !role.may_write(layer) && !writes.is_empty() {
            let mut news = false;
            for update in &writes {
                news |= self.doc.is_news(update)?;
            }
            writes.clear();
            if news {
                received.refused = Some(Refusal { role, layer });
            }
        }
        let integrated = self.doc.integrate(&writes)?;

        // From here on nothing fails.
        if let Some(refusal) = received.refused {
            if let Some(c) = self.connections.get_mut(&conn) {
                if !c.told_read_only {
                    c.told_read_only = true;
                    let reason = refusal.to_string();
                    received.outgoing.push(Outgoing {
                        to: Recipients::Only(conn),
                        bytes: Message::Auth(Auth::PermissionDenied { reason: &reason }).encode(),
                    });
                }
            }
        }
        for message in &messages {
            match message {
                Message::Awareness(update) => {
                    let applied = self.awareness.apply(conn, update);
                    if !applied.accepted.is_empty() {
                        received
                            .outgoing
                            .push(awareness_to(Recipients::AllBut(conn), &applied.accepted));
                    }
                    if let Some(again) = applied.reannounce {
                        received
                            .outgoing
                            .push(awareness_to(Recipients::All, &[again]));
                    }
                }
                Message::QueryAwareness => {
                    received
                        .outgoing
                        .push(awareness_to(Recipients::Only(conn), &self.awareness.live()));
                }
                // A peer has no business sending us auth messages; y-protocols ignores them too.
                Message::Auth(_) => {}
                Message::SyncStep1(_) | Message::SyncStep2(_) | Message::Update(_) => {}
            }
        }
        if let Some(update) = &integrated.changed {
            received.outgoing.push(Outgoing {
                to: Recipients::AllBut(conn),
                bytes: Message::Update(update).encode(),
            });
        }
        if integrated.missing_updates {
            // The peer sent something whose predecessors we lack: ask it for everything.
            received.outgoing.push(Outgoing {
                to: Recipients::Only(conn),
                bytes: Message::SyncStep1(&self.doc.state_vector()).encode(),
            });
        }
        received.changed = integrated.changed;
        Ok(received)
    }

    /// A connection closed: forgets it and returns the removal of the awareness states it
    /// owned, for everyone still here. Unknown connections are ignored.
    pub fn disconnect(&mut self, conn: ConnId) -> Vec<Outgoing> {
        if self.connections.remove(&conn).is_none() {
            return Vec::new();
        }
        let removed = self.awareness.drop_connection(conn);
        if removed.is_empty() || self.connections.is_empty() {
            return Vec::new();
        }
        vec![awareness_to(Recipients::All, &removed)]
    }

    /// The host's own edit (already applied to the document and committed) for everyone.
    pub fn local_update(&self, update: &[u8]) -> Outgoing {
        Outgoing {
            to: Recipients::All,
            bytes: Message::Update(update).encode(),
        }
    }

    /// Sets the host's own awareness state (JSON text; `None` when leaving) and returns it for
    /// everyone. Call it again with the same state every 15 s: peers drop a state that has not
    /// been renewed for 30 s.
    pub fn set_local_awareness(&mut self, state: Option<&str>) -> Result<Outgoing, SyncError> {
        let json = checked_state(state, &self.limits)?;
        let entry = self.awareness.set_local(json);
        Ok(awareness_to(Recipients::All, &[entry]))
    }

    /// Every live awareness state (client id, JSON text), the host's own included.
    pub fn awareness_states(&self) -> Vec<(u64, String)> {
        self.awareness
            .live()
            .into_iter()
            .filter_map(|e| e.json.map(|j| (e.client, j)))
            .collect()
    }

    /// The awareness client ids whose states came from `conn`.
    pub fn awareness_clients_of(&self, conn: ConnId) -> Vec<u64> {
        self.awareness.clients_of(conn)
    }
}

pub(crate) fn awareness_to(to: Recipients, entries: &[OwnedEntry]) -> Outgoing {
    Outgoing {
        to,
        bytes: awareness_frame(entries),
    }
}

pub(crate) fn awareness_frame(entries: &[OwnedEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    crate::lib0::write_var_uint(&mut out, crate::message::MESSAGE_AWARENESS);
    crate::lib0::write_var_bytes(&mut out, &encode_entries(entries));
    out
}

/// Checks a local awareness state as peers would: JSON within the size limit.
pub(crate) fn checked_state(
    state: Option<&str>,
    limits: &Limits,
) -> Result<Option<String>, SyncError> {
    let Some(json) = state else {
        return Ok(None);
    };
    if json.len() > limits.max_awareness_state_bytes {
        return Err(SyncError::TooLarge {
            what: "awareness state",
            size: json.len() as u64,
            limit: limits.max_awareness_state_bytes,
        });
    }
    match serde_json::from_str::<Option<serde::de::IgnoredAny>>(json) {
        Ok(Some(_)) => Ok(Some(json.to_owned())),
        Ok(None) => Ok(None),
        Err(e) => Err(SyncError::malformed(format!(
            "awareness state is not JSON: {e}"
        ))),
    }
}
