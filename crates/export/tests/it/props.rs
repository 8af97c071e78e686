//! Any plan exports in every format without panicking, and the Markdown escaping keeps any text
//! exactly as typed.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use throughline_export::{export, ExportInput, Format, Signoff, VersionStamp};
use throughline_plan::parts::{PlanContent, ROOTS};
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::template::builtin_templates;

use crate::support;

/// Text people might type, hostile and odd text included.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 .,;:'\"()&<>|#*_`~!\\[\\]\\-+=/\\\\\n]{0,40}",
        1 => any::<String>(),
        1 => Just(String::new()),
        1 => prop::sample::select(vec![
            "<script>alert(1)</script>".to_string(),
            "# heading".into(),
            "| a | b |".into(),
            "1. one\n2) two\n- three\n+ four\n===\n---".into(),
            "&amp; &#65; &copy".into(),
            "emoji 👩🏽‍🏫 and 中文 and عربى".into(),
            "\u{0}\u{1}\u{b}\u{feff}\u{fffe}\u{200d}".into(),
            "    indented code?\n\ttabbed".into(),
        ]),
    ]
    .boxed()
}

fn id_of(collection: &str, n: u8) -> String {
    let prefix = throughline_plan::parts::root(collection)
        .map(|r| r.schema.id_prefix)
        .unwrap_or("x");
    format!("{prefix}{n}")
}

fn value(kind: FieldKind, depth: u32) -> BoxedStrategy<Value> {
    match kind {
        FieldKind::Text | FieldKind::Str => text().prop_map(Value::String).boxed(),
        FieldKind::Int => prop_oneof![
            Just(Value::Null),
            any::<i64>().prop_map(Value::from),
            (-5_000_000_000i64..5_000_000_000).prop_map(Value::from),
        ]
        .boxed(),
        FieldKind::Num => {
            prop_oneof![Just(Value::Null), (-1.0e9f64..1.0e9).prop_map(Value::from),].boxed()
        }
        FieldKind::Bool => any::<bool>().prop_map(Value::from).boxed(),
        FieldKind::Date => prop_oneof![
            Just(Value::Null),
            (2020i32..2032, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| Value::from(format!("{y:04}-{m:02}-{d:02}"))),
            text().prop_map(Value::String),
        ]
        .boxed(),
        FieldKind::FiscalYear => prop_oneof![
            Just(Value::Null),
            (2024i32..2031).prop_map(|y| Value::from(format!("{y}-{:02}", (y + 1) % 100))),
        ]
        .boxed(),
        FieldKind::Enum(vocabulary) => prop_oneof![
            Just(Value::Null),
            prop::sample::select(vocabulary.keys.to_vec()).prop_map(Value::from),
        ]
        .boxed(),
        FieldKind::Ref(c) => prop_oneof![
            Just(Value::Null),
            (0u8..4).prop_map(move |n| Value::from(id_of(c, n))),
        ]
        .boxed(),
        FieldKind::Links(c) => prop::collection::vec(0u8..4, 0..3)
            .prop_map(move |ns| {
                Value::from(ns.into_iter().map(|n| id_of(c, n)).collect::<Vec<_>>())
            })
            .boxed(),
        FieldKind::Tags => prop::collection::vec(text(), 0..3)
            .prop_map(|t| json!(t))
            .boxed(),
        FieldKind::Ratings => {
            prop::collection::btree_map("m[0-3]", "[1-4]|dont_know|[a-z]{0,5}", 0..3)
                .prop_map(|m| json!(m))
                .boxed()
        }
        FieldKind::Items(schema) if depth < 1 => items(schema, 3, depth + 1),
        FieldKind::Items(_) => Just(json!([])).boxed(),
        FieldKind::Json => prop_oneof![
            Just(Value::Null),
            (0usize..6, any::<bool>(), any::<bool>()).prop_map(|(i, shuffle, cut)| {
                let mut t = builtin_templates().swap_remove(i);
                if shuffle {
                    t.sections.reverse();
                }
                if cut {
                    t.sections.truncate(3);
                }
                serde_json::to_value(t).unwrap()
            }),
        ]
        .boxed(),
    }
}

fn object(schema: &'static ItemSchema, depth: u32) -> BoxedStrategy<Map<String, Value>> {
    let fields: Vec<BoxedStrategy<(String, Value)>> = schema
        .fields
        .iter()
        .map(|f| {
            value(f.kind, depth)
                .prop_map(move |v| (f.name.to_string(), v))
                .boxed()
        })
        .collect();
    fields
        .prop_map(|pairs| pairs.into_iter().collect::<Map<String, Value>>())
        .boxed()
}

