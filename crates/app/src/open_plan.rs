//! A plan file opened for work: the live plan document, fed from and saved to its file.

use std::path::Path;

use serde::Serialize;
use throughline_plan::{
    balance, coherence, Applied, Balance, Finding, Plan, PlanCommand, PlanContent, PlanError,
    Template,
};
use throughline_store::{NewUpdate, NewVersion, PlanFile, StoreError, VersionInfo, WriterClaim};
use yrs::StateVector;

use crate::carry::LoggedChange;
use crate::clock::Now;
use crate::error::AppError;
use crate::replica;

/// How often (in saved changes) to ask the file whether its log should be folded into a
/// snapshot. Asking is one small query; folding is what keeps opening fast.
const COMPACTION_CHECK_EVERY: u32 = 256;

/// What a new plan starts from.
#[derive(Debug)]
pub enum NewPlan<'a> {
    /// A template (already resolved, add-ons mixed in), with a title and a district.
    Template {
        template: &'a Template,
        title: &'a str,
        district: &'a str,
    },
    /// Whole content, as `show --json` prints it (ids kept).
    Content(&'a PlanContent),
}

/// Reads a plan's whole content from JSON as `show --json` prints it.
pub fn content_from_json(json: &str) -> Result<PlanContent, AppError> {
    Ok(Plan::content_from_json(json)?)
}

/// A named version, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionSummary {
    pub label: String,
    pub author: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub content_hash: String,
}

impl From<VersionInfo> for VersionSummary {
    fn from(v: VersionInfo) -> VersionSummary {
        VersionSummary {
            at: Now::at_ms(v.at_ms).rfc3339,
            label: v.label,
            author: v.author,
            content_hash: v.content_hash,
        }
    }
}

/// A plan file open for work by one person on one laptop.
pub struct OpenPlan {
    file: PlanFile,
    plan: Plan,
    author: String,
    /// Changes made in the document but not yet in the file (a write failed): they are saved
    /// first on the next change, and are in any snapshot taken from the document.
    unsaved: Vec<Vec<u8>>,
    since_compaction_check: u32,
    /// This program's right to write the file (None: opened for reading). Declared after
    /// `file`, so it is released only once the file is closed.
    _claim: Option<WriterClaim>,
}

impl std::fmt::Debug for OpenPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenPlan")
            .field("path", &self.file.path())
            .field("author", &self.author)
            .finish()
    }
}

impl OpenPlan {
    /// Creates a new plan file at `path` (never over an existing file) and opens it.
    pub fn create(path: &Path, from: NewPlan<'_>, author: &str) -> Result<OpenPlan, AppError> {
        let now = Now::read();
        let client = replica::client_id();
        let state = match from {
            NewPlan::Template {
                template,
                title,
                district,
            } => Plan::start(client, template, title, district, &now.rfc3339)?.1,
            NewPlan::Content(content) => Plan::from_content(client, content)?.encode_state(),
        };
        let mut file = PlanFile::create(path, &replica::plan_id(), now.ms)?;
        file.append(&state, author, now.ms)?;
        // The file now holds the whole plan; reopening through it proves it reads back.
        file.close()?;
        OpenPlan::open(path, author)
    }

    /// Opens an existing plan file to change it. `author` names the person whose changes these
    /// will be. Refused at once, naming the program, while another program has it open for
    /// writing (this program's other openings of the same file share its claim).
    pub fn open(path: &Path, author: &str) -> Result<OpenPlan, AppError> {
        let claim = throughline_store::claim(path)?;
        let file = PlanFile::open(path)?;
        let mut open = OpenPlan::load(file, author, Some(claim))?;
        open.compact_if_due()?;
        Ok(open)
    }

    /// Opens an existing plan file only to read it: nothing is written to the file, whoever
    /// else has it open. Changing the plan through it is refused.
    pub fn open_read_only(path: &Path) -> Result<OpenPlan, AppError> {
        let file = PlanFile::open_read_only(path)?;
        OpenPlan::load(file, "", None)
    }

    fn load(
        mut file: PlanFile,
        author: &str,
        claim: Option<WriterClaim>,
    ) -> Result<OpenPlan, AppError> {
        let mut plan = Plan::empty(replica::client_id());
        if let Err(StoreError::PoisonedUpdate { .. }) = file.load_into(plan.doc()) {
            // The store moved the update that broke yrs to quarantine (a writer; a reader left
            // it in place); the half-applied document is discarded and the rest loads into a
            // fresh one, which a reader does by skipping the same row.
            plan = Plan::empty(replica::client_id());
            file.load_into(plan.doc())?;
        }
        Ok(OpenPlan {
            file,
            plan,
            author: author.to_string(),
            unsaved: Vec::new(),
            since_compaction_check: 0,
            _claim: claim,
        })
    }

    /// Opened with [`OpenPlan::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.file.is_read_only()
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    /// The live plan document (the desktop shell's sync bridge and the session read it).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The plan's id, shared by every copy of it.
    pub fn plan_id(&self) -> Result<String, AppError> {
        Ok(self.file.meta("plan_id")?.unwrap_or_default())
    }

