//! Moving plan parts between their JSON form and the Yjs types that hold them, following the
//! schema. Writing validates every value (a bad value changes nothing); reading is lenient, so a
//! value another client wrote in a shape we do not accept reads as absent instead of failing the
//! whole plan.

use serde_json::{Map as JsonMap, Value};
use yrs::types::ToJson;
use yrs::{
    Any, GetString, Map, MapPrelim, MapRef, Number, Out, ReadTxn, Text, TextPrelim, TextRef,
    TransactionMut,
};

use crate::dates::{
    is_date, is_fiscal_year, read_date, read_fiscal_year, DATE_FORMS, FISCAL_YEAR_FORMS,
};
use crate::error::PlanError;
use crate::order;
use crate::schema::{Field, FieldKind, ItemSchema};

/// The key of an item's order inside its `Y.Map`.
pub const ORDER: &str = "order";

/// Largest integer a JSON number (an IEEE double in every Yjs client) holds exactly.
const MAX_SAFE_INT: i64 = (1 << 53) - 1;

/// A value checked against its field, ready to be written.
pub enum Checked {
    Remove,
    Text(String),
    Any(Any),
    Set(Vec<String>),
    Ratings(Vec<(String, String)>),
    Items(Vec<JsonMap<String, Value>>),
}

/// Whether an id is one we accept from outside (JSON import, a peer's command).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

fn bad(schema: &ItemSchema, field: &Field, why: impl Into<String>) -> PlanError {
    PlanError::BadValue {
        noun: schema.noun,
        field: field.name.to_string(),
        why: why.into(),
    }
}

/// Checks a JSON value against a field.
pub fn check(schema: &ItemSchema, field: &Field, value: &Value) -> Result<Checked, PlanError> {
    if value.is_null() {
        return Ok(match field.kind {
            FieldKind::Text => Checked::Text(String::new()),
            FieldKind::Links(_) | FieldKind::Tags => Checked::Set(Vec::new()),
            FieldKind::Ratings => Checked::Ratings(Vec::new()),
            FieldKind::Items(_) => Checked::Items(Vec::new()),
            _ => Checked::Remove,
        });
    }
    let want_str = || {
        value
            .as_str()
            .ok_or_else(|| bad(schema, field, "expected text"))
    };
    Ok(match field.kind {
        FieldKind::Text => Checked::Text(want_str()?.to_string()),
        FieldKind::Str | FieldKind::Ref(_) => Checked::Any(Any::from(want_str()?)),
        FieldKind::Int => {
            let n = value
                .as_i64()
                .filter(|n| n.abs() <= MAX_SAFE_INT)
                .ok_or_else(|| {
                    bad(
                        schema,
                        field,
                        format!("expected a whole number, got {value}"),
                    )
                })?;
            // Within the safe range yrs encodes this as a lib0 integer that JavaScript clients
            // read as a plain number.
            Checked::Any(Any::Number(Number::Int(n)))
        }
        FieldKind::Num => {
            let n = value
                .as_f64()
                .filter(|n| n.is_finite())
                .ok_or_else(|| bad(schema, field, format!("expected a number, got {value}")))?;
            Checked::Any(Any::Number(Number::try_i64(n)))
        }
        FieldKind::Bool => Checked::Any(Any::Bool(
            value
                .as_bool()
                .ok_or_else(|| bad(schema, field, "expected true or false"))?,
        )),
        // Dates and years are taken as people write them and stored in the plan's one form.
        FieldKind::Date => {
            let s = want_str()?;
            let date = read_date(s).ok_or_else(|| {
                bad(
                    schema,
                    field,
                    format!("“{}” is not a date: {DATE_FORMS}", s.trim()),
                )
            })?;
            Checked::Any(Any::from(date))
        }
        FieldKind::FiscalYear => {
            let s = want_str()?;
            let year = read_fiscal_year(s).ok_or_else(|| {
                bad(
                    schema,
                    field,
                    format!("“{}” is not a fiscal year: {FISCAL_YEAR_FORMS}", s.trim()),
                )
            })?;
            Checked::Any(Any::from(year))
        }
        FieldKind::Enum(vocabulary) => {
            let s = want_str()?;
            if !vocabulary.keys.contains(&s) {
                return Err(bad(
                    schema,
                    field,
                    format!("`{s}` is not one of {}", vocabulary.keys.join(", ")),
                ));
            }
            Checked::Any(Any::from(s))
        }
        FieldKind::Links(_) | FieldKind::Tags => {
            let list = value
                .as_array()
                .ok_or_else(|| bad(schema, field, "expected a list"))?;
            let mut out = Vec::with_capacity(list.len());
            for v in list {
                let s = v
                    .as_str()
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| bad(schema, field, "expected a list of non-empty texts"))?;
                out.push(s.to_string());
            }
            Checked::Set(out)
        }
        FieldKind::Ratings => {
            let map = value
                .as_object()
                .ok_or_else(|| bad(schema, field, "expected member id → rating"))?;
            let mut out = Vec::with_capacity(map.len());
            for (k, v) in map {
                let r = v
                    .as_str()
                    .ok_or_else(|| bad(schema, field, "a rating is a text key"))?;
                out.push((k.clone(), r.to_string()));
            }
            Checked::Ratings(out)
        }
        FieldKind::Items(sub) => {
            let list = value
                .as_array()
                .ok_or_else(|| bad(schema, field, "expected a list"))?;
            let mut out = Vec::with_capacity(list.len());
            let mut ids = std::collections::HashSet::new();
            for v in list {
                let obj = v.as_object().ok_or_else(|| {
                    bad(schema, field, format!("expected a list of {}s", sub.noun))
                })?;
                // Nested items are keyed by id in their `Y.Map`: a repeated id would silently
                // replace the earlier item, and an id outside the alphabet cannot be named in a
                // path. An empty or absent id is minted on write.
                let id = match obj.get("id") {
                    None => None,
                    Some(Value::String(id)) if id.is_empty() => None,
                    Some(Value::String(id)) if valid_id(id) => Some(id.as_str()),
                    Some(other) => {
                        return Err(PlanError::BadId(
                            other
                                .as_str()
                                .map_or_else(|| other.to_string(), str::to_string),
                        ))
                    }
                };
                if let Some(id) = id {
                    if !ids.insert(id) {
                        return Err(PlanError::DuplicateId(id.to_string()));
                    }
                }
                check_object(sub, obj)?;
                out.push(obj.clone());
            }
            Checked::Items(out)
        }
        FieldKind::Json => Checked::Any(
            serde_json::from_value::<Any>(value.clone())
                .map_err(|e| bad(schema, field, e.to_string()))?,
        ),
    })
}

