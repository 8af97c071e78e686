//! Local typing through the plan model and the plan file, beside yrs alone capturing each
//! edit's update, in the same run (this machine's CPU drifts ±30% between runs, so only the
//! ratio means anything). A person types a strategy's description: each keystroke is one
//! `Plan::apply(EditText)` whose update goes to the group committer; the acks are awaited at the
//! end of each batch, as the app does so that typing never waits on an fsync.
//! Goal: model + store ≥ 0.8× the edits/s of yrs alone with update capture.
//!
//! Two field sizes, because yrs's cost per edit grows with the text's history (it walks the
//! item list from the start) while ours per edit is fixed:
//! - a fresh description, typed from empty (runs, jumps, backspaces): ~1-2 µs per edit in yrs;
//! - a long one: the automerge-paper text after its first 100,000 keystrokes (55k chars), then
//!   its next 4,000 real keystrokes; this is the scale of the anchor (17k edits/s).
//!
//! Every round gives each side the same keystrokes into a fresh copy of the field, the sides
//! in rotating order. Columns after the latencies (see `common::Tally::row`): on-CPU µs per
//! edit of the whole process (the committer's thread included) and of the typing thread alone,
//! and the shares of wall time the typing thread waited for a CPU (this box is shared: others'
//! builds, and our own committer thread) or slept (locks, channels, the final wait for acks).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{
    add_strategy, bench_dir, edit_command, header, load_trace, measure, model_edits,
    model_store_edits, open_committer, splice_all, yrs_doc, yrs_edits, Edit, Run, Tally, AUTHOR,
    CLIENT,
};
use criterion::{BatchSize, Criterion};
use test_support::Rng;
use throughline_plan::Plan;
use throughline_store::GroupCommitter;
use yrs::updates::decoder::Decode;
use yrs::{GetString, ReadTxn, StateVector, Transact, Update};

const SHORT_KEYS: usize = 4000;
const SHORT_ROUNDS: usize = 12;
const LONG_PRELOAD: usize = 100_000;
const LONG_KEYS: usize = 4000;
const LONG_ROUNDS: usize = 8;
const WARMUP_COMMITS: usize = 1500;

/// Keystrokes as a person types: runs at a cursor, now and then a jump elsewhere in the text,
/// about one in ten a backspace.
fn keystrokes(n: usize, seed: u64) -> Vec<Edit> {
    let mut rng = Rng::new(seed);
    let mut len = 0u64;
    let mut cursor = 0u64;
    let mut edits = Vec::with_capacity(n);
    while edits.len() < n {
        if rng.below(30) == 0 {
            cursor = rng.below(len + 1);
        }
        if cursor > 0 && rng.below(10) == 0 {
            cursor -= 1;
            len -= 1;
            edits.push(Edit {
                index: cursor as u32,
                delete: 1,
                insert: String::new(),
            });
        } else {
            let c = b"abcdefghijklmnopqrstuvwxyz      "[rng.below(32) as usize];
            edits.push(Edit {
                index: cursor as u32,
                delete: 0,
                insert: char::from(c).to_string(),
            });
            cursor += 1;
            len += 1;
        }
    }
    edits
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    YrsCapture,
    ModelStore,
    YrsBare,
    Model,
}

/// Rotated each round, so no side always runs first or right after another.
const SIDES: [Side; 4] = [
    Side::YrsCapture,
    Side::ModelStore,
    Side::YrsBare,
    Side::Model,
];

impl Side {
    fn label(self) -> &'static str {
        match self {
            Side::YrsCapture => "anchor: yrs alone + update capture",
            Side::ModelStore => "Plan::apply + GroupCommitter, acked",
            Side::Model => "(split) Plan::apply alone, no store",
            Side::YrsBare => "(context) yrs alone, no capture",
        }
    }
}

/// Where one round types: each side gets a fresh field holding the same text.
trait Fields {
    fn yrs(&mut self, bare: bool) -> (yrs::Doc, yrs::TextRef);
    fn plan(&mut self, with_store: bool) -> (&Plan, String);
    fn check(&mut self, expected: &str);
}

