//! Tests of the trade-offs requests as the UI makes them: cliffs for the chart, plays' records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::session;

/// The ledger's chart places each cliff by its year and draws what it leaves uncovered to
/// scale: the demo's foundation gift ends after the plan (a projected year), the state grant
/// inside it.
#[test]
fn the_demo_s_cliffs_carry_what_the_chart_draws() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    s.open_demo().unwrap();
    let mut cliffs = s.funding_cliffs().unwrap();
    cliffs.sort_by(|a, b| a.fiscal_year.cmp(&b.fiscal_year));
    let seen: Vec<_> = cliffs
        .iter()
        .map(|c| {
            (
                c.fiscal_year.as_str(),
                c.last_year.as_str(),
                c.uncovered,
                c.uncovered_text.as_str(),
                c.projected,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2028-29", "2027-28", 24_220_000, "$242,200.00", false),
            ("2029-30", "2028-29", 30_000_000, "$300,000.00", true),
        ]
    );
}
