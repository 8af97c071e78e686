//! Which plan files this process has open, so that no descriptor of ours ever closes under
//! SQLite's locks.
//!
//! SQLite's locks are POSIX advisory locks, and POSIX drops *all* of a process's locks on a file
//! the moment the process closes *any* descriptor of that file. SQLite itself shares one
//! descriptor per file between its connections for that reason, but it cannot know about ours:
//! when the plan-file probe opened the file with `std::fs`, read its header and closed it while
//! a connection of the same process held a shared lock, the lock was silently gone; a reader in
//! another process then believed it was the last connection, checkpointed and deleted the
//! write-ahead log the host was still writing into (every edit after that was lost on a crash).
//!
//! The rule: every SQLite connection to a plan file is opened through [`open_registered`], and
//! a plain descriptor of a plan file is opened only by code that runs inside it when no
//! connection of this process has that file open (`first` is true), all under one lock so no
//! other thread can open a connection meanwhile. Files are told apart by device and inode, not
//! by name, so two spellings of one path are one file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use crate::StoreError;

/// One file, however its path is spelled.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum FileKey {
    #[cfg(unix)]
    Inode { dev: u64, ino: u64 },
    #[cfg(not(unix))]
    Path(std::path::PathBuf),
}

impl FileKey {
    /// `stat`, which opens no descriptor. None: the file is not there (yet).
    pub(crate) fn of(path: &Path) -> Option<FileKey> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| FileKey::Inode {
                dev: m.dev(),
                ino: m.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(FileKey::Path)
        }
    }
}

/// Connections open per file in this process.
static OPEN: Mutex<Option<HashMap<FileKey, usize>>> = Mutex::new(None);

fn open_table() -> MutexGuard<'static, Option<HashMap<FileKey, usize>>> {
    // The table stays consistent across a panic elsewhere: each change is one insert or remove.
    OPEN.lock().unwrap_or_else(|p| p.into_inner())
}

/// Held by each connection; dropped after the connection is closed.
#[derive(Debug)]
pub(crate) struct Registration {
    key: Option<FileKey>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else { return };
        let mut table = open_table();
        let open = table.get_or_insert_with(HashMap::new);
        if let Some(n) = open.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&key);
            }
        }
    }
}

/// Opens a connection through `open`, told whether it is the first of this process to the
/// file at `path` (only then may it read the file with a descriptor of its own). The caller
/// must keep the returned [`Registration`] for as long as the connection is open, and drop it
/// only after the connection is closed.
pub(crate) fn open_registered<T>(
    path: &Path,
    open: impl FnOnce(bool) -> Result<T, StoreError>,
) -> Result<(T, Registration), StoreError> {
    let mut table = open_table();
    let files = table.get_or_insert_with(HashMap::new);
    let before = FileKey::of(path);
    let first = before.as_ref().is_none_or(|k| !files.contains_key(k));
    let value = open(first)?;
    // Looked up again: `open` may have created the file.
    let key = FileKey::of(path);
    if let Some(key) = &key {
        *files.entry(key.clone()).or_insert(0) += 1;
    }
    Ok((value, Registration { key }))
}
