//! Who is here: the awareness states a room (or a client) knows, with the rules of
//! `y-protocols/awareness` and, in a room, which connection each state came from.
//!
//! Kept here rather than in `yrs::sync::Awareness`, which differs from the JavaScript
//! implementation in ways peers notice: its clocks are `u32` (lib0 allows 2^53), and removing
//! a state bumps its clock, so a removal the host sends when a socket closes would outrank the
//! next state the (reconnected) client announces with the clock it already had. It also keeps
//! no record of which connection a state came from, which is what lets a host drop exactly a
//! closed connection's states.
//!
//! The rules, as in `applyAwarenessUpdate`: an entry replaces a known state when its clock is
//! newer, or when it has the same clock and removes a state (`null`). An unknown client counts
//! as clock 0. A peer can never remove or replace the local state (the host's or our own).
//!
//! Ownership, in a room: the connection whose entry was last accepted for a client owns it.
//! y-websocket clients echo back every awareness change they receive, so entries about other
//! connections' clients are normal and are skipped unless newer (a client that reconnected
//! before its old socket was closed); an echoed removal of another connection's client (a
//! peer's 30 s timeout) is skipped too: the host removes a client when its connection closes.

use std::collections::HashMap;

use crate::message::{AwarenessEntry, AwarenessUpdate};
use crate::room::ConnId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Nobody,
    Local,
    Conn(ConnId),
}

#[derive(Debug)]
struct State {
    clock: u64,
    json: Option<String>,
    owner: Owner,
}

/// What applying a peer's awareness message did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// The entries accepted, to relay to the other peers.
    pub accepted: Vec<OwnedEntry>,
    /// A peer tried to remove or outrank the local state: announce it again with this entry.
    pub reannounce: Option<OwnedEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnedEntry {
    pub client: u64,
    pub clock: u64,
    pub json: Option<String>,
}

impl OwnedEntry {
    fn borrowed(&self) -> AwarenessEntry<'_> {
        AwarenessEntry {
            client: self.client,
            clock: self.clock,
            state: self.json.as_deref(),
        }
    }
}

/// Encodes owned entries as one awareness payload.
pub(crate) fn encode_entries(entries: &[OwnedEntry]) -> Vec<u8> {
    AwarenessUpdate {
        entries: entries.iter().map(OwnedEntry::borrowed).collect(),
    }
    .encode()
}

#[derive(Debug)]
pub(crate) struct AwarenessTable {
    local_client: u64,
    states: HashMap<u64, State>,
    owned: HashMap<ConnId, Vec<u64>>,
    max_per_connection: usize,
    max_remembered: usize,
}

impl AwarenessTable {
    pub fn new(local_client: u64, max_per_connection: usize, max_remembered: usize) -> Self {
        AwarenessTable {
            local_client,
            states: HashMap::new(),
            owned: HashMap::new(),
            max_per_connection,
            max_remembered,
        }
    }

    /// Applies the entries `from` sent, returning those accepted.
    pub fn apply(&mut self, from: ConnId, update: &AwarenessUpdate<'_>) -> Applied {
        let mut applied = Applied::default();
        for entry in &update.entries {
            if entry.client == self.local_client {
                if let Some(again) = self.defend_local(entry) {
                    applied.reannounce = Some(again);
                }
                continue;
            }
            if let Some(accepted) = self.apply_one(from, entry) {
                applied.accepted.push(accepted);
            }
        }
        self.forget_departed();
        applied
    }

    fn apply_one(&mut self, from: ConnId, entry: &AwarenessEntry<'_>) -> Option<OwnedEntry> {
        let (clock, has_state, owner) = match self.states.get(&entry.client) {
            Some(s) => (s.clock, s.json.is_some(), s.owner),
            None => (0, false, Owner::Nobody),
        };
        let newer = entry.clock > clock;
        let own_removal = entry.clock == clock
            && entry.state.is_none()
            && has_state
            && owner == Owner::Conn(from);
        if !(newer || own_removal) {
            return None;
        }
        let claims = entry.state.is_some() && owner != Owner::Conn(from);
        if claims && self.owned_by(from) >= self.max_per_connection {
            return None;
        }
        if let Owner::Conn(previous) = owner {
            self.disown(previous, entry.client);
        }
        let new_owner = if entry.state.is_some() {
            self.owned.entry(from).or_default().push(entry.client);
            Owner::Conn(from)
        } else {
            Owner::Nobody
        };
        let json = entry.state.map(str::to_owned);
        self.states.insert(
            entry.client,
            State {
                clock: entry.clock,
                json: json.clone(),
                owner: new_owner,
            },
        );
        Some(OwnedEntry {
            client: entry.client,
            clock: entry.clock,
            json,
        })
    }