/// Checks every field of an item's JSON (`id` aside) without writing anything.
pub fn check_object(schema: &ItemSchema, obj: &JsonMap<String, Value>) -> Result<(), PlanError> {
    for (k, v) in obj {
        if k == "id" {
            continue;
        }
        let field = schema.field(k).ok_or_else(|| PlanError::UnknownField {
            noun: schema.noun,
            field: k.clone(),
        })?;
        check(schema, field, v)?;
    }
    Ok(())
}

/// Writes a checked value into a map (an item or a singleton).
pub fn write(txn: &mut TransactionMut, map: &MapRef, field: &Field, value: Checked, client: u64) {
    match value {
        Checked::Remove => {
            map.remove(txn, field.name);
        }
        Checked::Text(s) => set_text(txn, map, field.name, &s),
        Checked::Any(any) => {
            map.insert(txn, field.name, any);
        }
        Checked::Set(keys) => {
            let set = ensure_map(txn, map, field.name);
            let existing: Vec<String> = set.keys(txn).map(str::to_string).collect();
            for k in existing.iter().filter(|k| !keys.contains(k)) {
                set.remove(txn, k);
            }
            for k in keys.iter().filter(|k| !existing.contains(k)) {
                set.insert(txn, k.as_str(), true);
            }
        }
        Checked::Ratings(pairs) => {
            let set = ensure_map(txn, map, field.name);
            set.clear(txn);
            for (member, rating) in pairs {
                set.insert(txn, member, rating);
            }
        }
        Checked::Items(items) => {
            let FieldKind::Items(sub) = field.kind else {
                return;
            };
            let coll = ensure_map(txn, map, field.name);
            coll.clear(txn);
            let mut last: Option<String> = None;
            for obj in items {
                let id = match obj.get("id").and_then(Value::as_str) {
                    Some(id) if !id.is_empty() => id.to_string(),
                    _ => mint_id(txn, sub, client),
                };
                let key = order::between(last.as_deref(), None);
                insert_item(txn, &coll, sub, &id, &key, &obj, client);
                last = Some(key);
            }
        }
    }
}

