//! The template files and their loader: built-ins parse, labels follow each program's words,
//! mistakes are reported one line at a time naming the field, add-ons combine.

use proptest::prelude::*;
use throughline_plan::section::SectionId;
use throughline_plan::template::{
    builtin_source, builtin_templates, try_builtin_templates, ObjectKind, RatingScale, Template,
    TemplateError, TemplateLibrary, BUILTIN_IDS,
};

fn builtin(id: &str) -> Template {
    builtin_templates()
        .into_iter()
        .find(|t| t.id == id)
        .expect("builtin exists")
}

fn ids(t: &Template) -> Vec<&'static str> {
    t.section_ids().map(SectionId::as_str).collect()
}

// ---- the built-in set -----------------------------------------------------------------------

#[test]
fn every_builtin_parses_and_validates_in_order() {
    let all = try_builtin_templates().expect("all builtins parse");
    let got: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        got,
        [
            "dsdp",
            "nep",
            "ers",
            "rounds",
            "instll",
            "improvement-science"
        ]
    );
    assert_eq!(got, BUILTIN_IDS);
    assert_eq!(builtin_templates(), all);
    for t in &all {
        t.validate(&t.id).expect("validates");
        assert!(
            !t.description.trim().is_empty() && !t.program.trim().is_empty(),
            "{}",
            t.id
        );
        for s in &t.sections {
            assert!(
                (2..=4).contains(&s.prompts.len()),
                "{} {}: {} prompts",
                t.id,
                s.id.as_str(),
                s.prompts.len()
            );
        }
        if t.add_on {
            assert!(t.capacity_scale.is_none());
        } else {
            assert!(t.capacity_scale.is_some(), "{}", t.id);
            assert!(
                !t.capacity_indicators.is_empty(),
                "{} has seed indicators",
                t.id
            );
            assert!(
                t.section(SectionId::Capacity).is_some(),
                "{} rates capacity",
                t.id
            );
        }
        let source = builtin_source(&t.id).expect("source");
        assert!(
            source.contains("MAKE YOUR OWN"),
            "{} has a how-to header",
            t.id
        );
    }
    assert_eq!(all.iter().filter(|t| t.add_on).count(), 1);
}

#[test]
fn builtins_round_trip_through_toml_and_json() {
    for t in builtin_templates() {
        let text = toml::to_string(&t).expect("serialize");
        assert_eq!(
            Template::from_toml(&text, "round-trip").expect("reparse"),
            t,
            "{}",
            t.id
        );
        let json = serde_json::to_string(&t).expect("json");
        assert_eq!(
            serde_json::from_str::<Template>(&json).expect("json back"),
            t
        );
    }
}

#[test]
fn dsdp_two_phases_in_its_words() {
    let t = builtin("dsdp");
    assert_eq!(
        ids(&t),
        [
            "team",
            "evidence",
            "capacity",
            "problems",
            "root_causes",
            "vision",
            "theory_of_action",
            "strategies",
            "tactics",
            "ledger",
            "process_shifts",
            "measures",
            "implementation"
        ]
    );
    assert_eq!(t.label(SectionId::Team), "District leadership team");
    assert_eq!(t.label(SectionId::Evidence), "Contextual analysis");
    assert_eq!(t.label(SectionId::ProcessShifts), "System design");
    assert_eq!(t.label(SectionId::Measures), "Targets");
    assert_eq!(t.label(SectionId::Implementation), "Redesign plan");
    let scale = t.capacity_scale.as_ref().unwrap();
    let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Not in place", "Emerging", "Developing", "Established"]
    );
    assert_eq!(scale.level("3").unwrap().label, "Developing");
    assert!(!scale.allows_dont_know);
    // Not in the template: neutral label and words.
    assert_eq!(t.label(SectionId::StudentExperience), "Student experience");
    assert!(t.section(SectionId::StudentExperience).is_none());
    assert_eq!(t.term(ObjectKind::LearningCycle).singular, "Learning cycle");
}

