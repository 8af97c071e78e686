//! Breakout tables from the desktop: a table's copy to work on apart, its work merged back
//! with each change under its own author and table, and the files a copy travels as.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::rescue::plan_path;
use super::session::DesktopSession;
use super::types::{UiError, UiErrorKind};

/// What merging a table's copy (or a bundle) brought in, and the change for the UI's copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct MergeView {
    pub plan_changes: u32,
    pub review_changes: u32,
    /// Whose changes came in, each with their table when the copy was a table's.
    pub people: Vec<String>,
    pub table: Option<String>,
    /// What the UI's copy lacks since the state vector it sent, as a Yjs v1 update.
    pub update: Vec<u8>,
}

/// What a bundle written for another copy holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct BundleView {
    pub path: String,
    pub plan_changes: u32,
    pub review_changes: u32,
    pub table: Option<String>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes a new file, never over one that is there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), UiError> {
    let problem = |e: std::io::Error| {
        let kind = if e.kind() == std::io::ErrorKind::AlreadyExists {
            UiErrorKind::Invalid
        } else {
            UiErrorKind::FileProblem
        };
        UiError::new(kind, format!("{}: cannot write ({e})", path.display()))
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(problem)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(problem)
}

fn typed_path(path: &str) -> Result<PathBuf, UiError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(UiError::new(UiErrorKind::Invalid, "name the file"));
    }
    Ok(PathBuf::from(path))
}

impl DesktopSession {
    /// Writes a copy of the open plan for the breakout table `table` (its id) to work on
    /// apart, at `path` (a new plan file); merging it back names the table beside each person.
    /// Returns the file written.
    pub fn table_copy(&self, table: &str, path: &str) -> Result<String, UiError> {
        let path = plan_path(path)?;
        let open = self.at_hand()?;
        let name = open.read(|plan, _| {
            plan.content()
                .breakout_tables
                .into_iter()
                .find(|t| t.id == table)
                .map(|t| t.name)
        });
        let name = name.ok_or_else(|| {
            UiError::new(UiErrorKind::NotFound, format!("there is no table {table}"))
        })?;
        if name.trim().is_empty() {
            return Err(UiError::new(
                UiErrorKind::Invalid,
                "name the table first: merged changes carry its name",
            ));
        }
        open.read(|plan, review| plan.save_table_copy(&path, &name, review))?;
        Ok(path.to_string_lossy().into_owned())
    }

    /// Merges another copy of this plan (a table's plan file or a bundle) into the open plan:
    /// each change under its own author and table, sent on to the session if there is one.
    pub fn merge_copy(&mut self, path: &str, state_vector: &[u8]) -> Result<MergeView, UiError> {
        let path = typed_path(path)?;
        self.at_hand_mut()?.edit(|plan, review| {
            let report = plan.merge_with_review(Some(review), &path, None)?;
            let update = plan.diff_for(state_vector)?;
            Ok(MergeView {
                plan_changes: count(report.plan_changes),
                review_changes: count(report.review_changes),
                people: report.people,
                table: report.table,
                update,
            })
        })
    }

    /// Writes a state file at `path`: what the open plan holds, for another laptop to make a
    /// bundle of exactly what this one lacks. Returns the file written.
    pub fn save_state(&self, path: &str) -> Result<String, UiError> {
        let path = typed_path(path)?;
        let bytes = self.at_hand()?.read(|plan, _| plan.state_file())?;
        write_new(&path, &bytes)?;
        Ok(path.to_string_lossy().into_owned())
    }

    /// Writes a bundle at `path`: the open plan's changes that the copy described by the
    /// state file `for_state` lacks (every change when `None`), each with its author.
    pub fn save_bundle(&self, for_state: Option<&str>, path: &str) -> Result<BundleView, UiError> {
        let path = typed_path(path)?;
        let for_state = for_state
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        let bundle = self
            .at_hand()?
            .read(|plan, _| plan.bundle(for_state.as_deref(), None))?;
        write_new(&path, &bundle.bytes)?;
        Ok(BundleView {
            path: path.to_string_lossy().into_owned(),
            plan_changes: count(bundle.plan_changes),
            review_changes: count(bundle.review_changes),
            table: bundle.table,
        })
    }
}
