//! The JSON shapes of dot votes, the parking lot and private rating rounds, as the UI reads
//! and sends them.

use serde::{Deserialize, Serialize};

pub use crate::votes::{VoteView, VotedItem};

/// Everything the room's votes and parking lot screen shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RoomRecord {
    /// Every vote, oldest first, with this person's own dots.
    pub votes: Vec<MyVote>,
    /// The parking lot, in its order.
    pub ideas: Vec<IdeaView>,
    /// The items a vote can be about, grouped by kind, in plan order.
    pub votable: Vec<VotableItem>,
    /// Whether this laptop may open and close votes (alone, or facilitating the session).
    pub may_run_votes: bool,
    /// The team member this person is in the plan, if they said.
    pub me: Option<String>,
}

/// A vote, with what this person placed from this laptop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct MyVote {
    pub vote: VoteView,
    /// What this person placed from this laptop (item path and dots).
    pub mine: Vec<DotsOn>,
    /// Whether this laptop holds the vote's key, and so can close it.
    pub holds_key: bool,
    /// Whether this person may place dots on it.
    pub may_vote: bool,
}

/// Dots on one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct DotsOn {
    /// `strategies/ID`.
    pub item: String,
    pub dots: u32,
}

/// A parking-lot idea as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct IdeaView {
    pub id: String,
    pub text: String,
    pub author: String,
    pub at: String,
    /// The dots it received in closed votes.
    pub dots: u32,
    /// What it became (`strategies/ID`), once promoted.
    pub promoted_to: Option<String>,
    /// What it became, in words.
    pub promoted_title: Option<String>,
}

/// Something a vote can be about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct VotableItem {
    /// `strategies/ID`.
    pub item: String,
    /// What it is called, with its kind.
    pub title: String,
}

/// The facilitator's request to open a vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct OpenVoteRequest {
    pub question: String,
    /// Item paths (`strategies/ID`…).
    pub items: Vec<String>,
    /// Dots per person.
    pub dots: u32,
    /// Member ids of those who can vote; empty: everyone.
    pub voters: Vec<String>,
}

/// Where a promoted idea goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PromoteInto {
    Strategies,
    Tactics,
    RootCauses,
}

impl PromoteInto {
    pub fn collection(self) -> &'static str {
        match self {
            PromoteInto::Strategies => "strategies",
            PromoteInto::Tactics => "tactics",
            PromoteInto::RootCauses => "root_causes",
        }
    }
}

/// A capacity indicator's private rating round, as this person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RatingRoundView {
    pub indicator: String,
    /// A round is open (ratings are being sealed).
    pub open: bool,
    /// The round has been revealed.
    pub revealed: bool,
    /// How many people have sealed a rating.
    pub sealed: u32,
    /// Whether this laptop holds the round's key, and so can reveal it.
    pub holds_key: bool,
    /// Once revealed, what the room should discuss, in words.
    pub to_discuss: Vec<String>,
}
