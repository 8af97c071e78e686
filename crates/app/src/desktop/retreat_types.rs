//! The JSON shapes of retreat mode: the host panel, who is here, the connection badge, the
//! hosts found on the network and the join screen's request.

use serde::{Deserialize, Serialize};

/// One role's way into a hosted plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct JoinLinkView {
    /// `editor`, `reviewer` or `viewer`.
    pub role: String,
    /// The code to read aloud: `4821-0937`.
    pub code: String,
    /// The whole link, for any y-websocket client or to paste.
    pub url: String,
}

/// What the host panel shows while this laptop hosts the open plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct HostingView {
    /// What people type on the join screen: this laptop's address and port.
    pub address: String,
    pub links: Vec<JoinLinkView>,
    /// Why the plan is not announced on the network, if it is not (people then type the address).
    pub announce_problem: Option<String>,
}

/// A person in the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PersonHere {
    pub name: String,
    /// `host` for the person hosting, else none.
    pub role: Option<String>,
    /// The section they are in (a section id), if they said.
    pub section: Option<String>,
}

/// Whether this laptop is with the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "kind")]
pub enum Connection {
    /// Hosting, or joined and holding everything the host has: edits flow both ways.
    Online,
    /// Joined, apart from the host for now: edits stay in the plan file and travel on reconnect.
    Reconnecting { reason: String },
    /// Stopped for good (or hosting failed): edits stay on this laptop only.
    Offline { reason: String },
}

/// The open plan's retreat session, as the workspace header shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "kind")]
pub enum SessionView {
    /// The plan is open on this laptop alone.
    Alone,
    Hosting {
        connection: Connection,
        hosting: HostingView,
        people: Vec<PersonHere>,
    },
    Joined {
        connection: Connection,
        /// The host's address (`ws://HOST:PORT`).
        host: String,
        people: Vec<PersonHere>,
        /// Set when the host refused an edit (joined with a viewer's code).
        refused: Option<String>,
    },
}

/// A laptop on the network hosting a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct FoundHostView {
    pub plan_id: String,
    pub title: String,
    /// The name of the person hosting.
    pub host: String,
    /// `HOST:PORT`, as it would be typed.
    pub address: String,
}

/// What the join screen sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct JoinRequest {
    /// `HOST`, `HOST:PORT`, or a whole link from the host's panel (`ws://…?code=…`).
    pub address: String,
    /// The plan's id when the host was picked from the list; with a typed `HOST:PORT` and no
    /// id, the host is asked which plan it serves.
    pub plan_id: Option<String>,
    /// The join code (ignored when the address is a whole link carrying one).
    pub code: String,
    /// The name to appear under, when the person changed it on the join screen (kept for
    /// next time, as [`super::DesktopSession::set_display_name`] does).
    #[serde(default)]
    pub name: Option<String>,
    /// The token the district's IT issued, when `address` is a plan on the district's
    /// Hocuspocus server (`ws://HOST:PORT/PLAN-ID`) rather than a laptop hosting a retreat.
    #[serde(default)]
    pub token: Option<String>,
}

/// A person in the room, as the facilitator's controls and the wall screen show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct PersonInRoom {
    /// Their laptop's awareness client id (a string: it may pass 2^32), to hand the role to.
    pub client: String,
    pub name: String,
    /// The section they are in, if they said.
    pub section: Option<String>,
    /// This is the person using this laptop.
    pub me: bool,
    pub facilitates: bool,
    /// They said they are done with the running block.
    pub done: bool,
    /// They stepped away from following the facilitator.
    pub away: bool,
}

/// The agenda block running, with what the countdown needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct BlockNow {
    pub id: String,
    pub title: String,
    /// Its section's label and its activity's, in the plan's words.
    pub place: String,
    /// Its time on the agenda.
    pub minutes: i32,
    /// Time added (negative: taken off) since it started, in seconds.
    pub extended_s: i32,
    /// When it started and when it ends, ms since the Unix epoch (the facilitator's clock).
    pub started_at: f64,
    pub ends_at: f64,
}

/// The room's running state as this laptop sees it: who facilitates, the block running,
/// where the facilitator brings everyone, who is done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RoomView {
    /// The plan is in a session (hosted or joined); alone, nobody runs a room.
    pub in_session: bool,
    /// The facilitator's name, if anyone facilitates.
    pub facilitator: Option<String>,
    /// This laptop's person facilitates.
    pub i_facilitate: bool,
    pub block: Option<BlockNow>,
    /// Where the facilitator brings everyone: a section id and/or an activity key.
    pub section: Option<String>,
    /// The section's label, in the plan's words.
    pub section_label: Option<String>,
    pub activity: Option<String>,
    /// The activity's label, in people's words.
    pub activity_label: Option<String>,
    pub people: Vec<PersonInRoom>,
    /// This laptop's clock when this view was read (ms since the Unix epoch), so a countdown
    /// counts from the same clock as `ends_at` is compared with.
    pub now: f64,
}

/// What the facilitator does with the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Facilitate {
    /// Hand the role to the person at `client` (from "who is here").
    HandOver { client: String },
    /// Start an agenda block, bringing everyone to its section or activity.
    Start { block: String },
    /// Add minutes to the running block (negative takes them off).
    Extend { minutes: i32 },
    /// End the running block.
    End,
    /// Bring everyone to a section and/or activity (neither: everyone goes where they like).
    BringHere {
        section: Option<String>,
        activity: Option<String>,
    },
}
