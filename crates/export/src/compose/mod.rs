//! Composes the plan document from a plan snapshot: which sections, in which order, under which
//! labels (the plan's own template), and what each says.

mod context;
mod direction;
mod learning;
mod resources;
mod room;

use std::collections::HashMap;

use throughline_plan::display;
use throughline_plan::parts::{Member, PlanContent, RootCause, Statement, Strategy, Tactic};
use throughline_plan::schema::Part;
use throughline_plan::template::{ObjectKind, Template, Term};
use throughline_plan::SectionId;

use crate::document::{Block, Cover, Document, Fact, ListItem, Section, Signer, Span};
use crate::text::{self, blank, date_of_time, long_date};
use crate::ExportInput;

/// What an empty section of the template says: a board member reading a draft should see the
/// gap, not wonder whether a page went missing.
const NOTHING_YET: &str = "Nothing has been written for this section yet.";

/// Shown in a table cell with no value.
pub(crate) const NONE: &str = "—";

/// Composes the whole document.
pub(crate) fn document(input: &ExportInput) -> Document {
    let own = input.content.record.template.as_ref();
    // The lens's rule is the plan's (`Template::through_lens`), shared with the desktop's view;
    // a plan carrying no template is shown in the lens's words alone. Sections neither template
    // has are added after these below, when they hold anything.
    let lensed = input
        .lens
        .map(|lens| own.map_or_else(|| lens.clone(), |own| own.through_lens(lens)));
    let plan = Plan::new(input.content, lensed.as_ref().or(own));
    let mut sections = Vec::new();
    let in_template: Vec<SectionId> = match plan.template {
        Some(t) if !t.sections.is_empty() => {
            let mut ids: Vec<SectionId> = Vec::new();
            for id in t.section_ids() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids
        }
        _ => SectionId::ALL.to_vec(),
    };
    // A part of the plan whose section the template leaves out is still part of the plan: it
    // goes where the canonical order puts it, before the first of the template's sections that
    // comes after it (the rule templates follow when an add-on brings in a section). Through a
    // lens it goes after everything else instead: the lens's order is the reader's, and a part
    // it has no place for is kept, not slotted in among its sections.
    let mut order: Vec<(SectionId, bool)> = in_template.iter().map(|&id| (id, true)).collect();
    for id in SectionId::ALL {
        if in_template.contains(&id) {
            continue;
        }
        let at = match lensed {
            Some(_) => order.len(),
            None => order
                .iter()
                .position(|(other, _)| *other > id)
                .unwrap_or(order.len()),
        };
        order.insert(at, (id, false));
    }
    for (id, from_template) in order {
        let blocks = plan.section(id);
        if blocks.is_empty() && !from_template {
            continue;
        }
        sections.push(Section {
            anchor: format!("s-{}", id.as_str().replace('_', "-")),
            title: plan.label(id),
            blocks: if blocks.is_empty() {
                vec![Block::note(NOTHING_YET)]
            } else {
                blocks
            },
        });
    }
    number_figures(&mut sections);
    sections.push(signoff_section(input));
    sections.extend(room::section(&plan));
    if input.include_findings {
        sections.push(findings_section(&plan));
    }
    let record = &input.content.record;
    let title = plan.title();
    let mut cover = cover(input, title.clone());
    if let Some(lens) = input.lens {
        // Said on the cover so that nobody mistakes the lens's words for the plan's own.
        cover.facts.insert(
            1,
            Fact::new(
                "Words and order",
                format!(
                    "those of {}; the plan itself is unchanged",
                    crate::lens::name(lens)
                ),
            ),
        );
    }
    Document {
        title,
        lang: "en-US",
        author: text::one_line(&record.district),
        cover,
        sections,
    }
}

/// Numbers the charts in reading order, so that every format captions them alike.
fn number_figures(sections: &mut [Section]) {
    let mut n = 0;
    for block in sections.iter_mut().flat_map(|s| s.blocks.iter_mut()) {
        if let Block::Chart(c) = block {
            n += 1;
            c.number = n;
        }
    }
}

