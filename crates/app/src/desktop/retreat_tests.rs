//! Tests of retreat mode through `DesktopSession`: hosting, joining, leaving and what each laptop sees.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use yrs::updates::decoder::Decode;
use yrs::{GetString, Map, Out, ReadTxn, Transact, Update};

use super::*;

pub(super) fn session_of(dir: &Path, author: &str) -> DesktopSession {
    DesktopSession::new(
        DesktopHome::at(&dir.join("plans"), &dir.join("data")),
        author,
        None,
    )
}

pub(super) fn new_plan(s: &mut DesktopSession, dir: &Path) -> OpenedPlan {
    s.create_plan(NewPlanRequest {
        folder: dir.join("plans").to_string_lossy().into_owned(),
        file_name: "Riverside".into(),
        template: "dsdp".into(),
        title: "Riverside redesign".into(),
        district: "Riverside USD".into(),
    })
    .unwrap()
}

/// The UI's copy of the plan, kept up to date by `catch_up` as the workspace does.
struct UiCopy(yrs::Doc);

impl UiCopy {
    fn of(opened: &OpenedPlan) -> UiCopy {
        let doc = yrs::Doc::with_options(yrs::Options {
            offset_kind: yrs::OffsetKind::Utf16,
            ..yrs::Options::default()
        });
        doc.transact_mut()
            .apply_update(Update::decode_v1(&opened.state).unwrap())
            .unwrap();
        UiCopy(doc)
    }

    /// Catches up once; true if anything came.
    fn catch_up(&self, s: &mut DesktopSession) -> bool {
        let sv = self.0.transact().state_vector().encode_v1();
        match s.catch_up(&sv).unwrap() {
            Some(update) => {
                self.0
                    .transact_mut()
                    .apply_update(Update::decode_v1(&update).unwrap())
                    .unwrap();
                true
            }
            None => false,
        }
    }

    fn vision(&self) -> String {
        let txn = self.0.transact();
        let vision = txn.get_map("vision").unwrap();
        match vision.get(&txn, "statement") {
            Some(Out::YText(t)) => t.get_string(&txn),
            _ => panic!("the vision's statement is a Y.Text"),
        }
    }

    /// Deletes from the vision and returns the update the UI sends to Rust.
    fn delete_vision(&self, at: u32, len: u32) -> Vec<u8> {
        let mut txn = self.0.transact_mut();
        let vision = txn.get_map("vision").unwrap();
        let Some(Out::YText(t)) = vision.get(&txn, "statement") else {
            panic!("the vision's statement is a Y.Text");
        };
        yrs::Text::remove_range(&t, &mut txn, at, len);
        txn.encode_update_v1()
    }

    /// Types at the start of the vision and returns the update the UI sends to Rust.
    fn type_vision(&self, words: &str) -> Vec<u8> {
        let mut txn = self.0.transact_mut();
        let vision = txn.get_map("vision").unwrap();
        let Some(Out::YText(t)) = vision.get(&txn, "statement") else {
            panic!("the vision's statement is a Y.Text");
        };
        yrs::Text::insert(&t, &mut txn, 0, words);
        txn.encode_update_v1()
    }
}

use yrs::updates::encoder::Encode;