    /// A peer sent an entry for the local client. If it would replace or remove the local
    /// state by the rules above, the local clock jumps past it so that the state announced
    /// again wins everywhere. An echo of the local state (same clock, a state) is the normal
    /// case with servers that relay awareness to its sender too, and is left alone: answering
    /// it would start an endless exchange.
    fn defend_local(&mut self, entry: &AwarenessEntry<'_>) -> Option<OwnedEntry> {
        let local = self.states.get_mut(&self.local_client)?;
        let removes = entry.clock == local.clock && entry.state.is_none();
        if local.json.is_none() || !(entry.clock > local.clock || removes) {
            return None;
        }
        local.clock = entry.clock + 1;
        Some(OwnedEntry {
            client: self.local_client,
            clock: local.clock,
            json: local.json.clone(),
        })
    }

    /// Sets (or with `None` removes) the local client's state, returning the entry to send.
    pub fn set_local(&mut self, json: Option<String>) -> OwnedEntry {
        let state = self.states.entry(self.local_client).or_insert(State {
            clock: 0,
            json: None,
            owner: Owner::Local,
        });
        // A fresh client starts at 1: JavaScript peers ignore an unknown client at clock 0.
        state.clock += 1;
        state.json = json;
        OwnedEntry {
            client: self.local_client,
            clock: state.clock,
            json: state.json.clone(),
        }
    }

    /// Removes the states `conn` owns (its socket closed), returning the removals to send.
    /// The clocks stay as they were, as y-websocket's server does, so that the client, if it
    /// is still there on another connection, re-announces itself with a newer clock.
    pub fn drop_connection(&mut self, conn: ConnId) -> Vec<OwnedEntry> {
        let mut removed = Vec::new();
        for client in self.owned.remove(&conn).unwrap_or_default() {
            if let Some(state) = self.states.get_mut(&client) {
                if state.owner == Owner::Conn(conn) && state.json.is_some() {
                    state.json = None;
                    state.owner = Owner::Nobody;
                    removed.push(OwnedEntry {
                        client,
                        clock: state.clock,
                        json: None,
                    });
                }
            }
        }
        removed
    }

    /// Every live state, the local one included.
    pub fn live(&self) -> Vec<OwnedEntry> {
        let mut live: Vec<OwnedEntry> = self
            .states
            .iter()
            .filter(|(_, s)| s.json.is_some())
            .map(|(&client, s)| OwnedEntry {
                client,
                clock: s.clock,
                json: s.json.clone(),
            })
            .collect();
        live.sort_by_key(|e| e.client);
        live
    }

    /// Removes every state but the local one, returning the clients removed (a client that
    /// lost its connection no longer knows who is there).
    pub fn clear_remote(&mut self) -> Vec<u64> {
        let local = self.local_client;
        let mut gone: Vec<u64> = self
            .states
            .iter()
            .filter(|(&c, s)| c != local && s.json.is_some())
            .map(|(&c, _)| c)
            .collect();
        gone.sort_unstable();
        for client in &gone {
            if let Some(s) = self.states.get_mut(client) {
                s.json = None;
                s.owner = Owner::Nobody;
            }
        }
        self.owned.clear();
        gone
    }

    pub fn clients_of(&self, conn: ConnId) -> Vec<u64> {
        self.owned.get(&conn).cloned().unwrap_or_default()
    }

    fn owned_by(&self, conn: ConnId) -> usize {
        self.owned.get(&conn).map_or(0, Vec::len)
    }

    fn disown(&mut self, conn: ConnId, client: u64) {
        if let Some(list) = self.owned.get_mut(&conn) {
            list.retain(|&c| c != client);
            if list.is_empty() {
                self.owned.remove(&conn);
            }
        }
    }

    /// The clocks of departed clients are remembered so that a late echo cannot bring them
    /// back; past the limit the oldest-clocked are forgotten.
    fn forget_departed(&mut self) {
        if self.states.len() <= self.max_remembered {
            return;
        }
        let mut departed: Vec<(u64, u64)> = self
            .states
            .iter()
            .filter(|(_, s)| s.json.is_none() && s.owner != Owner::Local)
            .map(|(&c, s)| (s.clock, c))
            .collect();
        departed.sort_unstable();
        let excess = self.states.len() - self.max_remembered;
        for (_, client) in departed.into_iter().take(excess) {
            self.states.remove(&client);
        }
    }
}
