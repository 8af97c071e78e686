//! `throughline export`: a plan document for a board or the public.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use throughline_app::{DocumentFile, ExportFormat, ExportOptions, OpenPlan};

/// Write the plan as a document: Markdown, HTML, DOCX or tagged PDF.
#[derive(Debug, Args)]
pub struct ExportCommand {
    plan: PathBuf,
    /// md, html, docx or pdf.
    #[arg(long, value_name = "FORMAT")]
    format: String,
    /// Where to write the document (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: PathBuf,
    /// Export a named version (with its sign-offs) instead of the current draft.
    #[arg(long, value_name = "LABEL")]
    version: Option<String>,
    /// Add the coherence findings as an appendix.
    #[arg(long)]
    findings: bool,
}

pub fn run(command: ExportCommand, author: &str) -> Result<()> {
    let format: ExportFormat = command.format.parse()?;
    let open = OpenPlan::open(&command.plan, author)?;
    let bytes = open.export(
        format,
        &ExportOptions {
            version: command.version,
            include_findings: command.findings,
        },
    )?;
    open.close()?;
    write_output(&command.output, &bytes)
}

/// Writes a document to `output` (`-`: standard output) and says so.
pub fn write_output(output: &Path, bytes: &[u8]) -> Result<()> {
    if output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    DocumentFile::at(output)?.write(bytes)?;
    crate::output::print(&format!(
        "wrote {} ({} bytes)\n",
        output.display(),
        bytes.len()
    ))
}
