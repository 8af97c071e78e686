//! Folding the update log into a snapshot so opening stays fast and the file stays small.
//!
//! Compaction always goes through a yrs doc (apply, then encode its state), never through
//! `merge_updates_v1`, which is superlinear on long logs and leaves a result many times the
//! size of the state. The snapshot write and the deletion of the rows it folds commit together.

use rusqlite::{Connection, TransactionBehavior};
use yrs::updates::encoder::Encode;
use yrs::{Doc, Transact};

use crate::load::{
    apply_log_after, apply_snapshot, encode_state, read_snapshot, snapshot_upto_seq,
};
use crate::log::{finish, last_assigned_seq, move_rows_to_quarantine};
use crate::{Cursor, PlanFile, Seq, StoreError};

/// From y-leveldb's trim size.
const MAX_LOG_ROWS: u64 = 500;
/// From automerge-repo: compact once the log outweighs the snapshot (and at least this much).
const MIN_LOG_BYTES: u64 = 1 << 20;

pub(crate) fn policy(log_rows: u64, log_bytes: u64, snapshot_bytes: u64) -> bool {
    log_rows >= MAX_LOG_ROWS || log_bytes > MIN_LOG_BYTES.max(snapshot_bytes)
}

/// Who vouches that the state holds every row being folded.
enum Guard<'a> {
    /// The caller's doc, fed by this `PlanFile`: the cursor must cover every folded row.
    Cursor,
    /// A scratch doc built from the file: the snapshot must be the one it was built on.
    SnapshotUnchanged { upto: Seq, bad: &'a [(Seq, String)] },
}

enum Folded {
    Done,
    NothingToFold,
    Stale,
}

impl PlanFile {
    /// Compaction policy: the log has at least 500 rows, or its bytes exceed
    /// max(1 MiB, the snapshot's bytes).
    pub fn should_compact(&self) -> Result<bool, StoreError> {
        let (rows, bytes, snapshot): (i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM updates),
                    (SELECT coalesce(sum(length(data)), 0) FROM updates),
                    (SELECT coalesce(max(length(state)), 0) FROM snapshots)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let u = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(policy(u(rows), u(bytes), u(snapshot)))
    }

    /// Folds the log up to `upto_seq` into a snapshot holding `state_v1`, which the caller
    /// encoded from its live doc. That doc must have been fed by this `PlanFile` (load, catch up,
    /// append) through `upto_seq`; otherwise this refuses with [`StoreError::NotCaughtUp`] rather
    /// than risk a snapshot missing another process's edits. A state holding more than
    /// `upto_seq` is harmless: the rows after it are re-applied on load and change nothing.
    ///
    /// The doc must not have missing updates (`has_missing_updates()`): yrs leaves pending
    /// updates out of an encoded state, so folding their rows would lose them. Prefer
    /// [`PlanFile::compact_from_doc`], which checks that and catches up first.
    pub fn compact_with_state(&mut self, state_v1: &[u8], upto_seq: Seq) -> Result<(), StoreError> {
        self.writable()?;
        let update = crate::log::decode(state_v1).map_err(|reason| StoreError::InvalidState {
            what: "compaction",
            reason,
        })?;
        let state_vector = update.state_vector().encode_v1();
        match self.fold(state_v1, &state_vector, upto_seq, Guard::Cursor)? {
            Folded::Done | Folded::NothingToFold => Ok(()),
            Folded::Stale => Err(StoreError::NotCaughtUp),
        }
    }

    /// Catches `doc` up with the file, then folds everything it has seen into a snapshot encoded
    /// from it. `doc` must be the doc this `PlanFile` loads into. Returns false when there was
    /// nothing to fold, the doc has missing updates (a gap must never be frozen into a
    /// snapshot), or another process compacted at the same moment.
    pub fn compact_from_doc(&mut self, doc: &Doc) -> Result<bool, StoreError> {
        self.writable()?;
        self.catch_up(doc)?;
        let (state, state_vector, missing) = encode_state(doc)?;
        if missing {
            return Ok(false);
        }
        let upto = self.cursor.seen_seq;
        Ok(matches!(
            self.fold(&state, &state_vector, upto, Guard::Cursor)?,
            Folded::Done
        ))
    }

