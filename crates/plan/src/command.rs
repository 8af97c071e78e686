//! Typed structural changes to a plan. The desktop UI, the CLI and tests all change plans through
//! these, so that the document's shape has one owner; prose may also be edited directly through
//! a Yjs editor binding on the `Y.Text` it lives in.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::PlanError;
use crate::parts::{root, RootPart};
use crate::schema::{Field, FieldKind, ItemSchema};

/// One change to a plan, applied in one transaction (all of it or nothing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanCommand {
    /// Add an item to a collection (`strategies`) or to an item's nested list
    /// (`statements/ID/school_changes`). `after` places it after that sibling; none puts it last.
    Add {
        to: String,
        #[serde(default)]
        fields: serde_json::Map<String, Value>,
        #[serde(default)]
        after: Option<String>,
    },
    /// Set one field (`strategies/ID`, field `owner`). Text fields are replaced by editing only
    /// what changed; `null` clears.
    Set {
        at: String,
        field: String,
        value: Value,
    },
    /// Edit prose at a position, in UTF-16 code units (what every Yjs client counts).
    EditText {
        at: String,
        field: String,
        index: u32,
        #[serde(default)]
        delete: u32,
        #[serde(default)]
        insert: String,
    },
    /// Add an id to a link field or a label to a tag field.
    Link {
        at: String,
        field: String,
        target: String,
    },
    /// Remove an id from a link field or a label from a tag field.
    Unlink {
        at: String,
        field: String,
        target: String,
    },
    /// One person's own capacity rating (`rating: null` withdraws it).
    Rate {
        indicator: String,
        member: String,
        rating: Option<String>,
    },
    /// Set several fields of one item in one transaction (a vote's counts, its reveal key and
    /// its closing time land together or not at all). Each field as [`PlanCommand::Set`].
    SetFields {
        at: String,
        fields: serde_json::Map<String, Value>,
    },
    /// One person's own entry in a per-person field (a sealed ballot, a sealed rating), written
    /// alone so that no one else's entry is touched; `entry: null` withdraws it.
    PersonEntry {
        at: String,
        field: String,
        member: String,
        entry: Option<String>,
    },
    /// Turn a parking-lot idea into a strategy, tactic or root cause (`into`: the collection),
    /// keeping its words; the idea records what it became. `fields` are the new item's other
    /// fields (a tactic's strategy).
    Promote {
        idea: String,
        into: String,
        #[serde(default)]
        fields: serde_json::Map<String, Value>,
    },
    /// Play a trade-off card: record the play (`play`: its fields) and write its ledger lines
    /// (`lines`: each a new ledger line's fields), each naming the play, all in one transaction.
    Play {
        play: serde_json::Map<String, Value>,
        lines: Vec<serde_json::Map<String, Value>>,
    },
    /// Take a card play back: remove the play and every ledger line it wrote.
    TakeBack { play: String },
    /// Move an item after a sibling (none: to the front).
    Move {
        at: String,
        #[serde(default)]
        after: Option<String>,
    },
    /// Remove an item, and every link that pointed to it.
    Remove { at: String },
}

/// Where in the plan a command or a finding points: a singleton (`vision`), an item
/// (`strategies/ID`) or a nested item (`statements/ID/school_changes/ID`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPath {
    pub root: &'static RootPart,
    pub item: Option<String>,
    pub nested: Option<(&'static Field, &'static ItemSchema, Option<String>)>,
}

impl PlanPath {
    /// Parses `root[/id[/field[/id]]]`.
    pub fn parse(path: &str) -> Result<PlanPath, PlanError> {
        let bad = |why| PlanError::BadPath {
            path: path.to_string(),
            why,
        };
        let mut parts = path.split('/');
        let root_name = parts.next().unwrap_or_default();
        let root = root(root_name).ok_or_else(|| PlanError::UnknownPart(root_name.to_string()))?;
        let item = parts.next().map(str::to_string);
        if item.is_some() && !root.collection {
            return Err(bad("a single part has no items"));
        }
        if item.as_deref() == Some("") {
            return Err(bad("empty id"));
        }
        let nested = match parts.next() {
            None => None,
            Some(field_name) => {
                let field =
                    root.schema
                        .field(field_name)
                        .ok_or_else(|| PlanError::UnknownField {
                            noun: root.schema.noun,
                            field: field_name.to_string(),
                        })?;
                let FieldKind::Items(sub) = field.kind else {
                    return Err(bad("that field holds no items"));
                };
                let id = parts.next().map(str::to_string);
                if id.as_deref() == Some("") {
                    return Err(bad("empty id"));
                }
                Some((field, sub, id))
            }
        };
        if parts.next().is_some() {
            return Err(bad("too many parts"));
        }
        Ok(PlanPath { root, item, nested })
    }

    /// The schema of the thing the path names.
    pub fn schema(&self) -> &'static ItemSchema {
        match &self.nested {
            Some((_, sub, _)) => sub,
            None => self.root.schema,
        }
    }
}

impl PartialEq for RootPart {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for RootPart {}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for Field {}

impl PartialEq for ItemSchema {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl Eq for ItemSchema {}
