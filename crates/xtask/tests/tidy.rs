//! The tidy rules run on this workspace, and proof that each rule catches what it forbids.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{
    banned_uses, module_tree, orphans, packages, product_sources, reserved_dependencies,
    rust_files, source, undocumented, uses_of, violations, workspace_edges, written_rule, Edge,
    Package, CLOCK, IO_OR_CLOCK, NO_CLOCK, NO_IO_OR_CLOCK, ONLY_IN, YRS_IN_PLAN,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn workspace() -> Vec<Package> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let packages = packages(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert!(
        packages.len() > 5,
        "too few crates read: the checks would pass vacuously"
    );
    packages
}

fn architecture_md() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md at the root")
}

fn names(packages: &[Package]) -> Vec<String> {
    packages.iter().map(|p| p.name.clone()).collect()
}

fn fail_on(found: Vec<String>, what: &str) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

// ---- the rules on this workspace ------------------------------------------------------------

#[test]
fn dependencies_follow_the_rule_as_architecture_md_writes_it() {
    let packages = workspace();
    let edges = workspace_edges(&packages);
    assert!(
        !edges.is_empty(),
        "no edges read: the check would pass vacuously"
    );
    let allowed = written_rule(&architecture_md(), &names(&packages)).unwrap();
    fail_on(violations(&edges, &allowed), "dependency rule broken");
}

#[test]
fn architecture_md_names_every_crate() {
    let map = architecture_md();
    let missing: Vec<String> = names(&workspace())
        .into_iter()
        .filter(|name| !map.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name: {missing:?}"
    );
}

#[test]
fn plan_review_export_and_sync_touch_no_files_environment_or_clock() {
    let sources = product_sources(&workspace());
    let mut found = Vec::new();
    for name in NO_IO_OR_CLOCK {
        let files = &sources[*name];
        assert!(!files.is_empty(), "no source read for {name}");
        found.extend(banned_uses(
            files,
            IO_OR_CLOCK,
            &format!("{name} is handed what it needs; app finds it"),
        ));
    }
    fail_on(
        found,
        "files, environment or clock where ARCHITECTURE.md says none",
    );
}

#[test]
fn the_store_reads_no_clock() {
    let sources = product_sources(&workspace());
    let mut found = Vec::new();
    for name in NO_CLOCK {
        let files = &sources[*name];
        assert!(!files.is_empty(), "no source read for {name}");
        found.extend(banned_uses(
            files,
            CLOCK,
            &format!("{name} stamps the times it is handed; app reads the clock"),
        ));
    }
    fail_on(found, "a clock where ARCHITECTURE.md says none");
}

#[test]
fn only_the_named_plan_modules_touch_yrs_types() {
    let sources = product_sources(&workspace());
    let mut found = Vec::new();
    let mut users = BTreeSet::new();
    for (path, text) in &sources["throughline-plan"] {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let code = source::without_test_items(&source::code_only(text));
        if !uses_of(&code, "yrs").is_empty() {
            users.insert(name.clone());
            if !YRS_IN_PLAN.contains(&name.as_str()) {
                found.push(format!(
                    "{}: uses yrs; plan's other modules work on PlanContent (or add it to YRS_IN_PLAN and ARCHITECTURE.md)",
                    path.display()
                ));
            }
        }
    }
    for name in YRS_IN_PLAN {
        if !users.contains(*name) {
            found.push(format!(
                "{name} no longer uses yrs: drop it from YRS_IN_PLAN and ARCHITECTURE.md"
            ));
        }
    }
    fail_on(found, "yrs types outside the modules that own them");
}

#[test]
fn sqlite_and_tokio_stay_in_their_crates() {
    let packages = workspace();
    let mut found = reserved_dependencies(&packages);
    let sources = product_sources(&packages);
    for (library, owners) in ONLY_IN {
        for (name, files) in &sources {
            if !owners.contains(&name.as_str()) {
                found.extend(banned_uses(
                    files,
                    &[library],
                    &format!("{library} belongs only to {}", owners.join(" and ")),
                ));
            }
        }
    }
    fail_on(found, "a library outside the crates it belongs to");
}

#[test]
fn every_module_says_its_job() {
    let root = root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .collect();
    dirs.push(root.join("src-tauri/src"));
    let files: Vec<(PathBuf, String)> = dirs
        .iter()
        .flat_map(|d| rust_files(d))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    assert!(files.len() > 50, "too few files read: {}", files.len());
    fail_on(undocumented(&files), "modules without a `//!` line");
}