    /// Self-contained compaction: rebuilds the doc from snapshot + log in a scratch doc and
    /// folds it. Skips (false) when the log is empty, the result has missing updates, or another
    /// process compacted meanwhile. Rows that cannot be applied are moved to quarantine.
    pub fn compact(&mut self) -> Result<bool, StoreError> {
        self.writable()?;
        let scratch = Doc::new();
        // Read outside the write lock: rebuilding a long log takes a while and other writers
        // (and this file's other processes) should not wait for it. The guard rechecks.
        let tx = self.conn.transaction()?;
        let Some(snapshot) = read_snapshot(&tx, self.sums)?.checked() else {
            drop(tx);
            return Err(self.damaged());
        };
        let base = snapshot.as_ref().map_or(0, |s| s.1);
        let mut ytxn = scratch.transact_mut();
        let sums = self.sums;
        let result = (|| {
            if let Some((state, _)) = &snapshot {
                apply_snapshot(&mut ytxn, state)?;
            }
            apply_log_after(&tx, &mut ytxn, base, &[], sums)
        })();
        let finished = finish(ytxn);
        let tail = result?;
        tx.commit()?;
        if tail.damaged {
            return Err(self.damaged());
        }
        if tail.poison.is_some() {
            self.move_to_quarantine(&tail.bad)?;
            tail.poisoned()?;
        }
        finished?;
        if tail.last_seq == base {
            return Ok(false);
        }
        let (state, state_vector, missing) = encode_state(&scratch)?;
        if missing {
            return Ok(false);
        }
        let guard = Guard::SnapshotUnchanged {
            upto: base,
            bad: &tail.bad,
        };
        Ok(matches!(
            self.fold(&state, &state_vector, tail.last_seq, guard)?,
            Folded::Done
        ))
    }

    fn fold(
        &mut self,
        state: &[u8],
        state_vector: &[u8],
        upto_seq: Seq,
        guard: Guard<'_>,
    ) -> Result<Folded, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current_upto = snapshot_upto_seq(&tx)?;
        let last_seq = last_assigned_seq(&tx)?;
        if upto_seq > last_seq {
            return Err(StoreError::CompactionBeyondLog { upto_seq, last_seq });
        }
        match guard {
            Guard::Cursor => {
                if upto_seq <= current_upto {
                    return Ok(Folded::NothingToFold);
                }
                if !cursor_covers(&self.cursor, &tx, current_upto, upto_seq)? {
                    return Ok(Folded::Stale);
                }
            }
            Guard::SnapshotUnchanged { upto, bad } => {
                if current_upto != upto {
                    return Ok(Folded::Stale);
                }
                move_rows_to_quarantine(&tx, bad)?;
            }
        }
        // History (per-author attribution) is built from the log; keep its counts before the
        // rows go.
        // SET expressions see the row as it was, so the new sum restates the new values.
        tx.execute(
            "INSERT INTO authors (author, updates, last_at_ms, sum)
             SELECT author, n, last, throughline_sum('authors', author, n, last)
             FROM (SELECT author, count(*) AS n, max(at_ms) AS last
                   FROM updates WHERE seq <= ?1 GROUP BY author)
             WHERE true
             ON CONFLICT (author) DO UPDATE SET
                 updates = updates + excluded.updates,
                 last_at_ms = max(last_at_ms, excluded.last_at_ms),
                 sum = throughline_sum('authors', author, updates + excluded.updates,
                                       max(last_at_ms, excluded.last_at_ms))",
            [upto_seq],
        )?;
        // The snapshot's time is that of the last change it folds (history says "changes
        // before this were folded"): the store reads no clock.
        let folded_at: i64 = tx.query_row(
            "SELECT max(coalesce((SELECT max(at_ms) FROM updates WHERE seq <= ?1), 0),
                        coalesce((SELECT at_ms FROM snapshots WHERE id = 1), 0))",
            [upto_seq],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO snapshots (id, state, state_vector, upto_seq, at_ms, sum)
             VALUES (1, ?1, ?2, ?3, ?4, throughline_sum('snapshots', ?1, ?2, ?3, ?4))
             ON CONFLICT (id) DO UPDATE SET state = excluded.state,
                 state_vector = excluded.state_vector, upto_seq = excluded.upto_seq,
                 at_ms = excluded.at_ms, sum = excluded.sum",
            rusqlite::params![state, state_vector, upto_seq, folded_at],
        )?;
        tx.execute("DELETE FROM updates WHERE seq <= ?1", [upto_seq])?;
        tx.commit()?;
        Ok(Folded::Done)
    }
}

/// Whether the caller's doc provably holds every update being folded: the snapshot being
/// replaced (seen or applied by us) and each row up to `upto_seq` (seen, or our own).
fn cursor_covers(
    c: &Cursor,
    conn: &Connection,
    current_upto: Seq,
    upto_seq: Seq,
) -> Result<bool, StoreError> {
    if current_upto > c.seen_seq && current_upto != c.snapshot_upto {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached("SELECT seq FROM updates WHERE seq > ?1 AND seq <= ?2")?;
    let mut rows = stmt.query([c.seen_seq, upto_seq])?;
    while let Some(row) = rows.next()? {
        if !c.own.contains(&row.get::<_, Seq>(0)?) {
            return Ok(false);
        }
    }
    Ok(true)
}