/// Waits, boundedly, until `arrived` holds: the network delivers in its own time.
pub(super) fn eventually(what: &str, mut arrived: impl FnMut() -> bool) {
    for _ in 0..400 {
        if arrived() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("{what} never happened");
}

/// The editor's link, pointed at this machine's loopback (tests never leave it).
fn loopback_link(view: &HostingView, role: &str) -> String {
    let port = view.address.rsplit(':').next().unwrap();
    let link = view.links.iter().find(|l| l.role == role).unwrap();
    let rest = link.url.strip_prefix("wss://").unwrap();
    let path = &rest[rest.find('/').unwrap()..];
    format!("wss://127.0.0.1:{port}{path}")
}

/// Joins with the editor's whole link (it carries the plan id and the code).
pub(super) fn join_as_editor(s: &mut DesktopSession, hosting: &HostingView) -> OpenedPlan {
    s.join_session(JoinRequest {
        address: loopback_link(hosting, "editor"),
        plan_id: None,
        code: String::new(),
        name: None,
        token: None,
    })
    .unwrap()
}

#[test]
fn export_writes_the_document_and_a_bad_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session_of(dir.path(), "Ana Ruiz");
    new_plan(&mut s, dir.path());
    let path = dir.path().join("plans").join("riverside.docx");
    let saved = s
        .export_plan(ExportRequest {
            format: ExportFormat::Docx,
            version: None,
            include_findings: true,
            lens: None,
            profile: None,
            path: path.to_string_lossy().into_owned(),
            replace: false,
        })
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    assert_eq!(saved.bytes as usize, bytes.len());
    assert_eq!(saved.path, path.to_string_lossy());

    let nowhere = dir.path().join("no such folder").join("plan.md");
    let e = s
        .export_plan(ExportRequest {
            format: ExportFormat::Markdown,
            version: None,
            include_findings: false,
            lens: None,
            profile: None,
            path: nowhere.to_string_lossy().into_owned(),
            replace: false,
        })
        .unwrap_err();
    assert_eq!(e.kind, UiErrorKind::NotFound);
    assert!(e.message.contains("no such folder"), "{}", e.message);
    assert!(!nowhere.parent().unwrap().exists());

    let e = s
        .export_plan(ExportRequest {
            format: ExportFormat::Html,
            version: Some("Adopted".into()),
            include_findings: false,
            lens: None,
            profile: None,
            path: dir
                .path()
                .join("adopted.html")
                .to_string_lossy()
                .into_owned(),
            replace: false,
        })
        .unwrap_err();
    assert_eq!(e.kind, UiErrorKind::NotFound, "{}", e.message);
    assert!(!dir.path().join("adopted.html").exists());
}

#[test]
fn a_hosted_plan_and_a_joined_laptop_see_each_others_typing_and_whereabouts() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    let opened_a = new_plan(&mut a, dir_a.path());
    let ui_a = UiCopy::of(&opened_a);

    let hosting = a.host_plan().unwrap();
    let roles: Vec<&str> = hosting.links.iter().map(|l| l.role.as_str()).collect();
    assert_eq!(roles, ["editor", "reviewer", "viewer"]);
    for link in &hosting.links {
        assert_eq!(link.code.len(), 9, "spoken as 4821-0937: {}", link.code);
        assert!(link.url.contains(&opened_a.plan_id));
    }
    assert!(matches!(
        a.session().unwrap(),
        SessionView::Hosting {
            connection: Connection::Online,
            ..
        }
    ));
    // Typing still works on the host, through the host.
    assert!(a
        .receive_update(&ui_a.type_vision("Every child reads. "))
        .unwrap());

    let mut b = session_of(dir_b.path(), "Ben Okafor");
    let opened_b = join_as_editor(&mut b, &hosting);
    assert_eq!(opened_b.plan_id, opened_a.plan_id);
    assert_eq!(opened_b.title, "Riverside redesign");
    let copy = dir_b
        .path()
        .join("plans")
        .join(format!("{}.throughline", opened_a.plan_id));
    assert_eq!(
        Path::new(&opened_b.path),
        copy,
        "one local copy per plan id"
    );
    let ui_b = UiCopy::of(&opened_b);
    assert_eq!(ui_b.vision(), "Every child reads. ");

    // B types; A's UI catches up with it. A types; B's UI catches up.
    assert!(b.receive_update(&ui_b.type_vision("Ben: ")).unwrap());
    eventually("B's typing reaching A's UI", || {
        ui_a.catch_up(&mut a);
        ui_a.vision().starts_with("Ben: ")
    });
    assert!(a.receive_update(&ui_a.type_vision("Ana: ")).unwrap());
    eventually("A's typing reaching B's UI", || {
        ui_b.catch_up(&mut b);
        ui_b.vision() == "Ana: Ben: Every child reads. "
    });
    ui_a.catch_up(&mut a);
    assert!(!ui_a.catch_up(&mut a), "nothing new since: nothing sent");

    // A deletion alone moves no state vector; it reaches the other UI all the same.
    assert!(b.receive_update(&ui_b.delete_vision(0, 5)).unwrap());
    eventually("B's deletion reaching A's UI", || {
        ui_a.catch_up(&mut a);
        ui_a.vision() == "Ben: Every child reads. "
    });

    b.set_section(Some("vision".into())).unwrap();
    eventually("B's section shown on A", || match a.session().unwrap() {
        SessionView::Hosting { people, .. } => people
            .iter()
            .any(|p| p.name == "Ben Okafor" && p.section.as_deref() == Some("vision")),
        _ => false,
    });
    match b.session().unwrap() {
        SessionView::Joined {
            connection, host, ..
        } => {
            assert_eq!(connection, Connection::Online);
            assert!(host.starts_with("wss://127.0.0.1:"), "{host}");
        }
        other => panic!("B is joined: {other:?}"),
    }

    // Leaving keeps B's copy open alone, with everything in it.
    b.leave_session().unwrap();
    assert_eq!(b.session().unwrap(), SessionView::Alone);
    assert!(b.receive_update(&ui_b.type_vision("Later: ")).unwrap());
    a.stop_hosting().unwrap();
    assert_eq!(a.session().unwrap(), SessionView::Alone);
    let e = a.stop_hosting().unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid);
}

