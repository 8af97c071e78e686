//! Trade-offs: a played card and its reversal leave the ledger as it was, two copies playing at
//! once merge, the stop-doing list gathers a source's years, and a funding cliff fires and
//! clears.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use throughline_plan::deck::{builtin_decks, Card, Deck};
use throughline_plan::tradeoffs::{cliffs, stop_doing};
use throughline_plan::{coherence, Plan, PlanCommand, PlanContent};

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn add(plan: &Plan, to: &str, v: Value) -> String {
    plan.apply(&PlanCommand::Add {
        to: to.into(),
        fields: fields(v),
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

/// A plan with two tactics and a few ledger lines, some of them sources.
fn small_plan(client: u64) -> (Plan, Vec<String>) {
    let plan = Plan::empty(client);
    let s = add(&plan, "strategies", json!({"name": "Literacy"}));
    let t1 = add(
        &plan,
        "tactics",
        json!({"description": "Coaches", "strategy": s}),
    );
    let t2 = add(
        &plan,
        "tactics",
        json!({"description": "Screener", "strategy": s}),
    );
    add(
        &plan,
        "ledger",
        json!({"kind": "investment", "description": "Coach salaries", "amount": 500_000,
               "unit": "usd", "fiscal_year": "2026-27", "tactics": [t1]}),
    );
    add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "stop", "description": "Old licences",
               "amount": 200_000, "unit": "usd", "fiscal_year": "2026-27"}),
    );
    (plan, vec![t1, t2])
}

fn play(plan: &Plan, card: &Card, deck: &Deck, tactic: &str, year: &str) -> String {
    plan.apply(&PlanCommand::Play {
        play: fields(
            json!({"deck": deck.id, "card": card.id, "card_name": card.name,
                            "tactic": tactic, "first_year": year, "by": "Ana (Table 1)",
                            "at": "2026-06-04T10:00:00Z"}),
        ),
        lines: card.lines(year, tactic),
    })
    .unwrap()
    .id
    .unwrap()
}

