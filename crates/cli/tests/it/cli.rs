//! The `throughline` binary driven as a person or a script would.

use std::path::Path;
use std::process::{Command, Output};

fn throughline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .current_dir(dir)
        .env("THROUGHLINE_AUTHOR", "Test Facilitator")
        .env("THROUGHLINE_TEMPLATES", dir.join("templates"))
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = throughline(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A refusal: exit 1, exactly one line on stderr naming the problem, nothing on stdout, no panic.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = throughline(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: not one line: {stderr}"
    );
    assert!(stderr.starts_with("throughline: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

#[test]
fn templates_lists_ids_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["templates"]);
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        ids,
        [
            "dsdp",
            "nep",
            "ers",
            "rounds",
            "instll",
            "improvement-science"
        ]
    );
}

#[test]
fn a_facilitators_template_is_listed_and_a_bad_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("templates");
    std::fs::create_dir(&folder).unwrap();
    let own = throughline_plan::template::builtin_source("dsdp")
        .unwrap()
        .replacen("id = \"dsdp\"", "id = \"our-program\"", 1);
    assert!(own.contains("our-program"));
    std::fs::write(folder.join("ours.toml"), own).unwrap();
    std::fs::write(folder.join("broken.toml"), "id = \"x\"\nname = 3\n").unwrap();
    let out = throughline(dir.path(), &["templates"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l.starts_with("our-program ")),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("broken.toml"), "{stderr}");
    assert!(stderr.contains("name"), "{stderr}");
    ok(
        dir.path(),
        &["new", "p.throughline", "--template", "our-program"],
    );
}

#[test]
fn a_plan_from_a_template_shows_checks_and_versions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ok(
        d,
        &[
            "new",
            "p.throughline",
            "--template",
            "nep",
            "--title",
            "Equity plan",
            "--district",
            "Cedar Hollow USD",
        ],
    );
    assert_eq!(out, "created p.throughline (Equity plan)\n");
    let shown = ok(d, &["show", "p.throughline"]);
    assert!(shown.starts_with("Equity plan\n==========="), "{shown}");
    assert!(shown.contains("District: Cedar Hollow USD"));
    let findings: serde_json::Value =
        serde_json::from_str(&ok(d, &["check", "p.throughline", "--json"])).unwrap();
    assert!(findings.is_array());
    assert_eq!(
        ok(d, &["versions", "p.throughline"]),
        "no named versions yet (name one with `throughline version PLAN --label TEXT`)\n"
    );
    let saved = ok(
        d,
        &["version", "p.throughline", "--label", "Draft for cabinet"],
    );
    assert!(
        saved.starts_with("saved version \"Draft for cabinet\" ("),
        "{saved}"
    );
    let listed = ok(d, &["versions", "p.throughline"]);
    let fields: Vec<&str> = listed.trim_end().split('\t').collect();
    assert_eq!(fields[0], "Draft for cabinet");
    assert_eq!(fields[2], "Test Facilitator");
    let err = refused(
        d,
        &["version", "p.throughline", "--label", "Draft for cabinet"],
    );
    assert!(err.contains("Draft for cabinet"), "{err}");
}

#[test]
fn show_json_round_trips_through_new_from_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "new",
            "a.throughline",
            "--template",
            "dsdp+improvement-science",
            "--title",
            "T",
        ],
    );
    let json = ok(d, &["show", "a.throughline", "--json"]);
    std::fs::write(d.join("a.json"), &json).unwrap();
    ok(d, &["new", "b.throughline", "--from-json", "a.json"]);
    assert_eq!(ok(d, &["show", "b.throughline", "--json"]), json);
    assert_eq!(
        ok(d, &["show", "b.throughline"]),
        ok(d, &["show", "a.throughline"])
    );
}