#[test]
fn a_wrong_code_is_refused_and_changes_nothing() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    let opened_a = new_plan(&mut a, dir_a.path());
    let hosting = a.host_plan().unwrap();
    let port = hosting.address.rsplit(':').next().unwrap();

    let mut b = session_of(dir_b.path(), "Ben Okafor");
    let own = new_plan(&mut b, dir_b.path());
    let right = &hosting.links[0].code;
    let wrong = if right.starts_with('1') {
        "2222-2222"
    } else {
        "1111-1111"
    };
    let e = b
        .join_session(JoinRequest {
            address: format!("127.0.0.1:{port}"),
            plan_id: Some(opened_a.plan_id.clone()),
            code: wrong.into(),
            name: None,
            token: None,
        })
        .unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid);
    assert!(e.message.contains("code"), "{}", e.message);
    assert!(!dir_b
        .path()
        .join("plans")
        .join(format!("{}.throughline", opened_a.plan_id))
        .exists());
    // B's own plan is open again, alone, as it was.
    assert_eq!(b.session().unwrap(), SessionView::Alone);
    assert_eq!(b.versions().unwrap().len(), 0);
    let again = b.open_plan(&own.path).unwrap();
    assert_eq!(again.plan_id, own.plan_id);

    // A typed address carries no plan id: the host is asked for it, with the code. Nobody
    // answers at port 1; at the host, a wrong code learns nothing.
    let e = b
        .join_session(JoinRequest {
            address: "127.0.0.1:1".into(),
            plan_id: None,
            code: right.clone(),
            name: None,
            token: None,
        })
        .unwrap_err();
    assert!(
        e.message
            .contains("no Throughline host answers at 127.0.0.1:1"),
        "{}",
        e.message
    );
    let e = b
        .join_session(JoinRequest {
            address: format!("127.0.0.1:{port}"),
            plan_id: None,
            code: wrong.into(),
            name: None,
            token: None,
        })
        .unwrap_err();
    assert!(e.message.contains("refused the join code"), "{}", e.message);
    assert_eq!(b.session().unwrap(), SessionView::Alone);

    // The address and the code as the host's screen shows them are enough (no announcement
    // needed, as where multicast is blocked).
    let joined = b
        .join_session(JoinRequest {
            address: format!("127.0.0.1:{port}"),
            plan_id: None,
            code: right.clone(),
            name: None,
            token: None,
        })
        .unwrap();
    assert_eq!(joined.plan_id, opened_a.plan_id);
    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
}

#[test]
fn when_the_usual_port_is_taken_the_host_uses_a_free_one_and_people_still_join() {
    // Another app (or a second hosted plan) holds the usual port. If it is held already, by
    // whatever, the bind fails and the port is just as taken.
    let _taken = std::net::TcpListener::bind(("0.0.0.0", crate::retreat::DEFAULT_PORT));
    assert!(
        std::net::TcpListener::bind(("0.0.0.0", crate::retreat::DEFAULT_PORT)).is_err(),
        "the usual port is held"
    );
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    let opened_a = new_plan(&mut a, dir_a.path());
    let hosting = a.host_plan().unwrap();
    let port: u16 = hosting.address.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, crate::retreat::DEFAULT_PORT);
    assert!(
        hosting
            .links
            .iter()
            .all(|l| l.url.contains(&format!(":{port}/"))),
        "every link names the port in use: {:?}",
        hosting.links
    );
    let mut b = session_of(dir_b.path(), "Ben Okafor");
    let opened_b = join_as_editor(&mut b, &hosting);
    assert_eq!(opened_b.plan_id, opened_a.plan_id);
    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
}

