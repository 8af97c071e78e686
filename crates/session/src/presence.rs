//! Who is here and which section each person is in, read from y-protocols awareness states,
//! and the clock that drops a state nobody renewed.
//!
//! A state is JSON as every Yjs client writes it (`localfirst-anchors.md` §3.5):
//! `{ "user": { "name", "color", "role" }, "section": "<section id>", ... }`. Fields that are
//! missing or of another shape are simply absent here; a peer's state is never trusted to be
//! well formed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::facilitation::InTheRoom;
use throughline_sync::lib0::{write_var_bytes, write_var_string, write_var_uint};
use throughline_sync::message::MESSAGE_AWARENESS;
use throughline_sync::{ConnId, Message};

/// A state not renewed for this long is dropped (y-protocols' `outdatedTimeout`).
pub const EXPIRES_AFTER: Duration = Duration::from_secs(30);
/// Our own state is sent again this often so that peers do not drop it.
pub const RENEW_EVERY: Duration = Duration::from_secs(15);

/// One person present in a plan's room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presence {
    /// The Yjs client id of their laptop's session.
    pub client: u64,
    pub name: Option<String>,
    pub role: Option<String>,
    pub color: Option<String>,
    /// The section they are in (a section id of the guided flow).
    pub section: Option<String>,
    /// What they say about the room's running state (`crate::facilitation`).
    pub room: InTheRoom,
}

#[derive(Deserialize, Default)]
struct State {
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    section: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
struct User {
    #[serde(default)]
    name: Option<serde_json::Value>,
    #[serde(default)]
    role: Option<serde_json::Value>,
    #[serde(default)]
    color: Option<serde_json::Value>,
}

/// Longest text kept from a peer's state field.
const MAX_FIELD_CHARS: usize = 80;

fn text(value: Option<serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) if !s.trim().is_empty() => {
            Some(s.trim().chars().take(MAX_FIELD_CHARS).collect())
        }
        _ => None,
    }
}

impl Presence {
    /// Reads one awareness state (JSON text) of `client`.
    pub fn from_state(client: u64, json: &str) -> Presence {
        let value: serde_json::Value =
            serde_json::from_str(json).unwrap_or(serde_json::Value::Null);
        let room = InTheRoom::from_state(&value);
        let state: State = serde_json::from_value(value).unwrap_or_default();
        let user = state.user.unwrap_or_default();
        Presence {
            client,
            name: text(user.name),
            role: text(user.role),
            color: text(user.color),
            section: text(state.section),
            room,
        }
    }

    /// Everyone in a room's awareness states, by client id.
    pub fn all(states: &[(u64, String)]) -> Vec<Presence> {
        let mut all: Vec<Presence> = states
            .iter()
            .map(|(client, json)| Presence::from_state(*client, json))
            .collect();
        all.sort_by_key(|p| p.client);
        all
    }
}

/// The awareness state a person announces: their name, role and the section they are in.
pub fn state_json(
    name: &str,
    role: Option<&str>,
    color: Option<&str>,
    section: Option<&str>,
) -> String {
    announce(name, role, color, section, &InTheRoom::default())
}

/// The awareness state a person announces, with what they say about the room's running state.
pub fn announce(
    name: &str,
    role: Option<&str>,
    color: Option<&str>,
    section: Option<&str>,
    room: &InTheRoom,
) -> String {
    let mut state = serde_json::Map::new();
    state.insert(
        "user".into(),
        serde_json::json!({ "name": name, "role": role, "color": color }),
    );
    state.insert("section".into(), serde_json::json!(section));
    room.write_into(&mut state);
    serde_json::Value::Object(state).to_string()
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    conn: ConnId,
    clock: u64,
    at: Instant,
}

/// When each peer's awareness state was last renewed, so a host can drop the states of
/// clients that went quiet without closing their socket (y-protocols' 30 s rule). The room
/// keeps the states; this only keeps the clocks it needs to remove one.
#[derive(Debug, Default)]
pub struct PresenceClock {
    live: HashMap<u64, Seen>,
}

/// Entries past this are not tracked (the room caps what a connection owns anyway).
const MAX_TRACKED: usize = 4096;

