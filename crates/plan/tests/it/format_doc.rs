//! `docs/plan-format.md` describes the document layout for other Yjs clients. Its tables are
//! generated from the schema (`ROOTS`) and checked here, so the doc cannot drift from the code:
//! after changing a part, run `THROUGHLINE_UPDATE_DOCS=1 cargo test -p throughline-plan --test it
//! format_doc::` to rewrite the generated regions, and review the diff.
//!
//! The doc's JavaScript example is run against a real `yjs` (from `tests/yjs`, installed by
//! `scripts/setup`) on a copy of the demo plan, and what it writes is read back here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use throughline_plan::order::between;
use throughline_plan::parts::{RootPart, ROOTS};
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::section::SectionId;
use throughline_plan::{coherence, Plan, PlanCommand, FORMAT};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc_path() -> PathBuf {
    workspace().join("docs/plan-format.md")
}

fn read_doc() -> String {
    std::fs::read_to_string(doc_path()).expect("docs/plan-format.md")
}

// ---- rendering --------------------------------------------------------------------------------

/// A doc comment as one line.
fn doc_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn code_list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// (Yjs type, value) of a field kind.
fn kind_cells(kind: FieldKind) -> (String, String) {
    let (t, v) = match kind {
        FieldKind::Text => ("`Y.Text`".into(), "prose, plain text".into()),
        FieldKind::Str => ("string".into(), "written whole".into()),
        FieldKind::Int => ("number".into(), "whole number, at most ±(2^53 − 1)".into()),
        FieldKind::Num => ("number".into(), "any finite number".into()),
        FieldKind::Bool => ("boolean".into(), String::new()),
        FieldKind::Date => ("string".into(), "date `YYYY-MM-DD`".into()),
        FieldKind::FiscalYear => ("string".into(), "fiscal year `YYYY-YY`".into()),
        FieldKind::Enum(v) => ("string".into(), format!("one of {}", code_list(v.keys))),
        FieldKind::Ref(c) => ("string".into(), format!("id of an item of `{c}`")),
        FieldKind::Links(c) => (
            "`Y.Map` id → `true`".into(),
            format!("ids of items of `{c}`"),
        ),
        FieldKind::Tags => ("`Y.Map` label → `true`".into(), "free labels".into()),
        FieldKind::Ratings => (
            "`Y.Map` member id → string".into(),
            "rating keys of the plan's scale".into(),
        ),
        FieldKind::Items(s) => (
            "`Y.Map` id → item `Y.Map`".into(),
            format!("nested {} items (`{}…` ids), below", s.noun, s.id_prefix),
        ),
        FieldKind::Json => ("JSON value".into(), "written whole".into()),
    };
    (t, v)
}

fn field_table(schema: &ItemSchema, item: bool, out: &mut String) {
    out.push_str("| Key | Yjs type | Value | Meaning |\n|---|---|---|---|\n");
    if item {
        out.push_str(
            "| `order` | string | order key | Position among its siblings (see *Order*). |\n",
        );
    }
    for f in schema.fields {
        let (t, v) = kind_cells(f.kind);
        let _ = writeln!(out, "| `{}` | {t} | {v} | {} |", f.name, doc_line(f.doc));
    }
}

/// Nested item schemas reachable from a part, each once, in field order.
fn nested(schema: &'static ItemSchema, out: &mut Vec<&'static ItemSchema>) {
    for f in schema.fields {
        if let FieldKind::Items(sub) = f.kind {
            if !out.iter().any(|s| std::ptr::eq(*s, sub)) {
                out.push(sub);
                nested(sub, out);
            }
        }
    }
}

fn section_name(root: &RootPart) -> String {
    root.section
        .map_or_else(|| "—".to_string(), |s| format!("`{}`", s.as_str()))
}

fn render_roots() -> String {
    let mut out =
        String::from("| Root `Y.Map` | Holds | Section | Id prefix |\n|---|---|---|---|\n");
    for r in ROOTS {
        let holds = if r.collection {
            format!("{} items, keyed by id", r.schema.noun)
        } else {
            format!("the {} fields", r.schema.noun)
        };
        let prefix = if r.collection {
            format!("`{}`", r.schema.id_prefix)
        } else {
            "—".into()
        };
        let _ = writeln!(
            out,
            "| `{}` | {holds} | {} | {prefix} |",
            r.name,
            section_name(r)
        );
    }
    out
}

