//! Comment anchors follow their words: random edits around (and inside) anchored comments, on
//! replicas that exchange updates in random orders, keep every anchor on its text, or mark it
//! orphaned once its text is deleted.

use proptest::prelude::*;
use serde_json::json;
use throughline_plan::{Plan, PlanCommand};
use throughline_review::{On, Placement, Review};

const AT_FIELD: (&str, &str) = ("vision", "statement");

fn edit(index: u32, delete: u32, insert: &str) -> PlanCommand {
    PlanCommand::EditText {
        at: AT_FIELD.0.into(),
        field: AT_FIELD.1.into(),
        index,
        delete,
        insert: insert.into(),
    }
}

fn text_of(plan: &Plan) -> Vec<char> {
    plan.content().vision.statement.chars().collect()
}

/// Every character ever typed is unique (a private-use code point from a counter), so after
/// any merge we can tell exactly which of the original characters survive and where.
struct Fresh(u32);

impl Fresh {
    fn take(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                self.0 += 1;
                char::from_u32(0xE000 + self.0).unwrap()
            })
            .collect()
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Replica, position (scaled to the text), length.
    Insert(usize, usize, usize),
    Delete(usize, usize, usize),
    /// Deliver everything one replica has to another.
    Sync(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..3, any::<usize>(), 1usize..4).prop_map(|(r, p, n)| Op::Insert(r, p, n)),
        2 => (0usize..3, any::<usize>(), 1usize..6).prop_map(|(r, p, n)| Op::Delete(r, p, n)),
        1 => (0usize..3, 0usize..3).prop_map(|(a, b)| Op::Sync(a, b)),
    ]
}

fn sync(from: &Plan, to: &Plan) {
    to.apply_update(&from.encode_diff(&to.state_vector()))
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn anchors_stay_on_their_text_across_replicas(
        ranges in proptest::collection::vec((0usize..30, 1usize..8), 1..4),
        ops in proptest::collection::vec(op(), 0..40),
        only_deletions in any::<bool>(),
    ) {
        let mut fresh = Fresh(0);
        let first = Plan::empty(1);
        let original: Vec<char> = fresh.take(30).chars().collect();
        let original_text: String = original.iter().collect();
        first.apply(&PlanCommand::Set {
            at: "vision".into(),
            field: "statement".into(),
            value: json!(original_text),
        }).unwrap();
        let plans: Vec<Plan> = (0..3u64).map(|i| {
            let p = Plan::empty(100 + i);
            p.apply_update(&first.encode_state()).unwrap();
            p
        }).collect();

        // Comments are made on replica 0 and reach the others through the review document.
        let review = Review::empty(7);
        let mut anchored: Vec<(String, Vec<char>)> = Vec::new();
        for (start, len) in &ranges {
            let end = (start + len).min(30);
            let made = review.comment(&plans[0], &On::Text {
                at: AT_FIELD.0.into(),
                field: AT_FIELD.1.into(),
                start: *start as u32,
                end: end as u32,
            }, "Ana", "2026-03-01T10:00:00Z", "Is this right?", &[]).unwrap();
            anchored.push((made.id.unwrap(), original[*start..end].to_vec()));
        }
        let reviews: Vec<Review> = (0..3u64).map(|i| {
            let r = Review::empty(200 + i);
            r.apply_update(&review.encode_state()).unwrap();
            r
        }).collect();

        for op in &ops {
            match *op {
                Op::Insert(r, pos, n) if !only_deletions => {
                    let len = text_of(&plans[r]).len();
                    plans[r].apply(&edit((pos % (len + 1)) as u32, 0, &fresh.take(n))).unwrap();
                }
                Op::Insert(..) => {}
                Op::Delete(r, pos, n) => {
                    let len = text_of(&plans[r]).len();
                    if len > 0 {
                        let at = pos % len;
                        // Private-use characters are one UTF-16 unit each.
                        plans[r].apply(&edit(at as u32, n.min(len - at) as u32, "")).unwrap();
                    }
                }
                Op::Sync(a, b) if a != b => sync(&plans[a], &plans[b]),
                Op::Sync(..) => {}
            }
        }
        for a in 0..3 {
            for b in 0..3 {
                if a != b { sync(&plans[a], &plans[b]); }
            }
        }

        let final_text = text_of(&plans[0]);
        for p in &plans[1..] {
            prop_assert_eq!(&text_of(p), &final_text);
        }
        let position = |c: &char| final_text.iter().position(|x| x == c);
        for (id, words) in &anchored {
            let survivors: Vec<usize> = words.iter().filter_map(position).collect();
            for (p, r) in plans.iter().zip(&reviews) {
                let thread = r.thread(id).unwrap();
                let placement = thread.placement(p);
                match &placement {
                    Placement::Orphaned => {
                        // Only when every commented character is gone.
                        prop_assert!(survivors.is_empty(), "orphaned with {survivors:?} left");
                    }
                    Placement::Text { start, end, text, changed } => {
                        let (s, e) = (*start as usize, *end as usize);
                        prop_assert_eq!(text.chars().collect::<Vec<_>>(), final_text[s..e].to_vec());
                        // Every surviving commented character is inside the range ...
                        for i in &survivors {
                            prop_assert!(s <= *i && *i < e, "{i} outside {s}..{e}");
                        }
                        // ... and no character that was outside it ever joins it.
                        for c in &final_text[s..e] {
                            prop_assert!(!original.contains(c) || words.contains(c), "{c:?} joined the range");
                        }
                        // With both edge characters alive the range is exactly theirs.
                        let (Some(first), Some(last)) = (position(&words[0]), position(&words[words.len() - 1])) else {
                            continue;
                        };
                        prop_assert_eq!((s, e), (first, last + 1));
                        if only_deletions {
                            let kept: String = words.iter().filter(|c| final_text.contains(c)).collect();
                            prop_assert_eq!(text, &kept);
                            prop_assert_eq!(*changed, kept.chars().count() != words.len());
                        }
                    }
                    other => prop_assert!(false, "unexpected {other:?}"),
                }
                if only_deletions {
                    prop_assert_eq!(survivors.is_empty(), placement == Placement::Orphaned);
                }
            }
        }
    }
}