impl PresenceClock {
    /// Notes the awareness entries of a frame `conn` sent that the room accepted.
    pub fn saw(&mut self, conn: ConnId, messages: &[Message<'_>], now: Instant) {
        for message in messages {
            let Message::Awareness(update) = message else {
                continue;
            };
            for entry in &update.entries {
                if entry.state.is_none() {
                    self.live.remove(&entry.client);
                    continue;
                }
                let newer = self
                    .live
                    .get(&entry.client)
                    .is_none_or(|s| entry.clock >= s.clock);
                if newer && (self.live.len() < MAX_TRACKED || self.live.contains_key(&entry.client))
                {
                    self.live.insert(
                        entry.client,
                        Seen {
                            conn,
                            clock: entry.clock,
                            at: now,
                        },
                    );
                }
            }
        }
    }

    /// A connection closed: the room has dropped its states.
    pub fn closed(&mut self, conn: ConnId) {
        self.live.retain(|_, s| s.conn != conn);
    }

    /// For each connection owning states not renewed in time, an awareness frame removing them
    /// as that connection itself would (same clock, `null` state), which the room accepts
    /// from a state's owner and relays to everyone else.
    pub fn expired(&mut self, now: Instant) -> Vec<(ConnId, Vec<u8>)> {
        let mut by_conn: HashMap<ConnId, Vec<(u64, u64)>> = HashMap::new();
        self.live.retain(|&client, seen| {
            if now.saturating_duration_since(seen.at) < EXPIRES_AFTER {
                return true;
            }
            by_conn
                .entry(seen.conn)
                .or_default()
                .push((client, seen.clock));
            false
        });
        let mut frames: Vec<(ConnId, Vec<u8>)> = by_conn
            .into_iter()
            .map(|(conn, entries)| (conn, removal_frame(&entries)))
            .collect();
        frames.sort_by_key(|(conn, _)| *conn);
        frames
    }
}

fn removal_frame(entries: &[(u64, u64)]) -> Vec<u8> {
    let mut payload = Vec::new();
    write_var_uint(&mut payload, entries.len() as u64);
    for &(client, clock) in entries {
        write_var_uint(&mut payload, client);
        write_var_uint(&mut payload, clock);
        write_var_string(&mut payload, "null");
    }
    let mut frame = Vec::new();
    write_var_uint(&mut frame, MESSAGE_AWARENESS);
    write_var_bytes(&mut frame, &payload);
    frame
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use throughline_sync::{decode_frame, Limits};

    #[test]
    fn reads_names_and_sections_leniently() {
        let p = Presence::from_state(
            7,
            r##"{"user":{"name":"Ana","role":"editor","color":"#e11"},"section":"vision"}"##,
        );
        assert_eq!(p.name.as_deref(), Some("Ana"));
        assert_eq!(p.section.as_deref(), Some("vision"));
        let odd = Presence::from_state(8, r#"{"user":"x","section":12}"#);
        assert_eq!(odd.name, None);
        assert_eq!(odd.section, None);
        assert_eq!(Presence::from_state(9, "not json").name, None);
        // A stock Yjs peer's odd room fields leave its presence as it was, and claim nothing.
        let stock = Presence::from_state(
            10,
            r#"{"user":{"name":"Cy"},"run":{"version":"9","facilitator":10},"done":[1],"away":1}"#,
        );
        assert_eq!(stock.name.as_deref(), Some("Cy"));
        assert_eq!(stock.room, crate::facilitation::InTheRoom::default());
        let ours = state_json("Bo", Some("viewer"), None, Some("strategies"));
        assert_eq!(
            Presence::from_state(1, &ours).section.as_deref(),
            Some("strategies")
        );
    }

    #[test]
    fn a_quiet_state_expires_with_a_removal_its_owner_could_have_sent() {
        let limits = Limits::default();
        let mut clock = PresenceClock::default();
        let t0 = Instant::now();
        let mut payload = Vec::new();
        write_var_uint(&mut payload, 1);
        write_var_uint(&mut payload, 42);
        write_var_uint(&mut payload, 3);
        write_var_string(&mut payload, r#"{"user":{"name":"Ana"}}"#);
        let mut frame = Vec::new();
        write_var_uint(&mut frame, MESSAGE_AWARENESS);
        write_var_bytes(&mut frame, &payload);
        let messages = decode_frame(&frame, &limits).unwrap();
        clock.saw(ConnId(5), &messages, t0);
        assert!(clock.expired(t0 + Duration::from_secs(29)).is_empty());
        let expired = clock.expired(t0 + EXPIRES_AFTER);
        assert_eq!(expired.len(), 1);
        assert_eq!(expired[0].0, ConnId(5));
        let removal = decode_frame(&expired[0].1, &limits).unwrap();
        let Message::Awareness(update) = &removal[0] else {
            panic!("not awareness: {removal:?}");
        };
        assert_eq!(update.entries[0].client, 42);
        assert_eq!(update.entries[0].clock, 3);
        assert_eq!(update.entries[0].state, None);
        assert!(clock.expired(t0 + EXPIRES_AFTER * 2).is_empty());
    }
}
