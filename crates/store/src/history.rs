//! Reading the plan's log back for history: who changed the plan, when, with which bytes.
//! The store does not know what an update means; the review layer decodes these.

use rusqlite::OptionalExtension;

use crate::log::cell_bytes;
use crate::{PlanFile, Seq, StoreError};

/// One logged update of the plan document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedUpdate {
    pub seq: Seq,
    pub data: Vec<u8>,
    pub author: String,
    pub at_ms: i64,
}

/// The plan as history can see it: the snapshot that earlier updates were folded into (their
/// authors are then only counted, in [`PlanFile::authors`]), and every update logged since.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanHistory {
    /// The folded state (a v1 update), if compaction has run.
    pub snapshot: Option<Vec<u8>>,
    /// Every update with seq <= this is inside the snapshot (0: no snapshot).
    pub snapshot_upto_seq: Seq,
    /// When the snapshot was made.
    pub snapshot_at_ms: Option<i64>,
    /// Updates after the snapshot, oldest first.
    pub updates: Vec<LoggedUpdate>,
}

impl PlanFile {
    /// The snapshot and the log after it, read in one transaction so they fit together.
    pub fn plan_history(&self) -> Result<PlanHistory, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let snapshot: Option<(Vec<u8>, Seq, i64)> = tx
            .query_row(
                "SELECT state, upto_seq, at_ms FROM snapshots WHERE id = 1",
                [],
                |r| Ok((cell_bytes(r.get_ref(0)?).to_vec(), r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let upto = snapshot.as_ref().map_or(0, |s| s.1);
        let mut updates = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT seq, data, author, at_ms FROM updates WHERE seq > ?1 ORDER BY seq",
            )?;
            let mut rows = stmt.query([upto])?;
            while let Some(row) = rows.next()? {
                updates.push(LoggedUpdate {
                    seq: row.get(0)?,
                    data: cell_bytes(row.get_ref(1)?).to_vec(),
                    author: row.get(2)?,
                    at_ms: row.get(3)?,
                });
            }
        }
        tx.commit()?;
        Ok(match snapshot {
            Some((state, upto_seq, at_ms)) => PlanHistory {
                snapshot: Some(state),
                snapshot_upto_seq: upto_seq,
                snapshot_at_ms: Some(at_ms),
                updates,
            },
            None => PlanHistory {
                updates,
                ..PlanHistory::default()
            },
        })
    }
}
