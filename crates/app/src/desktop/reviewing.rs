//! The review screens' requests: comment threads, section status, "waiting on me", comparing
//! and restoring versions, and sign-off. Every one goes through the plan at hand's `read` or
//! `edit`, so in a retreat session it reaches the room like any other change.

use std::collections::HashSet;

use throughline_plan::parts::Member;
use throughline_plan::PlanContent;
use throughline_review::{section_fingerprints, WaitingOnMe};

use super::prefs::Prefs;
use super::review_types::*;
use super::session::DesktopSession;
use super::types::{Section, UiError};
use crate::{OpenPlan, OpenReview};

impl DesktopSession {
    /// Every thread and section status, with what waits on this person marked.
    pub fn review_board(&self) -> Result<ReviewBoard, UiError> {
        let prefs = Prefs::load(&self.home().prefs_file);
        let author = self.author();
        self.at_hand()?.read(|plan, review| {
            // One reading of the plan serves who I am and what each section says now.
            let content = plan.content();
            let me = me_names(author, &prefs, &plan.plan_id()?, &content.members);
            Ok(board(plan, review, &content, me))
        })
    }

    /// Comments on words of a prose field or on a whole part or item, asking `asked` to answer.
    pub fn comment(&mut self, comment: NewComment) -> Result<ReviewBoard, UiError> {
        let on = comment.on.into();
        self.at_hand_mut()?.edit(|plan, review| {
            review.comment(plan, &on, &comment.body, &comment.asked)?;
            Ok(())
        })?;
        self.review_board()
    }

    pub fn reply(&mut self, thread: &str, body: &str) -> Result<ReviewBoard, UiError> {
        self.at_hand_mut()?
            .edit(|_, review| review.reply(thread, body))?;
        self.review_board()
    }

    pub fn resolve_thread(&mut self, thread: &str) -> Result<ReviewBoard, UiError> {
        self.at_hand_mut()?
            .edit(|_, review| review.resolve(thread))?;
        self.review_board()
    }

    pub fn reopen_thread(&mut self, thread: &str) -> Result<ReviewBoard, UiError> {
        self.at_hand_mut()?
            .edit(|_, review| review.reopen(thread))?;
        self.review_board()
    }

    /// Sets a section's review status; `asked` names the reviewers of "ready for review".
    pub fn set_section_status(
        &mut self,
        section: Section,
        stage: ReviewStage,
        asked: Vec<String>,
    ) -> Result<ReviewBoard, UiError> {
        self.at_hand_mut()?
            .edit(|plan, review| review.set_status(plan, section.into(), stage.into(), &asked))?;
        self.review_board()
    }

    /// Two versions, or a version and the current draft, section by section.
    pub fn compare_versions(
        &self,
        from: CompareSide,
        to: CompareSide,
    ) -> Result<ComparisonView, UiError> {
        let (from, to) = (from.into(), to.into());
        let comparison = self.at_hand()?.read(|plan, _| plan.compare(&from, &to))?;
        Ok(comparison.into())
    }

    /// Makes the draft say what a version says, as a forward change (the draft is saved as a
    /// version first). The change comes back as an update for a copy with `state_vector`.
    pub fn restore_version(
        &mut self,
        label: &str,
        state_vector: &[u8],
    ) -> Result<RestoreView, UiError> {
        self.at_hand_mut()?.edit(|plan, _| {
            let report = plan.restore_version(label)?;
            let update = plan.diff_for(state_vector)?;
            Ok(RestoreView::new(report, update))
        })
    }

    /// Signs a named version: the sign-off covers that version's exact text only.
    pub fn sign_version(&mut self, request: SignRequest) -> Result<SignoffItem, UiError> {
        let signed = self
            .at_hand_mut()?
            .edit(|plan, _| plan.sign(&request.version, &request.name, &request.role))?;
        Ok(signed.into())
    }

    /// Every sign-off, oldest first, each checked against its version and the current draft.
    pub fn signoffs(&self) -> Result<Vec<SignoffItem>, UiError> {
        let signoffs = self.at_hand()?.read(|plan, _| plan.signoffs())?;
        Ok(signoffs.into_iter().map(SignoffItem::from).collect())
    }

    /// Who changed what in a section, and when, from the plan file's log.
    pub fn section_history(&self, section: Section) -> Result<SectionHistoryView, UiError> {
        let history = self
            .at_hand()?
            .read(|plan, _| plan.section_history(Some(section.into())))?;
        Ok(SectionHistoryView {
            section,
            entries: history.entries.into_iter().map(HistoryLine::from).collect(),
            folded_before: history.folded_before,
        })
    }

    /// What each person (or breakout table) added, changed or removed since a named version.
    pub fn merge_digest(&self, since: &str) -> Result<Vec<DigestPerson>, UiError> {
        let digest = self.at_hand()?.read(|plan, _| plan.merge_digest(since))?;
        Ok(digest.into_iter().map(DigestPerson::from).collect())
    }
}

/// Whom "waiting on me" is for: the name this laptop saves under and, when this person has said
/// which team member they are, that member's name (reviewers ask people by name).
fn me_names(author: &str, prefs: &Prefs, plan_id: &str, members: &[Member]) -> Vec<String> {
    let mut names = vec![author.to_string()];
    if let Some(member) = prefs
        .me
        .get(plan_id)
        .and_then(|id| members.iter().find(|m| &m.id == id))
    {
        let name = member.name.trim();
        if !name.is_empty() && !names.iter().any(|n| same_person(n, name)) {
            names.push(name.to_string());
        }
    }
    names
}

/// Names compare as the review layer compares them: without case or surrounding spaces.
fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn board(
    plan: &OpenPlan,
    review: &OpenReview,
    content: &PlanContent,
    me: Vec<String>,
) -> ReviewBoard {
    let now = section_fingerprints(content);
    let waiting: Vec<WaitingOnMe> = me
        .iter()
        .map(|n| review.review().waiting_on(n, &now))
        .collect();
    let threads_waiting: HashSet<&str> = waiting
        .iter()
        .flat_map(|w| w.threads.iter().map(|t| t.id.as_str()))
        .collect();
    let sections_waiting: HashSet<_> = waiting
        .iter()
        .flat_map(|w| w.sections.iter().map(|s| s.section))
        .collect();
    ReviewBoard {
        threads: review
            .threads(plan)
            .into_iter()
            .map(|view| {
                let waits = threads_waiting.contains(view.thread.id.as_str());
                ThreadItem::new(view, waits)
            })
            .collect(),
        sections: review
            .statuses(&now)
            .into_iter()
            .map(|s| {
                let waits = sections_waiting.contains(&s.status.section);
                SectionStatusView::new(s, waits)
            })
            .collect(),
        me,
    }
}

#[cfg(test)]
#[path = "reviewing_tests.rs"]
mod tests;
