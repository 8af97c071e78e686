//! The review layer of an open plan: comments, section status and "waiting on me", kept in the
//! plan file beside the plan (its own document, log and room), so a reviewer can take part
//! without being able to change the plan.

use serde::Serialize;
use throughline_plan::vocab::ReviewStatus;
use throughline_plan::{PlanError, SectionId};
use throughline_review::{
    section_fingerprint, section_fingerprints, On, Placement, Review, ReviewError,
    SectionFingerprints, SectionStatus, Thread, WaitingOnMe,
};
use throughline_store::{PlanFile, StoreError};
use yrs::updates::decoder::Decode;
use yrs::StateVector;

use crate::carry::LoggedChange;
use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::replica;

// Told in the plan's own error words, so every front end's handling of `AppError` covers them.
impl From<ReviewError> for AppError {
    fn from(e: ReviewError) -> AppError {
        let bad = |field: &str, why: String| {
            AppError::Plan(PlanError::BadValue {
                noun: "comment",
                field: field.to_string(),
                why,
            })
        };
        match e {
            ReviewError::Plan(p) => AppError::Plan(p),
            ReviewError::NoSuchThread(id) => AppError::Plan(PlanError::NoSuchItem {
                noun: "comment thread",
                id,
            }),
            ReviewError::NoSuchObject(at) => AppError::Plan(PlanError::NoSuchItem {
                noun: "part of the plan",
                id: at,
            }),
            ReviewError::EmptyComment => bad("body", "cannot be empty".into()),
            ReviewError::NoAuthor => bad("author", "cannot be empty".into()),
            e @ (ReviewError::NoText { .. } | ReviewError::BadRange { .. }) => {
                bad("anchor", e.to_string())
            }
            ReviewError::BadUpdate(_) | ReviewError::Damaged => AppError::UnreadableUpdate,
        }
    }
}

/// A section's review status, and whether the section has changed since it was approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusView {
    #[serde(flatten)]
    pub status: SectionStatus,
    /// Approved, but the section no longer says what was approved.
    pub changed_since_approval: bool,
}

/// A thread and where its anchor lands in the plan now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadView {
    pub thread: Thread,
    pub placement: Placement,
}

/// The review document of one plan file, open for one person.
pub struct OpenReview {
    file: PlanFile,
    review: Review,
    author: String,
    /// Changes made in the document whose write failed: saved first on the next change.
    unsaved: Vec<Vec<u8>>,
}

impl std::fmt::Debug for OpenReview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenReview")
            .field("path", &self.file.path())
            .field("author", &self.author)
            .finish()
    }
}

impl OpenReview {
    /// Opens the review document of an open plan, as the plan's author.
    pub fn open(plan: &OpenPlan) -> Result<OpenReview, AppError> {
        let mut file = plan.second_connection()?;
        let mut review = Review::empty(replica::client_id());
        if let Err(StoreError::PoisonedUpdate { .. }) = file.load_review_into(review.doc()) {
            // The row that broke yrs is in quarantine now; load the rest into a fresh document.
            review = Review::empty(replica::client_id());
            file.load_review_into(review.doc())?;
        }
        Ok(OpenReview {
            file,
            review,
            author: plan.author().to_string(),
            unsaved: Vec::new(),
        })
    }

    /// The live review document (the sync bridge reads and feeds it).
    pub fn review(&self) -> &Review {
        &self.review
    }

    fn save(&mut self, update: Vec<u8>) -> Result<(), AppError> {
        let now = Now::read();
        self.unsaved.push(update);
        while let Some(first) = self.unsaved.first() {
            self.file
                .append_review(first, &self.author, now.ms)
                .map_err(AppError::NotSaved)?;
            self.unsaved.remove(0);
        }
        Ok(())
    }

    /// Comments on a range of plan text or a plan object, asking `asked` to answer. Returns
    /// the new thread's id once it is saved.
    pub fn comment(
        &mut self,
        plan: &OpenPlan,
        on: &On,
        body: &str,
        asked: &[String],
    ) -> Result<String, AppError> {
        let now = Now::read();
        let made = self
            .review
            .comment(plan.plan(), on, &self.author, &now.rfc3339, body, asked)?;
        self.save(made.update)?;
        made.id.ok_or_else(|| ReviewError::EmptyComment.into())
    }

    /// Replies in a thread.
    pub fn reply(&mut self, thread: &str, body: &str) -> Result<(), AppError> {
        let now = Now::read();
        let made = self
            .review
            .reply(thread, &self.author, &now.rfc3339, body)?;
        self.save(made.update)
    }

