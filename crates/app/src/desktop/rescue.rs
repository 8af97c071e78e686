//! When the plan file fails the desktop: save the plan as it is on screen into a copy
//! elsewhere (saving failed, nothing typed is lost), and repair a damaged file into a new one.

use std::path::PathBuf;

use serde::Serialize;

use super::session::{new_plan_path, DesktopSession};
use super::types::{OpenedPlan, UiError, UiErrorKind};

/// What a repair brought over, and the repaired plan, now open.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(specta::Type))]
pub struct RepairView {
    /// The repaired plan, now open; none when too little of it survived to open it.
    pub opened: Option<OpenedPlan>,
    /// The new file.
    pub path: String,
    /// One line per kind of row: "recovered 338 of 340 saved changes".
    pub recovered: Vec<String>,
    /// One line per loss, in a person's words; empty when nothing was lost.
    pub lost: Vec<String>,
}

/// A whole path typed by a person, checked and completed as a new plan's folder and file name
/// are (`new_plan_path`: the extension added, the folder made, an existing file refused).
pub(super) fn plan_path(path: &str) -> Result<PathBuf, UiError> {
    let path = PathBuf::from(path.trim());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| UiError::new(UiErrorKind::Invalid, "name the new file"))?;
    let folder = path
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    new_plan_path(&folder, &name)
}

impl DesktopSession {
    /// Writes the open plan as it is on screen, saved or not, with its comments and statuses,
    /// into a new plan file at `path`: a copy of the same plan, which merges back with the
    /// original later. For when saving to the plan's own file fails. `ui_state` is the UI's
    /// whole document as a Yjs update: it holds the edits the failing file refused. Returns
    /// the file written.
    pub fn save_copy(&self, path: &str, ui_state: &[u8]) -> Result<String, UiError> {
        let path = plan_path(path)?;
        let open = self.open.as_ref().ok_or_else(UiError::no_plan)?;
        open.read(|plan, review| plan.save_copy(&path, review, ui_state))?;
        Ok(path.to_string_lossy().into_owned())
    }

