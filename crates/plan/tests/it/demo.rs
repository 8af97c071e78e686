//! The demo plan, `assets/demo/demo.json`: a fictional district carried through every section.
//! It loads losslessly, its template copy is the built-in it names, it fills every part and field
//! of the plan, and its coherence report holds exactly the findings it was written to show
//! (listed in `assets/demo/README.md`).
//!
//! The file is kept in canonical form (what `Plan::content()` serialises to, pretty-printed). After
//! editing it by hand, or after changing the `dsdp` template, run
//! `THROUGHLINE_UPDATE_DEMO=1 cargo test -p throughline-plan --test it demo::` to rewrite it in
//! that form with a fresh copy of the template, then run the tests again without the variable.

use std::path::PathBuf;

use serde_json::Value;
use throughline_plan::parts::ROOTS;
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::section::SectionId;
use throughline_plan::template::builtin_templates;
use throughline_plan::vocab::Unit;
use throughline_plan::{balance, coherence, Plan, PlanContent, Template, FORMAT};

const DEMO: &str = include_str!("../../../../assets/demo/demo.json");

/// The template the demo is written in.
const TEMPLATE_ID: &str = "dsdp";

fn demo_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/demo.json")
}

fn builtin(id: &str) -> Template {
    builtin_templates()
        .into_iter()
        .find(|t| t.id == id)
        .expect("built-in template")
}

fn demo() -> PlanContent {
    Plan::content_from_json(DEMO).expect("demo.json parses")
}

/// The canonical text of a plan's content: what `content()` gives, pretty-printed.
fn canonical(content: &PlanContent) -> String {
    let mut text = serde_json::to_string_pretty(content).unwrap();
    text.push('\n');
    text
}

#[test]
fn demo_round_trips_losslessly() {
    let input = demo();
    assert_eq!(input.format, FORMAT);
    let plan = Plan::from_content(7, &input).expect("demo.json validates");
    let output = plan.content();
    assert!(
        output == input,
        "content() differs from demo.json; first differing part: {}",
        first_difference(&input, &output)
    );

    // The same through the bytes a plan file or a peer would hold.
    let copy = Plan::empty(8);
    copy.apply_update(&plan.encode_state()).unwrap();
    assert_eq!(copy.content(), input);
}

/// Names the first top-level part (and item) where two contents differ, for a readable failure.
fn first_difference(a: &PlanContent, b: &PlanContent) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    for root in ROOTS {
        let (x, y) = (&a[root.name], &b[root.name]);
        if x == y {
            continue;
        }
        if let (Some(xs), Some(ys)) = (x.as_array(), y.as_array()) {
            for (i, (p, q)) in xs.iter().zip(ys).enumerate() {
                if p != q {
                    return format!("{}[{i}]:\n  file: {p}\n  read: {q}", root.name);
                }
            }
            return format!("{}: {} items vs {}", root.name, xs.len(), ys.len());
        }
        return format!("{}:\n  file: {x}\n  read: {y}", root.name);
    }
    "format".into()
}

#[test]
fn demo_file_is_canonical() {
    let path = demo_path();
    if std::env::var_os("THROUGHLINE_UPDATE_DEMO").is_some() {
        let mut value: Value = serde_json::from_str(DEMO).unwrap();
        value["record"]["template"] = serde_json::to_value(builtin(TEMPLATE_ID)).unwrap();
        let content: PlanContent = serde_json::from_value(value).unwrap();
        let plan = Plan::from_content(7, &content).expect("demo.json validates");
        std::fs::write(&path, canonical(&plan.content())).unwrap();
        return;
    }
    assert!(
        DEMO == canonical(&demo()),
        "assets/demo/demo.json is not in canonical form; run \
         THROUGHLINE_UPDATE_DEMO=1 cargo test -p throughline-plan --test it demo::"
    );
}

#[test]
fn demo_carries_the_builtin_template() {
    let template = demo()
        .record
        .template
        .expect("the demo carries its template");
    assert_eq!(
        template,
        builtin(TEMPLATE_ID),
        "the template copy in demo.json is stale; run \
         THROUGHLINE_UPDATE_DEMO=1 cargo test -p throughline-plan --test it demo::"
    );
}

#[test]
fn demo_is_clearly_fictional() {
    let c = demo();
    assert!(c.record.district.contains("(fictional)"));
}

