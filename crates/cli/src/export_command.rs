//! `throughline export`: a plan document for a board or the public.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use throughline_app::{ExportFormat, ExportOptions, OpenPlan};

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

pub fn run(command: ExportCommand) -> Result<()> {
    let format: ExportFormat = command.format.parse()?;
    let open = OpenPlan::open_read_only(&command.plan)?;
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
pub fn write_output(output: &std::path::Path, bytes: &[u8]) -> Result<()> {
    if output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    write_whole(output, bytes)
        .with_context(|| format!("{}: cannot write the document", output.display()))?;
    crate::output::print(&format!(
        "wrote {} ({} bytes)\n",
        output.display(),
        bytes.len()
    ))
}

/// Writes beside the target and renames, so a reader never sees half a document and a failed
/// export leaves any earlier file as it was.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}
