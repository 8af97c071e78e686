//! The plan file (`*.throughline`): one SQLite database per plan holding its yrs update log,
//! a compacted snapshot, named immutable versions, metadata and a quarantine for bytes that
//! could not be read.
//!
//! The store does not know the plan's schema: it deals only in yrs v1 update bytes and in the
//! caller's [`yrs::Doc`].

mod authors;
mod claim;
mod compaction;
mod damage;
mod error;
mod history;
mod load;
mod log;
mod open_files;
mod probe;
mod repair;
mod review_log;
mod schema;
mod signoffs;
mod sums;
mod versions;

use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use authors::AuthorStats;
pub use claim::{claim, WriterClaim};
pub use damage::{DamageReport, DamagedPart};
pub use error::StoreError;
pub use history::{LoggedUpdate, PlanHistory};
pub use load::LoadReport;
pub use repair::{repair, RepairReport};
pub use schema::{APPLICATION_ID, FORMAT_VERSION};
pub use signoffs::{NewSignoff, Signoff, SignoffCheck};
pub use versions::{NewVersion, StoredVersion, VersionInfo};

/// Registers on `conn` the SQL function `throughline_sum` that every row's `sum` column is
/// computed with, for a program (or a test) that writes a plan file's tables directly: a row
/// written without its sum reads as damage. The columns each table's sum covers are listed in
/// `docs/plan-format.md`.
pub fn register_checksum(conn: &Connection) -> rusqlite::Result<()> {
    sums::register(conn)
}

/// Position in the update log. Assigned by SQLite, increasing, never reused.
pub type Seq = i64;

/// Transaction origin of everything the store applies to a caller's doc, so an
/// `observe_update_v1` handler can tell replayed updates from new edits and not log them twice.
pub const STORE_ORIGIN: &str = "throughline-store";

/// One update to append: yrs v1 bytes exactly as produced or received.
#[derive(Debug, Clone, Copy)]
pub struct NewUpdate<'a> {
    pub data: &'a [u8],
    pub author: &'a str,
    pub at_ms: i64,
}

/// Bytes that could not be decoded (or applied), kept rather than dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantineRow {
    pub id: i64,
    pub received_at_ms: i64,
    pub author: String,
    pub data: Vec<u8>,
    pub error: String,
    /// The log position it was moved from, when it had been logged.
    pub original_seq: Option<Seq>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStats {
    pub log_rows: u64,
    pub log_bytes: u64,
    pub snapshot_bytes: u64,
    /// Every update with seq <= this is folded into the snapshot (0: no snapshot).
    pub snapshot_upto_seq: Seq,
    /// The highest seq ever assigned.
    pub last_seq: Seq,
    pub quarantined_rows: u64,
    pub versions: u64,
    /// Logical database size (pages in use, WAL included).
    pub database_bytes: u64,
    /// The main file on disk, and its write-ahead log beside it.
    pub file_bytes: u64,
    pub wal_bytes: u64,
}

/// What this connection has already put into the caller's doc, so `catch_up` applies only what
/// other connections (other processes) committed since.
#[derive(Debug, Default)]
struct Cursor {
    /// Every log row with seq <= this has been applied to the doc (or was ours).
    seen_seq: Seq,
    /// The snapshot whose content was applied to the doc.
    snapshot_upto: Seq,
    /// Rows above `seen_seq` that we appended ourselves: the doc has them already.
    own: BTreeSet<Seq>,
    /// `PRAGMA data_version` when we last looked; it changes only on other connections' commits.
    data_version: Option<i64>,
}

/// Past this many untracked own rows we forget them: `catch_up` then re-applies them, which is
/// harmless because applying an update twice changes nothing.
const OWN_LIMIT: usize = 65_536;

impl Cursor {
    fn appended(&mut self, data_version: i64, seqs: &[Seq]) {
        if self.data_version == Some(data_version) {
            // Nobody else committed since we last looked, so every row up to ours is accounted for.
            if let Some(&max) = seqs.iter().max() {
                self.seen_seq = self.seen_seq.max(max);
            }
            self.own.clear();
        } else if self.own.len() + seqs.len() > OWN_LIMIT {
            self.own.clear();
        } else {
            self.own.extend(seqs.iter().copied());
        }
    }