fn run_round<F: Fields>(
    fields: &mut F,
    committer: &GroupCommitter,
    edits: &[Edit],
    round: usize,
    tallies: &mut [Tally; 4],
) {
    for k in 0..SIDES.len() {
        let i = (round + k) % SIDES.len();
        let side = SIDES[i];
        let mut lat = Vec::with_capacity(edits.len());
        let run: Run = match side {
            Side::YrsCapture | Side::YrsBare => {
                let (doc, text) = fields.yrs(side == Side::YrsBare);
                let (run, updates) =
                    measure(|| yrs_edits(&doc, &text, edits, side == Side::YrsCapture, &mut lat));
                drop(updates);
                run
            }
            Side::Model => {
                let (plan, at) = fields.plan(false);
                let (run, updates) = measure(|| model_edits(plan, &at, edits, &mut lat));
                drop(updates);
                run
            }
            Side::ModelStore => {
                let (plan, at) = fields.plan(true);
                measure(|| model_store_edits(plan, committer, &at, edits, &mut lat)).0
            }
        };
        tallies[i].add(run, lat);
    }
}

fn report(title: &str, tallies: &mut [Tally; 4], edits: usize) {
    let anchor_at = SIDES.iter().position(|s| *s == Side::YrsCapture).unwrap();
    let anchor_rates: Vec<f64> = tallies[anchor_at].secs().iter().map(|s| 1.0 / s).collect();
    println!("{title}");
    header("÷ anchor");
    for side in [
        Side::YrsCapture,
        Side::ModelStore,
        Side::Model,
        Side::YrsBare,
    ] {
        let i = SIDES.iter().position(|s| *s == side).unwrap();
        // edits/s ratio taken round by round (same minute of the machine), then the median.
        let ratios: Vec<f64> = tallies[i]
            .secs()
            .iter()
            .zip(&anchor_rates)
            .map(|(s, a)| (1.0 / s) / a)
            .collect();
        tallies[i].row(side.label(), edits, common::median(&ratios));
    }
    println!("goal: Plan::apply + GroupCommitter >= 0.80x the anchor's edits/s (p50/p99/max: one keystroke's apply [+ submit])");
    println!();
}

/// Fresh fields: a new root text per round in each yrs doc, a new strategy in each plan.
struct Short<'a> {
    bare: &'a yrs::Doc,
    capture: &'a yrs::Doc,
    model: &'a Plan,
    store: &'a Plan,
    committer: &'a GroupCommitter,
    n: usize,
}

impl Fields for Short<'_> {
    fn yrs(&mut self, bare: bool) -> (yrs::Doc, yrs::TextRef) {
        self.n += 1;
        let doc = if bare { self.bare } else { self.capture };
        let text = doc.get_or_insert_text(format!("body{}", self.n).as_str());
        (doc.clone(), text)
    }
    fn plan(&mut self, with_store: bool) -> (&Plan, String) {
        self.n += 1;
        let plan = if with_store { self.store } else { self.model };
        let (at, update) = add_strategy(plan, &format!("typed {}", self.n));
        if with_store {
            self.committer
                .submit(update, AUTHOR.into(), 1)
                .wait()
                .unwrap();
        }
        (plan, at)
    }
    fn check(&mut self, expected: &str) {
        for plan in [self.model, self.store] {
            let content = plan.content();
            let typed: Vec<_> = content
                .strategies
                .iter()
                .filter(|s| s.name.starts_with("typed "))
                .collect();
            assert_eq!(typed.len(), SHORT_ROUNDS);
            assert!(typed.iter().all(|s| s.description == expected));
        }
    }
}

/// Copies of one long field: yrs alone and the plan each start every round from their own
/// state after the trace's first keystrokes, decoded into a fresh doc (same client id, so the
/// new edits continue its clock as a reopened plan's would).
struct Long {
    yrs_state: Vec<u8>,
    plan_state: Vec<u8>,
    at: String,
    plan: Option<Plan>,
    seen: Vec<String>,
}

impl Long {
    fn build(preload: &[Edit]) -> Long {
        let doc = yrs_doc();
        let text = doc.get_or_insert_text("body");
        yrs_edits(&doc, &text, preload, false, &mut Vec::new());
        let yrs_state = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let plan = Plan::empty(CLIENT);
        let (at, _) = add_strategy(&plan, "long");
        model_edits(&plan, &at, preload, &mut Vec::new());
        Long {
            yrs_state,
            plan_state: plan.encode_state(),
            at,
            plan: None,
            seen: Vec::new(),
        }
    }
    fn keep_plan_text(&mut self) {
        if let Some(plan) = self.plan.take() {
            self.seen
                .push(plan.content().strategies[0].description.clone());
        }
    }
}

impl Fields for Long {
    fn yrs(&mut self, _bare: bool) -> (yrs::Doc, yrs::TextRef) {
        let doc = yrs_doc();
        let text = doc.get_or_insert_text("body");
        doc.transact_mut()
            .apply_update(Update::decode_v1(&self.yrs_state).unwrap())
            .unwrap();
        (doc, text)
    }
    fn plan(&mut self, _with_store: bool) -> (&Plan, String) {
        self.keep_plan_text();
        let plan = Plan::empty(CLIENT);
        plan.apply_update(&self.plan_state).unwrap();
        (self.plan.insert(plan), self.at.clone())
    }
    fn check(&mut self, expected: &str) {
        self.keep_plan_text();
        assert_eq!(self.seen.len(), LONG_ROUNDS * 2);
        assert!(self.seen.iter().all(|s| s == expected));
    }
}

