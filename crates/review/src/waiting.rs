//! The "waiting on me" list: what needs a person's answer.

use throughline_plan::vocab::ReviewStatus;

use crate::status::SectionStatus;
use crate::thread::{Thread, ThreadState};

/// What is waiting on one person.
///
/// The rule, in full (names compare without regard to case or surrounding spaces):
///
/// - **A thread** waits on you when it is open, the last message in it is someone else's, and
///   you are in the conversation: you opened it, replied in it, or were asked to answer it.
///   Answering (replying) or resolving it takes it off your list; a new message from someone
///   else puts it back. Resolved threads wait on nobody.
/// - **A section** waits on you when it is *ready for review* and you are one of the people
///   asked to review it, or when it *needs work* and you are the person who last marked it
///   ready for review (the reviewer sent it back to you), or when it is *approved* by you and
///   has changed since you approved it (your approval no longer covers what it says). Drafts,
///   and approved sections that still say what was approved, wait on nobody.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitingOnMe {
    pub sections: Vec<SectionStatus>,
    pub threads: Vec<Thread>,
}

pub(crate) fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

pub(crate) fn thread_waits_on(thread: &Thread, person: &str) -> bool {
    if thread.state != ThreadState::Open || same_person(thread.last_author(), person) {
        return false;
    }
    same_person(&thread.author, person)
        || thread
            .messages
            .iter()
            .any(|m| same_person(&m.author, person))
        || thread.asked.iter().any(|a| same_person(a, person))
}

/// `now`: the fingerprint of what the section says now.
pub(crate) fn section_waits_on(status: &SectionStatus, person: &str, now: &str) -> bool {
    match status.status {
        ReviewStatus::ReadyForReview => status.asked.iter().any(|a| same_person(a, person)),
        ReviewStatus::NeedsWork => status
            .submitted_by
            .as_deref()
            .is_some_and(|s| same_person(s, person)),
        ReviewStatus::Approved => {
            status.changed_since_approval(now)
                && status
                    .by
                    .as_deref()
                    .is_some_and(|by| same_person(by, person))
        }
        ReviewStatus::Draft => false,
    }
}

impl WaitingOnMe {
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.threads.is_empty()
    }
}
