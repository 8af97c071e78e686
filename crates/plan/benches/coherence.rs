//! The coherence report and the balance on a large plan: 50 strategies, 500 tactics, 1,000
//! ledger lines, with statements, root causes, measures and the rest in proportion. The plan is
//! the demo plan (a real template, realistic prose) scaled up, its links remapped so that each
//! copy hangs together like the original, then built through the model (`Plan::from_content`)
//! and read back with `content()`. Goal: `coherence` under 5 ms. Also measured: `content()`
//! alone and `content()` + `coherence`, which is what the app does on each change.
//!
//! The goal is an absolute figure, and this machine drifts ±30%; as a yardstick measured in
//! the same run, the table also gives serialising the same content to JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use serde_json::{Map, Value};
use throughline_plan::parts::ROOTS;
use throughline_plan::schema::FieldKind;
use throughline_plan::{balance, coherence, Plan, PlanContent};

const DEMO: &str = include_str!("../../../assets/demo/demo.json");
const REPS: usize = 200;
const CONTENT_REPS: usize = 40;

/// How many items each collection gets. The three named by the issue are exact; the others
/// grow with the strategies (10×), the team and the template-given lists less or not at all.
fn target(collection: &str, demo_len: usize) -> usize {
    match collection {
        "strategies" => 50,
        "tactics" => 500,
        "ledger" => 1000,
        "members" | "phases" => demo_len * 2,
        "problems" | "goals" | "guardrails" => demo_len * 3,
        "capacity" | "catalysts" | "commitments" | "student_voices" | "equity_patterns" => demo_len,
        _ => demo_len * 10,
    }
}

/// An item's JSON and which copy of the demo's item it is (0: the original).
type Copied = (Map<String, Value>, usize);

fn copy_id(id: &str, copy: usize) -> String {
    if copy == 0 {
        id.to_string()
    } else {
        format!("{id}-x{copy}")
    }
}

/// The demo plan with every collection repeated up to its target. Copy `k` of an item links
/// to copy `k` of its targets where that copy exists, else to the original.
fn scaled_demo() -> Value {
    let mut plan: Map<String, Value> = serde_json::from_str(DEMO).unwrap();
    let mut copies: HashMap<&str, Vec<Copied>> = HashMap::new();
    let mut ids: HashSet<(String, String)> = HashSet::new();
    for root in ROOTS.iter().filter(|r| r.collection) {
        let items: Vec<Map<String, Value>> = plan
            .get(root.name)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
            .unwrap_or_default();
        if items.is_empty() {
            continue;
        }
        let want = target(root.name, items.len());
        let out: Vec<Copied> = (0..want)
            .map(|i| (items[i % items.len()].clone(), i / items.len()))
            .collect();
        for (item, copy) in &out {
            let id = item["id"].as_str().unwrap();
            ids.insert((root.name.to_string(), copy_id(id, *copy)));
        }
        copies.insert(root.name, out);
    }
    let relink = |coll: &str, id: &str, copy: usize| -> String {
        let candidate = copy_id(id, copy);
        if ids.contains(&(coll.to_string(), candidate.clone())) {
            candidate
        } else {
            id.to_string()
        }
    };
    for root in ROOTS.iter().filter(|r| r.collection) {
        let Some(items) = copies.remove(root.name) else {
            continue;
        };
        let mut out = Vec::with_capacity(items.len());
        for (mut item, copy) in items {
            let id = item["id"].as_str().unwrap().to_string();
            item.insert("id".into(), Value::String(copy_id(&id, copy)));
            for field in root.schema.fields {
                match (field.kind, item.get_mut(field.name)) {
                    (FieldKind::Ref(coll), Some(Value::String(target))) => {
                        *target = relink(coll, target, copy);
                    }
                    (FieldKind::Links(coll), Some(Value::Array(targets))) => {
                        for t in targets.iter_mut() {
                            if let Value::String(s) = t {
                                *s = relink(coll, s, copy);
                            }
                        }
                        // A link set reads back sorted; sorted here, the round trip is exact.
                        targets.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    }
                    _ => {}
                }
            }
            out.push(Value::Object(item));
        }
        plan.insert(root.name.to_string(), Value::Array(out));
    }
    Value::Object(plan)
}

fn median_p99(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}

fn main() {
    let json = serde_json::to_string(&scaled_demo()).unwrap();
    let imported = Plan::content_from_json(&json).unwrap();
    let (built, plan) = timed(|| Plan::from_content(1, &imported).unwrap());
    let content: PlanContent = plan.content();
    assert_eq!(content.strategies.len(), 50);
    assert_eq!(content.tactics.len(), 500);
    assert_eq!(content.ledger.len(), 1000);
    // Links survive the round trip: the scaled plan is as connected as the demo.
    assert_eq!(content, imported);
    let findings = coherence(&content);
    let rows = balance(&content).rows.len();

    // Interleaved so that a busy minute of the machine hits every figure alike.
    let (mut coh, mut bal, mut ser) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..REPS {
        coh.push(timed(|| black_box(coherence(black_box(&content)))).0);
        bal.push(timed(|| black_box(balance(black_box(&content)))).0);
        ser.push(timed(|| black_box(serde_json::to_string(black_box(&content)).unwrap())).0);
    }
    let (mut read, mut read_check) = (Vec::new(), Vec::new());
    for _ in 0..CONTENT_REPS {
        read.push(timed(|| black_box(plan.content())).0);
        read_check.push(timed(|| black_box(coherence(&plan.content()))).0);
    }

    let count = |name: &str| -> usize {
        serde_json::to_value(&content).unwrap()[name]
            .as_array()
            .map_or(0, Vec::len)
    };
    println!();
    println!(
        "coherence: a large plan ({} strategies, {} tactics, {} ledger lines, {} statements, {} root causes, {} measures, {} evidence, {} members, {} probes; {} B of JSON), built by Plan::from_content in {:.0} ms",
        count("strategies"),
        count("tactics"),
        count("ledger"),
        count("statements"),
        count("root_causes"),
        count("measures"),
        count("evidence"),
        count("members"),
        count("probes"),
        json.len(),
        ms(built)
    );
    println!(
        "report: {} findings; balance: {rows} rows (fiscal year × unit)",
        findings.len()
    );
    println!("{:<44} {:>5} {:>9} {:>9}", "", "reps", "p50 ms", "p99 ms");
    let row = |label: &str, v: Vec<Duration>| {
        let n = v.len();
        let (p50, p99) = median_p99(v);
        println!("{label:<44} {n:>5} {:>9.3} {:>9.3}", ms(p50), ms(p99));
        p50
    };
    let c50 = row("coherence(&content)", coh);
    row("balance(&content)", bal);
    let r50 = row("plan.content()", read);
    let rc50 = row("plan.content() + coherence", read_check);
    row("(yardstick) serde_json::to_string(&content)", ser);
    println!(
        "goal: coherence < 5 ms. content() is {:.0}x coherence and {:.0}% of content() + coherence",
        r50.as_secs_f64() / c50.as_secs_f64(),
        100.0 * r50.as_secs_f64() / rc50.as_secs_f64()
    );
    println!();

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    c.bench_function("coherence/large_plan/coherence", |b| {
        b.iter(|| coherence(black_box(&content)))
    });
    c.bench_function("coherence/large_plan/balance", |b| {
        b.iter(|| balance(black_box(&content)))
    });
    c.bench_function("coherence/large_plan/content_then_coherence", |b| {
        b.iter(|| coherence(&plan.content()))
    });
    c.final_summary();
}
