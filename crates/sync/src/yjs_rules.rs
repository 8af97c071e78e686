//! Refusing v1 updates that npm `yjs` would not apply the way yrs does.
//!
//! yrs and Yjs read the same bytes, but not always alike: on some malformed updates Yjs throws
//! (often half-way, with part of the update applied) while yrs applies them, or the two read
//! them differently. A host that accepts such an update holds a plan its Yjs peers do not,
//! and a buggy or hostile client can split a room. Each rule below names one such difference,
//! found by feeding mutated updates to both (`tests/it/yjs_judge.rs` keeps checking it); a
//! well-formed update from Yjs or yrs breaks none of them.
//!
//! yrs does not expose the structs of a decoded [`yrs::Update`], so the update is walked here
//! with yrs's own decoder and content reader: only the framing is read by this module.

use std::collections::HashSet;

use yrs::block::ItemContent;
use yrs::encoding::read::{Cursor, Read};
use yrs::updates::decoder::{Decoder, DecoderV1};

use crate::error::SyncError;

const GC: u8 = 0;
const SKIP: u8 = 10;
const HAS_ORIGIN: u8 = 0b1000_0000;
const HAS_RIGHT_ORIGIN: u8 = 0b0100_0000;
const HAS_PARENT_SUB: u8 = 0b0010_0000;
/// Yjs reads an item's content kind from the low five bits of its info byte.
const CONTENT_BITS: u8 = 0b0001_1111;
const CONTENT_JSON: u8 = 2;
const CONTENT_TYPE: u8 = 7;
const CONTENT_DOC: u8 = 9;
/// The shared types Yjs knows (array, map, text, XML element, fragment, text), by type ref.
/// XML hooks (5) are left out: Yjs reads a name after the ref and yrs does not.
const YJS_TYPE_REFS: [u8; 6] = [0, 1, 2, 3, 4, 6];
const XML_ELEMENT: u8 = 3;
/// lib0 in JavaScript throws on integers beyond 2^53 - 1; yrs would silently fold such a writer
/// id into another (in a release build).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A writer and a clock, read as plain numbers: yrs's own ID reader asserts on a writer id
/// Yjs would refuse, so it is not used here.
#[derive(Clone, Copy)]
struct Id {
    client: u64,
    clock: u32,
}

fn read_client(decoder: &mut DecoderV1<'_>) -> Result<u64, SyncError> {
    let client: u64 = decoder
        .read_var()
        .map_err(|_| SyncError::malformed("update: a writer id is unreadable"))?;
    if client > MAX_SAFE_INTEGER {
        return Err(SyncError::UpdateRefused {
            reason: String::from("Yjs would not apply it: a writer id beyond 2^53"),
        });
    }
    Ok(client)
}

fn read_id(decoder: &mut DecoderV1<'_>) -> Result<Id, SyncError> {
    let client = read_client(decoder)?;
    let clock: u32 = decoder
        .read_var()
        .map_err(|_| SyncError::malformed("update: a clock is unreadable"))?;
    Ok(Id { client, clock })
}

