//! The desktop preferences file: the name this person goes by, the plans opened recently and,
//! per plan, which team member this person is. Nothing here is plan content; losing the file loses only conveniences.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::types::{RecentPlan, UiError, UiErrorKind};

/// How many plans the start screen remembers.
const RECENT_LIMIT: usize = 12;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The name this person said the others should see (asked on first launch).
    pub name: Option<String>,
    /// Most recent first.
    pub recent: Vec<RecentPlan>,
    /// Plan id → the member id this person rates as.
    pub me: BTreeMap<String, String>,
}

impl Prefs {
    /// Reads the file; a missing or unreadable file is an empty start (it holds no plan data).
    pub fn load(path: &Path) -> Prefs {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the file whole, through a temporary file so a crash never leaves half of it.
    pub fn save(&self, path: &Path) -> Result<(), UiError> {
        let problem = |e: std::io::Error| {
            UiError::new(
                UiErrorKind::FileProblem,
                format!("{}: cannot save preferences ({e})", path.display()),
            )
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(problem)?;
        }
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| UiError::new(UiErrorKind::FileProblem, format!("preferences: {e}")))?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(problem)?;
        std::fs::rename(&tmp, path).map_err(problem)
    }

    /// Puts a plan at the top of the recent list.
    pub fn opened(&mut self, plan: RecentPlan) {
        self.recent.retain(|r| r.path != plan.path);
        self.recent.insert(0, plan);
        self.recent.truncate(RECENT_LIMIT);
    }
}
