//! Listing a folder's sub-folders and plan files, so a plan can be chosen without a native
//! file dialog (which neither the keyboard-only tests nor a screen reader drive as reliably).

use std::path::Path;

use super::types::{FolderEntry, FolderListing, UiError, UiErrorKind};

/// The extension of plan files.
pub const PLAN_EXTENSION: &str = "throughline";

/// The visible sub-folders and `.throughline` files of `dir`, folders first, each by name.
pub fn list(dir: &Path) -> Result<FolderListing, UiError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::NotFound {
            UiErrorKind::NotFound
        } else {
            UiErrorKind::FileProblem
        };
        UiError::new(
            kind,
            format!("{}: cannot list the folder ({e})", dir.display()),
        )
    })?;
    let mut found: Vec<FolderEntry> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            let path = entry.path();
            let is_dir = path.is_dir();
            let is_plan = !is_dir && path.extension().is_some_and(|ext| ext == PLAN_EXTENSION);
            (is_dir || is_plan).then(|| FolderEntry {
                name,
                path: path.to_string_lossy().into_owned(),
                is_plan,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        (a.is_plan, a.name.to_lowercase()).cmp(&(b.is_plan, b.name.to_lowercase()))
    });
    Ok(FolderListing {
        folder: dir.to_string_lossy().into_owned(),
        parent: dir.parent().map(|p| p.to_string_lossy().into_owned()),
        entries: found,
    })
}
