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
        self.history_of(Log::Plan)
    }

    /// The review document's snapshot and the log after it, as [`PlanFile::plan_history`]
    /// reads the plan's (a merge carries another copy's comments across with their authors).
    pub fn review_history(&self) -> Result<PlanHistory, StoreError> {
        self.history_of(Log::Review)
    }

    /// Who made the updates compaction folded into the plan's snapshot, most updates first:
    /// the only names left for what the snapshot holds.
    pub fn folded_authors(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT author FROM authors ORDER BY updates DESC, author")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn history_of(&self, log: Log) -> Result<PlanHistory, StoreError> {
        let (snapshots, updates_table) = match log {
            Log::Plan => ("snapshots", "updates"),
            Log::Review => ("review_snapshots", "review_updates"),
        };
        let tx = self.conn.unchecked_transaction()?;
        let snapshot: Option<(Vec<u8>, Seq, i64)> = tx
            .query_row(
                &format!("SELECT state, upto_seq, at_ms FROM {snapshots} WHERE id = 1"),
                [],
                |r| Ok((cell_bytes(r.get_ref(0)?).to_vec(), r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let upto = snapshot.as_ref().map_or(0, |s| s.1);
        let mut updates = Vec::new();
        {
            let mut stmt = tx.prepare(&format!(
                "SELECT seq, data, author, at_ms FROM {updates_table} WHERE seq > ?1 ORDER BY seq"
            ))?;
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

/// The two logs a plan file keeps.
#[derive(Clone, Copy)]
enum Log {
    Plan,
    Review,
}