/// Inserts a new item (already checked) into a collection map.
pub fn insert_item(
    txn: &mut TransactionMut,
    coll: &MapRef,
    schema: &ItemSchema,
    id: &str,
    order_key: &str,
    obj: &JsonMap<String, Value>,
    client: u64,
) -> MapRef {
    let item = coll.insert(txn, id, MapPrelim::default());
    item.insert(txn, ORDER, order_key);
    for field in schema.fields {
        let value = obj.get(field.name).cloned().unwrap_or(Value::Null);
        // Checked before insertion; an error here would be a schema bug, and writing nothing
        // for the field is the safe outcome.
        if let Ok(checked) = check(schema, field, &value) {
            match (&checked, field.kind) {
                (Checked::Remove, _) => {}
                _ => write(txn, &item, field, checked, client),
            }
        }
    }
    item
}

/// A new id, unique without a clock or a random source: this client's id and its next clock
/// value are unique across every replica of the document.
pub fn mint_id(txn: &TransactionMut, schema: &ItemSchema, client: u64) -> String {
    let clock = txn.state_vector().get(&yrs::block::ClientID::new(client));
    let _ = txn;
    format!("{}{:x}.{}", schema.id_prefix, client, clock)
}

/// The map under `key`, created if absent (or if another client put something else there).
pub fn ensure_map(txn: &mut TransactionMut, parent: &MapRef, key: &str) -> MapRef {
    match parent.get(txn, key) {
        Some(Out::YMap(m)) => m,
        _ => parent.insert(txn, key, MapPrelim::default()),
    }
}

/// Replaces a text field's content by editing only the part that changed, so that a concurrent
/// edit elsewhere in the same text survives.
pub fn set_text(txn: &mut TransactionMut, map: &MapRef, key: &str, new: &str) {
    let text = match map.get(txn, key) {
        Some(Out::YText(t)) => t,
        _ => {
            map.insert(txn, key, TextPrelim::new(new));
            return;
        }
    };
    let old = text.get_string(txn);
    if old == new {
        return;
    }
    let (prefix, old_mid, new_mid) = diff_middle(&old, new);
    let start = utf16_len(prefix);
    if !old_mid.is_empty() {
        text.remove_range(txn, start, utf16_len(old_mid));
    }
    if !new_mid.is_empty() {
        text.insert(txn, start, new_mid);
    }
}