#[test]
fn nep_centres_student_experience_and_reflects_on_every_section() {
    let t = builtin("nep");
    assert!(t.section(SectionId::StudentExperience).is_some());
    assert!(t.section(SectionId::EquityLandscape).is_some());
    let order = ids(&t);
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    assert!(pos("student_experience") < pos("equity_landscape"));
    assert!(pos("equity_landscape") < pos("focus"));
    assert!(pos("focus") < pos("learning_cycles"));
    for s in &t.sections {
        assert!(
            s.reflection_prompts.iter().any(|p| p.starts_with("Notice"))
                && s.reflection_prompts
                    .iter()
                    .any(|p| p.starts_with("Reflect")),
            "{} lacks Notice/Reflect",
            s.id.as_str()
        );
    }
    assert_eq!(t.label(SectionId::Team), "Cross-role redesign team");
    assert_eq!(
        t.label(SectionId::Focus),
        "Direction for learning and action"
    );
    assert_eq!(t.label(SectionId::LearningCycles), "Safe-to-fail probes");
    assert_eq!(t.label(SectionId::Strategies), "Redesign innovations");
    assert_eq!(
        t.term(ObjectKind::PriorityProblem).singular,
        "Equity challenge"
    );
    assert!(t.sections[0].prompts.iter().any(|p| p.contains("students")));
}

#[test]
fn ers_strategic_priorities_trade_offs_process_shifts() {
    let t = builtin("ers");
    assert_eq!(t.label(SectionId::Strategies), "Strategic priorities");
    assert_eq!(t.label(SectionId::Ledger), "Tough trade-offs");
    assert_eq!(t.label(SectionId::ProcessShifts), "District process shifts");
    assert_eq!(t.label(SectionId::Tactics), "School-level changes");
    assert!(t
        .label(SectionId::TheoryOfAction)
        .contains("central-office supports"));
    let order = ids(&t);
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    assert!(pos("strategies") < pos("theory_of_action"));
    assert!(pos("theory_of_action") < pos("ledger"));
    assert!(pos("ledger") < pos("process_shifts"));
    let strategy = t.term(ObjectKind::Strategy);
    assert_eq!(
        (strategy.singular.as_str(), strategy.plural.as_str()),
        ("Strategic priority", "Strategic priorities")
    );
    let scale = t.capacity_scale.as_ref().unwrap();
    assert!(scale.allows_dont_know);
    let values: Vec<&str> = scale.levels.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(
        values,
        ["strongly_disagree", "disagree", "agree", "strongly_agree"]
    );
}

#[test]
fn rounds_guiding_focus_problem_of_practice_blueprint() {
    let t = builtin("rounds");
    assert_eq!(ids(&t)[0], "capacity");
    assert_eq!(t.label(SectionId::Capacity), "Capacity assessment");
    assert_eq!(t.label(SectionId::Focus), "Guiding focus");
    assert_eq!(t.label(SectionId::Problems), "Problem of practice");
    assert_eq!(t.label(SectionId::Team), "Role teams");
    assert_eq!(t.label(SectionId::Tactics), "Next level of work");
    assert!(t
        .label(SectionId::Implementation)
        .contains("Blueprint for action and accountability"));
    assert_eq!(ids(&t).last(), Some(&"implementation"));
    assert_eq!(
        t.term(ObjectKind::PriorityProblem).plural,
        "Problems of practice"
    );
}

#[test]
fn instll_catalysts_core_functions_indistar_scale() {
    let t = builtin("instll");
    assert_eq!(&ids(&t)[..4], ["team", "catalysts", "evidence", "capacity"]);
    assert_eq!(t.label(SectionId::Catalysts), "Catalysts and drivers");
    assert!(t.label(SectionId::Capacity).contains("Core functions"));
    let scale = t.capacity_scale.as_ref().unwrap();
    let values: Vec<&str> = scale.levels.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(values, ["none", "limited", "full"]);
    assert_eq!(scale.levels[2].label, "Full implementation");
    let functions: Vec<&str> = t
        .capacity_indicators
        .iter()
        .map(|i| i.function.as_str())
        .collect();
    for f in [
        "Leadership and vision",
        "Instruction",
        "Talent",
        "Data use",
        "Resource use",
        "Family and community engagement",
    ] {
        assert!(functions.contains(&f), "missing {f}");
    }
}

