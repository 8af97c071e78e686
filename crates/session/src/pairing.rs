//! Pairing, sans-IO: a laptop that knows a spoken join code proves it to the host, and the host
//! proves it back, without the code crossing the network in any form an eavesdropper could
//! test offline; the laptop leaves with a session token and the host's pinned fingerprint.
//!
//! SPAKE2 (Ed25519 group) with the code as the password. The laptop does not know which
//! role its code is for, so it runs one exchange per role (three at once; the host answers
//! each with that role's code): a wrong guess is still one guess against the three codes,
//! as it was when the code rode in the URL. Each side then confirms the key it derived with
//! an HMAC over the certificate fingerprint *it* sees on the TLS connection, so a machine in
//! the middle, which must show the laptop a certificate of its own, fails the confirmation.
//!
//! ```text
//! laptop → host   hello    "TLP1" · A₁ · A₂ · A₃                 (33 bytes each)
//! host → laptop   answer   B₁ · B₂ · B₃
//! laptop → host   confirm  HMAC(K₁, "laptop"…) · HMAC(K₂, …) · HMAC(K₃, …)
//! host → laptop   welcome  'W' · HMAC(Kᵣ, "host"…) · role · token · plan id
//!              or refused  'R'
//! ```
//! The laptop confirms first: the host reveals nothing about a guess until the guess has been
//! counted. Every message is read whole against its exact length; anything else is refused.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use spake2::{Ed25519Group, Identity, Password, Spake2};
use throughline_sync::Role;

use crate::join_code::{JoinCode, JoinCodes};
use crate::tls::Fingerprint;

/// The roles in the order of the three exchanges.
const ROLES: [Role; 3] = [Role::Editor, Role::Reviewer, Role::Viewer];
const MAGIC: &[u8; 4] = b"TLP1";
/// One SPAKE2 message: a side byte and an Ed25519 point.
const SPAKE_MESSAGE: usize = 33;
const MAC: usize = 32;
/// Random bytes in a session token, then a role byte and a 16-byte tag.
const TOKEN_NONCE: usize = 16;
const TOKEN_TAG: usize = 16;
/// A session token's length in hex.
pub const TOKEN_CHARS: usize = 2 * (TOKEN_NONCE + 1 + TOKEN_TAG);
/// The longest plan id a welcome carries (plan ids are 32 hex characters).
const MAX_PLAN_ID: usize = 128;

pub const HELLO_BYTES: usize = MAGIC.len() + 3 * SPAKE_MESSAGE;
pub const ANSWER_BYTES: usize = 3 * SPAKE_MESSAGE;
pub const CONFIRM_BYTES: usize = 3 * MAC;

type HmacSha256 = Hmac<Sha256>;

/// Why a pairing message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("a pairing message of the wrong length or kind")]
    Malformed,
    #[error("the join code was refused")]
    Refused,
    #[error("the host could not prove it knows the join code")]
    NotTheHost,
    #[error("the operating system gave no random numbers: {0}")]
    NoRandomness(String),
}

fn id_laptop() -> Identity {
    Identity::new(b"throughline joining laptop")
}

fn id_host(role: Role) -> Identity {
    Identity::new(format!("throughline host/{role}").as_bytes())
}

fn password(code: &JoinCode) -> Password {
    Password::new(code.as_str().as_bytes())
}

