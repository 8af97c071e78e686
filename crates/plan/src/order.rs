//! Order keys for items in a collection. Items live in a `Y.Map` keyed by id (so that moving an
//! item never deletes and re-creates it, which would lose edits made inside it at the same time);
//! their order is a string key compared byte by byte, and moving an item rewrites only its key.
//!
//! Written by hand rather than taken from a crate: the keys must be plain ASCII strings whose
//! ordering a JavaScript client reproduces with `<`, and the algorithm is twenty lines.

const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: u32 = 36;

fn digit(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'a'..=b'z' => u32::from(c - b'a') + 10,
        // Keys written by another client outside our alphabet sort as the nearest end.
        _ if c < b'0' => 0,
        _ => BASE - 1,
    }
}

fn char_of(d: u32) -> char {
    DIGITS.get(d as usize).map_or('z', |&b| char::from(b))
}

/// A key strictly between `before` and `after` (either may be absent: the start or the end).
/// When the two are equal or out of order (possible after concurrent moves), the result still
/// sorts after `before`; ties between equal keys are broken by item id when reading.
pub fn between(before: Option<&str>, after: Option<&str>) -> String {
    let a = before.unwrap_or("").as_bytes();
    let b = match after {
        Some(b) if b.as_bytes() > a => Some(b.as_bytes()),
        _ => None,
    };
    let mut out = String::new();
    midpoint(a, b, &mut out);
    out
}

fn midpoint(a: &[u8], b: Option<&[u8]>, out: &mut String) {
    let mut i = 0;
    loop {
        let da = a.get(i).map_or(0, |&c| digit(c));
        let db = match b {
            Some(b) => b.get(i).map_or(BASE, |&c| digit(c)),
            None => BASE,
        };
        if da == db {
            out.push(char_of(da));
            i += 1;
            continue;
        }
        if db > da + 1 {
            out.push(char_of((da + db) / 2));
            return;
        }
        // Adjacent digits: keep a's digit and find room after it, with no upper bound left.
        out.push(char_of(da));
        let rest = a.get(i + 1..).unwrap_or(&[]);
        let mut j = 0;
        loop {
            let d = rest.get(j).map_or(0, |&c| digit(c));
            if d + 1 < BASE {
                out.push(char_of((d + BASE) / 2));
                return;
            }
            out.push(char_of(d));
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_sort_between_their_neighbours() {
        let first = between(None, None);
        let before = between(None, Some(&first));
        let after = between(Some(&first), None);
        assert!(before < first && first < after, "{before} {first} {after}");
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(ops in proptest::collection::vec((0usize..64, any::<bool>()), 1..200)) {
            let mut keys: Vec<String> = vec![between(None, None)];
            for (pos, at_end) in ops {
                let i = pos % (keys.len() + 1);
                let i = if at_end { keys.len() } else { i };
                let before = if i == 0 { None } else { Some(keys[i - 1].as_str()) };
                let after = keys.get(i).map(String::as_str);
                let k = between(before, after);
                if let Some(b) = before { prop_assert!(k.as_str() > b, "{k} !> {b}"); }
                if let Some(a) = after { prop_assert!(k.as_str() < a, "{k} !< {a}"); }
                keys.insert(i, k);
            }
        }
    }
}
