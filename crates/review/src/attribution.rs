//! Who changed what: the plan's logged updates decoded into changes to its parts and items.
//!
//! Each logged update is applied, in order, to a scratch copy of the plan while deep observers
//! on every top-level part record the paths it touched (an item added or removed, a field
//! written, prose edited). Updates folded into the file's snapshot by compaction keep only their
//! counts per author, so history starts at the snapshot.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use throughline_plan::display;
use throughline_plan::parts::{root, RootPart, ROOTS};
use throughline_plan::schema::{FieldKind, ItemSchema};
use throughline_plan::{ChangeKind, ItemChange, SectionChange, SectionId};
use yrs::types::{EntryChange, Event, PathSegment};
use yrs::updates::decoder::Decode;
use yrs::{Any, DeepObservable, Doc, GetString, Map, MapRef, Out, ReadTxn, Transact, Update};

/// One logged update of the plan, as the plan file keeps it.
#[derive(Clone, Copy, Debug)]
pub struct Logged<'a> {
    pub data: &'a [u8],
    pub author: &'a str,
    pub at_ms: i64,
}

/// What one update did to one part or item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Touch {
    pub author: String,
    pub at_ms: i64,
    /// `None` for the plan record (and reflections written outside any section).
    pub section: Option<SectionId>,
    /// `vision`, `strategies/ID`, `statements/ID/school_changes/ID`.
    pub path: String,
    pub noun: String,
    /// The item's title at the time (its last known title once removed).
    pub title: String,
    pub kind: ChangeKind,
    /// The fields written (`order` when it was moved); empty when added or removed whole.
    pub fields: Vec<String>,
}