    fn looked(&mut self, data_version: i64, seen_seq: Seq, snapshot_upto: Seq) {
        self.data_version = Some(data_version);
        self.seen_seq = seen_seq;
        self.snapshot_upto = snapshot_upto;
        self.own.retain(|&s| s > seen_seq);
    }
}

/// An open plan file. One per connection; two `PlanFile`s (or two processes) may share a path.
#[derive(Debug)]
pub struct PlanFile {
    // Declared first so it closes before `_registered` says this process no longer has the file.
    conn: Connection,
    path: PathBuf,
    cursor: Cursor,
    /// Opened with [`PlanFile::open_read_only`]: nothing is ever written, not even quarantine.
    read_only: bool,
    /// The file's rows carry checksums (format 3 on), checked as they are read.
    sums: bool,
    /// Log rows a read-only connection could not apply and may not quarantine: skipped from
    /// then on, so reloading into a fresh doc gets past them.
    skipped: BTreeSet<Seq>,
    _registered: open_files::Registration,
}

impl PlanFile {
    /// Creates a new plan file. Refuses to overwrite anything at `path`. The file is built under
    /// a temporary name and linked into place complete, so a crash never leaves a half-made plan.
    pub fn create(path: &Path, plan_id: &str, created_at_ms: i64) -> Result<PlanFile, StoreError> {
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        let tmp = temp_sibling(path);
        let built = build_new(&tmp, plan_id, created_at_ms).map_err(|e| match e {
            // The temporary's name means nothing to the user; the folder they chose does.
            StoreError::Io { source, .. } => StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        });
        let placed = built.and_then(|()| place_new(&tmp, path));
        remove_db_files(&tmp);
        placed?;
        let mut file = PlanFile::open(path)?;
        // The log is empty, so a doc that has seen nothing has seen all of it.
        let data_version = log::data_version(&file.conn)?;
        file.cursor.looked(data_version, 0, 0);
        Ok(file)
    }