#[test]
fn merge_brings_in_a_copy_and_refuses_another_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "a.throughline", "--template", "ers"]);
    std::fs::copy(d.join("a.throughline"), d.join("copy.throughline")).unwrap();
    assert!(
        ok(d, &["merge", "a.throughline", "copy.throughline"]).contains("already has everything")
    );
    ok(d, &["new", "other.throughline", "--template", "ers"]);
    let err = refused(d, &["merge", "a.throughline", "other.throughline"]);
    assert!(err.contains("different plan"), "{err}");
}

#[test]
fn mistakes_get_one_clear_line_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "p.throughline", "--template", "dsdp"]);
    let before = std::fs::read(d.join("p.throughline")).unwrap();

    assert!(refused(d, &["new", "p.throughline", "--template", "dsdp"])
        .contains("refusing to overwrite"));
    assert!(refused(d, &["new", "q.throughline", "--template", "nope"]).contains("nope"));
    assert!(refused(d, &["new", "q.throughline"]).contains("--template"));
    assert!(refused(d, &["show", "missing.throughline"]).contains("no such plan file"));
    std::fs::write(d.join("notes.txt"), "not a plan").unwrap();
    assert!(refused(d, &["show", "notes.txt"]).contains("not a Throughline plan file"));
    std::fs::write(
        d.join("bad.json"),
        "{\"format\": 1, \"record\": {\"title\": 5}}",
    )
    .unwrap();
    assert!(refused(d, &["new", "q.throughline", "--from-json", "bad.json"]).contains("bad.json"));
    std::fs::write(d.join("newer.json"), "{\"format\": 99}").unwrap();
    refused(d, &["new", "q.throughline", "--from-json", "newer.json"]);
    refused(d, &["new", "q.throughline", "--from-json", "absent.json"]);
    refused(d, &["merge", "p.throughline", "notes.txt"]);
    assert!(!d.join("q.throughline").exists());

    assert_eq!(std::fs::read(d.join("p.throughline")).unwrap(), before);
    assert_eq!(std::fs::read(d.join("notes.txt")).unwrap(), b"not a plan");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = throughline(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = throughline(dir.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().contains("templates"));
}

#[test]
fn the_demo_plan_shows_and_checks_as_snapshotted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    insta::assert_snapshot!("demo_show", ok(d, &["show", "demo.throughline"]));
    insta::assert_snapshot!("demo_check", ok(d, &["check", "demo.throughline"]));
    let findings: serde_json::Value =
        serde_json::from_str(&ok(d, &["check", "demo.throughline", "--json"])).unwrap();
    insta::assert_json_snapshot!("demo_check_json", findings);
    // The demo's JSON round-trips through a new file unchanged.
    let json = ok(d, &["show", "demo.throughline", "--json"]);
    std::fs::write(d.join("demo.json"), &json).unwrap();
    ok(d, &["new", "again.throughline", "--from-json", "demo.json"]);
    assert_eq!(ok(d, &["show", "again.throughline", "--json"]), json);
}

