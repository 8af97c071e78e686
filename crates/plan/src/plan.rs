//! A plan: a yrs document read and changed through the schema.

use serde_json::{Map as JsonMap, Value};
use yrs::updates::decoder::Decode;
use yrs::{
    Doc, Map, MapRef, OffsetKind, Options, Out, ReadTxn, StateVector, Text, Transact,
    TransactionMut, Update, WriteTxn,
};

use crate::command::{PlanCommand, PlanPath};
use crate::error::PlanError;
use crate::order;
use crate::parts::{root, PlanContent, RootPart, FORMAT, ROOTS};
use crate::schema::{Field, FieldKind, ItemSchema};
use crate::template::Template;
use crate::ydoc::{self, valid_id, Checked};

/// What a change produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    /// The id of the item the change created, if it created one.
    pub id: Option<String>,
    /// The change as a Yjs v1 update: what the plan file stores and peers receive. Empty when
    /// the change changed nothing.
    pub update: Vec<u8>,
}

/// A district redesign plan held in a Yjs document.
pub struct Plan {
    doc: Doc,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("client_id", &self.client_id())
            .finish()
    }
}

impl Plan {
    /// An empty plan document for this replica. Each running replica needs its own client id
    /// (the app picks a random one per session); tests pass fixed ids.
    pub fn empty(client_id: u64) -> Plan {
        let mut options = Options::with_client_id(yrs::block::ClientID::new(client_id));
        // Yjs clients count text positions in UTF-16 code units; so do we.
        options.offset_kind = OffsetKind::Utf16;
        Plan {
            doc: Doc::with_options(options),
        }
    }

    /// Wraps a document loaded from elsewhere (the plan file).
    pub fn from_doc(doc: Doc) -> Plan {
        Plan { doc }
    }

    /// A new document with the same options, for a fresh replica of this plan.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// This replica's client id.
    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// Starts a plan from a template: the record, the template copied in, and the template's
    /// seed capacity indicators. `now` is an RFC 3339 time chosen by the caller.
    pub fn start(
        client_id: u64,
        template: &Template,
        title: &str,
        district: &str,
        now: &str,
    ) -> Result<(Plan, Vec<u8>), PlanError> {
        let mut content = PlanContent {
            format: FORMAT,
            ..PlanContent::default()
        };
        content.record.title = title.to_string();
        content.record.district = district.to_string();
        content.record.created_at = now.to_string();
        content.record.status = Some(crate::vocab::ReviewStatus::Draft);
        content.record.template = Some(template.clone());
        let plan = Plan::empty(client_id);
        let update = plan.write_content(&content, true)?;
        for seed in &template.capacity_indicators {
            let mut fields = JsonMap::new();
            fields.insert("function".into(), Value::String(seed.function.clone()));
            fields.insert("indicator".into(), Value::String(seed.indicator.clone()));
            plan.apply(&PlanCommand::Add {
                to: "capacity".into(),
                fields,
                after: None,
            })?;
        }
        let _ = update;
        let state = plan.encode_state();
        Ok((plan, state))
    }

    /// A plan from its JSON content (what `show --json` prints), ids kept: the round trip is
    /// lossless.
    pub fn from_content(client_id: u64, content: &PlanContent) -> Result<Plan, PlanError> {
        if content.format > FORMAT {
            return Err(PlanError::NewerFormat {
                found: content.format,
                supported: FORMAT,
            });
        }
        let plan = Plan::empty(client_id);
        plan.write_content(content, false)?;
        Ok(plan)
    }

    /// Parses plan JSON. A top-level `fitness` is what `show --json` derives beside the
    /// content (computed on demand, never stored), so it is set aside, not refused.
    pub fn content_from_json(json: &str) -> Result<PlanContent, PlanError> {
        let mut value: Value =
            serde_json::from_str(json).map_err(|e| PlanError::BadJson(e.to_string()))?;
        if let Value::Object(fields) = &mut value {
            fields.remove(crate::fitness::SHOWN_AS);
        }
        serde_json::from_value(value).map_err(|e| PlanError::BadJson(e.to_string()))
    }