/// The section's stage on this laptop's review board.
fn stage_of(s: &DesktopSession, section: Section) -> ReviewStage {
    let board = s.review_board().unwrap();
    board
        .sections
        .iter()
        .find(|v| v.section == section)
        .unwrap()
        .stage
}

/// Who said what first in every thread on this laptop's review board, sorted.
fn comments_on(s: &DesktopSession) -> Vec<String> {
    let mut bodies: Vec<String> = s
        .review_board()
        .unwrap()
        .threads
        .into_iter()
        .map(|t| format!("{}: {}", t.author, t.messages[0].body))
        .collect();
    bodies.sort();
    bodies
}

#[test]
fn comments_and_section_statuses_reach_every_laptop_whoever_makes_them() {
    // Seen on screen: a joined laptop showed Vision as "Draft" with no comments while the
    // host showed "Needs work" and one comment. Both ways: the host reviews, and so does a
    // laptop that joined; the host and both joined laptops see all of it.
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut host = session_of(dirs[0].path(), "Ana Ruiz");
    new_plan(&mut host, dirs[0].path());
    let hosting = host.host_plan().unwrap();
    let mut ben = session_of(dirs[1].path(), "Ben Okafor");
    join_as_editor(&mut ben, &hosting);
    // Cai joins with the reviewer's code: the plan's room is read-only to Cai, the review
    // room is not.
    let mut cai = session_of(dirs[2].path(), "Cai Lin");
    cai.join_session(JoinRequest {
        address: loopback_link(&hosting, "reviewer"),
        plan_id: None,
        code: String::new(),
        name: None,
        token: None,
    })
    .unwrap();

    host.comment(NewComment {
        on: CommentOn::Object {
            at: "vision".into(),
        },
        body: "Which students?".into(),
        asked: vec![],
    })
    .unwrap();
    host.set_section_status(Section::Vision, ReviewStage::NeedsWork, vec![])
        .unwrap();
    ben.comment(NewComment {
        on: CommentOn::Object {
            at: "vision".into(),
        },
        body: "Too many strategies.".into(),
        asked: vec![],
    })
    .unwrap();
    ben.set_section_status(Section::Strategies, ReviewStage::ReadyForReview, vec![])
        .unwrap();
    cai.comment(NewComment {
        on: CommentOn::Object {
            at: "vision".into(),
        },
        body: "Agreed.".into(),
        asked: vec![],
    })
    .unwrap();

    let everything = vec![
        "Ana Ruiz: Which students?".to_owned(),
        "Ben Okafor: Too many strategies.".to_owned(),
        "Cai Lin: Agreed.".to_owned(),
    ];
    for (who, laptop) in [("the host", &host), ("Ben", &ben), ("Cai", &cai)] {
        eventually(&format!("every comment and status reaching {who}"), || {
            comments_on(laptop) == everything
                && stage_of(laptop, Section::Vision) == ReviewStage::NeedsWork
                && stage_of(laptop, Section::Strategies) == ReviewStage::ReadyForReview
        });
    }
    assert!(
        matches!(
            cai.session().unwrap(),
            SessionView::Joined {
                connection: Connection::Online,
                refused: None,
                ..
            }
        ),
        "a reviewer's comment is no refused edit"
    );

    cai.leave_session().unwrap();
    ben.leave_session().unwrap();
    host.stop_hosting().unwrap();
    // Everything reached each laptop's own plan file, not just its memory.
    for laptop in [&host, &ben, &cai] {
        assert_eq!(comments_on(laptop), everything);
        assert_eq!(stage_of(laptop, Section::Vision), ReviewStage::NeedsWork);
        assert_eq!(
            stage_of(laptop, Section::Strategies),
            ReviewStage::ReadyForReview
        );
    }
}

/// What a laptop's UI is told, in order, as the shell's channel would carry it.
struct Told(std::sync::mpsc::Receiver<LiveNews>);

impl Told {
    fn listen(s: &mut DesktopSession) -> Told {
        let (tx, rx) = std::sync::mpsc::channel();
        s.live(move |news| {
            let _ = tx.send(news);
        })
        .unwrap();
        Told(rx)
    }

