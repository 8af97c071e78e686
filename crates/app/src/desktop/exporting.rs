//! Export for the desktop: the plan, a named version or a comparison of two, written whole to
//! the file the export dialog names.

use std::path::Path;

use super::export_types::{ComparisonExportRequest, ExportRequest, ExportedFile};
use super::session::DesktopSession;
use super::types::{UiError, UiErrorKind};
use crate::{DocumentFile, ExportOptions};

impl DesktopSession {
    /// Writes the plan (the draft or a named version) as a document to `request.path`,
    /// replacing any file there. Nothing is written when the export fails.
    pub fn export_plan(&self, request: ExportRequest) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path)?;
        let options = ExportOptions {
            version: request
                .version
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty()),
            include_findings: request.include_findings,
        };
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export(request.format.into(), &options))?;
        saved(&path, &bytes)
    }

    /// Writes the comparison of two versions (or a version and the draft) as a redline
    /// document to `request.path`, replacing any file there. Nothing is written on failure.
    pub fn export_comparison(
        &self,
        request: ComparisonExportRequest,
    ) -> Result<ExportedFile, UiError> {
        let path = export_target(&request.path)?;
        let (from, to) = (request.from.into(), request.to.into());
        let bytes = self
            .at_hand()?
            .read(|plan, _| plan.export_comparison(&from, &to, request.format.into()))?;
        saved(&path, &bytes)
    }
}

/// The file a document is to be written to. The dialog gives a whole path: the app's own
/// working folder means nothing to the person saving.
fn export_target(path: &str) -> Result<DocumentFile, UiError> {
    let path = Path::new(path.trim());
    if !path.as_os_str().is_empty() && !path.is_absolute() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            format!("{}: give the whole path, folder included", path.display()),
        ));
    }
    Ok(DocumentFile::at(path)?)
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
