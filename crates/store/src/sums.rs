//! A checksum on every row, so damage inside a row (a flipped bit on a failing disk, a broken
//! copy) is named instead of being read as a different plan.
//!
//! SQLite checks its own structure (`PRAGMA integrity_check`) but not the bytes inside a row:
//! a flipped bit in an update's payload, an author or a time reads back as valid data. Each
//! table therefore carries a `sum` column: the first 8 bytes of SHA-256 over the table's name
//! and the row's content columns, computed by the SQL function `throughline_sum`, which every
//! connection registers. Computing it in SQL keeps one definition for writing (every INSERT
//! names it), checking (`sum IS throughline_sum(...)`) and the format-3 migration that fills
//! in the sums of older rows.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// The SQL function's name, as the statements below and in `schema.rs` call it.
pub(crate) const FUNCTION: &str = "throughline_sum";

/// Every table of the plan file and the columns its checksum covers, in order. The rowid is
/// left out: SQLite's own structure check catches rows out of order, and a row's place in the
/// log does not change what it says.
pub(crate) const SUMMED: &[(&str, &str)] = &[
    ("meta", "key, value"),
    ("updates", "data, author, at_ms"),
    ("snapshots", "state, state_vector, upto_seq, at_ms"),
    ("authors", "author, updates, last_at_ms"),
    (
        "versions",
        "label, author, at_ms, state, state_hash, content, content_hash",
    ),
    (
        "quarantine",
        "received_at_ms, author, data, error, original_seq",
    ),
    ("review_updates", "data, author, at_ms"),
    ("review_snapshots", "state, state_vector, upto_seq, at_ms"),
    (
        "review_quarantine",
        "received_at_ms, author, data, error, original_seq",
    ),
    (
        "signoffs",
        "version_id, version_label, content_hash, name, role, recorded_by, at_ms",
    ),
];

/// The expression computing a row's checksum from its own columns, e.g.
/// `throughline_sum('updates', data, author, at_ms)`.
pub(crate) fn over_columns(table: &str) -> String {
    let columns = SUMMED
        .iter()
        .find(|(t, _)| *t == table)
        .map_or("", |(_, c)| c);
    format!("{FUNCTION}('{table}', {columns})")
}

/// A SQL expression that is true when a row of `table` still matches its checksum; always true
/// for a file from before checksums (`sums` false).
pub(crate) fn row_is_intact(table: &str, sums: bool) -> String {
    if sums {
        format!("sum IS {}", over_columns(table))
    } else {
        String::from("1")
    }
}

/// A snapshot row (state, folded up to), read with its checksum checked.
pub(crate) type CheckedSnapshot = Checked<Option<(Vec<u8>, crate::Seq)>>;

/// A value read from a row whose checksum was checked.
pub(crate) enum Checked<T> {
    Intact(T),
    Damaged,
}

impl<T> Checked<T> {
    pub(crate) fn checked(self) -> Option<T> {
        match self {
            Checked::Intact(v) => Some(v),
            Checked::Damaged => None,
        }
    }
}

impl<A, B> Checked<Option<(A, B)>> {
    /// From an optional row whose last column says whether it is intact.
    pub(crate) fn from_row(row: Option<(A, B, bool)>) -> Self {
        match row {
            None => Checked::Intact(None),
            Some((a, b, true)) => Checked::Intact(Some((a, b))),
            Some((_, _, false)) => Checked::Damaged,
        }
    }
}

/// Registers `throughline_sum` on a connection. Deterministic, so SQLite may use it in indexes
/// and CHECK-free expressions alike; it never fails on any input.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        FUNCTION,
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut hasher = Sha256::new();
            for i in 0..ctx.len() {
                feed(&mut hasher, ctx.get_raw(i));
            }
            let digest = hasher.finalize();
            let mut first = [0u8; 8];
            first.copy_from_slice(&digest[..8]);
            Ok(i64::from_be_bytes(first))
        },
    )
}

/// Each value is typed and length-prefixed, so no two different rows feed the same bytes.
fn feed(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update([0]),
        ValueRef::Integer(n) => {
            hasher.update([1]);
            hasher.update(n.to_be_bytes());
        }
        ValueRef::Real(x) => {
            hasher.update([2]);
            hasher.update(x.to_bits().to_be_bytes());
        }
        ValueRef::Text(bytes) => {
            hasher.update([3]);
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        }
        ValueRef::Blob(bytes) => {
            hasher.update([4]);
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_changed_value_or_type_changes_the_sum() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let sum = |sql: &str| -> i64 {
            conn.query_row(&format!("SELECT {FUNCTION}({sql})"), [], |r| r.get(0))
                .unwrap()
        };
        let base = sum("'updates', x'0102', 'ana', 5");
        assert_eq!(base, sum("'updates', x'0102', 'ana', 5"));
        for other in [
            "'updates', x'0103', 'ana', 5",
            "'updates', x'0102', 'anb', 5",
            "'updates', x'0102', 'ana', 4",
            "'updates', '\u{1}\u{2}', 'ana', 5",
            "'review_updates', x'0102', 'ana', 5",
            "'updates', x'01', x'02', 'ana', 5",
        ] {
            assert_ne!(base, sum(other), "{other}");
        }
    }
}
