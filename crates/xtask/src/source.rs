//! Reading Rust source just well enough for the tidy rules: comments and string contents
//! blanked out, `mod` declarations found and resolved to files, test-only code told apart.

use std::path::{Path, PathBuf};

/// A file's text with comments and the contents of string and character literals replaced by
/// spaces (newlines kept), so a search finds only code, at the same offsets as the original.
pub fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // A blanked character keeps its width in bytes, so offsets into `out` are offsets into `text`.
    let blank = |out: &mut String, c: char| {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) =
            raw_string_hashes(&chars, i).filter(|_| c == 'r' && !ident_before(&chars, i))
        {
            // r, the hashes and the opening quote stay; the contents go.
            out.extend(&chars[i..i + hashes + 2]);
            i += hashes + 2;
            while i < chars.len() {
                if chars[i] == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) {
                    out.extend(&chars[i..i + hashes + 1]);
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    blank(&mut out, ch);
                }
                i += 1;
            }
            if i < chars.len() {
                out.push('"');
                i += 1;
            }
        } else if let Some(len) = char_literal_len(&chars, i).filter(|_| c == '\'') {
            out.push('\'');
            for &ch in &chars[i + 1..i + len - 1] {
                blank(&mut out, ch);
            }
            out.push('\'');
            i += len;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// With `chars[i] == 'r'` (or `br`'s r): the number of `#`s if a raw string starts here.
fn raw_string_hashes(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != 'r' {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Whether an identifier character precedes `i` (so an `r` there ends a name, except `br`).
fn ident_before(chars: &[char], i: usize) -> bool {
    match i.checked_sub(1).map(|j| chars[j]) {
        Some('b') => i
            .checked_sub(2)
            .is_some_and(|j| chars[j].is_alphanumeric() || chars[j] == '_'),
        Some(c) => c.is_alphanumeric() || c == '_',
        None => false,
    }
}

/// The length of the character literal starting at `i`, if one does (not a lifetime).
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '\'' {
        return None;
    }
    match chars.get(i + 1)? {
        '\\' => {
            let close = chars[i + 2..].iter().take(12).position(|&c| c == '\'')?;
            Some(close + 3)
        }
        _ => (chars.get(i + 2) == Some(&'\'')).then_some(3),
    }
}

/// A `mod NAME;` declaration found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModDecl {
    /// The file it names.
    pub file: PathBuf,
    /// Declared under `#[cfg(test)]` (itself or an enclosing inline module).
    pub test_only: bool,
}

/// The files a source file declares as modules (`mod x;`, `#[path = "…"] mod x;`, also inside
/// inline `mod x { … }` blocks). `is_root` says the file is a crate root (or `mod.rs`), whose
/// modules live beside it rather than in a folder named after it.
pub fn declared_modules(file: &Path, text: &str, is_root: bool) -> Vec<ModDecl> {
    let code = code_only(text);
    let here = file.parent().unwrap_or(Path::new("")).to_path_buf();
    let dir = if is_root || file.file_name().is_some_and(|n| n == "mod.rs") {
        here.clone()
    } else {
        here.join(file.file_stem().unwrap_or_default())
    };
    let mut found = Vec::new();
    scan_items(text, &code, 0, code.len(), &here, &dir, false, &mut found);
    found
}

#[allow(clippy::too_many_arguments)]
fn scan_items(
    text: &str,
    code: &str,
    start: usize,
    end: usize,
    here: &Path,
    dir: &Path,
    test_only: bool,
    found: &mut Vec<ModDecl>,
) {
    let bytes = code.as_bytes();
    let mut at = start;
    while let Some(rel) = code[at..end].find("mod") {
        let m = at + rel;
        at = m + 3;
        let word_start = m == 0 || !is_ident(bytes[m - 1]);
        let followed = bytes.get(m + 3).is_some_and(|b| b.is_ascii_whitespace());
        if !word_start || !followed {
            continue;
        }
        let name_start = m + 3 + count_while(&bytes[m + 3..end], |b| b.is_ascii_whitespace());
        let name_len = count_while(&bytes[name_start..end], is_ident);
        if name_len == 0 {
            continue;
        }
        let name = &code[name_start..name_start + name_len];
        let after = name_start + name_len;
        let after = after + count_while(&bytes[after..end], |b| b.is_ascii_whitespace());
        let prefix = item_prefix(code, m);
        let is_test = test_only || prefix.contains("cfg(test)");
        match bytes.get(after) {
            Some(b';') => {
                let path_attr = path_attribute(&text[m - prefix.len()..m]);
                let file = match path_attr {
                    Some(p) => here.join(p),
                    None => {
                        let flat = dir.join(format!("{name}.rs"));
                        if flat.is_file() {
                            flat
                        } else {
                            dir.join(name).join("mod.rs")
                        }
                    }
                };
                found.push(ModDecl {
                    file,
                    test_only: is_test,
                });
                at = after + 1;
            }
            Some(b'{') => {
                let close = matching_brace(bytes, after).unwrap_or(end);
                let inner = dir.join(name);
                scan_items(text, code, after + 1, close, &inner, &inner, is_test, found);
                at = close;
            }
            _ => {}
        }
    }
}

/// The attributes and visibility before the item at `m`: back to the previous `;`, `{` or `}`.
fn item_prefix(code: &str, m: usize) -> &str {
    let start = code[..m].rfind([';', '{', '}']).map_or(0, |i| i + 1);
    &code[start..m]
}

/// The value of a `#[path = "…"]` attribute in an item's prefix (original text).
fn path_attribute(prefix: &str) -> Option<&str> {
    let at = prefix.find("#[path")?;
    let rest = &prefix[at..];
    let open = rest.find('"')? + 1;
    let close = rest[open..].find('"')? + open;
    Some(&rest[open..close])
}

fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The code of a file without its `#[cfg(test)]` items (inline test modules and test-only
/// declarations), for rules that tests are exempt from.
pub fn without_test_items(code: &str) -> String {
    let bytes = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    while let Some(rel) = code[at..].find("#[cfg(test)]") {
        let attr = at + rel;
        out.push_str(&code[at..attr]);
        // The item runs to its `;` or to the brace closing its body, whichever comes first.
        let semi = code[attr..].find(';').map(|i| attr + i);
        let brace = code[attr..].find('{').map(|i| attr + i);
        let item_end = match (semi, brace) {
            (Some(s), Some(b)) if s < b => s,
            (_, Some(b)) => matching_brace(bytes, b).unwrap_or(code.len() - 1),
            (Some(s), None) => s,
            (None, None) => code.len() - 1,
        };
        out.extend(
            code[attr..=item_end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        at = item_end + 1;
    }
    out.push_str(&code[at..]);
    out
}

/// The 1-based line of byte offset `at`.
pub fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Whether `b` can be part of an identifier.
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn count_while(bytes: &[u8], keep: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|&&b| keep(b)).count()
}
