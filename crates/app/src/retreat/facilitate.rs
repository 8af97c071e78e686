//! Running the room, for both sides of a session: who facilitates and handing that over, the
//! facilitator starting, extending and ending agenda blocks and bringing everyone to a
//! section, and each person's "done" and "stepped away". The state travels in awareness
//! (`throughline_session::facilitation` says why); this is where the rules about who may
//! change it are kept.

use throughline_session::facilitation::{room_run, Run, RunningBlock, MAX_EXTENSION_S};
use throughline_session::Presence;

use super::shared::{Retreat, Side};
use super::{lock, RetreatError};

/// The room as this laptop sees it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomNow {
    /// This laptop's awareness client id, to find itself among `people`.
    pub me: u64,
    /// The room's run (the facilitator and what is running), if anyone announces one.
    pub run: Option<Run>,
    /// Who is here, this person included once announced.
    pub people: Vec<Presence>,
}

impl RoomNow {
    /// The person with this client id, if here.
    pub fn person(&self, client: u64) -> Option<&Presence> {
        self.people.iter().find(|p| p.client == client)
    }

    /// The facilitator's name, as "who is here" shows it.
    pub fn facilitator_name(&self) -> Option<String> {
        let run = self.run.as_ref()?;
        Some(
            self.person(run.facilitator)
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| crate::NOBODY.to_owned()),
        )
    }
}

impl<S: Side> Retreat<S> {
    /// This laptop's awareness client id.
    pub fn me(&self) -> u64 {
        self.me
    }

    /// The room now. When the room's run names this laptop as facilitator (the role was handed
    /// to it) and this laptop does not announce it yet, it takes it up and announces it, so
    /// the run lasts when the laptop that handed it over leaves.
    pub fn room(&self) -> Result<RoomNow, RetreatError> {
        let now = self.room_now();
        if let Some(run) = &now.run {
            let take_up = run.facilitator == self.me && {
                let mut own = lock(&self.own);
                let take = own.room.run.as_ref() != Some(run);
                if take {
                    own.room.run = Some(run.clone());
                }
                take
            };
            if take_up {
                self.announce()?;
            }
        }
        Ok(now)
    }

    fn room_now(&self) -> RoomNow {
        // This person as they announce themselves now, not as the room last echoed them.
        let mut people: Vec<Presence> = self
            .presence()
            .into_iter()
            .filter(|p| p.client != self.me)
            .collect();
        people.push(Presence::from_state(self.me, &self.own_state()));
        people.sort_by_key(|p| p.client);
        let own = lock(&self.own).room.run.clone();
        let run = room_run(
            people
                .iter()
                .filter_map(|p| Some((p.client, p.room.run.as_ref()?)))
                .chain(own.as_ref().map(|r| (self.me, r))),
        )
        .cloned();
        RoomNow {
            me: self.me,
            run,
            people,
        }
    }

    /// Changes the room's run as its facilitator: refused on any other laptop.
    fn facilitate(
        &self,
        change: impl FnOnce(&mut Run) -> Result<(), RetreatError>,
    ) -> Result<(), RetreatError> {
        let now = self.room_now();
        let Some(run) = &now.run else {
            return Err(RetreatError::NoFacilitator);
        };
        if run.facilitator != self.me {
            return Err(RetreatError::NotFacilitator(
                now.facilitator_name().unwrap_or_default(),
            ));
        }
        let mut next = run.next();
        change(&mut next)?;
        lock(&self.own).room.run = Some(next);
        self.announce()
    }

    /// Hands the facilitator's role to the person at `client`, who must be here.
    pub fn hand_over(&self, client: u64) -> Result<(), RetreatError> {
        if client != self.me && !self.presence().iter().any(|p| p.client == client) {
            return Err(RetreatError::NotHere(format!("person {client}")));
        }
        self.facilitate(|run| {
            run.facilitator = client;
            Ok(())
        })
    }

    /// Starts the agenda block `id` at `now_ms` (this laptop's clock), bringing everyone to its
    /// section or activity.
    pub fn start_block(&self, id: &str, now_ms: i64) -> Result<(), RetreatError> {
        let block = self
            .read(|plan, _| plan.content().agenda.into_iter().find(|b| b.id == id))
            .ok_or_else(|| RetreatError::NoSuchBlock(id.to_owned()))?;
        self.facilitate(|run| {
            run.block = Some(RunningBlock {
                id: block.id,
                started_at: now_ms.max(0),
                extended_s: 0,
            });
            run.section = Some(block.section).filter(|s| !s.is_empty());
            run.activity = block.activity.map(|a| a.key().to_owned());
            Ok(())
        })
    }

    /// Adds `seconds` to the running block (negative takes time off), within a day either way.
    pub fn extend_block(&self, seconds: i64) -> Result<(), RetreatError> {
        self.facilitate(|run| {
            let block = run.block.as_mut().ok_or(RetreatError::NoBlockRunning)?;
            let extended = block.extended_s.saturating_add(seconds);
            if extended.abs() > MAX_EXTENSION_S {
                return Err(RetreatError::ExtensionOutOfBounds);
            }
            block.extended_s = extended;
            Ok(())
        })
    }

    /// Ends the running block; the room stays where it is.
    pub fn end_block(&self) -> Result<(), RetreatError> {
        self.facilitate(|run| {
            run.block.take().ok_or(RetreatError::NoBlockRunning)?;
            Ok(())
        })
    }

    /// Brings everyone to a section (a section id) or an activity (an agenda activity key);
    /// neither lets everyone go where they like.
    pub fn bring_here(
        &self,
        section: Option<&str>,
        activity: Option<&str>,
    ) -> Result<(), RetreatError> {
        self.facilitate(|run| {
            run.section = section.map(str::to_owned);
            run.activity = activity.map(str::to_owned);
            Ok(())
        })
    }

    /// Says this person is done with the running block (or, `false`, not done after all).
    pub fn set_done(&self, done: bool) -> Result<(), RetreatError> {
        let running = self
            .room_now()
            .run
            .and_then(|r| r.block)
            .map(|b| b.id)
            .ok_or(RetreatError::NoBlockRunning)?;
        lock(&self.own).room.done = done.then_some(running);
        self.announce()
    }

    /// Steps away from following the facilitator (`true`) or rejoins them.
    pub fn set_away(&self, away: bool) -> Result<(), RetreatError> {
        lock(&self.own).room.away = away;
        self.announce()
    }
}
