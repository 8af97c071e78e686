//! Restoring a version as a forward change: the content becomes the version's, by edits small
//! enough that text the two share keeps its Yjs identity (so anchors into it survive).

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use throughline_plan::{Plan, PlanCommand, PlanContent, PlanError};
use yrs::{Assoc, GetString, IndexedSequence, Transact};

fn demo() -> PlanContent {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/demo/demo.json"
    ))
    .unwrap();
    Plan::content_from_json(&text).unwrap()
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn edit(at: &str, field: &str, index: u32, delete: u32, insert: &str) -> PlanCommand {
    PlanCommand::EditText {
        at: at.into(),
        field: field.into(),
        index,
        delete,
        insert: insert.into(),
    }
}

#[test]
fn restore_keeps_shared_text_and_its_anchors() {
    let plan = Plan::empty(7);
    let id = plan
        .apply(&PlanCommand::Add {
            to: "strategies".into(),
            fields: fields(json!({ "name": "Coaching for every new teacher in every school" })),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    let at = format!("strategies/{id}");
    let version = plan.content();
    let text = plan.text_ref(&at, "name").unwrap().unwrap();
    // An anchor on "new teacher", as the review layer makes one (ASCII: bytes are UTF-16 units).
    let from = u32::try_from(version.strategies[0].name.find("new teacher").unwrap()).unwrap();
    let (start, end) = {
        let txn = plan.doc().transact();
        (
            text.sticky_index(&txn, from, Assoc::After).unwrap(),
            text.sticky_index(&txn, from + 11, Assoc::Before).unwrap(),
        )
    };
    // Edits on both sides of the anchored words: a prefix/suffix diff would rewrite them.
    plan.apply(&edit(&at, "name", 0, 8, "Mentoring")).unwrap();
    let len = u32::try_from(plan.content().strategies[0].name.encode_utf16().count()).unwrap();
    plan.apply(&edit(&at, "name", len - 6, 6, "district"))
        .unwrap();
    plan.apply(&PlanCommand::Add {
        to: "strategies".into(),
        fields: fields(json!({ "name": "Added later" })),
        after: None,
    })
    .unwrap();
    assert_ne!(plan.content(), version);

    let applied = plan.restore(&version).unwrap();
    assert!(!applied.update.is_empty());
    assert_eq!(plan.content(), version);
    let txn = plan.doc().transact();
    let (s, e) = (
        start.get_offset(&txn).unwrap().index,
        end.get_offset(&txn).unwrap().index,
    );
    let name = text.get_string(&txn);
    let units: Vec<u16> = name.encode_utf16().collect();
    assert_eq!(
        String::from_utf16(&units[s as usize..e as usize]).unwrap(),
        "new teacher"
    );
}

#[test]
fn restoring_what_is_already_there_changes_nothing() {
    let plan = Plan::from_content(3, &demo()).unwrap();
    let before = plan.state_vector();
    let applied = plan.restore(&plan.content()).unwrap();
    assert_eq!(plan.state_vector(), before, "no item was written");
    assert_eq!(plan.content(), demo());
    let peer = Plan::empty(4);
    peer.apply_update(&applied.update).unwrap();
}

#[test]
fn bad_content_is_refused_and_changes_nothing() {
    let plan = Plan::from_content(3, &demo()).unwrap();
    let before = plan.encode_state();
    let mut bad = demo();
    bad.strategies[0].id = "not/an id".into();
    assert!(matches!(plan.restore(&bad), Err(PlanError::BadId(_))));
    let mut dup = demo();
    let first = dup.strategies[0].clone();
    dup.strategies.push(first);
    assert!(matches!(plan.restore(&dup), Err(PlanError::DuplicateId(_))));
    assert_eq!(plan.encode_state(), before);
}

#[derive(Clone, Debug)]
enum Op {
    Type(usize, usize, String),
    Delete(usize, usize, usize),
    AddStrategy(String),
    Remove(usize),
    Move(usize, usize),
    SetPriority(usize, i64),
    Unlink(usize),
    AddSlot(usize, String),
    Vision(String),
}

fn op() -> impl Strategy<Value = Op> {
    let text = "[a-zé ]{1,8}";
    prop_oneof![
        (any::<usize>(), any::<usize>(), text).prop_map(|(a, b, c)| Op::Type(a, b, c)),
        (any::<usize>(), any::<usize>(), 1usize..6).prop_map(|(a, b, c)| Op::Delete(a, b, c)),
        text.prop_map(Op::AddStrategy),
        any::<usize>().prop_map(Op::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Move(a, b)),
        (any::<usize>(), 1i64..9).prop_map(|(a, b)| Op::SetPriority(a, b)),
        any::<usize>().prop_map(Op::Unlink),
        (any::<usize>(), text).prop_map(|(a, b)| Op::AddSlot(a, b)),
        text.prop_map(Op::Vision),
    ]
}

fn run(plan: &Plan, op: &Op) {
    let c = plan.content();
    let pick = |n: usize, i: usize| if n == 0 { None } else { Some(i % n) };
    let cmd = match op {
        Op::Type(i, pos, s) => {
            let Some(i) = pick(c.strategies.len(), *i) else {
                return;
            };
            let st = &c.strategies[i];
            let len = st.name.encode_utf16().count();
            edit(
                &format!("strategies/{}", st.id),
                "name",
                (pos % (len + 1)) as u32,
                0,
                s,
            )
        }
        Op::Delete(i, pos, n) => {
            let Some(i) = pick(c.strategies.len(), *i) else {
                return;
            };
            let st = &c.strategies[i];
            let chars: Vec<char> = st.name.chars().collect();
            if chars.is_empty() {
                return;
            }
            let from = pos % chars.len();
            let to = (from + n).min(chars.len());
            let index: usize = chars[..from].iter().map(|c| c.len_utf16()).sum();
            let delete: usize = chars[from..to].iter().map(|c| c.len_utf16()).sum();
            edit(
                &format!("strategies/{}", st.id),
                "name",
                index as u32,
                delete as u32,
                "",
            )
        }
        Op::AddStrategy(name) => PlanCommand::Add {
            to: "strategies".into(),
            fields: fields(json!({ "name": name })),
            after: None,
        },
        Op::Remove(i) => {
            let Some(i) = pick(c.strategies.len(), *i) else {
                return;
            };
            PlanCommand::Remove {
                at: format!("strategies/{}", c.strategies[i].id),
            }
        }
        Op::Move(i, j) => {
            let (Some(i), Some(j)) = (pick(c.strategies.len(), *i), pick(c.strategies.len(), *j))
            else {
                return;
            };
            PlanCommand::Move {
                at: format!("strategies/{}", c.strategies[i].id),
                after: Some(c.strategies[j].id.clone()).filter(|_| i != j),
            }
        }
        Op::SetPriority(i, p) => {
            let Some(i) = pick(c.strategies.len(), *i) else {
                return;
            };
            PlanCommand::Set {
                at: format!("strategies/{}", c.strategies[i].id),
                field: "priority".into(),
                value: json!(p),
            }
        }
        Op::Unlink(i) => {
            let Some(i) = pick(c.strategies.len(), *i) else {
                return;
            };
            let Some(target) = c.strategies[i].root_causes.first() else {
                return;
            };
            PlanCommand::Unlink {
                at: format!("strategies/{}", c.strategies[i].id),
                field: "root_causes".into(),
                target: target.clone(),
            }
        }
        Op::AddSlot(i, s) => {
            let Some(i) = pick(c.statements.len(), *i) else {
                return;
            };
            PlanCommand::Add {
                to: format!("statements/{}/school_changes", c.statements[i].id),
                fields: fields(json!({ "text": s })),
                after: None,
            }
        }
        Op::Vision(s) => PlanCommand::Set {
            at: "vision".into(),
            field: "statement".into(),
            value: json!(s),
        },
    };
    // Refusals (moving after itself, say) are part of the game.
    let _ = plan.apply(&cmd);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn any_edits_are_undone_by_restoring_the_version(ops in proptest::collection::vec(op(), 1..40)) {
        let version = demo();
        let plan = Plan::from_content(11, &version).unwrap();
        let peer = Plan::empty(12);
        peer.apply_update(&plan.encode_state()).unwrap();
        for op in &ops {
            run(&plan, op);
        }
        peer.apply_update(&plan.encode_state()).unwrap();
        let applied = plan.restore(&version).unwrap();
        prop_assert_eq!(plan.content(), version.clone());
        prop_assert_eq!(plan.canonical_json(), Plan::from_content(1, &version).unwrap().canonical_json());
        // The restore travels to a peer as one ordinary update.
        peer.apply_update(&applied.update).unwrap();
        prop_assert_eq!(peer.content(), version);
    }
}