    /// A value kept in this laptop's plan file only, never in the shared document (a round's
    /// private key until the reveal).
    pub(crate) fn local_value(&self, key: &str) -> Result<Option<String>, AppError> {
        Ok(self.file.meta(key)?)
    }

    /// Keeps a value in this laptop's plan file only; see [`OpenPlan::local_value`].
    pub(crate) fn set_local_value(&mut self, key: &str, value: &str) -> Result<(), AppError> {
        self.writable()?;
        Ok(self.file.set_meta(key, value)?)
    }

    /// Makes one change and saves it. The change is acknowledged (Ok) only once it is committed
    /// to the file; a refused change changes nothing.
    pub fn apply(&mut self, command: &PlanCommand) -> Result<Applied, AppError> {
        self.writable()?;
        let applied = self.plan.apply(command)?;
        if !applied.update.is_empty() {
            self.save(applied.update.clone())?;
        }
        Ok(applied)
    }

    /// Several changes in order, stopping at the first refused one (those before it stay).
    pub fn apply_all(&mut self, commands: &[PlanCommand]) -> Result<Vec<Applied>, AppError> {
        commands.iter().map(|c| self.apply(c)).collect()
    }

    /// A plan opened for reading refuses changes before its document is touched.
    fn writable(&self) -> Result<(), AppError> {
        if self.is_read_only() {
            return Err(StoreError::OpenedForReading {
                path: self.path().to_path_buf(),
            }
            .into());
        }
        Ok(())
    }

    fn save(&mut self, update: Vec<u8>) -> Result<(), AppError> {
        let now = Now::read();
        self.unsaved.push(update);
        while let Some(first) = self.unsaved.first() {
            match self.file.append(first, &self.author, now.ms) {
                Ok(_) => {
                    self.unsaved.remove(0);
                }
                Err(e) => return Err(AppError::NotSaved(e)),
            }
        }
        self.since_compaction_check += 1;
        if self.since_compaction_check >= COMPACTION_CHECK_EVERY {
            self.compact_if_due()?;
        }
        Ok(())
    }

    /// Counts `rows` changes that another connection to this plan's file saved (a session's
    /// sink, for what peers send), and folds the log when due, as saving here does: a host
    /// relaying a room all day would otherwise grow its file without end.
    pub(crate) fn saved_elsewhere(&mut self, rows: usize) -> Result<(), AppError> {
        let rows = u32::try_from(rows).unwrap_or(u32::MAX);
        self.since_compaction_check = self.since_compaction_check.saturating_add(rows);
        if self.since_compaction_check >= COMPACTION_CHECK_EVERY {
            self.compact_if_due()?;
        }
        Ok(())
    }

    fn compact_if_due(&mut self) -> Result<(), AppError> {
        self.since_compaction_check = 0;
        if self.file.should_compact()? {
            self.file.compact_from_doc(self.plan.doc())?;
        }
        Ok(())
    }

    /// Takes in a Yjs v1 update from a peer (another laptop, the desktop UI's own Yjs
    /// document). It is committed to the file before it is applied, so a host may relay it as
    /// soon as this returns `Ok`. Bytes that are not an update are refused (and kept in the
    /// file's quarantine) and change nothing. Returns whether the plan changed.
    pub fn receive_update(&mut self, update: &[u8], author: &str) -> Result<bool, AppError> {
        self.writable()?;
        let now = Now::read();
        // Decoded once, by the file, on its way to disk; applied from that decoding.
        let (_, decoded) = self.file.append_decoded(update, author, now.ms)?;
        let before = self.plan.state_vector();
        match self.plan.apply_decoded(decoded) {
            Ok(changed) => Ok(changed),
            Err(PlanError::BadUpdate(reason)) if self.plan.state_vector() == before => {
                Err(PlanError::BadUpdate(reason).into())
            }
            Err(_) => {
                // yrs can fail part-way through an update (a panic, or an error after it has
                // integrated some blocks: it has no rollback). Rebuild the document from the
                // file, so that this replica and its file agree; loading sets aside whatever
                // cannot be applied.
                let fresh = Plan::empty(replica::client_id());
                if let Err(StoreError::PoisonedUpdate { .. }) = self.file.load_into(fresh.doc()) {
                    let again = Plan::empty(replica::client_id());
                    self.file.load_into(again.doc())?;
                    self.plan = again;
                } else {
                    self.plan = fresh;
                }
                Err(AppError::UnreadableUpdate)
            }
        }
    }

    /// What this replica has that a peer with the given state vector (Yjs v1 encoding) lacks.
    pub fn diff_for(&self, state_vector_v1: &[u8]) -> Result<Vec<u8>, AppError> {
        use yrs::updates::decoder::Decode;
        let sv = StateVector::decode_v1(state_vector_v1).map_err(|_| AppError::UnreadableUpdate)?;
        Ok(self.plan.encode_diff(&sv))
    }