/// Replays the snapshot and the log after it, returning every touch in log order. Updates
/// that cannot be read are skipped (the plan file has already quarantined them on load).
pub fn replay(snapshot: Option<&[u8]>, log: &[Logged<'_>]) -> Vec<Touch> {
    let doc = Doc::new();
    let events: Arc<Mutex<Vec<Raw>>> = Arc::new(Mutex::new(Vec::new()));
    for part in ROOTS {
        let map = doc.get_or_insert_map(part.name);
        let sink = Arc::clone(&events);
        let name = part.name;
        map.observe_deep("throughline-attribution", move |txn, evs| {
            let mut sink = sink.lock().unwrap_or_else(PoisonError::into_inner);
            for e in evs.iter() {
                let path: Vec<String> = e
                    .path()
                    .into_iter()
                    .filter_map(|s| match s {
                        PathSegment::Key(k) => Some(k.to_string()),
                        PathSegment::Index(_) => None,
                    })
                    .collect();
                let keys = match e {
                    Event::Map(m) => m
                        .keys(txn)
                        .iter()
                        .map(|(k, c)| {
                            let kind = match c {
                                EntryChange::Inserted(_) => ChangeKind::Added,
                                EntryChange::Removed(_) => ChangeKind::Removed,
                                EntryChange::Updated(..) => ChangeKind::Changed,
                            };
                            (k.to_string(), kind)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                sink.push(Raw {
                    root: name,
                    path,
                    keys,
                });
            }
        });
    }
    let mut known = Known::default();
    if let Some(state) = snapshot {
        apply(&doc, state);
        events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        known.learn_all(&doc);
    }
    let mut out = Vec::new();
    for entry in log {
        if !apply(&doc, entry.data) {
            continue;
        }
        let raw: Vec<Raw> =
            std::mem::take(&mut *events.lock().unwrap_or_else(PoisonError::into_inner));
        let mut touched: BTreeMap<String, (ChangeKind, BTreeSet<String>)> = BTreeMap::new();
        for r in &raw {
            for (path, kind, field) in r.touches() {
                let slot = touched
                    .entry(path)
                    .or_insert((ChangeKind::Changed, BTreeSet::new()));
                slot.0 = match (slot.0, kind) {
                    (ChangeKind::Added, ChangeKind::Removed) | (_, ChangeKind::Removed) => {
                        ChangeKind::Removed
                    }
                    (ChangeKind::Added, _) | (_, ChangeKind::Added) => ChangeKind::Added,
                    _ => ChangeKind::Changed,
                };
                if let Some(f) = field {
                    slot.1.insert(f);
                }
            }
        }
        for (path, (kind, fields)) in touched {
            let facts = known.learn(&doc, &path);
            let Some(schema) = schema_of(&path) else {
                continue;
            };
            out.push(Touch {
                author: entry.author.to_string(),
                at_ms: entry.at_ms,
                section: facts.section,
                noun: schema.noun.to_string(),
                title: facts.title,
                kind,
                fields: if kind == ChangeKind::Changed {
                    fields.into_iter().collect()
                } else {
                    Vec::new()
                },
                path,
            });
        }
    }
    for part in ROOTS {
        doc.get_or_insert_map(part.name)
            .unobserve_deep("throughline-attribution");
    }
    out
}

fn apply(doc: &Doc, bytes: &[u8]) -> bool {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let Ok(Ok(update)) = catch_unwind(|| Update::decode_v1(bytes)) else {
        return false;
    };
    // A panic inside yrs leaves the scratch copy suspect, but it is only read for history.
    catch_unwind(AssertUnwindSafe(|| {
        let mut txn = doc.transact_mut();
        txn.apply_update(update).is_ok()
    }))
    .unwrap_or(false)
}

/// One observed event: the part, the path below it, and the map keys that changed.
struct Raw {
    root: &'static str,
    path: Vec<String>,
    keys: Vec<(String, ChangeKind)>,
}

impl Raw {
    /// (item path, what happened, field written) for each thing the event says changed.
    fn touches(&self) -> Vec<(String, ChangeKind, Option<String>)> {
        let Some(part) = root(self.root) else {
            return Vec::new();
        };
        let r = self.root;
        let p = &self.path;
        let fields = |path: String| -> Vec<(String, ChangeKind, Option<String>)> {
            if self.keys.is_empty() {
                vec![(path, ChangeKind::Changed, None)]
            } else {
                self.keys
                    .iter()
                    .map(|(k, _)| (path.clone(), ChangeKind::Changed, Some(k.clone())))
                    .collect()
            }
        };
        let items = |prefix: String| -> Vec<(String, ChangeKind, Option<String>)> {
            self.keys
                .iter()
                .map(|(k, kind)| (format!("{prefix}/{k}"), *kind, None))
                .collect()
        };
        if !part.collection {
            return match p.first() {
                None => fields(r.to_string()),
                Some(f) => vec![(r.to_string(), ChangeKind::Changed, Some(f.clone()))],
            };
        }
        match p.as_slice() {
            [] => items(r.to_string()),
            [id] => fields(format!("{r}/{id}")),
            [id, field] => match part.schema.field(field).map(|f| f.kind) {
                Some(FieldKind::Items(_)) => items(format!("{r}/{id}/{field}")),
                _ => vec![(
                    format!("{r}/{id}"),
                    ChangeKind::Changed,
                    Some(field.clone()),
                )],
            },
            [id, field, nid] => fields(format!("{r}/{id}/{field}/{nid}")),
            [id, field, nid, f, ..] => vec![(
                format!("{r}/{id}/{field}/{nid}"),
                ChangeKind::Changed,
                Some(f.clone()),
            )],
        }
    }
}

/// The schema of the part or item a path names.
fn schema_of(path: &str) -> Option<&'static ItemSchema> {
    let mut parts = path.split('/');
    let part = root(parts.next()?)?;
    let _id = parts.next();
    match parts.next() {
        None => Some(part.schema),
        Some(field) => match part.schema.field(field)?.kind {
            FieldKind::Items(sub) => Some(sub),
            _ => None,
        },
    }
}

#[derive(Clone, Default)]
struct Facts {
    title: String,
    section: Option<SectionId>,
}

/// Titles and sections of items as last seen, so removed items can still be named.
#[derive(Default)]
struct Known {
    facts: HashMap<String, Facts>,
}

impl Known {
    fn learn_all(&mut self, doc: &Doc) {
        let txn = doc.transact();
        let mut paths = Vec::new();
        for part in ROOTS.iter().filter(|r| r.collection) {
            let Some(map) = txn.get_map(part.name) else {
                continue;
            };
            for (id, v) in map.iter(&txn) {
                paths.push(format!("{}/{id}", part.name));
                if let Out::YMap(item) = v {
                    for f in part.schema.fields {
                        if let (FieldKind::Items(_), Some(Out::YMap(coll))) =
                            (f.kind, item.get(&txn, f.name))
                        {
                            for (nid, _) in coll.iter(&txn) {
                                paths.push(format!("{}/{id}/{}/{nid}", part.name, f.name));
                            }
                        }
                    }
                }
            }
        }
        drop(txn);
        for p in paths {
            self.learn(doc, &p);
        }
    }

    fn learn(&mut self, doc: &Doc, path: &str) -> Facts {
        let txn = doc.transact();
        let found = item_map(&txn, path).zip(schema_of(path));
        let section = section_for(path, found.as_ref().map(|(m, _)| (&txn, m)));
        match found {
            Some((map, schema)) => {
                let facts = Facts {
                    title: title(&txn, &map, schema),
                    section,
                };
                self.facts.insert(path.to_string(), facts.clone());
                facts
            }
            None => self.facts.get(path).cloned().unwrap_or_else(|| Facts {
                title: schema_of(path).map_or_else(String::new, |s| display::title(s, None)),
                section,
            }),
        }
    }
}

fn section_for<T: ReadTxn>(path: &str, item: Option<(&T, &MapRef)>) -> Option<SectionId> {
    let part: &RootPart = root(path.split('/').next()?)?;
    if part.section.is_some() {
        return part.section;
    }
    let (txn, map) = item?;
    match map.get(txn, "section") {
        Some(Out::Any(Any::String(s))) => SectionId::parse(&s),
        _ => None,
    }
}

fn item_map<T: ReadTxn>(txn: &T, path: &str) -> Option<MapRef> {
    let mut parts = path.split('/');
    let mut map = txn.get_map(parts.next()?)?;
    for key in parts {
        map = match map.get(txn, key)? {
            Out::YMap(m) => m,
            _ => return None,
        };
    }
    Some(map)
}

/// The item's title by the plan's one rule (`display::title`), read from its title field.
fn title<T: ReadTxn>(txn: &T, map: &MapRef, schema: &ItemSchema) -> String {
    let text = schema.title.and_then(|field| match map.get(txn, field)? {
        Out::YText(t) => Some(t.get_string(txn)),
        Out::Any(Any::String(s)) => Some(s.to_string()),
        _ => None,
    });
    display::title(schema, text.as_deref())
}

/// A run of one person's changes to one part or item, as a section's history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub author: String,
    /// The first and last change of the run (milliseconds since the Unix epoch).
    pub from_ms: i64,
    pub to_ms: i64,
    pub path: String,
    pub noun: String,
    pub title: String,
    pub kind: ChangeKind,
    pub fields: Vec<String>,
}

/// A section's history, oldest first (`None`: the plan record). Consecutive changes by one
/// person to one item (typing a paragraph is hundreds of updates) are one entry.
pub fn section_history(touches: &[Touch], section: Option<SectionId>) -> Vec<HistoryEntry> {
    let mut out: Vec<HistoryEntry> = Vec::new();
    for t in touches.iter().filter(|t| t.section == section) {
        if let Some(last) = out.last_mut() {
            let continues = last.author == t.author
                && last.path == t.path
                && last.kind != ChangeKind::Removed
                && t.kind == ChangeKind::Changed;
            if continues {
                last.to_ms = t.at_ms;
                last.title.clone_from(&t.title);
                for f in &t.fields {
                    if !last.fields.contains(f) {
                        last.fields.push(f.clone());
                    }
                }
                continue;
            }
        }
        out.push(HistoryEntry {
            author: t.author.clone(),
            from_ms: t.at_ms,
            to_ms: t.at_ms,
            path: t.path.clone(),
            noun: t.noun.clone(),
            title: t.title.clone(),
            kind: t.kind,
            fields: t.fields.clone(),
        });
    }
    out
}

/// One person's part of a merge digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonDigest {
    /// The person (or breakout table) whose logged changes made these; `None` for changes no
    /// logged update since the version accounts for (they follow from other edits, such as a
    /// link that now reads as a renamed item's title, or predate the log).
    pub person: Option<String>,
    pub changes: Vec<DigestEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DigestEntry {
    pub section: Option<SectionId>,
    pub section_label: String,
    pub change: ItemChange,
}

/// What each person added, changed or removed since a version: every difference `compare`
/// found between the version and now, credited to each person whose updates since the version
/// touched that item: for an added item, everyone who wrote into it; for a removed one, who
/// removed it; for a changed one, who wrote one of the changed fields. People are in name order;
/// the unattributed come last.
pub fn merge_digest(changes: &[SectionChange], since: &[Touch]) -> Vec<PersonDigest> {
    let mut by_person: BTreeMap<Option<String>, Vec<DigestEntry>> = BTreeMap::new();
    for section in changes {
        for change in &section.items {
            let mut who: BTreeSet<String> = BTreeSet::new();
            for t in since {
                let on_item = t.path == change.path;
                let above = change.path.starts_with(&format!("{}/", t.path))
                    && t.kind != ChangeKind::Changed;
                let relevant = match change.kind {
                    // Everyone who wrote into a new item made it; only who removed one did that.
                    ChangeKind::Added => on_item || above,
                    ChangeKind::Removed => (on_item || above) && t.kind == ChangeKind::Removed,
                    ChangeKind::Changed => {
                        on_item
                            && (t.kind != ChangeKind::Changed
                                || change.fields.iter().any(|f| t.fields.contains(&f.field)))
                    }
                };
                if relevant {
                    who.insert(t.author.clone());
                }
            }
            let entry = DigestEntry {
                section: section.section,
                section_label: section.label.clone(),
                change: change.clone(),
            };
            if who.is_empty() {
                by_person.entry(None).or_default().push(entry);
            } else {
                for person in who {
                    by_person
                        .entry(Some(person))
                        .or_default()
                        .push(entry.clone());
                }
            }
        }
    }
    let mut out: Vec<PersonDigest> = by_person
        .into_iter()
        .map(|(person, changes)| PersonDigest { person, changes })
        .collect();
    // BTreeMap puts None first; the unattributed read best last.
    out.sort_by_key(|d| d.person.is_none());
    out
}
