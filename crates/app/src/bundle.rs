//! The two files a copy travels as when there is no network: a *bundle* (the logged changes
//! another copy lacks, each with its author and time) and a *state file* (what a copy holds,
//! for the laptop that makes a bundle for it). `docs/plan-format.md` describes both.
//!
//! Each starts with its own header line, so a wrong file is refused by name, then a line with
//! the SHA-256 of the rest, so a damaged one is refused before anything is read from it.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::Snapshot;

use crate::carry::{CopyLog, LoggedChange};
use crate::error::AppError;

/// The first line of a bundle, before its format number.
pub const BUNDLE_HEADER: &str = "throughline-bundle";
/// The first line of a state file, before its format number.
pub const STATE_HEADER: &str = "throughline-state";
/// The format both files are written in; a higher one is refused as newer.
const FORMAT: u32 = 1;

/// What a file given as another copy turned out to be.
pub(crate) enum OtherCopy {
    /// A plan file (or something that is neither of ours: the plan file's probe names it).
    PlanFile,
    Bundle(Bundle),
}

/// A bundle's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bundle {
    pub plan_id: String,
    /// The breakout table whose copy made it, if it was a table's.
    pub table: Option<String>,
    pub log: CopyLog,
}

/// What a copy holds: its plan id and, for each document, its state vector and delete set.
pub(crate) struct Holding {
    pub plan_id: String,
    pub plan: Snapshot,
    pub review: Snapshot,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleBody {
    plan_id: String,
    table: Option<String>,
    made_at: String,
    plan: Vec<ChangeBody>,
    review: Vec<ChangeBody>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeBody {
    author: String,
    at_ms: i64,
    /// A Yjs v1 update, base64.
    update: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateBody {
    plan_id: String,
    /// A Yjs v1 snapshot (delete set, then state vector), base64.
    plan: String,
    review: String,
}

fn bad(path: &Path, why: impl Into<String>) -> AppError {
    AppError::BadCopyFile {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

fn seal(header: &str, body: &[u8]) -> Vec<u8> {
    let sum = hex(&Sha256::digest(body));
    let mut out = format!("{header} {FORMAT}\nsha256 {sum}\n").into_bytes();
    out.extend_from_slice(body);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the header and the checksum, and hands back the body.
fn unseal<'a>(
    path: &Path,
    bytes: &'a [u8],
    header: &str,
    noun: &str,
) -> Result<&'a [u8], AppError> {
    let (first, rest) = split_line(bytes).ok_or_else(|| bad(path, format!("is not a {noun}")))?;
    let version = first
        .strip_prefix(header)
        .and_then(|v| v.strip_prefix(' '))
        .ok_or_else(|| bad(path, format!("is not a {noun}")))?;
    let version: u32 = version.parse().map_err(|_| {
        bad(
            path,
            format!("is a damaged {noun} (its first line is {first:?})"),
        )
    })?;
    if version > FORMAT {
        return Err(bad(
            path,
            format!("is a {noun} made by a newer Throughline (format {version}); update this one to read it"),
        ));
    }
    let damaged = || {
        bad(path, format!("is a damaged {noun} (its checksum does not match its content); nothing was read from it"))
    };
    let (second, body) = split_line(rest).ok_or_else(damaged)?;
    let sum = second.strip_prefix("sha256 ").ok_or_else(damaged)?;
    if hex(&Sha256::digest(body)) != sum {
        return Err(damaged());
    }
    Ok(body)
}

fn split_line(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let end = bytes.iter().take(200).position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&bytes[..end]).ok()?;
    Some((line, &bytes[end + 1..]))
}

fn read(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|e| AppError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Reads a file given as another copy: a bundle by its header, else a plan file. A state file
/// is refused by name (it says what a copy holds, not what it changed).
pub(crate) fn read_other(path: &Path) -> Result<OtherCopy, AppError> {
    let bytes = read(path)?;
    if bytes.starts_with(STATE_HEADER.as_bytes()) {
        return Err(bad(
            path,
            "is a state file (what a copy holds), not a copy: make a bundle for it with `throughline bundle PLAN --for STATE`",
        ));
    }
    if !bytes.starts_with(BUNDLE_HEADER.as_bytes()) {
        return Ok(OtherCopy::PlanFile);
    }
    let body = unseal(path, &bytes, BUNDLE_HEADER, "bundle")?;
    let body: BundleBody = serde_json::from_slice(body)
        .map_err(|e| bad(path, format!("is a damaged bundle ({e})")))?;
    let changes = |list: Vec<ChangeBody>| -> Result<Vec<LoggedChange>, AppError> {
        list.into_iter()
            .map(|c| {
                Ok(LoggedChange {
                    data: STANDARD
                        .decode(c.update)
                        .map_err(|e| bad(path, format!("is a damaged bundle ({e})")))?,
                    author: c.author,
                    at_ms: c.at_ms,
                })
            })
            .collect()
    };
    Ok(OtherCopy::Bundle(Bundle {
        plan_id: body.plan_id,
        table: body.table,
        log: CopyLog {
            plan: changes(body.plan)?,
            review: changes(body.review)?,
        },
    }))
}

/// A bundle's bytes.
pub(crate) fn write_bundle(bundle: &Bundle, made_at: &str) -> Vec<u8> {
    let changes = |list: &[LoggedChange]| -> Vec<ChangeBody> {
        list.iter()
            .map(|c| ChangeBody {
                author: c.author.clone(),
                at_ms: c.at_ms,
                update: STANDARD.encode(&c.data),
            })
            .collect()
    };
    let body = BundleBody {
        plan_id: bundle.plan_id.clone(),
        table: bundle.table.clone(),
        made_at: made_at.to_string(),
        plan: changes(&bundle.log.plan),
        review: changes(&bundle.log.review),
    };
    // Serializing strings, numbers and lists cannot fail.
    let json = serde_json::to_vec_pretty(&body).unwrap_or_default();
    seal(BUNDLE_HEADER, &json)
}

/// A state file's bytes.
pub(crate) fn write_state(holding: &Holding) -> Vec<u8> {
    let body = StateBody {
        plan_id: holding.plan_id.clone(),
        plan: STANDARD.encode(holding.plan.encode_v1()),
        review: STANDARD.encode(holding.review.encode_v1()),
    };
    let json = serde_json::to_vec_pretty(&body).unwrap_or_default();
    seal(STATE_HEADER, &json)
}

/// Reads a state file, refusing anything else by name.
pub(crate) fn read_state(path: &Path) -> Result<Holding, AppError> {
    let bytes = read(path)?;
    if bytes.starts_with(BUNDLE_HEADER.as_bytes()) {
        return Err(bad(
            path,
            "is a bundle (changes to merge), not a state file: merge it with `throughline merge PLAN BUNDLE`",
        ));
    }
    let body = unseal(path, &bytes, STATE_HEADER, "state file")?;
    let damaged = |why: String| bad(path, format!("is a damaged state file ({why})"));
    let body: StateBody = serde_json::from_slice(body).map_err(|e| damaged(e.to_string()))?;
    let snapshot = |text: &str| -> Result<Snapshot, AppError> {
        let bytes = STANDARD.decode(text).map_err(|e| damaged(e.to_string()))?;
        // yrs can panic on crafted bytes; they are refused like any other damage.
        match std::panic::catch_unwind(|| Snapshot::decode_v1(&bytes)) {
            Ok(Ok(snapshot)) => Ok(snapshot),
            Ok(Err(e)) => Err(damaged(e.to_string())),
            Err(_) => Err(damaged("its snapshot cannot be read".to_string())),
        }
    };
    Ok(Holding {
        plan: snapshot(&body.plan)?,
        review: snapshot(&body.review)?,
        plan_id: body.plan_id,
    })
}
