//! The programs' own demo plans, `assets/demo/nep.json`, `ers.json`, `rounds.json` and
//! `instll.json`: fictional districts carried through the distinctive parts of the
//! equity-redesign, resource-strategy, instructional-rounds and rapid-improvement templates.
//! Each loads losslessly, carries its built-in template, is in canonical form, has content in
//! every section its template shows, and its coherence report holds exactly the gaps it was
//! written to show (listed in `assets/demo/README.md`).
//!
//! After editing one by hand, run
//! `THROUGHLINE_UPDATE_DEMO=1 cargo test -p throughline-plan --test it program_demos::` to put
//! it back in canonical form with a fresh copy of its template.

use std::path::PathBuf;

use serde_json::Value;
use throughline_plan::parts::ROOTS;
use throughline_plan::template::builtin_templates;
use throughline_plan::{coherence, Plan, PlanContent};

struct Demo {
    template: &'static str,
    text: &'static str,
    /// The findings it was written to show, and no others: (code, path, field).
    deliberate: &'static [(&'static str, &'static str, Option<&'static str>)],
}

const DEMOS: &[Demo] = &[
    Demo {
        template: "nep",
        text: include_str!("../../../../assets/demo/nep.json"),
        deliberate: &[
            (
                "probe-without-amplify-dampen-criteria",
                "probes/pr-placement",
                Some("dampen_criteria"),
            ),
            (
                "problem-without-student-experience",
                "problems/pp-sorting",
                Some("evidence"),
            ),
            (
                "outcome-without-group-breakdown",
                "measures/me-ontrack",
                Some("breakdown"),
            ),
        ],
    },
    Demo {
        template: "ers",
        text: include_str!("../../../../assets/demo/ers.json"),
        deliberate: &[(
            "school-change-without-process-shift",
            "process_shifts",
            None,
        )],
    },
    Demo {
        template: "rounds",
        text: include_str!("../../../../assets/demo/rounds.json"),
        deliberate: &[
            ("role-team-without-sessions", "role_sessions", None),
            (
                "blueprint-year-without-accountable",
                "phases/ph-r-sustain",
                Some("accountabilities"),
            ),
        ],
    },
    Demo {
        template: "instll",
        text: include_str!("../../../../assets/demo/instll.json"),
        deliberate: &[
            (
                "indicator-not-a-priority-without-reason",
                "capacity/ci-i-family",
                Some("not_a_priority_reason"),
            ),
            (
                "indicator-full-without-sustaining",
                "capacity/ci-i-team",
                Some("sustained_by"),
            ),
        ],
    },
];

fn path_of(demo: &Demo) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/demo")
        .join(format!("{}.json", demo.template))
}

fn content(demo: &Demo) -> PlanContent {
    Plan::content_from_json(demo.text)
        .unwrap_or_else(|e| panic!("{}.json parses: {e}", demo.template))
}

fn canonical(content: &PlanContent) -> String {
    let mut text = serde_json::to_string_pretty(content).unwrap();
    text.push('\n');
    text
}

#[test]
fn program_demos_are_canonical_and_carry_their_builtin_template() {
    for demo in DEMOS {
        let builtin = builtin_templates()
            .into_iter()
            .find(|t| t.id == demo.template)
            .unwrap();
        if std::env::var_os("THROUGHLINE_UPDATE_DEMO").is_some() {
            let mut value: Value = serde_json::from_str(demo.text).unwrap();
            value["record"]["template"] = serde_json::to_value(&builtin).unwrap();
            let content: PlanContent = serde_json::from_value(value).unwrap();
            let plan = Plan::from_content(7, &content).expect("the demo validates");
            std::fs::write(path_of(demo), canonical(&plan.content())).unwrap();
            continue;
        }
        let c = content(demo);
        assert!(
            demo.text == canonical(&c),
            "assets/demo/{}.json is not in canonical form; run THROUGHLINE_UPDATE_DEMO=1 \
             cargo test -p throughline-plan --test it program_demos::",
            demo.template
        );
        assert_eq!(c.record.template.as_ref(), Some(&builtin));
        assert!(c.record.district.contains("(fictional)"));
    }
}

#[test]
fn program_demos_round_trip_losslessly() {
    for demo in DEMOS {
        let input = content(demo);
        let plan = Plan::from_content(7, &input).expect("the demo validates");
        assert!(
            plan.content() == input,
            "{} changes on the way in",
            demo.template
        );
        let copy = Plan::empty(8);
        copy.apply_update(&plan.encode_state()).unwrap();
        assert!(copy.content() == input);
    }
}

#[test]
fn program_demos_fill_every_section_their_template_shows() {
    for demo in DEMOS {
        let c = content(demo);
        let template = c.record.template.clone().unwrap();
        let value = serde_json::to_value(&c).unwrap();
        for section in template.section_ids() {
            let filled =
                ROOTS
                    .iter()
                    .filter(|r| r.section == Some(section))
                    .any(|root| match &value[root.name] {
                        Value::Array(items) => !items.is_empty(),
                        Value::Object(fields) => fields.values().any(|v| {
                            v.as_str().is_some_and(|s| !s.trim().is_empty())
                                || v.as_array().is_some_and(|a| !a.is_empty())
                        }),
                        _ => false,
                    });
            assert!(
                filled,
                "{}: section `{}` ({}) is empty",
                demo.template,
                section.as_str(),
                template.label(section)
            );
        }
        // Notice/Reflect answered, where the template asks for them.
        if template
            .sections
            .iter()
            .any(|s| !s.reflection_prompts.is_empty())
        {
            assert!(!c.reflections.is_empty(), "{}", demo.template);
        }
    }
}

#[test]
fn program_demo_findings_are_exactly_the_deliberate_ones() {
    for demo in DEMOS {
        let findings = coherence(&content(demo));
        let got: Vec<(&str, &str, Option<&str>)> = findings
            .iter()
            .map(|f| (f.code, f.location.path.as_str(), f.location.field))
            .collect();
        assert_eq!(got, demo.deliberate, "{}: {findings:#?}", demo.template);
    }
}