fn items(schema: &'static ItemSchema, max: usize, depth: u32) -> BoxedStrategy<Value> {
    prop::collection::vec(object(schema, depth), 0..max)
        .prop_map(move |objs| {
            Value::Array(
                objs.into_iter()
                    .enumerate()
                    .map(|(n, mut o)| {
                        o.insert("id".into(), Value::from(format!("{}{n}", schema.id_prefix)));
                        Value::Object(o)
                    })
                    .collect(),
            )
        })
        .boxed()
}

/// Plan content of every shape the plan JSON can hold: each part, each field kind, links that
/// point nowhere, templates reordered or cut short, or none at all.
fn plan() -> impl Strategy<Value = PlanContent> {
    let parts: Vec<BoxedStrategy<(String, Value)>> = ROOTS
        .iter()
        .map(|root| {
            let v = if root.collection {
                items(root.schema, 5, 0)
            } else {
                object(root.schema, 0).prop_map(Value::Object).boxed()
            };
            v.prop_map(move |v| (root.name.to_string(), v)).boxed()
        })
        .collect();
    parts.prop_map(|pairs| {
        let mut obj: Map<String, Value> = pairs.into_iter().collect();
        obj.insert("format".into(), Value::from(1));
        serde_json::from_value::<PlanContent>(Value::Object(obj))
            .expect("generated plan JSON fits the model")
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_plan_exports_in_every_format(content in plan(), findings in any::<bool>(), versioned in any::<bool>(), name in text()) {
        let input = ExportInput {
            content: &content,
            version: versioned.then(|| VersionStamp { label: name.clone(), at: name.clone(), content_hash: name.clone() }),
            signoffs: vec![Signoff { name: name.clone(), role: name.clone(), at: "2026-01-01T00:00:00Z".into(), version_label: name.clone(), content_hash: String::new() }],
            include_findings: findings,
            exported_on: support::exported_on(),
            fonts: Some(support::fonts()),
            lens: None,
            profile: None,
        };
        for format in Format::ALL {
            let bytes = export(&input, format);
            prop_assert!(bytes.is_ok(), "{format}: {:?}", bytes.err());
            prop_assert!(!bytes.unwrap_or_default().is_empty());
        }
    }
}

/// The words a CommonMark reader finds in `md` (whitespace dropped: line breaks, list markers
/// and paragraph spacing are structure, not words; so is the `•` a quoted list is written
/// with), and whether it found raw HTML.
fn words(md: &str, options: pulldown_cmark::Options) -> (String, bool) {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    let mut html = false;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => {
                html = true;
                text.push_str(&t);
            }
            _ => {}
        }
    }
    (
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '•')
            .collect(),
        html,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Prose is read as CommonMark: whatever someone types comes back from a Markdown reader
    /// (one that knows tables and strikethrough, as most do) with the words CommonMark reads in
    /// what was typed (raw HTML shown as the text that was typed), and never as raw HTML.
    #[test]
    fn markdown_reads_back_as_typed(typed in "[a-zA-Z0-9 .,;:'\"()&<>|#*_`~!\\[\\]\\-+=/\\\\\n{}$%^?@]{1,60}") {
        use pulldown_cmark::Options;
        let mut content = PlanContent::default();
        content.focus.aim = typed.clone();
        let input = ExportInput {
            content: &content,
            version: None,
            signoffs: Vec::new(),
            include_findings: false,
            exported_on: support::exported_on(),
            fonts: None,
            lens: None,
            profile: None,
        };
        let md = String::from_utf8(export(&input, Format::Markdown).unwrap()).unwrap();
        let section = md.split("### Aim\n\n").nth(1);
        let (expected, _) = words(&typed, Options::empty());
        if typed.trim().is_empty() {
            prop_assert!(section.is_none(), "blank text writes no Aim heading");
        } else {
            let rest = section.unwrap_or_default();
            let end = [rest.find("\n## "), rest.find("\n### ")].into_iter().flatten().min().unwrap_or(rest.len());
            let written = &rest[..end];
            let (got, html) = words(written, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
            prop_assert!(!html, "`{written}` holds raw HTML");
            prop_assert_eq!(got, expected, "markdown was {:?}", written);
        }
    }
}