    /// The next news, waiting (boundedly) for it.
    fn next(&self, what: &str) -> LiveNews {
        self.0
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{what} was never pushed"))
    }

    /// Applies pushed updates to `ui` (and passes over other news) until `done` holds.
    fn until(&self, ui: &UiCopy, what: &str, done: impl Fn(&UiCopy) -> bool) {
        while !done(ui) {
            if let Some(update) = self.next(what).plan_update() {
                ui.apply(&update);
            }
        }
    }

    fn nothing_waiting(&self) -> Vec<LiveNews> {
        self.0.try_iter().collect()
    }
}

impl UiCopy {
    fn apply(&self, update: &[u8]) {
        self.0
            .transact_mut()
            .apply_update(Update::decode_v1(update).unwrap())
            .unwrap();
    }
}

#[test]
fn what_peers_do_is_pushed_to_the_ui_without_its_asking_and_nothing_else_is() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    let opened_a = new_plan(&mut a, dir_a.path());
    let ui_a = UiCopy::of(&opened_a);
    // A listens before hosting: the listener outlives the plan's reopening inside the host.
    let told_a = Told::listen(&mut a);
    let hosting = a.host_plan().unwrap();

    let mut b = session_of(dir_b.path(), "Ben Okafor");
    let opened_b = join_as_editor(&mut b, &hosting);
    let ui_b = UiCopy::of(&opened_b);
    let told_b = Told::listen(&mut b);

    // B types: A's UI is handed it, and never calls catch_up.
    assert!(b.receive_update(&ui_b.type_vision("Ben: ")).unwrap());
    told_a.until(&ui_a, "B's typing, to A", |ui| ui.vision() == "Ben: ");
    // A types: B's UI is handed it.
    assert!(a.receive_update(&ui_a.type_vision("Ana: ")).unwrap());
    told_b.until(&ui_b, "A's typing, to B", |ui| ui.vision() == "Ana: Ben: ");
    // A deletion moves no state vector; it is pushed all the same.
    assert!(b.receive_update(&ui_b.delete_vision(0, 5)).unwrap());
    told_a.until(&ui_a, "B's deletion, to A", |ui| ui.vision() == "Ben: ");

    // Who is where, and comments, are news too.
    b.set_section(Some("vision".into())).unwrap();
    while told_a.next("B's whereabouts, to A") != LiveNews::Session {}
    b.comment(NewComment {
        on: CommentOn::Object {
            at: "vision".into(),
        },
        body: "Which students?".into(),
        asked: vec![],
    })
    .unwrap();
    while told_a.next("B's comment, to A") != LiveNews::Review {}

    // Settled: a laptop's own changes are not echoed to its own UI, and a room where nothing
    // happens pushes nothing. The next news A hears is B's next keystroke, and only that.
    eventually("A's and B's news settling", || {
        told_a.nothing_waiting();
        told_b.nothing_waiting();
        a.session().is_ok_and(|v| match v {
            SessionView::Hosting { people, .. } => people
                .iter()
                .any(|p| p.section.as_deref() == Some("vision")),
            _ => false,
        })
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    told_a.nothing_waiting();
    assert!(a.receive_update(&ui_a.type_vision("own ")).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        told_a.nothing_waiting(),
        [],
        "nothing happened from elsewhere"
    );
    assert!(b.receive_update(&ui_b.type_vision("next ")).unwrap());
    let news = told_a.next("B's next keystroke");
    ui_a.apply(&news.plan_update().expect("B's keystroke is a plan update"));
    // B typed at the start of a copy that may not have A's word yet: either order merges.
    let vision = ui_a.vision();
    assert!(
        ["next own Ben: ", "own next Ben: "].contains(&vision.as_str()),
        "{vision}"
    );

    // Leaving is news on the host; after closing, nothing more is pushed to the old listener.
    b.leave_session().unwrap();
    while told_a.next("B leaving") != LiveNews::Session {}
    a.close_plan().unwrap();
    assert_eq!(told_a.nothing_waiting(), []);
}

#[test]
fn the_name_asked_on_first_launch_is_who_the_other_laptops_see() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let home = |dir: &Path| DesktopHome::at(&dir.join("plans"), &dir.join("data"));

    // First launch: nothing chosen yet, so the UI asks. A blank answer is refused and kept
    // nowhere; a real one is kept for the next launch.
    let mut a = DesktopSession::for_person(home(dir_a.path()), None);
    let blank = a.set_display_name("  \n ").unwrap_err();
    assert_eq!(blank.kind, UiErrorKind::Invalid);
    assert!(!dir_a.path().join("data").join("desktop.json").exists());
    let named = a.set_display_name(" Ana   Ruiz ").unwrap();
    assert_eq!(
        named,
        DisplayNameView {
            name: "Ana Ruiz".into(),
            chosen: true,
            offered: "Ana Ruiz".into(),
        }
    );
    let again = DesktopSession::for_person(home(dir_a.path()), None);
    assert_eq!(again.display_name(), named, "kept for the next launch");
    drop(again);

    new_plan(&mut a, dir_a.path());
    let hosting = a.host_plan().unwrap();
    // Ben says his name on the join screen.
    let mut b = DesktopSession::for_person(home(dir_b.path()), None);
    let opened_b = b
        .join_session(JoinRequest {
            address: loopback_link(&hosting, "editor"),
            plan_id: None,
            code: String::new(),
            name: Some("Ben Okafor".into()),
            token: None,
        })
        .unwrap();
    let ui_b = UiCopy::of(&opened_b);
    assert_eq!(b.display_name().name, "Ben Okafor");
    assert_eq!(opened_b.author, "Ben Okafor");
    b.comment(NewComment {
        on: CommentOn::Object {
            at: "vision".into(),
        },
        body: "Which students?".into(),
        asked: vec![],
    })
    .unwrap();
    b.set_section(Some("vision".into())).unwrap();
    a.set_section(Some("vision".into())).unwrap();

    eventually(
        "Ben's comment and presence reaching Ana, under his name",
        || {
            let here = match a.session().unwrap() {
                SessionView::Hosting { people, .. } => {
                    people.into_iter().map(|p| p.name).collect::<Vec<_>>()
                }
                _ => vec![],
            };
            comments_on(&a) == ["Ben Okafor: Which students?"]
                && here.contains(&"Ben Okafor".to_owned())
                && here.contains(&"Ana Ruiz".to_owned())
        },
    );
    // What he types is logged under his name (and the code he joined with) in the host's plan
    // file: the history says so.
    assert!(b
        .receive_update(&ui_b.type_vision("Ben's words. "))
        .unwrap());
    eventually("Ben's typing in Ana's history of the vision", || {
        a.section_history(Section::Vision)
            .unwrap()
            .entries
            .iter()
            .any(|line| line.author == "Ben Okafor (editor)")
    });
    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
}

