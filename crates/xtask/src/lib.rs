//! Tidy checks over the workspace, run by `cargo test -p xtask`, so that ARCHITECTURE.md's
//! rules fail CI when the code drifts from them (as rust-analyzer's tidy does).
//!
//! `cargo metadata` is read with `serde_json` rather than the `cargo_metadata` crate: a few
//! fields of its output are all this needs.

pub mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Crates whose own code may not touch files, the environment or the clock: what they need is
/// handed in by `app` (template text, font bytes, times).
pub const NO_IO_OR_CLOCK: &[&str] = &[
    "throughline-plan",
    "throughline-review",
    "throughline-export",
    "throughline-sync",
];

/// What "files, the environment or the clock" means in source: paths that reach them.
pub const IO_OR_CLOCK: &[&str] = &[
    "std::fs",
    "std::env",
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "chrono::Local",
];

/// Crates that may touch files but never read the clock: the plan file stamps only the times
/// it is handed, so every time in it is the app's one reading per operation.
pub const NO_CLOCK: &[&str] = &["throughline-store"];

/// What "the clock" means in source.
pub const CLOCK: &[&str] = &[
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "chrono::Local",
];

/// The only files of `plan` that touch yrs types (ARCHITECTURE.md says why each does): the rest
/// of the model works on `PlanContent` and the schema.
pub const YRS_IN_PLAN: &[&str] = &["ydoc.rs", "plan.rs", "restore.rs", "locate.rs"];

/// Libraries only some crates may use (normal and build dependencies, and `use` in their
/// source): SQLite belongs to the plan file, tokio to the network and the shell. The
/// dev-only `test-support` holds the bare SQLite anchors that benchmarks measure beside.
pub const ONLY_IN: &[(&str, &[&str])] = &[
    ("rusqlite", &["throughline-store", "test-support"]),
    ("tokio", &["throughline-session", "throughline-desktop"]),
];

/// One workspace crate as `cargo metadata` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    /// The folder holding its `Cargo.toml`.
    pub dir: PathBuf,
    pub dependencies: Vec<Dependency>,
    pub targets: Vec<Target>,
}

/// One dependency of a crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    /// `normal`, `dev` or `build`.
    pub kind: String,
}

/// One build target: its root file and whether it is product code (a library, binary or build
/// script) rather than a test, bench or example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub root: PathBuf,
    pub product: bool,
}

/// One workspace crate depending on another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `normal`, `dev` or `build`.
    pub kind: String,
}

/// The workspace's crates, from `cargo metadata --format-version 1 --no-deps`.
pub fn packages(metadata: &str) -> Result<Vec<Package>, String> {
    let value: serde_json::Value =
        serde_json::from_str(metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    let list = value["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    Ok(list
        .iter()
        .map(|p| Package {
            name: text(&p["name"]),
            dir: Path::new(p["manifest_path"].as_str().unwrap_or_default())
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf(),
            dependencies: p["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| Dependency {
                    name: text(&d["name"]),
                    kind: d["kind"].as_str().unwrap_or("normal").to_string(),
                })
                .collect(),
            targets: p["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| Target {
                    root: PathBuf::from(text(&t["src_path"])),
                    product: t["kind"].as_array().into_iter().flatten().any(|k| {
                        matches!(
                            k.as_str(),
                            Some("lib" | "rlib" | "cdylib" | "staticlib" | "bin" | "custom-build")
                        )
                    }),
                })
                .collect(),
        })
        .collect())
}

