//! A plan on a district's server: two Hocuspocus instances of `deploy/hocuspocus` joined by
//! a real `redis-server`, a real `@hocuspocus/provider` peer on one and Throughline (the app's
//! one-shot sync and its joined session, as the CLI and the desktop use them) on the other.
//! Everything runs on 127.0.0.1; every wait has a bound.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use test_support::district::{District, ProviderPeer, EDITOR_TOKEN, REVIEWER_TOKEN, WAIT};
use throughline_app::retreat::{district_address, sync_with, JoinStatus, RetreatJoin};
use throughline_app::{NewPlan, OpenPlan};
use throughline_plan::template::TemplateLibrary;
use throughline_plan::PlanCommand;

const TITLE: &str = "Cedar Hollow redesign";

fn new_plan(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("plan.throughline");
    let template = TemplateLibrary::builtin().resolve("dsdp").unwrap();
    let plan = OpenPlan::create(
        &path,
        NewPlan::Template {
            template: &template,
            title: TITLE,
            district: "Cedar Hollow USD",
        },
        "Ana",
    )
    .unwrap();
    let id = plan.plan_id().unwrap();
    plan.close().unwrap();
    (path, id)
}

fn title_of(path: &Path) -> String {
    let plan = OpenPlan::open_read_only(path).unwrap();
    plan.content().record.title
}

fn add_to_title(at: usize, text: &str) -> PlanCommand {
    PlanCommand::EditText {
        at: "record".into(),
        field: "title".into(),
        index: at as u32,
        delete: 0,
        insert: text.into(),
    }
}

fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn a_provider_peer_on_one_instance_and_throughline_on_the_other_converge() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let a = district.instance("a", 0);
    let b = district.instance("b", 0);
    let (plan, id) = new_plan(dir.path());

    // The plan goes up through instance B.
    let on_b = district_address(&b.url(&id), EDITOR_TOKEN).unwrap();
    let sent = sync_with(&plan, "Ana", &on_b, WAIT).unwrap();
    assert_eq!(sent.refused, None);

    // A stock Hocuspocus client on instance A reads it and types.
    let mut peer = ProviderPeer::join(&a.server(), &id, EDITOR_TOKEN);
    peer.wait_synced();
    peer.wait_contains("record", "title", TITLE);
    peer.insert("record", "title", " [from A]");

    // Throughline, joined through B, receives it and answers.
    let join = RetreatJoin::start(&dir.path().join("ben.throughline"), "Ben", &on_b).unwrap();
    eventually("B's copy to hold A's words", || {
        join.read(|plan, _| plan.plan().content().record.title.contains("[from A]"))
    });
    join.edit(|plan, _| plan.apply(&add_to_title(0, "Draft: ")))
        .unwrap();
    peer.wait_contains("record", "title", "Draft: Cedar Hollow redesign [from A]");

    // The review document travels beside the plan, on its own document.
    let mut review = ProviderPeer::join(&a.server(), &format!("{id}/review"), EDITOR_TOKEN);
    review.wait_synced();
    join.leave().unwrap();

    // A one-shot sync into a fresh copy gets the same plan.
    let fresh = dir.path().join("fresh.throughline");
    sync_with(&fresh, "Cy", &on_b, WAIT).unwrap();
    assert_eq!(title_of(&fresh), "Draft: Cedar Hollow redesign [from A]");
}

#[test]
fn a_reviewer_token_cannot_change_the_plan_but_writes_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let a = district.instance("a", 0);
    let b = district.instance("b", 0);
    let (plan, id) = new_plan(dir.path());
    let editor_on_b = district_address(&b.url(&id), EDITOR_TOKEN).unwrap();
    sync_with(&plan, "Ana", &editor_on_b, WAIT).unwrap();

    // A reviewer's laptop holds a copy, changes the plan's title and syncs with its token.
    let copy = dir.path().join("reviewer.throughline");
    sync_with(&copy, "Rae", &editor_on_b, WAIT).unwrap();
    {
        let mut mine = OpenPlan::open(&copy, "Rae").unwrap();
        mine.apply(&add_to_title(0, "Rejected: ")).unwrap();
        mine.close().unwrap();
    }
    let reviewer_on_b = district_address(&b.url(&id), REVIEWER_TOKEN).unwrap();
    let summary = sync_with(&copy, "Rae", &reviewer_on_b, WAIT).unwrap();
    let said = summary
        .refused
        .expect("the person is told the plan is read-only");
    assert!(said.contains("may only read"), "{said}");
    assert_eq!(
        title_of(&copy),
        format!("Rejected: {TITLE}"),
        "the copy keeps it"
    );

    // A stock client with a reviewer's token is refused the same way by the server itself.
    let mut hostile = ProviderPeer::join(&a.server(), &id, REVIEWER_TOKEN);
    hostile.wait_synced();
    hostile.insert("record", "title", " [reviewer was here]");
    // ...while its review edits are taken, and reach an editor on the other instance.
    let mut reviewer_review =
        ProviderPeer::join(&a.server(), &format!("{id}/review"), REVIEWER_TOKEN);
    reviewer_review.wait_synced();
    reviewer_review.insert("probe", "note", "seen by the reviewer");
    let mut editor_review = ProviderPeer::join(&b.server(), &format!("{id}/review"), EDITOR_TOKEN);
    editor_review.wait_synced();
    editor_review.wait_contains("probe", "note", "seen by the reviewer");

    // The server's plan is the editor's: a fresh copy has neither reviewer's change.
    let fresh = dir.path().join("fresh.throughline");
    sync_with(&fresh, "Cy", &editor_on_b, WAIT).unwrap();
    assert_eq!(title_of(&fresh), TITLE);
    let mut editor = ProviderPeer::join(&a.server(), &id, EDITOR_TOKEN);
    editor.wait_synced();
    assert_eq!(editor.read("record", "title").as_deref(), Some(TITLE));
}