/// Splits two strings into their common prefix and the differing middles (common suffix
/// dropped), on character boundaries.
fn diff_middle<'a, 'b>(old: &'a str, new: &'b str) -> (&'a str, &'a str, &'b str) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    // The prefix ends on a char boundary of both (same chars so far).
    let prefix = if new.is_char_boundary(prefix) && old.is_char_boundary(prefix) {
        prefix
    } else {
        0
    };
    let (o, n) = (&old[prefix..], &new[prefix..]);
    let suffix = o
        .chars()
        .rev()
        .zip(n.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    (
        &old[..prefix],
        &o[..o.len() - suffix],
        &n[..n.len() - suffix],
    )
}

/// Length in UTF-16 code units: the offsets Yjs clients (and our documents) use.
pub fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// Reads a part's fields into JSON, leniently.
pub fn read_fields<T: ReadTxn>(
    txn: &T,
    map: &MapRef,
    schema: &ItemSchema,
) -> JsonMap<String, Value> {
    let mut out = JsonMap::new();
    for field in schema.fields {
        if let Some(v) = map
            .get(txn, field.name)
            .and_then(|o| read_value(txn, field, o))
        {
            out.insert(field.name.to_string(), v);
        }
    }
    out
}

fn read_value<T: ReadTxn>(txn: &T, field: &Field, out: Out) -> Option<Value> {
    match (field.kind, out) {
        (FieldKind::Text, Out::YText(t)) => Some(Value::String(text_of(txn, &t))),
        (FieldKind::Text | FieldKind::Str | FieldKind::Ref(_), Out::Any(Any::String(s))) => {
            Some(Value::String(s.to_string()))
        }
        (FieldKind::Int, Out::Any(Any::Number(n))) => n
            .as_i64()
            .filter(|n| n.abs() <= MAX_SAFE_INT)
            .map(Value::from),
        (FieldKind::Num, Out::Any(Any::Number(n))) => n
            .as_f64()
            .filter(|n| n.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        (FieldKind::Bool, Out::Any(Any::Bool(b))) => Some(Value::Bool(b)),
        (FieldKind::Date, Out::Any(Any::String(s))) if is_date(&s) => {
            Some(Value::String(s.to_string()))
        }
        (FieldKind::FiscalYear, Out::Any(Any::String(s))) if is_fiscal_year(&s) => {
            Some(Value::String(s.to_string()))
        }
        (FieldKind::Enum(vocabulary), Out::Any(Any::String(s)))
            if vocabulary.keys.contains(&&*s) =>
        {
            Some(Value::String(s.to_string()))
        }
        (FieldKind::Links(_) | FieldKind::Tags, Out::YMap(m)) => {
            let mut keys: Vec<String> = m
                .iter(txn)
                .filter(|(_, v)| {
                    !matches!(v, Out::Any(Any::Bool(false) | Any::Null | Any::Undefined))
                })
                .map(|(k, _)| k.to_string())
                .collect();
            keys.sort();
            Some(Value::Array(keys.into_iter().map(Value::String).collect()))
        }
        (FieldKind::Ratings, Out::YMap(m)) => {
            let mut obj = JsonMap::new();
            for (k, v) in m.iter(txn) {
                if let Out::Any(Any::String(r)) = v {
                    obj.insert(k.to_string(), Value::String(r.to_string()));
                }
            }
            Some(Value::Object(obj))
        }
        (FieldKind::Items(sub), Out::YMap(m)) => Some(Value::Array(read_items(txn, &m, sub))),
        (FieldKind::Json, Out::Any(any)) => serde_json::to_value(&any).ok(),
        (FieldKind::Json, other) => serde_json::to_value(other.to_json(txn)).ok(),
        _ => None,
    }
}

fn text_of<T: ReadTxn>(txn: &T, t: &TextRef) -> String {
    t.get_string(txn)
}

/// The order key of an item map ("" when another client left it out).
pub fn order_of<T: ReadTxn>(txn: &T, item: &MapRef) -> String {
    match item.get(txn, ORDER) {
        Some(Out::Any(Any::String(s))) => s.to_string(),
        _ => String::new(),
    }
}

/// The items of a collection map in order (by order key, then id), each as JSON with its id.
pub fn read_items<T: ReadTxn>(txn: &T, coll: &MapRef, schema: &ItemSchema) -> Vec<Value> {
    let mut items: Vec<(String, String, MapRef)> = coll
        .iter(txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(m) => Some((order_of(txn, &m), id.to_string(), m)),
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    items
        .into_iter()
        .map(|(_, id, m)| {
            let mut obj = JsonMap::new();
            obj.insert("id".into(), Value::String(id));
            obj.extend(read_fields(txn, &m, schema));
            Value::Object(obj)
        })
        .collect()
}

/// Ordered `(order key, id)` pairs of a collection, for placing a moved or new item.
pub fn ordered_keys<T: ReadTxn>(txn: &T, coll: &MapRef) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = coll
        .iter(txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(m) => Some((order_of(txn, &m), id.to_string())),
            _ => None,
        })
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middles_are_what_changed() {
        assert_eq!(diff_middle("abcdef", "abXYef"), ("ab", "cd", "XY"));
        assert_eq!(diff_middle("", "new"), ("", "", "new"));
        assert_eq!(diff_middle("same", "same"), ("same", "", ""));
        assert_eq!(diff_middle("héllo", "hällo"), ("h", "é", "ä"));
        assert_eq!(diff_middle("aaa", "aa"), ("aa", "a", ""));
    }

    #[test]
    fn nested_ids_are_checked() {
        let schema = &<crate::parts::Statement as crate::schema::Part>::SCHEMA;
        let field = schema
            .field("school_changes")
            .unwrap_or_else(|| unreachable!());
        let list = |ids: &[&str]| {
            Value::Array(
                ids.iter()
                    .map(|id| serde_json::json!({ "id": id, "text": "t" }))
                    .collect(),
            )
        };
        assert!(check(schema, field, &list(&["sl-1", "sl-2", ""])).is_ok());
        assert_eq!(
            check(schema, field, &list(&["sl-1", "sl-1"])).err(),
            Some(PlanError::DuplicateId("sl-1".into()))
        );
        assert_eq!(
            check(schema, field, &list(&["a/b"])).err(),
            Some(PlanError::BadId("a/b".into()))
        );
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-02-28"));
        assert!(!is_date("2026-02-30"));
        assert!(!is_date("26-2-3"));
    }
}