#[test]
fn each_programs_demo_opens_and_exports_in_every_format_with_its_distinctive_parts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // (program, words of its distinctive parts the Markdown must carry, a finding it shows)
    let programs = [
        (
            "nep",
            [
                "Known, Seen and Challenged",
                "## Student experience",
                "“Nobody asked me what I was good at.",
                "**Amplify if:**",
            ],
            "outcome-without-group-breakdown",
        ),
        (
            "ers",
            [
                "Every School Organized for Learning",
                "## Strategic System Snapshot",
                "## Theory of action: school changes and central-office supports",
                "Stop the elementary reading pull-out program",
            ],
            "school-change-without-process-shift",
        ),
        (
            "rounds",
            [
                "Seeing Thinking in Every Classroom",
                "Members and learning sessions by role team",
                "Describing practice without judgment: the four steps of a rounds visit",
                "Year 1: design: who is accountable for what, by when",
            ],
            "role-team-without-sessions",
        ),
        (
            "instll",
            [
                "The First 90 Days and Beyond",
                "three-year school improvement grant of $1.2 million",
                "Sustained by: The data coach position is in the general fund",
                "Not a priority",
            ],
            "indicator-full-without-sustaining",
        ),
    ];
    for (program, words, finding) in programs {
        let plan = format!("{program}.throughline");
        ok(d, &["new", &plan, "--demo", program]);
        let report = throughline(d, &["check", &plan, "--json"]);
        assert!(
            String::from_utf8_lossy(&report.stdout).contains(finding),
            "{program}: {report:?}"
        );
        for format in ["md", "html", "docx", "pdf"] {
            let out = format!("{program}.{format}");
            ok(d, &["export", &plan, "--format", format, "-o", &out]);
            let bytes = std::fs::read(d.join(&out)).unwrap();
            let magic: &[u8] = match format {
                "docx" => b"PK",
                "pdf" => b"%PDF",
                _ => b"",
            };
            assert!(
                bytes.starts_with(magic) && bytes.len() > 10_000,
                "{program} {format}"
            );
        }
        let md = std::fs::read_to_string(d.join(format!("{program}.md"))).unwrap();
        for w in words {
            assert!(md.contains(w), "{program}.md lacks {w}");
        }
        // No heading repeats one it stands under (the rounds team section, "Role teams", once
        // had a sub-heading "Role teams" too).
        let mut above: Vec<(usize, &str)> = Vec::new();
        for line in md.lines().filter(|l| l.starts_with('#')) {
            let level = line.chars().take_while(|c| *c == '#').count();
            let words = line[level..].trim();
            above.retain(|(at, _)| *at < level);
            assert!(
                above.iter().all(|(_, over)| *over != words),
                "{program}.md: {words:?} under a heading of the same words"
            );
            above.push((level, words));
        }
    }
    assert!(refused(
        d,
        &["new", "x.throughline", "--demo", "improvement-science"]
    )
    .contains("improvement-science"));
}

#[test]
fn export_writes_each_format_and_a_signed_version_carries_its_signoff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    for format in ["md", "html", "docx", "pdf"] {
        let out = format!("demo.{format}");
        let said = ok(
            d,
            &["export", "demo.throughline", "--format", format, "-o", &out],
        );
        assert!(said.starts_with(&format!("wrote {out} (")), "{said}");
        let bytes = std::fs::read(d.join(&out)).unwrap();
        let magic: &[u8] = match format {
            "docx" => b"PK",
            "pdf" => b"%PDF",
            _ => b"",
        };
        assert!(bytes.starts_with(magic) && bytes.len() > 10_000, "{format}");
    }
    let draft = std::fs::read_to_string(d.join("demo.md")).unwrap();
    assert!(draft.contains("Reading by Third, Known by All"));
    assert!(!draft.contains("Dr. Teresa Alvarez (Superintendent) signed"));

    ok(
        d,
        &[
            "version",
            "demo.throughline",
            "--label",
            "Board first reading",
        ],
    );
    ok(
        d,
        &[
            "sign",
            "demo.throughline",
            "--version",
            "Board first reading",
            "--name",
            "Naomi Begay",
            "--role",
            "Board trustee",
        ],
    );
    ok(
        d,
        &[
            "export",
            "demo.throughline",
            "--format",
            "md",
            "-o",
            "board.md",
            "--version",
            "Board first reading",
            "--findings",
        ],
    );
    let board = std::fs::read_to_string(d.join("board.md")).unwrap();
    assert!(board.contains("Board first reading"));
    assert!(board.contains("Naomi Begay"));
    // An existing document is replaced only when asked to, and is left as it was otherwise.
    let again = [
        "export",
        "demo.throughline",
        "--format",
        "md",
        "-o",
        "board.md",
    ];
    assert!(refused(d, &again).contains("board.md already exists; add --force to replace it"));
    assert_eq!(std::fs::read_to_string(d.join("board.md")).unwrap(), board);
    let said = ok(d, &[&again[..], &["--force"]].concat());
    assert!(said.starts_with("wrote board.md ("), "{said}");
    assert_ne!(std::fs::read_to_string(d.join("board.md")).unwrap(), board);

    assert!(refused(
        d,
        &["export", "demo.throughline", "--format", "xls", "-o", "x"]
    )
    .contains("xls"));
    assert!(refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--format",
            "md",
            "-o",
            "y.md",
            "--version",
            "nope"
        ]
    )
    .contains("nope"));
    assert!(!d.join("x").exists() && !d.join("y.md").exists());
    // The same saving as the desktop's: a missing folder is refused, and nothing is left
    // half-written beside an exported file.
    assert!(refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--format",
            "md",
            "-o",
            "nowhere/z.md"
        ]
    )
    .contains("no such folder"));
    assert!(!d.join("nowhere").exists());
    assert!(std::fs::read_dir(d).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".partial")));
}

