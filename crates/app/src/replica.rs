//! Identities that must differ between replicas: the Yjs client id of this session and the id
//! of a new plan.
//!
//! Written by hand rather than with `rand`: std's `RandomState` is seeded from the OS's random
//! source, which is all a client id needs (it must be unlikely to collide, not unguessable).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

fn random_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.write_u32(std::process::id());
    h.finish()
}

/// A fresh Yjs client id for one session of one replica. Yjs clients in JavaScript draw 32-bit
/// ids, and larger ones lose precision there, so ours stay below 2^32 as well.
pub fn client_id() -> u64 {
    // 0 is avoided: some tools treat it as "unset".
    (random_u64() & 0xFFFF_FFFF).max(1)
}

/// A new plan's id: 128 random bits as hex. Copies of one plan share it; merge refuses two
/// files with different ids.
pub fn plan_id() -> String {
    format!("{:016x}{:016x}", random_u64(), random_u64())
}