/// The edges between workspace members.
pub fn workspace_edges(packages: &[Package]) -> Vec<Edge> {
    let members: BTreeSet<&str> = packages.iter().map(|p| p.name.as_str()).collect();
    packages
        .iter()
        .flat_map(|p| {
            p.dependencies
                .iter()
                .filter(|d| members.contains(d.name.as_str()))
                .map(|d| Edge {
                    from: p.name.clone(),
                    to: d.name.clone(),
                    kind: d.kind.clone(),
                })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The dependency rule, read from ARCHITECTURE.md
// ---------------------------------------------------------------------------------------------

/// The marker of the invariant that states the rule; its first code span holding `→` is the
/// rule, e.g. `` `cli, desktop → app → {store, plan}; export → plan` ``.
pub const RULE_MARKER: &str = "**Dependencies point one way**";

/// The allowed edges (from, to) between our crates, as ARCHITECTURE.md writes them: chains
/// separated by `;`, each `A, B → C → {D, E}` allowing every crate of a group to depend on
/// every crate of the next. Short names are the package names without `throughline-`.
pub fn written_rule(
    architecture: &str,
    members: &[String],
) -> Result<BTreeSet<(String, String)>, String> {
    let at = architecture
        .find(RULE_MARKER)
        .ok_or_else(|| format!("ARCHITECTURE.md has no invariant starting {RULE_MARKER}"))?;
    let rest = &architecture[at..];
    let bullet = rest.find("\n- ").map_or(rest, |end| &rest[..end]);
    let rule = bullet
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|span| span.contains('→'))
        .ok_or("ARCHITECTURE.md's dependency invariant has no `A → B` code span")?;
    let package = |short: &str| -> Result<String, String> {
        members
            .iter()
            .find(|m| *m == short || m.strip_prefix("throughline-") == Some(short))
            .cloned()
            .ok_or_else(|| format!("the dependency rule names `{short}`, which is not a crate"))
    };
    let mut allowed = BTreeSet::new();
    for chain in rule.split(';') {
        let groups: Vec<Vec<String>> = chain
            .split('→')
            .map(|group| {
                group
                    .trim()
                    .trim_start_matches('{')
                    .trim_end_matches('}')
                    .split(',')
                    .map(|name| package(name.trim()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<_, _>>()?;
        for pair in groups.windows(2) {
            for from in &pair[0] {
                for to in &pair[1] {
                    allowed.insert((from.clone(), to.clone()));
                }
            }
        }
    }
    Ok(allowed)
}

/// Every edge that breaks the rule, and every edge the rule allows that no crate has (the map
/// would promise a dependency that is not there), each as a sentence. Tests and benches may use
/// anything (dev edges are not checked); `test-support` may be used by nothing else.
pub fn violations(edges: &[Edge], allowed: &BTreeSet<(String, String)>) -> Vec<String> {
    let mut found = Vec::new();
    let mut used = BTreeSet::new();
    for e in edges.iter().filter(|e| e.kind != "dev") {
        let pair = (e.from.clone(), e.to.clone());
        if e.to == "test-support" {
            found.push(format!(
                "{} depends on test-support outside its tests",
                e.from
            ));
        } else if !allowed.contains(&pair) {
            found.push(format!(
                "{} depends on {}, which ARCHITECTURE.md's dependency rule does not allow",
                e.from, e.to
            ));
        }
        used.insert(pair);
    }
    for (from, to) in allowed.difference(&used) {
        found.push(format!(
            "ARCHITECTURE.md allows {from} → {to}, but {from} does not depend on {to}: drop it from the rule"
        ));
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Source rules
// ---------------------------------------------------------------------------------------------

/// A crate's files with what the module tree says of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleTree {
    /// Product files (reached from a library, binary or build script, not under `cfg(test)`).
    pub product: BTreeSet<PathBuf>,
    /// Every file some target reaches, tests included.
    pub declared: BTreeSet<PathBuf>,
}

/// Walks every target's module declarations from its root.
pub fn module_tree(package: &Package) -> ModuleTree {
    let mut tree = ModuleTree::default();
    for target in &package.targets {
        let mut stack = vec![(target.root.clone(), true, target.product)];
        while let Some((file, is_root, product)) = stack.pop() {
            let file = normalize(&file);
            // A file reached as test code may be reached again as product code: walk it again.
            let new = if product {
                tree.declared.insert(file.clone());
                tree.product.insert(file.clone())
            } else {
                tree.declared.insert(file.clone())
            };
            if !new {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for decl in source::declared_modules(&file, &text, is_root) {
                stack.push((decl.file, false, product && !decl.test_only));
            }
        }
    }
    tree
}

/// `a/b/../c` as `a/c`, so a file reached two ways is one file.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where `needle` occurs in `code` as a path (not inside a longer name), as 1-based lines.
/// `use std::{fs, …}` counts as `std::fs`.
pub fn uses_of(code: &str, needle: &str) -> Vec<usize> {
    let flat = expand_grouped_std(code);
    let bytes = flat.as_bytes();
    let mut lines = Vec::new();
    let mut at = 0;
    while let Some(rel) = flat[at..].find(needle) {
        let i = at + rel;
        let end = i + needle.len();
        let starts = i == 0 || !source::is_ident(bytes[i - 1]);
        let ends = end >= bytes.len() || !source::is_ident(bytes[end]);
        if starts && ends {
            lines.push(source::line_of(&flat, i));
        }
        at = end;
    }
    lines
}

/// `std::{fs, env::var}` written out as `std::fs, std::env::var` on the same lines, so a
/// grouped import is found like a plain one.
fn expand_grouped_std(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    while let Some(rel) = code[at..].find("std::{") {
        let open = at + rel + "std::".len();
        let Some(close) = code[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&code[at..open]);
        let items: Vec<String> = code[open + 1..close]
            .split(',')
            .map(|item| {
                let newlines = item.matches('\n').count();
                format!("{}std::{}", "\n".repeat(newlines), item.trim())
            })
            .collect();
        out.push('{');
        out.push_str(&items.join(", "));
        at = close;
    }
    out.push_str(&code[at..]);
    out
}

/// What a crate's product code must not use, found in `files` (path, text) as
/// `path:line: uses X` sentences.
pub fn banned_uses(files: &[(PathBuf, String)], banned: &[&str], why: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in files {
        let code = source::without_test_items(&source::code_only(text));
        for needle in banned {
            for line in uses_of(&code, needle) {
                found.push(format!(
                    "{}:{line}: uses `{needle}` ({why})",
                    path.display()
                ));
            }
        }
    }
    found
}

/// Dependencies on a library reserved for other crates (`rusqlite_migration` counts as
/// `rusqlite`, `tokio-tungstenite` as `tokio`), dev-dependencies aside.
pub fn reserved_dependencies(packages: &[Package]) -> Vec<String> {
    let mut found = Vec::new();
    for p in packages {
        for d in p.dependencies.iter().filter(|d| d.kind != "dev") {
            for (library, owners) in ONLY_IN {
                let family = d.name == *library
                    || d.name.starts_with(&format!("{library}-"))
                    || d.name.starts_with(&format!("{library}_"));
                if family && !owners.contains(&p.name.as_str()) {
                    found.push(format!(
                        "{} depends on {} ({library} belongs only to {})",
                        p.name,
                        d.name,
                        owners.join(" and ")
                    ));
                }
            }
        }
    }
    found
}

/// Files whose first line is not a `//!` comment saying what the module is for.
pub fn undocumented(files: &[(PathBuf, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, text)| {
            !text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("//!"))
        })
        .map(|(path, _)| {
            format!(
                "{}: does not start with a `//!` line saying its job",
                path.display()
            )
        })
        .collect()
}

/// Files on disk that no module declares: they are never compiled, so they prove nothing.
pub fn orphans(on_disk: &BTreeSet<PathBuf>, declared: &BTreeSet<PathBuf>) -> Vec<String> {
    on_disk
        .difference(declared)
        .map(|p| format!("{}: no module declares this file", p.display()))
        .collect()
}

/// The `.rs` files under `dir`, leaving out `node_modules` (the JS peers' dependencies).
pub fn rust_files(dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "node_modules") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.insert(normalize(&path));
            }
        }
    }
    found
}

/// The crates' product files (path, text), by crate name.
pub fn product_sources(packages: &[Package]) -> BTreeMap<String, Vec<(PathBuf, String)>> {
    packages
        .iter()
        .map(|p| {
            let files = module_tree(p)
                .product
                .into_iter()
                .filter_map(|path| std::fs::read_to_string(&path).ok().map(|t| (path, t)))
                .collect();
            (p.name.clone(), files)
        })
        .collect()
}
