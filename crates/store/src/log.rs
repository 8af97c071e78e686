//! Appending to the update log, and the quarantine that catches bytes which are not updates.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use yrs::updates::decoder::Decode;
use yrs::{TransactionMut, Update};

use crate::error::one_line;
use crate::{NewUpdate, PlanFile, QuarantineRow, Seq, StoreError};

impl PlanFile {
    /// Appends one yrs v1 update. Returns once it is committed and fsynced, so the caller may
    /// acknowledge the edit (or relay it) as soon as this returns. Bytes that do not decode are
    /// quarantined instead and reported; the log is left as it was.
    pub fn append(&mut self, update: &[u8], author: &str, at_ms: i64) -> Result<Seq, StoreError> {
        let one = [NewUpdate {
            data: update,
            author,
            at_ms,
        }];
        let mut seqs = self.append_batch(&one)?;
        seqs.pop().ok_or(StoreError::BatchFailed(String::from(
            "no sequence number assigned",
        )))
    }

    /// Appends one yrs v1 update as [`PlanFile::append`] does, and hands back its decoded form:
    /// the caller applies that to its document rather than decoding the same bytes again.
    pub fn append_decoded(
        &mut self,
        update: &[u8],
        author: &str,
        at_ms: i64,
    ) -> Result<(Seq, Update), StoreError> {
        self.writable()?;
        let row = NewUpdate {
            data: update,
            author,
            at_ms,
        };
        let decoded = match decode(update) {
            Ok(decoded) => decoded,
            Err(reason) => return Err(self.quarantine(&[(&row, reason)])),
        };
        let seq = self
            .log_decodable(&[row])?
            .pop()
            .ok_or(StoreError::BatchFailed(String::from(
                "no sequence number assigned",
            )))?;
        Ok((seq, decoded))
    }