#[test]
fn improvement_science_is_an_add_on() {
    let t = builtin("improvement-science");
    assert!(t.add_on);
    assert_eq!(t.label(SectionId::Focus), "Aim");
    assert_eq!(t.label(SectionId::TheoryOfAction), "Driver diagram");
    assert_eq!(t.label(SectionId::Measures), "Family of measures");
    assert_eq!(t.label(SectionId::LearningCycles), "PDSA register");
    assert_eq!(t.term(ObjectKind::Tactic).singular, "Change idea");
}

#[test]
fn default_scale_and_neutral_words() {
    let scale = RatingScale::four_level();
    let dsdp = builtin("dsdp").capacity_scale.unwrap();
    let pairs = |s: &RatingScale| -> Vec<(String, String)> {
        s.levels
            .iter()
            .map(|l| (l.value.clone(), l.label.clone()))
            .collect()
    };
    assert_eq!(pairs(&scale), pairs(&dsdp));
    assert_eq!(scale.id, dsdp.id);
    let empty = throughline_plan::template::Vocabulary::default();
    for kind in ObjectKind::ALL {
        let term = empty.term(kind);
        assert!(
            !term.singular.is_empty() && !term.plural.is_empty(),
            "{}",
            kind.as_str()
        );
    }
}

// ---- bad templates --------------------------------------------------------------------------

const VALID: &str = r#"
id = "my-plan"
name = "My plan"
description = "A plan."
program = "Our own."

[capacity_scale]
id = "two"
name = "Two levels"
levels = [
  { value = "1", label = "Low" },
  { value = "2", label = "High" },
]

[vocabulary]
strategy = { singular = "Big move", plural = "Big moves" }

[[sections]]
id = "vision"
label = "Vision"
prompts = ["What will students experience?"]

[[sections]]
id = "strategies"
label = "Big moves"
"#;

fn edit(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture lacks {from:?}");
    VALID.replacen(from, to, 1)
}

#[test]
fn the_valid_fixture_loads_with_its_own_words() {
    let t = Template::from_toml(VALID, "mine.toml").unwrap();
    assert_eq!(t.term(ObjectKind::Strategy).plural, "Big moves");
    assert_eq!(t.term(ObjectKind::Tactic).plural, "Tactics");
    assert_eq!(t.label(SectionId::Strategies), "Big moves");
    assert_eq!(t.label(SectionId::Ledger), "Resource trade-offs");
}

/// (case, text, field reported, words the message must contain, line).
type BadCase = (
    &'static str,
    String,
    &'static str,
    Vec<&'static str>,
    Option<usize>,
);

