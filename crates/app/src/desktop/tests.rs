//! Tests of `DesktopSession` as the UI drives it: plans created, edited, caught up and closed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use yrs::updates::decoder::Decode;
use yrs::{GetString, Map, Out, ReadTxn, Text, Transact, Update};

use super::*;

pub(super) fn session(dir: &std::path::Path) -> DesktopSession {
    DesktopSession::new(
        DesktopHome::at(&dir.join("plans"), &dir.join("data")),
        "Ana Ruiz",
        None,
    )
}

fn new_plan(s: &mut DesktopSession, dir: &std::path::Path) -> OpenedPlan {
    s.create_plan(NewPlanRequest {
        folder: dir.join("plans").to_string_lossy().into_owned(),
        file_name: "Riverside".into(),
        template: "dsdp".into(),
        title: "Riverside redesign".into(),
        district: "Riverside USD".into(),
    })
    .unwrap()
}

fn add(s: &mut DesktopSession, to: &str, fields: &[(&str, FieldValue)]) -> String {
    let fields: BTreeMap<String, FieldValue> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    s.apply(PlanCommand::Add {
        to: to.into(),
        fields,
        after: None,
    })
    .unwrap()
    .id
    .unwrap()
}

fn text(v: &str) -> FieldValue {
    FieldValue::Text(v.into())
}

fn codes(s: &DesktopSession) -> Vec<String> {
    s.review()
        .unwrap()
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn a_new_plan_opens_with_its_template_and_its_whole_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = new_plan(&mut s, dir.path());
    assert!(
        opened.path.ends_with("Riverside.throughline"),
        "the extension is added to the file name: {}",
        opened.path
    );
    assert_eq!(opened.title, "Riverside redesign");
    assert_eq!(opened.template.id, "dsdp");
    assert_eq!(
        opened.template.sections.first().map(|s| s.id),
        Some(Section::Team),
        "sections come in the template's order"
    );
    assert!(opened.template.capacity_scale.is_some());
    assert_eq!(opened.template.terms.len(), 16, "a word for every kind");

    // The state is a Yjs update a fresh peer can load: the vision's text is already there.
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(&opened.state).unwrap())
        .unwrap();
    let txn = doc.transact();
    let vision = txn.get_map("vision").unwrap();
    assert!(matches!(vision.get(&txn, "statement"), Some(Out::YText(_))));
}

#[test]
fn structural_changes_and_typed_prose_both_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = new_plan(&mut s, dir.path());

    // The UI's own copy of the document types the vision.
    let ui = yrs::Doc::with_options(yrs::Options {
        offset_kind: yrs::OffsetKind::Utf16,
        ..yrs::Options::default()
    });
    ui.transact_mut()
        .apply_update(Update::decode_v1(&opened.state).unwrap())
        .unwrap();
    let update = {
        let mut txn = ui.transact_mut();
        let vision = txn.get_map("vision").unwrap();
        let Some(Out::YText(t)) = vision.get(&txn, "statement") else {
            panic!("the vision's statement is a Y.Text");
        };
        t.insert(&mut txn, 0, "Every child reads by third grade.");
        txn.encode_update_v1()
    };
    assert!(s.receive_update(&update).unwrap(), "the plan changed");

    let statement = add(&mut s, "statements", &[]);
    let strategy = add(&mut s, "strategies", &[("name", text("Literacy coaching"))]);
    let before = codes(&s);
    assert!(before.contains(&"strategy-without-statement".to_string()));
    s.apply(PlanCommand::Link {
        at: format!("strategies/{strategy}"),
        field: "statements".into(),
        target: statement.clone(),
    })
    .unwrap();
    assert!(!codes(&s).contains(&"strategy-without-statement".to_string()));

    // An investment with a whole-dollar amount arrives from JavaScript as a double.
    add(
        &mut s,
        "ledger",
        &[
            ("kind", text("investment")),
            ("amount", FieldValue::Number(12_500_000.0)),
            ("unit", text("usd")),
            ("fiscal_year", text("2026-27")),
        ],
    );
    let review = s.review().unwrap();
    assert!(!review.balanced);
    assert_eq!(review.balance[0].investments, 12_500_000);
    assert_eq!(review.balance[0].gap_text, "$125,000.00");

    s.close_plan().unwrap();
    let reopened = s.open_plan(&opened.path).unwrap();
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(&reopened.state).unwrap())
        .unwrap();
    let txn = doc.transact();
    let vision = txn.get_map("vision").unwrap();
    let Some(Out::YText(t)) = vision.get(&txn, "statement") else {
        panic!("the vision survives reopening");
    };
    assert_eq!(t.get_string(&txn), "Every child reads by third grade.");
    assert_eq!(s.review().unwrap().balance.len(), 1);
}

