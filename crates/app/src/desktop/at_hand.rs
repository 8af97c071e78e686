//! The plan a desktop session has open: on this laptop alone, hosted for the room, or joined
//! to another laptop's session. Every request reads or edits it through [`PlanAtHand::read`]
//! and [`PlanAtHand::edit`], so review, export and retreat requests never ask which: in a
//! session the retreat types own the plan and its review document, and an edit made through
//! them is committed here and then sent to the others.

use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::open_review::OpenReview;
use crate::retreat::{RetreatError, RetreatHost, RetreatJoin};

use super::types::{UiError, UiErrorKind};

// One per open plan, made once and never copied about: boxing the common case buys nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum PlanAtHand {
    Alone { plan: OpenPlan, review: OpenReview },
    Hosting(RetreatHost),
    Joined(RetreatJoin),
}

impl std::fmt::Debug for PlanAtHand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PlanAtHand::Alone { .. } => "PlanAtHand::Alone",
            PlanAtHand::Hosting(_) => "PlanAtHand::Hosting",
            PlanAtHand::Joined(_) => "PlanAtHand::Joined",
        })
    }
}

impl PlanAtHand {
    /// The plan on this laptop alone, with its review document.
    pub(super) fn alone(plan: OpenPlan) -> Result<PlanAtHand, UiError> {
        let review = OpenReview::open(&plan)?;
        Ok(PlanAtHand::Alone { plan, review })
    }

    pub(super) fn read<R>(&self, read: impl FnOnce(&OpenPlan, &OpenReview) -> R) -> R {
        match self {
            PlanAtHand::Alone { plan, review } => read(plan, review),
            PlanAtHand::Hosting(host) => host.read(read),
            PlanAtHand::Joined(join) => join.read(read),
        }
    }

    /// Makes a change: committed to this laptop's plan file, then (in a session) sent on.
    pub(super) fn edit<R>(
        &mut self,
        change: impl FnOnce(&mut OpenPlan, &mut OpenReview) -> Result<R, AppError>,
    ) -> Result<R, UiError> {
        match self {
            PlanAtHand::Alone { plan, review } => Ok(change(plan, review)?),
            PlanAtHand::Hosting(host) => Ok(host.edit(change)?),
            PlanAtHand::Joined(join) => Ok(join.edit(change)?),
        }
    }

    /// Ends any session and closes the plan, leaving its file complete on its own.
    pub(super) fn close(self) -> Result<(), UiError> {
        match self {
            PlanAtHand::Alone { plan, review } => {
                review.close()?;
                Ok(plan.close()?)
            }
            PlanAtHand::Hosting(host) => Ok(host.stop()?),
            PlanAtHand::Joined(join) => Ok(join.leave()?),
        }
    }
}

impl From<RetreatError> for UiError {
    fn from(e: RetreatError) -> UiError {
        match e {
            RetreatError::App(e) => e.into(),
            RetreatError::Store(e) => AppError::Store(e).into(),
            other => UiError::new(UiErrorKind::Invalid, other.to_string()),
        }
    }
}