/// The findings the demo was written to show, and no others: (code, path, field).
const DELIBERATE: &[(&str, &str, Option<&str>)] = &[
    (
        "root-cause-without-evidence",
        "root_causes/rc-mentoring",
        Some("evidence"),
    ),
    (
        "tactic-without-owner",
        "tactics/tc-advisory-scale",
        Some("owner"),
    ),
    ("ledger-unbalanced", "ledger", None),
    // The state literacy grant (years 1-2) pays the screener and consumables, which go on in
    // 2028-29; the foundation's gift pays the residency past the plan's last year.
    ("funding-cliff", "ledger/lg28-foundation", None),
    ("funding-cliff", "ledger/lg27-grant", None),
    (
        "measure-without-baseline",
        "measures/me-fidelity",
        Some("baseline"),
    ),
];

#[test]
fn demo_findings_are_exactly_the_deliberate_ones() {
    let findings = coherence(&demo());
    let got: Vec<(&str, &str, Option<&str>)> = findings
        .iter()
        .map(|f| (f.code, f.location.path.as_str(), f.location.field))
        .collect();
    assert_eq!(got, DELIBERATE, "{findings:#?}");

    let cliffs: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "funding-cliff")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(cliffs, [
        "Funding cliff in 2029-30: the one-time source “Cedar Hollow Community Foundation gift for the teacher resid…” ends after 2028-29, leaving $300,000.00 a year of recurring costs of “Launch a teacher residency with Cedar Valley State Universit…” uncovered.",
        "Funding cliff in 2028-29: the one-time source “State Early Literacy Acceleration Grant, year 2 of 2” ends after 2027-28, leaving $242,200.00 a year of recurring costs of “Buy the adopted curriculum and deliver complete materials to…”, “Give one universal literacy screener three times a year and …” uncovered.",
    ]);

    let gap = findings
        .iter()
        .find(|f| f.code == "ledger-unbalanced")
        .unwrap();
    assert_eq!(gap.location.section, SectionId::Ledger);
    assert!(
        gap.message.contains("2028-29") && gap.message.contains("$48,400.00"),
        "{}",
        gap.message
    );
}

#[test]
fn demo_ledger_balances_except_the_deliberate_gap() {
    let b = balance(&demo());
    let rows: Vec<(&str, Unit, i64)> = b
        .rows
        .iter()
        .map(|r| (r.fiscal_year.as_str(), r.unit, r.gap))
        .collect();
    let mut want = Vec::new();
    for year in ["2026-27", "2027-28", "2028-29"] {
        for unit in [
            Unit::Usd,
            Unit::Fte,
            Unit::TeacherHours,
            Unit::StudentMinutes,
        ] {
            let gap = if (year, unit) == ("2028-29", Unit::Usd) {
                4_840_000
            } else {
                0
            };
            want.push((year, unit, gap));
        }
    }
    assert_eq!(rows, want);
}