/// The cover says what this copy is (a named version or the working draft, signed or not) and
/// what the plan says about its adoption, as a fact or as a plan, by the copy's own date: a
/// draft for the board never reads "Adopted".
pub(crate) fn cover(input: &ExportInput, title: String) -> Cover {
    let record = &input.content.record;
    let mut facts = Vec::new();
    let copy_made = match &input.version {
        Some(v) => {
            let saved = date_of_time(&v.at);
            let label = text::one_line(&v.label);
            facts.push(Fact::new(
                "This copy",
                if saved.is_empty() {
                    format!("the named version “{label}”")
                } else {
                    format!("the named version “{label}”, saved {saved}")
                },
            ));
            chrono::DateTime::parse_from_rfc3339(v.at.trim())
                .map(|t| t.date_naive())
                .unwrap_or(input.exported_on)
        }
        None => {
            facts.push(Fact::new(
                "This copy",
                format!(
                    "the working draft as of {}, not a named version",
                    long_date(input.exported_on)
                ),
            ));
            input.exported_on
        }
    };
    facts.push(Fact::new("Sign-off", signed_by(input)));
    let adoption = text::opt_date(&record.adoption_date);
    let adopted = record
        .adoption_date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .is_some_and(|d| d <= copy_made);
    let body = text::one_line(&record.adoption_body);
    match (adoption.is_empty(), body.is_empty(), adopted) {
        (false, false, true) => {
            facts.push(Fact::new("Adopted", format!("by {body} on {adoption}")))
        }
        (false, true, true) => facts.push(Fact::new("Adopted", adoption)),
        (false, false, false) => facts.push(Fact::new(
            "Adoption",
            format!("planned by {body} on {adoption}"),
        )),
        (false, true, false) => facts.push(Fact::new("Adoption", format!("planned on {adoption}"))),
        (true, false, _) => facts.push(Fact::new("To be adopted by", body)),
        (true, true, _) => {}
    }
    if !blank(&record.facilitator) {
        facts.push(Fact::new(
            "Facilitator",
            text::one_line(&record.facilitator),
        ));
    }
    facts.push(Fact::new("Exported", long_date(input.exported_on)));
    Cover {
        district: text::one_line(&record.district),
        title,
        period: text::one_line(&record.planning_period),
        facts,
    }
}

/// Who signed this copy, in words: only sign-offs on this very content count.
fn signed_by(input: &ExportInput) -> String {
    let Some(version) = &input.version else {
        return "not signed: sign-offs are given on named versions".into();
    };
    let names: Vec<String> = input
        .signoffs
        .iter()
        .filter(|s| s.content_hash == version.content_hash)
        .map(|s| text::one_line(&s.name))
        .filter(|n| !n.is_empty())
        .collect();
    match names.len() {
        0 => "not signed yet".into(),
        1 => format!("signed by {}", names[0]),
        n => format!("signed by {n} people: {}", names.join(", ")),
    }
}

