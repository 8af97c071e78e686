//! Reading the file into the caller's doc: a full load, and catching up with other processes.

use rusqlite::{Connection, OptionalExtension};
use yrs::{Doc, ReadTxn, Transact, TransactionMut};

use crate::log::{self, apply, cell_bytes, finish, Applied};
use crate::sums::Checked;
use crate::{PlanFile, Seq, StoreError, STORE_ORIGIN};

/// What [`PlanFile::load_into`] put into the doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// The snapshot applied first (0: there was none).
    pub snapshot_upto_seq: Seq,
    /// The last log row seen; every committed update up to here is now in the doc.
    pub last_seq: Seq,
    /// Log rows applied after the snapshot.
    pub applied: usize,
    /// Log rows that could not be applied and were moved to quarantine.
    pub quarantined: usize,
    /// The doc holds updates whose predecessors are absent (an incomplete copy): it should ask
    /// a peer for the rest.
    pub missing_updates: bool,
}

impl PlanFile {
    /// Applies the snapshot and then the log after it into `doc`, in one yrs transaction with
    /// origin [`STORE_ORIGIN`]. The caller picks the doc's options (offset kind, client id).
    /// Rows that do not decode or apply are moved to quarantine and counted, never dropped.
    ///
    /// A long log makes this slow (it replays every row); follow with
    /// [`PlanFile::should_compact`] / [`PlanFile::compact_from_doc`] so the next open is fast.
    pub fn load_into(&mut self, doc: &Doc) -> Result<LoadReport, StoreError> {
        let tx = self.conn.transaction()?;
        let data_version = log::data_version(&tx)?;
        let Some(snapshot) = read_snapshot(&tx, self.sums)?.checked() else {
            drop(tx);
            return Err(self.damaged());
        };
        let snapshot_upto_seq = snapshot.as_ref().map_or(0, |s| s.1);
        let mut ytxn = doc
            .try_transact_mut_with(STORE_ORIGIN)
            .map_err(|_| StoreError::DocBusy)?;
        let sums = self.sums;
        let skipped: Vec<Seq> = self.skipped.iter().copied().collect();
        let applied = (|| {
            if let Some((state, _)) = &snapshot {
                apply_snapshot(&mut ytxn, state)?;
            }
            apply_log_after(&tx, &mut ytxn, snapshot_upto_seq, &skipped, sums)
        })();
        let missing_updates = ytxn.has_missing_updates();
        // Always through `finish`: committing after a caught yrs panic may panic again.
        let finished = finish(ytxn);
        let tail = applied?;
        tx.commit()?;
        if tail.damaged {
            return Err(self.damaged());
        }

        self.move_to_quarantine(&tail.bad)?;
        tail.poisoned()?;
        finished?;
        let last_seq = tail.last_seq.max(snapshot_upto_seq);
        self.cursor
            .looked(data_version, last_seq, snapshot_upto_seq);
        Ok(LoadReport {
            snapshot_upto_seq,
            last_seq,
            applied: tail.applied,
            quarantined: tail.bad.len(),
            missing_updates,
        })
    }

    /// Applies into `doc` what other connections (other processes) committed since this
    /// `PlanFile` last looked. Updates appended through this `PlanFile` are taken to be in the
    /// doc already. If another process compacted past what we had seen, its snapshot is applied
    /// first; that is safe because applying an update twice changes nothing. Costs one PRAGMA
    /// when nothing changed. Returns the number of updates (a snapshot counts as one) applied.
    pub fn catch_up(&mut self, doc: &Doc) -> Result<usize, StoreError> {
        if self.cursor.data_version == Some(log::data_version(&self.conn)?) {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let data_version = log::data_version(&tx)?;
        let mut ytxn = doc
            .try_transact_mut_with(STORE_ORIGIN)
            .map_err(|_| StoreError::DocBusy)?;
        let mut from = self.cursor.seen_seq;
        let mut snapshot_upto = self.cursor.snapshot_upto;
        let mut applied = 0;
        let mut own: Vec<Seq> = self.cursor.own.iter().copied().collect();
        own.extend(self.skipped.iter().copied());
        own.sort_unstable();
        let sums = self.sums;
        let mut snapshot_damaged = false;
        let result = (|| {
            if snapshot_upto_seq(&tx)? > from {
                // Rows we never saw were folded away; the snapshot is the only place they remain.
                let Some(snapshot) = read_snapshot(&tx, sums)?.checked() else {
                    snapshot_damaged = true;
                    return Ok(Tail::empty(from));
                };
                if let Some((state, upto)) = snapshot {
                    apply_snapshot(&mut ytxn, &state)?;
                    applied += 1;
                    from = upto;
                    snapshot_upto = upto;
                }
            }
            apply_log_after(&tx, &mut ytxn, from, &own, sums)
        })();
        let finished = finish(ytxn);
        let tail = result?;
        tx.commit()?;
        if tail.damaged || snapshot_damaged {
            return Err(self.damaged());
        }

        self.move_to_quarantine(&tail.bad)?;
        tail.poisoned()?;
        finished?;
        self.cursor
            .looked(data_version, tail.last_seq.max(from), snapshot_upto);
        Ok(applied + tail.applied)
    }
}

pub(crate) struct Tail {
    pub last_seq: Seq,
    pub applied: usize,
    pub bad: Vec<(Seq, String)>,
    /// A row that crashed yrs; application stopped there and the doc must be discarded.
    pub poison: Option<Seq>,
    /// A row failed its checksum: application stopped before it, and the file is damaged.
    pub damaged: bool,
}

impl Tail {
    fn empty(after: Seq) -> Tail {
        Tail {
            last_seq: after,
            applied: 0,
            bad: Vec::new(),
            poison: None,
            damaged: false,
        }
    }

