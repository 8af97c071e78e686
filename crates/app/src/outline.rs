//! The plan as readable text, section by section in its template's order and words: what
//! `throughline show` prints. Documents for boards are the export crate's job; this is a
//! faithful, compact outline for a terminal, with each item's id so scripts can address it.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::Value;
use throughline_plan::display::{choice_label, field_label, humanize, json_title, one_line, short};
use throughline_plan::parts::{Record, RootPart, ROOTS};
use throughline_plan::schema::{FieldKind, ItemSchema, Part};
use throughline_plan::vocab::{ReflectionKind, Unit};
use throughline_plan::{balance, PlanContent, SectionId};

/// The plan as text.
pub fn outline(content: &PlanContent) -> String {
    let json = serde_json::to_value(content).unwrap_or(Value::Null);
    let titles = titles(&json);
    let mut out = String::new();
    let record = &content.record;
    let title = if record.title.trim().is_empty() {
        "Untitled plan"
    } else {
        record.title.trim()
    };
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count()));
    let mut facts = Vec::new();
    if !record.district.trim().is_empty() {
        facts.push(("district", record.district.trim().to_string()));
    }
    if !record.planning_period.trim().is_empty() {
        facts.push(("planning_period", record.planning_period.trim().to_string()));
    }
    if !record.facilitator.trim().is_empty() {
        facts.push(("facilitator", record.facilitator.trim().to_string()));
    }
    if let Some(status) = record.status {
        facts.push(("status", status.label().to_string()));
    }
    if let Some(t) = &record.template {
        facts.push(("template", t.name.clone()));
    }
    for (name, v) in facts {
        let label = Record::SCHEMA
            .field(name)
            .map_or_else(|| humanize(name), |f| field_label(f).into_owned());
        let _ = writeln!(out, "{label}: {v}");
    }

    let template = record.template.as_ref();
    let mut order: Vec<SectionId> = match template {
        Some(t) => t.section_ids().collect(),
        None => SectionId::ALL.to_vec(),
    };
    // Content in a section the template does not show is still the team's work: list it after.
    for s in SectionId::ALL {
        if !order.contains(&s) && section_has_content(&json, s) {
            order.push(s);
        }
    }
    for section in order {
        let label = template.map_or(section.default_label(), |t| t.label(section));
        let _ = writeln!(out, "\n## {label}");
        let before = out.len();
        for root in ROOTS.iter().filter(|r| r.section == Some(section)) {
            write_root(&mut out, root, &json, &titles);
        }
        if section == SectionId::Ledger {
            write_balance(&mut out, content);
            write_stop_doing(&mut out, content);
            write_cliffs(&mut out, content);
        }
        write_reflections(&mut out, &json, section, &titles);
        if out.len() == before {
            let _ = writeln!(out, "(nothing yet)");
        }
    }
    write_fitness(&mut out, content);
    out
}

/// What `show --json` prints: the plan's content, and beside it its fitness under
/// `"fitness"` (derived, so `new --from-json` sets it aside).
pub fn outline_json(content: &PlanContent) -> Result<Value, serde_json::Error> {
    let mut json = serde_json::to_value(content)?;
    if let Value::Object(fields) = &mut json {
        fields.insert(
            throughline_plan::fitness::SHOWN_AS.to_string(),
            serde_json::to_value(throughline_plan::fitness::fitness(content))?,
        );
    }
    Ok(json)
}

/// The plan's fitness: its figures, then any guidance, worded as Rust words it for the panel.
fn write_fitness(out: &mut String, content: &PlanContent) {
    let fitness = throughline_plan::fitness::fitness(content);
    let _ = writeln!(out, "\n## Plan fitness");
    for figure in &fitness.figures {
        let _ = writeln!(out, "{}: {}", figure.label, figure.text);
    }
    if !fitness.guidance.is_empty() {
        let _ = writeln!(out, "Guidance:");
        for g in &fitness.guidance {
            let _ = writeln!(out, "    - {}", g.text);
        }
    }
}

fn section_has_content(json: &Value, section: SectionId) -> bool {
    ROOTS
        .iter()
        .filter(|r| r.section == Some(section))
        .any(|r| match &json[r.name] {
            Value::Array(items) => !items.is_empty(),
            Value::Object(fields) => fields.values().any(has_value),
            _ => false,
        })
}

fn has_value(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Bool(b) => *b,
        Value::Number(_) => true,
    }
}

/// Every item's title by id, shortened, so links read as names rather than ids.
fn titles(json: &Value) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for root in ROOTS.iter().filter(|r| r.collection) {
        if let Value::Array(items) = &json[root.name] {
            for item in items {
                if let Some(id) = item["id"].as_str() {
                    map.insert(id.to_string(), short(&json_title(root.schema, item)));
                }
            }
        }
    }
    map
}

fn write_root(out: &mut String, root: &RootPart, json: &Value, titles: &HashMap<String, String>) {
    match &json[root.name] {
        Value::Array(items) => {
            for item in items {
                let id = item["id"].as_str().unwrap_or_default();
                let title = json_title(root.schema, item);
                let _ = writeln!(out, "- {title} [{id}]");
                write_fields(out, root.schema, item, titles, "    ", true);
            }
        }
        Value::Object(_) => {
            write_fields(out, root.schema, &json[root.name], titles, "", false);
        }
        _ => {}
    }
}

