//! The state's plans from the same objects: Colorado's UIP as a document (opened in LibreOffice)
//! and Michigan's MICIP as a workbook read back, its rows and sums checked against the ledger.

use std::collections::{BTreeMap, HashMap};

use calamine::{Data, Reader, Xlsx};
use throughline_export::{export, Format, Profile};
use throughline_plan::vocab::{LineKind, Unit};
use throughline_plan::PlanContent;

use crate::support;

const UIP_HEADINGS: [&str; 7] = [
    "Data narrative",
    "Priority performance challenges",
    "Root causes",
    "Major improvement strategies",
    "Action steps",
    "Interim measures",
    "Implementation benchmarks",
];

fn uip(content: &PlanContent, format: Format) -> Vec<u8> {
    let mut input = support::input(content);
    input.profile = Some(Profile::ColoradoUip);
    export(&input, format).unwrap()
}

#[test]
fn colorado_uip_markdown() {
    let content = support::demo();
    let md = String::from_utf8(uip(&content, Format::Markdown)).unwrap();
    insta::assert_snapshot!("colorado_uip_markdown", md);
}

#[test]
fn the_uip_has_its_headings_in_its_order_fed_by_the_plans_objects() {
    let content = support::demo();
    let md = String::from_utf8(uip(&content, Format::Markdown)).unwrap();
    let at: Vec<usize> = UIP_HEADINGS
        .iter()
        .map(|h| {
            md.find(&format!("\n## {h}\n"))
                .unwrap_or_else(|| panic!("no heading {h}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    let plain = md.replace('\\', "");
    let within = |from: usize, to: usize, text: &str| {
        let head: String = text.chars().take(40).collect();
        let section = &plain[..];
        let (a, b) = (
            section
                .find(&format!("\n## {}\n", UIP_HEADINGS[from]))
                .unwrap(),
            section
                .find(&format!("\n## {}\n", UIP_HEADINGS[to]))
                .unwrap(),
        );
        assert!(
            section[a..b].contains(&head),
            "{head} is not under {}",
            UIP_HEADINGS[from]
        );
    };
    for p in &content.problems {
        within(1, 2, &p.statement);
    }
    for r in &content.root_causes {
        within(2, 3, &r.statement);
    }
    for s in &content.strategies {
        within(3, 4, &s.name);
    }
    for t in &content.tactics {
        within(4, 5, &t.description);
    }
    // The one tactic the demo leaves without an owner is listed as a gap.
    assert!(
        plain.contains("has no one accountable"),
        "the demo's ownerless action step"
    );
    assert!(plain.contains("## Where the plan does not yet fill the UIP"));
    // Dollars from the ledger, with their fund, reach the action steps.
    assert!(plain.contains("Title II, 2026-27"));
}

#[test]
fn the_uip_docx_opens_in_libreoffice_with_its_headings_and_the_pdf_renders() {
    let content = support::demo();
    let dir = support::scratch("profile-uip");
    let docx = dir.join("uip.docx");
    std::fs::write(&docx, uip(&content, Format::Docx)).unwrap();
    let converted = support::libreoffice_pdf(&docx, &dir);
    let text = support::pdf_text(&converted);
    for h in UIP_HEADINGS {
        assert!(text.contains(h), "LibreOffice shows the heading {h}");
    }
    assert!(text.contains("Unified Improvement Plan"));
    let inked = support::inked_pixels_per_page(&converted, &dir);
    assert!(inked.iter().all(|ink| *ink > 20), "{inked:?}");

    let pdf = dir.join("uip-typst.pdf");
    std::fs::write(&pdf, uip(&content, Format::Pdf)).unwrap();
    let text = support::pdf_text(&pdf);
    for h in UIP_HEADINGS {
        assert!(text.contains(h), "the PDF shows the heading {h}");
    }
    // The state's plan is as accessible as the plan document: the same renderers, checked alike.
    support::check_pdf_accessibility(&pdf, true);
    support::check_pdf_accessibility(&converted, false);
}

fn micip(content: &PlanContent) -> Vec<u8> {
    let mut input = support::input(content);
    input.profile = Some(Profile::Micip);
    export(&input, Format::Xlsx).unwrap()
}

/// A sheet's rows as text and numbers.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cents(cell: &Data) -> i64 {
    match cell {
        Data::Float(f) => (f * 100.0).round() as i64,
        Data::Int(i) => i * 100,
        other => panic!("not a number: {other:?}"),
    }
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|c| text(c) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn micip_has_one_row_per_activity_and_its_sums_are_the_ledgers() {
    let content = support::demo();
    assert!(text_of_first_goal(&content).starts_with("Every student reads on grade level"));
    micip_adds_up(&content);
}

/// A line shared by activities whose cents do not divide evenly still adds up: the shares of
/// each line are the line, to the cent.
#[test]
fn micip_shares_of_an_uneven_line_add_up_to_the_line() {
    let mut content = support::demo();
    let mut uneven = 0;
    for line in &mut content.ledger {
        if line.kind == Some(LineKind::Investment)
            && line.unit == Some(Unit::Usd)
            && line.tactics.len() > 1
        {
            line.amount = line.amount.map(|a| a + 1);
            uneven += 1;
        }
    }
    assert!(uneven > 0);
    micip_adds_up(&content);
}

/// Every program's demo fills both states' plans; MICIP lists what a plan without goals lacks.
#[test]
fn every_programs_demo_fills_both_states_plans() {
    for program in ["ers", "nep"] {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../assets/demo/{program}.json"));
        let content =
            throughline_plan::Plan::content_from_json(&std::fs::read_to_string(path).unwrap())
                .unwrap();
        let md = String::from_utf8(uip(&content, Format::Markdown)).unwrap();
        for h in UIP_HEADINGS {
            assert!(md.contains(&format!("\n## {h}\n")), "{program}: {h}");
        }
        micip_adds_up(&content);
        let gaps = sheet(&micip(&content), "Gaps");
        if content.goals.is_empty() {
            assert!(
                gaps.iter()
                    .any(|r| text(&r[0]).contains("is under no goal")),
                "{program}"
            );
        }
    }
}

fn text_of_first_goal(content: &PlanContent) -> String {
    let bytes = micip(content);
    let rows = sheet(&bytes, "Activities");
    let goal = column(&rows[0], "Goal");
    text(&rows[1][goal])
}

/// The MICIP workbook's rows and sums, read back, against the plan's own ledger.
fn micip_adds_up(content: &PlanContent) {
    let bytes = micip(content);
    let rows = sheet(&bytes, "Activities");
    let (header, body) = rows.split_first().unwrap();
    let (body, total) = body.split_at(body.len() - 1);
    let activity = column(header, "Activity");
    let usd = column(header, "Funding (USD)");

    // One row per tactic, each tactic once.
    assert_eq!(body.len(), content.tactics.len());
    let mut seen: Vec<String> = body.iter().map(|r| text(&r[activity])).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), content.tactics.len());

    // The total is every dollar of every investment line that pays for a tactic, read from
    // the ledger here, not from the export's own arithmetic.
    let ledger_usd: i64 = content
        .ledger
        .iter()
        .filter(|l| l.kind == Some(LineKind::Investment) && l.unit == Some(Unit::Usd))
        .filter(|l| {
            l.tactics
                .iter()
                .any(|id| content.tactics.iter().any(|t| t.id == *id))
        })
        .map(|l| l.amount.unwrap())
        .sum();
    let rows_usd: i64 = body.iter().map(|r| cents(&r[usd])).sum();
    assert_eq!(
        rows_usd, ledger_usd,
        "the activities' sums add up to the ledger"
    );
    assert_eq!(text(&total[0][0]), "Total");
    assert_eq!(
        cents(&total[0][usd]),
        ledger_usd,
        "the total row's cached sum"
    );

    // A tactic whose lines pay for it alone sums exactly those lines.
    let mut checked = 0;
    for t in &content.tactics {
        let lines: Vec<_> = content
            .ledger
            .iter()
            .filter(|l| l.kind == Some(LineKind::Investment) && l.unit == Some(Unit::Usd))
            .filter(|l| l.tactics.contains(&t.id))
            .collect();
        if lines.is_empty() || lines.iter().any(|l| l.tactics.len() > 1) {
            continue;
        }
        let expected: i64 = lines.iter().map(|l| l.amount.unwrap()).sum();
        let row = body
            .iter()
            .find(|r| {
                t.description
                    .starts_with(text(&r[activity]).trim_end_matches('…'))
            })
            .unwrap();
        assert_eq!(cents(&row[usd]), expected, "{}", t.description);
        checked += 1;
    }
    assert!(checked >= 1 || content.ledger.is_empty(), "{checked}");

    // Every funding line's shares add up to the line, and to the activity's sum.
    let funding = sheet(&bytes, "Funding");
    let (fh, fbody) = funding.split_first().unwrap();
    let (fbody, ftotal) = fbody.split_at(fbody.len() - 1);
    let (f_activity, f_line, f_year, f_usd) = (
        column(fh, "Activity"),
        column(fh, "Funding line"),
        column(fh, "Fiscal year"),
        column(fh, "Funding (USD)"),
    );
    let mut by_line: HashMap<(String, String), i64> = HashMap::new();
    let mut by_activity: BTreeMap<String, i64> = BTreeMap::new();
    for r in fbody {
        // A line in another unit (FTE, hours) has its own column and no dollars.
        if cents(&r[f_usd]) == 0 {
            continue;
        }
        *by_line
            .entry((text(&r[f_line]), text(&r[f_year])))
            .or_default() += cents(&r[f_usd]);
        *by_activity.entry(text(&r[f_activity])).or_default() += cents(&r[f_usd]);
    }
    let mut in_ledger: HashMap<(String, String), i64> = HashMap::new();
    for l in content
        .ledger
        .iter()
        .filter(|l| l.kind == Some(LineKind::Investment) && l.unit == Some(Unit::Usd))
        .filter(|l| !l.tactics.is_empty() && l.amount != Some(0))
    {
        *in_ledger
            .entry((l.description.clone(), l.fiscal_year.clone().unwrap()))
            .or_default() += l.amount.unwrap();
    }
    assert_eq!(
        by_line, in_ledger,
        "each funding line's shares add up to the line"
    );
    for r in body {
        let name = text(&r[activity]);
        assert_eq!(
            by_activity.get(&name).copied().unwrap_or(0),
            cents(&r[usd]),
            "{name}"
        );
    }
    assert_eq!(cents(&ftotal[0][f_usd]), ledger_usd);

    // The investments no activity uses are listed, not lost.
    let gaps = sheet(&bytes, "Gaps");
    let unlinked = content
        .ledger
        .iter()
        .filter(|l| l.kind == Some(LineKind::Investment) && l.tactics.is_empty())
        .count();
    let listed = gaps
        .iter()
        .filter(|r| text(&r[0]).contains("pays for no activity"))
        .count();
    assert_eq!(listed, unlinked);
}

#[test]
fn micip_is_the_same_bytes_each_time() {
    let content = support::demo();
    assert!(micip(&content) == micip(&content));
}

#[test]
fn a_profile_refuses_a_format_it_is_not_written_in_naming_the_choices() {
    let content = support::demo();
    let mut input = support::input(&content);
    input.profile = Some(Profile::Micip);
    let err = export(&input, Format::Docx).unwrap_err().to_string();
    assert_eq!(
        err,
        "the micip profile is not written as docx (choose xlsx)"
    );
    input.profile = Some(Profile::ColoradoUip);
    let err = export(&input, Format::Xlsx).unwrap_err().to_string();
    assert_eq!(
        err,
        "the colorado-uip profile is not written as xlsx (choose docx, pdf, html, md)"
    );
    input.profile = None;
    let err = export(&input, Format::Xlsx).unwrap_err().to_string();
    assert!(err.contains("--profile micip"), "{err}");
    let err = "texas-dip".parse::<Profile>().unwrap_err().to_string();
    assert_eq!(
        err,
        "unknown export profile `texas-dip` (choose colorado-uip or micip)"
    );
    assert_eq!("MICIP".parse::<Profile>().unwrap(), Profile::Micip);
}

#[test]
fn a_profile_takes_no_lens() {
    let content = support::demo();
    let ers = throughline_plan::template::builtin_templates()
        .into_iter()
        .find(|t| t.id == "ers")
        .unwrap();
    let mut input = support::input(&content);
    input.profile = Some(Profile::ColoradoUip);
    input.lens = Some(&ers);
    let err = export(&input, Format::Docx).unwrap_err().to_string();
    assert!(err.contains("takes no lens"), "{err}");
}
