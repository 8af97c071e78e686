//! Where the desktop app keeps things on this laptop: the plans folder people see, and the
//! small preferences file (recent plans, who you are in each plan).

use std::path::{Path, PathBuf};

use super::types::{UiError, UiErrorKind};

/// The desktop app's places on this laptop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesktopHome {
    /// Where new plans go by default and the demo plan lives (`~/Throughline`).
    pub plans: PathBuf,
    /// The preferences file (`$XDG_DATA_HOME/throughline/desktop.json`).
    pub prefs_file: PathBuf,
}

impl DesktopHome {
    /// The places under `$HOME` (and `$XDG_DATA_HOME` when set).
    pub fn from_env() -> Result<DesktopHome, UiError> {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .ok_or_else(|| {
                UiError::new(
                    UiErrorKind::FileProblem,
                    "HOME is not set, so there is no folder to keep plans in",
                )
            })?;
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".local").join("share"));
        Ok(DesktopHome::at(
            &home.join("Throughline"),
            &data.join("throughline"),
        ))
    }

    /// Explicit places (tests, portable installs).
    pub fn at(plans: &Path, data: &Path) -> DesktopHome {
        DesktopHome {
            plans: plans.to_path_buf(),
            prefs_file: data.join("desktop.json"),
        }
    }

    /// A program's demo plan's file (District System Design's keeps the name it always had).
    pub fn demo_plan(&self, program: &str) -> PathBuf {
        match program {
            "dsdp" => self.plans.join("demo.throughline"),
            _ => self.plans.join(format!("demo-{program}.throughline")),
        }
    }
}
