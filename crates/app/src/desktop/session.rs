//! One person's desktop session: at most one plan open, the templates, the recent plans.

use std::path::{Path, PathBuf};

use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

use super::at_hand::PlanAtHand;
use super::folder::{self, PLAN_EXTENSION};
use super::home::DesktopHome;
use super::live::LiveFeed;
use super::prefs::Prefs;
use super::types::*;
use crate::clock::Now;
use crate::{NewPlan, OpenPlan, Templates};
use throughline_plan::PlanContent;

/// What the desktop app does, one method per UI request.
#[derive(Debug)]
pub struct DesktopSession {
    pub(super) home: DesktopHome,
    pub(super) author: String,
    /// The plan named on the command line (or by the OS opening a file with the app).
    startup_plan: Option<PathBuf>,
    pub(super) open: Option<PlanAtHand>,
    /// The plan's state as `catch_up` last handed it to the UI: peers' deletions change no
    /// state vector, so the whole snapshot is compared.
    pub(super) caught_up: Option<yrs::Snapshot>,
    /// The host's address (`ws://HOST:PORT`) while joined to a session.
    pub(super) joined_to: Option<String>,
    /// Where news of the open plan is pushed to the UI, if it listens.
    pub(super) live: Option<LiveFeed>,
    /// Where the wall screen is told that the room or the plan changed, while it is open.
    pub(super) wall: Option<LiveFeed>,
    /// The plan's template as seen through another program's lens, while this window views it
    /// so (`view_plan_with`); never written to the plan.
    pub(super) lens: Option<throughline_plan::Template>,
}

impl DesktopSession {
    /// A session saving changes under `author`, opening `startup_plan` first if given.
    pub fn new(home: DesktopHome, author: &str, startup_plan: Option<PathBuf>) -> DesktopSession {
        DesktopSession {
            home,
            author: author.trim().to_string(),
            startup_plan,
            open: None,
            caught_up: None,
            joined_to: None,
            live: None,
            wall: None,
            lens: None,
        }
    }

    /// The session of the person at this laptop: changes are saved under the name they chose
    /// (kept in the preferences; `$THROUGHLINE_AUTHOR` when they chose none), else their login
    /// name until they say (the UI asks: [`DesktopSession::display_name`]).
    pub fn for_person(home: DesktopHome, startup_plan: Option<PathBuf>) -> DesktopSession {
        let chosen = Prefs::load(&home.prefs_file).name;
        let author = crate::default_author(chosen.as_deref());
        DesktopSession::new(home, &author, startup_plan)
    }

    /// The name changes are saved under, and whether the person has said it (else ask them).
    pub fn display_name(&self) -> DisplayNameView {
        let chosen = Prefs::load(&self.home.prefs_file).name;
        let named = crate::named_author(chosen.as_deref());
        DisplayNameView {
            name: self.author.clone(),
            chosen: named.is_some(),
            offered: named.or_else(crate::login_name).unwrap_or_default(),
        }
    }

    /// Sets the name the others see, kept for next time. Used from the next plan opened or
    /// session joined on (the plan open now keeps the name it was opened under).
    pub fn set_display_name(&mut self, name: &str) -> Result<DisplayNameView, UiError> {
        let name = crate::display_name(name).map_err(|e| UiError::new(UiErrorKind::Invalid, e))?;
        let mut prefs = Prefs::load(&self.home.prefs_file);
        prefs.name = Some(name.clone());
        prefs.save(&self.home.prefs_file)?;
        self.author = name;
        Ok(self.display_name())
    }

    /// The plan to open at start, if the app was started on one.
    pub fn startup_plan(&self) -> Option<String> {
        self.startup_plan
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// The folder new plans go in by default.
    pub fn plans_folder(&self) -> String {
        self.home.plans.to_string_lossy().into_owned()
    }

    /// The templates a plan can start from (read afresh: a facilitator may have added one).
    pub fn templates(&self) -> Result<TemplateChoices, UiError> {
        let templates = Templates::load()?;
        let (add_ons, bases): (Vec<_>, Vec<_>) = templates.list().iter().partition(|t| t.add_on);
        Ok(TemplateChoices {
            templates: bases.into_iter().map(TemplateView::from).collect(),
            add_ons: add_ons.into_iter().map(TemplateView::from).collect(),
            problems: templates.problems.iter().map(ToString::to_string).collect(),
            folder: templates
                .folder
                .as_ref()
                .map(|f| f.to_string_lossy().into_owned()),
        })
    }

    /// Plans opened here before whose files are still there, most recent first.
    pub fn recent_plans(&self) -> Vec<RecentPlan> {
        Prefs::load(&self.home.prefs_file)
            .recent
            .into_iter()
            .filter(|r| Path::new(&r.path).is_file())
            .collect()
    }

    /// A folder's sub-folders and plan files (the plans folder when none is named).
    pub fn list_folder(&self, folder: Option<String>) -> Result<FolderListing, UiError> {
        let dir = folder.map_or_else(|| self.home.plans.clone(), PathBuf::from);
        if dir == self.home.plans {
            // The default folder may not exist yet on a first run; it is ours to make.
            std::fs::create_dir_all(&dir).map_err(|e| {
                UiError::new(
                    UiErrorKind::FileProblem,
                    format!("{}: cannot create the folder ({e})", dir.display()),
                )
            })?;
        }
        folder::list(&dir)
    }

    /// Creates a plan file from a template and opens it.
    pub fn create_plan(&mut self, request: NewPlanRequest) -> Result<OpenedPlan, UiError> {
        let path = new_plan_path(&request.folder, &request.file_name)?;
        let title = request.title.trim();
        if title.is_empty() {
            return Err(UiError::new(UiErrorKind::Invalid, "give the plan a title"));
        }
        let template = Templates::load()?.resolve(&request.template)?;
        self.close_plan()?;
        let plan = OpenPlan::create(
            &path,
            NewPlan::Template {
                template: &template,
                title,
                district: request.district.trim(),
            },
            &self.author,
        )?;
        self.opened(plan)
    }

    /// Opens a plan file.
    pub fn open_plan(&mut self, path: &str) -> Result<OpenedPlan, UiError> {
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return Err(UiError::new(
                UiErrorKind::Invalid,
                "name a plan file to open",
            ));
        }
        self.close_plan()?;
        let plan = OpenPlan::open(&path, &self.author)?;
        self.opened(plan)
    }

