//! The verbs and what each prints.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use throughline_app::{
    agenda_text, content_from_json, outline, outline_json, program_demo_content, repair_plan,
    Decks, Finding, MergeReport, NewPlan, OpenPlan, PlanContent, RepairReport, Templates,
    DEMO_PROGRAMS,
};

use throughline_app::votes;

use crate::output::print;

/// Throughline: draft a district redesign plan together.
#[derive(Debug, Parser)]
#[command(name = "throughline", version, about)]
pub struct Cli {
    /// Whose changes these are (default: $THROUGHLINE_AUTHOR, else $USER).
    #[arg(long, global = true, value_name = "NAME")]
    author: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The templates a plan can start from, one per line, id first.
    Templates,
    /// The trade-off card decks, one per line, id first; with a deck's id, its cards.
    Decks { deck: Option<String> },
    /// Create a new plan file (never over an existing file).
    New {
        plan: PathBuf,
        /// A template id (`dsdp`), with add-ons (`dsdp+improvement-science`), or a template file.
        #[arg(long, value_name = "ID", group = "source")]
        template: Option<String>,
        /// The demo plan of a fictional district: District System Design's, or the program
        /// named (dsdp, nep, ers).
        #[arg(long, group = "source", value_name = "PROGRAM", num_args = 0..=1, default_missing_value = "dsdp")]
        demo: Option<String>,
        /// Whole plan content, as `show --json` prints it.
        #[arg(long, value_name = "FILE", group = "source")]
        from_json: Option<PathBuf>,
        /// The plan's title (with --template).
        #[arg(long, value_name = "TEXT", requires = "template")]
        title: Option<String>,
        /// The district's name (with --template).
        #[arg(long, value_name = "TEXT", requires = "template")]
        district: Option<String>,
    },
    /// The plan as text, or its whole content as JSON.
    Show {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The coherence findings: what keeps the plan from hanging together.
    Check {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The retreat's agenda, day by day: each block's start, length, section or activity and id.
    Agenda {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The dot votes: each one's question and state, and once closed the dots each item
    /// received (counted here from the published ballots) and what to discuss.
    Votes {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The parking lot: ideas not (yet) in the plan, who raised them, their dots, and what each
    /// promoted idea became.
    Ideas {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The named versions, oldest first.
    Versions {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Name the plan as it is now ("Draft for cabinet"). Versions never change.
    Version {
        plan: PathBuf,
        #[arg(long, value_name = "TEXT")]
        label: String,
    },
    /// Bring in everything another copy of this plan (a plan file or a bundle) has, each change
    /// under its own author; the other copy is not changed.
    Merge {
        plan: PathBuf,
        other: PathBuf,
        /// The breakout table whose copy this is, named beside each person in the history.
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
    },
    /// Write what this copy holds to a state file, for another laptop to bundle for it.
    State {
        plan: PathBuf,
        /// The state file to write (never over an existing file).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Write a bundle: this copy's changes that another copy lacks, each with its author, for
    /// `throughline merge` on a laptop the network does not reach.
    Bundle {
        plan: PathBuf,
        /// The other copy's state file (from `throughline state`); without it, every change.
        #[arg(long = "for", value_name = "STATE")]
        for_state: Option<PathBuf>,
        /// The breakout table whose work this is (default: the table the copy was made for).
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
        /// The bundle to write (never over an existing file).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Copy everything that can still be read from a damaged plan file into a new file, and
    /// name what could not be recovered. The damaged file is not changed.
    Repair {
        plan: PathBuf,
        /// The new file to write (never over an existing file).
        #[arg(short = 'o', long = "output", value_name = "COPY")]
        output: PathBuf,
    },
    /// Write the plan as a document: Markdown, HTML, DOCX or tagged PDF.
    Export(crate::export_command::ExportCommand),
    #[command(flatten)]
    Review(crate::review_commands::ReviewCommand),
    #[command(flatten)]
    Session(crate::session_commands::SessionCommand),
}

fn author(cli_author: Option<String>) -> String {
    throughline_app::default_author(cli_author.as_deref())
}

pub fn run(cli: Cli) -> Result<()> {
    let author = author(cli.author);
    match cli.command {
        Command::Templates => templates(),
        Command::Decks { deck } => decks(deck.as_deref()),
        Command::New {
            plan,
            template,
            demo,
            from_json,
            title,
            district,
        } => {
            let open = if let Some(program) = demo {
                let content = program_demo_content(&program)
                    .with_context(|| {
                        format!(
                            "there is no demo plan for the program “{program}” (there is one for: {})",
                            DEMO_PROGRAMS.join(", ")
                        )
                    })?
                    .context("the demo plan shipped with this build")?;
                OpenPlan::create(&plan, NewPlan::Content(&content), &author)?
            } else if let Some(file) = from_json {
                let content = read_content(&file)?;
                OpenPlan::create(&plan, NewPlan::Content(&content), &author)?
            } else if let Some(spec) = template {
                let templates = Templates::load()?;
                let template = templates.resolve(&spec)?;
                let title = title.unwrap_or_else(|| format!("{} plan", template.name));
                OpenPlan::create(
                    &plan,
                    NewPlan::Template {
                        template: &template,
                        title: &title,
                        district: district.as_deref().unwrap_or(""),
                    },
                    &author,
                )?
            } else {
                bail!("say what the plan starts from: --template ID, --demo or --from-json FILE (see `throughline templates`)");
            };
            let title = open.content().record.title;
            open.close()?;
            print(&format!("created {} ({title})\n", plan.display()))
        }
        Command::Show { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&outline_json(&content)?)? + "\n"))
            } else {
                print(&outline(&content))
            }
        }
        Command::Check { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            let findings = open.check();
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&findings)? + "\n"))
            } else {
                print(&findings_text(&content, &findings))
            }
        }
        Command::Agenda { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&content.agenda)? + "\n"))
            } else {
                print(&agenda_text(&content))
            }
        }
        Command::Votes { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&votes::vote_views(&content))? + "\n"))
            } else {
                print(&votes::votes_text(&content))
            }
        }
        Command::Ideas { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&content.parking_lot)? + "\n"))
            } else {
                print(&votes::ideas_text(&content))
            }
        }
        Command::Versions { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let versions = open.versions()?;
            open.close()?;
            if json {
                return print(&(serde_json::to_string_pretty(&versions)? + "\n"));
            }
            if versions.is_empty() {
                return print("no named versions yet (name one with `throughline version PLAN --label TEXT`)\n");
            }
            let mut out = String::new();
            for v in versions {
                let hash = v.content_hash.get(..12).unwrap_or(&v.content_hash);
                let _ = writeln!(out, "{}\t{}\t{}\t{hash}", v.label, v.at, v.author);
            }
            print(&out)
        }
        Command::Version { plan, label } => {
            let mut open = OpenPlan::open(&plan, &author)?;
            let v = open.create_version(&label)?;
            open.close()?;
            let hash = v.content_hash.get(..12).unwrap_or(&v.content_hash);
            print(&format!("saved version \"{}\" ({hash})\n", v.label))
        }
        Command::Export(command) => crate::export_command::run(command),
        Command::Review(command) => crate::review_commands::run(command, &author),
        Command::Session(command) => crate::session_commands::run(command, &author),
        Command::Repair { plan, output } => {
            let report = repair_plan(&plan, &output)?;
            print(&repair_text(&plan, &output, &report))
        }
        Command::Merge { plan, other, table } => {
            let mut open = OpenPlan::open(&plan, &author)?;
            let report = open.merge_as_table(&other, table.as_deref())?;
            open.close()?;
            print(&merge_text(&plan, &other, &report))
        }
        Command::State { plan, output } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let bytes = open.state_file()?;
            open.close()?;
            write_new(&output, &bytes)?;
            print(&format!(
                "wrote what {} holds to {}\n",
                plan.display(),
                output.display()
            ))
        }
        Command::Bundle {
            plan,
            for_state,
            table,
            output,
        } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let bundle = open.bundle(for_state.as_deref(), table.as_deref())?;
            open.close()?;
            write_new(&output, &bundle.bytes)?;
            let table = bundle
                .table
                .map(|t| format!(" from {t}"))
                .unwrap_or_default();
            print(&format!(
                "wrote {} plan change{} and {} review change{}{table} to {}\n",
                bundle.plan_changes,
                plural(bundle.plan_changes),
                bundle.review_changes,
                plural(bundle.review_changes),
                output.display()
            ))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn merge_text(plan: &Path, other: &Path, report: &MergeReport) -> String {
    if !report.changed {
        return format!(
            "{} already has everything in {}\n",
            plan.display(),
            other.display()
        );
    }
    let mut out = format!(
        "merged {} into {}: {} plan change{} and {} review change{} ({} bytes)\n",
        other.display(),
        plan.display(),
        report.plan_changes,
        plural(report.plan_changes),
        report.review_changes,
        plural(report.review_changes),
        report.received_bytes
    );
    let _ = writeln!(out, "by {}", report.people.join(", "));
    out
}