    /// Picks up what other processes saved to the same file since it was opened.
    pub fn refresh(&mut self) -> Result<usize, AppError> {
        Ok(self.file.catch_up(self.plan.doc())?)
    }

    /// The plan's whole content.
    pub fn content(&self) -> PlanContent {
        self.plan.content()
    }

    /// The coherence findings, in plain words.
    pub fn check(&self) -> Vec<Finding> {
        coherence(&self.content())
    }

    /// Investments against sources per fiscal year and unit.
    pub fn balance(&self) -> Balance {
        balance(&self.content())
    }

    /// Named versions, oldest first.
    pub fn versions(&self) -> Result<Vec<VersionSummary>, AppError> {
        Ok(self
            .file
            .versions()?
            .into_iter()
            .map(VersionSummary::from)
            .collect())
    }

    /// Names the plan as it is now. Versions are immutable; the label must be new.
    pub fn create_version(&mut self, label: &str) -> Result<VersionSummary, AppError> {
        self.writable()?;
        let label = label.trim();
        if label.is_empty() {
            return Err(AppError::EmptyLabel);
        }
        let now = Now::read();
        let state = self.plan.encode_state();
        let content = self.plan.canonical_json();
        let info = self.file.create_version(NewVersion {
            label,
            author: &self.author,
            at_ms: now.ms,
            state_v1: &state,
            content: &content,
        })?;
        Ok(info.into())
    }

    /// A named version's content, checked against the hash recorded when it was made.
    pub fn version_content(&self, label: &str) -> Result<(VersionSummary, PlanContent), AppError> {
        let stored = self
            .file
            .version_state(label)?
            .ok_or_else(|| AppError::NoSuchVersion(label.to_string()))?;
        let plan = Plan::empty(replica::client_id());
        plan.apply_update(&stored.state_v1)?;
        Ok((stored.info.into(), plan.content()))
    }

    /// Writes this plan as it is in memory (saved or not) and `review`'s comments and statuses
    /// into a new plan file at `path`, never over a file: a copy of the same plan (same id),
    /// which merges back with the original. What to do when saving to the plan's own file fails.
    ///
    /// `unsaved` is a Yjs update holding what a front end has that this plan may lack (the
    /// desktop UI's whole document, whose last keystrokes were refused by the failing file);
    /// empty when there is none.
    pub fn save_copy(
        &self,
        path: &Path,
        review: &crate::OpenReview,
        unsaved: &[u8],
    ) -> Result<(), AppError> {
        let now = Now::read();
        // The id is read from the failing file only if it still answers; a copy that cannot
        // carry it is still the person's work, as a plan of its own.
        let plan_id = self
            .plan_id()
            .ok()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(replica::plan_id);
        let mut file = PlanFile::create(path, &plan_id, now.ms)?;
        file.append(&self.plan.encode_state(), &self.author, now.ms)?;
        if !unsaved.is_empty() {
            // Merged like any peer's update: the copy holds both, whatever they overlap.
            file.append(unsaved, &self.author, now.ms)?;
        }
        file.append_review(&review.review().encode_state(), &self.author, now.ms)?;
        file.close()?;
        Ok(())
    }

    /// Saves changes carried from another copy, each under its own author and time, in one
    /// transaction, and only then applies them to the document. They were trimmed against a
    /// scratch copy of this document, so they apply cleanly and in order.
    pub(crate) fn save_carried(&mut self, changes: &[LoggedChange]) -> Result<(), AppError> {
        self.writable()?;
        if changes.is_empty() {
            return Ok(());
        }
        let rows: Vec<NewUpdate<'_>> = changes
            .iter()
            .map(|c| NewUpdate {
                data: &c.data,
                author: &c.author,
                at_ms: c.at_ms,
            })
            .collect();
        self.file.append_batch(&rows)?;
        for change in changes {
            self.plan.apply_update(&change.data)?;
        }
        Ok(())
    }

    /// Saves review changes carried from another copy, each under its own author and time.
    pub(crate) fn save_carried_review(&mut self, changes: &[LoggedChange]) -> Result<(), AppError> {
        self.writable()?;
        for change in changes {
            self.file
                .append_review(&change.data, &change.author, change.at_ms)?;
        }
        Ok(())
    }

    /// The plan file, for the merge to read this copy's logs and meta.
    pub(crate) fn file(&self) -> &PlanFile {
        &self.file
    }

    /// Saves a snapshot when due and checkpoints the file, so the one `.throughline` file is
    /// complete on its own and can be copied or emailed.
    pub fn close(mut self) -> Result<(), AppError> {
        if self.is_read_only() {
            self.file.close()?;
            return Ok(());
        }
        if !self.unsaved.is_empty() {
            // The document holds changes a failed write left out; a snapshot of it saves them.
            self.file.compact_from_doc(self.plan.doc())?;
        } else {
            self.compact_if_due()?;
        }
        self.file.close()?;
        Ok(())
    }
}
