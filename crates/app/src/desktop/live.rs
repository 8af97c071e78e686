//! Live: what reaches the open plan from elsewhere is pushed to the UI as it arrives (peers'
//! changes once committed, comments, who is here), so the UI never asks on a timer.

use std::sync::Arc;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::at_hand::PlanAtHand;
use super::session::DesktopSession;
use super::types::UiError;
use crate::retreat::{Arrival, Listener};

/// One piece of news for the UI, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
#[serde(tag = "kind")]
pub enum LiveNews {
    /// Others' changes to the plan, committed here: a Yjs v1 update (base64) for the UI's copy.
    Plan { update: String },
    /// Comments or section statuses changed: read the review board again.
    Review,
    /// Who is here, or where this laptop stands with the others, changed: read the session.
    Session,
}

impl LiveNews {
    /// The bytes of a `Plan` update.
    pub fn plan_update(&self) -> Option<Vec<u8>> {
        match self {
            LiveNews::Plan { update } => base64::engine::general_purpose::STANDARD
                .decode(update)
                .ok(),
            _ => None,
        }
    }
}

impl From<Arrival> for LiveNews {
    fn from(arrival: Arrival) -> LiveNews {
        match arrival {
            Arrival::Plan(update) => LiveNews::Plan {
                update: base64::engine::general_purpose::STANDARD.encode(update),
            },
            Arrival::Review => LiveNews::Review,
            Arrival::People => LiveNews::Session,
        }
    }
}

/// Where the UI is told; kept by the session across hosting, joining and leaving.
#[derive(Clone)]
pub(super) struct LiveFeed(Listener);

impl std::fmt::Debug for LiveFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LiveFeed")
    }
}

impl DesktopSession {
    /// Pushes to `tell` from now on what reaches the open plan from elsewhere, replacing any
    /// earlier listener. The UI then catches up once (`catch_up`) for what arrived before.
    pub fn live(&mut self, tell: impl Fn(LiveNews) + Send + Sync + 'static) -> Result<(), UiError> {
        let listener: Listener = Arc::new(move |arrival| tell(LiveNews::from(arrival)));
        self.live = Some(LiveFeed(listener));
        self.at_hand()?;
        self.attach_live();
        Ok(())
    }

    /// Points the plan at hand's news at the UI's listener (after opening, hosting, joining).
    pub(super) fn attach_live(&self) {
        let listener = self.live.as_ref().map(|feed| Arc::clone(&feed.0));
        match &self.open {
            Some(PlanAtHand::Hosting(host)) => host.listen(listener),
            Some(PlanAtHand::Joined(join)) => join.listen(listener),
            // Alone, nothing arrives: other programs cannot write a plan this app has open
            // (the store's writer claim refuses them).
            Some(PlanAtHand::Alone { .. }) | None => {}
        }
    }
}