#[test]
fn typing_at_either_edge_does_not_grow_the_range() {
    let plan = Plan::empty(1);
    plan.apply(&PlanCommand::Set {
        at: "vision".into(),
        field: "statement".into(),
        value: json!("Every student reads by third grade."),
    })
    .unwrap();
    let review = Review::empty(2);
    let id = review
        .comment(
            &plan,
            &On::Text {
                at: "vision".into(),
                field: "statement".into(),
                start: 6,
                end: 13,
            },
            "Ana",
            "2026-03-01T10:00:00Z",
            "Which students?",
            &[],
        )
        .unwrap()
        .id
        .unwrap();
    plan.apply(&edit(13, 0, " and adult")).unwrap();
    plan.apply(&edit(6, 0, "single ")).unwrap();
    let thread = review.thread(&id).unwrap();
    assert_eq!(thread.anchor.quote(), "student");
    assert_eq!(
        thread.placement(&plan),
        Placement::Text {
            start: 13,
            end: 20,
            text: "student".into(),
            changed: false
        }
    );
}

#[test]
fn a_comment_that_arrives_before_its_text_waits_for_it() {
    let author = Plan::empty(1);
    author
        .apply(&PlanCommand::Set {
            at: "vision".into(),
            field: "statement".into(),
            value: json!("New words"),
        })
        .unwrap();
    let review = Review::empty(2);
    let id = review
        .comment(
            &author,
            &On::Text {
                at: "vision".into(),
                field: "statement".into(),
                start: 0,
                end: 3,
            },
            "Ana",
            "2026-03-01T10:00:00Z",
            "Good",
            &[],
        )
        .unwrap()
        .id
        .unwrap();
    let behind = Plan::empty(3);
    let thread = review.thread(&id).unwrap();
    assert_eq!(thread.placement(&behind), Placement::NotYetReceived);
    behind.apply_update(&author.encode_state()).unwrap();
    assert!(matches!(thread.placement(&behind), Placement::Text { .. }));
}

#[test]
fn removing_the_item_orphans_its_comments() {
    let plan = Plan::empty(1);
    let id = plan
        .apply(&PlanCommand::Add {
            to: "strategies".into(),
            fields: json!({ "name": "Literacy coaching" })
                .as_object()
                .cloned()
                .unwrap(),
            after: None,
        })
        .unwrap()
        .id
        .unwrap();
    let at = format!("strategies/{id}");
    let review = Review::empty(2);
    let on_text = review
        .comment(
            &plan,
            &On::Text {
                at: at.clone(),
                field: "name".into(),
                start: 0,
                end: 8,
            },
            "Ana",
            "t",
            "Which grades?",
            &[],
        )
        .unwrap()
        .id
        .unwrap();
    let on_object = review
        .comment(
            &plan,
            &On::Object { at: at.clone() },
            "Ana",
            "t",
            "Cost?",
            &[],
        )
        .unwrap()
        .id
        .unwrap();
    assert_eq!(
        review.thread(&on_object).unwrap().placement(&plan),
        Placement::Object
    );
    plan.apply(&PlanCommand::Remove { at }).unwrap();
    for id in [on_text, on_object] {
        assert_eq!(
            review.thread(&id).unwrap().placement(&plan),
            Placement::Orphaned
        );
    }
}