/// The sign-off page: what was signed, what its fingerprint proves and how to check it, and a
/// signature and date line for each signer, so a printed copy can be signed by hand too.
pub(crate) fn signoff_section(input: &ExportInput) -> Section {
    let mut blocks = Vec::new();
    let Some(v) = &input.version else {
        blocks.push(Block::note(
            "This is a working draft, not a named version of the plan. Sign-offs are given on named versions: save one, then sign it.",
        ));
        return Section {
            anchor: "s-signoff".into(),
            title: "Sign-off".into(),
            blocks,
        };
    };
    let label = text::one_line(&v.label);
    let mut facts = vec![Fact::new("Version", label.clone())];
    if !blank(&v.at) {
        facts.push(Fact::new("Saved", date_of_time(&v.at)));
    }
    let digest = digest(&v.content_hash);
    if !digest.is_empty() {
        facts.push(Fact::new("Content fingerprint (SHA-256)", grouped(&digest)));
    }
    blocks.push(Block::Facts { facts });
    if !digest.is_empty() {
        let first: String = digest.chars().take(12).collect();
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain(
                "The fingerprint is computed from every word and figure of this version. Change a single character and it changes, so two copies with the same fingerprint say exactly the same thing. It says what was signed, not who signed it: the signatures below do that.",
            )],
        });
        blocks.push(Block::Paragraph {
            spans: vec![
                Span::plain("To check a copy against the plan file, run "),
                Span::strong("throughline versions PLAN.throughline"),
                Span::plain(format!(
                    " and find “{label}”: the fingerprint it lists begins {first}, as above. "
                )),
                Span::strong("throughline signoffs PLAN.throughline"),
                Span::plain(
                    " says whether each sign-off still matches the version it was given on.",
                ),
            ],
        });
    }
    let signers: Vec<Signer> = input
        .signoffs
        .iter()
        .map(|s| {
            let on = date_of_time(&s.at);
            let mut recorded = if on.is_empty() {
                "Signed in Throughline".to_string()
            } else {
                format!("Signed in Throughline on {on}")
            };
            if s.content_hash != v.content_hash {
                recorded.push_str(&format!(
                    ", on a different version (“{}”)",
                    text::one_line(&s.version_label)
                ));
            }
            Signer {
                name: text::one_line(&s.name),
                role: text::one_line(&s.role),
                recorded,
            }
        })
        .collect();
    if signers.is_empty() {
        blocks.push(Block::note(
            "No one has signed off on this version in Throughline yet. Those who sign it by hand write their name and role above their signature.",
        ));
        blocks.push(Block::Signatures {
            signers: vec![Signer::blank(), Signer::blank()],
        });
    } else {
        blocks.push(Block::Signatures { signers });
    }
    Section {
        anchor: "s-signoff".into(),
        title: "Sign-off".into(),
        blocks,
    }
}

/// The hex digits of a content hash, without an algorithm's name before them.
fn digest(hash: &str) -> String {
    let hash = text::one_line(hash);
    match hash.split_once(':') {
        Some((_, d)) => d.to_string(),
        None => hash,
    }
}

/// A digest in groups of four, to be read aloud and compared by eye.
fn grouped(digest: &str) -> String {
    let chars: Vec<char> = digest.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn findings_section(plan: &Plan) -> Section {
    let findings = throughline_plan::coherence(plan.content);
    let mut blocks = vec![Block::Paragraph {
        spans: vec![Span::plain(
            "The coherence check lists each place where the parts of this plan do not yet connect: a strategy no measure tracks, a tactic without an owner, a year the sources do not cover. It was run on the content of this document.",
        )],
    }];
    if findings.is_empty() {
        blocks.push(Block::note("The coherence check found nothing to fix."));
    } else {
        let rows = findings
            .iter()
            .map(|f| vec![plan.label(f.location.section), text::one_line(&f.message)])
            .collect();
        blocks.push(Block::Table(crate::document::Table {
            caption: format!("Coherence findings ({})", findings.len()),
            columns: vec![
                crate::document::Column::text("Section", 2),
                crate::document::Column::text("Finding", 7),
            ],
            rows,
            row_headers: false,
        }));
    }
    Section {
        anchor: "s-findings".into(),
        title: "Appendix: where the plan does not yet hang together".into(),
        blocks,
    }
}

/// An empty cell shows a dash rather than nothing, so a reader can tell "not given" from a
/// layout fault.
pub(crate) fn or_none(s: String) -> String {
    if s.trim().is_empty() {
        NONE.to_string()
    } else {
        s
    }
}

/// The plan snapshot with the look-ups every section needs.
pub(crate) struct Plan<'a> {
    pub content: &'a PlanContent,
    pub template: Option<&'a Template>,
    members: HashMap<&'a str, &'a Member>,
    pub statements: HashMap<&'a str, (usize, &'a Statement)>,
    pub strategies: HashMap<&'a str, &'a Strategy>,
    pub tactics: HashMap<&'a str, &'a Tactic>,
    pub causes: HashMap<&'a str, &'a RootCause>,
}

