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

    /// Pushes to `tell` from now on what the wall screen shows anew: the room changed (as
    /// `Session`) or the plan did (as `Review`: read the balance again; the wall keeps no copy
    /// of the plan). Replaces any earlier wall; `stop_watching_room` ends it.
    pub fn watch_room(&mut self, tell: impl Fn(LiveNews) + Send + Sync + 'static) {
        let listener: Listener = Arc::new(move |arrival| {
            tell(match arrival {
                Arrival::People => LiveNews::Session,
                Arrival::Plan(_) | Arrival::Review => LiveNews::Review,
            })
        });
        self.wall = Some(LiveFeed(listener));
        self.attach_live();
    }

    /// The wall screen closed: nobody to tell any more.
    pub fn stop_watching_room(&mut self) {
        self.wall = None;
        self.attach_live();
    }

    /// Tells the wall screen that the plan changed here (a vote closed on this laptop), which it
    /// would otherwise hear of only from others' changes.
    pub(super) fn tell_wall_plan_changed(&self) {
        if let Some(wall) = &self.wall {
            (wall.0)(Arrival::Review);
        }
    }

    /// Points the plan at hand's news at the UI's listeners (after opening, hosting, joining):
    /// the workspace's and, while it is open, the wall screen's.
    pub(super) fn attach_live(&self) {
        let listener = match (&self.live, &self.wall) {
            (Some(main), Some(wall)) => {
                let (main, wall) = (Arc::clone(&main.0), Arc::clone(&wall.0));
                let both: Listener = Arc::new(move |arrival: Arrival| {
                    wall(arrival.clone());
                    main(arrival);
                });
                Some(both)
            }
            (Some(one), None) | (None, Some(one)) => Some(Arc::clone(&one.0)),
            (None, None) => None,
        };
        match &self.open {
            Some(PlanAtHand::Hosting(host)) => host.listen(listener),
            Some(PlanAtHand::Joined(join)) => join.listen(listener),
            // Alone, nothing arrives: other programs cannot write a plan this app has open
            // (the store's writer claim refuses them).
            Some(PlanAtHand::Alone { .. }) | None => {}
        }
    }
}