fn all_cards() -> Vec<(Deck, Card)> {
    builtin_decks()
        .into_iter()
        .flat_map(|d| d.cards.clone().into_iter().map(move |c| (d.clone(), c)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any card of the built-in decks, played from any year onto either tactic, then taken back,
    /// leaves the whole plan (ledger, plays and balance) as it was; the play itself wrote lines.
    #[test]
    fn a_play_and_its_reversal_leave_the_ledger_as_before(
        which in any::<usize>(),
        tactic in 0usize..2,
        start in 2024u32..2032,
        dollars in proptest::collection::vec(0i64..5_000_000, 1..5),
    ) {
        let (plan, tactics) = small_plan(1);
        let cards = all_cards();
        let (deck, mut card) = cards[which % cards.len()].clone();
        if which % 3 == 0 {
            card.dollars = dollars;
            card.fte.clear();
            card.teacher_hours.clear();
            card.student_minutes.clear();
        }
        prop_assume!(!card.lines("2026-27", "x").is_empty());
        let before: PlanContent = plan.content();
        let year = format!("{start}-{:02}", (start + 1) % 100);
        let id = play(&plan, &card, &deck, &tactics[tactic], &year);
        let during = plan.content();
        prop_assert!(during.ledger.len() > before.ledger.len());
        prop_assert!(during.ledger.iter().filter(|l| l.play.as_deref() == Some(id.as_str()))
            .all(|l| l.tactics == vec![tactics[tactic].clone()]));
        plan.apply(&PlanCommand::TakeBack { play: id }).unwrap();
        let after = plan.content();
        prop_assert_eq!(&after.ledger, &before.ledger);
        prop_assert_eq!(&after.plays, &before.plays);
        prop_assert_eq!(throughline_plan::balance(&after), throughline_plan::balance(&before));
    }
}

#[test]
fn two_copies_playing_at_once_merge_both_plays() {
    let (a, tactics) = small_plan(1);
    let b = Plan::empty(2);
    b.apply_update(&a.encode_state()).unwrap();
    let cards = all_cards();
    let (deck, coach) = cards
        .iter()
        .find(|(_, c)| c.id == "instructional-coach")
        .unwrap();
    let (_, vacancy) = cards
        .iter()
        .find(|(_, c)| c.id == "central-office-vacancy")
        .unwrap();
    let pa = play(&a, coach, deck, &tactics[0], "2026-27");
    let pb = play(&b, vacancy, deck, &tactics[0], "2026-27");
    let (sa, sb) = (a.state_vector(), b.state_vector());
    a.apply_update(&b.encode_diff(&sa)).unwrap();
    b.apply_update(&a.encode_diff(&sb)).unwrap();
    let (ca, cb) = (a.content(), b.content());
    assert_eq!(ca, cb);
    let plays: Vec<&str> = ca.plays.iter().map(|p| p.id.as_str()).collect();
    assert!(plays.contains(&pa.as_str()) && plays.contains(&pb.as_str()));
    let lines = |p: &str| {
        ca.ledger
            .iter()
            .filter(|l| l.play.as_deref() == Some(p))
            .count()
    };
    assert_eq!(lines(&pa), 6, "3 years of dollars and of FTE");
    assert_eq!(lines(&pb), 6);
    // 2026-27: $5,000 + $92,000 invested against $2,000 + $120,000 freed (in cents).
    let usd = throughline_plan::balance(&ca)
        .rows
        .into_iter()
        .find(|r| r.fiscal_year == "2026-27" && r.unit.key() == "usd")
        .unwrap();
    assert_eq!(
        (usd.investments, usd.sources),
        (500_000 + 9_200_000, 200_000 + 12_000_000)
    );

    // One table takes its play back while the other keeps its own.
    a.apply(&PlanCommand::TakeBack { play: pa.clone() })
        .unwrap();
    b.apply_update(&a.encode_diff(&b.state_vector())).unwrap();
    let cb = b.content();
    assert!(cb.plays.iter().all(|p| p.id != pa));
    assert_eq!(
        cb.ledger
            .iter()
            .filter(|l| l.play.as_deref() == Some(pb.as_str()))
            .count(),
        6
    );
    assert_eq!(
        cb.ledger
            .iter()
            .filter(|l| l.play.as_deref() == Some(pa.as_str()))
            .count(),
        0
    );
}

#[test]
fn a_refused_play_changes_nothing() {
    let (plan, _) = small_plan(1);
    let before = plan.content();
    let cards = all_cards();
    let (deck, coach) = &cards[0];
    let err = plan
        .apply(&PlanCommand::Play {
            play: fields(json!({"deck": deck.id, "card": coach.id, "tactic": "tc-nowhere"})),
            lines: coach.lines("2026-27", "tc-nowhere"),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "there is no tactic with id `tc-nowhere`");
    assert_eq!(plan.content(), before);
    assert!(plan
        .apply(&PlanCommand::TakeBack {
            play: "py-none".into()
        })
        .is_err());
}

#[test]
fn the_stop_doing_list_gathers_a_source_across_years_and_names_who_tells_them() {
    let (plan, _) = small_plan(1);
    let line2 = add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "stop", "description": "Old licences",
               "amount": 200_000, "unit": "usd", "fiscal_year": "2027-28",
               "stops": "Three reading programs", "stakeholder_impact": "Teachers who use them"}),
    );
    add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "new_revenue", "description": "A gift",
               "amount": 1, "unit": "usd", "fiscal_year": "2027-28"}),
    );
    let list = stop_doing(&plan.content());
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0].stops, "Three reading programs");
    assert_eq!(list[0].amounts.len(), 2);
    let first = list[0].lines[0].clone();
    let fires = |p: &Plan| {
        coherence(&p.content()).iter().any(|f| {
            f.code == "stop-without-messenger" && f.location.path == format!("ledger/{first}")
        })
    };
    assert!(fires(&plan));
    plan.apply(&PlanCommand::Set {
        at: format!("ledger/{line2}"),
        field: "messenger".into(),
        value: json!("The curriculum director"),
    })
    .unwrap();
    assert!(!fires(&plan));
    assert_eq!(
        stop_doing(&plan.content())[0].messenger,
        "The curriculum director"
    );
}

#[test]
fn a_funding_cliff_fires_when_one_time_money_pays_recurring_costs_and_clears_when_covered() {
    let plan = Plan::empty(1);
    let s = add(&plan, "strategies", json!({"name": "Literacy"}));
    let t = add(
        &plan,
        "tactics",
        json!({"description": "Tutors", "strategy": s}),
    );
    for year in ["2026-27", "2027-28"] {
        add(
            &plan,
            "ledger",
            json!({"kind": "investment", "description": "Tutors", "amount": 30_000_000,
                   "unit": "usd", "fiscal_year": year, "tactics": [t]}),
        );
    }
    let grant = add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "new_revenue", "description": "Relief fund",
               "amount": 30_000_000, "unit": "usd", "fiscal_year": "2026-27", "tactics": [t],
               "one_time": true}),
    );
    let cliff_findings = |p: &Plan| -> Vec<String> {
        coherence(&p.content())
            .into_iter()
            .filter(|f| f.code == "funding-cliff")
            .map(|f| f.message)
            .collect()
    };
    assert_eq!(
        cliff_findings(&plan),
        ["Funding cliff in 2027-28: the one-time source “Relief fund” ends after 2026-27, leaving $300,000.00 a year of recurring costs of “Tutors” uncovered."]
    );
    let c = &cliffs(&plan.content())[0];
    let years: Vec<(&str, i64, i64, bool)> = c
        .years
        .iter()
        .map(|y| (y.fiscal_year.as_str(), y.one_time, y.uncovered, y.projected))
        .collect();
    assert_eq!(
        years,
        [
            ("2026-27", 30_000_000, 0, false),
            ("2027-28", 0, 30_000_000, false),
            ("2028-29", 0, 30_000_000, true),
        ]
    );
    // The general fund takes the tutors on in 2027-28: the cliff is covered.
    add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "reallocate", "description": "General fund",
               "amount": 30_000_000, "unit": "usd", "fiscal_year": "2027-28", "tactics": [t]}),
    );
    assert!(cliff_findings(&plan).is_empty());
    // And money that is not one-time makes no cliff at all.
    plan.apply(&PlanCommand::Set {
        at: format!("ledger/{grant}"),
        field: "one_time".into(),
        value: json!(false),
    })
    .unwrap();
    assert!(cliffs(&plan.content()).is_empty());
}

