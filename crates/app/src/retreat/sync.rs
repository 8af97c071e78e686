//! One-shot sync (`throughline sync`): exchange both of the plan's documents once with a host
//! or a y-websocket server, and return.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use throughline_session::{sync_once, JoinAddress, PlanSink, SyncReport};

use super::join::{open_copy, remove_new_copy, rooms_for};
use super::shared::Starting;
use super::RetreatError;

/// What `throughline sync` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    /// Bytes of changes that were new here, both documents together.
    pub received_bytes: usize,
    pub refused: Option<String>,
}

/// Exchanges updates once with the host or y-websocket server at `address` (see
/// [`super::join_address`]): saves into the plan at `path` (created if missing) what the
/// server has of the plan and its review, gives it what the plan has, and returns once the
/// server has taken that in. Each room gets `within`.
pub fn sync_with(
    path: &Path,
    author: &str,
    address: &JoinAddress,
    within: Duration,
) -> Result<SyncSummary, RetreatError> {
    let (plan_room, review_room) = rooms_for(address, author)?;
    let is_new = !path.exists();
    let plan = open_copy(path, author, address)?;
    let starting = Starting::open(plan)?;
    let exchange = |room: &JoinAddress, doc: &yrs::Doc| {
        starting.network.block_on(sync_once(
            room,
            doc.clone(),
            Arc::clone(&starting.sink) as Arc<dyn PlanSink>,
            within,
        ))
    };
    let result = exchange(&plan_room, &starting.plan).and_then(|plan: SyncReport| {
        let review = exchange(&review_room, &starting.review)?;
        Ok(SyncSummary {
            received_bytes: plan.received_bytes + review.received_bytes,
            refused: plan.refused.or(review.refused),
        })
    });
    starting.close()?;
    if result.is_err() && is_new {
        remove_new_copy(path);
    }
    Ok(result?)
}
