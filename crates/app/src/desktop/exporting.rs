//! Export for the desktop: the plan, a named version or a comparison of two, written whole to
//! the file the export dialog names, and the written document opened or shown in its folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::export_types::{
    ComparisonExportRequest, ExportProfileView, ExportRequest, ExportedFile,
};
use super::session::DesktopSession;
use super::types::{UiError, UiErrorKind};
use crate::{DocumentFile, ExportOptions};

impl DesktopSession {
    /// The states' plans the export dialog offers, each with the formats it is written in.
    pub fn export_profiles(&self) -> Vec<ExportProfileView> {
        throughline_export::Profile::ALL
            .into_iter()
            .map(ExportProfileView::from)
            .collect()
    }

    /// Writes the plan (the draft or a named version) as a document to `request.path`. A
    /// file already there is replaced only when the request says so (the person was asked);
    /// otherwise it is refused as `Exists` before any work. Nothing is written on failure.
    pub fn export_plan(&self, request: ExportRequest) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path, request.replace)?;
        let options = ExportOptions {
            version: request
                .version
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            include_findings: request.include_findings,
            lens: request
                .lens
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
            profile: request.profile.map(Into::into),
        };
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export(request.format.into(), &options))?;
        saved(&path, &bytes)
    }

    /// Writes the comparison of two versions (or a version and the draft) as a redline
    /// document to `request.path`; a file already there is replaced only when the request says
    /// so, as for the plan. Nothing is written on failure.
    pub fn export_comparison(
        &self,
        request: ComparisonExportRequest,
    ) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path, request.replace)?;
        let (from, to) = (request.from.into(), request.to.into());
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export_comparison(&from, &to, request.format.into()))?;
        saved(&path, &bytes)
    }
}

impl DesktopSession {
    /// Opens a document the person exported in the program the desktop opens such files with.
    pub fn open_document(&self, path: &str) -> Result<(), UiError> {
        let file = exported_document(path)?;
        hand_to_desktop(&file, false)
    }

    /// Shows the folder a document the person exported is in, the document chosen where the
    /// file manager can.
    pub fn show_document_in_folder(&self, path: &str) -> Result<(), UiError> {
        let file = exported_document(path)?;
        hand_to_desktop(&file, true)
    }
}

/// A document to open: a whole path to a file that is there (not a folder, not a program's
/// argument: a path starting with `-` is refused by being relative).
fn exported_document(path: &str) -> Result<PathBuf, UiError> {
    let path = Path::new(path.trim());
    if !path.is_absolute() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            format!("{}: give the whole path, folder included", path.display()),
        ));
    }
    if !path.is_file() {
        return Err(UiError::new(
            UiErrorKind::NotFound,
            format!("{} is not there any more", path.display()),
        ));
    }
    Ok(path.to_path_buf())
}

/// Asks the desktop to open a file, or its folder, as a double click in the file manager
/// would: `xdg-open` on Linux (there is no portable "select this file" there, so the folder
/// opens), `open` on macOS, Explorer on Windows. The program is not waited for.
fn hand_to_desktop(file: &Path, folder: bool) -> Result<(), UiError> {
    let mut command = if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        if folder {
            c.arg("-R");
        }
        c.arg(file);
        c
    } else if cfg!(target_os = "windows") {
        let mut c = Command::new("explorer");
        if folder {
            c.arg(format!("/select,{}", file.display()));
        } else {
            c.arg(file);
        }
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(if folder {
            file.parent().unwrap_or(file)
        } else {
            file
        });
        c
    };
    let mut child = command.spawn().map_err(|e| {
        UiError::new(
            UiErrorKind::FileProblem,
            format!("the desktop could not open {}: {e}", file.display()),
        )
    })?;
    // Reaped when it ends, so no finished opener lingers for as long as the app runs.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The file a document is to be written to. The dialog gives a whole path: the app's own
/// working folder means nothing to the person saving.
/// Where a document goes: a whole path, and a file already there only if the person said to
/// replace it (else `Exists`, before any work, so the dialog can ask).
fn export_target(path: &str, replace: bool) -> Result<DocumentFile, UiError> {
    let path = Path::new(path.trim());
    if !path.as_os_str().is_empty() && !path.is_absolute() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            format!("{}: give the whole path, folder included", path.display()),
        ));
    }
    let file = DocumentFile::at(path)?;
    if !replace && file.path().exists() {
        return Err(UiError::new(
            UiErrorKind::Exists,
            format!("{} is already there", file.path().display()),
        ));
    }
    Ok(file)
}

fn saved(file: &DocumentFile, bytes: &[u8]) -> Result<ExportedFile, UiError> {
    let size = u32::try_from(bytes.len())
        .map_err(|_| UiError::new(UiErrorKind::Invalid, "the document is too large to save"))?;
    file.write(bytes)?;
    Ok(ExportedFile {
        path: file.path().to_string_lossy().into_owned(),
        bytes: size,
    })
}