#[test]
fn refused_changes_say_why_and_name_a_kind_the_ui_can_branch_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    assert_eq!(s.review().unwrap_err().kind, UiErrorKind::NoPlanOpen);
    new_plan(&mut s, dir.path());
    let err = s
        .apply(PlanCommand::Set {
            at: "tactics/nope".into(),
            field: "owner".into(),
            value: None,
        })
        .unwrap_err();
    assert_eq!(err.kind, UiErrorKind::NotFound);
    let err = s
        .apply(PlanCommand::Add {
            to: "ledger".into(),
            fields: [("amount".to_string(), FieldValue::Number(12.5))].into(),
            after: None,
        })
        .unwrap_err();
    assert_eq!(err.kind, UiErrorKind::Invalid, "{}", err.message);
    assert!(err.message.contains("whole number"), "{}", err.message);
    assert_eq!(
        s.receive_update(b"not an update").unwrap_err().kind,
        UiErrorKind::Invalid
    );
    assert_eq!(
        s.create_version("  ").unwrap_err().kind,
        UiErrorKind::Invalid
    );
    assert_eq!(
        s.open_plan(&dir.path().join("missing.throughline").to_string_lossy())
            .unwrap_err()
            .kind,
        UiErrorKind::NotFound
    );
}

#[test]
fn new_plan_names_are_checked_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    new_plan(&mut s, dir.path());
    let again = s
        .create_plan(NewPlanRequest {
            folder: dir.path().join("plans").to_string_lossy().into_owned(),
            file_name: "Riverside.throughline".into(),
            template: "dsdp".into(),
            title: "Other".into(),
            district: String::new(),
        })
        .unwrap_err();
    assert!(
        again.message.contains("already exists"),
        "{}",
        again.message
    );
    let nested = s
        .create_plan(NewPlanRequest {
            folder: dir.path().to_string_lossy().into_owned(),
            file_name: "../escape".into(),
            template: "dsdp".into(),
            title: "Other".into(),
            district: String::new(),
        })
        .unwrap_err();
    assert_eq!(nested.kind, UiErrorKind::Invalid);
    let untitled = s
        .create_plan(NewPlanRequest {
            folder: dir.path().to_string_lossy().into_owned(),
            file_name: "x".into(),
            template: "dsdp".into(),
            title: " ".into(),
            district: String::new(),
        })
        .unwrap_err();
    assert_eq!(untitled.kind, UiErrorKind::Invalid);
}

#[test]
fn recent_plans_versions_and_who_i_am_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = new_plan(&mut s, dir.path());
    assert_eq!(s.recent_plans()[0].path, opened.path);
    assert_eq!(s.recent_plans()[0].title, "Riverside redesign");

    let member = add(&mut s, "members", &[("name", text("Ana Ruiz"))]);
    s.set_me(Some(member.clone())).unwrap();
    assert_eq!(
        s.set_me(Some("m-nobody".into())).unwrap_err().kind,
        UiErrorKind::NotFound
    );
    s.create_version("Draft for cabinet").unwrap();
    assert_eq!(s.versions().unwrap()[0].label, "Draft for cabinet");
    assert_eq!(s.versions().unwrap()[0].author, "Ana Ruiz");

    let reopened = s.open_plan(&opened.path).unwrap();
    assert_eq!(reopened.me, Some(member));

    let listing = s.list_folder(None).unwrap();
    assert_eq!(listing.entries.len(), 1);
    assert!(listing.entries[0].is_plan);
}

