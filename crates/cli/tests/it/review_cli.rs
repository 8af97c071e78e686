//! `compare`, `sign` and `signoffs` driven as a person would, on the demo plan.

use std::path::Path;

use serde_json::json;

use super::run::{ok, refused};
use throughline_app::OpenPlan;
use throughline_plan::PlanCommand;

/// The demo plan with two versions: "Draft for cabinet", then edits, "Board first reading".
fn demo_with_versions(d: &Path) {
    ok(d, &["new", "demo.throughline", "--demo"]);
    ok(
        d,
        &[
            "version",
            "demo.throughline",
            "--label",
            "Draft for cabinet",
        ],
    );
    let mut open = OpenPlan::open(&d.join("demo.throughline"), "Ana Ruiz").unwrap();
    let content = open.content();
    let vision = content.vision.statement.clone();
    let at = vision.find("read").unwrap_or(0) as u32;
    open.apply(&PlanCommand::EditText {
        at: "vision".into(),
        field: "statement".into(),
        index: at,
        delete: 0,
        insert: "truly ".into(),
    })
    .unwrap();
    let strategy = &content.strategies[0];
    open.apply(&PlanCommand::Set {
        at: format!("strategies/{}", strategy.id),
        field: "name".into(),
        value: json!(format!("{} (phase one)", strategy.name)),
    })
    .unwrap();
    let last = content.ledger.last().unwrap();
    open.apply(&PlanCommand::Remove {
        at: format!("ledger/{}", last.id),
    })
    .unwrap();
    open.close().unwrap();
    ok(
        d,
        &[
            "version",
            "demo.throughline",
            "--label",
            "Board first reading",
        ],
    );
}

#[test]
fn compare_prints_a_readable_redline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_with_versions(d);
    let redline = ok(
        d,
        &[
            "compare",
            "demo.throughline",
            "Draft for cabinet",
            "Board first reading",
        ],
    );
    insta::assert_snapshot!("compare_versions", redline);
    assert_eq!(
        ok(
            d,
            &[
                "compare",
                "demo.throughline",
                "Board first reading",
                "current"
            ]
        ),
        "\"Board first reading\" and the current draft say the same thing.\n"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        d,
        &[
            "compare",
            "demo.throughline",
            "Draft for cabinet",
            "current",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(json["from"], "\"Draft for cabinet\"");
    assert_eq!(json["to"], "the current draft");
    assert!(json["sections"].as_array().unwrap().len() >= 3);
    let err = refused(d, &["compare", "demo.throughline", "Nope", "current"]);
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn compare_writes_a_redline_document() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_with_versions(d);
    let args = |format: &'static str, out: &'static str| {
        [
            "compare",
            "demo.throughline",
            "Draft for cabinet",
            "Board first reading",
            "--format",
            format,
            "-o",
            out,
        ]
    };
    let said = ok(d, &args("html", "changes.html"));
    assert!(said.starts_with("wrote changes.html ("), "{said}");
    let html = std::fs::read_to_string(d.join("changes.html")).unwrap();
    assert!(html.contains("<ins>truly </ins>"), "{html}");
    assert!(html.contains("(phase one)"));
    ok(d, &args("docx", "changes.docx"));
    assert!(std::fs::read(d.join("changes.docx"))
        .unwrap()
        .starts_with(b"PK"));
    let err = refused(d, &args("rtf", "changes.rtf"));
    assert!(err.contains("rtf"), "{err}");
    assert!(!d.join("changes.rtf").exists());
}

#[test]
fn sign_and_signoffs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_with_versions(d);
    assert_eq!(
        ok(d, &["signoffs", "demo.throughline"]),
        "no sign-offs yet (sign with `throughline sign PLAN --version LABEL --name NAME --role ROLE`)\n"
    );
    let signed = ok(
        d,
        &[
            "sign",
            "demo.throughline",
            "--version",
            "Draft for cabinet",
            "--name",
            "Dr. Ana Ruiz",
            "--role",
            "Superintendent",
        ],
    );
    assert!(
        signed.starts_with("Dr. Ana Ruiz (Superintendent) signed \"Draft for cabinet\" (content "),
        "{signed}"
    );
    let listed = ok(d, &["signoffs", "demo.throughline"]);
    let fields: Vec<&str> = listed.trim_end().split('\t').collect();
    assert_eq!(fields[0], "\"Draft for cabinet\"");
    assert_eq!(fields[1], "Dr. Ana Ruiz (Superintendent)");
    // The draft moved on after the signed version: the sign-off says where, and stays put.
    assert!(fields[3].starts_with("verified ("), "{listed}");
    assert!(
        fields[3].contains("the current draft differs in: "),
        "{listed}"
    );
    assert!(fields[3].contains("Vision"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["signoffs", "demo.throughline", "--json"])).unwrap();
    assert_eq!(json[0]["state"], "verified");

    let before = std::fs::read(d.join("demo.throughline")).unwrap();
    assert!(refused(
        d,
        &[
            "sign",
            "demo.throughline",
            "--version",
            "Nope",
            "--name",
            "A",
            "--role",
            "B"
        ]
    )
    .contains("Nope"));
    assert!(refused(
        d,
        &[
            "sign",
            "demo.throughline",
            "--version",
            "Draft for cabinet",
            "--name",
            " ",
            "--role",
            "B"
        ]
    )
    .contains("name"));
    assert_eq!(std::fs::read(d.join("demo.throughline")).unwrap(), before);
}

