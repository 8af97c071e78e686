//! The review verbs: `compare` (a text redline of two versions, or a version and the current
//! draft), `sign` and `signoffs`, `history` (who changed what in a section, and when) and
//! `digest` (what each person changed since a version) and `status` (where each section stands
//! in review).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::anyhow;
use anyhow::Result;
use clap::Subcommand;
use throughline_app::{
    ChangeKind, Comparison, ExportFormat, HistoryEntry, Now, OpenPlan, OpenReview, PersonDigest,
    ReviewStatus, SectionId, Side, SignoffState, SignoffView, Span, SpanKind, StatusView,
};

use crate::output::print;

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// What changed between two versions (or a version and `current`), section by section:
    /// [-deleted-] and {+inserted+} words marked; with --format, a redline document.
    Compare {
        plan: PathBuf,
        /// The older side: a version label, or `current`.
        from: String,
        /// The newer side: a version label, or `current`.
        to: String,
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Write the redline as a document: md, html, docx or pdf.
        #[arg(long, value_name = "FORMAT", requires = "output")]
        format: Option<String>,
        /// Where to write the redline document (`-` for standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT", requires = "format")]
        output: Option<PathBuf>,
    },
    /// Sign a named version: the signature covers that version's exact text, never later edits.
    Sign {
        plan: PathBuf,
        #[arg(long, value_name = "LABEL")]
        version: String,
        /// Who signs ("Dr. Ana Ruiz").
        #[arg(long, value_name = "NAME")]
        name: String,
        /// In what role ("Superintendent").
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
    /// The sign-offs, each checked against its version and set beside the current draft.
    Signoffs {
        plan: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Who changed what, and when: one section (`--section vision`) or every section in the
    /// plan's order. A person's run of edits to one item is one line.
    History {
        plan: PathBuf,
        /// A section id, as `throughline show --json` names them (`theory_of_action`).
        #[arg(long, value_name = "SECTION")]
        section: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where each section stands in review: draft, ready for review, needs work or approved,
    /// who set it and when; an approval given before the section last changed says so. With
    /// --section and --set, sets one section's status (--ask names its reviewers).
    Status {
        plan: PathBuf,
        /// A section id, as `throughline show --json` names them (`theory_of_action`).
        #[arg(long, value_name = "SECTION", requires = "set")]
        section: Option<String>,
        /// draft, ready_for_review, needs_work or approved.
        #[arg(long, value_name = "STATUS", requires = "section")]
        set: Option<String>,
        /// Someone asked to review it (with `--set ready_for_review`); repeat for more.
        #[arg(long = "ask", value_name = "NAME", requires = "set")]
        ask: Vec<String>,
        #[arg(long, conflicts_with = "set")]
        json: bool,
    },
    /// What each person (or breakout table) added, changed or removed since a named version.
    Digest {
        plan: PathBuf,
        #[arg(long, value_name = "LABEL")]
        since: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: ReviewCommand, author: &str) -> Result<()> {
    match command {
        ReviewCommand::Compare {
            plan,
            from,
            to,
            json,
            format,
            output,
        } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let (from, to) = (Side::parse(&from), Side::parse(&to));
            if let (Some(format), Some(output)) = (format, output) {
                let format: ExportFormat = format.parse()?;
                let bytes = open.export_comparison(&from, &to, format);
                open.close()?;
                return crate::export_command::write_output(&output, &bytes?);
            }
            let comparison = open.compare(&from, &to)?;
            open.close()?;
            if json {
                print(&(serde_json::to_string_pretty(&comparison)? + "\n"))
            } else {
                print(&redline(&comparison))
            }
        }
        ReviewCommand::Sign {
            plan,
            version,
            name,
            role,
        } => {
            let mut open = OpenPlan::open(&plan, author)?;
            let signed = open.sign(&version, &name, &role)?;
            open.close()?;
            print(&format!(
                "{} ({}) signed \"{}\" (content {})\n",
                signed.name,
                signed.role,
                signed.version,
                short(&signed.content_hash)
            ))
        }
        ReviewCommand::Signoffs { plan, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let signoffs = open.signoffs()?;
            open.close()?;
            if json {
                return print(&(serde_json::to_string_pretty(&signoffs)? + "\n"));
            }
            if signoffs.is_empty() {
                return print("no sign-offs yet (sign with `throughline sign PLAN --version LABEL --name NAME --role ROLE`)\n");
            }
            let mut out = String::new();
            for s in &signoffs {
                let _ = writeln!(
                    out,
                    "\"{}\"\t{} ({})\t{}\t{}",
                    s.version,
                    s.name,
                    s.role,
                    s.at,
                    verdict(s)
                );
            }
            print(&out)
        }
        ReviewCommand::History {
            plan,
            section,
            json,
        } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let content = open.content();
            let template = content.record.template.as_ref();
            let sections: Vec<SectionId> = match section {
                Some(id) => vec![section_id(&id)?],
                None => template.map_or(SectionId::ALL.to_vec(), |t| t.section_ids().collect()),
            };
            let wanted: Vec<Option<SectionId>> = sections.iter().copied().map(Some).collect();
            let histories: Vec<_> = sections
                .iter()
                .zip(open.section_histories(&wanted)?)
                .map(|(&id, history)| {
                    let label = template.map_or(id.default_label(), |t| t.label(id));
                    (id, label.to_string(), history)
                })
                .collect();
            open.close()?;
            if json {
                let value: Vec<serde_json::Value> = histories
                    .iter()
                    .map(|(id, label, h)| {
                        serde_json::json!({
                            "section": id.as_str(),
                            "label": label,
                            "entries": h.entries,
                            "folded_before": h.folded_before,
                        })
                    })
                    .collect();
                return print(&(serde_json::to_string_pretty(&value)? + "\n"));
            }
            let mut out = String::new();
            for (_, label, history) in &histories {
                let _ = writeln!(out, "## {label}");
                if let Some(at) = &history.folded_before {
                    let _ = writeln!(
                        out,
                        "(changes before {at} were folded into the file's snapshot)"
                    );
                }
                if history.entries.is_empty() {
                    let _ = writeln!(out, "no changes logged");
                }
                for entry in &history.entries {
                    let _ = writeln!(out, "{}", history_line(entry));
                }
                out.push('\n');
            }
            print(&out)
        }
        ReviewCommand::Status {
            plan,
            section,
            set,
            ask,
            json,
        } => {
            let open = if set.is_some() {
                OpenPlan::open(&plan, author)?
            } else {
                OpenPlan::open_read_only(&plan)?
            };
            let mut review = OpenReview::open(&open)?;
            if let (Some(section), Some(set)) = (section, set) {
                let section = section_id(&section)?;
                let status = ReviewStatus::from_key(&set).ok_or_else(|| {
                    let known: Vec<&str> = ReviewStatus::ALL.iter().map(|s| s.key()).collect();
                    anyhow!("no status `{set}`; the statuses are {}", known.join(", "))
                })?;
                review.set_status(&open, section, status, &ask)?;
            }
            let content = open.content();
            let statuses = review.statuses_now(&open);
            review.close()?;
            open.close()?;
            if json {
                return print(
                    &(serde_json::to_string_pretty(&statuses)?
                        + "
"),
                );
            }
            let template = content.record.template.as_ref();
            let order: Vec<SectionId> =
                template.map_or(SectionId::ALL.to_vec(), |t| t.section_ids().collect());
            let mut out = String::new();
            for id in order {
                let Some(s) = statuses.iter().find(|s| s.status.section == id) else {
                    continue;
                };
                let label = template.map_or(id.default_label(), |t| t.label(id));
                let _ = writeln!(out, "{}", status_line(label, s));
            }
            print(&out)
        }
        ReviewCommand::Digest { plan, since, json } => {
            let open = OpenPlan::open_read_only(&plan)?;
            let digest = open.merge_digest(&since)?;
            open.close()?;
            if json {
                return print(&(serde_json::to_string_pretty(&digest)? + "\n"));
            }
            print(&digest_text(&since, &digest))
        }
    }
}

fn section_id(id: &str) -> Result<SectionId> {
    SectionId::parse(id).ok_or_else(|| {
        let known: Vec<&str> = SectionId::ALL.iter().map(|s| s.as_str()).collect();
        anyhow!("no section `{id}`; the sections are {}", known.join(", "))
    })
}

/// `Vision: approved by Dr. Ruiz, 2026-06-12 14:05 UTC; CHANGED SINCE, approve it again`.
fn status_line(label: &str, s: &StatusView) -> String {
    let status = &s.status;
    let mut line = format!("{label}: {}", status.status.label().to_lowercase());
    if let Some(by) = &status.by {
        if status.status == ReviewStatus::Approved {
            let _ = write!(line, " by {by}");
        } else {
            let _ = write!(line, ", marked by {by}");
        }
    }
    if let Some(at) = &status.at {
        let _ = write!(line, ", {} UTC", minute(at));
    }
    if status.status == ReviewStatus::ReadyForReview && !status.asked.is_empty() {
        let _ = write!(line, "; reviewers: {}", status.asked.join(", "));
    }
    if s.changed_since_approval {
        line.push_str("; CHANGED SINCE, so the approval does not cover what it says now");
    }
    line
}

/// `2026-06-12 14:05` from RFC 3339 (UTC).
fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

fn kind_word(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    }
}

/// ` "Title"`, or nothing when the title only repeats the noun (the vision is "Vision").
fn quoted_title(noun: &str, title: &str) -> String {
    if title.trim().is_empty() || title.trim().eq_ignore_ascii_case(noun) {
        String::new()
    } else {
        format!(" \"{}\"", title.trim())
    }
}

/// `2026-06-12 14:05 UTC  Ana Ruiz  changed strategy "Coaching for every classroom" (name)`.
fn history_line(e: &HistoryEntry) -> String {
    let (from, to) = (
        minute(&Now::at_ms(e.from_ms).rfc3339),
        minute(&Now::at_ms(e.to_ms).rfc3339),
    );
    let when = if from == to {
        format!("{from} UTC")
    } else {
        format!("{from} to {} UTC", to.get(11..).unwrap_or(&to))
    };
    let fields = if e.fields.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.fields.join(", "))
    };
    format!(
        "{when}  {}  {} {}{}{fields}",
        e.author,
        kind_word(e.kind),
        e.noun,
        quoted_title(&e.noun, &e.title)
    )
}

