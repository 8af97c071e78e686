//! Breakout tables working apart and merging back: a table's own copy, merging a copy or a
//! bundle with every change under its own author (and table), and the files a copy travels as.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use throughline_store::PlanFile;
use yrs::Doc;

use crate::bundle::{self, Bundle, Holding, OtherCopy};
use crate::carry::{self, CopyLog, LoggedChange};
use crate::clock::Now;
use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::OpenReview;

/// The plan file's meta key naming the breakout table a copy was made for.
const TABLE_META: &str = "table";

/// What merging another copy brought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Whether the other copy held anything this one lacked.
    pub changed: bool,
    /// Size of what came in, as Yjs updates.
    pub received_bytes: usize,
    /// The plan changes carried across, each kept as its own logged change.
    pub plan_changes: usize,
    /// The review changes (comments, statuses) carried across.
    pub review_changes: usize,
    /// Whose changes came in (with their table, when the copy was a table's), by name.
    pub people: Vec<String>,
    /// The breakout table the copy was made for, if any.
    pub table: Option<String>,
}

/// What a bundle holds, once written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleReport {
    pub bytes: Vec<u8>,
    pub plan_changes: usize,
    pub review_changes: usize,
    pub table: Option<String>,
}

/// The name a change is kept under once merged from a table's copy: the person, then the
/// table, so the history and the digest name both.
fn at_table(author: &str, table: Option<&str>) -> String {
    match table {
        Some(table) if !author.ends_with(&format!("({table})")) => format!("{author} ({table})"),
        _ => author.to_string(),
    }
}

fn table_name(table: Option<&str>) -> Result<Option<String>, AppError> {
    match table.map(str::trim) {
        None => Ok(None),
        Some("") => Err(AppError::EmptyTableName),
        Some(name) => Ok(Some(name.to_string())),
    }
}

impl OpenPlan {
    /// Brings in everything another copy of this plan has that this one lacks: a plan file or
    /// a bundle. Each change keeps its own author and time (and the table it was made at, when
    /// the copy was made for one), so the history and the digest name the right people.
    /// The other copy is not changed.
    pub fn merge_from(&mut self, other: &Path) -> Result<MergeReport, AppError> {
        self.merge_as_table(other, None)
    }

    /// As [`OpenPlan::merge_from`], naming the table whose copy this is (over the table the
    /// copy itself names, if any).
    pub fn merge_as_table(
        &mut self,
        other: &Path,
        table: Option<&str>,
    ) -> Result<MergeReport, AppError> {
        self.merge_with_review(None, other, table)
    }

    /// As [`OpenPlan::merge_as_table`], with this plan's review document open: the comments
    /// and statuses that come in are taken in by it (so a session sends them on), not only
    /// written to the file.
    pub fn merge_with_review(
        &mut self,
        review: Option<&mut OpenReview>,
        other: &Path,
        table: Option<&str>,
    ) -> Result<MergeReport, AppError> {
        self.writable_for_merge()?;
        let table = table_name(table)?;
        let ours_id = self.plan_id()?;
        let (theirs_id, their_table, log) = match bundle::read_other(other)? {
            OtherCopy::Bundle(b) => (b.plan_id, b.table, b.log),
            OtherCopy::PlanFile => {
                let theirs = PlanFile::open_read_only(other)?;
                let id = theirs.meta("plan_id")?.unwrap_or_default();
                let table = theirs.meta(TABLE_META)?;
                // Checked before the logs are read: a different plan is refused at once.
                if id != ours_id {
                    return Err(different(other, ours_id, id));
                }
                let log = carry::copy_log(&theirs)?;
                theirs.close()?;
                (id, table, log)
            }
        };
        if theirs_id != ours_id {
            return Err(different(other, ours_id, theirs_id));
        }
        self.take_log(review, &log, table.or(their_table))
    }

    fn writable_for_merge(&self) -> Result<(), AppError> {
        if self.is_read_only() {
            return Err(throughline_store::StoreError::OpenedForReading {
                path: self.path().to_path_buf(),
            }
            .into());
        }
        Ok(())
    }