impl<'a> Plan<'a> {
    /// The plan composed with `template`'s words: its own, or a lens's.
    pub(crate) fn new(content: &'a PlanContent, template: Option<&'a Template>) -> Plan<'a> {
        Plan {
            content,
            template,
            members: content.members.iter().map(|m| (m.id.as_str(), m)).collect(),
            statements: content
                .statements
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), (i + 1, s)))
                .collect(),
            strategies: content
                .strategies
                .iter()
                .map(|s| (s.id.as_str(), s))
                .collect(),
            tactics: content.tactics.iter().map(|t| (t.id.as_str(), t)).collect(),
            causes: content
                .root_causes
                .iter()
                .map(|c| (c.id.as_str(), c))
                .collect(),
        }
    }

    fn title(&self) -> String {
        let record = &self.content.record;
        let title = text::one_line(&record.title);
        if !title.is_empty() {
            return title;
        }
        let district = text::one_line(&record.district);
        if district.is_empty() {
            "District redesign plan".into()
        } else {
            format!("{district} redesign plan")
        }
    }

    /// The section's label in the plan's template.
    pub fn label(&self, id: SectionId) -> String {
        match self.template {
            Some(t) => text::one_line(t.label(id)),
            None => id.default_label().to_string(),
        }
    }

    /// The template's word for a kind of object.
    pub fn term(&self, kind: ObjectKind) -> Term {
        match self.template {
            Some(t) => t.term(kind),
            None => {
                let (one, many) = kind.neutral();
                Term::new(one, many)
            }
        }
    }

    /// A member's name, or empty.
    pub fn member(&self, id: &Option<String>) -> String {
        id.as_deref()
            .and_then(|id| self.members.get(id))
            .map(|m| text::one_line(&m.name))
            .unwrap_or_default()
    }

    /// A tactic's accountable owner: a team member, or someone outside the team named as such
    /// (`display::outside_owner`).
    pub fn tactic_owner(&self, tactic: &Tactic) -> String {
        match tactic.owner {
            Some(_) => self.member(&tactic.owner),
            None => text::one_line(
                &display::outside_owner(&tactic.outside_owner, &tactic.outside_owner_role)
                    .unwrap_or_default(),
            ),
        }
    }

    /// A strategy's name for references.
    pub fn strategy_name(&self, id: &str) -> Option<String> {
        self.strategies.get(id).map(|s| strategy_title(s))
    }

    /// "Theory-of-action statement 2" for a statement id.
    pub fn statement_name(&self, id: &str) -> Option<String> {
        self.statements
            .get(id)
            .map(|(n, _)| format!("{} {n}", self.term(ObjectKind::TheoryOfAction).singular))
    }

    fn section(&self, id: SectionId) -> Vec<Block> {
        let mut blocks = self.parts_of(id);
        blocks.extend(self.reflections(id));
        blocks
    }

    /// The team's Notice and Reflect answers kept on a section, in the order written, printed
    /// where they were made: the pauses some programs (NEP's) make part of the work are part of
    /// the plan the board reads.
    fn reflections(&self, id: SectionId) -> Vec<Block> {
        let kept: Vec<_> = self
            .content
            .reflections
            .iter()
            .filter(|r| r.section == id.as_str() && !text::blank(&r.text))
            .collect();
        if kept.is_empty() {
            return Vec::new();
        }
        let mut out = vec![Block::heading(2, "Notice and reflect")];
        for r in kept {
            let kind = r.kind.map_or("Reflection", |k| k.label());
            let when = if blank(&r.at) {
                String::new()
            } else {
                date_of_time(&r.at)
            };
            let by = text::join_nonempty([self.member(&r.author).as_str(), when.as_str()], ", ");
            let mut spans = vec![
                Span::strong(format!("{kind}:")),
                Span::plain(format!(" {}", text::one_line(&r.text))),
            ];
            if !by.is_empty() {
                spans.push(Span::plain(format!(" ({by})")));
            }
            out.push(Block::Paragraph { spans });
        }
        out
    }

    fn parts_of(&self, id: SectionId) -> Vec<Block> {
        match id {
            SectionId::Team => context::team(self),
            SectionId::Catalysts => context::catalysts(self),
            SectionId::Evidence => context::evidence(self),
            SectionId::StudentExperience => context::student_experience(self),
            SectionId::EquityLandscape => context::equity_landscape(self),
            SectionId::Capacity => context::capacity(self),
            SectionId::Problems => context::problems(self),
            SectionId::RootCauses => context::root_causes(self),
            SectionId::Focus => direction::focus(self),
            SectionId::Vision => direction::vision(self),
            SectionId::TheoryOfAction => direction::theory_of_action(self),
            SectionId::Strategies => direction::strategies(self),
            SectionId::Tactics => direction::tactics(self),
            SectionId::Measures => direction::measures(self),
            SectionId::Ledger => resources::ledger(self),
            SectionId::ProcessShifts => resources::process_shifts(self),
            SectionId::LearningCycles => learning::learning_cycles(self),
            SectionId::Implementation => learning::implementation(self),
        }
    }
}

