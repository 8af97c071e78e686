//! Copying everything that can still be read from a damaged plan file into a new one, and
//! naming what could not be recovered. The damaged file is only ever read.
//!
//! SQLite's own recovery extension is not part of the bundled library, so rows are read one at
//! a time by rowid: a broken page costs the rows on it, not the rest of the table. Each row is
//! kept only if its checksum still holds (rows of a file from before checksums are kept when
//! they read back); a log row that fails is set aside in the copy's quarantine, never applied.

use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::sums::{row_is_intact, SUMMED};
use crate::{damage, open_files, probe, PlanFile, StoreError};

/// What a repair brought over, table by table, and what it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// (table, rows copied, rows found): every table that had rows.
    pub recovered: Vec<(&'static str, u64, u64)>,
    /// One line per loss, in a person's words.
    pub lost: Vec<String>,
}

impl RepairReport {
    /// "recovered 338 of 340 saved changes", one line per kind of row, in a person's words.
    pub fn recovered_lines(&self) -> Vec<String> {
        self.recovered
            .iter()
            .map(|(table, copied, found)| {
                let (one, many) = damage::words(table);
                let noun = if *found == 1 { one } else { many };
                format!("recovered {copied} of {found} {noun}")
            })
            .collect()
    }

    /// Log rows (the plan's saved changes) copied.
    pub fn changes_recovered(&self) -> u64 {
        self.recovered
            .iter()
            .find(|(t, _, _)| *t == "updates")
            .map_or(0, |r| r.1)
    }
}

/// The meta keys `PlanFile::create` writes for the copy itself.
const MADE_BY_CREATE: [&str; 4] = ["plan_id", "created_at_ms", "format_version", "created_by"];

/// Writes what can be read of `damaged` into a new plan file at `copy` (never over an existing
/// file). `fallback_plan_id` is used only when the plan's own id cannot be read.
pub fn repair(
    damaged: &Path,
    copy: &Path,
    fallback_plan_id: &str,
) -> Result<RepairReport, StoreError> {
    let (source, _registered) = open_files::open_registered(damaged, |_| {
        let conn = probe::open_read_only(damaged).map_err(|e| StoreError::Corrupt {
            path: damaged.to_path_buf(),
            detail: crate::error::one_line(&e.to_string()),
        })?;
        crate::sums::register(&conn)?;
        Ok(conn)
    })?;
    let sums = damage::has_sums(&source);
    let mut report = RepairReport::default();
    // A row takes at least a few bytes of a page; a broken page can make a table seem to hold
    // far more, so a scan stops at what the file could possibly hold.
    let most_rows = std::fs::metadata(damaged).map_or(1 << 20, |m| m.len() / 4 + 64);

    let meta_value = |key: &str| -> Option<String> {
        source
            .query_row(
                &format!(
                    "SELECT value FROM meta WHERE key = ?1 AND {}",
                    row_is_intact("meta", sums)
                ),
                [key],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
    };
    let plan_id = meta_value("plan_id").unwrap_or_else(|| {
        report.lost.push(String::from(
            "the plan's id could not be read: the copy has a new one, so other laptops' copies will not merge with it",
        ));
        fallback_plan_id.to_owned()
    });
    let created_at = meta_value("created_at_ms")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);

    let mut file = PlanFile::create(copy, &plan_id, created_at)?;
    let tx = file
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut snapshot_lost = false;
    let mut intact_versions: Vec<(Vec<u8>, String, i64, String)> = Vec::new();
    for (table, columns) in SUMMED {
        let names: Vec<&str> = columns.split(", ").collect();
        let mut copied = 0u64;
        let mut found = 0u64;
        let mut failed = 0u64;
        let scan = scan_table(
            &source,
            table,
            &names,
            sums,
            most_rows,
            |rowid, values, intact| {
                found += 1;
                if *table == "meta"
                    && matches!(&values[0], Value::Text(k) if MADE_BY_CREATE.contains(&k.as_str()))
                {
                    copied += 1;
                    return Ok(());
                }
                if !intact {
                    failed += 1;
                    set_aside(&tx, table, rowid, &values)?;
                    return Ok(());
                }
                if *table == "versions" {
                    if let (
                        Value::Text(label),
                        Value::Text(author),
                        Value::Integer(at),
                        Value::Blob(state),
                    ) = (&values[0], &values[1], &values[2], &values[3])
                    {
                        intact_versions.push((state.clone(), author.clone(), *at, label.clone()));
                    }
                }
                let placeholders: Vec<String> =
                    (2..=values.len() + 1).map(|i| format!("?{i}")).collect();
                let sql = format!(
                "INSERT INTO {table} (rowid, {columns}, sum) VALUES (?1, {p}, throughline_sum('{table}', {p}))",
                p = placeholders.join(", ")
            );
                let mut params: Vec<Value> = vec![Value::Integer(rowid)];
                params.extend(values);
                let inserted = tx
                    .prepare_cached(&sql)
                    .and_then(|mut insert| insert.execute(rusqlite::params_from_iter(params)));
                match inserted {
                    Ok(_) => copied += 1,
                    // A sign-off of a version that was lost cannot stand on its own.
                    Err(_) => failed += 1,
                }
                Ok(())
            },
        )?;
        if found > 0 || scan.unreadable > 0 {
            report
                .recovered
                .push((table, copied, found + scan.unreadable));
        }
        if *table == "snapshots" && (failed > 0 || scan.unreadable > 0) {
            snapshot_lost = true;
        }
        let (one, many) = damage::words(table);
        if failed > 0 {
            let (noun, verb) = if failed == 1 {
                (one, "failed its checksum and was")
            } else {
                (many, "failed their checksums and were")
            };
            report
                .lost
                .push(format!("{failed} {noun} {verb} not copied"));
        }
        if scan.unreadable > 0 {
            report.lost.push(format!(
                "{} {many} could not be read at all{}",
                scan.unreadable,
                if scan.gaps {
                    " (and perhaps more, on broken pages)"
                } else {
                    ""
                }
            ));
        }
    }
    if snapshot_lost {
        // A version holds the whole plan as it was when named: the best base left for the
        // changes the lost snapshot had folded in.
        if let Some((state, author, at, label)) = intact_versions.last() {
            tx.execute(
                "INSERT INTO updates (data, author, at_ms, sum)
                 VALUES (?1, ?2, ?3, throughline_sum('updates', ?1, ?2, ?3))",
                rusqlite::params![state, author, at],
            )?;
            report.lost.push(format!(
                "the snapshot of earlier changes was lost; the plan was rebuilt on version \"{label}\" and the changes saved after it"
            ));
        } else {
            report.lost.push(String::from(
                "the snapshot of earlier changes was lost, and no named version was left to rebuild it from",
            ));
        }
    }
    tx.commit()?;
    file.close()?;
    Ok(report)
}

