//! Join codes: one short code per role, said aloud across the room ("four eight two one, zero
//! nine three seven") and typed on the joining laptop.
//!
//! A code is 8 decimal digits. Digits are the one alphabet every participant reads and says
//! without ambiguity (no O/0, I/1, B/D/P/T "bee/dee/pee/tee" over a noisy room), and the code
//! travels in the URL's query, so it must need no escaping. 8 digits are 10^8 ≈ 2^26.6
//! equally likely codes, drawn from the operating system's random source with rejection
//! sampling (no modulo bias).
//!
//! What stops guessing is the rate limit on failed attempts ([`crate::attempts`]), and the
//! arithmetic is there. Codes are compared in constant time so that timing tells nothing
//! about how many leading digits were right.

use std::fmt;

use throughline_sync::Role;

use crate::error::SessionError;

/// Digits in one code.
pub const CODE_DIGITS: usize = 8;

/// One role's join code.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct JoinCode([u8; CODE_DIGITS]);

impl JoinCode {
    /// A fresh code from the operating system's random source.
    pub fn generate() -> Result<JoinCode, SessionError> {
        let mut digits = [0u8; CODE_DIGITS];
        let mut filled = 0;
        while filled < CODE_DIGITS {
            let mut pool = [0u8; 16];
            getrandom::fill(&mut pool).map_err(|e| SessionError::NoRandomness(e.to_string()))?;
            // 250 = 25 × 10: bytes at or above it would make low digits likelier.
            for byte in pool.into_iter().filter(|&b| b < 250) {
                if filled == CODE_DIGITS {
                    break;
                }
                digits[filled] = b'0' + byte % 10;
                filled += 1;
            }
        }
        Ok(JoinCode(digits))
    }

    /// Reads a code as a person typed it: digits, with any spaces or dashes between them.
    pub fn parse(typed: &str) -> Result<JoinCode, SessionError> {
        let mut digits = [0u8; CODE_DIGITS];
        let mut count = 0;
        for c in typed.chars() {
            match c {
                ' ' | '-' | '\u{a0}' => {}
                '0'..='9' if count < CODE_DIGITS => {
                    digits[count] = c as u8;
                    count += 1;
                }
                _ => return Err(SessionError::NotAJoinCode),
            }
        }
        if count != CODE_DIGITS {
            return Err(SessionError::NotAJoinCode);
        }
        Ok(JoinCode(digits))
    }

    /// The digits with nothing between them, as the URL carries them.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Whether `typed` is this code. Takes the same time whichever digits differ.
    pub fn matches(&self, typed: &[u8]) -> bool {
        if typed.len() != CODE_DIGITS {
            return false;
        }
        let mut diff = 0u8;
        for (a, b) in self.0.iter().zip(typed) {
            diff |= a ^ b;
        }
        diff == 0
    }

    /// For saying aloud and showing on screen: `4821-0937`.
    pub fn spoken(&self) -> String {
        let s = self.as_str();
        format!("{}-{}", &s[..CODE_DIGITS / 2], &s[CODE_DIGITS / 2..])
    }
}

impl fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keeps codes out of logs and panic messages.
        f.write_str("JoinCode(********)")
    }
}

/// The three codes of one hosted plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinCodes {
    pub editor: JoinCode,
    pub reviewer: JoinCode,
    pub viewer: JoinCode,
}

impl JoinCodes {
    /// Three fresh codes, all different.
    pub fn generate() -> Result<JoinCodes, SessionError> {
        let editor = JoinCode::generate()?;
        let mut reviewer = JoinCode::generate()?;
        while reviewer == editor {
            reviewer = JoinCode::generate()?;
        }
        let mut viewer = JoinCode::generate()?;
        while viewer == editor || viewer == reviewer {
            viewer = JoinCode::generate()?;
        }
        Ok(JoinCodes {
            editor,
            reviewer,
            viewer,
        })
    }

    /// Codes read back (e.g. from the plan file, so a host that restarts keeps them).
    pub fn new(
        editor: JoinCode,
        reviewer: JoinCode,
        viewer: JoinCode,
    ) -> Result<JoinCodes, SessionError> {
        if editor == reviewer || editor == viewer || reviewer == viewer {
            return Err(SessionError::CodesNotDistinct);
        }
        Ok(JoinCodes {
            editor,
            reviewer,
            viewer,
        })
    }

    pub fn for_role(&self, role: Role) -> &JoinCode {
        match role {
            Role::Editor => &self.editor,
            Role::Reviewer => &self.reviewer,
            Role::Viewer => &self.viewer,
        }
    }

    /// The role a typed code grants, if any. Every code is compared, so the time taken does
    /// not say which role came close.
    pub fn role_of(&self, typed: &str) -> Option<Role> {
        let typed: Vec<u8> = typed
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'-'))
            .collect();
        let mut found = None;
        for role in [Role::Editor, Role::Reviewer, Role::Viewer] {
            if self.for_role(role).matches(&typed) {
                found = Some(role);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn generated_codes_are_eight_digits_and_distinct() {
        let codes = JoinCodes::generate().unwrap();
        for role in [Role::Editor, Role::Reviewer, Role::Viewer] {
            let code = codes.for_role(role);
            assert_eq!(code.as_str().len(), CODE_DIGITS);
            assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(codes.role_of(code.as_str()), Some(role));
            assert_eq!(codes.role_of(&code.spoken()), Some(role));
        }
        assert_ne!(codes.editor, codes.viewer);
    }

    #[test]
    fn typed_codes_tolerate_spaces_and_dashes_only() {
        let code = JoinCode::parse("4821 0937").unwrap();
        assert_eq!(code.as_str(), "48210937");
        assert_eq!(JoinCode::parse("4821-0937").unwrap(), code);
        assert!(JoinCode::parse("4821093").is_err());
        assert!(JoinCode::parse("482109371").is_err());
        assert!(JoinCode::parse("4821O937").is_err());
        assert!(JoinCode::parse("").is_err());
    }

    #[test]
    fn a_wrong_or_partial_code_grants_nothing() {
        let codes = JoinCodes::new(
            JoinCode::parse("11111111").unwrap(),
            JoinCode::parse("22222222").unwrap(),
            JoinCode::parse("33333333").unwrap(),
        )
        .unwrap();
        assert_eq!(codes.role_of("11111112"), None);
        assert_eq!(codes.role_of("1111111"), None);
        assert_eq!(codes.role_of(""), None);
        assert_eq!(codes.role_of("111111111"), None);
        assert_eq!(codes.role_of("33333333"), Some(Role::Viewer));
        assert!(format!("{:?}", codes.editor).contains("****"));
    }

    #[test]
    fn digits_are_roughly_uniform() {
        let mut counts = [0u32; 10];
        for _ in 0..500 {
            for b in JoinCode::generate().unwrap().as_str().bytes() {
                counts[(b - b'0') as usize] += 1;
            }
        }
        // 4,000 digits: each expected 400; a biased or stuck generator falls far outside.
        assert!(
            counts.iter().all(|&c| (250..550).contains(&c)),
            "{counts:?}"
        );
    }
}