/// A failing disk flips bits in the middle of a plan: every read command says in one line that
/// the file is damaged (never an empty plan), looking changes nothing, and `repair` writes what
/// can still be read into a new file that opens as the plan.
#[test]
fn a_damaged_plan_is_named_never_shown_empty_and_repair_rescues_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "plan.throughline", "--demo"]);
    ok(
        d,
        &["version", "plan.throughline", "--label", "Cabinet draft"],
    );
    let path = d.join("plan.throughline");
    let mut bytes = std::fs::read(&path).unwrap();
    // 64 bits in the middle of the file, where the plan's rows live.
    let middle = bytes.len() / 2;
    for i in 0..64 {
        bytes[middle + i * 7] ^= 1 << (i % 8);
    }
    std::fs::write(&path, &bytes).unwrap();
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    for args in [
        &["show", "plan.throughline"][..],
        &["show", "plan.throughline", "--json"],
        &["check", "plan.throughline"],
        &[
            "export",
            "plan.throughline",
            "--format",
            "md",
            "-o",
            "out.md",
        ],
        &["versions", "plan.throughline"],
        &["history", "plan.throughline"],
        &["digest", "plan.throughline", "--since", "Cabinet draft"],
        &["compare", "plan.throughline", "Cabinet draft", "current"],
        &["signoffs", "plan.throughline"],
        &["status", "plan.throughline"],
    ] {
        let message = refused(d, args);
        assert!(
            message.contains("the plan file is damaged"),
            "{args:?}: {message}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
        assert_eq!(listing(), before, "{args:?} left a file beside the plan");
    }
    let said = ok(
        d,
        &["repair", "plan.throughline", "-o", "rescued.throughline"],
    );
    assert!(said.contains("recovered"), "{said}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "repair changed the damaged file"
    );
    let shown = ok(d, &["show", "rescued.throughline", "--json"]);
    let content: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert!(!content["record"]["title"].as_str().unwrap().is_empty());
    // Repair never writes over a file.
    let again = refused(
        d,
        &["repair", "plan.throughline", "-o", "rescued.throughline"],
    );
    assert!(again.contains("already exists"), "{again}");
}

#[test]
fn agenda_lists_the_retreat_day_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    let text = ok(d, &["agenda", "demo.throughline"]);
    assert!(text.starts_with("Day 1\n"), "{text}");
    assert!(text.contains("\nDay 2\n"), "{text}");
    assert!(text.contains("Dot voting"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["agenda", "demo.throughline", "--json"])).unwrap();
    assert_eq!(json[0]["minutes"], 30);
    ok(d, &["new", "empty.throughline", "--template", "dsdp"]);
    assert!(ok(d, &["agenda", "empty.throughline"]).starts_with("no agenda yet"));
    refused(d, &["agenda", "missing.throughline"]);
}

