//! Who changed what: a section's history and a digest of each person's changes since a version.

use serde_json::{json, Map, Value};
use throughline_plan::{compare, ChangeKind, Plan, PlanCommand, SectionId};
use throughline_review::attribution::{merge_digest, replay, section_history, Logged};

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

struct Log(Vec<(Vec<u8>, &'static str, i64)>);

impl Log {
    fn run(&mut self, plan: &Plan, who: &'static str, at: i64, cmd: PlanCommand) -> Option<String> {
        let applied = plan.apply(&cmd).unwrap();
        self.0.push((applied.update, who, at));
        applied.id
    }
    fn logged(&self) -> Vec<Logged<'_>> {
        self.0
            .iter()
            .map(|(d, a, t)| Logged {
                data: d,
                author: a,
                at_ms: *t,
            })
            .collect()
    }
}

#[test]
fn history_and_digest_name_who_changed_what() {
    let plan = Plan::empty(1);
    let mut log = Log(Vec::new());
    let st = log
        .run(
            &plan,
            "Ana",
            1,
            PlanCommand::Add {
                to: "strategies".into(),
                fields: fields(json!({ "name": "Literacy coaching" })),
                after: None,
            },
        )
        .unwrap();
    let at = format!("strategies/{st}");
    for (i, ch) in [" for", " all"].iter().enumerate() {
        let len = plan.content().strategies[0].name.len() as u32;
        log.run(
            &plan,
            "Ana",
            2 + i as i64,
            PlanCommand::EditText {
                at: at.clone(),
                field: "name".into(),
                index: len,
                delete: 0,
                insert: ch.to_string(),
            },
        );
    }
    log.run(
        &plan,
        "Ben",
        10,
        PlanCommand::Set {
            at: "vision".into(),
            field: "statement".into(),
            value: json!("Every student reads."),
        },
    );
    let version = plan.content();
    let version_at = 20;
    log.run(
        &plan,
        "Ben",
        21,
        PlanCommand::Set {
            at: at.clone(),
            field: "priority".into(),
            value: json!(1),
        },
    );
    let tc = log
        .run(
            &plan,
            "Cy's table",
            22,
            PlanCommand::Add {
                to: "tactics".into(),
                fields: fields(json!({ "description": "Train coaches", "strategy": st })),
                after: None,
            },
        )
        .unwrap();
    log.run(&plan, "Ana", 23, PlanCommand::Remove { at: at.clone() });

    // Replaying from a snapshot of the first update gives the same touches after it.
    let logged = log.logged();
    let touches = replay(None, &logged);
    let history = section_history(&touches, Some(SectionId::Strategies));
    let summary: Vec<(&str, ChangeKind, i64, i64, Vec<String>)> = history
        .iter()
        .map(|h| {
            (
                h.author.as_str(),
                h.kind,
                h.from_ms,
                h.to_ms,
                h.fields.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Ana", ChangeKind::Added, 1, 3, vec!["name".to_string()]),
            (
                "Ben",
                ChangeKind::Changed,
                21,
                21,
                vec!["priority".to_string()]
            ),
            ("Ana", ChangeKind::Removed, 23, 23, vec![]),
        ]
    );
    assert!(history.iter().all(|h| h.path == at));
    assert_eq!(
        history[2].title, "Literacy coaching for all",
        "removed items keep their name"
    );
    let vision = section_history(&touches, Some(SectionId::Vision));
    assert_eq!(vision.len(), 1);
    assert_eq!(
        (vision[0].author.as_str(), vision[0].path.as_str()),
        ("Ben", "vision")
    );

    let snapshot = Plan::empty(50);
    snapshot.apply_update(logged[0].data).unwrap();
    let later = replay(Some(&snapshot.encode_state()), &logged[1..]);
    assert_eq!(later, touches[1..].to_vec());

    let since: Vec<_> = touches
        .into_iter()
        .filter(|t| t.at_ms >= version_at)
        .collect();
    let digest = merge_digest(&compare(&version, &plan.content()), &since);
    let people: Vec<Option<&str>> = digest.iter().map(|d| d.person.as_deref()).collect();
    assert_eq!(people, vec![Some("Ana"), Some("Cy's table")]);
    let ana: Vec<(&str, ChangeKind)> = digest[0]
        .changes
        .iter()
        .map(|e| (e.change.path.as_str(), e.change.kind))
        .collect();
    // Removing the strategy also cleared the new tactic's link to it: Ana wrote that too.
    let tactic = format!("tactics/{tc}");
    assert_eq!(
        ana,
        vec![
            (at.as_str(), ChangeKind::Removed),
            (tactic.as_str(), ChangeKind::Added)
        ]
    );
    assert_eq!(digest[1].changes[0].change.path, format!("tactics/{tc}"));
    assert_eq!(digest[1].changes[0].change.kind, ChangeKind::Added);
    // Ben's priority change went with the strategy Ana removed: nothing of his is left.
}

/// History, compare and the editor name an item alike (`display::title`): a process shift by
/// how the process will work, not how it works now.
#[test]
fn history_and_compare_name_a_process_shift_as_the_editor_does() {
    let plan = Plan::empty(1);
    let before = plan.content();
    let mut log = Log(Vec::new());
    log.run(
        &plan,
        "Ana",
        1,
        PlanCommand::Add {
            to: "process_shifts".into(),
            fields: fields(json!({
                "current_state": "Budgets are set centrally",
                "future_state": "Principals shape their budgets",
            })),
            after: None,
        },
    )
    .unwrap();
    let touches = replay(None, &log.logged());
    let history = section_history(&touches, Some(SectionId::ProcessShifts));
    assert_eq!(history[0].title, "Principals shape their budgets");
    let changes = compare(&before, &plan.content());
    assert_eq!(changes[0].items[0].title, "Principals shape their budgets");
}
