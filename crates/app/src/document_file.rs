//! Saving a document (an export, a comparison) to a file so that nobody ever sees half of one:
//! written beside the target first, then renamed over it, for both front ends.

use std::path::{Path, PathBuf};

use crate::error::AppError;

/// Where a document is to be saved: a file name in a folder that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    path: PathBuf,
}

impl DocumentFile {
    /// Checks `path` before anything is exported, so a wrong folder costs no work. A bare
    /// file name is in the current folder.
    pub fn at(path: &Path) -> Result<DocumentFile, AppError> {
        if path.file_name().is_none() {
            return Err(AppError::NoDocumentName);
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(AppError::NoSuchFolder(folder.to_path_buf()));
        }
        Ok(DocumentFile {
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` as the whole file, replacing any file there. A failed write leaves any
    /// earlier file as it was and no partial file behind.
    pub fn write(&self, bytes: &[u8]) -> Result<(), AppError> {
        let cannot = |e: std::io::Error| AppError::CannotSave {
            path: self.path.clone(),
            reason: e.to_string(),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partial = self.path.with_file_name(format!(".{name}.partial"));
        std::fs::write(&partial, bytes).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            cannot(e)
        })?;
        std::fs::rename(&partial, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            cannot(e)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_document_replaces_the_file_whole_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.md");
        std::fs::write(&path, b"old").unwrap();
        let file = DocumentFile::at(&path).unwrap();
        file.write(b"# Plan\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"# Plan\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["plan.md"], "no partial file left");
    }

    #[test]
    fn a_missing_folder_or_name_is_refused_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = dir.path().join("no such folder").join("plan.md");
        let e = DocumentFile::at(&nowhere).unwrap_err();
        assert!(matches!(e, AppError::NoSuchFolder(_)), "{e}");
        assert!(e.to_string().contains("no such folder"), "{e}");
        assert!(matches!(
            DocumentFile::at(Path::new("/")).unwrap_err(),
            AppError::NoDocumentName
        ));
    }

    #[test]
    fn a_failed_write_keeps_the_earlier_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the document should go: the rename over it fails.
        let path = dir.path().join("plan.md");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), b"kept").unwrap();
        let e = DocumentFile::at(&path).unwrap().write(b"new").unwrap_err();
        assert!(matches!(e, AppError::CannotSave { .. }), "{e}");
        assert_eq!(std::fs::read(path.join("keep")).unwrap(), b"kept");
        assert!(!dir.path().join(".plan.md.partial").exists());
    }
}