    /// Opens an existing plan read-write, after checking (read-only) that it is an intact plan
    /// file of a format this build understands. On any refusal the file is left untouched.
    pub fn open(path: &Path) -> Result<PlanFile, StoreError> {
        let (conn, registered) = open_files::open_registered(path, |first| {
            drop(probe::validate(path, first)?);
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let mut conn =
                Connection::open_with_flags(path, flags).map_err(|e| StoreError::CannotOpen {
                    path: path.to_path_buf(),
                    detail: error::one_line(&e.to_string()),
                })?;
            // SQLite quietly falls back to read-only for a write-protected file; every append
            // would then fail, so say so up front.
            if conn.is_readonly(rusqlite::MAIN_DB)? {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            schema::configure(&conn, path)?;
            // Checked again on this connection: another process may have upgraded the file since.
            probe::check_format_version(&conn, path)?;
            schema::migrations().to_latest(&mut conn)?;
            Ok(conn)
        })?;
        Ok(PlanFile::opened(conn, path, false, registered))
    }

    fn opened(
        conn: Connection,
        path: &Path,
        read_only: bool,
        registered: open_files::Registration,
    ) -> PlanFile {
        PlanFile {
            sums: damage::has_sums(&conn),
            conn,
            path: path.to_path_buf(),
            cursor: Cursor::default(),
            read_only,
            skipped: BTreeSet::new(),
            _registered: registered,
        }
    }

    /// Opens an existing plan for reading only, after the same checks as [`PlanFile::open`]:
    /// nothing is written to it, not even the quarantine of rows that cannot be applied (they
    /// are counted and left where they are), and no migration runs. What commands that only
    /// read a plan use, so looking at a file never changes it.
    pub fn open_read_only(path: &Path) -> Result<PlanFile, StoreError> {
        let (conn, registered) = open_files::open_registered(path, |first| {
            let conn = probe::validate(path, first)?;
            // Another process may be mid-checkpoint; wait as a writer would.
            conn.busy_timeout(std::time::Duration::from_millis(5000))?;
            Ok(conn)
        })?;
        Ok(PlanFile::opened(conn, path, true, registered))
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Checks the whole file for damage now (SQLite's structure and every row's checksum),
    /// without writing. Opening checks this once per process; a long-lived program may ask again.
    pub fn damage(&self) -> DamageReport {
        damage::survey(&self.conn)
    }

    /// The error for damage found while reading: the whole file's report, in one line.
    pub(crate) fn damaged(&self) -> StoreError {
        let mut report = damage::survey(&self.conn);
        if report.is_empty() {
            // Seen by a read but not by the survey (the damage is in a row being rewritten).
            report.structure = Some(String::from("a row failed its checksum while being read"));
        }
        StoreError::Damaged {
            path: self.path.clone(),
            report,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let value = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?;
        Ok(value)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.conn.execute(
            "INSERT INTO meta (key, value, sum) VALUES (?1, ?2, throughline_sum('meta', ?1, ?2))
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, sum = excluded.sum",
            [key, value],
        )?;
        Ok(())
    }

    /// Refuses a write on a file opened for reading, with a message instead of SQLite's.
    pub(crate) fn writable(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::OpenedForReading {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    pub fn stats(&self) -> Result<FileStats, StoreError> {
        let c = &self.conn;
        let (log_rows, log_bytes): (i64, i64) = c.query_row(
            "SELECT count(*), coalesce(sum(length(data)), 0) FROM updates",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (snapshot_bytes, snapshot_upto_seq): (i64, Seq) = c
            .query_row(
                "SELECT length(state), upto_seq FROM snapshots WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, 0));
        let quarantined_rows: i64 =
            c.query_row("SELECT count(*) FROM quarantine", [], |r| r.get(0))?;
        let versions: i64 = c.query_row("SELECT count(*) FROM versions", [], |r| r.get(0))?;
        let page_count: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let page_size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let file_len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        Ok(FileStats {
            log_rows: to_u64(log_rows),
            log_bytes: to_u64(log_bytes),
            snapshot_bytes: to_u64(snapshot_bytes),
            snapshot_upto_seq,
            last_seq: log::last_assigned_seq(c)?,
            quarantined_rows: to_u64(quarantined_rows),
            versions: to_u64(versions),
            database_bytes: to_u64(page_count.saturating_mul(page_size)),
            file_bytes: file_len(&self.path),
            wal_bytes: file_len(&probe::wal_path(&self.path)),
        })
    }

    /// Closes the file so that the `.throughline` file alone holds everything: free pages are
    /// returned and the write-ahead log is folded in and emptied, so it can be copied or mailed.
    pub fn close(self) -> Result<(), StoreError> {
        if self.read_only {
            return self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e));
        }
        {
            // Each step frees one page; execute_batch would stop after the first.
            let mut vacuum = self.conn.prepare("PRAGMA incremental_vacuum")?;
            let mut steps = vacuum.query([])?;
            while steps.next()?.is_some() {}
        }
        // Busy means another connection still has the file open; its own close finishes the job.
        let _busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }
}

fn build_new(tmp: &Path, plan_id: &str, created_at_ms: i64) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: tmp.to_path_buf(),
        source: e,
    };
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(io)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(tmp, flags)?;
    // Only settable before the first table exists; lets close() give freed log pages back.
    conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL")?;
    schema::configure(&conn, tmp)?;
    schema::migrations().to_latest(&mut conn)?;
    let tx = conn.transaction()?;
    {
        let mut put = tx.prepare(
            "INSERT INTO meta (key, value, sum) VALUES (?1, ?2, throughline_sum('meta', ?1, ?2))",
        )?;
        put.execute(["plan_id", plan_id])?;
        put.execute(["created_at_ms", &created_at_ms.to_string()])?;
        put.execute(["format_version", &FORMAT_VERSION.to_string()])?;
        put.execute([
            "created_by",
            concat!("throughline-store ", env!("CARGO_PKG_VERSION")),
        ])?;
    }
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
    Ok(())
}

/// A hard link fails if the target exists, which makes "never overwrite" atomic; file systems
/// without links (FAT) fall back to a checked rename.
fn place_new(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    match std::fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(StoreError::AlreadyExists {
            path: path.to_path_buf(),
        }),
        Err(_) if path.symlink_metadata().is_ok() => Err(StoreError::AlreadyExists {
            path: path.to_path_buf(),
        }),
        Err(_) => std::fs::rename(tmp, path).map_err(|e| StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

fn temp_sibling(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".creating-{}-{n}", std::process::id()));
    PathBuf::from(name)
}

fn remove_db_files(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        // Leftovers of a temporary are harmless; failing to delete one must not fail `create`.
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
