//! Capture of this laptop's own changes (not peers', not those loaded from the file) as they
//! are made, so that each side of a session sends them once they are committed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use throughline_session::Layer;
use yrs::{Doc, Origin};

use super::lock;
use crate::error::AppError;

/// The updates made here since they were last sent, per document.
#[derive(Default)]
pub(super) struct Captured {
    pub(super) plan: Vec<Vec<u8>>,
    pub(super) review: Vec<Vec<u8>>,
}

impl Captured {
    /// Both layers' updates, the plan's first (a comment may anchor into text just typed).
    pub(super) fn into_updates(self) -> impl Iterator<Item = (Layer, Vec<u8>)> {
        let plan = self.plan.into_iter().map(|u| (Layer::Plan, u));
        let review = self.review.into_iter().map(|u| (Layer::Review, u));
        plan.chain(review)
    }
}

static NEXT_OBSERVER: AtomicU64 = AtomicU64::new(1);

/// Watches `doc` (the `layer` document) for this laptop's own changes.
pub(super) fn capture_local(
    doc: &Doc,
    into: &Arc<Mutex<Captured>>,
    layer: Layer,
) -> Result<(), AppError> {
    let key = format!(
        "throughline-app/retreat/{}",
        NEXT_OBSERVER.fetch_add(1, Ordering::Relaxed)
    );
    let captured = Arc::clone(into);
    let peers = Origin::from(throughline_session::SYNC_ORIGIN);
    let file = Origin::from(throughline_store::STORE_ORIGIN);
    doc.observe_update_v1(key.as_str(), move |txn, event| {
        let origin = txn.origin();
        if origin == Some(&peers) || origin == Some(&file) {
            return;
        }
        let mut captured = lock(&captured);
        match layer {
            Layer::Plan => captured.plan.push(event.update.clone()),
            Layer::Review => captured.review.push(event.update.clone()),
        }
    })
    .map_err(|_| AppError::Plan(throughline_plan::PlanError::Damaged))?;
    Ok(())
}