    fn write_content(&self, content: &PlanContent, mint_ids: bool) -> Result<Vec<u8>, PlanError> {
        let json = serde_json::to_value(content).map_err(|e| PlanError::BadJson(e.to_string()))?;
        let Value::Object(obj) = json else {
            return Err(PlanError::BadJson("expected an object".into()));
        };
        // Check everything first so that a bad value anywhere changes nothing.
        let mut seen = std::collections::HashSet::new();
        for root in ROOTS {
            match obj.get(root.name) {
                Some(Value::Object(fields)) if !root.collection => {
                    ydoc::check_object(root.schema, fields)?
                }
                Some(Value::Array(items)) if root.collection => {
                    for item in items {
                        let Value::Object(fields) = item else {
                            return Err(PlanError::BadJson(format!(
                                "{}: expected objects",
                                root.name
                            )));
                        };
                        ydoc::check_object(root.schema, fields)?;
                        if !mint_ids {
                            let id = fields.get("id").and_then(Value::as_str).unwrap_or_default();
                            if !valid_id(id) {
                                return Err(PlanError::BadId(id.to_string()));
                            }
                            if !seen.insert((root.name, id.to_string())) {
                                return Err(PlanError::DuplicateId(id.to_string()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let client = self.client_id();
        let mut txn = self.doc.transact_mut();
        for root in ROOTS {
            let map = txn.get_or_insert_map(root.name);
            match obj.get(root.name) {
                Some(Value::Object(fields)) if !root.collection => {
                    for field in root.schema.fields {
                        let v = fields.get(field.name).cloned().unwrap_or(Value::Null);
                        let checked = ydoc::check(root.schema, field, &v)?;
                        if !matches!(checked, Checked::Remove) {
                            ydoc::write(&mut txn, &map, field, checked, client);
                        }
                    }
                }
                Some(Value::Array(items)) if root.collection => {
                    let mut last: Option<String> = None;
                    for item in items {
                        let Value::Object(fields) = item else {
                            continue;
                        };
                        let id = match fields.get("id").and_then(Value::as_str) {
                            Some(id) if !mint_ids => id.to_string(),
                            _ => ydoc::mint_id(&txn, root.schema, client),
                        };
                        let key = order::between(last.as_deref(), None);
                        ydoc::insert_item(&mut txn, &map, root.schema, &id, &key, fields, client);
                        last = Some(key);
                    }
                }
                _ => {}
            }
        }
        Ok(txn.encode_update_v1())
    }

    /// The plan's whole content, typed. Links to items that no longer exist (one person removed
    /// a root cause while another linked it) are left out.
    pub fn content(&self) -> PlanContent {
        let txn = self.doc.transact();
        let mut obj = JsonMap::new();
        obj.insert("format".into(), Value::from(FORMAT));
        for root in ROOTS {
            let value = match txn.get_map(root.name) {
                Some(map) if root.collection => {
                    Value::Array(ydoc::read_items(&txn, &map, root.schema))
                }
                Some(map) => Value::Object(ydoc::read_fields(&txn, &map, root.schema)),
                None if root.collection => Value::Array(Vec::new()),
                None => Value::Object(JsonMap::new()),
            };
            obj.insert(root.name.to_string(), value);
        }
        drop(txn);
        drop_dangling_links(&mut obj);
        // Lenient reading makes every field fit its type, but the template copy is JSON that
        // another client may have written oddly. It is parsed on its own so that a bad one
        // leaves the rest of the plan readable without it, and so that the whole tree need not
        // be cloned for a second try (a fifth of this function's time on a large plan).
        let template = obj
            .get_mut("record")
            .and_then(Value::as_object_mut)
            .and_then(|record| record.remove("template"));
        match serde_json::from_value::<PlanContent>(Value::Object(obj)) {
            Ok(mut content) => {
                content.record.template =
                    template.and_then(|t| serde_json::from_value::<Template>(t).ok());
                content
            }
            Err(_) => PlanContent::default(),
        }
    }

    /// Applies one command in one transaction. A refused command changes nothing.
    pub fn apply(&self, cmd: &PlanCommand) -> Result<Applied, PlanError> {
        let client = self.client_id();
        let mut txn = self.doc.transact_mut();
        let id = match cmd {
            PlanCommand::Add { to, fields, after } => {
                Some(add(&mut txn, client, to, fields, after.as_deref())?)
            }
            PlanCommand::Set { at, field, value } => {
                let (map, schema) = resolve_existing(&mut txn, at)?;
                let f = known_field(schema, field)?;
                let checked = ydoc::check(schema, f, value)?;
                check_refs(&txn, f.kind, value)?;
                ydoc::write(&mut txn, &map, f, checked, client);
                None
            }
            PlanCommand::SetFields { at, fields } => {
                let (map, schema) = resolve_existing(&mut txn, at)?;
                // Every value is checked before any is written, so a refused one changes nothing.
                let mut checked = Vec::with_capacity(fields.len());
                for (name, value) in fields {
                    let f = schema.field(name).ok_or_else(|| PlanError::UnknownField {
                        noun: schema.noun,
                        field: name.clone(),
                    })?;
                    checked.push((f, ydoc::check(schema, f, value)?));
                    check_refs(&txn, f.kind, value)?;
                }
                for (f, value) in checked {
                    ydoc::write(&mut txn, &map, f, value, client);
                }
                None
            }
            PlanCommand::PersonEntry {
                at,
                field,
                member,
                entry,
            } => {
                let (map, schema) = resolve_existing(&mut txn, at)?;
                let f = known_field(schema, field)?;
                if !matches!(f.kind, FieldKind::Ratings) {
                    return Err(PlanError::BadValue {
                        noun: schema.noun,
                        field: field.clone(),
                        why: "holds no one's own entries".into(),
                    });
                }
                ensure_exists(&txn, "members", member)?;
                let entries = ydoc::ensure_map(&mut txn, &map, f.name);
                match entry {
                    Some(e) => {
                        entries.insert(&mut txn, member.as_str(), e.as_str());
                    }
                    None => {
                        entries.remove(&mut txn, member);
                    }
                }
                None
            }
            PlanCommand::Promote { idea, into, fields } => {
                Some(promote(&mut txn, client, idea, into, fields)?)
            }
            PlanCommand::EditText {
                at,
                field,
                index,
                delete,
                insert,
            } => {
                let (map, schema) = resolve_existing(&mut txn, at)?;
                let f = known_field(schema, field)?;
                if !matches!(f.kind, FieldKind::Text) {
                    return Err(PlanError::BadValue {
                        noun: schema.noun,
                        field: field.clone(),
                        why: "is not prose".into(),
                    });
                }
                let existing = match map.get(&txn, f.name) {
                    Some(Out::YText(t)) => Some(t),
                    _ => None,
                };
                // Checked before the field is created, so that a refused edit leaves no trace.
                let len = existing.as_ref().map_or(0, |t| t.len(&txn));
                let fits = index.checked_add(*delete).is_some_and(|end| end <= len);
                if !fits {
                    return Err(PlanError::BadValue {
                        noun: schema.noun,
                        field: field.clone(),
                        why: format!("edit at {index}+{delete} is outside the text (length {len})"),
                    });
                }
                if existing.is_none() && insert.is_empty() {
                    return Ok(Applied::default());
                }
                let text = match existing {
                    Some(t) => t,
                    None => map.insert(&mut txn, f.name, yrs::TextPrelim::new("")),
                };
                if *delete > 0 {
                    text.remove_range(&mut txn, *index, *delete);
                }
                if !insert.is_empty() {
                    text.insert(&mut txn, *index, insert);
                }
                None
            }
            PlanCommand::Link { at, field, target } | PlanCommand::Unlink { at, field, target } => {
                let linking = matches!(cmd, PlanCommand::Link { .. });
                let (map, schema) = resolve_existing(&mut txn, at)?;
                let f = known_field(schema, field)?;
                match f.kind {
                    FieldKind::Links(coll) if linking => ensure_exists(&txn, coll, target)?,
                    FieldKind::Links(_) | FieldKind::Tags => {}
                    _ => {
                        return Err(PlanError::BadValue {
                            noun: schema.noun,
                            field: field.clone(),
                            why: "holds no links".into(),
                        })
                    }
                }
                if target.trim().is_empty() {
                    return Err(PlanError::BadValue {
                        noun: schema.noun,
                        field: field.clone(),
                        why: "an empty label".into(),
                    });
                }
                let set = ydoc::ensure_map(&mut txn, &map, f.name);
                if linking {
                    if !set.contains_key(&txn, target) {
                        set.insert(&mut txn, target.as_str(), true);
                    }
                } else {
                    set.remove(&mut txn, target);
                }
                None
            }
            PlanCommand::Rate {
                indicator,
                member,
                rating,
            } => {
                let (map, _) = resolve_existing(&mut txn, &format!("capacity/{indicator}"))?;
                ensure_exists(&txn, "members", member)?;
                // While a private round is open, each rating is sealed to the round's key on its
                // own laptop: one written here in the clear would reach every peer before the
                // reveal.
                let said = |key: &str| match map.get(&txn, key) {
                    Some(yrs::Out::Any(yrs::Any::String(s))) => !s.is_empty(),
                    _ => false,
                };
                if said("rating_key") && !said("reveal_key") {
                    return Err(PlanError::BadValue {
                        noun: "capacity indicator",
                        field: "ratings".into(),
                        why: "a private rating round is open: ratings are sealed until the reveal"
                            .into(),
                    });
                }
                if let Some(r) = rating {
                    check_rating(&txn, r)?;
                }
                let ratings = ydoc::ensure_map(&mut txn, &map, "ratings");
                match rating {
                    Some(r) => {
                        ratings.insert(&mut txn, member.as_str(), r.as_str());
                    }
                    None => {
                        ratings.remove(&mut txn, member);
                    }
                }
                None
            }
            PlanCommand::Play { play, lines } => Some(play_card(&mut txn, client, play, lines)?),
            PlanCommand::TakeBack { play } => {
                take_back(&mut txn, play)?;
                None
            }
            PlanCommand::Move { at, after } => {
                let path = PlanPath::parse(at)?;
                let (coll, id) = collection_and_id(&mut txn, &path, at)?;
                let Some(Out::YMap(item)) = coll.get(&txn, &id) else {
                    return Err(PlanError::NoSuchItem {
                        noun: path.schema().noun,
                        id,
                    });
                };
                let keys: Vec<(String, String)> = ydoc::ordered_keys(&txn, &coll)
                    .into_iter()
                    .filter(|(_, k)| *k != id)
                    .collect();
                let key = place(&keys, after.as_deref(), path.schema())?;
                item.insert(&mut txn, ydoc::ORDER, key);
                None
            }
            PlanCommand::Remove { at } => {
                let path = PlanPath::parse(at)?;
                let (coll, id) = collection_and_id(&mut txn, &path, at)?;
                if coll.remove(&mut txn, &id).is_none() {
                    return Err(PlanError::NoSuchItem {
                        noun: path.schema().noun,
                        id,
                    });
                }
                if path.nested.is_none() {
                    unlink_everywhere(&mut txn, path.root.name, &id);
                }
                None
            }
        };
        let update = txn.encode_update_v1();
        Ok(Applied { id, update })
    }

    /// Applies a Yjs v1 update from a peer or the plan file. Bytes that do not decode are
    /// refused whole and change nothing.
    ///
    /// yrs 0.28 can panic on crafted bytes, in decoding and in integrating. A panic while
    /// decoding has touched nothing and is reported as [`PlanError::BadUpdate`]; a panic while
    /// integrating may have half-changed the document, and is reported as
    /// [`PlanError::Damaged`]: the caller must discard this `Plan` and rebuild it (from its file).
    pub fn apply_update(&self, bytes: &[u8]) -> Result<(), PlanError> {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        let update = match catch_unwind(AssertUnwindSafe(|| Update::decode_v1(bytes))) {
            Ok(Ok(update)) => update,
            Ok(Err(e)) => return Err(PlanError::BadUpdate(e.to_string())),
            Err(_) => {
                return Err(PlanError::BadUpdate(
                    "the bytes are not a Yjs update".into(),
                ))
            }
        };
        self.apply_decoded(update).map(|_| ())
    }

    /// Applies an update its caller has already decoded (the plan file decodes what it logs),
    /// so an edit is decoded once on its way to disk and into the document. Returns whether
    /// the plan changed: what the transaction inserted or deleted says so without walking the
    /// whole document (a snapshot before and after would, twice per edit). Errors as
    /// [`Plan::apply_update`].
    pub fn apply_decoded(&self, update: Update) -> Result<bool, PlanError> {
        use std::panic::{catch_unwind, AssertUnwindSafe};
        let applied = catch_unwind(AssertUnwindSafe(|| {
            let mut txn = self.doc.transact_mut();
            txn.apply_update(update)?;
            Ok::<bool, yrs::error::UpdateError>(
                !txn.insert_set().is_empty() || !txn.delete_set().is_empty(),
            )
        }));
        match applied {
            Ok(Ok(changed)) => Ok(changed),
            Ok(Err(e)) => Err(PlanError::BadUpdate(e.to_string())),
            Err(_) => Err(PlanError::Damaged),
        }
    }

    /// The whole document state as one v1 update.
    pub fn encode_state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// What this replica has, for a peer to answer with what it lacks.
    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What this replica has that a peer with `remote` lacks.
    pub fn encode_diff(&self, remote: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(remote)
    }

    /// The plan's content as canonical JSON: the same content gives the same bytes on every
    /// replica, so its hash identifies a version's content.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(&self.content()).unwrap_or_default()
    }
}

/// Removes ids from link and reference fields whose targets do not exist.
fn drop_dangling_links(obj: &mut JsonMap<String, Value>) {
    let ids: std::collections::HashMap<&'static str, std::collections::HashSet<String>> = ROOTS
        .iter()
        .filter(|r| r.collection)
        .map(|r| {
            let set = obj
                .get(r.name)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i.get("id").and_then(Value::as_str).map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (r.name, set)
        })
        .collect();
    for root in ROOTS {
        let Some(value) = obj.get_mut(root.name) else {
            continue;
        };
        let items: Vec<&mut Value> = match value {
            Value::Array(items) => items.iter_mut().collect(),
            other => vec![other],
        };
        for item in items {
            let Some(fields) = item.as_object_mut() else {
                continue;
            };
            for field in root.schema.fields {
                match field.kind {
                    FieldKind::Links(coll) => {
                        if let Some(Value::Array(list)) = fields.get_mut(field.name) {
                            list.retain(|v| {
                                v.as_str()
                                    .is_some_and(|id| ids.get(coll).is_some_and(|s| s.contains(id)))
                            });
                        }
                    }
                    FieldKind::Ref(coll) => {
                        let dangling = fields
                            .get(field.name)
                            .and_then(Value::as_str)
                            .is_some_and(|id| !ids.get(coll).is_some_and(|s| s.contains(id)));
                        if dangling {
                            fields.remove(field.name);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn root_map(txn: &mut TransactionMut, root: &RootPart) -> MapRef {
    txn.get_or_insert_map(root.name)
}

/// The map a path names, which must exist, and its schema.
/// The field `field` of items of `schema`, or the error naming what has no such field.
fn known_field(schema: &ItemSchema, field: &str) -> Result<&'static Field, PlanError> {
    schema.field(field).ok_or_else(|| PlanError::UnknownField {
        noun: schema.noun,
        field: field.to_owned(),
    })
}

fn resolve_existing(
    txn: &mut TransactionMut,
    at: &str,
) -> Result<(MapRef, &'static ItemSchema), PlanError> {
    let path = PlanPath::parse(at)?;
    let root = root_map(txn, path.root);
    let Some(id) = &path.item else {
        if path.root.collection {
            return Err(PlanError::BadPath {
                path: at.to_string(),
                why: "name an item: collection/ID",
            });
        }
        return Ok((root, path.root.schema));
    };
    let Some(Out::YMap(item)) = root.get(txn, id) else {
        return Err(PlanError::NoSuchItem {
            noun: path.root.schema.noun,
            id: id.clone(),
        });
    };
    match &path.nested {
        None => Ok((item, path.root.schema)),
        Some((field, sub, Some(nid))) => match item.get(txn, field.name) {
            Some(Out::YMap(coll)) => match coll.get(txn, nid) {
                Some(Out::YMap(m)) => Ok((m, sub)),
                _ => Err(PlanError::NoSuchItem {
                    noun: sub.noun,
                    id: nid.clone(),
                }),
            },
            _ => Err(PlanError::NoSuchItem {
                noun: sub.noun,
                id: nid.clone(),
            }),
        },
        Some((_, _, None)) => Err(PlanError::BadPath {
            path: at.to_string(),
            why: "name the nested item's id",
        }),
    }
}

/// The collection map holding the item a path names, and that item's id.
fn collection_and_id(
    txn: &mut TransactionMut,
    path: &PlanPath,
    at: &str,
) -> Result<(MapRef, String), PlanError> {
    let bad = |why| PlanError::BadPath {
        path: at.to_string(),
        why,
    };
    let root = root_map(txn, path.root);
    let id = path
        .item
        .clone()
        .ok_or_else(|| bad("name an item: collection/ID"))?;
    match &path.nested {
        None => Ok((root, id)),
        Some((field, sub, nested_id)) => {
            let nid = nested_id
                .clone()
                .ok_or_else(|| bad("name the nested item's id"))?;
            let Some(Out::YMap(item)) = root.get(txn, &id) else {
                return Err(PlanError::NoSuchItem {
                    noun: path.root.schema.noun,
                    id,
                });
            };
            match item.get(txn, field.name) {
                Some(Out::YMap(coll)) => Ok((coll, nid)),
                _ => Err(PlanError::NoSuchItem {
                    noun: sub.noun,
                    id: nid,
                }),
            }
        }
    }
}

fn add(
    txn: &mut TransactionMut,
    client: u64,
    to: &str,
    fields: &JsonMap<String, Value>,
    after: Option<&str>,
) -> Result<String, PlanError> {
    let path = PlanPath::parse(to)?;
    let (coll, schema) = match (&path.item, &path.nested) {
        (None, None) if path.root.collection => (root_map(txn, path.root), path.root.schema),
        (Some(id), Some((field, sub, None))) => {
            let root = root_map(txn, path.root);
            let Some(Out::YMap(item)) = root.get(txn, id) else {
                return Err(PlanError::NoSuchItem {
                    noun: path.root.schema.noun,
                    id: id.clone(),
                });
            };
            (ydoc::ensure_map(txn, &item, field.name), *sub)
        }
        _ => {
            return Err(PlanError::BadPath {
                path: to.to_string(),
                why: "add to a collection (`strategies`) or a nested list (`statements/ID/school_changes`)",
            })
        }
    };
    if fields.contains_key("id") {
        return Err(PlanError::UnknownField {
            noun: schema.noun,
            field: "id (ids are given by the plan)".into(),
        });
    }
    ydoc::check_object(schema, fields)?;
    for (k, v) in fields {
        if let Some(f) = schema.field(k) {
            check_refs(txn, f.kind, v)?;
        }
    }
    let keys = ydoc::ordered_keys(txn, &coll);
    let key = match after {
        Some(_) => place(&keys, after, schema)?,
        None => order::between(keys.last().map(|(k, _)| k.as_str()), None),
    };
    let id = ydoc::mint_id(txn, schema, client);
    ydoc::insert_item(txn, &coll, schema, &id, &key, fields, client);
    Ok(id)
}

/// The collections a parking-lot idea can become an item of.
pub const PROMOTE_INTO: &[&str] = &["strategies", "tactics", "root_causes"];

/// Adds the item a parking-lot idea becomes, with the idea's words in its title field, and
/// records on the idea what it became (the link back).
fn promote(
    txn: &mut TransactionMut,
    client: u64,
    idea: &str,
    into: &str,
    fields: &JsonMap<String, Value>,
) -> Result<String, PlanError> {
    let idea_schema = <crate::parts::ParkingIdea as crate::schema::Part>::SCHEMA;
    let (idea_map, _) = resolve_existing(txn, &format!("parking_lot/{idea}"))?;
    let read = ydoc::read_fields(txn, &idea_map, &idea_schema);
    if let Some(to) = read
        .get("promoted_to")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        return Err(PlanError::BadValue {
            noun: idea_schema.noun,
            field: "promoted_to".into(),
            why: format!("the idea was already promoted to `{to}`"),
        });
    }
    let target = PROMOTE_INTO
        .iter()
        .find(|c| **c == into)
        .and_then(|c| root(c))
        .ok_or(PlanError::BadPath {
            path: into.to_string(),
            why: "an idea becomes a strategy, a tactic or a root cause",
        })?;
    let title = target.schema.title.ok_or(PlanError::BadPath {
        path: into.to_string(),
        why: "that part has no title to carry the idea's words",
    })?;
    let words = read
        .get("text")
        .cloned()
        .unwrap_or(Value::String(String::new()));
    let mut fields = fields.clone();
    fields.insert(title.to_string(), words);
    let id = add(txn, client, target.name, &fields, None)?;
    let promoted_to = idea_schema
        .field("promoted_to")
        .ok_or(PlanError::UnknownField {
            noun: idea_schema.noun,
            field: "promoted_to".into(),
        })?;
    let path = format!("{}/{id}", target.name);
    ydoc::write(
        txn,
        &idea_map,
        promoted_to,
        Checked::Any(yrs::Any::from(path.as_str())),
        client,
    );
    Ok(id)
}

/// Records a card play and writes its ledger lines, each naming it. Every line is checked
/// before anything is written, so a refused line leaves no play behind.
fn play_card(
    txn: &mut TransactionMut,
    client: u64,
    play: &JsonMap<String, Value>,
    lines: &[JsonMap<String, Value>],
) -> Result<String, PlanError> {
    let ledger = root("ledger").ok_or_else(|| PlanError::UnknownPart("ledger".into()))?;
    let plays = root("plays").ok_or_else(|| PlanError::UnknownPart("plays".into()))?;
    if lines.is_empty() {
        return Err(PlanError::BadValue {
            noun: plays.schema.noun,
            field: "lines".into(),
            why: "a card play writes at least one ledger line".into(),
        });
    }
    ydoc::check_object(plays.schema, play)?;
    check_fields_refs(txn, plays.schema, play)?;
    for line in lines {
        if line.contains_key("play") || line.contains_key("id") {
            return Err(PlanError::BadValue {
                noun: ledger.schema.noun,
                field: "play".into(),
                why: "a played line's play and id are given by the plan".into(),
            });
        }
        ydoc::check_object(ledger.schema, line)?;
        check_fields_refs(txn, ledger.schema, line)?;
    }
    let id = add(txn, client, plays.name, play, None)?;
    for line in lines {
        let mut line = line.clone();
        line.insert("play".into(), Value::String(id.clone()));
        add(txn, client, ledger.name, &line, None)?;
    }
    Ok(id)
}

fn check_fields_refs<T: ReadTxn>(
    txn: &T,
    schema: &ItemSchema,
    fields: &JsonMap<String, Value>,
) -> Result<(), PlanError> {
    for (k, v) in fields {
        if let Some(f) = schema.field(k) {
            check_refs(txn, f.kind, v)?;
        }
    }
    Ok(())
}

/// Removes a card play and every ledger line that names it, so that the ledger is as it was
/// before the play (as far as no one has since edited those lines).
fn take_back(txn: &mut TransactionMut, play: &str) -> Result<(), PlanError> {
    ensure_exists(txn, "plays", play)?;
    let ledger = txn.get_or_insert_map("ledger");
    let written: Vec<String> = ledger
        .iter(txn)
        .filter_map(|(id, v)| match v {
            Out::YMap(line) => match line.get(txn, "play") {
                Some(Out::Any(yrs::Any::String(p))) if &*p == play => Some(id.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    for id in written {
        ledger.remove(txn, &id);
        unlink_everywhere(txn, "ledger", &id);
    }
    let plays = txn.get_or_insert_map("plays");
    plays.remove(txn, play);
    unlink_everywhere(txn, "plays", play);
    Ok(())
}

/// An order key after `after` (or first when none), among ordered `(key, id)` siblings.
fn place(
    keys: &[(String, String)],
    after: Option<&str>,
    schema: &ItemSchema,
) -> Result<String, PlanError> {
    match after {
        None => Ok(order::between(None, keys.first().map(|(k, _)| k.as_str()))),
        Some(a) => {
            let i =
                keys.iter()
                    .position(|(_, id)| id == a)
                    .ok_or_else(|| PlanError::NoSuchItem {
                        noun: schema.noun,
                        id: a.to_string(),
                    })?;
            let before = keys.get(i).map(|(k, _)| k.as_str());
            let next = keys.get(i + 1).map(|(k, _)| k.as_str());
            Ok(order::between(before, next))
        }
    }
}

fn ensure_exists<T: ReadTxn>(txn: &T, collection: &str, id: &str) -> Result<(), PlanError> {
    let found = txn
        .get_map(collection)
        .is_some_and(|m| matches!(m.get(txn, id), Some(Out::YMap(_))));
    if found {
        Ok(())
    } else {
        let noun = crate::parts::root(collection).map_or("item", |r| r.schema.noun);
        Err(PlanError::NoSuchItem {
            noun,
            id: id.to_string(),
        })
    }
}

/// Links and references must point at items that exist when they are made.
fn check_refs<T: ReadTxn>(txn: &T, kind: FieldKind, value: &Value) -> Result<(), PlanError> {
    match (kind, value) {
        (FieldKind::Ref(coll), Value::String(id)) => ensure_exists(txn, coll, id),
        (FieldKind::Links(coll), Value::Array(ids)) => {
            for id in ids.iter().filter_map(Value::as_str) {
                ensure_exists(txn, coll, id)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A rating must be one of the plan's scale's levels (or "don't know" when the scale allows).
fn check_rating<T: ReadTxn>(txn: &T, rating: &str) -> Result<(), PlanError> {
    let Some(record) = txn.get_map("record") else {
        return Ok(());
    };
    let Some(template) = ydoc::read_fields(
        txn,
        &record,
        &<crate::parts::Record as crate::schema::Part>::SCHEMA,
    )
    .remove("template")
    .and_then(|v| serde_json::from_value::<Template>(v).ok()) else {
        return Ok(());
    };
    // A template without a capacity scale (an add-on's own) accepts any rating.
    let Some(scale) = &template.capacity_scale else {
        return Ok(());
    };
    let known = scale.levels.iter().any(|l| l.value == rating)
        || (scale.allows_dont_know && rating == crate::template::DONT_KNOW);
    if known {
        Ok(())
    } else {
        let keys: Vec<&str> = scale.levels.iter().map(|l| l.value.as_str()).collect();
        Err(PlanError::BadValue {
            noun: "capacity indicator",
            field: "ratings".into(),
            why: format!("`{rating}` is not on the scale ({})", keys.join(", ")),
        })
    }
}

/// Removes every link to a removed item, so that no part keeps pointing at it.
fn unlink_everywhere(txn: &mut TransactionMut, collection: &str, id: &str) {
    for root in ROOTS.iter().filter(|r| r.collection) {
        let fields: Vec<_> = root
            .schema
            .fields
            .iter()
            .filter(
                |f| matches!(f.kind, FieldKind::Links(c) | FieldKind::Ref(c) if c == collection),
            )
            .collect();
        if fields.is_empty() {
            continue;
        }
        let Some(map) = txn.get_map(root.name) else {
            continue;
        };
        let items: Vec<MapRef> = map
            .iter(txn)
            .filter_map(|(_, v)| match v {
                Out::YMap(m) => Some(m),
                _ => None,
            })
            .collect();
        for item in items {
            for f in &fields {
                match (f.kind, item.get(txn, f.name)) {
                    (FieldKind::Links(_), Some(Out::YMap(set))) if set.contains_key(txn, id) => {
                        set.remove(txn, id);
                    }
                    (FieldKind::Ref(_), Some(Out::Any(yrs::Any::String(s)))) if &*s == id => {
                        item.remove(txn, f.name);
                    }
                    _ => {}
                }
            }
        }
    }
}
