//! The SQLite sink: what peers send is saved into this laptop's plan file through connections
//! of its own (the front end's edits keep theirs). On a host, each room's relay thread hands it
//! everything that queued up during the last commit (thirty peers typing share fsyncs), and
//! relays only once that is committed.

use std::sync::{Arc, Mutex};

use throughline_session::{Layer, PeerUpdate, PlanSink, SinkError};
use throughline_store::{NewUpdate, PlanFile, StoreError};
use yrs::Doc;

use super::arrivals::{Arrival, Listening};
use super::capture::{capture_local, Captured};
use super::shared::Open;
use super::{lock, RetreatError};
use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::open_review::OpenReview;

pub(super) struct FileSink {
    open: Arc<Mutex<Open>>,
    captured: Arc<Mutex<Captured>>,
    /// Told of what was saved, once it is committed.
    listening: Arc<Listening>,
    /// `None` once closed.
    plan_file: Mutex<Option<PlanFile>>,
    review_file: Mutex<Option<PlanFile>>,
}

fn closed() -> SinkError {
    SinkError(String::from("the plan file is closed"))
}

impl PlanSink for FileSink {
    fn save(&self, layer: Layer, updates: &[PeerUpdate]) -> Result<(), SinkError> {
        let failed = |e: StoreError| SinkError(e.to_string());
        let at_ms = Now::read().ms;
        match layer {
            Layer::Plan => {
                let mut plan_file = lock(&self.plan_file);
                let file = plan_file.as_mut().ok_or_else(closed)?;
                let rows: Vec<NewUpdate<'_>> = updates
                    .iter()
                    .map(|u| NewUpdate {
                        data: &u.update,
                        author: &u.author,
                        at_ms,
                    })
                    .collect();
                // One transaction for everything that queued during the last commit. The room
                // hands over yrs's encoding of what its document integrated, so the file does
                // not decode it again.
                file.append_integrated(&rows).map_err(failed)?;
                drop(plan_file);
                let saved: Vec<&[u8]> = updates.iter().map(|u| u.update.as_slice()).collect();
                self.listening.tell_plan(&saved);
                self.fold_when_due(updates.len());
                Ok(())
            }
            // The review layer's updates are few (comments, statuses): one append each.
            Layer::Review => {
                let mut review_file = lock(&self.review_file);
                let file = review_file.as_mut().ok_or_else(closed)?;
                for u in updates {
                    file.append_review(&u.update, &u.author, at_ms)
                        .map_err(failed)?;
                }
                drop(review_file);
                if !updates.is_empty() {
                    self.listening.tell(Arrival::Review);
                }
                Ok(())
            }
        }
    }

    fn reload(&self, layer: Layer) -> Result<Doc, SinkError> {
        let fail = |e: AppError| SinkError(e.to_string());
        let mut open = lock(&self.open);
        match layer {
            Layer::Plan => {
                let fresh = OpenPlan::open(open.plan.path(), open.plan.author()).map_err(fail)?;
                capture_local(fresh.plan().doc(), &self.captured, Layer::Plan).map_err(fail)?;
                let doc = fresh.plan().doc().clone();
                open.plan = fresh;
                Ok(doc)
            }
            Layer::Review => {
                let fresh = OpenReview::open(&open.plan).map_err(fail)?;
                capture_local(fresh.review().doc(), &self.captured, Layer::Review).map_err(fail)?;
                let doc = fresh.review().doc().clone();
                open.review = fresh;
                Ok(doc)
            }
        }
    }
}

impl FileSink {
    pub(super) fn start(
        open: &Arc<Mutex<Open>>,
        captured: &Arc<Mutex<Captured>>,
        listening: &Arc<Listening>,
    ) -> Result<Self, RetreatError> {
        let guard = lock(open);
        let plan_file = guard.plan.second_connection()?;
        let review_file = guard.plan.second_connection()?;
        drop(guard);
        Ok(FileSink {
            open: Arc::clone(open),
            captured: Arc::clone(captured),
            listening: Arc::clone(listening),
            plan_file: Mutex::new(Some(plan_file)),
            review_file: Mutex::new(Some(review_file)),
        })
    }

    /// Lets the open plan fold the log once enough has been saved here. Maintenance, never a
    /// reason to refuse what was just committed: if the plan is busy (its lock held by the front
    /// end, which may be waiting on this relay thread) or folding fails, the count stays and the
    /// next save asks again.
    fn fold_when_due(&self, rows: usize) {
        if let Ok(mut open) = self.open.try_lock() {
            let _ = open.plan.saved_elsewhere(rows);
        }
    }

    /// Closes this sink's connections (everything saved is committed); a peer's update that
    /// still arrives is refused as "closed".
    pub(super) fn close(&self) -> Result<(), RetreatError> {
        for file in [&self.plan_file, &self.review_file] {
            if let Some(file) = lock(file).take() {
                file.close()?;
            }
        }
        Ok(())
    }
}