fn render_fields() -> String {
    let mut out = String::new();
    let mut subs: Vec<&'static ItemSchema> = Vec::new();
    for r in ROOTS {
        let _ = writeln!(out, "### `{}`\n", r.name);
        let shape = if r.collection {
            format!(
                "A collection: the root map's keys are item ids (`{}…`), each value an item `Y.Map` with these keys.",
                r.schema.id_prefix
            )
        } else {
            "A single part: the root map holds these keys itself.".to_string()
        };
        let _ = writeln!(out, "{} {shape}\n", doc_line(r.schema.doc));
        field_table(r.schema, r.collection, &mut out);
        out.push('\n');
        nested(r.schema, &mut subs);
    }
    out.push_str("### Nested items\n\n");
    out.push_str(
        "Held inside a parent item under the field that names them, as a `Y.Map` of id → item `Y.Map`, \
         ordered by `order` like a collection.\n\n",
    );
    for s in subs {
        let users: Vec<String> = ROOTS
            .iter()
            .flat_map(|r| {
                r.schema.fields.iter().filter_map(move |f| match f.kind {
                    FieldKind::Items(x) if std::ptr::eq(x, s) => {
                        Some(format!("`{}.{}`", r.name, f.name))
                    }
                    _ => None,
                })
            })
            .collect();
        let _ = writeln!(
            out,
            "#### {} (`{}…`)\n\n{} Used in {}.\n",
            s.noun,
            s.id_prefix,
            doc_line(s.doc),
            users.join(", ")
        );
        field_table(s, true, &mut out);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

fn render_links() -> String {
    let mut out = String::from("| When an item of | is removed, delete its id from |\n|---|---|\n");
    for target in ROOTS.iter().filter(|r| r.collection) {
        let mut places = Vec::new();
        for r in ROOTS.iter().filter(|r| r.collection) {
            for f in r.schema.fields {
                match f.kind {
                    FieldKind::Links(c) if c == target.name => {
                        places.push(format!("`{}.{}` (key)", r.name, f.name));
                    }
                    FieldKind::Ref(c) if c == target.name => {
                        places.push(format!("`{}.{}` (value)", r.name, f.name));
                    }
                    _ => {}
                }
            }
        }
        if !places.is_empty() {
            let _ = writeln!(out, "| `{}` | {} |", target.name, places.join(", "));
        }
    }
    out
}

const ORDER_CASES: &[(Option<&str>, Option<&str>)] = &[
    (None, None),
    (Some("i"), None),
    (None, Some("i")),
    (Some("i"), Some("r")),
    (Some("i"), Some("j")),
    (Some("z"), None),
    (Some("zz"), None),
    (Some("i"), Some("i4")),
    (Some("1"), Some("2")),
    (Some("a9"), Some("b")),
    (Some("r"), Some("i")),
];

fn render_order_examples() -> String {
    let show = |k: Option<&str>| k.map_or_else(|| "none".to_string(), |k| format!("`{k}`"));
    let mut out = String::from("| before | after | key |\n|---|---|---|\n");
    for (a, b) in ORDER_CASES {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` |",
            show(*a),
            show(*b),
            between(*a, *b)
        );
    }
    out
}

fn render_sections() -> String {
    let mut out = String::from("| Section id | Neutral label |\n|---|---|\n");
    for s in SectionId::ALL {
        let _ = writeln!(out, "| `{}` | {} |", s.as_str(), s.default_label());
    }
    out
}

fn generated() -> Vec<(&'static str, String)> {
    vec![
        ("roots", render_roots()),
        ("sections", render_sections()),
        ("links", render_links()),
        ("order-examples", render_order_examples()),
        ("fields", render_fields()),
    ]
}

/// Replaces (or checks) the text between `<!-- generated:NAME -->` and `<!-- end:NAME -->`.
fn splice(doc: &str, name: &str, body: &str) -> String {
    let begin = format!("<!-- generated:{name} -->\n");
    let end = format!("<!-- end:{name} -->");
    let i = doc
        .find(&begin)
        .unwrap_or_else(|| panic!("docs/plan-format.md lacks {begin}"))
        + begin.len();
    let j = doc[i..]
        .find(&end)
        .unwrap_or_else(|| panic!("docs/plan-format.md lacks {end}"))
        + i;
    format!("{}\n{}\n{}", &doc[..i], body.trim_end(), &doc[j..])
}

#[test]
fn generated_regions_match_the_schema() {
    let doc = read_doc();
    let mut want = doc.clone();
    for (name, body) in generated() {
        want = splice(&want, name, &body);
    }
    if std::env::var_os("THROUGHLINE_UPDATE_DOCS").is_some() {
        std::fs::write(doc_path(), &want).unwrap();
        return;
    }
    assert!(
        doc == want,
        "docs/plan-format.md is out of date with the schema; run \
         THROUGHLINE_UPDATE_DOCS=1 cargo test -p throughline-plan --test it format_doc::"
    );
}

#[test]
fn doc_states_the_current_format_version() {
    let doc = read_doc();
    let first = doc.lines().find(|l| l.contains("Format version")).unwrap();
    assert!(
        first.contains(&format!("Format version: {FORMAT}")),
        "the top of docs/plan-format.md must state format version {FORMAT}: {first}"
    );
}

// ---- the JavaScript example, run against real yjs ---------------------------------------------

/// The code block that follows `<!-- example:NAME -->` in the doc.
fn example(doc: &str, name: &str) -> String {
    let marker = format!("<!-- example:{name} -->");
    let at = doc.find(&marker).expect("example marker") + marker.len();
    let rest = &doc[at..];
    let open = rest.find("```js\n").expect("a js block after the marker") + "```js\n".len();
    let close = rest[open..].find("\n```").expect("closing fence") + open;
    rest[open..close].to_string() + "\n"
}

fn node() -> PathBuf {
    test_support::tool("node", "nodejs")
}

const HARNESS: &str = r#"
import * as Y from 'yjs'
import { readFileSync, writeFileSync } from 'node:fs'
import { between, addStrategy } from './plan-example.mjs'

const [statePath, outPath, casesPath] = process.argv.slice(2)
const doc = new Y.Doc()
Y.applyUpdate(doc, readFileSync(statePath))
const seen = Y.encodeStateVector(doc)

const id = addStrategy(doc, {
  name: 'Family reading partnership',
  statement: 'ta-literacy',
  studentGroups: ['English learners', 'K-3 students'],
  owner: 'm-brooks',
  priority: 6,
})
// Type into the description, as an editor binding would: positions are UTF-16 code units.
const description = doc.getMap('strategies').get(id).get('description')
description.insert(0, 'Families read 📚 at home')
description.insert(description.length, ' every week.')
description.delete(0, 'Families'.length)
description.insert(0, 'Parents')

const cases = JSON.parse(readFileSync(casesPath, 'utf8'))
const order = cases.map(([a, b]) => between(a, b))
writeFileSync(outPath, Y.encodeStateAsUpdate(doc, seen))
console.log(JSON.stringify({ id, order }))
"#;

#[test]
fn js_example_adds_a_strategy_that_throughline_reads() {
    let yjs = workspace().join("tests/yjs");
    assert!(
        yjs.join("node_modules/yjs").is_dir(),
        "tests/yjs/node_modules is missing: run scripts/setup (it runs npm ci in tests/yjs)"
    );
    let node = node();
    let doc = read_doc();

    // A scratch directory whose node_modules resolves to tests/yjs's.
    let dir = std::env::temp_dir().join(format!("throughline-format-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let modules = dir.join("node_modules");
    if !modules.exists() {
        std::os::unix::fs::symlink(yjs.join("node_modules"), &modules).unwrap();
    }
    std::fs::write(
        dir.join("plan-example.mjs"),
        example(&doc, "plan-example.mjs"),
    )
    .unwrap();
    std::fs::write(dir.join("harness.mjs"), HARNESS).unwrap();

    let demo = Plan::content_from_json(include_str!("../../../../assets/demo/demo.json")).unwrap();
    let plan = Plan::from_content(7, &demo).unwrap();
    std::fs::write(dir.join("state.bin"), plan.encode_state()).unwrap();
    let cases: Vec<(Option<&str>, Option<&str>)> = ORDER_CASES.to_vec();
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_string(&cases).unwrap(),
    )
    .unwrap();

    let run = Command::new(node)
        .current_dir(&dir)
        .args(["harness.mjs", "state.bin", "out.bin", "cases.json"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "node failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let update = std::fs::read(dir.join("out.bin")).unwrap();
    std::fs::remove_dir_all(&dir).ok();

    // The JavaScript order keys are the Rust ones.
    let want: Vec<String> = ORDER_CASES.iter().map(|(a, b)| between(*a, *b)).collect();
    assert_eq!(report["order"], serde_json::json!(want));

    // Throughline reads the strategy the JavaScript client added, last, with every field.
    plan.apply_update(&update).unwrap();
    let c = plan.content();
    let id = report["id"].as_str().unwrap();
    assert!(id.starts_with("st") && id.contains('.'), "{id}");
    let st = c.strategies.last().unwrap();
    assert_eq!(st.id, id);
    assert_eq!(st.name, "Family reading partnership");
    assert_eq!(st.description, "Parents read 📚 at home every week.");
    assert_eq!(st.statements, ["ta-literacy"]);
    assert_eq!(st.student_groups, ["English learners", "K-3 students"]);
    assert_eq!(st.owner.as_deref(), Some("m-brooks"));
    assert_eq!(st.priority, Some(6));
    assert_eq!(c.strategies.len(), demo.strategies.len() + 1);

    // Its prose is a real Y.Text, shared with Throughline's UTF-16 positions: append after the
    // emoji (two UTF-16 units) and the text comes out whole.
    let len = u32::try_from(st.description.encode_utf16().count()).unwrap();
    plan.apply(&PlanCommand::EditText {
        at: format!("strategies/{id}"),
        field: "description".into(),
        index: len,
        delete: 0,
        insert: " Books in three languages.".into(),
    })
    .unwrap();
    assert_eq!(
        plan.content().strategies.last().unwrap().description,
        "Parents read 📚 at home every week. Books in three languages."
    );

    // Throughline's coherence report sees it like any other strategy.
    let findings = coherence(&plan.content());
    assert!(findings
        .iter()
        .any(|f| f.code == "strategy-without-measure"
            && f.location.path == format!("strategies/{id}")));
}