    /// Copies what can still be read of the damaged plan file at `damaged` into a new file at
    /// `copy` (never over a file), says what could not be recovered, and opens the copy.
    pub fn repair_plan(&mut self, damaged: &str, copy: &str) -> Result<RepairView, UiError> {
        let copy = plan_path(copy)?;
        let report = crate::repair_plan(&PathBuf::from(damaged.trim()), &copy)?;
        let path = copy.to_string_lossy().into_owned();
        let mut lost = report.lost.clone();
        let opened = match self.open_plan(&path) {
            Ok(opened) => Some(opened),
            Err(e) => {
                lost.push(format!(
                    "the copy holds too little of the plan to open ({})",
                    e.message
                ));
                None
            }
        };
        Ok(RepairView {
            opened,
            path,
            recovered: report.recovered_lines(),
            lost,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::process::{Command, Stdio};

    use yrs::{GetString, Map, ReadTxn, Text, Transact};

    use super::super::tests::session;
    use super::super::*;

    fn title_of(state: &[u8]) -> String {
        let doc = yrs::Doc::new();
        let update = yrs::Update::decode_v1(state).unwrap();
        doc.transact_mut().apply_update(update).unwrap();
        let record = doc.get_or_insert_map("record");
        let txn = doc.transact();
        match record.get(&txn, "title") {
            Some(yrs::Out::YText(t)) => t.get_string(&txn),
            _ => String::new(),
        }
    }
    use yrs::updates::decoder::Decode;

    /// Another program holds the plan file's write lock past SQLite's wait: the edit is
    /// refused (never reported saved), and the UI's document, which still holds it, is saved
    /// as a copy that opens with everything.
    #[test]
    fn when_saving_fails_the_plan_on_screen_is_saved_as_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        let opened = s.open_demo().unwrap();
        // The UI's copy, with a keystroke the file will refuse.
        let ui = yrs::Doc::new();
        ui.transact_mut()
            .apply_update(yrs::Update::decode_v1(&opened.state).unwrap())
            .unwrap();
        let record = ui.get_or_insert_map("record");
        let typed = {
            let mut txn = ui.transact_mut();
            let Some(yrs::Out::YText(title)) = record.get(&txn, "title") else {
                panic!("the demo has a title")
            };
            title.insert(&mut txn, 0, "[typed while the disk failed] ");
            txn.encode_update_v1()
        };
        // Another program takes the write lock and keeps it past our 5 s wait.
        let mut holder = Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys,time\n\
                 c=sqlite3.connect(sys.argv[1],isolation_level=None)\n\
                 c.execute('BEGIN IMMEDIATE');print('locked',flush=True);time.sleep(9)",
                &opened.path,
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is installed (scripts/apt-packages.txt)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "locked");
        let refused = s.receive_update(&typed).unwrap_err();
        assert_eq!(
            refused.kind,
            UiErrorKind::FileProblem,
            "{}",
            refused.message
        );
        let ui_state = ui
            .transact()
            .encode_state_as_update_v1(&yrs::StateVector::default());
        let copy = dir.path().join("elsewhere");
        let written = s.save_copy(&copy.to_string_lossy(), &ui_state).unwrap();
        assert!(written.ends_with("elsewhere.throughline"));
        let _ = holder.kill();
        let _ = holder.wait();
        let mut other = session(dir.path());
        let reopened = other.open_plan(&written).unwrap();
        assert_eq!(
            reopened.plan_id, opened.plan_id,
            "the copy merges back with the plan"
        );
        assert!(title_of(&reopened.state).starts_with("[typed while the disk failed] "));
    }

    /// A damaged plan is refused as damaged (the UI offers repair), and repair opens the rest:
    /// everything but the one change whose bytes the disk flipped.
    #[test]
    fn a_damaged_plan_is_offered_for_repair_and_the_repair_opens() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        let opened = s.open_demo().unwrap();
        for name in ["Kept-one", "Kept-two", "QQFLIPPEDQQ"] {
            let fields = [("name".to_string(), FieldValue::Text(name.into()))];
            s.apply(PlanCommand::Add {
                to: "strategies".into(),
                fields: fields.into_iter().collect(),
                after: None,
            })
            .unwrap();
        }
        s.close_plan().unwrap();
        let mut bytes = std::fs::read(&opened.path).unwrap();
        let at = bytes
            .windows(11)
            .position(|w| w == b"QQFLIPPEDQQ")
            .expect("the last change is in the file as typed");
        bytes[at + 5] ^= 0x01;
        std::fs::write(&opened.path, &bytes).unwrap();
        let refused = s.open_plan(&opened.path).unwrap_err();
        assert_eq!(refused.kind, UiErrorKind::Damaged, "{}", refused.message);
        assert!(
            refused.message.contains("1 of 4 saved changes"),
            "{}",
            refused.message
        );
        assert_eq!(std::fs::read(&opened.path).unwrap(), bytes);
        let copy = dir.path().join("repaired");
        let view = s
            .repair_plan(&opened.path, &copy.to_string_lossy())
            .unwrap();
        assert!(
            view.recovered
                .contains(&"recovered 3 of 4 saved changes".to_string()),
            "{:?}",
            view.recovered
        );
        let repaired = view.opened.expect("the repaired plan opens");
        assert_eq!(repaired.plan_id, opened.plan_id);
        let names: Vec<String> = s
            .open
            .as_ref()
            .unwrap()
            .read(|plan, _| plan.content().strategies)
            .into_iter()
            .map(|strategy| strategy.name)
            .collect();
        assert!(names.iter().any(|n| n == "Kept-one") && names.iter().any(|n| n == "Kept-two"));
        assert!(!names.iter().any(|n| n.contains("QQ")), "{names:?}");
        assert_eq!(
            std::fs::read(&opened.path).unwrap(),
            bytes,
            "repair wrote the damaged file"
        );
    }
}