/// Whether a JSON value counts as filled in: text that is not blank, a list or map with
/// something in it, `true`, any number.
fn filled(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(_) => true,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Whether a part (a singleton's object, or a collection's list) has any content.
fn has_content(part: &Value) -> bool {
    match part {
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => fields.values().any(filled),
        _ => false,
    }
}

#[test]
fn every_section_of_the_template_has_content() {
    let c = demo();
    let template = c.record.template.clone().unwrap();
    assert_eq!(template.id, TEMPLATE_ID);
    let value = serde_json::to_value(&c).unwrap();
    for section in template.section_ids() {
        let parts: Vec<_> = ROOTS
            .iter()
            .filter(|r| r.section == Some(section))
            .collect();
        assert!(!parts.is_empty(), "{section:?} holds no part");
        for root in parts {
            assert!(
                has_content(&value[root.name]),
                "section `{}` ({}): part `{}` is empty in the demo",
                section.as_str(),
                template.label(section),
                root.name
            );
        }
    }
}

#[test]
fn demo_has_content_in_every_section_of_every_template() {
    // The demo fills the canonical superset, so it reads well whichever template shows it.
    let value = serde_json::to_value(demo()).unwrap();
    for root in ROOTS {
        assert!(
            has_content(&value[root.name]),
            "part `{}` is empty in the demo",
            root.name
        );
    }
    assert!(SectionId::ALL
        .iter()
        .all(|s| ROOTS.iter().any(|r| r.section == Some(*s))));
}

/// Collects `root.field` paths that are never filled in across the given items.
fn unfilled_fields(path: &str, schema: &ItemSchema, items: &[&Value], out: &mut Vec<String>) {
    for field in schema.fields {
        let values: Vec<&Value> = items.iter().map(|i| &i[field.name]).collect();
        let name = format!("{path}.{}", field.name);
        if !values.iter().any(|v| filled(v)) {
            out.push(name.clone());
        }
        if let FieldKind::Items(sub) = field.kind {
            let nested: Vec<&Value> = values
                .iter()
                .filter_map(|v| v.as_array())
                .flatten()
                .collect();
            unfilled_fields(&name, sub, &nested, out);
        }
    }
}

#[test]
fn demo_fills_every_field_of_the_schema_somewhere() {
    // So that exports, the UI and third-party readers see every kind of value in one file.
    let value = serde_json::to_value(demo()).unwrap();
    let mut missing = Vec::new();
    for root in ROOTS {
        let items: Vec<&Value> = match &value[root.name] {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        unfilled_fields(root.name, root.schema, &items, &mut missing);
    }
    assert!(missing.is_empty(), "never filled in the demo: {missing:?}");
}

#[test]
fn demo_links_point_at_items_that_exist() {
    // `content()` drops dangling links, so the round trip would catch them too; this names them.
    let value = serde_json::to_value(demo()).unwrap();
    let ids = |coll: &str| -> Vec<String> {
        value[coll]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let members = ids("members");
    let mut bad = Vec::new();
    for root in ROOTS.iter().filter(|r| r.collection) {
        for item in value[root.name].as_array().unwrap() {
            for field in root.schema.fields {
                let targets: Vec<&str> = match (field.kind, &item[field.name]) {
                    (FieldKind::Ref(_), Value::String(id)) => vec![id.as_str()],
                    (FieldKind::Links(_), Value::Array(list)) => {
                        list.iter().filter_map(Value::as_str).collect()
                    }
                    _ => continue,
                };
                let (FieldKind::Ref(coll) | FieldKind::Links(coll)) = field.kind else {
                    continue;
                };
                let known = ids(coll);
                for t in targets {
                    if !known.iter().any(|k| k == t) {
                        bad.push(format!(
                            "{}/{} {} -> {t}",
                            root.name, item["id"], field.name
                        ));
                    }
                }
            }
        }
    }
    // Ratings are keyed by member id, and every rating is on the template's scale.
    let scale = demo().record.template.unwrap().capacity_scale.unwrap();
    for ind in demo().capacity {
        for (member, rating) in &ind.ratings {
            if !members.contains(member) {
                bad.push(format!("capacity/{} rated by unknown {member}", ind.id));
            }
            if scale.level(rating).is_none() {
                bad.push(format!(
                    "capacity/{} rating {rating} not on the scale",
                    ind.id
                ));
            }
        }
        if !ind.consensus.is_empty() && scale.level(&ind.consensus).is_none() {
            bad.push(format!("capacity/{} consensus off the scale", ind.id));
        }
    }
    // A process shift names a school-level change inside the statement it points at.
    for ps in demo().process_shifts {
        let st = demo()
            .statements
            .into_iter()
            .find(|s| Some(&s.id) == ps.statement.as_ref())
            .unwrap();
        if !st.school_changes.iter().any(|s| s.id == ps.school_change) {
            bad.push(format!("process_shifts/{} school_change", ps.id));
        }
    }
    // Reflections name sections.
    for r in demo().reflections {
        if SectionId::parse(&r.section).is_none() {
            bad.push(format!("reflections/{} section {}", r.id, r.section));
        }
    }
    // Agenda blocks name sections, last a positive time, and the agenda spans two days.
    for b in demo().agenda {
        if !b.section.is_empty() && SectionId::parse(&b.section).is_none() {
            bad.push(format!("agenda/{} section {}", b.id, b.section));
        }
        if b.minutes.unwrap_or(0) <= 0 || b.section.is_empty() && b.activity.is_none() {
            bad.push(format!(
                "agenda/{} needs minutes and a section or an activity",
                b.id
            ));
        }
    }
    let days: std::collections::BTreeSet<_> = demo().agenda.iter().map(|b| b.day).collect();
    assert_eq!(days.len(), 2, "the demo agenda runs two days: {days:?}");
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The demo's fitness: a plan of a size that gets done (5 strategies, 18 tactics), every
/// tactic paid for and every root cause answered, so it suggests nothing about its size or its
/// money. (Only what the demo was written to show is pinned: its other figures may grow.)
#[test]
fn demo_fitness() {
    let f = throughline_plan::fitness::fitness(&demo());
    let figure = |key: &str| {
        f.figures
            .iter()
            .find(|x| x.key == key)
            .map(|x| x.text.clone())
    };
    assert!(f.strategies <= throughline_plan::fitness::MOST_STRATEGIES);
    assert_eq!(
        figure("tactics_paid_for").unwrap(),
        format!("{0} of {0} (100%)", f.tactics)
    );
    let keys: Vec<&str> = f.guidance.iter().map(|g| g.key).collect();
    assert!(
        !keys.contains(&"size") && !keys.contains(&"paid_for"),
        "{:#?}",
        f.guidance
    );
}