#[test]
fn bad_templates_name_the_field_and_value() {
    let sections_only = VALID.split("[[sections]]").next().unwrap().to_owned();
    let cases: Vec<BadCase> = vec![
        ("empty id", edit(r#"id = "my-plan""#, r#"id = """#), "id", vec!["empty"], Some(2)),
        ("bad id", edit(r#"id = "my-plan""#, r#"id = "My Plan""#), "id", vec!["`My Plan`", "lowercase"], Some(2)),
        ("blank name", edit(r#"name = "My plan""#, r#"name = "  ""#), "name", vec!["empty"], Some(3)),
        (
            "duplicate section",
            format!("{VALID}\n[[sections]]\nid = \"vision\"\nlabel = \"Again\"\n"),
            "sections[2].id",
            vec!["`vision`", "twice"],
            Some(28),
        ),
        ("no sections", sections_only, "sections", vec!["at least one section"], None),
        (
            "empty label",
            edit(r#"label = "Big moves""#, r#"label = """#),
            "sections[1].label",
            vec!["`strategies`", "empty"],
            Some(25),
        ),
        (
            "one level",
            edit(r#"  { value = "2", label = "High" },"#, ""),
            "capacity_scale.levels",
            vec!["at least 2 levels", "found 1"],
            Some(10),
        ),
        (
            "duplicate level value",
            edit(r#"value = "2""#, r#"value = "1""#),
            "capacity_scale.levels[1].value",
            vec!["`1`", "two levels"],
            Some(12),
        ),
        (
            "bad level value",
            edit(r#"value = "2""#, r#"value = "Two""#),
            "capacity_scale.levels[1].value",
            vec!["`Two`"],
            Some(12),
        ),
        (
            "reserved level value",
            edit(r#"value = "2""#, r#"value = "dont_know""#),
            "capacity_scale.levels[1].value",
            vec!["allows_dont_know"],
            Some(12),
        ),
        (
            "unknown section id",
            edit(r#"id = "strategies""#, r#"id = "strategys""#),
            "sections[1].id",
            vec!["`strategys`", "root_causes"],
            Some(24),
        ),
        (
            "misspelt section field",
            edit(r#"label = "Big moves""#, r#"labl = "Big moves""#),
            "sections[1].labl",
            vec!["`labl`"],
            Some(25),
        ),
        (
            "missing label",
            edit("label = \"Big moves\"\n", ""),
            "sections[1]",
            vec!["missing field `label`"],
            Some(23),
        ),
        (
            "unknown vocabulary kind",
            edit("strategy = {", "strategie = {"),
            "vocabulary.strategie",
            vec!["`strategie`", "strategy"],
            Some(16),
        ),
        (
            "misspelt term field",
            edit(r#"plural = "Big moves""#, r#"plurals = "Big moves""#),
            "vocabulary.strategy.plurals",
            vec!["`plurals`"],
            Some(16),
        ),
        (
            "empty term",
            edit(r#"plural = "Big moves""#, r#"plural = """#),
            "vocabulary.strategy.plural",
            vec!["empty"],
            Some(16),
        ),
        ("unknown top-level field", format!("colour = \"red\"\n{VALID}"), "colour", vec!["`colour`"], Some(1)),
        ("wrong type", format!("add_on = \"yes\"\n{VALID}"), "add_on", vec!["yes", "bool"], Some(1)),
        (
            "missing scale",
            VALID.replace("[capacity_scale]\nid = \"two\"\nname = \"Two levels\"\nlevels = [\n  { value = \"1\", label = \"Low\" },\n  { value = \"2\", label = \"High\" },\n]\n", ""),
            "capacity_scale",
            vec!["add_on"],
            None,
        ),
        (
            "empty prompt",
            edit(r#"prompts = ["What will students experience?"]"#, r#"prompts = ["ok", " "]"#),
            "sections[0].prompts[1]",
            vec!["empty prompt", "`vision`"],
            Some(21),
        ),
        (
            "blank phase",
            edit("label = \"Vision\"\n", "label = \"Vision\"\nphase = \" \"\n")
                .replacen("label = \"Big moves\"", "label = \"Big moves\"\nphase = \"Two\"", 1),
            "sections[0].phase",
            vec!["`vision`", "empty"],
            Some(21),
        ),
        (
            "phase on some sections only",
            edit("label = \"Vision\"\n", "label = \"Vision\"\nphase = \"Phase 1\"\n"),
            "sections[1]",
            vec!["`strategies`", "no phase", "sections[0]"],
            Some(24),
        ),
        (
            "phase on two lines",
            edit("label = \"Vision\"\n", "label = \"Vision\"\nphase = \"Phase\\n1\"\n")
                .replacen("label = \"Big moves\"", "label = \"Big moves\"\nphase = \"Two\"", 1),
            "sections[0].phase",
            vec!["`Phase\\n1`", "one line"],
            Some(21),
        ),
        (
            "phase that comes back",
            format!(
                "{}\n[[sections]]\nid = \"tactics\"\nlabel = \"Tactics\"\nphase = \"One\"\n",
                edit("label = \"Vision\"\n", "label = \"Vision\"\nphase = \"One\"\n")
                    .replacen("label = \"Big moves\"", "label = \"Big moves\"\nphase = \"Two\"", 1)
            ),
            "sections[2].phase",
            vec!["`One`", "comes back after `Two`", "together"],
            Some(32),
        ),
        (
            "phase not a string",
            edit("label = \"Vision\"\n", "label = \"Vision\"\nphase = 1\n"),
            "sections[0].phase",
            vec!["string"],
            Some(21),
        ),
        (
            "duplicate indicator",
            format!("{VALID}\n[[capacity_indicators]]\nfunction = \"Talent\"\nindicator = \"X\"\n[[capacity_indicators]]\nfunction = \"Talent\"\nindicator = \"X\"\n"),
            "capacity_indicators[1].indicator",
            vec!["`X`", "twice"],
            None,
        ),
    ];
    for (case, text, field, words, line) in cases {
        let err = Template::from_toml(&text, "bad.toml").expect_err(case);
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "{case}: not one line: {msg}");
        assert!(msg.starts_with("bad.toml"), "{case}: no origin: {msg}");
        assert_eq!(err.field(), Some(field), "{case}: {msg}");
        assert!(
            msg.contains(&format!(": {field}: ")),
            "{case}: field not shown: {msg}"
        );
        for w in words {
            assert!(msg.contains(w), "{case}: {msg:?} lacks {w:?}");
        }
        if let Some(line) = line {
            assert!(
                msg.contains(&format!("line {line}:")),
                "{case}: expected line {line}: {msg}"
            );
        }
    }
}

#[test]
fn syntax_errors_give_a_line() {
    let err = Template::from_toml("id = \"x\nname = 3\n", "broken.toml").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, TemplateError::Parse { .. }));
    assert!(msg.starts_with("broken.toml, line 1"), "{msg}");
    assert!(!msg.contains('\n'));
    let err = Template::from_toml("", "empty.toml").unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

#[test]
fn an_add_on_needs_no_scale_or_sections() {
    let text =
        "id = \"extra\"\nname = \"Extra\"\ndescription = \"\"\nprogram = \"\"\nadd_on = true\n";
    let t = Template::from_toml(text, "extra.toml").unwrap();
    assert!(t.add_on && t.sections.is_empty() && t.capacity_scale.is_none());
}

// ---- combining with an add-on ---------------------------------------------------------------

#[test]
fn dsdp_with_improvement_science() {
    let lib = TemplateLibrary::builtin();
    let t = lib.resolve("dsdp+improvement-science").unwrap();
    assert_eq!(t.id, "dsdp+improvement-science");
    assert!(!t.add_on);
    assert_eq!(
        ids(&t),
        [
            "team",
            "evidence",
            "capacity",
            "problems",
            "root_causes",
            "focus",
            "vision",
            "theory_of_action",
            "strategies",
            "tactics",
            "ledger",
            "process_shifts",
            "measures",
            "learning_cycles",
            "implementation"
        ]
    );
    let dsdp = builtin("dsdp");
    let is = builtin("improvement-science");
    // Base labels stay; the add-on's prompts follow the base's.
    assert_eq!(t.label(SectionId::TheoryOfAction), "Theory of action");
    assert_eq!(t.label(SectionId::Measures), "Targets");
    let toa = t.section(SectionId::TheoryOfAction).unwrap();
    let base_n = dsdp
        .section(SectionId::TheoryOfAction)
        .unwrap()
        .prompts
        .len();
    assert_eq!(
        toa.prompts[..base_n],
        dsdp.section(SectionId::TheoryOfAction).unwrap().prompts[..]
    );
    assert_eq!(
        toa.prompts[base_n..],
        is.section(SectionId::TheoryOfAction).unwrap().prompts[..]
    );
    // New sections come with the add-on's labels.
    assert_eq!(t.label(SectionId::Focus), "Aim");
    assert_eq!(t.label(SectionId::LearningCycles), "PDSA register");
    // Vocabulary: the base's words win, the add-on fills gaps.
    assert_eq!(t.term(ObjectKind::Strategy).singular, "Strategy");
    assert_eq!(t.term(ObjectKind::Measure).singular, "Target");
    assert_eq!(t.term(ObjectKind::LearningCycle).singular, "PDSA cycle");
    assert_eq!(t.capacity_scale, dsdp.capacity_scale);
    assert_eq!(dsdp.with_add_on(&is).unwrap(), t);
}

#[test]
fn every_template_takes_the_add_on() {
    let lib = TemplateLibrary::builtin();
    for base in lib.bases() {
        let t = lib
            .resolve(&format!("{}+improvement-science", base.id))
            .unwrap();
        for id in ["focus", "theory_of_action", "measures", "learning_cycles"] {
            assert!(ids(&t).contains(&id), "{} lacks {id}", t.id);
        }
        let mut seen = std::collections::BTreeSet::new();
        assert!(
            t.sections.iter().all(|s| seen.insert(s.id)),
            "{} repeats a section",
            t.id
        );
        // The base's own order is kept.
        let kept: Vec<_> = t
            .section_ids()
            .filter(|id| base.section(*id).is_some())
            .collect();
        assert_eq!(kept, base.section_ids().collect::<Vec<_>>());
    }
    let rounds = lib.resolve("rounds+improvement-science").unwrap();
    let order = ids(&rounds);
    let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
    assert_eq!(pos("measures") + 1, pos("learning_cycles"));
}

#[test]
fn misuse_of_add_ons_is_explained() {
    let lib = TemplateLibrary::builtin();
    let cases: [(&str, &[&str]); 7] = [
        (
            "dsdp+nep",
            &["cannot combine `dsdp` with `nep`", "not an add-on"],
        ),
        (
            "improvement-science",
            &[
                "`improvement-science` is an add-on",
                "dsdp+improvement-science",
            ],
        ),
        ("improvement-science+dsdp", &["is an add-on"]),
        (
            "dsdp+improvement-science+improvement-science",
            &["already part of"],
        ),
        (
            "nope",
            &[
                "no template with id `nope`",
                "dsdp, nep, ers, rounds, instll, improvement-science",
            ],
        ),
        ("dsdp+", &["empty add-on"]),
        ("", &["name a template"]),
    ];
    for (spec, words) in cases {
        let msg = lib.resolve(spec).expect_err(spec).to_string();
        assert!(!msg.contains('\n'));
        for w in words {
            assert!(msg.contains(w), "{spec}: {msg:?} lacks {w:?}");
        }
    }
    let is = builtin("improvement-science");
    let err = is.with_add_on(&is).unwrap_err();
    assert!(matches!(err, TemplateError::Combine { .. }), "{err}");
    assert!(lib.resolve(" dsdp + improvement-science ").is_ok());
}

// ---- the facilitator's own files (read by the app, handed in as text) -------------------------

const EQUITY_LENS: &str = "id = \"equity-lens\"\nname = \"Equity lens\"\ndescription = \"d\"\nprogram = \"p\"\nadd_on = true\n\n[[sections]]\nid = \"equity_landscape\"\nlabel = \"Equity lens\"\nprompts = [\"Who is farthest from opportunity?\"]\n";

#[test]
fn facilitator_sources_report_bad_ones_and_keep_good_ones() {
    let own = builtin_source("dsdp")
        .unwrap()
        .replacen("id = \"dsdp\"", "id = \"riverside\"", 1);
    let sources = [
        ("a-broken.toml", "id = \"broken\"\nname = \n".to_owned()),
        ("b-riverside.toml", own),
        ("c-copy.toml", builtin_source("ers").unwrap().to_owned()),
        ("d-addon.TOML", EQUITY_LENS.to_owned()),
    ]
    .map(|(origin, text)| (origin.to_owned(), text));

    let (lib, problems) = TemplateLibrary::with_sources(sources);
    let listed: Vec<&str> = lib.list().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        listed,
        [
            "dsdp",
            "nep",
            "ers",
            "rounds",
            "instll",
            "improvement-science",
            "riverside",
            "equity-lens"
        ]
    );
    assert_eq!(lib.user_templates().len(), 2);
    assert!(lib.is_builtin("ers") && !lib.is_builtin("riverside"));
    assert_eq!(problems.len(), 2, "{problems:?}");
    let broken = problems[0].to_string();
    assert!(broken.contains("a-broken.toml, line 2"), "{broken}");
    let dup = problems[1].to_string();
    assert!(matches!(problems[1], TemplateError::DuplicateId { .. }));
    assert!(
        dup.contains("c-copy.toml") && dup.contains("`ers`") && dup.contains("built-in"),
        "{dup}"
    );

    assert_eq!(
        lib.get("riverside").unwrap().label(SectionId::Evidence),
        "Contextual analysis"
    );
    let combined = lib.resolve("riverside+equity-lens").unwrap();
    assert_eq!(combined.label(SectionId::EquityLandscape), "Equity lens");
    let nep_combined = lib.resolve("nep+equity-lens").unwrap();
    assert_eq!(
        nep_combined.label(SectionId::EquityLandscape),
        "Systems landscape analysis"
    );
    assert!(nep_combined
        .section(SectionId::EquityLandscape)
        .unwrap()
        .prompts
        .contains(&"Who is farthest from opportunity?".to_owned()));
}

#[test]
fn no_sources_leave_the_builtins() {
    let (lib, problems) = TemplateLibrary::with_sources(Vec::new());
    assert!(problems.is_empty());
    assert_eq!(lib, TemplateLibrary::builtin());
    assert_eq!(lib, TemplateLibrary::default());
}

#[test]
fn adding_in_code_validates_and_refuses_builtin_ids() {
    let mut lib = TemplateLibrary::builtin();
    let mut t = builtin("rounds");
    let err = lib.add(t.clone(), "code").unwrap_err();
    assert!(
        err.to_string()
            .contains("`rounds` is already used by the built-in"),
        "{err}"
    );
    t.id = "Rounds 2".into();
    assert_eq!(lib.add(t.clone(), "code").unwrap_err().field(), Some("id"));
    t.id = "rounds-2".into();
    lib.add(t, "code").unwrap();
    assert!(lib.get("rounds-2").is_some());
}

// ---- no panics ------------------------------------------------------------------------------

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Err(err) = Template::from_toml(&text, "fuzz.toml") {
            prop_assert!(!err.to_string().contains('\n'));
        }
    }

    #[test]
    fn toml_like_text_never_panics(text in "[a-z_\\[\\]=\"' \n.{},0-9#+-]{0,300}") {
        if let Err(err) = Template::from_toml(&text, "fuzz.toml") {
            prop_assert!(!err.to_string().contains('\n'));
        }
    }

    #[test]
    fn damaged_builtins_never_panic(which in 0usize..6, at in 0usize..20_000, cut in 0usize..200, insert in "[\\s\\S]{0,4}") {
        let source = builtin_source(BUILTIN_IDS[which]).unwrap();
        let mut at = at.min(source.len());
        while !source.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut).min(source.len());
        while !source.is_char_boundary(end) { end -= 1; }
        let text = format!("{}{}{}", &source[..at], insert, &source[end..]);
        match Template::from_toml(&text, "damaged.toml") {
            Ok(t) => prop_assert!(t.validate("again").is_ok()),
            Err(err) => prop_assert!(!err.to_string().contains('\n')),
        }
        let lib = TemplateLibrary::builtin();
        let _ = lib.resolve(&text);
    }
}