    pub(crate) fn poisoned(&self) -> Result<(), StoreError> {
        match self.poison {
            Some(seq) => Err(StoreError::PoisonedUpdate { seq }),
            None => Ok(()),
        }
    }
}

pub(crate) fn apply_snapshot(
    ytxn: &mut TransactionMut<'_>,
    state: &[u8],
) -> Result<(), StoreError> {
    match apply(ytxn, state) {
        Applied::Yes => Ok(()),
        Applied::Refused(reason) => Err(StoreError::CorruptSnapshot { reason }),
        Applied::Panicked => Err(StoreError::CorruptSnapshot {
            reason: String::from("it is malformed"),
        }),
    }
}

/// Applies every log row after `after` (skipping `skip`, sorted) to `ytxn`; rows that fail are
/// collected rather than applied, for the caller to quarantine once the read is over.
pub(crate) fn apply_log_after(
    conn: &Connection,
    ytxn: &mut TransactionMut<'_>,
    after: Seq,
    skip: &[Seq],
    sums: bool,
) -> Result<Tail, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT seq, data, {} FROM updates WHERE seq > ?1 ORDER BY seq",
        crate::sums::row_is_intact("updates", sums)
    ))?;
    let mut rows = stmt.query([after])?;
    let mut tail = Tail::empty(after);
    while let Some(row) = rows.next()? {
        let seq: Seq = row.get(0)?;
        if !row.get::<_, bool>(2)? {
            tail.damaged = true;
            break;
        }
        tail.last_seq = seq;
        if skip.binary_search(&seq).is_ok() {
            continue;
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

pub(crate) fn read_snapshot(
    conn: &Connection,
    sums: bool,
) -> Result<crate::sums::CheckedSnapshot, StoreError> {
    read_snapshot_of(conn, "snapshots", sums)
}

/// The snapshot row of `table` (`snapshots`, or the review document's `review_snapshots`),
/// with its checksum checked.
pub(crate) fn read_snapshot_of(
    conn: &Connection,
    table: &str,
    sums: bool,
) -> Result<crate::sums::CheckedSnapshot, StoreError> {
    let row = conn
        .query_row(
            &format!(
                "SELECT state, upto_seq, {} FROM {table} WHERE id = 1",
                crate::sums::row_is_intact(table, sums)
            ),
            [],
            |r| {
                Ok((
                    cell_bytes(r.get_ref(0)?).to_vec(),
                    r.get(1)?,
                    r.get::<_, bool>(2)?,
                ))
            },
        )
        .optional()?;
    Ok(Checked::from_row(row))
}

pub(crate) fn snapshot_upto_seq(conn: &Connection) -> Result<Seq, StoreError> {
    Ok(conn
        .query_row("SELECT upto_seq FROM snapshots WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

/// For a caller's own scratch doc: the yrs state as a v1 update plus its state vector.
pub(crate) fn encode_state(doc: &Doc) -> Result<(Vec<u8>, Vec<u8>, bool), StoreError> {
    use yrs::updates::encoder::Encode;
    let txn = doc.try_transact().map_err(|_| StoreError::DocBusy)?;
    let state = txn.encode_state_as_update_v1(&yrs::StateVector::default());
    let state_vector = txn.state_vector().encode_v1();
    Ok((state, state_vector, txn.has_missing_updates()))
}
