//! Named versions: immutable, self-checking copies of the whole plan at a moment.

use rusqlite::{OptionalExtension, Row, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::{PlanFile, StoreError};

/// A version to record. `content` is the plan's canonical text (the plan crate's canonical
/// JSON); its hash is what makes two versions comparable and tampering detectable.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    pub label: &'a str,
    pub author: &'a str,
    pub at_ms: i64,
    /// The full yrs state, v1 (`encode_state_as_update_v1` against an empty state vector).
    pub state_v1: &'a [u8],
    pub content: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub id: i64,
    pub label: String,
    pub author: String,
    pub at_ms: i64,
    /// SHA-256 of the content, lowercase hex.
    pub content_hash: String,
    pub state_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub info: VersionInfo,
    pub state_v1: Vec<u8>,
    pub content: String,
}

const INFO_COLUMNS: &str = "id, label, author, at_ms, content_hash, length(state)";

impl PlanFile {
    pub fn create_version(&mut self, v: NewVersion<'_>) -> Result<VersionInfo, StoreError> {
        self.writable()?;
        crate::log::decode(v.state_v1).map_err(|reason| StoreError::InvalidState {
            what: "a version",
            reason,
        })?;
        let content_hash = sha256_hex(v.content.as_bytes());
        let state_hash = sha256_hex(v.state_v1);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM versions WHERE label = ?1)",
            [v.label],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::DuplicateVersion {
                label: v.label.to_owned(),
            });
        }
        tx.execute(
            "INSERT INTO versions (label, author, at_ms, state, state_hash, content, content_hash,
                                   sum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                     throughline_sum('versions', ?1, ?2, ?3, ?4, ?5, ?6, ?7))",
            rusqlite::params![
                v.label,
                v.author,
                v.at_ms,
                v.state_v1,
                state_hash,
                v.content,
                content_hash
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(VersionInfo {
            id,
            label: v.label.to_owned(),
            author: v.author.to_owned(),
            at_ms: v.at_ms,
            content_hash,
            state_bytes: v.state_v1.len() as u64,
        })
    }

    /// Oldest first.
    pub fn versions(&self) -> Result<Vec<VersionInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {INFO_COLUMNS} FROM versions ORDER BY id"))?;
        let rows = stmt.query_map([], info_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The version's state and content, checked against the hashes recorded when it was made:
    /// a mismatch means someone edited the file behind the triggers, and is reported as
    /// [`StoreError::TamperedVersion`] rather than returned.
    pub fn version_state(&self, label: &str) -> Result<Option<StoredVersion>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {INFO_COLUMNS}, state, content, state_hash FROM versions WHERE label = ?1"),
                [label],
                |r| {
                    let info = info_from_row(r)?;
                    let state: Vec<u8> = r.get(6)?;
                    let content: String = r.get(7)?;
                    let state_hash: String = r.get(8)?;
                    Ok((info, state, content, state_hash))
                },
            )
            .optional();
        let (info, state_v1, content, state_hash) = match found {
            Ok(Some(v)) => v,
            Ok(None) => return Ok(None),
            // A column of the wrong type can only come from editing the file by hand.
            Err(
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..),
            ) => {
                return Err(StoreError::TamperedVersion {
                    label: label.to_owned(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        if sha256_hex(content.as_bytes()) != info.content_hash
            || sha256_hex(&state_v1) != state_hash
        {
            return Err(StoreError::TamperedVersion {
                label: label.to_owned(),
            });
        }
        Ok(Some(StoredVersion {
            info,
            state_v1,
            content,
        }))
    }
}

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<VersionInfo> {
    Ok(VersionInfo {
        id: r.get(0)?,
        label: r.get(1)?,
        author: r.get(2)?,
        at_ms: r.get(3)?,
        content_hash: r.get(4)?,
        state_bytes: r
            .get::<_, Option<i64>>(5)?
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)),
    })
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