/// A recurring cost that one-time money stops paying for goes on until the ledger says
/// otherwise: lines another tactic has past the money's years (a card played from the plan's
/// last year writes them) neither hide the cliff nor make its cost vanish.
#[test]
fn a_funding_cliff_stays_whatever_years_the_ledger_holds() {
    let plan = Plan::empty(1);
    let s = add(&plan, "strategies", json!({"name": "Literacy"}));
    let tutors = add(
        &plan,
        "tactics",
        json!({"description": "Tutors", "strategy": s}),
    );
    let coaches = add(
        &plan,
        "tactics",
        json!({"description": "Coaches", "strategy": s}),
    );
    add(
        &plan,
        "ledger",
        json!({"kind": "investment", "description": "Tutors", "amount": 30_000_000,
               "unit": "usd", "fiscal_year": "2026-27", "tactics": [tutors]}),
    );
    add(
        &plan,
        "ledger",
        json!({"kind": "source", "source_kind": "new_revenue", "description": "Relief fund",
               "amount": 30_000_000, "unit": "usd", "fiscal_year": "2026-27",
               "tactics": [tutors], "one_time": true}),
    );
    type Seen = Vec<(String, i64, Vec<(String, i64, bool)>)>;
    let seen = |p: &Plan| -> Seen {
        cliffs(&p.content())
            .into_iter()
            .map(|c| {
                let years = c
                    .years
                    .iter()
                    .map(|y| (y.fiscal_year.clone(), y.uncovered, y.projected))
                    .collect();
                (c.year, c.uncovered, years)
            })
            .collect()
    };
    let before = seen(&plan);
    assert_eq!(
        before,
        [(
            "2027-28".to_string(),
            30_000_000,
            vec![
                ("2026-27".to_string(), 0, false),
                ("2027-28".to_string(), 30_000_000, true),
                ("2028-29".to_string(), 30_000_000, true),
            ]
        )]
    );
    // Another tactic's card, played from 2027-28, writes lines into 2027-28 and 2028-29.
    let deck = builtin_decks()
        .into_iter()
        .find(|d| d.id == "general")
        .unwrap();
    let card = deck
        .cards
        .iter()
        .find(|c| c.id == "instructional-coach")
        .unwrap()
        .clone();
    play(&plan, &card, &deck, &coaches, "2027-28");
    assert!(
        plan.content()
            .ledger
            .iter()
            .any(|l| l.fiscal_year.as_deref() == Some("2028-29")),
        "the play reaches past the money's years"
    );
    assert_eq!(seen(&plan), before, "the cliff is as it was");
    assert!(coherence(&plan.content())
        .iter()
        .any(|f| f.code == "funding-cliff"));

    // A card played onto the tutors' own tactic adds its own cost; the tutors still go on.
    let tutoring = deck
        .cards
        .iter()
        .find(|c| c.id == "high-dosage-tutoring")
        .unwrap()
        .clone();
    play(&plan, &tutoring, &deck, &tutors, "2027-28");
    assert_eq!(seen(&plan)[0].1, 30_000_000, "{:?}", seen(&plan));

    // The team enters the tutors' next year at half: half of the cost goes on uncovered.
    add(
        &plan,
        "ledger",
        json!({"kind": "investment", "description": "Tutors", "amount": 15_000_000,
               "unit": "usd", "fiscal_year": "2027-28", "tactics": [tutors]}),
    );
    let after = seen(&plan);
    assert_eq!(after[0].1, 15_000_000, "{after:?}");
}

/// The demo's two cliffs are there after the room plays a card from its last year, which
/// writes lines for 2029-30 and on.
#[test]
fn the_demo_s_cliffs_survive_a_play_past_the_plan() {
    let demo = Plan::content_from_json(include_str!("../../../../assets/demo/demo.json")).unwrap();
    let plan = Plan::from_content(3, &demo).unwrap();
    let before: Vec<(String, i64)> = cliffs(&plan.content())
        .into_iter()
        .map(|c| (c.year, c.uncovered))
        .collect();
    assert_eq!(
        before,
        [
            ("2029-30".to_string(), 30_000_000),
            ("2028-29".to_string(), 24_220_000)
        ]
    );
    let deck = builtin_decks()
        .into_iter()
        .find(|d| d.id == "general")
        .unwrap();
    let card = deck
        .cards
        .iter()
        .find(|c| c.id == "high-dosage-tutoring")
        .unwrap()
        .clone();
    play(&plan, &card, &deck, "tc-coaches", "2028-29");
    let after: Vec<(String, i64)> = cliffs(&plan.content())
        .into_iter()
        .map(|c| (c.year, c.uncovered))
        .collect();
    assert_eq!(after, before);
}
