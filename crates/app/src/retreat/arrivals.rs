//! Telling a screen what arrived, as it arrives: peers' changes once committed, and who is
//! here, so a front end is told and never has to ask again and again.

use std::sync::{Arc, Mutex};

use super::lock;

/// Something that reached this laptop from the others (or from the plan file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// Peers' changes to the plan, committed to this laptop's plan file: a Yjs v1 update for a
    /// front end's copy of the document.
    Plan(Vec<u8>),
    /// Comments or section statuses changed.
    Review,
    /// Who is here, or where this laptop stands with the others, changed.
    People,
}

/// Where arrivals are told; called from the network's threads, so it must not block for long.
pub type Listener = Arc<dyn Fn(Arrival) + Send + Sync>;

/// The one listener of a session, if any, shared by the sink and the network's watchers.
#[derive(Default)]
pub(super) struct Listening(Mutex<Option<Listener>>);

impl Listening {
    pub(super) fn set(&self, listener: Option<Listener>) {
        *lock(&self.0) = listener;
    }

    pub(super) fn is_set(&self) -> bool {
        lock(&self.0).is_some()
    }

    /// Tells the listener, outside the lock (it may take its time sending).
    pub(super) fn tell(&self, arrival: Arrival) {
        let listener = lock(&self.0).clone();
        if let Some(listener) = listener {
            listener(arrival);
        }
    }

    /// Peers' updates, committed, as one update (a group commit hands over many at once).
    pub(super) fn tell_plan(&self, updates: &[&[u8]]) {
        if updates.is_empty() || !self.is_set() {
            return;
        }
        match updates {
            [one] => self.tell(Arrival::Plan(one.to_vec())),
            many => match yrs::merge_updates_v1(many) {
                Ok(merged) => self.tell(Arrival::Plan(merged)),
                // Each one still reads on its own; the room already integrated them all.
                Err(_) => {
                    for u in many {
                        self.tell(Arrival::Plan(u.to_vec()));
                    }
                }
            },
        }
    }
}

/// What a side's watcher calls: `People` to whoever listens at the time.
pub(super) fn people_changed(listening: &Arc<Listening>) -> impl Fn() + Send + Sync + 'static {
    let listening = Arc::clone(listening);
    move || listening.tell(Arrival::People)
}
