//! Replicas that apply random plan operations and exchange their updates in random orders and
//! partitions converge to the same content and the same coherence report.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use throughline_plan::{coherence, Plan, PlanCommand};

#[derive(Clone, Debug)]
enum Op {
    AddStrategy(String),
    AddTactic(usize),
    AddLine(usize, i64, bool),
    TypeInName(usize, usize, String),
    DeleteInName(usize, usize, usize),
    LinkStatement(usize, usize),
    SetOwner(usize, usize),
    MoveStrategy(usize, usize),
    RemoveStrategy(usize),
    AddSchoolChange(usize, String),
    /// Deliver some of one replica's updates to another, in a shuffled order.
    Deliver(usize, u64),
}

fn op() -> impl Strategy<Value = (usize, Op)> {
    let text = "[a-z ]{1,6}";
    (
        0usize..3,
        prop_oneof![
            text.prop_map(Op::AddStrategy),
            any::<usize>().prop_map(Op::AddTactic),
            (any::<usize>(), 1i64..1_000_000, any::<bool>())
                .prop_map(|(a, b, c)| Op::AddLine(a, b, c)),
            (any::<usize>(), any::<usize>(), text).prop_map(|(a, b, c)| Op::TypeInName(a, b, c)),
            (any::<usize>(), any::<usize>(), 1usize..4)
                .prop_map(|(a, b, c)| Op::DeleteInName(a, b, c)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::LinkStatement(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::SetOwner(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::MoveStrategy(a, b)),
            any::<usize>().prop_map(Op::RemoveStrategy),
            (any::<usize>(), text).prop_map(|(a, b)| Op::AddSchoolChange(a, b)),
            (0usize..3, any::<u64>()).prop_map(|(a, b)| Op::Deliver(a, b)),
        ],
    )
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(items[i % items.len()].clone())
    }
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// Applies an op; refused commands (an item that another replica removed, say) are fine.
fn run(plan: &Plan, op: &Op) -> Option<Vec<u8>> {
    let c = plan.content();
    let strategies: Vec<String> = c.strategies.iter().map(|s| s.id.clone()).collect();
    let cmd = match op {
        Op::AddStrategy(name) => PlanCommand::Add {
            to: "strategies".into(),
            fields: fields(json!({ "name": name, "student_groups": ["English learners"] })),
            after: None,
        },
        Op::AddTactic(i) => PlanCommand::Add {
            to: "tactics".into(),
            fields: match pick(&strategies, *i) {
                Some(s) => fields(json!({ "description": "do it", "strategy": s })),
                None => fields(json!({ "description": "do it" })),
            },
            after: None,
        },
        Op::AddLine(i, amount, investment) => {
            let tactics: Vec<String> = c.tactics.iter().map(|t| t.id.clone()).collect();
            PlanCommand::Add {
                to: "ledger".into(),
                fields: fields(json!({
                    "kind": if *investment { "investment" } else { "source" },
                    "amount": amount, "unit": "usd", "fiscal_year": "2026-27",
                    "tactics": pick(&tactics, *i).into_iter().collect::<Vec<_>>(),
                })),
                after: None,
            }
        }
        Op::TypeInName(i, pos, s) => {
            let st = pick(&c.strategies, *i)?;
            let len = st.name.encode_utf16().count();
            PlanCommand::EditText {
                at: format!("strategies/{}", st.id),
                field: "name".into(),
                index: u32::try_from(pos % (len + 1)).unwrap(),
                delete: 0,
                insert: s.clone(),
            }
        }
        Op::DeleteInName(i, pos, n) => {
            let st = pick(&c.strategies, *i)?;
            let len = st.name.encode_utf16().count();
            if len == 0 {
                return None;
            }
            let index = pos % len;
            PlanCommand::EditText {
                at: format!("strategies/{}", st.id),
                field: "name".into(),
                index: u32::try_from(index).unwrap(),
                delete: u32::try_from((*n).min(len - index)).unwrap(),
                insert: String::new(),
            }
        }
        Op::LinkStatement(i, j) => PlanCommand::Link {
            at: format!("strategies/{}", pick(&strategies, *i)?),
            field: "statements".into(),
            target: pick(&c.statements, *j)?.id,
        },
        Op::SetOwner(i, j) => PlanCommand::Set {
            at: format!("strategies/{}", pick(&strategies, *i)?),
            field: "owner".into(),
            value: json!(pick(&c.members, *j)?.id),
        },
        Op::MoveStrategy(i, j) => PlanCommand::Move {
            at: format!("strategies/{}", pick(&strategies, *i)?),
            after: pick(&strategies, *j),
        },
        Op::RemoveStrategy(i) => PlanCommand::Remove {
            at: format!("strategies/{}", pick(&strategies, *i)?),
        },
        Op::AddSchoolChange(i, s) => PlanCommand::Add {
            to: format!("statements/{}/school_changes", pick(&c.statements, *i)?.id),
            fields: fields(json!({ "text": s })),
            after: None,
        },
        Op::Deliver(..) => return None,
    };
    plan.apply(&cmd).ok().map(|a| a.update)
}

fn base() -> Plan {
    let plan = Plan::empty(100);
    for name in ["Ana Ruiz", "Sam Lee"] {
        plan.apply(&PlanCommand::Add {
            to: "members".into(),
            fields: fields(json!({ "name": name, "role": "principal" })),
            after: None,
        })
        .unwrap();
    }
    for _ in 0..2 {
        plan.apply(&PlanCommand::Add {
            to: "statements".into(),
            fields: fields(json!({ "practice_change": "teachers plan together" })),
            after: None,
        })
        .unwrap();
    }
    plan
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = test_support::Rng::new(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn replicas_converge(ops in proptest::collection::vec(op(), 1..60), final_seed in any::<u64>()) {
        let start = base().encode_state();
        let replicas: Vec<Plan> = (0..3u64).map(|i| {
            let p = Plan::empty(i + 1);
            p.apply_update(&start).unwrap();
            p
        }).collect();
        let mut outbox: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 3];
        for (r, op) in &ops {
            if let Op::Deliver(from, seed) = op {
                if from != r {
                    let mut updates = outbox[*from].clone();
                    shuffle(&mut updates, seed | 1);
                    // A partition: only part of what the other replica did gets through.
                    let n = (*seed as usize) % (updates.len() + 1);
                    for u in &updates[..n] {
                        replicas[*r].apply_update(u).unwrap();
                    }
                }
                continue;
            }
            if let Some(update) = run(&replicas[*r], op) {
                outbox[*r].push(update);
            }
        }
        // The partition heals: everyone gets everything, in a random order.
        for (r, replica) in replicas.iter().enumerate() {
            let mut all: Vec<Vec<u8>> = outbox.iter().enumerate().filter(|(i, _)| *i != r).flat_map(|(_, o)| o.clone()).collect();
            shuffle(&mut all, final_seed | 1);
            for u in &all {
                replica.apply_update(u).unwrap();
            }
        }
        let first = replicas[0].content();
        let report = coherence(&first);
        for other in &replicas[1..] {
            let c = other.content();
            prop_assert_eq!(&c, &first);
            prop_assert_eq!(coherence(&c), report.clone());
        }
    }
}
