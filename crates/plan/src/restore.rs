//! Writing given content onto a live plan by the smallest edits that make it so: restoring a
//! named version as a forward change.
//!
//! Replacing the document would give every piece of text a new identity, so comments anchored
//! in it (Yjs sticky indexes held by the review document) would all be orphaned, and a replica
//! still holding the old items would merge them back. Here text that is the same in both stays
//! the very same Yjs items: a prose field is edited by a character diff, an item present in both
//! keeps its map and only its changed fields are written, and order keys move only for items
//! that are out of place.

use serde_json::{Map as JsonMap, Value};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use yrs::{
    GetString, Map, MapRef, Out, Text, TextPrelim, TextRef, Transact, TransactionMut, WriteTxn,
};

use crate::error::PlanError;
use crate::order;
use crate::parts::{PlanContent, FORMAT, ROOTS};
use crate::plan::{Applied, Plan};
use crate::schema::{FieldKind, ItemSchema};
use crate::ydoc::{self, valid_id};

impl Plan {
    /// Makes the plan's content equal to `target` (ids included) by minimal edits, in one
    /// transaction, and returns the update. Text the two share keeps its identity, so anything
    /// anchored in it stays anchored. Content that fails the schema changes nothing.
    pub fn restore(&self, target: &PlanContent) -> Result<Applied, PlanError> {
        if target.format > FORMAT {
            return Err(PlanError::NewerFormat {
                found: target.format,
                supported: FORMAT,
            });
        }
        let json = serde_json::to_value(target).map_err(|e| PlanError::BadJson(e.to_string()))?;
        check_content(&json)?;
        let client = self.client_id();
        let mut txn = self.doc().transact_mut();
        for root in ROOTS {
            let map = txn.get_or_insert_map(root.name);
            match &json[root.name] {
                Value::Array(items) if root.collection => {
                    sync_items(&mut txn, &map, root.schema, items, client);
                }
                Value::Object(fields) if !root.collection => {
                    sync_fields(&mut txn, &map, root.schema, fields, client);
                }
                _ => {}
            }
        }
        Ok(Applied {
            id: None,
            update: txn.encode_update_v1(),
        })
    }
}

