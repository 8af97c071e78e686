//! Rescuing a damaged plan file: everything still readable goes into a new file, which is then
//! opened like any plan to prove it reads back. The damaged file is never written.

use std::path::Path;

use throughline_store::RepairReport;

use crate::error::AppError;
use crate::open_plan::OpenPlan;
use crate::replica;

/// Writes what can still be read of `damaged` into a new plan file at `copy`.
pub fn repair_plan(damaged: &Path, copy: &Path) -> Result<RepairReport, AppError> {
    let report = throughline_store::repair(damaged, copy, &replica::plan_id())?;
    // Opened for writing, so a recovered change that decodes but cannot be applied is set aside
    // in the copy's quarantine now rather than tripping every later reader.
    OpenPlan::open(copy, "repair")?.close()?;
    Ok(report)
}
