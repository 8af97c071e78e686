//! Helpers that tests and benches across the workspace would otherwise copy: finding the
//! external tools and fonts a test needs, a seeded random source, the bare anchors that
//! benchmarks measure beside, and a district's server (Redis, Hocuspocus) on loopback. Used only as a dev-dependency (the tidy test in `xtask` enforces
//! that).

pub mod anchor;
pub mod district;

use std::path::{Path, PathBuf};

/// The path of an external program a test needs. A test that lacks it fails with the Debian
/// package that `scripts/setup` installs for it, rather than skip: a test that quietly does
/// nothing proves nothing.
pub fn tool(program: &str, package: &str) -> PathBuf {
    match find_on_path(program, std::env::var_os("PATH").unwrap_or_default()) {
        Some(path) => path,
        None => panic!(
            "this test needs `{program}` (Debian package {package}); run scripts/setup to install it"
        ),
    }
}

fn find_on_path(program: &str, path: std::ffi::OsString) -> Option<PathBuf> {
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Where Debian's `fonts-noto-core` puts its files.
pub const DEBIAN_FONT_DIR: &str = "/usr/share/fonts/truetype/noto";

/// The bytes of those of `files` that Debian's `fonts-noto-core` holds; the first one must be
/// there, or the test fails naming the package to install.
pub fn debian_fonts(files: &[&str]) -> Vec<Vec<u8>> {
    let dir = Path::new(DEBIAN_FONT_DIR);
    let read = |name: &str| std::fs::read(dir.join(name)).ok();
    let Some(first) = files.first().and_then(|name| read(name)) else {
        panic!(
            "this test needs the Noto fonts in {DEBIAN_FONT_DIR} (Debian package fonts-noto-core); run scripts/setup to install it"
        );
    };
    std::iter::once(first)
        .chain(files.iter().skip(1).filter_map(|name| read(name)))
        .collect()
}

/// A tiny deterministic random source (xorshift64*), so a failure replays from its seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A source from `seed` (zero, which xorshift cannot leave, counts as one).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (zero when `n` is zero).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_replays_and_another_differs() {
        let draw = |seed| {
            let mut rng = Rng::new(seed);
            (0..8).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
        assert_eq!(Rng::new(0).next_u64(), Rng::new(1).next_u64());
        assert_eq!(Rng::new(5).below(0), 0);
    }

    #[test]
    fn tools_are_found_on_the_path_given() {
        let here = std::env::current_exe().unwrap_or_default();
        let dir = here
            .parent()
            .unwrap_or(Path::new("/"))
            .as_os_str()
            .to_owned();
        let name = here
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        assert_eq!(find_on_path(&name, dir), Some(here.clone()));
        assert_eq!(
            find_on_path("no-such-program-here", here.as_os_str().to_owned()),
            None
        );
    }
}
