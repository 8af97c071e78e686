//! `throughline export`: a plan document for a board or the public.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use throughline_app::{DocumentFile, ExportFormat, ExportOptions, ExportProfile, OpenPlan};

/// Write the plan as a document (Markdown, HTML, DOCX or tagged PDF), through another
/// program's lens, or as a state's plan (Colorado UIP, Michigan MICIP as XLSX).
#[derive(Debug, Args)]
pub struct ExportCommand {
    plan: PathBuf,
    /// md, html, docx or pdf; xlsx for the micip profile.
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
    /// Show the plan in another program's words and section order (a template id, e.g. ers);
    /// the plan itself is not changed.
    #[arg(long, value_name = "TEMPLATE")]
    lens: Option<String>,
    /// Write a state's plan from the plan's objects: colorado-uip (docx, pdf, html, md) or
    /// micip (xlsx).
    #[arg(long, value_name = "PROFILE")]
    profile: Option<String>,
    /// Replace OUT if it already exists (without it, an existing file is refused, as `new`
    /// refuses to overwrite a plan).
    #[arg(long)]
    force: bool,
}

pub fn run(command: ExportCommand) -> Result<()> {
    let format: ExportFormat = command.format.parse()?;
    let profile: Option<ExportProfile> = command.profile.as_deref().map(str::parse).transpose()?;
    // A wrong folder is refused before the plan is opened or a PDF typeset.
    let output = Output::at(&command.output)?;
    if let Output::File(file) = &output {
        if !command.force && file.path().exists() {
            anyhow::bail!(
                "{} already exists; add --force to replace it",
                file.path().display()
            );
        }
    }
    let open = OpenPlan::open_read_only(&command.plan)?;
    let bytes = open.export(
        format,
        &ExportOptions {
            version: command.version,
            include_findings: command.findings,
            lens: command.lens,
            profile,
        },
    )?;
    open.close()?;
    output.write(&bytes)
}

/// Writes a document to `output` (`-`: standard output) and says so.
pub fn write_output(output: &Path, bytes: &[u8]) -> Result<()> {
    Output::at(output)?.write(bytes)
}

/// Where a document goes: standard output (`-`) or a file, saved whole.
enum Output {
    Stdout,
    File(DocumentFile),
}

impl Output {
    fn at(path: &Path) -> Result<Output> {
        Ok(if path.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::File(DocumentFile::at(path)?)
        })
    }

    fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
            Output::File(file) => {
                file.write(bytes)?;
                crate::output::print(&format!(
                    "wrote {} ({} bytes)\n",
                    file.path().display(),
                    bytes.len()
                ))
            }
        }
    }
}