fn write_fields(
    out: &mut String,
    schema: &ItemSchema,
    item: &Value,
    titles: &HashMap<String, String>,
    indent: &str,
    skip_title: bool,
) {
    let title_field = schema.title;
    let unit = item["unit"].as_str().and_then(Unit::from_key);
    for field in schema.fields {
        if skip_title && Some(field.name) == title_field {
            continue;
        }
        if crate::votes::SEALING_FIELDS.contains(&field.name) {
            continue;
        }
        let value = &item[field.name];
        if !has_value(value) {
            continue;
        }
        let label = field_label(field);
        let shown = match field.kind {
            FieldKind::Text | FieldKind::Str | FieldKind::Date | FieldKind::FiscalYear => {
                value.as_str().map(one_line)
            }
            FieldKind::Int if field.name == "amount" => match (value.as_i64(), unit) {
                (Some(n), Some(u)) => Some(u.format(n)),
                (Some(n), None) => Some(n.to_string()),
                _ => None,
            },
            FieldKind::Int | FieldKind::Num => Some(value.to_string()),
            FieldKind::Bool => Some("yes".to_string()),
            FieldKind::Enum(_) => value
                .as_str()
                .map(|key| choice_label(field, key).unwrap_or(key).to_string()),
            FieldKind::Ref(_) => value
                .as_str()
                .map(|id| titles.get(id).cloned().unwrap_or_else(|| id.to_string())),
            FieldKind::Links(_) => value.as_array().map(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .map(|id| titles.get(id).cloned().unwrap_or_else(|| id.to_string()))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            FieldKind::Tags => value.as_array().map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            FieldKind::Ratings => value.as_object().map(|r| {
                r.iter()
                    .map(|(member, rating)| {
                        let who = titles
                            .get(member)
                            .cloned()
                            .unwrap_or_else(|| member.clone());
                        format!("{who}: {}", humanize(rating.as_str().unwrap_or_default()))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            FieldKind::Items(nested) => {
                let _ = writeln!(out, "{indent}{label}:");
                if let Value::Array(items) = value {
                    for sub in items {
                        let _ = writeln!(out, "{indent}  - {}", json_title(nested, sub));
                        write_fields(out, nested, sub, titles, &format!("{indent}    "), true);
                    }
                }
                continue;
            }
            FieldKind::Json => None,
        };
        if let Some(shown) = shown.filter(|s| !s.is_empty()) {
            let _ = writeln!(out, "{indent}{label}: {shown}");
        }
    }
}

fn write_balance(out: &mut String, content: &PlanContent) {
    let balance = balance(content);
    if balance.rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "Balance:");
    for row in &balance.rows {
        let verdict = if row.gap > 0 {
            format!("gap {}", row.unit.format(row.gap))
        } else if row.gap < 0 {
            format!("{} not yet assigned", row.unit.format(-row.gap))
        } else {
            "balanced".to_string()
        };
        let _ = writeln!(
            out,
            "    {} {}: investments {}, sources {}, {verdict}",
            row.fiscal_year,
            row.unit.label(),
            row.unit.format(row.investments),
            row.unit.format(row.sources),
        );
    }
}

/// The stop-doing list: what stops, who is affected, who will tell them.
fn write_stop_doing(out: &mut String, content: &PlanContent) {
    let list = throughline_plan::tradeoffs::stop_doing(content);
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "What we will stop doing:");
    for item in list {
        let what = if item.stops.is_empty() {
            &item.description
        } else {
            &item.stops
        };
        let how = item.source_kind.map_or("", |k| k.label());
        let _ = writeln!(out, "    - {} ({how})", one_line(what));
        for (label, words) in [
            ("Who is affected", &item.affected),
            ("Who will tell them", &item.messenger),
        ] {
            let shown = if words.is_empty() {
                "(not yet named)".to_string()
            } else {
                one_line(words)
            };
            let _ = writeln!(out, "      {label}: {shown}");
        }
    }
}

/// Funding cliffs: the year one-time money ends and what it leaves uncovered.
fn write_cliffs(out: &mut String, content: &PlanContent) {
    let cliffs = throughline_plan::tradeoffs::cliffs(content);
    if cliffs.is_empty() {
        return;
    }
    let _ = writeln!(out, "Funding cliffs:");
    for cliff in cliffs {
        let _ = writeln!(
            out,
            "    {}: {} a year uncovered when “{}” ends after {}",
            cliff.year,
            cliff.unit.format(cliff.uncovered),
            one_line(&cliff.description),
            cliff.last_year,
        );
    }
}

fn write_reflections(
    out: &mut String,
    json: &Value,
    section: SectionId,
    titles: &HashMap<String, String>,
) {
    let Value::Array(items) = &json["reflections"] else {
        return;
    };
    for r in items
        .iter()
        .filter(|r| r["section"].as_str() == Some(section.as_str()))
    {
        let kind = r["kind"]
            .as_str()
            .map(|key| ReflectionKind::from_key(key).map_or(key, |k| k.label()))
            .unwrap_or_default();
        let text = r["text"].as_str().map(one_line).unwrap_or_default();
        // The author is a member's id: name the member, as every other link does.
        let author = r["author"]
            .as_str()
            .map(|id| titles.get(id).map_or(id, String::as_str))
            .unwrap_or_default();
        let by = if author.is_empty() {
            String::new()
        } else {
            format!(" — {author}")
        };
        let _ = writeln!(out, "> {kind}: {text}{by}");
    }
}
