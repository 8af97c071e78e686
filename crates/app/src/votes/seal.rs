//! Sealing a person's ballot or rating to a round's public key, and opening it with the round's
//! private key once it is published: NaCl sealed boxes (X25519 + XSalsa20-Poly1305), each from
//! a fresh ephemeral key, so a sealed entry says nothing about who sealed it or what it holds.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use crypto_box::aead::OsRng;
use crypto_box::{PublicKey, SecretKey};

use super::VoteError;

/// A round's key pair, each half as base64: the public half goes into the shared document, the
/// private half stays in this laptop's plan file until the reveal.
pub(crate) struct RoundKeys {
    pub public: String,
    pub secret: String,
}

/// A fresh key pair from the operating system's random source.
pub(crate) fn new_round() -> RoundKeys {
    let secret = SecretKey::generate(&mut OsRng);
    RoundKeys {
        public: STANDARD.encode(secret.public_key().as_bytes()),
        secret: STANDARD.encode(secret.to_bytes()),
    }
}

fn key_bytes(b64: &str) -> Option<[u8; 32]> {
    STANDARD.decode(b64.trim()).ok()?.try_into().ok()
}

/// `plain` sealed to the round's public key, as base64.
pub(crate) fn seal(public_b64: &str, plain: &[u8]) -> Result<String, VoteError> {
    let public = PublicKey::from(key_bytes(public_b64).ok_or(VoteError::DamagedKey)?);
    let sealed = public
        .seal(&mut OsRng, plain)
        .map_err(|_| VoteError::DamagedKey)?;
    Ok(STANDARD.encode(sealed))
}

/// What was sealed, or `None` for anything that does not open with this key (another round's
/// ballot, bytes a peer wrote by hand, a damaged key).
pub(crate) fn unseal(secret_b64: &str, sealed_b64: &str) -> Option<Vec<u8>> {
    let secret = SecretKey::from(key_bytes(secret_b64)?);
    let sealed = STANDARD.decode(sealed_b64.trim()).ok()?;
    secret.unseal(&sealed).ok()
}

/// Whether a published private key is the one whose public half the round carries: a reveal
/// key that is not is ignored, as if the round were still sealed.
pub(crate) fn is_pair(public_b64: &str, secret_b64: &str) -> bool {
    match key_bytes(secret_b64) {
        Some(bytes) => {
            STANDARD.encode(SecretKey::from(bytes).public_key().as_bytes()) == public_b64.trim()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn sealed_opens_only_with_its_round_key() {
        let round = new_round();
        let other = new_round();
        let sealed = seal(&round.public, b"3 dots").unwrap();
        assert!(!sealed.contains("3 dots"));
        assert_eq!(unseal(&round.secret, &sealed).unwrap(), b"3 dots");
        assert_eq!(unseal(&other.secret, &sealed), None);
        assert_eq!(unseal(&round.secret, "not base64!"), None);
        assert_eq!(unseal("short", &sealed), None);
        assert!(is_pair(&round.public, &round.secret));
        assert!(!is_pair(&round.public, &other.secret));
        // Two seals of the same words differ: an observer cannot tell equal ballots apart.
        assert_ne!(sealed, seal(&round.public, b"3 dots").unwrap());
        assert!(matches!(seal("AAAA", b"x"), Err(VoteError::DamagedKey)));
    }
}