fn digest_text(since: &str, digest: &[PersonDigest]) -> String {
    if digest.is_empty() {
        return format!("Nothing has changed since \"{since}\".\n");
    }
    let mut out = format!("Since \"{since}\":\n");
    for person in digest {
        let who = person
            .person
            .as_deref()
            .unwrap_or("Not in the log (follows from other changes)");
        let _ = writeln!(out, "\n{who}");
        for entry in &person.changes {
            let c = &entry.change;
            let fields: Vec<&str> = c.fields.iter().map(|f| f.label.as_str()).collect();
            let fields = if fields.is_empty() || c.kind != ChangeKind::Changed {
                String::new()
            } else {
                format!(" ({})", fields.join(", "))
            };
            let _ = writeln!(
                out,
                "  {}: {} {}{}{fields}",
                entry.section_label,
                kind_word(c.kind),
                c.noun,
                quoted_title(&c.noun, &c.title)
            );
        }
    }
    out
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn verdict(s: &SignoffView) -> String {
    match (s.state, &s.draft_differs_in) {
        (SignoffState::Verified, Some(sections)) if sections.is_empty() => format!(
            "verified ({}); the current draft is exactly what was signed",
            short(&s.content_hash)
        ),
        (SignoffState::Verified, Some(sections)) => format!(
            "verified ({}); the current draft differs in: {}",
            short(&s.content_hash),
            sections.join(", ")
        ),
        (SignoffState::Verified, None) => format!("verified ({})", short(&s.content_hash)),
        (SignoffState::Tampered, _) => {
            "NOT VALID: the signed version was altered outside Throughline".to_string()
        }
        (SignoffState::VersionMissing, _) => {
            "NOT VALID: the signed version is missing from the file".to_string()
        }
    }
}

/// The comparison as a text redline: wdiff's marks, one block per changed part.
pub fn redline(c: &Comparison) -> String {
    let mut out = String::new();
    if c.sections.is_empty() {
        let _ = writeln!(out, "{} and {} say the same thing.", c.from, c.to);
        return out;
    }
    let n = c.sections.len();
    let _ = writeln!(
        out,
        "Comparing {} with {}: {n} section{} changed. [-deleted-] {{+inserted+}}",
        c.from,
        c.to,
        if n == 1 { "" } else { "s" }
    );
    for section in &c.sections {
        let _ = writeln!(out, "\n## {}", section.label);
        for item in &section.items {
            let mark = match item.kind {
                ChangeKind::Added => "+ added",
                ChangeKind::Removed => "- removed",
                ChangeKind::Changed => "~ changed",
            };
            let within = item
                .within
                .as_ref()
                .map(|w| format!(" in \"{w}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{mark} {} \"{}\"{within} [{}]",
                item.noun, item.title, item.path
            );
            for field in &item.fields {
                let _ = writeln!(out, "    {}: {}", field.label, marked(&field.spans));
            }
        }
    }
    out
}

fn marked(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        match span.kind {
            SpanKind::Same => s.push_str(&span.text),
            SpanKind::Inserted => {
                let _ = write!(s, "{{+{}+}}", span.text);
            }
            SpanKind::Deleted => {
                let _ = write!(s, "[-{}-]", span.text);
            }
        }
    }
    // Long prose keeps its paragraphs, indented under its field.
    s.replace('\n', "\n      ")
}
