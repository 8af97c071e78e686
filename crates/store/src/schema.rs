//! The file format: schema migrations, our SQLite `application_id`, connection settings.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::StoreError;

/// "THLN": marks an SQLite file as a Throughline plan, so other SQLite files are refused by name.
pub const APPLICATION_ID: i32 = 0x5448_4C4E;

/// The newest file format this build reads and writes (rusqlite_migration's `user_version`).
pub const FORMAT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Append-only: each entry is a released file format. Never edit one; add a new entry.
const MIGRATIONS: [&str; 3] = [V1, V2, V3];

// SQLite has no hex literal for PRAGMA values; `application_id_literal_matches` keeps the two in
// step. `seq` is AUTOINCREMENT so a seq is never handed out twice, even after compaction has
// deleted every row. The versions triggers make published versions immutable from any client.
const V1: &str = r#"
PRAGMA application_id = 1414024270;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE updates (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    data   BLOB NOT NULL,
    author TEXT NOT NULL,
    at_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    state        BLOB NOT NULL,
    state_vector BLOB NOT NULL,
    upto_seq     INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL
) STRICT;

CREATE TABLE authors (
    author     TEXT PRIMARY KEY,
    updates    INTEGER NOT NULL,
    last_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE versions (
    id           INTEGER PRIMARY KEY,
    label        TEXT UNIQUE NOT NULL,
    author       TEXT NOT NULL,
    at_ms        INTEGER NOT NULL,
    state        BLOB NOT NULL,
    state_hash   TEXT NOT NULL,
    content      TEXT NOT NULL,
    content_hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are immutable');
END;

CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are immutable');
END;

CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY,
    received_at_ms INTEGER NOT NULL,
    author         TEXT NOT NULL,
    data           BLOB NOT NULL,
    error          TEXT NOT NULL,
    original_seq   INTEGER
) STRICT;
"#;

// The review layer (comments, section status) is a second Yjs document with its own log,
// snapshot and quarantine, so a reviewer's updates never mix with the plan's. Sign-offs are
// bound to a version's content hash and, like versions, can never be changed or removed.
const V2: &str = r#"
CREATE TABLE review_updates (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    data   BLOB NOT NULL,
    author TEXT NOT NULL,
    at_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE review_snapshots (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    state        BLOB NOT NULL,
    state_vector BLOB NOT NULL,
    upto_seq     INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL
) STRICT;

CREATE TABLE review_quarantine (
    id             INTEGER PRIMARY KEY,
    received_at_ms INTEGER NOT NULL,
    author         TEXT NOT NULL,
    data           BLOB NOT NULL,
    error          TEXT NOT NULL,
    original_seq   INTEGER
) STRICT;

CREATE TABLE signoffs (
    id            INTEGER PRIMARY KEY,
    version_id    INTEGER NOT NULL REFERENCES versions (id),
    version_label TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    at_ms         INTEGER NOT NULL
) STRICT;

CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;

CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
"#;

// Every row carries a checksum of its content (`sums.rs`), so damage inside a row is named
// instead of read as a different plan. Rows already in the file get theirs here; the
// immutability triggers are lifted for exactly that one statement. `sums_cover_every_table`
// keeps this text in step with `sums::SUMMED`.
const V3: &str = r#"
ALTER TABLE meta ADD COLUMN sum INTEGER;
ALTER TABLE updates ADD COLUMN sum INTEGER;
ALTER TABLE snapshots ADD COLUMN sum INTEGER;
ALTER TABLE authors ADD COLUMN sum INTEGER;
ALTER TABLE versions ADD COLUMN sum INTEGER;
ALTER TABLE quarantine ADD COLUMN sum INTEGER;
ALTER TABLE review_updates ADD COLUMN sum INTEGER;
ALTER TABLE review_snapshots ADD COLUMN sum INTEGER;
ALTER TABLE review_quarantine ADD COLUMN sum INTEGER;
ALTER TABLE signoffs ADD COLUMN sum INTEGER;

UPDATE meta SET sum = throughline_sum('meta', key, value);
UPDATE updates SET sum = throughline_sum('updates', data, author, at_ms);
UPDATE snapshots SET sum = throughline_sum('snapshots', state, state_vector, upto_seq, at_ms);
UPDATE authors SET sum = throughline_sum('authors', author, updates, last_at_ms);
UPDATE quarantine SET sum = throughline_sum('quarantine', received_at_ms, author, data, error, original_seq);
UPDATE review_updates SET sum = throughline_sum('review_updates', data, author, at_ms);
UPDATE review_snapshots SET sum = throughline_sum('review_snapshots', state, state_vector, upto_seq, at_ms);
UPDATE review_quarantine SET sum = throughline_sum('review_quarantine', received_at_ms, author, data, error, original_seq);

DROP TRIGGER versions_no_update;
UPDATE versions SET sum = throughline_sum('versions', label, author, at_ms, state, state_hash, content, content_hash);
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are immutable');
END;

DROP TRIGGER signoffs_no_update;
UPDATE signoffs SET sum = throughline_sum('signoffs', version_id, version_label, content_hash, name, role, recorded_by, at_ms);
CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
BEGIN
    SELECT RAISE(ABORT, 'sign-offs are immutable');
END;
"#;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// Settings every read-write connection needs. FULL makes each COMMIT an fsync of the WAL: an
/// edit is acknowledged only once it survives power loss, not just a crash of the app.
pub(crate) fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_millis(5000))?;
    crate::sums::register(conn)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::NoWal {
            path: path.to_path_buf(),
            mode,
        });
    }
    // Each commit syncs the WAL with fdatasync(), not fsync(): the bundled SQLite is built with
    // HAVE_FDATASYNC (.cargo/config.toml), as distributions build theirs.
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn application_id_literal_matches() {
        assert!(V1.contains(&format!("PRAGMA application_id = {APPLICATION_ID};")));
    }

    #[test]
    fn format_1_is_never_edited() {
        // The upgrade test builds a format-1 file from this copy; editing V1 breaks both.
        let released = include_str!("../tests/fixtures/format1.sql");
        assert!(released.ends_with(V1.trim_start_matches('\n')));
    }

    #[test]
    fn sums_cover_every_table() {
        for (table, _) in crate::sums::SUMMED {
            assert!(V3.contains(&format!("ALTER TABLE {table} ADD COLUMN sum INTEGER;")));
            assert!(
                V3.contains(&format!("SET sum = {};", crate::sums::over_columns(table))),
                "{table}"
            );
        }
    }

    #[test]
    fn migrations_are_valid() {
        // `Migrations::validate` runs them on a bare connection, which lacks the checksum
        // function every plan-file connection registers.
        let mut conn = Connection::open_in_memory().unwrap();
        crate::sums::register(&conn).unwrap();
        migrations().to_latest(&mut conn).unwrap();
    }
}