#[test]
fn votes_and_ideas_list_the_room_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    let text = ok(d, &["votes", "demo.throughline"]);
    assert!(
        text.contains("Which strategy do we fund first in 2026-27?"),
        "{text}"
    );
    assert!(
        text.contains("    9  One coherent K-3 reading program (strategy)"),
        "{text}"
    );
    assert!(text.contains("to discuss: Close at the top"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["votes", "demo.throughline", "--json"])).unwrap();
    assert_eq!(json[0]["open"], false);
    assert_eq!(json[0]["matches_record"], true);
    let ideas = ok(d, &["ideas", "demo.throughline"]);
    assert!(ideas.contains("raised by Ana Mendoza, 2 dots"), "{ideas}");
    assert!(
        ideas.contains("; became Coaching and shared planning"),
        "{ideas}"
    );
    let shown = ok(d, &["show", "demo.throughline"]);
    assert!(
        !shown.contains("Reveal key"),
        "round keys are not words to show"
    );
    ok(d, &["new", "empty.throughline", "--template", "dsdp"]);
    assert!(ok(d, &["votes", "empty.throughline"]).starts_with("no votes yet"));
    assert!(ok(d, &["ideas", "empty.throughline"]).starts_with("the parking lot is empty"));
    refused(d, &["votes", "missing.throughline"]);
}