#[test]
fn the_demo_plan_is_made_once_then_opened() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let first = s.open_demo().unwrap();
    assert!(first.path.ends_with("demo.throughline"));
    assert!(!first.title.is_empty(), "the demo plan has a title");
    let second = s.open_demo().unwrap();
    assert_eq!(
        first.plan_id, second.plan_id,
        "the same file is opened again"
    );
}

#[test]
fn catch_up_brings_in_what_another_process_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let opened = new_plan(&mut s, dir.path());
    let sv = {
        let doc = yrs::Doc::new();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&opened.state).unwrap())
            .unwrap();
        let sv = doc.transact().state_vector();
        yrs::updates::encoder::Encode::encode_v1(&sv)
    };
    assert_eq!(s.catch_up(&sv).unwrap(), None, "nothing came in");

    let mut other = crate::OpenPlan::open(std::path::Path::new(&opened.path), "Ben").unwrap();
    other
        .apply(&throughline_plan::PlanCommand::Add {
            to: "strategies".into(),
            fields: serde_json::Map::new(),
            after: None,
        })
        .unwrap();
    let update = s.catch_up(&sv).unwrap().expect("the other change comes in");
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(&opened.state).unwrap())
        .unwrap();
    doc.transact_mut()
        .apply_update(Update::decode_v1(&update).unwrap())
        .unwrap();
    let txn = doc.transact();
    assert_eq!(txn.get_map("strategies").unwrap().len(&txn), 1);
}

#[test]
fn the_schema_names_a_vocabulary_for_every_closed_list() {
    let schema = plan_schema();
    fn walk(fields: &[FieldSchema], vocabs: &[Vocabulary], parts: &[PartSchema]) {
        for f in fields {
            match &f.shape {
                FieldShape::Enum { vocabulary } => assert!(
                    vocabs.iter().any(|v| &v.name == vocabulary),
                    "field {} has no vocabulary in the schema; add it to the plan's vocab::VOCABULARIES",
                    f.name
                ),
                FieldShape::Ref { to } | FieldShape::Links { to } => assert!(
                    parts.iter().any(|p| &p.name == to && p.collection),
                    "field {} points at {to}, which is no collection",
                    f.name
                ),
                FieldShape::Items { fields, .. } => walk(fields, vocabs, parts),
                _ => {}
            }
        }
    }
    for part in &schema.parts {
        walk(&part.fields, &schema.vocabularies, &schema.parts);
    }
    let status = schema
        .vocabularies
        .iter()
        .find(|v| v.name == "tactic_status")
        .unwrap();
    assert_eq!(status.options[1].label, "On track");
    let ledger = schema.parts.iter().find(|p| p.name == "ledger").unwrap();
    assert_eq!(ledger.section, Some(Section::Ledger));
    // How the plan is shown travels with its shape: the editor names a process shift by its
    // future state, as history and compare do.
    let shifts = schema
        .parts
        .iter()
        .find(|p| p.name == "process_shifts")
        .unwrap();
    assert_eq!(shifts.title_field.as_deref(), Some("future_state"));
    let tactics = schema.parts.iter().find(|p| p.name == "tactics").unwrap();
    let owner = tactics.fields.iter().find(|f| f.name == "owner").unwrap();
    assert_eq!(owner.label, "Accountable owner");
    let usd = schema.units.iter().find(|u| u.key == "usd").unwrap();
    assert_eq!((usd.decimals, usd.prefix.as_str()), (2, "$"));
}

