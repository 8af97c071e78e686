//! The open plan viewed with another program's words: the lensed template the workspace follows.

use throughline_plan::PlanContent;

use super::session::DesktopSession;
use super::types::{Review, TemplateView, UiError, UiErrorKind};

impl DesktopSession {
    /// Shows the open plan with the words, navigation and section order of `lens` (a template
    /// id, one of the facilitator's, or a template file), by the one rule for lenses
    /// (`Template::through_lens`: the plan's sections the lens lacks after its own, the plan's
    /// own rating scale); none shows the plan in its own words again. Returns the template the
    /// workspace then reads, and the review's phases follow it.
    ///
    /// The choice belongs to this window's session: it is not written to the plan (nothing is
    /// written at all), not kept in the preferences, and it ends when the plan is closed.
    pub fn view_plan_with(&mut self, lens: Option<String>) -> Result<TemplateView, UiError> {
        let own = self
            .at_hand()?
            .read(|plan, _| plan.content())
            .record
            .template
            .ok_or_else(|| {
                UiError::new(
                    UiErrorKind::Invalid,
                    "the plan carries no template, so it has no sections to show another way",
                )
            })?;
        let lens = lens.as_deref().map(str::trim).filter(|l| !l.is_empty());
        let seen = match lens {
            Some(spec) => Some(own.through_lens(&crate::export::lens_template(spec)?)),
            None => None,
        };
        let mut view = TemplateView::from(seen.as_ref().unwrap_or(&own));
        // Role teams are how the plan's people are organized, not a word: a lens does not add
        // or take away the role teams' part.
        view.role_teams = own.uses_role_teams();
        self.lens = seen;
        Ok(view)
    }

    /// The review of `content` as this window shows the plan: the phases are the lens's when
    /// the plan is viewed through one.
    pub(super) fn review_of(&self, content: &PlanContent) -> Review {
        Review::shown_with(content, self.lens.as_ref())
    }
}