    pub fn resolve(&mut self, thread: &str) -> Result<(), AppError> {
        let now = Now::read();
        let made = self.review.resolve(thread, &self.author, &now.rfc3339)?;
        self.save(made.update)
    }

    pub fn reopen(&mut self, thread: &str) -> Result<(), AppError> {
        let now = Now::read();
        let made = self.review.reopen(thread, &self.author, &now.rfc3339)?;
        self.save(made.update)
    }

    /// Sets a section's review status; `asked` names the reviewers for "ready for review". An
    /// approval remembers what `plan`'s section says now, so a later change shows.
    pub fn set_status(
        &mut self,
        plan: &OpenPlan,
        section: SectionId,
        status: ReviewStatus,
        asked: &[String],
    ) -> Result<(), AppError> {
        let now = Now::read();
        let content = section_fingerprint(&plan.content(), section);
        let made =
            self.review
                .set_status(section, status, &self.author, &now.rfc3339, asked, &content)?;
        self.save(made.update)
    }

    /// Every thread with where it lands in the plan now, oldest first.
    pub fn threads(&self, plan: &OpenPlan) -> Vec<ThreadView> {
        self.review
            .threads()
            .into_iter()
            .map(|thread| ThreadView {
                placement: thread.placement(plan.plan()),
                thread,
            })
            .collect()
    }

    /// Every section's review status in canonical order, each beside what `plan` says now.
    pub fn statuses_now(&self, plan: &OpenPlan) -> Vec<StatusView> {
        self.statuses(&section_fingerprints(&plan.content()))
    }

    /// Every section's review status in canonical order, each beside what the section says
    /// now (`now`: [`section_fingerprints`] of the plan's content).
    pub fn statuses(&self, now: &SectionFingerprints) -> Vec<StatusView> {
        self.review
            .statuses()
            .into_iter()
            .map(|status| StatusView {
                changed_since_approval: now
                    .get(&status.section)
                    .is_some_and(|now| status.changed_since_approval(now)),
                status,
            })
            .collect()
    }

    /// What waits on this laptop's person (the rule is on [`WaitingOnMe`]).
    pub fn waiting_on_me(&self, plan: &OpenPlan) -> WaitingOnMe {
        let now = section_fingerprints(&plan.content());
        self.review.waiting_on(&self.author, &now)
    }

    /// Takes in an update from the review room. It is committed before it is applied; bytes
    /// that are not an update are kept in the file's review quarantine and change nothing.
    /// Returns whether the review document changed.
    pub fn receive_update(&mut self, update: &[u8], author: &str) -> Result<bool, AppError> {
        let now = Now::read();
        self.file.append_review(update, author, now.ms)?;
        let before = self.review.state_vector();
        match self.review.apply_update(update) {
            Ok(()) => Ok(self.review.state_vector() != before),
            Err(ReviewError::Damaged) => {
                self.reload()?;
                Err(AppError::UnreadableUpdate)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Saves review changes carried from another copy, each under its own author and time,
    /// then applies them as this laptop's (so a session sends them on).
    pub(crate) fn save_carried(&mut self, changes: &[LoggedChange]) -> Result<(), AppError> {
        for change in changes {
            self.file
                .append_review(&change.data, &change.author, change.at_ms)?;
            self.review.apply_update(&change.data)?;
        }
        Ok(())
    }

    /// What this replica has that a peer with the given state vector (Yjs v1) lacks.
    pub fn diff_for(&self, state_vector_v1: &[u8]) -> Result<Vec<u8>, AppError> {
        let sv = StateVector::decode_v1(state_vector_v1).map_err(|_| AppError::UnreadableUpdate)?;
        Ok(self.review.encode_diff(&sv))
    }

    /// Picks up what other processes saved to the review document.
    pub fn refresh(&mut self) -> Result<(), AppError> {
        self.file.load_review_into(self.review.doc())?;
        Ok(())
    }

    fn reload(&mut self) -> Result<(), AppError> {
        let fresh = Review::empty(replica::client_id());
        if let Err(StoreError::PoisonedUpdate { .. }) = self.file.load_review_into(fresh.doc()) {
            let again = Review::empty(replica::client_id());
            self.file.load_review_into(again.doc())?;
            self.review = again;
        } else {
            self.review = fresh;
        }
        Ok(())
    }

    /// Folds the review log when due and closes the connection.
    pub fn close(mut self) -> Result<(), AppError> {
        let now = Now::read();
        for update in std::mem::take(&mut self.unsaved) {
            self.file
                .append_review(&update, &self.author, now.ms)
                .map_err(AppError::NotSaved)?;
        }
        if self.file.review_should_compact()? {
            self.file.compact_review()?;
        }
        self.file.close()?;
        Ok(())
    }
}