/// Checks a v1 update against the rules; the error says which one it breaks.
pub(crate) fn check(bytes: &[u8]) -> Result<(), SyncError> {
    let mut decoder = DecoderV1::new(Cursor::new(bytes));
    let refused = |rule: &str| SyncError::UpdateRefused {
        reason: format!("Yjs would not apply it: {rule}"),
    };
    let unreadable = |_| SyncError::malformed("update: it ends too soon or is not an update");

    let clients: u32 = decoder.read_var().map_err(unreadable)?;
    let mut seen = HashSet::new();
    for _ in 0..clients {
        let structs: u32 = decoder.read_var().map_err(unreadable)?;
        let client = read_client(&mut decoder)?;
        if !seen.insert(client) {
            // Yjs keeps the last run of a client's structs, yrs all of them.
            return Err(refused("one writer's changes appear twice"));
        }
        let mut clock: u32 = decoder.read_var().map_err(unreadable)?;
        for _ in 0..structs {
            let info = decoder.read_info().map_err(unreadable)?;
            let len = match info & CONTENT_BITS {
                GC => {
                    if info != GC {
                        return Err(refused("a collected range carries item flags"));
                    }
                    decoder.read_len().map_err(unreadable)?
                }
                SKIP => {
                    if info != SKIP {
                        return Err(refused("a skipped range carries item flags"));
                    }
                    decoder.read_var().map_err(unreadable)?
                }
                kind => {
                    // Yjs looks up an item's same-writer neighbours without checking that
                    // they exist yet, and throws when they do not.
                    let before_itself = |id: &Id| id.client != client || id.clock < clock;
                    let cant_copy_parent = info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0;
                    if info & HAS_ORIGIN != 0 {
                        let origin = read_id(&mut decoder)?;
                        if !before_itself(&origin) {
                            return Err(refused("an item follows itself"));
                        }
                    }
                    if info & HAS_RIGHT_ORIGIN != 0 {
                        let right = read_id(&mut decoder)?;
                        if !before_itself(&right) {
                            return Err(refused("an item precedes itself"));
                        }
                    }
                    if cant_copy_parent {
                        if decoder.read_parent_info().map_err(unreadable)? {
                            decoder.read_string().map_err(unreadable)?;
                        } else {
                            let parent = read_id(&mut decoder)?;
                            if !before_itself(&parent) {
                                return Err(refused("an item is inside itself"));
                            }
                        }
                        if info & HAS_PARENT_SUB != 0 {
                            decoder.read_string().map_err(unreadable)?;
                        }
                    }
                    if kind > 9 {
                        return Err(refused("an item of a kind Yjs does not know"));
                    }
                    if kind == CONTENT_TYPE {
                        check_type_ref(&mut decoder)?;
                        1
                    } else {
                        content_len(&mut decoder, kind).map_err(|reason| match reason {
                            Some(rule) => refused(rule),
                            None => SyncError::malformed("update: an item's content is unreadable"),
                        })?
                    }
                }
            };
            if len == 0 {
                return Err(refused("an empty item or range"));
            }
            clock = clock
                .checked_add(len)
                .ok_or_else(|| refused("a writer's clock overflows"))?;
        }
    }

    let deleting: u32 = decoder.read_var().map_err(unreadable)?;
    let mut seen = HashSet::new();
    for _ in 0..deleting {
        decoder.reset_ds_cur_val();
        let client = read_client(&mut decoder)?;
        if !seen.insert(client) {
            // yrs keeps the last list of a writer's deletions, Yjs all of them.
            return Err(refused("one writer's deletions appear twice"));
        }
        let ranges: u32 = decoder.read_var().map_err(unreadable)?;
        for _ in 0..ranges {
            let start = decoder.read_ds_clock().map_err(unreadable)?;
            let len = decoder.read_ds_len().map_err(unreadable)?;
            if len == 0 {
                // Yjs throws on writing it back when it must wait for what it deletes.
                return Err(refused("an empty deletion"));
            }
            start
                .checked_add(len)
                .ok_or_else(|| refused("a deletion past the end of a writer's clock"))?;
        }
    }
    Ok(())
}

/// Reads a shared type's ref and, for an XML element, its name, as both libraries do.
fn check_type_ref(decoder: &mut DecoderV1<'_>) -> Result<(), SyncError> {
    let type_ref = decoder
        .read_type_ref()
        .map_err(|_| SyncError::malformed("update: a shared type is unreadable"))?;
    if !YJS_TYPE_REFS.contains(&type_ref) {
        return Err(SyncError::UpdateRefused {
            reason: String::from("Yjs would not apply it: a shared type Yjs does not know"),
        });
    }
    if type_ref == XML_ELEMENT {
        decoder
            .read_key()
            .map_err(|_| SyncError::malformed("update: a shared type is unreadable"))?;
    }
    Ok(())
}

/// The length of an item's content (what it adds to its writer's clock, as Yjs counts it),
/// read with yrs's own reader. `Err(Some(rule))` names a rule it breaks, `Err(None)` means
/// unreadable.
fn content_len(decoder: &mut DecoderV1<'_>, kind: u8) -> Result<u32, Option<&'static str>> {
    match kind {
        // yrs reads one value more than the count Yjs writes (and Yjs itself has written
        // `Any` instead for years), so the two would read everything after it differently.
        CONTENT_JSON => return Err(Some("legacy JSON content")),
        // Sub-documents: no plan has one, and the two libraries read their options differently.
        CONTENT_DOC => return Err(Some("a sub-document")),
        _ => {}
    }
    let content = ItemContent::decode(decoder, kind).map_err(|_| None)?;
    Ok(content.len_utf16())
}