/// A host relaying a room all day folds its log as a laptop alone does: what peers type is
/// saved by the session's own connection, which counts toward compaction too.
#[test]
fn a_host_folds_the_log_of_what_peers_typed() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = session_of(dir_a.path(), "Ana Ruiz");
    let opened_a = new_plan(&mut a, dir_a.path());
    let hosting = a.host_plan().unwrap();
    let mut b = session_of(dir_b.path(), "Ben Okafor");
    let opened_b = join_as_editor(&mut b, &hosting);
    let ui_b = UiCopy::of(&opened_b);
    for c in "Every child reads by third grade, and every family knows how. "
        .repeat(10)
        .chars()
    {
        assert!(b.receive_update(&ui_b.type_vision(&c.to_string())).unwrap());
    }
    let host_file = || {
        throughline_store::PlanFile::open_read_only(Path::new(&opened_a.path))
            .unwrap()
            .stats()
            .unwrap()
    };
    eventually("the host to fold what Ben typed into a snapshot", || {
        host_file().snapshot_upto_seq > 0
    });
    let host_vision = || {
        crate::OpenPlan::open_read_only(Path::new(&opened_a.path))
            .unwrap()
            .content()
            .vision
            .statement
    };
    // Nothing was lost in the folding: the host's file alone holds every keystroke.
    eventually("every keystroke of Ben's in the host's file", || {
        host_vision() == ui_b.vision()
    });
    let stats = host_file();
    assert!(stats.log_rows < 500, "{stats:?}");
    b.leave_session().unwrap();
    a.stop_hosting().unwrap();
    assert_eq!(host_vision(), ui_b.vision());
}
