//! The retreat's agenda as text, day by day with each block's start time from the day's
//! beginning: what `throughline agenda` prints.

use std::fmt::Write;

use throughline_plan::display::one_line;
use throughline_plan::parts::AgendaBlock;
use throughline_plan::{PlanContent, SectionId};

/// What a block's time on the agenda reads as: minutes, or hours and minutes.
pub fn duration_text(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Where a block takes the room, in the plan's words: its section's label (as the plan's
/// template names it) and its activity, whichever it has.
pub fn block_place(content: &PlanContent, block: &AgendaBlock) -> String {
    let section = SectionId::parse(&block.section).map(|id| {
        content
            .record
            .template
            .as_ref()
            .map_or(id.default_label(), |t| t.label(id))
            .to_owned()
    });
    let activity = block.activity.map(|a| a.label().to_owned());
    match (section, activity) {
        (Some(s), Some(a)) => format!("{s} · {a}"),
        (Some(s), None) => s,
        (None, Some(a)) => a,
        (None, None) => String::new(),
    }
}

/// The agenda as text, or a line saying there is none yet.
pub fn agenda_text(content: &PlanContent) -> String {
    if content.agenda.is_empty() {
        return "no agenda yet (the facilitator prepares it in the app's Agenda)\n".to_owned();
    }
    let mut out = String::new();
    let mut day: Option<i64> = None;
    let mut elapsed = 0;
    for block in &content.agenda {
        let d = block.day.unwrap_or(1);
        if day != Some(d) {
            if day.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "Day {d}");
            day = Some(d);
            elapsed = 0;
        }
        let minutes = block.minutes.unwrap_or(0).max(0);
        let title = one_line(&block.title);
        let title = if title.is_empty() {
            "Untitled block"
        } else {
            &title
        };
        let _ = writeln!(
            out,
            "  +{:>2}:{:02}  {:<10}  {title}\t{}\t{}",
            elapsed / 60,
            elapsed % 60,
            duration_text(minutes),
            block_place(content, block),
            block.id
        );
        elapsed += minutes;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_demo_agenda_reads_day_by_day_with_start_times() {
        let content = crate::demo_content().unwrap();
        let text = agenda_text(&content);
        assert!(text.starts_with("Day 1\n"), "{text}");
        assert!(text.contains("\nDay 2\n"), "{text}");
        // The second block starts when the first (30 minutes) ends.
        let second = text.lines().nth(2).unwrap();
        assert!(
            second.starts_with("  + 0:30  1 h 15 min  Data walk"),
            "{second}"
        );
        assert!(
            text.contains("Root-cause analysis · Breakout tables"),
            "{text}"
        );
    }

    #[test]
    fn no_agenda_says_so() {
        assert!(agenda_text(&PlanContent::default()).starts_with("no agenda yet"));
        assert_eq!(duration_text(45), "45 min");
        assert_eq!(duration_text(120), "2 h");
    }
}