/// The confirmation each side sends: its label, the role's exchange, both SPAKE2 messages and
/// the fingerprint this side sees.
fn confirmation(
    key: &[u8],
    label: &[u8],
    role: Role,
    a: &[u8],
    b: &[u8],
    seen: &Fingerprint,
) -> [u8; MAC] {
    // HMAC accepts keys of any length.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; MAC],
    };
    for part in [label, role.as_str().as_bytes(), a, b, &seen.0] {
        mac.update(&(part.len() as u32).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn chunks<const N: usize>(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.chunks_exact(N)
}

/// The laptop, after sending its hello.
pub struct Laptop {
    runs: Vec<(Spake2<Ed25519Group>, Vec<u8>)>,
}

/// The laptop, after sending its confirmation.
pub struct LaptopConfirming {
    expected: Vec<[u8; MAC]>,
}

/// What a laptop leaves pairing with.
#[derive(Clone, PartialEq, Eq)]
pub struct Paired {
    pub role: Role,
    pub token: String,
    pub plan_id: String,
    pub fingerprint: Fingerprint,
}

impl std::fmt::Debug for Paired {
    // The token is a secret: it never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paired")
            .field("role", &self.role)
            .field("plan_id", &self.plan_id)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl Laptop {
    /// Starts pairing with `code`; send the returned hello.
    pub fn start(code: &JoinCode) -> (Laptop, Vec<u8>) {
        let mut hello = MAGIC.to_vec();
        let runs = ROLES
            .iter()
            .map(|&role| {
                let (state, a) =
                    Spake2::<Ed25519Group>::start_a(&password(code), &id_laptop(), &id_host(role));
                hello.extend_from_slice(&a);
                (state, a)
            })
            .collect();
        (Laptop { runs }, hello)
    }

    /// The host's answer, with the fingerprint of the certificate this laptop sees: returns
    /// the confirmation to send.
    pub fn confirm(
        self,
        answer: &[u8],
        seen: &Fingerprint,
    ) -> Result<(LaptopConfirming, Vec<u8>), PairingError> {
        if answer.len() != ANSWER_BYTES {
            return Err(PairingError::Malformed);
        }
        let mut confirm = Vec::with_capacity(CONFIRM_BYTES);
        let mut expected = Vec::with_capacity(ROLES.len());
        for ((&role, (state, a)), b) in ROLES
            .iter()
            .zip(self.runs)
            .zip(chunks::<SPAKE_MESSAGE>(answer))
        {
            // A point that is not on the curve gives no key: that exchange cannot match, but
            // the others still can, and the laptop's message stays the same length.
            let key = state.finish(b).unwrap_or_default();
            confirm.extend_from_slice(&confirmation(&key, b"laptop", role, &a, b, seen));
            expected.push(confirmation(&key, b"host", role, &a, b, seen));
        }
        Ok((LaptopConfirming { expected }, confirm))
    }
}

impl LaptopConfirming {
    /// The host's last message: the token, once the host has proved it knows the code and
    /// sees the same certificate.
    pub fn finish(self, last: &[u8], seen: Fingerprint) -> Result<Paired, PairingError> {
        match last.first() {
            Some(b'R') if last.len() == 1 => return Err(PairingError::Refused),
            Some(b'W') => {}
            _ => return Err(PairingError::Malformed),
        }
        let body = &last[1..];
        if body.len() < MAC + 1 + TOKEN_NONCE + 1 + TOKEN_TAG
            || body.len() > MAC + 1 + TOKEN_CHARS / 2 + MAX_PLAN_ID
        {
            return Err(PairingError::Malformed);
        }
        let (mac, rest) = body.split_at(MAC);
        let index = usize::from(rest[0]);
        let Some(expected) = self.expected.get(index) else {
            return Err(PairingError::Malformed);
        };
        if !constant_time_eq(mac, expected) {
            return Err(PairingError::NotTheHost);
        }
        let (token, plan_id) = rest[1..].split_at(TOKEN_CHARS / 2);
        let plan_id = std::str::from_utf8(plan_id).map_err(|_| PairingError::Malformed)?;
        if plan_id.is_empty()
            || !plan_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(PairingError::Malformed);
        }
        Ok(Paired {
            role: ROLES[index],
            token: hex(token),
            plan_id: plan_id.to_owned(),
            fingerprint: seen,
        })
    }
}

/// The host, after answering a hello.
pub struct HostAnswering {
    runs: Vec<HostRun>,
}

struct HostRun {
    role: Role,
    a: Vec<u8>,
    b: Vec<u8>,
    key: Vec<u8>,
}

impl HostAnswering {
    /// Answers a laptop's hello with each role's code.
    pub fn answer(
        hello: &[u8],
        codes: &JoinCodes,
    ) -> Result<(HostAnswering, Vec<u8>), PairingError> {
        if hello.len() != HELLO_BYTES || !hello.starts_with(MAGIC) {
            return Err(PairingError::Malformed);
        }
        let mut answer = Vec::with_capacity(ANSWER_BYTES);
        let mut runs = Vec::with_capacity(ROLES.len());
        for (&role, a) in ROLES
            .iter()
            .zip(chunks::<SPAKE_MESSAGE>(&hello[MAGIC.len()..]))
        {
            let (state, b) = Spake2::<Ed25519Group>::start_b(
                &password(codes.for_role(role)),
                &id_laptop(),
                &id_host(role),
            );
            let key = state.finish(a).map_err(|_| PairingError::Malformed)?;
            answer.extend_from_slice(&b);
            runs.push(HostRun {
                role,
                a: a.to_vec(),
                b,
                key,
            });
        }
        Ok((HostAnswering { runs }, answer))
    }

    /// The laptop's confirmation, checked against the fingerprint of the host's own
    /// certificate: the role it proved, or refused.
    pub fn check(&self, confirm: &[u8], own: &Fingerprint) -> Result<Role, PairingError> {
        if confirm.len() != CONFIRM_BYTES {
            return Err(PairingError::Malformed);
        }
        let mut proved = None;
        for (run, mac) in self.runs.iter().zip(chunks::<MAC>(confirm)) {
            let expected = confirmation(&run.key, b"laptop", run.role, &run.a, &run.b, own);
            if constant_time_eq(mac, &expected) && proved.is_none() {
                proved = Some(run.role);
            }
        }
        proved.ok_or(PairingError::Refused)
    }

    /// The welcome for a laptop that proved `role`: the host's own confirmation, the token
    /// and the plan's id.
    pub fn welcome(
        &self,
        role: Role,
        token: &SessionToken,
        plan_id: &str,
        own: &Fingerprint,
    ) -> Vec<u8> {
        let mut out = vec![b'W'];
        let index = ROLES.iter().position(|&r| r == role).unwrap_or(0);
        if let Some(run) = self.runs.get(index) {
            out.extend_from_slice(&confirmation(
                &run.key, b"host", run.role, &run.a, &run.b, own,
            ));
        }
        out.push(index as u8);
        out.extend_from_slice(&token.0);
        out.extend_from_slice(plan_id.as_bytes());
        out
    }
}

/// The message refusing a pairing.
pub const REFUSED: &[u8] = b"R";

/// A session token's bytes: a random nonce, the role and a tag by the host's token key.
pub struct SessionToken([u8; TOKEN_NONCE + 1 + TOKEN_TAG]);

/// The host's key for session tokens: drawn when hosting starts, so a token is good for that
/// host until it stops, and a host that restarts asks laptops to pair again.
pub struct TokenKey([u8; 32]);

impl TokenKey {
    pub fn generate() -> Result<TokenKey, PairingError> {
        let mut key = [0; 32];
        getrandom::fill(&mut key).map_err(|e| PairingError::NoRandomness(e.to_string()))?;
        Ok(TokenKey(key))
    }

    fn tag(&self, nonce: &[u8], role: u8, plan_id: &str) -> [u8; TOKEN_TAG] {
        let mut tag = [0; TOKEN_TAG];
        if let Ok(mut mac) = HmacSha256::new_from_slice(&self.0) {
            mac.update(nonce);
            mac.update(&[role]);
            mac.update(plan_id.as_bytes());
            tag.copy_from_slice(&mac.finalize().into_bytes()[..TOKEN_TAG]);
        }
        tag
    }

    /// A fresh token for `role` in `plan_id`.
    pub fn issue(&self, role: Role, plan_id: &str) -> Result<SessionToken, PairingError> {
        let mut token = [0; TOKEN_NONCE + 1 + TOKEN_TAG];
        getrandom::fill(&mut token[..TOKEN_NONCE])
            .map_err(|e| PairingError::NoRandomness(e.to_string()))?;
        let index = ROLES
            .iter()
            .position(|&r| r == role)
            .unwrap_or(ROLES.len() - 1) as u8;
        token[TOKEN_NONCE] = index;
        let tag = self.tag(&token[..TOKEN_NONCE], index, plan_id);
        token[TOKEN_NONCE + 1..].copy_from_slice(&tag);
        Ok(SessionToken(token))
    }

    /// The role a token (as hex, from the URL) was issued for by this key, for `plan_id`.
    pub fn role_of(&self, token: &str, plan_id: &str) -> Option<Role> {
        let bytes = unhex(token)?;
        if bytes.len() != TOKEN_NONCE + 1 + TOKEN_TAG {
            return None;
        }
        let index = bytes[TOKEN_NONCE];
        let role = *ROLES.get(usize::from(index))?;
        let tag = self.tag(&bytes[..TOKEN_NONCE], index, plan_id);
        constant_time_eq(&bytes[TOKEN_NONCE + 1..], &tag).then_some(role)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn codes() -> JoinCodes {
        JoinCodes::new(
            JoinCode::parse("11112222").unwrap(),
            JoinCode::parse("33334444").unwrap(),
            JoinCode::parse("55556666").unwrap(),
        )
        .unwrap()
    }

    const HOST_FP: Fingerprint = Fingerprint([7; 32]);
    const PLAN: &str = "0123456789abcdef0123456789abcdef";

    /// One whole pairing; `seen` is the fingerprint the laptop sees.
    fn pair(code: &str, seen: Fingerprint) -> Result<Paired, PairingError> {
        let key = TokenKey::generate().unwrap();
        let (laptop, hello) = Laptop::start(&JoinCode::parse(code).unwrap());
        let (host, answer) = HostAnswering::answer(&hello, &codes()).unwrap();
        let (laptop, confirm) = laptop.confirm(&answer, &seen).unwrap();
        let last = match host.check(&confirm, &HOST_FP) {
            Ok(role) => host.welcome(role, &key.issue(role, PLAN).unwrap(), PLAN, &HOST_FP),
            Err(_) => REFUSED.to_vec(),
        };
        let paired = laptop.finish(&last, seen)?;
        assert_eq!(key.role_of(&paired.token, PLAN), Some(paired.role));
        Ok(paired)
    }

    #[test]
    fn the_right_code_pairs_as_its_role() {
        assert_eq!(pair("33334444", HOST_FP).unwrap().role, Role::Reviewer);
        let editor = pair("11112222", HOST_FP).unwrap();
        assert_eq!(editor.role, Role::Editor);
        assert_eq!(editor.plan_id, PLAN);
        assert_eq!(editor.token.len(), TOKEN_CHARS);
    }

    #[test]
    fn a_wrong_code_or_another_certificate_is_refused() {
        assert_eq!(pair("12345678", HOST_FP), Err(PairingError::Refused));
        assert_eq!(
            pair("11112222", Fingerprint([8; 32])),
            Err(PairingError::Refused)
        );
    }

    #[test]
    fn nothing_in_the_messages_is_the_code() {
        let (laptop, hello) = Laptop::start(&JoinCode::parse("11112222").unwrap());
        let (_, answer) = HostAnswering::answer(&hello, &codes()).unwrap();
        let (_, confirm) = laptop.confirm(&answer, &HOST_FP).unwrap();
        for message in [&hello, &answer, &confirm] {
            assert!(!message.windows(8).any(|w| w == b"11112222"));
        }
    }

    #[test]
    fn a_host_that_does_not_know_the_code_is_found_out() {
        let (laptop, hello) = Laptop::start(&JoinCode::parse("11112222").unwrap());
        let other = JoinCodes::new(
            JoinCode::parse("99990000").unwrap(),
            JoinCode::parse("99990001").unwrap(),
            JoinCode::parse("99990002").unwrap(),
        )
        .unwrap();
        let (host, answer) = HostAnswering::answer(&hello, &other).unwrap();
        let (laptop, _) = laptop.confirm(&answer, &HOST_FP).unwrap();
        // A host that welcomes anyway cannot make the confirmation.
        let key = TokenKey::generate().unwrap();
        let last = host.welcome(
            Role::Editor,
            &key.issue(Role::Editor, PLAN).unwrap(),
            PLAN,
            &HOST_FP,
        );
        assert_eq!(laptop.finish(&last, HOST_FP), Err(PairingError::NotTheHost));
    }

    #[test]
    fn a_token_is_good_only_for_its_key_and_plan() {
        let key = TokenKey::generate().unwrap();
        let token = hex(&key.issue(Role::Viewer, PLAN).unwrap().0);
        assert_eq!(key.role_of(&token, PLAN), Some(Role::Viewer));
        assert_eq!(key.role_of(&token, "another"), None);
        assert_eq!(TokenKey::generate().unwrap().role_of(&token, PLAN), None);
        let mut forged = token.clone().into_bytes();
        forged[2 * TOKEN_NONCE + 1] = b'0';
        assert_eq!(key.role_of(&String::from_utf8(forged).unwrap(), PLAN), None);
    }

    proptest! {
        #[test]
        fn malformed_messages_are_refused_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), at in 0usize..4) {
            let codes = codes();
            match at {
                0 => { let _ = HostAnswering::answer(&bytes, &codes); }
                1 => {
                    let (laptop, _) = Laptop::start(&JoinCode::parse("11112222").unwrap());
                    let _ = laptop.confirm(&bytes, &HOST_FP);
                }
                2 => {
                    let (laptop, hello) = Laptop::start(&JoinCode::parse("11112222").unwrap());
                    let (host, answer) = HostAnswering::answer(&hello, &codes).unwrap();
                    let (laptop, confirm) = laptop.confirm(&answer, &HOST_FP).unwrap();
                    prop_assert!(host.check(&bytes, &HOST_FP).is_err() || bytes == confirm);
                    let _ = laptop.finish(&bytes, HOST_FP);
                }
                _ => {
                    let key = TokenKey::generate().unwrap();
                    let s = String::from_utf8_lossy(&bytes);
                    prop_assert_eq!(key.role_of(&s, PLAN), None);
                }
            }
        }

        #[test]
        fn a_hello_with_any_points_is_answered_or_refused(points in proptest::collection::vec(any::<u8>(), ANSWER_BYTES)) {
            let mut hello = MAGIC.to_vec();
            hello.extend_from_slice(&points);
            let _ = HostAnswering::answer(&hello, &codes());
        }
    }
}
