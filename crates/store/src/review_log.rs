//! The review document's own log, snapshot and quarantine (file format 2).
//!
//! The review layer (comment threads, section status) is a second Yjs document synced in its
//! own room, so a reviewer writes only here and never the plan's log. Review documents stay
//! small (a few hundred comments), so loading replays everything and compaction rebuilds the
//! state inside one write transaction: simpler than the plan log's cursor bookkeeping, and just
//! as safe.

use rusqlite::{Connection, TransactionBehavior};
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, StateVector, Transact, TransactionMut};

use crate::log::{apply, cell_bytes, decode_check, finish, Applied};
use crate::{LoadReport, PlanFile, QuarantineRow, Seq, StoreError, STORE_ORIGIN};

/// Fold the review log once it has this many rows (the plan log's threshold).
const MAX_REVIEW_LOG_ROWS: i64 = 500;

impl PlanFile {
    /// Appends one update of the review document, committed and fsynced before it returns.
    /// Bytes that do not decode are kept in the review quarantine and refused.
    pub fn append_review(
        &mut self,
        update: &[u8],
        author: &str,
        at_ms: i64,
    ) -> Result<Seq, StoreError> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Err(reason) = decode_check(update) {
            tx.execute(
                "INSERT INTO review_quarantine (received_at_ms, author, data, error, sum)
                 VALUES (?1, ?2, ?3, ?4,
                         throughline_sum('review_quarantine', ?1, ?2, ?3, ?4, NULL))",
                rusqlite::params![at_ms, author, update, reason],
            )?;
            let quarantine_id = tx.last_insert_rowid();
            tx.commit()?;
            return Err(StoreError::UndecodableUpdate {
                quarantine_id,
                author: author.to_owned(),
                reason,
            });
        }
        tx.execute(
            "INSERT INTO review_updates (data, author, at_ms, sum)
             VALUES (?1, ?2, ?3, throughline_sum('review_updates', ?1, ?2, ?3))",
            rusqlite::params![update, author, at_ms],
        )?;
        let seq = tx.last_insert_rowid();
        tx.commit()?;
        Ok(seq)
    }

    /// Applies the review snapshot and every review update after it into `doc`, with origin
    /// [`STORE_ORIGIN`]. Applying is idempotent, so calling this again on the same doc picks up
    /// what other processes added. Rows that cannot be applied move to the review quarantine.
    pub fn load_review_into(&mut self, doc: &Doc) -> Result<LoadReport, StoreError> {
        let tx = self.conn.transaction()?;
        let snapshot = read_review_snapshot(&tx, self.sums)?;
        let Some(snapshot) = snapshot.checked() else {
            drop(tx);
            return Err(self.damaged());
        };
        let snapshot_upto_seq = snapshot.as_ref().map_or(0, |s| s.1);
        let mut ytxn = doc
            .try_transact_mut_with(STORE_ORIGIN)
            .map_err(|_| StoreError::DocBusy)?;
        let replayed = replay(&tx, &mut ytxn, snapshot.as_ref(), self.sums);
        let missing_updates = ytxn.has_missing_updates();
        let finished = finish(ytxn);
        let tail = replayed?;
        tx.commit()?;
        if tail.damaged {
            return Err(self.damaged());
        }
        if !tail.bad.is_empty() && !self.read_only {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            quarantine_rows(&tx, &tail.bad)?;
            tx.commit()?;
        }
        if let Some(seq) = tail.poison {
            return Err(StoreError::PoisonedUpdate { seq });
        }
        finished?;
        Ok(LoadReport {
            snapshot_upto_seq,
            last_seq: tail.last_seq.max(snapshot_upto_seq),
            applied: tail.applied,
            quarantined: tail.bad.len(),
            missing_updates,
        })
    }

    /// Whether the review log is long enough to fold.
    pub fn review_should_compact(&self) -> Result<bool, StoreError> {
        let rows: i64 = self
            .conn
            .query_row("SELECT count(*) FROM review_updates", [], |r| r.get(0))?;
        Ok(rows >= MAX_REVIEW_LOG_ROWS)
    }

    /// Folds the whole review log into its snapshot, in one write transaction: the state is
    /// rebuilt from the file itself, so nothing another process appended can be lost. Returns
    /// false when there was nothing to fold or the log has a gap (which must never be frozen).
    pub fn compact_review(&mut self) -> Result<bool, StoreError> {
        self.writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let snapshot = read_review_snapshot(&tx, self.sums)?;
        let Some(snapshot) = snapshot.checked() else {
            drop(tx);
            return Err(self.damaged());
        };
        let base = snapshot.as_ref().map_or(0, |s| s.1);
        let scratch = Doc::new();
        let mut ytxn = scratch.transact_mut();
        let replayed = replay(&tx, &mut ytxn, snapshot.as_ref(), self.sums);
        let missing = ytxn.has_missing_updates();
        let finished = finish(ytxn);
        let tail = replayed?;
        if tail.damaged {
            drop(tx);
            return Err(self.damaged());
        }
        if let Some(seq) = tail.poison {
            quarantine_rows(&tx, &tail.bad)?;
            tx.commit()?;
            return Err(StoreError::PoisonedUpdate { seq });
        }
        finished?;
        if tail.last_seq == base || missing {
            return Ok(false);
        }
        let (state, state_vector) = {
            let txn = scratch.try_transact().map_err(|_| StoreError::DocBusy)?;
            (
                txn.encode_state_as_update_v1(&StateVector::default()),
                txn.state_vector().encode_v1(),
            )
        };
        // The snapshot's time is that of the last change it folds: the store reads no clock.
        let folded_at: i64 = tx.query_row(
            "SELECT coalesce(max(at_ms), 0) FROM review_updates WHERE seq <= ?1",
            [tail.last_seq],
            |r| r.get(0),
        )?;
        quarantine_rows(&tx, &tail.bad)?;
        tx.execute(
            "INSERT INTO review_snapshots (id, state, state_vector, upto_seq, at_ms, sum)
             VALUES (1, ?1, ?2, ?3, ?4,
                     throughline_sum('review_snapshots', ?1, ?2, ?3, ?4))
             ON CONFLICT (id) DO UPDATE SET state = excluded.state,
                 state_vector = excluded.state_vector, upto_seq = excluded.upto_seq,
                 at_ms = excluded.at_ms, sum = excluded.sum",
            rusqlite::params![state, state_vector, tail.last_seq, folded_at],
        )?;
        tx.execute(
            "DELETE FROM review_updates WHERE seq <= ?1",
            [tail.last_seq],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Review updates that could not be read, oldest first.
    pub fn review_quarantined(&self) -> Result<Vec<QuarantineRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, received_at_ms, author, data, error, original_seq
             FROM review_quarantine ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuarantineRow {
                id: r.get(0)?,
                received_at_ms: r.get(1)?,
                author: r.get(2)?,
                data: r.get(3)?,
                error: r.get(4)?,
                original_seq: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Review log rows still in the log (not folded into the snapshot).
    pub fn review_log_rows(&self) -> Result<u64, StoreError> {
        let rows: i64 = self
            .conn
            .query_row("SELECT count(*) FROM review_updates", [], |r| r.get(0))?;
        Ok(u64::try_from(rows).unwrap_or(0))
    }
}

struct ReviewTail {
    last_seq: Seq,
    applied: usize,
    bad: Vec<(Seq, String)>,
    poison: Option<Seq>,
    /// A row failed its checksum: replay stopped there, and the file is damaged.
    damaged: bool,
}

fn replay(
    conn: &Connection,
    ytxn: &mut TransactionMut<'_>,
    snapshot: Option<&(Vec<u8>, Seq)>,
    sums: bool,
) -> Result<ReviewTail, StoreError> {
    let after = snapshot.map_or(0, |s| s.1);
    if let Some((state, _)) = snapshot {
        match apply(ytxn, state) {
            Applied::Yes => {}
            Applied::Refused(reason) => return Err(StoreError::CorruptSnapshot { reason }),
            Applied::Panicked => {
                return Err(StoreError::CorruptSnapshot {
                    reason: String::from("it is malformed"),
                })
            }
        }
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT seq, data, {} FROM review_updates WHERE seq > ?1 ORDER BY seq",
        crate::sums::row_is_intact("review_updates", sums)
    ))?;
    let mut rows = stmt.query([after])?;
    let mut tail = ReviewTail {
        last_seq: after,
        applied: 0,
        bad: Vec::new(),
        poison: None,
        damaged: false,
    };
    while let Some(row) = rows.next()? {
        let seq: Seq = row.get(0)?;
        tail.last_seq = seq;
        if !row.get::<_, bool>(2)? {
            tail.damaged = true;
            break;
        }
        match apply(ytxn, cell_bytes(row.get_ref(1)?)) {
            Applied::Yes => tail.applied += 1,
            Applied::Refused(reason) => tail.bad.push((seq, reason)),
            Applied::Panicked => {
                tail.bad.push((
                    seq,
                    String::from("malformed: applying it crashed the CRDT library"),
                ));
                tail.poison = Some(seq);
                break;
            }
        }
    }
    Ok(tail)
}

fn quarantine_rows(conn: &Connection, bad: &[(Seq, String)]) -> Result<(), StoreError> {
    let mut copy = conn.prepare_cached(
        "INSERT INTO review_quarantine (received_at_ms, author, data, error, original_seq, sum)
         SELECT at_ms, author, d, ?2, seq,
                throughline_sum('review_quarantine', at_ms, author, d, ?2, seq)
         FROM (SELECT at_ms, author, coalesce(CAST(data AS BLOB), x'') AS d, seq
               FROM review_updates WHERE seq = ?1)",
    )?;
    let mut delete = conn.prepare_cached("DELETE FROM review_updates WHERE seq = ?1")?;
    for (seq, reason) in bad {
        copy.execute(rusqlite::params![seq, reason])?;
        delete.execute([seq])?;
    }
    Ok(())
}

fn read_review_snapshot(
    conn: &Connection,
    sums: bool,
) -> Result<crate::sums::CheckedSnapshot, StoreError> {
    crate::load::read_snapshot_of(conn, "review_snapshots", sums)
}
