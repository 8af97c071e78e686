//! Shared helpers: the demo plan, export inputs, scratch directories, external tools.

use std::path::PathBuf;

use chrono::NaiveDate;
use throughline_export::{ExportInput, Signoff, VersionStamp};
use throughline_plan::{Plan, PlanContent};

/// The demo plan (`assets/demo/demo.json`).
pub fn demo() -> PlanContent {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/demo.json");
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the demo plan {}: {e}", path.display()));
    Plan::content_from_json(&json).expect("the demo plan parses")
}

pub fn exported_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 19).unwrap()
}

/// The demo plan's adopted version with two sign-offs, findings included.
pub fn input(content: &PlanContent) -> ExportInput<'_> {
    let hash = "sha256:9f2c4e1ab37d5e08c6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7".to_string();
    ExportInput {
        content,
        version: Some(VersionStamp {
            label: "Adopted by the board".into(),
            at: "2026-06-18T20:15:00-07:00".into(),
            content_hash: hash.clone(),
        }),
        signoffs: vec![
            Signoff {
                name: "Dr. Renée Alvarez".into(),
                role: "Superintendent".into(),
                at: "2026-06-18T21:02:00-07:00".into(),
                version_label: "Adopted by the board".into(),
                content_hash: hash.clone(),
            },
            Signoff {
                name: "Marcus Bell".into(),
                role: "Board president".into(),
                at: "2026-06-19T08:30:00-07:00".into(),
                version_label: "Adopted by the board".into(),
                content_hash: hash,
            },
        ],
        include_findings: true,
        exported_on: exported_on(),
        fonts: None,
    }
}

/// A fresh directory under the target directory for files a test writes (kept for looking at).
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
