//! Helpers shared by the integration tests.

use std::path::Path;

use sha2::{Digest, Sha256};
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact};

pub const TEXT: &str = "body";

/// Inserts `s` into the doc's text at `index` (clamped) and returns the update it produced.
pub fn insert(doc: &Doc, index: u32, s: &str) -> Vec<u8> {
    let text = doc.get_or_insert_text(TEXT);
    let mut txn = doc.transact_mut();
    let len = text.len(&txn);
    text.insert(&mut txn, index.min(len), s);
    txn.encode_update_v1()
}

pub fn text_of(doc: &Doc) -> String {
    let text = doc.get_or_insert_text(TEXT);
    let txn = doc.transact();
    text.get_string(&txn)
}

pub fn state_of(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

pub fn state_vector_of(doc: &Doc) -> StateVector {
    doc.transact().state_vector()
}

pub fn file_hash(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|b| format!("{:x}", Sha256::digest(&b)))
}

/// Hashes of the database file and its WAL/SHM siblings, so "unchanged" covers all of them.
pub fn files_hash(path: &Path) -> Vec<(String, Option<String>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = path.as_os_str().to_owned();
            p.push(s);
            let p = std::path::PathBuf::from(p);
            (s.to_string(), file_hash(&p))
        })
        .collect()
}

/// The write-ahead log beside a plan file.
pub fn wal_of(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    std::path::PathBuf::from(name)
}