#[test]
fn decks_lists_the_builtins_and_a_facilitators_own_beside_their_templates() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("decks");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("ours.toml"),
        "id = \"ours\"\nname = \"Our deck\"\n[[cards]]\nid = \"a\"\nname = \"A\"\nkind = \"investment\"\ndollars = [5]\n",
    )
    .unwrap();
    std::fs::write(folder.join("broken.toml"), "id = \"x\"\nname = 3\n").unwrap();
    let out = throughline(dir.path(), &["decks"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, ["general", "cedar-hollow", "ours"], "{stdout}");
    assert!(stdout.contains("Our deck (1 card) (yours)"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("broken.toml, line 2: name: "),
        "the bad deck is named by file, line and field: {stderr}"
    );

    let cards = ok(dir.path(), &["decks", "cedar-hollow"]);
    assert!(
        cards
            .lines()
            .any(|l| l.starts_with("close-print-shop ") && l.ends_with("(source: stop)")),
        "{cards}"
    );
    let out = throughline(dir.path(), &["decks", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no card deck with id `nope`"));
}

#[test]
fn show_prints_the_stop_doing_list_and_the_funding_cliffs() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["new", "p.throughline", "--demo"]);
    let out = ok(dir.path(), &["show", "p.throughline"]);
    assert!(out.contains("What we will stop doing:\n"), "{out}");
    assert!(
        out.contains("Who will tell them: The chief operations officer, in person, to the print-shop staff first"),
        "{out}"
    );
    assert!(
        out.contains("    2028-29: $242,200.00 a year uncovered when “State Early Literacy Acceleration Grant, year 2 of 2” ends after 2027-28"),
        "{out}"
    );
    let json = ok(dir.path(), &["show", "p.throughline", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["plays"].as_array().unwrap().len(), 2);
    assert!(v["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["play"] == "py-unit-tests" && !l["messenger"].as_str().unwrap().is_empty()));
}

/// `show` ends with the plan's fitness (its figures and any guidance) and `show --json` carries
/// it beside the content, which still reads back with `new --from-json`.
#[test]
fn show_prints_the_plan_s_fitness_and_its_guidance() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "p.throughline", "--demo"]);
    let out = ok(d, &["show", "p.throughline"]);
    let at = out.find("\n## Plan fitness\n").expect("a fitness section");
    let fitness = &out[at..];
    let json = ok(d, &["show", "p.throughline", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let strategies = v["strategies"].as_array().unwrap().len();
    let tactics = v["tactics"].as_array().unwrap().len();
    assert!(
        fitness.contains(&format!("\nStrategies: {strategies}\n")),
        "{fitness}"
    );
    assert!(fitness.contains("\nTactics paid for: "), "{fitness}");
    assert!(fitness.contains("\nRoot causes answered: "), "{fitness}");
    assert_eq!(v["fitness"]["strategies"], strategies);
    assert_eq!(
        v["fitness"]["figures"][0],
        serde_json::json!({"key": "strategies", "label": "Strategies", "text": strategies.to_string()})
    );

    // Seven more strategies: the plan is told, in words of guidance, that plans that get done
    // are usually smaller.
    let mut bigger = v.clone();
    for i in 0..7 {
        bigger["strategies"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": format!("st-more{i}"), "name": "Another"}));
    }
    std::fs::write(d.join("big.json"), bigger.to_string()).unwrap();
    ok(d, &["new", "big.throughline", "--from-json", "big.json"]);
    let out = ok(d, &["show", "big.throughline"]);
    let told = format!(
        "Guidance:\n    - {} strategies and {tactics} tactics: plans that get done are usually smaller",
        strategies + 7
    );
    assert!(out.contains(&told), "{out}");
    let json = ok(d, &["show", "big.throughline", "--json"]);
    std::fs::write(d.join("again.json"), &json).unwrap();
    ok(
        d,
        &["new", "again.throughline", "--from-json", "again.json"],
    );
    assert_eq!(ok(d, &["show", "again.throughline", "--json"]), json);
}

#[test]
fn export_through_a_lens_and_as_a_states_plan_leaves_the_plan_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["new", "demo.throughline", "--demo"]);
    let before = std::fs::read(d.join("demo.throughline")).unwrap();

    ok(
        d,
        &[
            "export",
            "demo.throughline",
            "--lens",
            "ers",
            "--format",
            "md",
            "-o",
            "ers.md",
        ],
    );
    let md = std::fs::read_to_string(d.join("ers.md")).unwrap();
    assert!(md.contains("## Strategic priorities\n"), "ERS's words");
    assert!(md.contains("## School-level changes\n"));
    assert!(md.contains("those of Resource Strategy (ers)"));
    let own = ok(
        d,
        &["export", "demo.throughline", "--format", "md", "-o", "-"],
    );
    assert!(own.contains("## Tactics\n") && !md.contains("## Tactics\n"));

    ok(
        d,
        &[
            "export",
            "demo.throughline",
            "--profile",
            "colorado-uip",
            "--format",
            "docx",
            "-o",
            "uip.docx",
        ],
    );
    assert!(std::fs::read(d.join("uip.docx"))
        .unwrap()
        .starts_with(b"PK"));
    ok(
        d,
        &[
            "export",
            "demo.throughline",
            "--profile",
            "micip",
            "--format",
            "xlsx",
            "-o",
            "micip.xlsx",
        ],
    );
    assert!(std::fs::read(d.join("micip.xlsx"))
        .unwrap()
        .starts_with(b"PK"));

    let e = refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--lens",
            "wrong",
            "--format",
            "md",
            "-o",
            "x.md",
        ],
    );
    assert!(
        e.contains("no lens `wrong`") && e.contains("dsdp, nep, ers"),
        "{e}"
    );
    let e = refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--profile",
            "micip",
            "--format",
            "docx",
            "-o",
            "x.docx",
        ],
    );
    assert!(e.contains("not written as docx (choose xlsx)"), "{e}");
    let e = refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--profile",
            "texas",
            "--format",
            "md",
            "-o",
            "x.md",
        ],
    );
    assert!(e.contains("choose colorado-uip or micip"), "{e}");
    let e = refused(
        d,
        &[
            "export",
            "demo.throughline",
            "--format",
            "xlsx",
            "-o",
            "x.xlsx",
        ],
    );
    assert!(e.contains("--profile micip"), "{e}");
    for refused_file in ["x.md", "x.docx", "x.xlsx"] {
        assert!(!d.join(refused_file).exists(), "{refused_file}");
    }

    assert!(
        std::fs::read(d.join("demo.throughline")).unwrap() == before,
        "exporting through a lens or a profile changes nothing in the plan file"
    );
}