#[test]
fn no_file_is_left_out_of_the_module_tree() {
    let mut found = Vec::new();
    for package in workspace() {
        let on_disk: BTreeSet<PathBuf> = ["src", "tests", "benches", "examples"]
            .iter()
            .flat_map(|d| rust_files(&package.dir.join(d)))
            .collect();
        let tree = module_tree(&package);
        assert!(
            !tree.product.is_empty() || package.targets.iter().all(|t| !t.product),
            "no product files read for {}",
            package.name
        );
        found.extend(orphans(&on_disk, &tree.declared));
    }
    fail_on(found, "orphan files");
}

// ---- each rule catches what it forbids ------------------------------------------------------

fn edge(from: &str, to: &str, kind: &str) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        kind: kind.into(),
    }
}

const MEMBERS: [&str; 7] = [
    "throughline-cli",
    "throughline-app",
    "throughline-plan",
    "throughline-store",
    "throughline-sync",
    "throughline-session",
    "test-support",
];

fn sample_rule() -> BTreeSet<(String, String)> {
    let text = "## Invariants\n\n- **Dependencies point one way**: `cli → app → {session, store, plan}; session → sync`;\n  plan depends on none.\n- **Other**: `plan → store` is no rule.\n";
    let members: Vec<String> = MEMBERS.iter().map(|m| m.to_string()).collect();
    written_rule(text, &members).unwrap()
}

#[test]
fn the_written_rule_is_read_chain_by_chain() {
    let allowed = sample_rule();
    let pairs: Vec<(&str, &str)> = allowed
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("throughline-app", "throughline-plan"),
            ("throughline-app", "throughline-session"),
            ("throughline-app", "throughline-store"),
            ("throughline-cli", "throughline-app"),
            ("throughline-session", "throughline-sync"),
        ]
    );
    let members: Vec<String> = MEMBERS.iter().map(|m| m.to_string()).collect();
    let err = written_rule("- **Dependencies point one way**: `app → core`\n", &members);
    assert!(err.unwrap_err().contains("`core`, which is not a crate"));
    assert!(written_rule("no rule here", &members).is_err());
}

#[test]
fn the_rule_catches_a_wrong_edge() {
    let allowed = sample_rule();
    let all_used: Vec<Edge> = allowed
        .iter()
        .map(|(from, to)| edge(from, to, "normal"))
        .collect();
    assert!(violations(&all_used, &allowed).is_empty());
    let with = |extra: Edge| {
        let mut edges = all_used.clone();
        edges.push(extra);
        violations(&edges, &allowed)
    };
    // The edges the old hand-kept list allowed against the written rule.
    assert_eq!(
        with(edge("throughline-sync", "throughline-plan", "normal")).len(),
        1
    );
    assert_eq!(
        with(edge("throughline-session", "throughline-plan", "normal")).len(),
        1
    );
    assert_eq!(
        with(edge("throughline-plan", "throughline-store", "build")).len(),
        1
    );
    assert_eq!(
        with(edge("throughline-cli", "test-support", "normal")).len(),
        1
    );
    assert!(with(edge("throughline-plan", "test-support", "dev")).is_empty());
    // A rule that promises an edge no crate has is a map that lies.
    let missing = violations(&all_used[1..], &allowed);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("drop it from the rule"));
}

#[test]
fn io_and_clock_are_found_in_code_but_not_in_comments_strings_or_tests() {
    let file = |text: &str| vec![(PathBuf::from("x.rs"), text.to_string())];
    let found = |text: &str| banned_uses(&file(text), IO_OR_CLOCK, "why");
    assert_eq!(
        found("//! x\nfn f() { let _ = std::fs::read(\"p\"); }\n"),
        ["x.rs:2: uses `std::fs` (why)"]
    );
    assert_eq!(found("use std::{collections::BTreeMap,\n fs};\n").len(), 1);
    assert_eq!(found("use std::env;\n").len(), 1);
    assert_eq!(found("let t = std::time::SystemTime::now();").len(), 1);
    assert_eq!(found("let t = std::time::Instant::now();").len(), 1);
    assert_eq!(found("let t = chrono::Utc::now();").len(), 1);
    assert_eq!(found("let t = chrono::Local::now();").len(), 2);
    assert!(found("// std::fs in a comment\n/* SystemTime */\n").is_empty());
    assert!(found("let s = \"std::fs\"; let r = r#\"std::env\"#; let c = '\"';").is_empty());
    assert!(found("enum Owner { Local }\nlet o = Owner::Local;\nlet my_std::fsx = 1;").is_empty());
    assert!(found(
        "fn f() {}\n#[cfg(test)]\nmod tests {\n    fn g() { std::fs::read(\"a\"); }\n}\n"
    )
    .is_empty());
    assert_eq!(
        found("#[cfg(test)]\nmod tests;\nfn f() { std::env::var(\"A\"); }\n"),
        ["x.rs:3: uses `std::env` (why)"]
    );
    assert_eq!(uses_of("use rusqlite::Connection;", "rusqlite"), [1]);
    assert!(uses_of("use my_rusqlite_wrapper;", "rusqlite").is_empty());
}