/// How a table read went.
struct Scan {
    /// Rows (or stretches of rows) that could not be read.
    unreadable: u64,
    /// Whether whole stretches were skipped, so the count is a lower bound.
    gaps: bool,
}

/// Reads every row of `table` it can, in rowid order, calling `each(rowid, values, intact)`.
fn scan_table(
    source: &Connection,
    table: &str,
    columns: &[&str],
    sums: bool,
    most_rows: u64,
    mut each: impl FnMut(i64, Vec<Value>, bool) -> Result<(), StoreError>,
) -> Result<Scan, StoreError> {
    let mut scan = Scan {
        unreadable: 0,
        gaps: false,
    };
    let exists: Result<i64, _> = source.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    );
    match exists {
        Ok(0) => return Ok(scan),
        Ok(_) => {}
        Err(_) => {
            scan.unreadable = 1;
            scan.gaps = true;
            return Ok(scan);
        }
    }
    let intact = row_is_intact(table, sums);
    let row_sql = format!(
        "SELECT rowid, {}, {intact} FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT 1",
        columns.join(", ")
    );
    let next_sql = format!("SELECT rowid FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT 1");
    let mut after = i64::MIN;
    let mut steps = 0u64;
    loop {
        steps += 1;
        if steps > most_rows {
            scan.gaps = true;
            return Ok(scan);
        }
        let row = source
            .query_row(&row_sql, [after], |r| {
                let rowid: i64 = r.get(0)?;
                let mut values = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    values.push(owned(r.get_ref(i + 1)?));
                }
                let ok: bool = r.get(columns.len() + 1)?;
                Ok((rowid, values, ok))
            })
            .optional();
        match row {
            Ok(None) => return Ok(scan),
            Ok(Some((rowid, values, ok))) => {
                each(rowid, values, ok)?;
                after = rowid;
            }
            Err(_) => {
                // The key may still be readable when the row's content is not.
                let next: Result<Option<i64>, _> = source
                    .query_row(&next_sql, [after], |r| r.get(0))
                    .optional();
                match next {
                    Ok(Some(rowid)) => {
                        scan.unreadable += 1;
                        after = rowid;
                    }
                    Ok(None) => return Ok(scan),
                    Err(_) => {
                        // A broken page: step over it, doubling, until the table reads again.
                        scan.unreadable += 1;
                        scan.gaps = true;
                        let mut step: i64 = 1;
                        loop {
                            let Some(probe) = after.checked_add(step) else {
                                return Ok(scan);
                            };
                            if source
                                .query_row(&next_sql, [probe], |r| r.get::<_, i64>(0))
                                .optional()
                                .is_ok()
                            {
                                after = probe;
                                break;
                            }
                            step = match step.checked_mul(2) {
                                Some(s) => s,
                                None => return Ok(scan),
                            };
                        }
                    }
                }
            }
        }
    }
}

/// rusqlite's own conversion panics on text that is not UTF-8, which a damaged page can hold.
fn owned(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// A damaged log row is kept in the copy's quarantine for inspection, never applied.
fn set_aside(
    conn: &Connection,
    table: &str,
    rowid: i64,
    values: &[Value],
) -> Result<(), StoreError> {
    let quarantine = match table {
        "updates" => "quarantine",
        "review_updates" => "review_quarantine",
        _ => return Ok(()),
    };
    let bytes = |v: &Value| match v {
        Value::Blob(b) => b.clone(),
        Value::Text(t) => t.as_bytes().to_vec(),
        _ => Vec::new(),
    };
    let text = |v: &Value| match v {
        Value::Text(t) => t.clone(),
        _ => String::new(),
    };
    let int = |v: &Value| match v {
        Value::Integer(n) => *n,
        _ => 0,
    };
    let (data, author, at_ms) = (bytes(&values[0]), text(&values[1]), int(&values[2]));
    let error = "damaged on disk: its checksum no longer matches, so it was not applied";
    conn.execute(
        &format!(
            "INSERT INTO {quarantine} (received_at_ms, author, data, error, original_seq, sum)
             VALUES (?1, ?2, ?3, ?4, ?5, throughline_sum('{quarantine}', ?1, ?2, ?3, ?4, ?5))"
        ),
        rusqlite::params![at_ms, author, data, error, rowid],
    )?;
    Ok(())
}