/// Writes a new file, never over one that is there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            format!(
                "{}: cannot write (refusing to overwrite a file that is there)",
                path.display()
            )
        })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("{}: cannot write", path.display()))
}

fn repair_text(plan: &Path, output: &Path, report: &RepairReport) -> String {
    let mut out = format!(
        "wrote {} from what could be read of {}\n",
        output.display(),
        plan.display()
    );
    for line in report.recovered_lines() {
        let _ = writeln!(out, "  {line}");
    }
    if report.lost.is_empty() {
        out.push_str("nothing was lost\n");
    } else {
        out.push_str("not recovered:\n");
        for line in &report.lost {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn templates() -> Result<()> {
    let templates = Templates::load()?;
    for problem in &templates.problems {
        eprintln!("throughline: skipped a template: {problem}");
    }
    let width = templates
        .list()
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for t in templates.list() {
        let kind = if t.add_on { " (add-on)" } else { "" };
        let _ = writeln!(out, "{:width$}  {}{kind}", t.id, t.name);
    }
    print(&out)
}

fn decks(deck: Option<&str>) -> Result<()> {
    let decks = Decks::load()?;
    for problem in &decks.problems {
        eprintln!("throughline: skipped a deck: {problem}");
    }
    let mut out = String::new();
    match deck {
        None => {
            let width = decks.list().iter().map(|d| d.id.len()).max().unwrap_or(0);
            for (i, d) in decks.list().iter().enumerate() {
                let whose = if decks.is_builtin(i) { "" } else { " (yours)" };
                let n = d.cards.len();
                let _ = writeln!(
                    out,
                    "{:width$}  {} ({n} card{}){whose}",
                    d.id,
                    d.name,
                    if n == 1 { "" } else { "s" }
                );
            }
        }
        Some(id) => {
            let d = decks.get(id)?;
            let width = d.cards.iter().map(|c| c.id.len()).max().unwrap_or(0);
            for c in &d.cards {
                let kind = match c.source_kind.as_deref() {
                    Some(k) => format!("source: {}", k.replace('_', " ")),
                    None => c.kind.clone(),
                };
                let _ = writeln!(out, "{:width$}  {} ({kind})", c.id, c.name);
            }
        }
    }
    print(&out)
}

fn read_content(file: &Path) -> Result<PlanContent> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read", file.display()))?;
    content_from_json(&text).with_context(|| format!("{}", file.display()))
}

fn findings_text(content: &PlanContent, findings: &[Finding]) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        out.push_str("No findings: the plan hangs together.\n");
        return out;
    }
    let template = content.record.template.as_ref();
    let n = findings.len();
    let _ = writeln!(out, "{n} finding{}:", if n == 1 { "" } else { "s" });
    for f in findings {
        let section = template.map_or(f.location.section.default_label(), |t| {
            t.label(f.location.section)
        });
        let field = f
            .location
            .field
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {section}: {} [{}{field}]",
            f.message, f.location.path
        );
    }
    out
}
