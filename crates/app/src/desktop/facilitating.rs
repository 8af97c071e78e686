//! Running the room from the desktop: the room's running state as the UI shows it, the
//! facilitator's actions, and each person's "done" and "stepped away".

use throughline_plan::vocab::RetreatActivity;
use throughline_plan::SectionId;

use super::at_hand::PlanAtHand;
use super::retreat_types::*;
use super::session::DesktopSession;
use super::types::{UiError, UiErrorKind};
use crate::clock::Now;
use crate::retreat::{Retreat, RetreatError, RoomNow, Side};
use crate::{block_place, OpenPlan, NOBODY};

impl DesktopSession {
    /// The room now: who facilitates, the running block and its times, who is done.
    pub fn room(&self) -> Result<RoomView, UiError> {
        let now = Now::read().ms;
        let (room, plan_view) = match self.at_hand()? {
            PlanAtHand::Alone { .. } => {
                return Ok(RoomView {
                    in_session: false,
                    facilitator: None,
                    i_facilitate: false,
                    block: None,
                    section: None,
                    section_label: None,
                    activity: None,
                    activity_label: None,
                    people: Vec::new(),
                    now: now as f64,
                })
            }
            PlanAtHand::Hosting(host) => (host.room()?, host.read(|plan, _| view_of(plan))),
            PlanAtHand::Joined(join) => (join.room()?, join.read(|plan, _| view_of(plan))),
        };
        Ok(room_view(&room, plan_view, now))
    }

    /// The facilitator's action on the room; refused with one line on any other laptop.
    pub fn facilitate(&mut self, action: Facilitate) -> Result<(), UiError> {
        let now = Now::read().ms;
        match self.in_session()? {
            PlanAtHand::Hosting(host) => Ok(act(host, &action, now)?),
            PlanAtHand::Joined(join) => Ok(act(join, &action, now)?),
            PlanAtHand::Alone { .. } => Err(alone()),
        }
    }

    /// Says this person is done with the running block, or not.
    pub fn set_done(&mut self, done: bool) -> Result<(), UiError> {
        match self.in_session()? {
            PlanAtHand::Hosting(host) => Ok(host.set_done(done)?),
            PlanAtHand::Joined(join) => Ok(join.set_done(done)?),
            PlanAtHand::Alone { .. } => Err(alone()),
        }
    }

    /// Steps away from following the facilitator, or rejoins them.
    pub fn set_away(&mut self, away: bool) -> Result<(), UiError> {
        match self.in_session()? {
            PlanAtHand::Hosting(host) => Ok(host.set_away(away)?),
            PlanAtHand::Joined(join) => Ok(join.set_away(away)?),
            PlanAtHand::Alone { .. } => Err(alone()),
        }
    }

    fn in_session(&self) -> Result<&PlanAtHand, UiError> {
        let at_hand = self.at_hand()?;
        match at_hand {
            PlanAtHand::Alone { .. } => Err(alone()),
            _ => Ok(at_hand),
        }
    }
}

fn alone() -> UiError {
    UiError::new(
        UiErrorKind::Invalid,
        "the room is run in a session: host the plan or join one first",
    )
}

fn act<S: Side>(retreat: &Retreat<S>, action: &Facilitate, now: i64) -> Result<(), RetreatError> {
    match action {
        Facilitate::HandOver { client } => {
            let client = client
                .parse::<u64>()
                .map_err(|_| RetreatError::NotHere(format!("person {client}")))?;
            retreat.hand_over(client)
        }
        Facilitate::Start { block } => retreat.start_block(block, now),
        Facilitate::Extend { minutes } => retreat.extend_block(i64::from(*minutes) * 60),
        Facilitate::End => retreat.end_block(),
        Facilitate::BringHere { section, activity } => {
            if let Some(s) = section.as_deref() {
                if SectionId::parse(s).is_none() {
                    return Err(RetreatError::NoSuchPlace(s.to_owned()));
                }
            }
            if let Some(a) = activity.as_deref() {
                if RetreatActivity::from_key(a).is_none() {
                    return Err(RetreatError::NoSuchPlace(a.to_owned()));
                }
            }
            retreat.bring_here(section.as_deref(), activity.as_deref())
        }
    }
}

/// What the room's view needs of the plan: its agenda.
struct PlanView {
    content: throughline_plan::PlanContent,
}

fn view_of(plan: &OpenPlan) -> PlanView {
    PlanView {
        content: plan.content(),
    }
}

fn room_view(room: &RoomNow, plan: PlanView, now: i64) -> RoomView {
    let run = room.run.as_ref();
    let running = run.and_then(|r| r.block.as_ref());
    let block = running.map(|b| {
        let on_agenda = plan.content.agenda.iter().find(|a| a.id == b.id);
        let minutes = on_agenda.and_then(|a| a.minutes).unwrap_or(0).max(0);
        BlockNow {
            id: b.id.clone(),
            title: on_agenda.map_or_else(
                || "A block no longer on the agenda".to_owned(),
                |a| a.title.trim().to_owned(),
            ),
            place: on_agenda.map_or_else(String::new, |a| block_place(&plan.content, a)),
            minutes: i32::try_from(minutes).unwrap_or(i32::MAX),
            extended_s: i32::try_from(b.extended_s).unwrap_or(0),
            started_at: b.started_at as f64,
            ends_at: b.ends_at(minutes) as f64,
        }
    });
    let activity = run.and_then(|r| r.activity.clone());
    RoomView {
        in_session: true,
        facilitator: room.facilitator_name(),
        i_facilitate: run.is_some_and(|r| r.facilitator == room.me),
        block,
        section: run.and_then(|r| r.section.clone()),
        section_label: run
            .and_then(|r| SectionId::parse(r.section.as_deref()?))
            .map(|id| {
                plan.content
                    .record
                    .template
                    .as_ref()
                    .map_or(id.default_label(), |t| t.label(id))
                    .to_owned()
            }),
        activity_label: activity
            .as_deref()
            .and_then(RetreatActivity::from_key)
            .map(|a| a.label().to_owned()),
        activity,
        people: room
            .people
            .iter()
            .map(|p| PersonInRoom {
                client: p.client.to_string(),
                name: p.name.clone().unwrap_or_else(|| NOBODY.to_owned()),
                section: p.section.clone(),
                me: p.client == room.me,
                facilitates: run.is_some_and(|r| r.facilitator == p.client),
                done: running.is_some_and(|b| p.room.done.as_deref() == Some(b.id.as_str())),
                away: p.room.away,
            })
            .collect(),
        now: now as f64,
    }
}
