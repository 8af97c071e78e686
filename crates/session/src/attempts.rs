//! Failed join attempts, limited per network address so that a join code cannot be guessed
//! during a retreat.
//!
//! Each address has a bucket of [`FAILURE_BURST`] failures that refills one failure every
//! [`REFILL_EVERY`]. While its bucket is empty, an address's attempts are refused (HTTP 429)
//! before its code is even looked at, so a right guess then gains nothing either. A correct
//! code costs nothing, so a laptop reconnecting after a network blip is never slowed. Nor does
//! the same wrong code tried again from the same address: it is not a new guess (a laptop
//! joins a plan's two rooms with one code, and retries it when a host has changed its codes).
//!
//! The arithmetic: three codes are valid at once, each one of 10^8. One address gets at most
//! 10 + 5 per minute failures: over a three-day retreat (4,320 minutes) that is 21,610
//! guesses, and the chance that any of them hits a valid code is at most
//! 3 × 21,610 / 10^8 ≈ 0.065 %. An IPv6 peer is counted by its /64 network, since one
//! machine can hold a whole /64; a LAN's IPv4 /24 holds at most 254 laptops, and an attacker
//! holding all of them would reach about 16 % in three days, which is why a host that sees a
//! flood should rotate its codes (the desktop app shows the refusals).

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Failures an address may make before it is slowed down.
pub const FAILURE_BURST: u32 = 10;
/// One more failure is allowed per this long.
pub const REFILL_EVERY: Duration = Duration::from_secs(12);
/// Addresses remembered; past this the least throttled are forgotten first.
const MAX_ADDRESSES: usize = 4096;

/// Whether an address may try a code now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Too many failures: try again after this long.
    Throttled(Duration),
}

#[derive(Debug, Clone)]
struct Bucket {
    /// Failures still allowed, counted at `at`.
    tokens: u32,
    at: Instant,
    /// The last wrong code this address tried (`None`: no code at all).
    last_wrong: Option<String>,
}

impl Bucket {
    fn refreshed(self, now: Instant) -> Bucket {
        let elapsed = now.saturating_duration_since(self.at);
        let earned = (elapsed.as_millis() / REFILL_EVERY.as_millis()) as u64;
        if earned == 0 {
            return self;
        }
        let tokens = (u64::from(self.tokens) + earned).min(u64::from(FAILURE_BURST)) as u32;
        // Keep the remainder of a partly earned token.
        let at = if tokens == FAILURE_BURST {
            now
        } else {
            self.at + REFILL_EVERY * earned as u32
        };
        Bucket {
            tokens,
            at,
            last_wrong: self.last_wrong,
        }
    }
}

/// The failed attempts of every address that has made some.
#[derive(Debug, Default)]
pub struct Attempts {
    buckets: HashMap<IpAddr, Bucket>,
}

impl Attempts {
    pub fn new() -> Attempts {
        Attempts::default()
    }

    /// May `address` try a code now?
    pub fn check(&mut self, address: IpAddr, now: Instant) -> Verdict {
        let key = counted_as(address);
        let Some(bucket) = self.buckets.get_mut(&key) else {
            return Verdict::Allowed;
        };
        *bucket = bucket.clone().refreshed(now);
        if bucket.tokens > 0 {
            return Verdict::Allowed;
        }
        let next = (bucket.at + REFILL_EVERY).saturating_duration_since(now);
        Verdict::Throttled(next.max(Duration::from_secs(1)))
    }

    /// `address` tried a wrong code (`None`: no code at all). The same wrong code as this
    /// address's last is not counted again.
    pub fn failed(&mut self, address: IpAddr, code: Option<&str>, now: Instant) {
        let key = counted_as(address);
        if !self.buckets.contains_key(&key) && self.buckets.len() >= MAX_ADDRESSES {
            self.forget_least_throttled(now);
        }
        let bucket = self.buckets.entry(key).or_insert(Bucket {
            tokens: FAILURE_BURST,
            at: now,
            last_wrong: None,
        });
        if code.is_some() && bucket.last_wrong.as_deref() == code {
            return;
        }
        let mut refreshed = bucket.clone().refreshed(now);
        if refreshed.tokens == FAILURE_BURST {
            refreshed.at = now;
        }
        refreshed.tokens = refreshed.tokens.saturating_sub(1);
        refreshed.last_wrong = code.map(str::to_owned);
        *bucket = refreshed;
    }

