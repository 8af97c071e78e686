//! Michigan's MICIP from the plan's objects: goals, strategies, activities and their funding as
//! an XLSX workbook whose rows and sums add up to the plan's ledger.
//!
//! Which of the plan's objects feeds which column: a MICIP **goal** is a plan goal; a
//! **strategy** is a plan strategy, under the goals of the measures that track it (the plan
//! ties strategies to goals through measures); an **activity** is a tactic; its **funding** is
//! its share of each ledger investment line linked to it (`super::shares`), with the line's
//! fund and fiscal year.
//!
//! Three sheets: "Activities" (one row per activity, its funding lines in words and its sums
//! per unit, and a total row), "Funding" (one row per activity and funding line, and a total
//! row) and "Gaps" (what MICIP asks for that the plan does not give yet: a strategy under no
//! goal, an activity nothing pays for, an investment no activity uses).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet,
};
use throughline_plan::parts::{PlanContent, Strategy, Tactic};
use throughline_plan::schema::Part;
use throughline_plan::vocab::{LineKind, Unit};

use super::{shares, Share};
use crate::compose::{strategy_title, title_of};
use crate::text::{self, one_line};
use crate::{ExportError, ExportInput};

/// The units in the order their columns appear; a unit the plan's funding never uses has no
/// column, except dollars, which MICIP always asks for.
const UNITS: [Unit; 4] = [
    Unit::Usd,
    Unit::Fte,
    Unit::TeacherHours,
    Unit::StudentMinutes,
];

fn unit_column(unit: Unit) -> &'static str {
    match unit {
        Unit::Usd => "Funding (USD)",
        Unit::Fte => "Staff (FTE)",
        Unit::TeacherHours => "Teacher-hours",
        Unit::StudentMinutes => "Student-minutes",
    }
}

fn number_format(unit: Unit) -> &'static str {
    match unit {
        Unit::Usd => "$#,##0.00",
        Unit::Fte => "#,##0.00",
        Unit::TeacherHours | Unit::StudentMinutes => "#,##0",
    }
}

/// An amount in a unit's smallest steps as the number a spreadsheet sums.
fn value(unit: Unit, amount: i64) -> f64 {
    amount as f64 / unit.scale() as f64
}

/// The text a spreadsheet's cached formula result holds: enough decimals for the unit.
fn cached(unit: Unit, amount: i64) -> String {
    let decimals = usize::try_from(unit.style().decimals).unwrap_or(0);
    format!("{:.*}", decimals, value(unit, amount))
}

/// One activity with what places it and what pays for it.
struct Activity<'a> {
    goals: String,
    goal_states: String,
    strategy: String,
    tactic: &'a Tactic,
    shares: Vec<Share<'a>>,
}

/// The goals a strategy serves: those of the measures that track it, in the plan's goal order.
fn goals_of<'a>(
    content: &'a PlanContent,
    strategy: &Strategy,
) -> Vec<&'a throughline_plan::parts::Goal> {
    content
        .goals
        .iter()
        .filter(|g| {
            content
                .measures
                .iter()
                .any(|m| m.strategies.contains(&strategy.id) && m.goals.contains(&g.id))
        })
        .collect()
}

/// The activities in MICIP's order: by goal (a strategy under its first goal), then strategy,
/// then the plan's order of tactics; strategies under no goal, then tactics under no strategy,
/// come last.
fn activities<'a>(content: &'a PlanContent) -> Vec<Activity<'a>> {
    let mut strategies: Vec<(usize, usize, &Strategy)> = content
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let first_goal = goals_of(content, s)
                .first()
                .and_then(|g| content.goals.iter().position(|x| x.id == g.id))
                .unwrap_or(usize::MAX);
            (first_goal, i, s)
        })
        .collect();
    strategies.sort_by_key(|(g, i, _)| (*g, *i));
    let mut out = Vec::new();
    for (_, _, s) in &strategies {
        let goals = goals_of(content, s);
        for t in content
            .tactics
            .iter()
            .filter(|t| t.strategy.as_deref() == Some(&s.id))
        {
            out.push(Activity {
                goals: goals
                    .iter()
                    .map(|g| one_line(&g.statement))
                    .collect::<Vec<_>>()
                    .join("; "),
                goal_states: goals
                    .iter()
                    .map(|g| g.state.map(|s| s.label()).unwrap_or("—"))
                    .collect::<Vec<_>>()
                    .join("; "),
                strategy: strategy_title(s),
                tactic: t,
                shares: shares(content, &t.id),
            });
        }
    }
    for t in content.tactics.iter().filter(|t| {
        t.strategy
            .as_deref()
            .is_none_or(|id| !content.strategies.iter().any(|s| s.id == id))
    }) {
        out.push(Activity {
            goals: String::new(),
            goal_states: String::new(),
            strategy: String::new(),
            tactic: t,
            shares: shares(content, &t.id),
        });
    }
    out
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Xlsx(e.to_string())
}

