//! Export profiles: a state's improvement plan filled from the plan's own objects, so that a
//! district files it without copying the redesign into a second plan by hand.

mod colorado;
mod micip;

use std::fmt;
use std::str::FromStr;

use crate::{ExportError, ExportInput, Format};

/// A state's plan shape. Each maps the plan's objects into the shape the state asks for and
/// lists what the plan does not yet give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Colorado's Unified Improvement Plan: data narrative through implementation benchmarks.
    ColoradoUip,
    /// Michigan's MICIP: goals, strategies, activities and their funding, as a spreadsheet.
    Micip,
}

impl Profile {
    /// Every profile, in the order offered to people.
    pub const ALL: [Profile; 2] = [Profile::ColoradoUip, Profile::Micip];

    /// The id typed after `--profile`.
    pub fn id(self) -> &'static str {
        match self {
            Profile::ColoradoUip => "colorado-uip",
            Profile::Micip => "micip",
        }
    }

    /// Its name as people know it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::ColoradoUip => "Colorado Unified Improvement Plan",
            Profile::Micip => "Michigan MICIP goals, strategies, activities and funding",
        }
    }

    /// The formats it is written in, the usual one first.
    pub fn formats(self) -> &'static [Format] {
        match self {
            // A narrative plan: the plan document's formats.
            Profile::ColoradoUip => &[Format::Docx, Format::Pdf, Format::Html, Format::Markdown],
            // A sheet of rows and sums: nothing but a spreadsheet keeps them adding up.
            Profile::Micip => &[Format::Xlsx],
        }
    }
}

impl FromStr for Profile {
    type Err = ExportError;

    /// Parses a profile id (any case).
    fn from_str(s: &str) -> Result<Profile, ExportError> {
        let wanted = s.trim().to_ascii_lowercase();
        Profile::ALL
            .into_iter()
            .find(|p| p.id() == wanted)
            .ok_or_else(|| ExportError::UnknownProfile(s.trim().to_string()))
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The profile's file in `format`, refused when the profile is not written in that format.
pub(crate) fn export(
    input: &ExportInput,
    profile: Profile,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    if input.lens.is_some() {
        return Err(ExportError::LensWithProfile(profile.id()));
    }
    if !profile.formats().contains(&format) {
        return Err(ExportError::ProfileFormat {
            profile: profile.id(),
            format,
            choices: profile
                .formats()
                .iter()
                .map(|f| f.extension())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    match profile {
        Profile::ColoradoUip => crate::render(
            &colorado::document(input),
            format,
            input.exported_on,
            input.fonts,
        ),
        Profile::Micip => micip::workbook(input),
    }
}

/// One activity's share of one investment line, in the line's smallest steps (cents,
/// hundredths of an FTE, whole hours).
pub(crate) struct Share<'a> {
    pub line: &'a throughline_plan::parts::LedgerLine,
    pub unit: throughline_plan::vocab::Unit,
    pub amount: i64,
    /// How many activities the line pays for.
    pub of: usize,
}

/// What pays for a tactic: its share of every investment line linked to it, in ledger order.
/// A line that pays for several tactics is split evenly among them, as the plan document's
/// "cost" says; the steps an even split leaves over go one each to the first tactics the line
/// names, so that the shares of a line add up to exactly the line and a state's sums to the
/// plan's ledger.
pub(crate) fn shares<'a>(
    content: &'a throughline_plan::PlanContent,
    tactic: &str,
) -> Vec<Share<'a>> {
    use throughline_plan::vocab::LineKind;
    let mut out = Vec::new();
    for line in &content.ledger {
        let (Some(LineKind::Investment), Some(amount), Some(unit)) =
            (line.kind, line.amount, line.unit)
        else {
            continue;
        };
        let mut paid: Vec<&str> = Vec::new();
        for id in &line.tactics {
            if !paid.contains(&id.as_str()) && content.tactics.iter().any(|t| t.id == *id) {
                paid.push(id);
            }
        }
        let Some(at) = paid.iter().position(|id| *id == tactic) else {
            continue;
        };
        let n = i64::try_from(paid.len()).unwrap_or(i64::MAX);
        let (each, left) = (amount / n, amount % n);
        let index = i64::try_from(at).unwrap_or(i64::MAX);
        let extra = if index < left.abs() { left.signum() } else { 0 };
        out.push(Share {
            line,
            unit,
            amount: each + extra,
            of: paid.len(),
        });
    }
    out
}