    /// Addresses currently remembered.
    pub fn remembered(&self) -> usize {
        self.buckets.len()
    }

    fn forget_least_throttled(&mut self, now: Instant) {
        let fullest = self
            .buckets
            .iter()
            .map(|(ip, b)| (b.clone().refreshed(now).tokens, *ip))
            .max();
        if let Some((_, ip)) = fullest {
            self.buckets.remove(&ip);
        }
    }
}

/// IPv4 addresses count one by one; IPv6 addresses by their /64 network. An IPv4 address
/// mapped into IPv6 counts as itself.
pub fn counted_as(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_burst_then_one_failure_per_refill() {
        let mut a = Attempts::new();
        let t0 = Instant::now();
        let guesser = ip("192.168.1.7");
        for i in 0..FAILURE_BURST {
            assert_eq!(a.check(guesser, t0), Verdict::Allowed);
            a.failed(guesser, Some(&format!("{i:08}")), t0);
        }
        assert!(matches!(a.check(guesser, t0), Verdict::Throttled(_)));
        // Someone else on the network is not affected.
        assert_eq!(a.check(ip("192.168.1.8"), t0), Verdict::Allowed);
        let later = t0 + REFILL_EVERY;
        assert_eq!(a.check(guesser, later), Verdict::Allowed);
        a.failed(guesser, None, later);
        assert!(matches!(a.check(guesser, later), Verdict::Throttled(_)));
    }

    #[test]
    fn the_same_wrong_code_again_is_not_a_new_guess() {
        let mut a = Attempts::new();
        let t0 = Instant::now();
        let laptop = ip("192.168.1.9");
        // One laptop joining a plan's two rooms with a mistyped code, then retrying it.
        for _ in 0..(3 * FAILURE_BURST) {
            a.failed(laptop, Some("48210938"), t0);
        }
        assert_eq!(a.check(laptop, t0), Verdict::Allowed);
        // Alternating two codes is two guesses each time.
        for i in 0..FAILURE_BURST {
            a.failed(laptop, Some(if i % 2 == 0 { "1" } else { "2" }), t0);
        }
        assert!(matches!(a.check(laptop, t0), Verdict::Throttled(_)));
        // Asking with no code at all always counts.
        let other = ip("192.168.1.10");
        for _ in 0..FAILURE_BURST {
            a.failed(other, None, t0);
        }
        assert!(matches!(a.check(other, t0), Verdict::Throttled(_)));
    }

    #[test]
    fn guesses_over_three_days_stay_within_the_documented_bound() {
        let mut a = Attempts::new();
        let guesser = ip("10.0.0.9");
        let mut now = Instant::now();
        let end = now + Duration::from_secs(3 * 24 * 3600);
        let mut guesses = 0u64;
        while now < end {
            match a.check(guesser, now) {
                Verdict::Allowed => {
                    a.failed(guesser, Some(&format!("{guesses:08}")), now);
                    guesses += 1;
                }
                Verdict::Throttled(wait) => now += wait,
            }
        }
        assert!(guesses <= 21_610, "{guesses} guesses");
        assert!(guesses >= 21_000, "{guesses} guesses");
    }

    #[test]
    fn ipv6_counts_by_network_and_memory_is_bounded() {
        let mut a = Attempts::new();
        let t0 = Instant::now();
        for i in 0..FAILURE_BURST {
            a.failed(format!("fd00:1:2:3::{i:x}").parse().unwrap(), None, t0);
        }
        assert!(matches!(
            a.check(ip("fd00:1:2:3::ffff"), t0),
            Verdict::Throttled(_)
        ));
        for i in 0..(MAX_ADDRESSES as u32 + 100) {
            a.failed(IpAddr::V4(std::net::Ipv4Addr::from(i)), None, t0);
        }
        assert!(a.remembered() <= MAX_ADDRESSES);
    }
}