#[test]
fn a_refused_token_is_one_line_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let a = district.instance("a", 0);
    let (_, id) = new_plan(dir.path());
    let wrong = district_address(&a.url(&id), "not-a-token-anyone-issued").unwrap();
    let fresh = dir.path().join("fresh.throughline");
    let refused = sync_with(&fresh, "Cy", &wrong, WAIT)
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "the district's server refused the token (unknown token)"
    );
    assert!(!fresh.exists());
}

#[test]
fn throughline_picks_up_again_after_its_instance_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let a = district.instance("a", 0);
    let b = district.instance("b", 0);
    let b_port = b.port;
    let (plan, id) = new_plan(dir.path());
    let on_b = district_address(&b.url(&id), EDITOR_TOKEN).unwrap();
    let join = RetreatJoin::start(&plan, "Ana", &on_b).unwrap();
    eventually("joined", || join.status() == JoinStatus::Synced);
    let mut peer = ProviderPeer::join(&a.server(), &id, EDITOR_TOKEN);
    peer.wait_synced();
    peer.wait_contains("record", "title", TITLE);

    // B goes away without a word; Throughline is apart and keeps editing.
    drop(b);
    eventually("apart from B", || {
        matches!(
            join.status(),
            JoinStatus::Apart { .. } | JoinStatus::Connecting { .. }
        )
    });
    join.edit(|plan, _| plan.apply(&add_to_title(0, "Offline: ")))
        .unwrap();
    peer.insert("record", "title", " [while B was down]");

    // B comes back on its port: Throughline reconnects by itself, and both edits cross.
    let _b = district.instance("b", b_port);
    let started = Instant::now();
    while !join.read(|plan, _| {
        plan.plan()
            .content()
            .record
            .title
            .contains("[while B was down]")
    }) {
        assert!(
            started.elapsed() < WAIT,
            "the edit made on A while B was down never arrived ({:?}, {:?})",
            join.status(),
            join.read(|plan, _| plan.plan().content().record.title)
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    peer.wait_contains("record", "title", "Offline: ");
    eventually("synced again", || join.status() == JoinStatus::Synced);
    join.leave().unwrap();
    assert_eq!(
        title_of(&plan),
        format!("Offline: {TITLE} [while B was down]")
    );
}

/// The desktop's "Connect to the district's server": the same `join_session` as joining a
/// retreat, with the server's link and a token instead of a code.
#[test]
fn the_desktop_connects_to_the_district_server_with_a_token_and_a_wrong_one_is_one_line() {
    use throughline_app::desktop::{DesktopHome, DesktopSession, JoinRequest};
    let dir = tempfile::tempdir().unwrap();
    let district = District::new(dir.path());
    let a = district.instance("a", 0);
    let (plan, id) = new_plan(dir.path());
    let up = district_address(&a.url(&id), EDITOR_TOKEN).unwrap();
    assert_eq!(sync_with(&plan, "Ana", &up, WAIT).unwrap().refused, None);

    let mut ben = DesktopSession::new(
        DesktopHome::at(&dir.path().join("plans"), &dir.path().join("data")),
        "Ben Okafor",
        None,
    );
    let request = |token: &str| JoinRequest {
        address: a.url(&id),
        plan_id: None,
        code: String::new(),
        name: None,
        token: Some(token.to_owned()),
    };
    let wrong = ben.join_session(request("not-a-token")).unwrap_err();
    let said = wrong.message;
    assert!(said.contains("refused the token"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        !dir.path()
            .join("plans")
            .join(format!("{id}.throughline"))
            .exists(),
        "a refused join leaves no copy behind"
    );

    let opened = ben.join_session(request(EDITOR_TOKEN)).unwrap();
    assert_eq!(opened.title, TITLE);
    assert_eq!(opened.plan_id, id);
}