#[test]
fn a_tampered_version_shows_as_not_valid() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_with_versions(d);
    ok(
        d,
        &[
            "sign",
            "demo.throughline",
            "--version",
            "Board first reading",
            "--name",
            "Board chair",
            "--role",
            "Chair",
        ],
    );
    // Someone with an SQLite shell edits the signed version behind Throughline's back.
    let raw = rusqlite::Connection::open(d.join("demo.throughline")).unwrap();
    raw.execute_batch("DROP TRIGGER versions_no_update")
        .unwrap();
    raw.execute(
        "UPDATE versions SET content = replace(content, 'phase one', 'phase two')
         WHERE label = 'Board first reading'",
        [],
    )
    .unwrap();
    // A careless edit leaves the row's checksum behind: the file reads as damaged, by name.
    let named = refused(d, &["signoffs", "demo.throughline"]);
    assert!(
        named.contains("the plan file is damaged: 1 of 2 named versions"),
        "{named}"
    );
    // One who knows the format rewrites the checksum too; the version's own content hash,
    // which the sign-off is bound to, still gives the edit away.
    throughline_store::register_checksum(&raw).unwrap();
    raw.execute(
        "UPDATE versions SET sum = throughline_sum('versions', label, author, at_ms, state,
                                                   state_hash, content, content_hash)
         WHERE label = 'Board first reading'",
        [],
    )
    .unwrap();
    drop(raw);
    let listed = ok(d, &["signoffs", "demo.throughline"]);
    assert!(
        listed.contains("NOT VALID: the signed version was altered outside Throughline"),
        "{listed}"
    );
    assert!(refused(
        d,
        &[
            "compare",
            "demo.throughline",
            "Board first reading",
            "current"
        ]
    )
    .contains("altered outside Throughline"));
}