    /// Opens the demo plan, creating it in the plans folder the first time.
    pub fn open_demo(&mut self) -> Result<OpenedPlan, UiError> {
        self.open_program_demo("dsdp")
    }

    /// Opens a program's demo plan (`dsdp`, `nep`, `ers`), creating it in the plans folder the
    /// first time.
    pub fn open_program_demo(&mut self, program: &str) -> Result<OpenedPlan, UiError> {
        let Some(content) = crate::program_demo_content(program) else {
            return Err(UiError::new(
                UiErrorKind::Invalid,
                format!("there is no demo plan for the program “{program}”"),
            ));
        };
        let content = content.map_err(crate::AppError::from)?;
        let path = self.home.demo_plan(program);
        self.close_plan()?;
        if !path.exists() {
            create_demo(&path, &content, &self.author)?;
        }
        let plan = OpenPlan::open(&path, &self.author)?;
        self.opened(plan)
    }

    pub(super) fn opened(&mut self, plan: OpenPlan) -> Result<OpenedPlan, UiError> {
        let opened = self.describe(&plan)?;
        // The UI starts from exactly this state (nothing else writes to the plan yet).
        let snapshot = plan.plan().doc().transact().snapshot();
        self.open = Some(PlanAtHand::alone(plan)?);
        self.caught_up = Some(snapshot);
        Ok(opened)
    }

    /// What the UI needs of a plan being opened; also notes it among the recent plans.
    pub(super) fn describe(&self, plan: &OpenPlan) -> Result<OpenedPlan, UiError> {
        let content = plan.content();
        let plan_id = plan.plan_id()?;
        let mut prefs = Prefs::load(&self.home.prefs_file);
        let path = plan.path().to_string_lossy().into_owned();
        prefs.opened(RecentPlan {
            path: path.clone(),
            title: content.record.title.clone(),
            district: content.record.district.clone(),
            opened_at: Now::read().rfc3339,
        });
        // The list is a convenience: failing to save it must not keep the plan from opening.
        let _ = prefs.save(&self.home.prefs_file);
        let template = content
            .record
            .template
            .as_ref()
            .map(TemplateView::from)
            .ok_or_else(|| {
                UiError::new(
                    UiErrorKind::Invalid,
                    format!("{path}: the plan carries no template, so its sections are unknown"),
                )
            })?;
        let me = prefs
            .me
            .get(&plan_id)
            .filter(|m| content.members.iter().any(|member| &&member.id == m))
            .cloned();
        let opened = OpenedPlan {
            path,
            plan_id,
            title: content.record.title,
            district: content.record.district,
            template,
            state: plan.plan().encode_state(),
            me,
            author: self.author.clone(),
        };
        Ok(opened)
    }

    pub(super) fn at_hand(&self) -> Result<&PlanAtHand, UiError> {
        self.open.as_ref().ok_or_else(UiError::no_plan)
    }

    pub(super) fn at_hand_mut(&mut self) -> Result<&mut PlanAtHand, UiError> {
        self.open.as_mut().ok_or_else(UiError::no_plan)
    }

    pub(super) fn home(&self) -> &DesktopHome {
        &self.home
    }

    pub(super) fn author(&self) -> &str {
        &self.author
    }

    /// Makes one structural change and saves it.
    pub fn apply(&mut self, command: PlanCommand) -> Result<Applied, UiError> {
        let command = self.with_decision_record(command.into())?;
        let applied = self.at_hand_mut()?.edit(|plan, _| plan.apply(&command))?;
        Ok(applied.into())
    }

