//! Finding the `Y.Text` behind a prose field, for what points into plan text from outside the
//! plan document: comment anchors in the review document are Yjs sticky indexes into it.

use yrs::{Map, MapRef, Out, ReadTxn, TextRef, Transact};

use crate::command::PlanPath;
use crate::error::PlanError;
use crate::plan::Plan;
use crate::schema::FieldKind;

impl Plan {
    /// The `Y.Text` of a prose field (`strategies/ID`, field `description`). `Ok(None)` when the
    /// field has never been written (there is no text to point into yet).
    pub fn text_ref(&self, at: &str, field: &str) -> Result<Option<TextRef>, PlanError> {
        let txn = self.doc().transact();
        let (map, schema) = find(&txn, at)?;
        let f = schema.field(field).ok_or_else(|| PlanError::UnknownField {
            noun: schema.noun,
            field: field.to_string(),
        })?;
        if !matches!(f.kind, FieldKind::Text) {
            return Err(PlanError::BadValue {
                noun: schema.noun,
                field: field.to_string(),
                why: "is not prose".into(),
            });
        }
        Ok(match map.get(&txn, f.name) {
            Some(Out::YText(t)) => Some(t),
            _ => None,
        })
    }

    /// Whether the part or item a path names exists (`vision`, `strategies/ID`,
    /// `statements/ID/school_changes/ID`). A malformed path is an error.
    pub fn has(&self, at: &str) -> Result<bool, PlanError> {
        let txn = self.doc().transact();
        match find(&txn, at) {
            Ok(_) => Ok(true),
            Err(PlanError::NoSuchItem { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// The map a path names, read-only.
fn find<T: ReadTxn>(
    txn: &T,
    at: &str,
) -> Result<(MapRef, &'static crate::schema::ItemSchema), PlanError> {
    let path = PlanPath::parse(at)?;
    let missing = |noun: &'static str, id: &str| PlanError::NoSuchItem {
        noun,
        id: id.to_string(),
    };
    let Some(root) = txn.get_map(path.root.name) else {
        return Err(missing(
            path.root.schema.noun,
            path.item.as_deref().unwrap_or(""),
        ));
    };
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
        return Err(missing(path.root.schema.noun, id));
    };
    match &path.nested {
        None => Ok((item, path.root.schema)),
        Some((field, sub, Some(nid))) => match item.get(txn, field.name) {
            Some(Out::YMap(coll)) => match coll.get(txn, nid) {
                Some(Out::YMap(m)) => Ok((m, *sub)),
                _ => Err(missing(sub.noun, nid)),
            },
            _ => Err(missing(sub.noun, nid)),
        },
        Some((_, _, None)) => Err(PlanError::BadPath {
            path: at.to_string(),
            why: "name the nested item's id",
        }),
    }
}