#[test]
fn history_and_digest_say_who_changed_what() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    demo_with_versions(d);

    let vision = ok(d, &["history", "demo.throughline", "--section", "vision"]);
    println!("{vision}");
    assert!(vision.starts_with("## Vision\n"), "{vision}");
    let ana: Vec<&str> = vision
        .lines()
        .filter(|l| l.contains("  Ana Ruiz  "))
        .collect();
    assert_eq!(
        ana.len(),
        1,
        "one run of Ana's typing is one line: {vision}"
    );
    assert!(ana[0].contains("changed vision"), "{}", ana[0]);
    assert!(ana[0].contains("UTC"), "{}", ana[0]);

    let every = ok(d, &["history", "demo.throughline"]);
    println!("{every}");
    assert!(
        every.contains("## Vision\n") && every.contains("## Resource plan\n"),
        "{every}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["history", "demo.throughline", "--json"])).unwrap();
    let ledger = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "ledger")
        .unwrap();
    assert!(
        ledger["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["author"] == "Ana Ruiz" && e["kind"] == "removed"),
        "{ledger}"
    );

    let digest = ok(
        d,
        &["digest", "demo.throughline", "--since", "Draft for cabinet"],
    );
    println!("{digest}");
    assert!(
        digest.starts_with("Since \"Draft for cabinet\":\n\nAna Ruiz\n"),
        "{digest}"
    );
    assert!(
        digest.contains("  Vision: changed vision (Statement)\n"),
        "{digest}"
    );
    assert!(digest.contains(": changed strategy"), "{digest}");
    assert!(digest.contains(": removed "), "{digest}");
    assert_eq!(
        ok(
            d,
            &[
                "digest",
                "demo.throughline",
                "--since",
                "Board first reading"
            ]
        ),
        "Nothing has changed since \"Board first reading\".\n"
    );

    let err = refused(d, &["history", "demo.throughline", "--section", "visoin"]);
    assert!(
        err.contains("visoin") && err.contains("theory_of_action"),
        "{err}"
    );
    let err = refused(d, &["digest", "demo.throughline", "--since", "Nope"]);
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn status_sets_and_lists_review_status_and_marks_a_stale_approval() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    let listed = ok(d, &["status", "demo.throughline"]);
    assert!(
        listed.starts_with("District leadership team: draft\n"),
        "{listed}"
    );
    assert!(listed.contains("\nVision: draft\n"), "{listed}");

    let listed = ok(
        d,
        &[
            "status",
            "demo.throughline",
            "--section",
            "ledger",
            "--set",
            "ready_for_review",
            "--ask",
            "Dr. Ruiz",
        ],
    );
    assert!(
        listed.contains("Resource plan: ready for review, marked by Test Facilitator, "),
        "{listed}"
    );
    assert!(listed.contains("; reviewers: Dr. Ruiz\n"), "{listed}");
    let listed = ok(
        d,
        &[
            "status",
            "demo.throughline",
            "--section",
            "vision",
            "--set",
            "approved",
        ],
    );
    let vision = listed.lines().find(|l| l.starts_with("Vision:")).unwrap();
    assert!(
        vision.starts_with("Vision: approved by Test Facilitator, "),
        "{vision}"
    );
    assert!(!vision.contains("CHANGED"), "{vision}");

    // Someone edits the vision after it was approved: the listing says the approval no longer
    // covers it; the other sections are untouched.
    let mut open = OpenPlan::open(&d.join("demo.throughline"), "Ana Ruiz").unwrap();
    open.apply(&PlanCommand::EditText {
        at: "vision".into(),
        field: "statement".into(),
        index: 0,
        delete: 0,
        insert: "By 2030, ".into(),
    })
    .unwrap();
    open.close().unwrap();
    let listed = ok(d, &["status", "demo.throughline"]);
    let vision = listed.lines().find(|l| l.starts_with("Vision:")).unwrap();
    assert!(
        vision.ends_with("; CHANGED SINCE, so the approval does not cover what it says now"),
        "{vision}"
    );
    assert_eq!(listed.matches("CHANGED SINCE").count(), 1, "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["status", "demo.throughline", "--json"])).unwrap();
    let vision = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "vision")
        .unwrap();
    assert_eq!(vision["status"], "approved");
    assert_eq!(vision["changed_since_approval"], true);

    // Bad input is refused, naming what is allowed, and changes nothing.
    let before = ok(d, &["status", "demo.throughline", "--json"]);
    let e = refused(
        d,
        &[
            "status",
            "demo.throughline",
            "--section",
            "vision",
            "--set",
            "done",
        ],
    );
    assert!(
        e.contains("the statuses are draft, ready_for_review, needs_work, approved"),
        "{e}"
    );
    let e = refused(
        d,
        &[
            "status",
            "demo.throughline",
            "--section",
            "visions",
            "--set",
            "approved",
        ],
    );
    assert!(e.contains("no section `visions`"), "{e}");
    assert_eq!(ok(d, &["status", "demo.throughline", "--json"]), before);
}
