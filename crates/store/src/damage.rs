//! Finding damage in a plan file and saying, in one line, what is damaged and what can still
//! be read.
//!
//! Two checks, both read-only: SQLite's own `PRAGMA integrity_check` (pages, b-trees, indexes
//! against their tables) and every row's checksum (`sums.rs`). A file whose tables cannot be
//! read at all is described by SQLite's first complaint.

use std::fmt;

use rusqlite::Connection;

use crate::error::one_line;
use crate::sums::{over_columns, SUMMED};

/// What is damaged in one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedPart {
    pub table: &'static str,
    /// Rows whose checksum fails (or that cannot be read).
    pub bad: u64,
    pub total: u64,
    /// The first few damaged rows' ids, to name them.
    pub rows: Vec<i64>,
}

/// Everything found wrong with a file. Empty: no damage found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DamageReport {
    /// SQLite's first structural complaint, if any.
    pub structure: Option<String>,
    pub parts: Vec<DamagedPart>,
}

impl DamageReport {
    pub fn is_empty(&self) -> bool {
        self.structure.is_none() && self.parts.is_empty()
    }
}

/// How many damaged rows are named by id.
const NAMED_ROWS: usize = 5;

/// The table as its users know it: (one, several).
pub(crate) fn words(table: &str) -> (&'static str, &'static str) {
    match table {
        "meta" => (
            "plan detail (its id or format)",
            "plan details (its id or format)",
        ),
        "updates" => ("saved change", "saved changes"),
        "snapshots" => (
            "snapshot of earlier changes",
            "snapshots of earlier changes",
        ),
        "authors" => ("authorship count", "authorship counts"),
        "versions" => ("named version", "named versions"),
        "quarantine" | "review_quarantine" => ("set-aside update", "set-aside updates"),
        "review_updates" => ("review change", "review changes"),
        "review_snapshots" => ("review snapshot", "review snapshots"),
        "signoffs" => ("sign-off", "sign-offs"),
        _ => ("row", "rows"),
    }
}

impl fmt::Display for DamageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut said = Vec::new();
        if let Some(s) = &self.structure {
            said.push(format!("its database structure is broken ({s})"));
        }
        for p in &self.parts {
            let (one, many) = words(p.table);
            let noun = if p.total == 1 { one } else { many };
            let ids: Vec<String> = p.rows.iter().map(|r| format!("#{r}")).collect();
            let named = if ids.is_empty() || p.total == 1 {
                String::new()
            } else if (p.bad as usize) > ids.len() {
                format!(" ({}, …)", ids.join(", "))
            } else {
                format!(" ({})", ids.join(", "))
            };
            said.push(format!("{} of {} {noun}{named}", p.bad, p.total));
        }
        let readable: Vec<String> = self
            .parts
            .iter()
            .filter(|p| p.bad < p.total)
            .map(|p| {
                let (one, many) = words(p.table);
                let left = p.total - p.bad;
                format!("the other {left} {}", if left == 1 { one } else { many })
            })
            .collect();
        write!(f, "{} damaged", said.join(", "))?;
        if self.structure.is_none() {
            if readable.is_empty() {
                write!(f, "; everything else can still be read")?;
            } else {
                write!(
                    f,
                    "; {} and everything else can still be read",
                    readable.join(", ")
                )?;
            }
        }
        Ok(())
    }
}

/// Checks a whole file through `conn` (read-only is enough). Never writes.
pub(crate) fn survey(conn: &Connection) -> DamageReport {
    let mut report = DamageReport::default();
    match conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get::<_, String>(0)) {
        Ok(verdict) if verdict == "ok" => {}
        Ok(verdict) => report.structure = Some(one_line(&verdict)),
        Err(e) => report.structure = Some(one_line(&e.to_string())),
    }
    for (table, _) in SUMMED {
        match survey_table(conn, table) {
            Ok(Some(part)) => report.parts.push(part),
            Ok(None) => {}
            Err(e) => {
                let total = count(conn, table).unwrap_or(0);
                report.parts.push(DamagedPart {
                    table,
                    bad: total.max(1),
                    total: total.max(1),
                    rows: Vec::new(),
                });
                report
                    .structure
                    .get_or_insert_with(|| one_line(&e.to_string()));
            }
        }
    }
    report
}

/// Whether this file's tables carry checksums (format 3 on); older files are checked by
/// SQLite's structure check alone until a writer upgrades them.
pub(crate) fn has_sums(conn: &Connection) -> bool {
    conn.query_row(
        "SELECT count(*) FROM pragma_table_info('updates') WHERE name = 'sum'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .is_ok_and(|n| n > 0)
}

fn count(conn: &Connection, table: &str) -> rusqlite::Result<u64> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn survey_table(conn: &Connection, table: &'static str) -> rusqlite::Result<Option<DamagedPart>> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(None);
    }
    let summed: i64 = conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'sum'",
        [table],
        |r| r.get(0),
    )?;
    if summed == 0 {
        return Ok(None);
    }
    let total = count(conn, table)?;
    let check = format!("sum IS NOT {}", over_columns(table));
    let bad: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE {check}"),
        [],
        |r| r.get(0),
    )?;
    if bad == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT rowid FROM {table} WHERE {check} ORDER BY rowid LIMIT {NAMED_ROWS}"
    ))?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Some(DamagedPart {
        table,
        bad: u64::try_from(bad).unwrap_or(0),
        total,
        rows,
    }))
}