/// The same checks creating a plan from content makes, before anything is written.
fn check_content(json: &Value) -> Result<(), PlanError> {
    let mut seen = std::collections::HashSet::new();
    for root in ROOTS {
        match &json[root.name] {
            Value::Object(fields) if !root.collection => ydoc::check_object(root.schema, fields)?,
            Value::Array(items) if root.collection => {
                for item in items {
                    let Value::Object(fields) = item else {
                        return Err(PlanError::BadJson(format!(
                            "{}: expected objects",
                            root.name
                        )));
                    };
                    ydoc::check_object(root.schema, fields)?;
                    let id = fields.get("id").and_then(Value::as_str).unwrap_or_default();
                    if !valid_id(id) {
                        return Err(PlanError::BadId(id.to_string()));
                    }
                    if !seen.insert((root.name, id.to_string())) {
                        return Err(PlanError::DuplicateId(id.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A field's value as the plan's JSON shows it, with "absent" read as the empty value of its
/// kind, so that a field never written and one written empty compare equal.
fn normal(kind: FieldKind, value: Option<&Value>) -> Value {
    match (kind, value) {
        (_, Some(v)) if !v.is_null() => v.clone(),
        (FieldKind::Text, _) => Value::String(String::new()),
        (FieldKind::Bool, _) => Value::Bool(false),
        (FieldKind::Links(_) | FieldKind::Tags | FieldKind::Items(_), _) => {
            Value::Array(Vec::new())
        }
        (FieldKind::Ratings, _) => Value::Object(JsonMap::new()),
        _ => Value::Null,
    }
}

fn sync_fields(
    txn: &mut TransactionMut,
    map: &MapRef,
    schema: &ItemSchema,
    target: &JsonMap<String, Value>,
    client: u64,
) {
    let current = ydoc::read_fields(txn, map, schema);
    for field in schema.fields {
        let want = normal(field.kind, target.get(field.name));
        let have = normal(field.kind, current.get(field.name));
        match field.kind {
            FieldKind::Items(sub) => {
                let Value::Array(items) = &want else { continue };
                let coll = match map.get(txn, field.name) {
                    Some(Out::YMap(m)) => m,
                    _ if items.is_empty() => continue,
                    _ => ydoc::ensure_map(txn, map, field.name),
                };
                sync_items(txn, &coll, sub, items, client);
            }
            _ if want == have => {}
            FieldKind::Text => {
                let new = want.as_str().unwrap_or_default();
                match map.get(txn, field.name) {
                    Some(Out::YText(text)) => edit_text(txn, &text, new),
                    _ => {
                        map.insert(txn, field.name, TextPrelim::new(new));
                    }
                }
            }
            FieldKind::Links(_) | FieldKind::Tags => {
                let keys = |v: &Value| -> Vec<String> {
                    v.as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let (want, have) = (keys(&want), keys(&have));
                let set = ydoc::ensure_map(txn, map, field.name);
                for k in have.iter().filter(|k| !want.contains(k)) {
                    set.remove(txn, k);
                }
                for k in want.iter().filter(|k| !have.contains(k)) {
                    set.insert(txn, k.as_str(), true);
                }
            }
            FieldKind::Ratings => {
                let set = ydoc::ensure_map(txn, map, field.name);
                let (Value::Object(want), Value::Object(have)) = (&want, &have) else {
                    continue;
                };
                for k in have.keys().filter(|k| !want.contains_key(*k)) {
                    set.remove(txn, k);
                }
                for (k, v) in want.iter().filter(|(k, v)| have.get(*k) != Some(v)) {
                    if let Some(r) = v.as_str() {
                        set.insert(txn, k.as_str(), r);
                    }
                }
            }
            _ if want.is_null() => {
                map.remove(txn, field.name);
            }
            _ => {
                // Checked with the whole content before the transaction began.
                if let Ok(checked) = ydoc::check(schema, field, &want) {
                    ydoc::write(txn, map, field, checked, client);
                }
            }
        }
    }
}

fn sync_items(
    txn: &mut TransactionMut,
    coll: &MapRef,
    schema: &ItemSchema,
    target: &[Value],
    client: u64,
) {
    let wanted: Vec<(&str, &JsonMap<String, Value>)> = target
        .iter()
        .filter_map(|v| {
            let obj = v.as_object()?;
            Some((obj.get("id")?.as_str()?, obj))
        })
        .collect();
    let existing: Vec<String> = coll.keys(txn).map(str::to_string).collect();
    for id in existing
        .iter()
        .filter(|id| !wanted.iter().any(|(w, _)| w == id))
    {
        coll.remove(txn, id);
    }
    let keys = order_keys(txn, coll, &wanted);
    for ((id, obj), key) in wanted.iter().zip(keys) {
        match coll.get(txn, id) {
            Some(Out::YMap(item)) => {
                if let Some(key) = key {
                    item.insert(txn, ydoc::ORDER, key);
                }
                sync_fields(txn, &item, schema, obj, client);
            }
            _ => {
                let key = key.unwrap_or_else(|| order::between(None, None));
                let mut fields = (*obj).clone();
                fields.remove("id");
                ydoc::insert_item(txn, coll, schema, id, &key, &fields, client);
            }
        }
    }
}

/// New order keys for the wanted sequence: `None` where an item's current key may stay. The
/// longest run of existing items already in increasing key order keeps its keys; every other
/// item (moved, or new) gets a key between its kept neighbours.
fn order_keys(
    txn: &TransactionMut,
    coll: &MapRef,
    wanted: &[(&str, &JsonMap<String, Value>)],
) -> Vec<Option<String>> {
    let current: Vec<Option<String>> = wanted
        .iter()
        .map(|(id, _)| match coll.get(txn, id) {
            Some(Out::YMap(item)) => Some(ydoc::order_of(txn, &item)),
            _ => None,
        })
        .collect();
    let keep = increasing_run(&current);
    let mut out = vec![None; wanted.len()];
    let mut before: Option<String> = None;
    for i in 0..wanted.len() {
        if keep[i] {
            before = current[i].clone();
            continue;
        }
        let after = (i + 1..wanted.len())
            .find(|&j| keep[j])
            .and_then(|j| current[j].clone());
        let key = order::between(before.as_deref(), after.as_deref());
        before = Some(key.clone());
        out[i] = Some(key);
    }
    out
}

/// Marks a longest strictly increasing subsequence of the present keys (patience sorting).
fn increasing_run(keys: &[Option<String>]) -> Vec<bool> {
    // tails[k]: index of the smallest last key of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, key) in keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let pos = tails.partition_point(|&t| keys[t].as_deref() < Some(key.as_str()));
        prev[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; keys.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

/// Edits a text into `new` by a character diff, so unchanged characters keep their identity.
fn edit_text(txn: &mut TransactionMut, text: &TextRef, new: &str) {
    let old = text.get_string(txn);
    if old == new {
        return;
    }
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let utf16 = |cs: &[char]| cs.iter().map(|c| c.len_utf16() as u32).sum::<u32>();
    // Positions are UTF-16 units in the text as edited so far.
    let mut pos = 0u32;
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => pos += utf16(&a[old_index..old_index + len]),
            DiffOp::Delete {
                old_index, old_len, ..
            } => text.remove_range(txn, pos, utf16(&a[old_index..old_index + old_len])),
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let s: String = b[new_index..new_index + new_len].iter().collect();
                text.insert(txn, pos, &s);
                pos += utf16(&b[new_index..new_index + new_len]);
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                text.remove_range(txn, pos, utf16(&a[old_index..old_index + old_len]));
                let s: String = b[new_index..new_index + new_len].iter().collect();
                text.insert(txn, pos, &s);
                pos += utf16(&b[new_index..new_index + new_len]);
            }
        }
    }
}