    /// Takes in a Yjs v1 update from the UI's copy of the document (typed prose, undo) and
    /// saves it. Returns whether the plan changed.
    pub fn receive_update(&mut self, update: &[u8]) -> Result<bool, UiError> {
        let author = self.author.clone();
        self.at_hand_mut()?
            .edit(|plan, _| plan.receive_update(update, &author))
    }

    /// What reached the plan since the UI last asked (saved by other processes, or sent by
    /// the others in a retreat session), as an update for a copy with the given state
    /// vector; `None` when nothing came in.
    pub fn catch_up(&mut self, state_vector: &[u8]) -> Result<Option<Vec<u8>>, UiError> {
        let theirs = StateVector::decode_v1(state_vector).map_err(|e| {
            UiError::new(
                UiErrorKind::Invalid,
                format!("the state vector could not be read ({e})"),
            )
        })?;
        let last = self.caught_up.take();
        let (snapshot, update) = self.at_hand_mut()?.edit(|plan, _| {
            plan.refresh()?;
            let snapshot = plan.plan().doc().transact().snapshot();
            // Behind on inserts shows in the state vector; a deletion only in the snapshot.
            let behind = snapshot
                .state_map
                .iter()
                .any(|(client, clock)| theirs.get(client) < *clock);
            if !behind && last.as_ref() == Some(&snapshot) {
                return Ok((snapshot, None));
            }
            Ok((snapshot, Some(plan.diff_for(state_vector)?)))
        })?;
        self.caught_up = Some(snapshot);
        Ok(update)
    }

    /// The coherence findings and the ledger's balance.
    pub fn review(&self) -> Result<Review, UiError> {
        let content = self.at_hand()?.read(|plan, _| plan.content());
        Ok(self.review_of(&content))
    }

    /// The named versions, oldest first.
    pub fn versions(&self) -> Result<Vec<VersionView>, UiError> {
        let versions = self.at_hand()?.read(|plan, _| plan.versions())?;
        Ok(versions.into_iter().map(VersionView::from).collect())
    }

    /// Names the plan as it is now.
    pub fn create_version(&mut self, label: &str) -> Result<VersionView, UiError> {
        let version = self
            .at_hand_mut()?
            .edit(|plan, _| plan.create_version(label))?;
        Ok(version.into())
    }

    /// Says which team member this person is in the open plan (`None`: nobody yet).
    pub fn set_me(&mut self, member: Option<String>) -> Result<(), UiError> {
        let (plan_id, members) = self
            .at_hand()?
            .read(|plan, _| (plan.plan_id(), plan.content().members));
        let plan_id = plan_id?;
        if let Some(m) = &member {
            if !members.iter().any(|x| &x.id == m) {
                return Err(UiError::new(
                    UiErrorKind::NotFound,
                    format!("there is no team member with id `{m}`"),
                ));
            }
        }
        let mut prefs = Prefs::load(&self.home.prefs_file);
        match member {
            Some(m) => prefs.me.insert(plan_id, m),
            None => prefs.me.remove(&plan_id),
        };
        prefs.save(&self.home.prefs_file)
    }

    /// Closes the open plan, if any, leaving its file complete on its own.
    pub fn close_plan(&mut self) -> Result<(), UiError> {
        // The UI's copy of this plan goes with it; its next plan listens afresh and is shown in
        // its own words.
        self.live = None;
        self.lens = None;
        self.close_at_hand()
    }

    /// Closes the plan at hand but keeps the UI's listener: the UI's copy stays (hosting,
    /// stopping, leaving reopen the same plan).
    pub(super) fn close_at_hand(&mut self) -> Result<(), UiError> {
        self.caught_up = None;
        self.joined_to = None;
        match self.open.take() {
            Some(plan) => plan.close(),
            None => Ok(()),
        }
    }
}

/// The path of a new plan file: the folder and the file name, with the extension added.
pub(super) fn new_plan_path(folder: &str, file_name: &str) -> Result<PathBuf, UiError> {
    let name = file_name.trim();
    if name.is_empty() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            "give the plan file a name",
        ));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            format!("“{name}” is a file name with a folder in it; choose the folder separately"),
        ));
    }
    let folder = PathBuf::from(folder.trim());
    if !folder.is_dir() {
        std::fs::create_dir_all(&folder).map_err(|e| {
            UiError::new(
                UiErrorKind::FileProblem,
                format!("{}: cannot create the folder ({e})", folder.display()),
            )
        })?;
    }
    let mut path = folder.join(name);
    if path.extension().is_none_or(|ext| ext != PLAN_EXTENSION) {
        path = folder.join(format!("{name}.{PLAN_EXTENSION}"));
    }
    if path.exists() {
        return Err(UiError::new(
            UiErrorKind::Invalid,
            format!(
                "{}: a file already exists there; choose another name",
                path.display()
            ),
        ));
    }
    Ok(path)
}

fn create_demo(path: &Path, content: &PlanContent, author: &str) -> Result<(), UiError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            UiError::new(
                UiErrorKind::FileProblem,
                format!("{}: cannot create the folder ({e})", dir.display()),
            )
        })?;
    }
    OpenPlan::create(path, NewPlan::Content(content), author)?.close()?;
    Ok(())
}