/// A strategy's name, or words saying it has none.
pub(crate) fn strategy_title(s: &Strategy) -> String {
    title_of(s, Strategy::SCHEMA.noun)
}

/// An item's title by the plan's one rule (`display::titled`), the noun being the template's
/// word for it, with stray control characters dropped as everywhere in a document.
pub(crate) fn title_of<P: Part>(item: &P, noun: &str) -> String {
    display::titled(item.title_text().map(text::clean).as_deref(), noun)
}

/// The words for a field of a part, by the plan's one rule: a fact or column showing that
/// field reads as the editor does.
pub(crate) fn label<P: Part>(field: &str) -> String {
    P::SCHEMA.field(field).map_or_else(
        || display::humanize(field),
        |f| display::field_label(f).into_owned(),
    )
}

/// A piece of prose as the team wrote it: paragraphs, lists, emphasis and links, read as
/// CommonMark by the one reader every format shares.
pub(crate) fn prose(text: &str) -> Vec<Block> {
    crate::prose::blocks(text)
}

/// A heading over a piece of prose, or nothing when nothing is written.
pub(crate) fn headed_prose(level: u8, heading: &str, body: &str) -> Vec<Block> {
    let paragraphs = prose(body);
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Block::heading(level, heading)];
    out.extend(paragraphs);
    out
}

/// The facts that have a value, as one block (none when all are empty).
pub(crate) fn facts(pairs: Vec<(&str, String)>) -> Option<Block> {
    let facts: Vec<Fact> = pairs
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(l, v)| Fact::new(l, v))
        .collect();
    (!facts.is_empty()).then_some(Block::Facts { facts })
}

/// A bold lead-in followed by a bulleted list, or nothing for an empty list.
pub(crate) fn labelled_list(label: &str, items: Vec<String>) -> Vec<Block> {
    let items: Vec<ListItem> = items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .map(ListItem::text)
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Paragraph {
            spans: vec![Span::strong(format!("{label}:"))],
        },
        Block::List {
            ordered: false,
            items,
        },
    ]
}

/// Labels of free tags (student groups), joined for reading.
pub(crate) fn tags(tags: &[String]) -> String {
    let cleaned: Vec<String> = tags
        .iter()
        .map(|t| text::one_line(t))
        .filter(|t| !t.is_empty())
        .collect();
    cleaned.join(", ")
}

/// "March 1, 2026 – June 30, 2026", or whichever end is known.
pub(crate) fn span_of_dates(start: &Option<String>, end: &Option<String>) -> String {
    let (s, e) = (text::opt_date(start), text::opt_date(end));
    match (s.is_empty(), e.is_empty()) {
        (false, false) => format!("{s} – {e}"),
        (false, true) => format!("from {s}"),
        (true, false) => format!("until {e}"),
        (true, true) => String::new(),
    }
}
