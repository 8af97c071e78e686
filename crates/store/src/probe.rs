//! Deciding whether a file is a plan we may open, without changing a byte of it.
//!
//! Everything here reads: the header with plain file I/O (only when no connection of this
//! process has the file open: see `open_files.rs`), the rest through a read-only SQLite
//! connection (which sees committed WAL content but never writes the database file). The first
//! connection of a process to a file also checks the whole file for damage (`damage.rs`). Only
//! a file that passes is then opened, so a foreign, damaged or newer file is refused exactly as
//! it was found.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::one_line;
use crate::schema::{APPLICATION_ID, FORMAT_VERSION};
use crate::StoreError;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER_LEN: usize = 100;

/// Checks the file and hands back the read-only connection that checked it. `first`: no
/// connection of this process has the file open, so its header may be read with a descriptor
/// of our own, and the whole file is checked for damage (later connections trust that check,
/// and each read still verifies the rows it applies).
pub(crate) fn validate(path: &Path, first: bool) -> Result<Connection, StoreError> {
    if first {
        check_header(path)?;
    }
    check_database(path, first)
}

fn check_header(path: &Path) -> Result<(), StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(not_a_plan(path, "it is not a regular file"));
    }
    let file_len = meta.len();
    if file_len == 0 {
        return Err(not_a_plan(path, "the file is empty"));
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    File::open(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|e| io_error(path, e))?;
    let magic_len = header.len().min(MAGIC.len());
    if header[..magic_len] != MAGIC[..magic_len] {
        return Err(not_a_plan(path, "it is not an SQLite database"));
    }
    if header.len() < HEADER_LEN {
        return Err(StoreError::Truncated {
            path: path.to_path_buf(),
            expected: HEADER_LEN as u64,
            actual: file_len,
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(corrupt(path, "invalid page size in the header"));
    }
    if file_len < page_size {
        return Err(StoreError::Truncated {
            path: path.to_path_buf(),
            expected: page_size,
            actual: file_len,
        });
    }
    // The header's page count is only trustworthy when it was written by a SQLite that also
    // stamps "version valid for", and only when no WAL holds pages newer than the main file
    // (a checkpoint interrupted by a crash legitimately leaves the file short of its header).
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_count = u64::from(be32(28));
    let count_is_valid = page_count > 0 && be32(24) == be32(92);
    if count_is_valid && !wal_has_content(path) {
        let expected = page_count * page_size;
        if file_len < expected {
            return Err(StoreError::Truncated {
                path: path.to_path_buf(),
                expected,
                actual: file_len,
            });
        }
    }
    Ok(())
}

fn check_database(path: &Path, whole: bool) -> Result<Connection, StoreError> {
    let conn = open_read_only(path).map_err(|e| sqlite_corrupt(path, &e))?;
    crate::sums::register(&conn).map_err(|e| sqlite_corrupt(path, &e))?;
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| sqlite_corrupt(path, &e))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            application_id,
        });
    }
    check_format_version(&conn, path)?;
    if whole {
        let report = crate::damage::survey(&conn);
        if !report.is_empty() {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                report,
            });
        }
    }
    Ok(conn)
}

/// Even a read-only connection creates `-wal` and `-shm` beside a WAL-mode file. When there
/// is no WAL (the file was closed cleanly, nobody has it open) the main file alone is the whole
/// database, and `immutable=1` reads it without creating or locking anything.
pub(crate) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = match path.to_str() {
        Some(text) if std::fs::symlink_metadata(wal_path(path)).is_err() => file_uri(text),
        _ => {
            let conn = Connection::open_with_flags(path, flags)?;
            // Another process may be mid-checkpoint; wait as a writer would.
            conn.busy_timeout(std::time::Duration::from_millis(5000))?;
            return Ok(conn);
        }
    };
    let uri = format!("{uri}?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

fn file_uri(path: &str) -> String {
    let text = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut uri = String::from("file:");
    if cfg!(windows) && text.as_bytes().get(1) == Some(&b':') {
        // A Windows drive path: file:///C:/dir/plan.throughline
        uri.push_str("///");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Made explicit rather than left to rusqlite_migration so that a newer file is refused with
/// a message naming both versions, before any write.
pub(crate) fn check_format_version(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sqlite_corrupt(path, &e))?;
    if found > FORMAT_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

fn wal_has_content(path: &Path) -> bool {
    std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0)
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    if e.kind() == ErrorKind::NotFound {
        StoreError::NotFound {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

fn not_a_plan(path: &Path, reason: &str) -> StoreError {
    StoreError::NotAPlanFile {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

fn corrupt(path: &Path, detail: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: one_line(detail),
    }
}

fn sqlite_corrupt(path: &Path, e: &rusqlite::Error) -> StoreError {
    corrupt(path, &e.to_string())
}
