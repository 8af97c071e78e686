//! Sign-offs: a named person signs a named version. Each sign-off records the content hash of
//! the version it signs, so it can only ever vouch for that exact text; the table's triggers
//! make sign-offs as immutable as the versions themselves.

use rusqlite::{OptionalExtension, Row, TransactionBehavior};

use crate::versions::sha256_hex;
use crate::{PlanFile, StoreError};

/// A sign-off to record.
#[derive(Debug, Clone, Copy)]
pub struct NewSignoff<'a> {
    pub version_label: &'a str,
    /// The person who signs ("Dr. Ana Ruiz").
    pub name: &'a str,
    /// Their role ("Superintendent").
    pub role: &'a str,
    /// Who recorded it on this laptop (the plan file's author).
    pub recorded_by: &'a str,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signoff {
    pub id: i64,
    pub version_label: String,
    /// SHA-256 of the signed version's canonical content, lowercase hex.
    pub content_hash: String,
    pub name: String,
    pub role: String,
    pub recorded_by: String,
    pub at_ms: i64,
}

/// What re-checking a sign-off against its version found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignoffCheck {
    /// The version's stored content still hashes to what was signed.
    Valid,
    /// The version's row was altered outside Throughline (its content or state no longer match
    /// the hashes recorded with it), or its content no longer hashes to what was signed.
    Tampered,
    /// The signed version is no longer in the file (removed outside Throughline).
    VersionMissing,
}

const COLUMNS: &str = "id, version_label, content_hash, name, role, recorded_by, at_ms";

impl PlanFile {
    /// Records a sign-off of a named version. The version is re-hashed first: a version whose
    /// stored content no longer matches its hash is refused ([`StoreError::TamperedVersion`]),
    /// so nobody can sign altered text.
    pub fn sign_version(&mut self, s: NewSignoff<'_>) -> Result<Signoff, StoreError> {
        self.writable()?;
        let stored =
            self.version_state(s.version_label)?
                .ok_or_else(|| StoreError::NoSuchVersion {
                    label: s.version_label.to_owned(),
                })?;
        let content_hash = sha256_hex(stored.content.as_bytes());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO signoffs (version_id, version_label, content_hash, name, role,
                                   recorded_by, at_ms, sum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                     throughline_sum('signoffs', ?1, ?2, ?3, ?4, ?5, ?6, ?7))",
            rusqlite::params![
                stored.info.id,
                s.version_label,
                content_hash,
                s.name,
                s.role,
                s.recorded_by,
                s.at_ms
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Signoff {
            id,
            version_label: s.version_label.to_owned(),
            content_hash,
            name: s.name.to_owned(),
            role: s.role.to_owned(),
            recorded_by: s.recorded_by.to_owned(),
            at_ms: s.at_ms,
        })
    }

    /// Every sign-off, oldest first.
    pub fn signoffs(&self) -> Result<Vec<Signoff>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM signoffs ORDER BY id"))?;
        let rows = stmt.query_map([], signoff_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Re-hashes the signed version's stored content and compares it with what was signed.
    pub fn check_signoff(&self, signoff: &Signoff) -> Result<SignoffCheck, StoreError> {
        let version_id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM versions WHERE label = ?1",
                [&signoff.version_label],
                |r| r.get(0),
            )
            .optional()?;
        if version_id.is_none() {
            return Ok(SignoffCheck::VersionMissing);
        }
        match self.version_state(&signoff.version_label) {
            Ok(Some(stored)) if sha256_hex(stored.content.as_bytes()) == signoff.content_hash => {
                Ok(SignoffCheck::Valid)
            }
            Ok(Some(_)) | Err(StoreError::TamperedVersion { .. }) => Ok(SignoffCheck::Tampered),
            Ok(None) => Ok(SignoffCheck::VersionMissing),
            Err(e) => Err(e),
        }
    }
}

fn signoff_from_row(r: &Row<'_>) -> rusqlite::Result<Signoff> {
    Ok(Signoff {
        id: r.get(0)?,
        version_label: r.get(1)?,
        content_hash: r.get(2)?,
        name: r.get(3)?,
        role: r.get(4)?,
        recorded_by: r.get(5)?,
        at_ms: r.get(6)?,
    })
}