#[test]
fn commands_read_the_json_the_ui_sends() {
    let json = r#"{"op":"add","to":"tactics","fields":{"description":"Hire coaches","no_cost":false,"amount":3},"after":null}"#;
    let cmd: PlanCommand = serde_json::from_str(json).unwrap();
    let plan_cmd: throughline_plan::PlanCommand = cmd.into();
    let throughline_plan::PlanCommand::Add { fields, .. } = plan_cmd else {
        panic!("an add stays an add");
    };
    assert_eq!(
        fields["amount"],
        serde_json::json!(3),
        "whole numbers stay integers"
    );
    assert_eq!(fields["no_cost"], serde_json::json!(false));
    let set: PlanCommand =
        serde_json::from_str(r#"{"op":"set","at":"tactics/x","field":"owner","value":null}"#)
            .unwrap();
    assert_eq!(
        throughline_plan::PlanCommand::from(set),
        throughline_plan::PlanCommand::Set {
            at: "tactics/x".into(),
            field: "owner".into(),
            value: serde_json::Value::Null
        }
    );
}

#[test]
fn export_asks_before_replacing_a_file_and_opens_only_a_document_that_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    new_plan(&mut s, dir.path());
    let path = dir.path().join("riverside.md");
    std::fs::write(&path, "the board's own notes").unwrap();
    let request = |replace| ExportRequest {
        format: ExportFormat::Markdown,
        version: None,
        include_findings: false,
        lens: None,
        profile: None,
        path: path.to_string_lossy().into_owned(),
        replace,
    };

    let e = s.export_plan(request(false)).unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Exists);
    assert!(e.message.contains("riverside.md"), "{}", e.message);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the board's own notes"
    );

    let saved = s.export_plan(request(true)).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("Riverside redesign"), "{written}");
    assert_eq!(saved.bytes as usize, written.len());

    let e = s.open_document("riverside.md").unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid, "{}", e.message);
    let e = s.open_document("--help").unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid, "{}", e.message);
    let gone = dir.path().join("gone.pdf");
    let e = s
        .show_document_in_folder(&gone.to_string_lossy())
        .unwrap_err();
    assert_eq!(e.kind, UiErrorKind::NotFound, "{}", e.message);
    let e = s.open_document(&dir.path().to_string_lossy()).unwrap_err();
    assert_eq!(
        e.kind,
        UiErrorKind::NotFound,
        "a folder is not a document: {}",
        e.message
    );
}

#[test]
fn the_export_dialog_writes_a_lens_and_each_states_plan_and_names_a_wrong_lens() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    new_plan(&mut s, dir.path());
    let request = |file: &str, format, lens: Option<&str>, profile| ExportRequest {
        format,
        version: None,
        include_findings: false,
        lens: lens.map(str::to_owned),
        profile,
        path: dir.path().join(file).to_string_lossy().into_owned(),
        replace: false,
    };
    s.export_plan(request("ers.md", ExportFormat::Markdown, Some("ers"), None))
        .unwrap();
    let md = std::fs::read_to_string(dir.path().join("ers.md")).unwrap();
    assert!(md.contains("## Strategic priorities\n"), "{md}");
    s.export_plan(request(
        "micip.xlsx",
        ExportFormat::Xlsx,
        None,
        Some(ExportProfile::Micip),
    ))
    .unwrap();
    assert!(std::fs::read(dir.path().join("micip.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    s.export_plan(request(
        "uip.md",
        ExportFormat::Markdown,
        None,
        Some(ExportProfile::ColoradoUip),
    ))
    .unwrap();
    let uip = std::fs::read_to_string(dir.path().join("uip.md")).unwrap();
    assert!(uip.contains("## Priority performance challenges"), "{uip}");

    let e = s
        .export_plan(request("x.md", ExportFormat::Markdown, Some("nope"), None))
        .unwrap_err();
    assert_eq!(e.kind, UiErrorKind::Invalid);
    assert!(e.message.starts_with("no lens `nope`"), "{}", e.message);
    let e = s
        .export_plan(request(
            "x.docx",
            ExportFormat::Docx,
            None,
            Some(ExportProfile::Micip),
        ))
        .unwrap_err();
    assert!(e.message.contains("(choose xlsx)"), "{}", e.message);
    assert!(!dir.path().join("x.md").exists() && !dir.path().join("x.docx").exists());
}
