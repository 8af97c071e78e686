//! A breakout table on a laptop alone, several people's edits, brought back to the room as a
//! bundle through `state`, `bundle` and `merge`: the digest names each person and the table.

use std::path::Path;

use serde_json::json;

use super::run::{ok, refused};
use throughline_app::OpenPlan;
use throughline_plan::PlanCommand;

fn edit(plan: &Path, author: &str, command: PlanCommand) {
    let mut open = OpenPlan::open(plan, author).unwrap();
    open.apply(&command).unwrap();
    open.close().unwrap();
}

fn add(to: &str, field: &str, text: &str) -> PlanCommand {
    PlanCommand::Add {
        to: to.into(),
        fields: json!({ field: text }).as_object().cloned().unwrap(),
        after: None,
    }
}

#[test]
fn a_table_apart_comes_back_as_a_bundle_and_the_digest_names_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "room.throughline", "--demo"]);
    ok(
        d,
        &["version", "room.throughline", "--label", "Before breakouts"],
    );
    // Table 2 takes the plan on a laptop alone: a plain copy of the file.
    std::fs::copy(d.join("room.throughline"), d.join("table.throughline")).unwrap();
    let table = d.join("table.throughline");
    edit(
        &table,
        "Ana Ruiz",
        add("root_causes", "statement", "Tier 2 time is unprotected"),
    );
    edit(
        &table,
        "Ben Okafor",
        add("strategies", "name", "Protected intervention block"),
    );
    edit(
        &d.join("room.throughline"),
        "Cleo Park",
        add("problems", "statement", "Chronic absence is rising"),
    );

    // The room says what it holds; the table bundles exactly what the room lacks.
    assert_eq!(
        ok(d, &["state", "room.throughline", "-o", "room.state"]),
        "wrote what room.throughline holds to room.state\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "bundle",
                "table.throughline",
                "--for",
                "room.state",
                "--table",
                "Table 2",
                "-o",
                "table-2.bundle"
            ]
        ),
        "wrote 2 plan changes and 0 review changes from Table 2 to table-2.bundle\n"
    );
    let merged = ok(
        d,
        &[
            "--author",
            "Facilitator",
            "merge",
            "room.throughline",
            "table-2.bundle",
        ],
    );
    assert!(
        merged.ends_with("by Ana Ruiz (Table 2), Ben Okafor (Table 2)\n"),
        "{merged}"
    );
    let digest = ok(
        d,
        &["digest", "room.throughline", "--since", "Before breakouts"],
    );
    println!("{digest}");
    for (person, change) in [
        ("Ana Ruiz (Table 2)", "Tier 2 time is unprotected"),
        ("Ben Okafor (Table 2)", "Protected intervention block"),
        ("Cleo Park", "Chronic absence is rising"),
    ] {
        let section = digest
            .split("\n\n")
            .find(|s| s.starts_with(&format!("{person}\n")))
            .unwrap_or_else(|| panic!("{person} is not in the digest: {digest}"));
        assert!(section.contains(change), "{person}: {section}");
    }
    assert!(!digest.contains("Facilitator"), "{digest}");

    // Merging twice changes nothing; nor does the table's own file after its bundle.
    let json = ok(d, &["show", "room.throughline", "--json"]);
    assert!(
        ok(d, &["merge", "room.throughline", "table-2.bundle"]).contains("already has everything")
    );
    assert!(ok(
        d,
        &[
            "merge",
            "room.throughline",
            "table.throughline",
            "--table",
            "Table 2"
        ]
    )
    .contains("already has everything"));
    assert_eq!(ok(d, &["show", "room.throughline", "--json"]), json);

    // A damaged bundle, a state file, and an existing output are refused in one line.
    let mut damaged = std::fs::read(d.join("table-2.bundle")).unwrap();
    let at = damaged.len() - 5;
    damaged[at] ^= 1;
    std::fs::write(d.join("damaged.bundle"), damaged).unwrap();
    assert!(refused(d, &["merge", "room.throughline", "damaged.bundle"])
        .contains("damaged.bundle: is a damaged bundle"));
    assert!(refused(d, &["merge", "room.throughline", "room.state"]).contains("is a state file"));
    assert!(
        refused(d, &["bundle", "table.throughline", "-o", "table-2.bundle"])
            .contains("refusing to overwrite")
    );
    assert!(refused(
        d,
        &[
            "bundle",
            "table.throughline",
            "--for",
            "table-2.bundle",
            "-o",
            "x.bundle"
        ]
    )
    .contains("not a state file"));
    assert!(!d.join("x.bundle").exists());
    assert_eq!(ok(d, &["show", "room.throughline", "--json"]), json);
}
