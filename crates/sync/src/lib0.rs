//! The three lib0 primitives the y-protocols framing is built from: varUint, varUint8Array and
//! varString, read from untrusted bytes with every length checked before it is used.
//!
//! Written by hand rather than with `yrs::encoding::read`: that reader takes `u32` lengths,
//! and the framing needs each length checked against a limit of the caller's choosing (so a
//! prefix claiming gigabytes is refused before anything is allocated or sliced) and every
//! error reported as "this message is malformed" rather than "end of messages".

use crate::error::SyncError;

/// lib0 writes JavaScript numbers, so nothing on the wire is above 2^53 - 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A varUint longer than this cannot be at most 2^53 - 1 (8 × 7 = 56 bits).
const MAX_VAR_UINT_BYTES: usize = 8;

/// Reads lib0 values from the front of a byte slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn has_more(&self) -> bool {
        self.pos < self.bytes.len()
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// An unsigned integer, 7 bits a byte, least significant first. Like lib0 it accepts
    /// non-minimal encodings; unlike lib0 it stops at 8 bytes, which already covers every
    /// value lib0 can write.
    pub fn var_uint(&mut self, what: &'static str) -> Result<u64, SyncError> {
        let mut value: u64 = 0;
        for i in 0..MAX_VAR_UINT_BYTES {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(SyncError::malformed(format!(
                    "{what}: the number is cut off"
                )));
            };
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                if value > MAX_SAFE_INTEGER {
                    return Err(SyncError::malformed(format!(
                        "{what}: the number is above 2^53 - 1"
                    )));
                }
                return Ok(value);
            }
        }
        Err(SyncError::malformed(format!(
            "{what}: the number is longer than 8 bytes"
        )))
    }

    /// A varUint8Array: a varUint length, then that many bytes. The length is checked against
    /// `limit` and against what is left before the bytes are touched.
    pub fn var_bytes(&mut self, what: &'static str, limit: usize) -> Result<&'a [u8], SyncError> {
        let claimed = self.var_uint(what)?;
        let len = usize::try_from(claimed).unwrap_or(usize::MAX);
        if len > limit {
            return Err(SyncError::TooLarge {
                what,
                size: claimed,
                limit,
            });
        }
        if len > self.remaining() {
            return Err(SyncError::malformed(format!(
                "{what}: claims {len} bytes but only {} follow",
                self.remaining()
            )));
        }
        let start = self.pos;
        self.pos += len;
        Ok(&self.bytes[start..self.pos])
    }

    /// A varString: a varUint8Array holding UTF-8. lib0's decoder replaces invalid UTF-8
    /// silently; here it is refused, so nothing we relay can differ from what was sent.
    pub fn var_string(&mut self, what: &'static str, limit: usize) -> Result<&'a str, SyncError> {
        let bytes = self.var_bytes(what, limit)?;
        std::str::from_utf8(bytes)
            .map_err(|_| SyncError::malformed(format!("{what}: not valid UTF-8")))
    }
}

/// Appends a varUint. Values above 2^53 - 1 never occur in what this crate writes (lengths of
/// bounded buffers, protocol tags, client ids and clocks that were validated on the way in).
pub fn write_var_uint(out: &mut Vec<u8>, mut value: u64) {
    while value > 0x7f {
        out.push(0x80 | (value & 0x7f) as u8);
        value >>= 7;
    }
    out.push(value as u8);
}

pub fn write_var_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_var_uint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

pub fn write_var_string(out: &mut Vec<u8>, s: &str) {
    write_var_bytes(out, s.as_bytes());
}

/// How many bytes `write_var_uint` uses for `value`, to size buffers exactly.
pub fn var_uint_len(mut value: u64) -> usize {
    let mut n = 1;
    while value > 0x7f {
        value >>= 7;
        n += 1;
    }
    n
}