/// An A1-style column name for a zero-based column (A…Z, then AA…).
fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    name.iter().rev().collect()
}

fn row_index(i: usize) -> Result<u32, ExportError> {
    u32::try_from(i).map_err(|_| ExportError::Xlsx("too many rows for a worksheet".into()))
}

struct Styles {
    header: Format,
    wrap: Format,
    total: Format,
    units: Vec<(Unit, Format, Format)>,
}

/// Points per line of the default 11-point font.
const LINE_HEIGHT: f64 = 15.0;

/// Writes a row of text cells, and sets the row tall enough for its longest wrapped cell:
/// neither Excel nor LibreOffice grows a row for wrapped text it did not lay out itself, and
/// a short row shows a wrapped cell's last line alone.
fn text_row(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    cells: &[String],
    widths: &[f64],
) -> Result<(), ExportError> {
    let mut lines = 1.0_f64;
    for (col, cell) in cells.iter().enumerate() {
        let index = u16::try_from(col).map_err(|_| ExportError::Xlsx("too many columns".into()))?;
        sheet
            .write_string_with_format(row, index, cell, &styles.wrap)
            .map_err(xlsx)?;
        // A column's width is about that many characters; a margin keeps words whole.
        let per_line = (widths.get(col).copied().unwrap_or(10.0) - 2.0).max(4.0);
        let needed: f64 = cell
            .split('\n')
            .map(|part| (part.chars().count() as f64 / per_line).ceil().max(1.0))
            .sum();
        lines = lines.max(needed);
    }
    sheet
        .set_row_height(row, LINE_HEIGHT * lines)
        .map_err(xlsx)?;
    Ok(())
}

fn header(
    sheet: &mut Worksheet,
    styles: &Styles,
    columns: &[(String, f64)],
) -> Result<(), ExportError> {
    for (i, (label, width)) in columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| ExportError::Xlsx("too many columns".into()))?;
        sheet
            .write_string_with_format(0, col, label, &styles.header)
            .map_err(xlsx)?;
        sheet.set_column_width(col, *width).map_err(xlsx)?;
    }
    let lines = columns
        .iter()
        .map(|(label, width)| (label.chars().count() as f64 / (width - 2.0).max(4.0)).ceil())
        .fold(1.0_f64, f64::max);
    sheet.set_row_height(0, LINE_HEIGHT * lines).map_err(xlsx)?;
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    // Printed for a filing: across the page, as wide as one page, the header on every page.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(xlsx)?;
    Ok(())
}

/// The unit columns' amounts for one row, and a total row under them with a SUM formula whose
/// cached result is the exact sum (so a reader that does not recalculate sees it too).
fn write_amounts(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    first_col: u16,
    units: &[Unit],
    amounts: &[i64],
) -> Result<(), ExportError> {
    for (k, unit) in units.iter().enumerate() {
        let col = first_col + u16::try_from(k).unwrap_or(0);
        let format = &styles
            .units
            .iter()
            .find(|(u, _, _)| u == unit)
            .map(|(_, f, _)| f.clone())
            .unwrap_or_default();
        sheet
            .write_number_with_format(row, col, value(*unit, amounts[k]), format)
            .map_err(xlsx)?;
    }
    Ok(())
}

fn write_totals(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    label_col: u16,
    first_col: u16,
    units: &[Unit],
    totals: &[i64],
) -> Result<(), ExportError> {
    sheet
        .write_string_with_format(row, label_col, "Total", &styles.total)
        .map_err(xlsx)?;
    for (k, unit) in units.iter().enumerate() {
        let col = first_col + u16::try_from(k).unwrap_or(0);
        let name = column_name(col);
        let formula =
            Formula::new(format!("=SUM({name}2:{name}{row})")).set_result(cached(*unit, totals[k]));
        let format = styles
            .units
            .iter()
            .find(|(u, _, _)| u == unit)
            .map(|(_, _, f)| f.clone())
            .unwrap_or_default();
        sheet
            .write_formula_with_format(row, col, formula, &format)
            .map_err(xlsx)?;
    }
    Ok(())
}

