//! Playing a trade-off card in a large plan (50 strategies, 500 tactics, 1,000 ledger lines)
//! through `DesktopSession::play_card`, the call the UI's Trade-offs dialog makes: the deck
//! read, the play and its lines committed to the plan file, then the balance, the findings and
//! the funding cliffs computed from the plan for the screen. Each play is taken back (the same
//! call's twin) so the plan stays its size. Goal: under 50 ms a play.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::Criterion;
use serde_json::json;
use throughline_app::desktop::{DesktopHome, DesktopSession, PlayRequest};
use throughline_app::{demo_content, NewPlan, OpenPlan, PlanContent};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The demo plan grown to 50 strategies, 500 tactics and 1,000 ledger lines, each copy linked
/// to the demo's own tactics and strategies, so that findings and balance have real work.
fn large_plan() -> PlanContent {
    let demo = demo_content().unwrap();
    let mut v = serde_json::to_value(&demo).unwrap();
    let grow = |v: &mut serde_json::Value,
                part: &str,
                want: usize,
                fix: &dyn Fn(&mut serde_json::Value, usize)| {
        let items = v[part].as_array().unwrap().clone();
        let mut out = Vec::with_capacity(want);
        for i in 0..want {
            let mut item = items[i % items.len()].clone();
            if i >= items.len() {
                item["id"] = json!(format!("{}-x{i}", item["id"].as_str().unwrap()));
                fix(&mut item, i);
            }
            out.push(item);
        }
        v[part] = json!(out);
    };
    grow(&mut v, "strategies", 50, &|_, _| {});
    grow(&mut v, "tactics", 500, &|t, _| {
        t["milestones"] = json!([]);
    });
    grow(&mut v, "ledger", 1000, &|l, _| {
        l["play"] = serde_json::Value::Null;
    });
    serde_json::from_value(v).unwrap()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let path = plans.join("large.throughline");
    let content = large_plan();
    assert_eq!(
        (
            content.strategies.len(),
            content.tactics.len(),
            content.ledger.len()
        ),
        (50, 500, 1000)
    );
    OpenPlan::create(&path, NewPlan::Content(&content), "Bench")
        .unwrap()
        .close()
        .unwrap();
    let mut session = DesktopSession::new(
        DesktopHome::at(&plans, &dir.path().join("data")),
        "Ana Ruiz (Table 2)",
        None,
    );
    session.open_plan(&path.to_string_lossy()).unwrap();
    let request = PlayRequest {
        deck: "general".into(),
        card: "instructional-coach".into(),
        tactic: "tc-coaches".into(),
        first_year: "2026-27".into(),
    };
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .measurement_time(Duration::from_secs(20));
    c.bench_function("play_card (large plan, balance + findings + cliffs)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = std::time::Instant::now();
                let played = session.play_card(request.clone()).unwrap();
                total += start.elapsed();
                assert!(!played.review.balance.is_empty());
                session
                    .take_back(played.applied.id.as_deref().unwrap())
                    .unwrap();
            }
            total
        })
    });
    c.final_summary();
}