#[test]
fn reserved_libraries_are_caught_in_manifests() {
    let with = |name: &str, dep: &str, kind: &str| Package {
        name: name.into(),
        dir: PathBuf::new(),
        dependencies: vec![xtask::Dependency {
            name: dep.into(),
            kind: kind.into(),
        }],
        targets: Vec::new(),
    };
    assert_eq!(
        reserved_dependencies(&[with("throughline-app", "rusqlite", "normal")]).len(),
        1
    );
    assert_eq!(
        reserved_dependencies(&[with("throughline-app", "rusqlite_migration", "build")]).len(),
        1
    );
    assert_eq!(
        reserved_dependencies(&[with("throughline-app", "tokio-tungstenite", "normal")]).len(),
        1
    );
    assert!(reserved_dependencies(&[with("throughline-app", "rusqlite", "dev")]).is_empty());
    assert!(reserved_dependencies(&[with("throughline-store", "rusqlite", "normal")]).is_empty());
    assert!(reserved_dependencies(&[with("throughline-desktop", "tokio", "normal")]).is_empty());
}

#[test]
fn a_module_without_its_job_and_an_orphan_are_caught() {
    let files = vec![
        (
            PathBuf::from("a.rs"),
            "//! Says its job.\nfn a() {}\n".to_string(),
        ),
        (
            PathBuf::from("b.rs"),
            "\n// not a doc line\n//! late\n".to_string(),
        ),
        (
            PathBuf::from("c.rs"),
            "#![allow(dead_code)]\n//! after an attribute\n".to_string(),
        ),
    ];
    assert_eq!(undocumented(&files).len(), 2);

    let dir = tempfile_dir("orphans");
    std::fs::create_dir_all(dir.join("src/outer")).unwrap();
    std::fs::create_dir_all(dir.join("tests/common")).unwrap();
    let write = |rel: &str, text: &str| std::fs::write(dir.join(rel), text).unwrap();
    write(
        "src/lib.rs",
        "//! r\nmod outer;\n#[path = \"elsewhere.rs\"]\nmod renamed;\n// mod commented;\n#[cfg(test)]\nmod tests;\n",
    );
    write("src/outer.rs", "//! o\npub mod inner { mod deep; }\n");
    std::fs::create_dir_all(dir.join("src/outer/inner")).unwrap();
    write("src/outer/inner/deep.rs", "//! d\n");
    write("src/elsewhere.rs", "//! e\n");
    write("src/tests.rs", "//! t\n");
    write("src/commented.rs", "//! c\n");
    write("src/outer/lost.rs", "//! l\n");
    write("tests/it.rs", "//! i\nmod common;\n");
    write("tests/common/mod.rs", "//! c\n");
    let package = Package {
        name: "sample".into(),
        dir: dir.clone(),
        dependencies: Vec::new(),
        targets: vec![
            xtask::Target {
                root: dir.join("src/lib.rs"),
                product: true,
            },
            xtask::Target {
                root: dir.join("tests/it.rs"),
                product: false,
            },
        ],
    };
    let tree = module_tree(&package);
    let on_disk: BTreeSet<PathBuf> = ["src", "tests"]
        .iter()
        .flat_map(|d| rust_files(&dir.join(d)))
        .collect();
    let lost: Vec<String> = orphans(&on_disk, &tree.declared);
    assert_eq!(lost.len(), 2, "{lost:?}");
    assert!(lost[0].ends_with("src/commented.rs: no module declares this file"));
    assert!(lost[1].ends_with("src/outer/lost.rs: no module declares this file"));
    assert!(tree.product.contains(&dir.join("src/outer/inner/deep.rs")));
    assert!(tree.product.contains(&dir.join("src/elsewhere.rs")));
    assert!(!tree.product.contains(&dir.join("src/tests.rs")));
    assert!(tree.declared.contains(&dir.join("src/tests.rs")));
    assert!(!tree.product.contains(&dir.join("tests/common/mod.rs")));
}

#[test]
fn code_only_keeps_offsets() {
    let text = "let é = \"ü//\"; // ß\nlet c = '}'; let l: &'a str = x;\n";
    let code = source::code_only(text);
    assert_eq!(code.len(), text.len());
    assert_eq!(code.lines().count(), 2);
    assert!(code.contains("let c = ' '; let l: &'a str = x;"));
    assert!(!code.contains("//"));
}

fn tempfile_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("tidy")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
