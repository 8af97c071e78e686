//! One program writes a plan at a time: a writer claims the plan file, and a second program
//! that wants to write it is refused at once, told which program holds it.
//!
//! SQLite would let two programs append to the same log safely, but each keeps its own live
//! copy of the plan (the app's document, a host's rooms) and would never see the other's
//! edits until reopened: two hosts serving one file would each relay half of the room. So
//! writing is claimed, reading never is.
//!
//! The claim is an exclusive `flock` on a small file beside the plan (`PLAN-writer`), holding
//! the claimant's command line for the refusal message. It lives on a file of its own because
//! any descriptor of the plan file itself, once closed, would drop SQLite's locks on it (see
//! `open_files.rs`). The kernel releases the lock when the holder dies, so a crash leaves no
//! stale claim, only a stale text that the next claimant overwrites. Within one process,
//! claims of the same plan share one lock.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::open_files::FileKey;
use crate::StoreError;

struct Held {
    count: usize,
    lock_path: PathBuf,
    /// Kept open, never read: closing it releases the claim.
    _file: File,
}

static CLAIMS: Mutex<Option<HashMap<FileKey, Held>>> = Mutex::new(None);

fn claims() -> MutexGuard<'static, Option<HashMap<FileKey, Held>>> {
    // Consistent across a panic elsewhere: each change is one insert, update or remove.
    CLAIMS.lock().unwrap_or_else(|p| p.into_inner())
}

/// This program's right to write one plan file; released when dropped.
#[derive(Debug)]
pub struct WriterClaim {
    key: FileKey,
}

impl Drop for WriterClaim {
    fn drop(&mut self) {
        let mut table = claims();
        let Some(held) = table.as_mut() else { return };
        let last = match held.get_mut(&self.key) {
            Some(h) => {
                h.count -= 1;
                h.count == 0
            }
            None => false,
        };
        if last {
            if let Some(h) = held.remove(&self.key) {
                // Removed before the lock is released (when `h._file` drops), so a program
                // waiting on the old file finds it gone and starts again with a new one.
                let _ = std::fs::remove_file(&h.lock_path);
            }
        }
    }
}

/// The file beside the plan that carries its writer's claim.
pub(crate) fn lock_path(plan: &Path) -> PathBuf {
    let mut name = plan.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// Claims the plan at `path` for writing by this program, or says which program holds it.
pub fn claim(path: &Path) -> Result<WriterClaim, StoreError> {
    let key = FileKey::of(path).ok_or_else(|| StoreError::NotFound {
        path: path.to_path_buf(),
    })?;
    let mut table = claims();
    let held = table.get_or_insert_with(HashMap::new);
    if let Some(h) = held.get_mut(&key) {
        h.count += 1;
        return Ok(WriterClaim { key });
    }
    let lock_path = lock_path(path);
    let io = |source: std::io::Error| StoreError::Io {
        path: lock_path.clone(),
        source,
    };
    // Bounded: each pass loses only to a holder that released between our open and lock.
    for _ in 0..16 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(StoreError::InUse {
                    path: path.to_path_buf(),
                    holder: crate::error::one_line(&holder),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        if !still_at(&file, &lock_path) {
            continue;
        }
        let text = holder_text();
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        held.insert(
            key.clone(),
            Held {
                count: 1,
                lock_path,
                _file: file,
            },
        );
        return Ok(WriterClaim { key });
    }
    Err(StoreError::InUse {
        path: path.to_path_buf(),
        holder: String::from("another program that keeps opening and closing it"),
    })
}

/// Whether the locked file is still the one at `lock_path` (a holder removes it on release).
fn still_at(file: &File, lock_path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(lock_path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        lock_path.exists()
    }
}

/// This program as a person would recognise it: its command line and process id.
fn holder_text() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map_or(p.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| String::from("a program"));
    let rest: Vec<String> = args.take(3).collect();
    let mut line = program;
    for a in rest {
        line.push(' ');
        line.push_str(&a);
    }
    format!("{line} (process {})", std::process::id())
}