/// The MICIP workbook's bytes.
pub(crate) fn workbook(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let content = input.content;
    let activities = activities(content);
    let units: Vec<Unit> = UNITS
        .into_iter()
        .filter(|u| {
            *u == Unit::Usd
                || activities
                    .iter()
                    .any(|a| a.shares.iter().any(|s| s.unit == *u))
        })
        .collect();
    let styles = Styles {
        header: Format::new().set_bold().set_text_wrap(),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        total: Format::new().set_bold(),
        units: UNITS
            .iter()
            .map(|u| {
                (
                    *u,
                    Format::new()
                        .set_num_format(number_format(*u))
                        .set_align(FormatAlign::Top),
                    Format::new().set_num_format(number_format(*u)).set_bold(),
                )
            })
            .collect(),
    };

    let mut book = Workbook::new();
    // The workbook's own date is the export's, so the same plan gives the same bytes.
    let date = input.exported_on;
    let when = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&date)).unwrap_or(2000),
        u8::try_from(chrono::Datelike::month(&date)).unwrap_or(1),
        u8::try_from(chrono::Datelike::day(&date)).unwrap_or(1),
    )
    .map_err(xlsx)?;
    let district = one_line(&content.record.district);
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "MICIP goals, strategies, activities and funding: {}",
                if district.is_empty() {
                    "district"
                } else {
                    &district
                }
            ))
            .set_author(if district.is_empty() {
                "Throughline"
            } else {
                &district
            })
            .set_creation_datetime(&when),
    );

    // Activities: one row per activity.
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Activities").map_err(xlsx)?;
        let mut columns: Vec<(String, f64)> = [
            ("Goal", 36.0),
            ("Goal state", 12.0),
            ("Strategy", 32.0),
            ("Activity", 44.0),
            ("Accountable owner", 20.0),
            ("Start", 12.0),
            ("Due", 12.0),
            ("Status", 12.0),
            ("Funding lines", 60.0),
        ]
        .iter()
        .map(|(l, w)| (l.to_string(), *w))
        .collect();
        let first_amount = u16::try_from(columns.len()).unwrap_or(0);
        columns.extend(units.iter().map(|u| (unit_column(*u).to_string(), 16.0)));
        header(sheet, &styles, &columns)?;
        let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
        let owners = crate::compose::Plan::new(content, content.record.template.as_ref());
        let mut totals = vec![0_i64; units.len()];
        for (i, a) in activities.iter().enumerate() {
            let row = row_index(i + 1)?;
            let t = a.tactic;
            let lines: Vec<String> = a
                .shares
                .iter()
                .map(|s| {
                    let mut words = format!(
                        "{}: {}",
                        one_line(&s.line.description),
                        s.unit.format(s.amount)
                    );
                    let about = text::join_nonempty(
                        [
                            s.line.fund_source.map(|f| f.label()).unwrap_or(""),
                            s.line.fiscal_year.as_deref().unwrap_or(""),
                        ],
                        ", ",
                    );
                    if !about.is_empty() {
                        words.push_str(&format!(" ({about})"));
                    }
                    if s.of > 1 {
                        words.push_str(&format!(
                            ", its share of a line shared by {} activities",
                            s.of
                        ));
                    }
                    words
                })
                .collect();
            let funding = if lines.is_empty() && t.no_cost {
                "Needs no new resources".to_string()
            } else {
                lines.join("\n")
            };
            let cells = [
                a.goals.clone(),
                a.goal_states.clone(),
                a.strategy.clone(),
                title_of(t, Tactic::SCHEMA.noun),
                owners.tactic_owner(t),
                text::opt_date(&t.start),
                text::opt_date(&t.due),
                t.status.map(|s| s.label().to_string()).unwrap_or_default(),
                funding,
            ];
            text_row(sheet, &styles, row, &cells, &widths)?;
            let sums: Vec<i64> = units
                .iter()
                .map(|u| {
                    a.shares
                        .iter()
                        .filter(|s| s.unit == *u)
                        .fold(0_i64, |sum, s| sum.saturating_add(s.amount))
                })
                .collect();
            for (total, sum) in totals.iter_mut().zip(&sums) {
                *total = total.saturating_add(*sum);
            }
            write_amounts(sheet, &styles, row, first_amount, &units, &sums)?;
        }
        let total_row = row_index(activities.len() + 1)?;
        write_totals(sheet, &styles, total_row, 0, first_amount, &units, &totals)?;
    }

    // Funding: one row per activity and funding line.
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Funding").map_err(xlsx)?;
        let mut columns: Vec<(String, f64)> = [
            ("Goal", 30.0),
            ("Strategy", 30.0),
            ("Activity", 40.0),
            ("Funding line", 44.0),
            ("Fund", 14.0),
            ("Fiscal year", 11.0),
            ("Status", 11.0),
            ("One-time money", 10.0),
            ("Activities sharing the line", 12.0),
        ]
        .iter()
        .map(|(l, w)| (l.to_string(), *w))
        .collect();
        let first_amount = u16::try_from(columns.len()).unwrap_or(0);
        columns.extend(units.iter().map(|u| (unit_column(*u).to_string(), 16.0)));
        header(sheet, &styles, &columns)?;
        let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
        let mut totals = vec![0_i64; units.len()];
        let mut row = 1_u32;
        for a in &activities {
            for s in &a.shares {
                let cells = [
                    a.goals.clone(),
                    a.strategy.clone(),
                    title_of(a.tactic, Tactic::SCHEMA.noun),
                    one_line(&s.line.description),
                    s.line
                        .fund_source
                        .map(|f| f.label())
                        .unwrap_or("")
                        .to_string(),
                    s.line.fiscal_year.clone().unwrap_or_default(),
                    s.line.status.map(|x| x.label()).unwrap_or("").to_string(),
                    if s.line.one_time { "Yes" } else { "No" }.to_string(),
                    s.of.to_string(),
                ];
                text_row(sheet, &styles, row, &cells, &widths)?;
                let amounts: Vec<i64> = units
                    .iter()
                    .map(|u| if *u == s.unit { s.amount } else { 0 })
                    .collect();
                for (total, amount) in totals.iter_mut().zip(&amounts) {
                    *total = total.saturating_add(*amount);
                }
                write_amounts(sheet, &styles, row, first_amount, &units, &amounts)?;
                row += 1;
            }
        }
        write_totals(sheet, &styles, row, 0, first_amount, &units, &totals)?;
    }

    // Gaps: what MICIP asks for that the plan does not give yet.
    {
        let sheet = book.add_worksheet();
        sheet.set_name("Gaps").map_err(xlsx)?;
        header(
            sheet,
            &styles,
            &[("What the plan does not give MICIP yet".to_string(), 110.0)],
        )?;
        let mut gaps: Vec<String> = Vec::new();
        for s in &content.strategies {
            if goals_of(content, s).is_empty() {
                gaps.push(format!(
                    "The strategy “{}” is under no goal: no measure tracks it toward one.",
                    text::excerpt(&strategy_title(s), 70)
                ));
            }
        }
        for a in &activities {
            if a.strategy.is_empty() {
                gaps.push(format!(
                    "The activity “{}” is under no strategy.",
                    text::excerpt(&title_of(a.tactic, Tactic::SCHEMA.noun), 70)
                ));
            }
            if a.shares.is_empty() && !a.tactic.no_cost {
                gaps.push(format!(
                    "Nothing in the ledger pays for the activity “{}”.",
                    text::excerpt(&title_of(a.tactic, Tactic::SCHEMA.noun), 70)
                ));
            }
        }
        for line in &content.ledger {
            let funds_an_activity = line
                .tactics
                .iter()
                .any(|id| content.tactics.iter().any(|t| t.id == *id));
            if line.kind == Some(LineKind::Investment) && !funds_an_activity {
                let amount = match (line.amount, line.unit) {
                    (Some(a), Some(u)) => format!(" ({})", u.format(a)),
                    _ => String::new(),
                };
                gaps.push(format!(
                    "The investment “{}”{amount} pays for no activity, so it is in no activity's funding.",
                    text::excerpt(&line.description, 70)
                ));
            }
        }
        if gaps.is_empty() {
            gaps.push(
                "None: every strategy is under a goal and every activity is paid for.".into(),
            );
        }
        for (i, gap) in gaps.iter().enumerate() {
            text_row(
                sheet,
                &styles,
                row_index(i + 1)?,
                std::slice::from_ref(gap),
                &[110.0],
            )?;
        }
    }

    book.save_to_buffer().map_err(xlsx)
}