// The same allocator as the shipped binaries, so the figures are what people get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = bench_dir();
    let committer = open_committer(&dir.path().join("typing.throughline"));
    let store_plan = Plan::empty(CLIENT);
    let model_plan = Plan::empty(CLIENT);

    // Wrap the WAL first (the first ~1,000 commits of a new file cost twice the fsync), so the
    // store runs in the steady state of a long-lived file.
    let warm = keystrokes(WARMUP_COMMITS, 3);
    let (warm_at, update) = add_strategy(&store_plan, "warm-up");
    committer.submit(update, AUTHOR.into(), 1).wait().unwrap();
    for e in &warm {
        let applied = store_plan.apply(&edit_command(&warm_at, e)).unwrap();
        committer
            .submit(applied.update, AUTHOR.into(), 1)
            .wait()
            .unwrap();
    }

    // A fresh description.
    let edits = keystrokes(SHORT_KEYS, 11);
    let expected = splice_all(&edits);
    let (bare_doc, capture_doc) = (yrs_doc(), yrs_doc());
    let mut short = Short {
        bare: &bare_doc,
        capture: &capture_doc,
        model: &model_plan,
        store: &store_plan,
        committer: &committer,
        n: 0,
    };
    let mut tallies: [Tally; 4] = Default::default();
    let (wall, ()) = measure(|| {
        for round in 0..SHORT_ROUNDS {
            run_round(&mut short, &committer, &edits, round, &mut tallies);
        }
    });
    short.check(&expected);
    for text in (1..=short.n).filter_map(|n| {
        let t = capture_doc.transact();
        t.get_text(format!("body{n}").as_str())
            .map(|x| x.get_string(&t))
    }) {
        assert_eq!(text, expected);
    }
    println!();
    report(
        &format!(
            "typing, fresh field: {SHORT_KEYS} keystrokes (runs, jumps, ~10% backspaces; {} chars), {SHORT_ROUNDS} rounds, sides rotating, {:.1} s",
            expected.len(),
            wall.wall.as_secs_f64()
        ),
        &mut tallies,
        SHORT_KEYS,
    );

    // A long field: the paper after its first 100k keystrokes, then the next 4k.
    let trace = load_trace();
    let (preload, next) = trace.edits[..LONG_PRELOAD + LONG_KEYS].split_at(LONG_PRELOAD);
    let (built, mut long) = measure(|| Long::build(preload));
    let expected_long = splice_all(&trace.edits[..LONG_PRELOAD + LONG_KEYS]);
    let mut tallies: [Tally; 4] = Default::default();
    let (wall, ()) = measure(|| {
        for round in 0..LONG_ROUNDS {
            run_round(&mut long, &committer, next, round, &mut tallies);
        }
    });
    long.check(&expected_long);
    report(
        &format!(
            "typing, long field: automerge-paper keystrokes {LONG_PRELOAD}..{} into its {}-char text (built in {:.1} s), {LONG_ROUNDS} rounds, sides rotating, {:.1} s",
            LONG_PRELOAD + LONG_KEYS,
            splice_all(preload).len(),
            built.wall.as_secs_f64(),
            wall.wall.as_secs_f64()
        ),
        &mut tallies,
        LONG_KEYS,
    );

    let short_edits = &edits[..500];
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut n = 0usize;
    c.bench_function("typing/fresh_field_500_keys/anchor_yrs_capture", |b| {
        b.iter_batched(
            || {
                n += 1;
                capture_doc.get_or_insert_text(format!("c{n}").as_str())
            },
            |text| yrs_edits(&capture_doc, &text, short_edits, true, &mut Vec::new()),
            BatchSize::PerIteration,
        )
    });
    c.bench_function("typing/fresh_field_500_keys/plan_apply_group_commit", |b| {
        b.iter_batched(
            || {
                n += 1;
                let (at, update) = add_strategy(&store_plan, &format!("c{n}"));
                committer.submit(update, AUTHOR.into(), 1).wait().unwrap();
                at
            },
            |at| model_store_edits(&store_plan, &committer, &at, short_edits, &mut Vec::new()),
            BatchSize::PerIteration,
        )
    });
    c.final_summary();
    committer.shutdown().unwrap();
}