    /// Appends several updates in one transaction (one fsync). All or nothing: if any of them
    /// does not decode, those are quarantined, none is logged, and the first bad one is named.
    pub fn append_batch(&mut self, updates: &[NewUpdate<'_>]) -> Result<Vec<Seq>, StoreError> {
        self.writable()?;
        let bad: Vec<(&NewUpdate<'_>, String)> = updates
            .iter()
            .filter_map(|u| decode_check(u.data).err().map(|reason| (u, reason)))
            .collect();
        if !bad.is_empty() {
            return Err(self.quarantine(&bad));
        }
        self.log_decodable(updates)
    }

    /// Logs, in one transaction, updates a live document has just integrated, in yrs's own
    /// encoding of what that changed (a host's relay thread saving what its room took in).
    /// They are not decoded again: the room decoded them to integrate them, and yrs wrote these
    /// bytes. Anything else goes through [`PlanFile::append`] or [`PlanFile::append_batch`],
    /// which quarantine what does not decode.
    pub fn append_integrated(&mut self, updates: &[NewUpdate<'_>]) -> Result<Vec<Seq>, StoreError> {
        self.writable()?;
        self.log_decodable(updates)
    }

    /// Logs updates already known to decode, in one transaction.
    fn log_decodable(&mut self, updates: &[NewUpdate<'_>]) -> Result<Vec<Seq>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let data_version = data_version(&tx)?;
        let mut seqs = Vec::with_capacity(updates.len());
        for u in updates {
            seqs.push(insert_update(&tx, u)?);
        }
        tx.commit()?;
        self.cursor.appended(data_version, &seqs);
        Ok(seqs)
    }

    /// Keeps bytes that are not updates in the quarantine and names the first of them; the
    /// error to return (a failure to quarantine is returned in its place).
    fn quarantine(&mut self, bad: &[(&NewUpdate<'_>, String)]) -> StoreError {
        let mut kept = || -> Result<i64, StoreError> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut first_id = None;
            for (u, reason) in bad {
                let id = insert_quarantine(&tx, u, reason)?;
                first_id.get_or_insert(id);
            }
            tx.commit()?;
            Ok(first_id.unwrap_or_default())
        };
        match (kept(), bad.first()) {
            (Ok(quarantine_id), Some((first, reason))) => StoreError::UndecodableUpdate {
                quarantine_id,
                author: first.author.to_owned(),
                reason: reason.clone(),
            },
            (Err(e), _) => e,
            (Ok(_), None) => StoreError::BatchFailed(String::from("nothing to quarantine")),
        }
    }

    /// Oldest first.
    pub fn quarantined(&self) -> Result<Vec<QuarantineRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, received_at_ms, author, data, error, original_seq FROM quarantine ORDER BY id",
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

    /// Moves logged rows that could not be applied out of the log, in one transaction, so they
    /// are kept for inspection and never silently lost, and later loads no longer trip on them.
    pub(crate) fn move_to_quarantine(&mut self, bad: &[(Seq, String)]) -> Result<(), StoreError> {
        if self.read_only {
            // A file opened for reading is never written: the rows stay for a writer to set
            // aside, and this connection skips them from now on.
            self.skipped.extend(bad.iter().map(|(seq, _)| *seq));
            return Ok(());
        }
        if bad.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        move_rows_to_quarantine(&tx, bad)?;
        tx.commit()?;
        Ok(())
    }
}

pub(crate) fn move_rows_to_quarantine(
    conn: &Connection,
    bad: &[(Seq, String)],
) -> Result<(), StoreError> {
    let mut copy = conn.prepare_cached(
        "INSERT INTO quarantine (received_at_ms, author, data, error, original_seq, sum)
         SELECT at_ms, author, d, ?2, seq, throughline_sum('quarantine', at_ms, author, d, ?2, seq)
         FROM (SELECT at_ms, author, coalesce(CAST(data AS BLOB), x'') AS d, seq
               FROM updates WHERE seq = ?1)",
    )?;
    let mut delete = conn.prepare_cached("DELETE FROM updates WHERE seq = ?1")?;
    for (seq, reason) in bad {
        copy.execute(rusqlite::params![seq, reason])?;
        delete.execute([seq])?;
    }
    Ok(())
}

fn insert_update(conn: &Connection, u: &NewUpdate<'_>) -> Result<Seq, StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO updates (data, author, at_ms, sum)
             VALUES (?1, ?2, ?3, throughline_sum('updates', ?1, ?2, ?3))",
    )?;
    stmt.execute(rusqlite::params![u.data, u.author, u.at_ms])?;
    Ok(conn.last_insert_rowid())
}

fn insert_quarantine(
    conn: &Connection,
    u: &NewUpdate<'_>,
    reason: &str,
) -> Result<i64, StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO quarantine (received_at_ms, author, data, error, sum)
         VALUES (?1, ?2, ?3, ?4, throughline_sum('quarantine', ?1, ?2, ?3, ?4, NULL))",
    )?;
    stmt.execute(rusqlite::params![u.at_ms, u.author, u.data, reason])?;
    Ok(conn.last_insert_rowid())
}

/// Changes only when another connection commits, which is what lets `catch_up` be free when
/// nothing happened and lets our own appends advance the cursor without re-reading the log.
pub(crate) fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Not `max(seq)`: compaction deletes rows, but AUTOINCREMENT remembers the highest seq issued.
pub(crate) fn last_assigned_seq(conn: &Connection) -> Result<Seq, StoreError> {
    Ok(conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'updates'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// A log cell as bytes. STRICT typing is only enforced on write, so a damaged or hand-edited
/// file may hold anything; anything but a blob simply fails to decode and is quarantined.
pub(crate) fn cell_bytes<'a>(value: ValueRef<'a>) -> &'a [u8] {
    match value {
        ValueRef::Blob(b) | ValueRef::Text(b) => b,
        _ => &[],
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Update, String> {
    // yrs is meant to return errors on malformed input; the guard keeps a decoder bug from
    // turning a bad file or a hostile peer into a crash of the app.
    match catch_unwind(AssertUnwindSafe(|| Update::decode_v1(bytes))) {
        Ok(Ok(update)) => Ok(update),
        Ok(Err(e)) => Err(one_line(&e.to_string())),
        Err(_) => Err(String::from("the update decoder failed on these bytes")),
    }
}

pub(crate) fn decode_check(bytes: &[u8]) -> Result<(), String> {
    decode(bytes).map(|_| ())
}

/// How applying one update went.
pub(crate) enum Applied {
    Yes,
    /// Not an update, or one yrs rejects; the doc is unchanged by it.
    Refused(String),
    /// yrs panicked while integrating it: the doc may be half-changed and must be discarded.
    Panicked,
}

/// Decodes and integrates one update into an open yrs transaction. yrs 0.28 can panic on a
/// well-formed but inconsistent update (found by fuzzing with flipped bytes); a plan file or a
/// peer must not be able to crash the app that way, so the panic is caught and reported.
pub(crate) fn apply(txn: &mut TransactionMut<'_>, bytes: &[u8]) -> Applied {
    let update = match decode(bytes) {
        Ok(u) => u,
        Err(reason) => return Applied::Refused(reason),
    };
    match catch_unwind(AssertUnwindSafe(|| txn.apply_update(update))) {
        Ok(Ok(())) => Applied::Yes,
        Ok(Err(e)) => Applied::Refused(one_line(&e.to_string())),
        Err(_) => Applied::Panicked,
    }
}

/// Commits a yrs transaction, which integrates pending structures and may itself trip on an
/// inconsistent update applied earlier in it.
pub(crate) fn finish(txn: TransactionMut<'_>) -> Result<(), StoreError> {
    catch_unwind(AssertUnwindSafe(move || drop(txn))).map_err(|_| StoreError::DocCorrupted)
}