    fn take_log(
        &mut self,
        open_review: Option<&mut OpenReview>,
        log: &CopyLog,
        table: Option<String>,
    ) -> Result<MergeReport, AppError> {
        let named = |changes: Vec<LoggedChange>| -> Vec<LoggedChange> {
            changes
                .into_iter()
                .map(|c| LoggedChange {
                    author: at_table(&c.author, table.as_deref()),
                    ..c
                })
                .collect()
        };
        let plan_base = carry::scratch(&self.plan().encode_state())?;
        let plan = named(carry::lacking(&plan_base, &log.plan));
        let review_base = match &open_review {
            Some(open) => carry::scratch(&open.review().encode_state())?,
            None => self.review_doc()?,
        };
        let review = named(carry::lacking(&review_base, &log.review));
        self.save_carried(&plan)?;
        match open_review {
            Some(open) => open.save_carried(&review)?,
            None => self.save_carried_review(&review)?,
        }
        let people: BTreeSet<String> = plan
            .iter()
            .chain(&review)
            .map(|c| c.author.clone())
            .collect();
        let received_bytes = plan.iter().chain(&review).map(|c| c.data.len()).sum();
        Ok(MergeReport {
            changed: !plan.is_empty() || !review.is_empty(),
            received_bytes,
            plan_changes: plan.len(),
            review_changes: review.len(),
            people: people.into_iter().collect(),
            table,
        })
    }

    /// The review document as this plan's file holds it.
    fn review_doc(&self) -> Result<Doc, AppError> {
        let mut file = self.reading_connection()?;
        let doc = Doc::new();
        file.load_review_into(&doc)?;
        file.close()?;
        Ok(doc)
    }

    /// A state file's bytes: what this copy holds, for another laptop to make a bundle of
    /// exactly what this one lacks.
    pub fn state_file(&self) -> Result<Vec<u8>, AppError> {
        let review = self.review_doc()?;
        Ok(bundle::write_state(&Holding {
            plan_id: self.plan_id()?,
            plan: carry::holding(self.plan().doc()),
            review: carry::holding(&review),
        }))
    }

    /// A bundle's bytes: this copy's logged changes that a copy described by the state file
    /// `for_state` lacks (every logged change when `None`), each with its author and time.
    /// `table` names the breakout table (default: the table this copy was made for, if any).
    pub fn bundle(
        &self,
        for_state: Option<&Path>,
        table: Option<&str>,
    ) -> Result<BundleReport, AppError> {
        let plan_id = self.plan_id()?;
        let table = match table_name(table)? {
            Some(t) => Some(t),
            None => self.file().meta(TABLE_META)?,
        };
        let file = self.reading_connection()?;
        let mut log = carry::copy_log(&file)?;
        file.close()?;
        if let Some(path) = for_state {
            let holding = bundle::read_state(path)?;
            if holding.plan_id != plan_id {
                return Err(different(path, plan_id, holding.plan_id));
            }
            log = CopyLog {
                plan: carry::beyond(&log.plan, &holding.plan),
                review: carry::beyond(&log.review, &holding.review),
            };
        }
        let bytes = bundle::write_bundle(
            &Bundle {
                plan_id,
                table: table.clone(),
                log: log.clone(),
            },
            &Now::read().rfc3339,
        );
        Ok(BundleReport {
            bytes,
            plan_changes: log.plan.len(),
            review_changes: log.review.len(),
            table,
        })
    }

    /// Writes a copy of this plan for a breakout table to work on apart (on a laptop alone or
    /// hosting the table): the same plan, its comments, and the table's name, so that merging
    /// it back names the table beside each person. Never over an existing file.
    pub fn save_table_copy(
        &self,
        path: &Path,
        table: &str,
        review: &crate::OpenReview,
    ) -> Result<(), AppError> {
        let table = table_name(Some(table))?.ok_or(AppError::EmptyTableName)?;
        let now = Now::read();
        let mut file = PlanFile::create(path, &self.plan_id()?, now.ms)?;
        file.set_meta(TABLE_META, &table)?;
        file.append(&self.plan().encode_state(), self.author(), now.ms)?;
        file.append_review(&review.review().encode_state(), self.author(), now.ms)?;
        file.close()?;
        Ok(())
    }

    /// The breakout table this copy was made for, if it was made for one.
    pub fn table(&self) -> Result<Option<String>, AppError> {
        Ok(self.file().meta(TABLE_META)?)
    }
}

fn different(path: &Path, ours: String, theirs: String) -> AppError {
    AppError::DifferentPlan {
        path: path.to_path_buf(),
        ours,
        theirs,
    }
}
