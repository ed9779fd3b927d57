//! Stable identities: of a newsletter ([`SourceId`]), of an issue ([`IssueKey`]) and of
//! an entry ([`EntryKey`]). Positions change with every refresh; keys do not. They are
//! what the reader keeps its place by and what reading state is stored under, so their
//! definitions below are a storage format: change them and stored state is orphaned.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use thiserror::Error;
use url::Url;

use super::{Entry, Issue, Library};

/// A newsletter's short, stable name, like `embedded-ai` or `twir` (what a config
/// file's `name` holds).
///
/// Valid ids are 1 to [`SourceId::MAX_LEN`] bytes of ASCII lowercase letters, digits,
/// `-` and `_`, starting with a letter or a digit: safe in file names, URLs, SQL and
/// terminals without quoting. The loaders set every issue's id: see
/// `library::source::Source::id` for how one is chosen.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(Arc<str>);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{0:?} is not a valid source name: use 1 to 48 lowercase ASCII letters, digits, '-' \
     and '_', starting with a letter or a digit"
)]
pub struct InvalidSourceId(pub String);

impl SourceId {
    pub const MAX_LEN: usize = 48;
    /// The id of an issue no loader has claimed (parsed on its own, in a test).
    pub const UNSET: &'static str = "unset";
    /// Bytes of the slug part of a [`SourceId::derive`]d id.
    const SLUG_LEN: usize = 30;

    /// `text` when it is a valid id.
    pub fn new(text: &str) -> Result<SourceId, InvalidSourceId> {
        let bytes = text.as_bytes();
        let valid = !bytes.is_empty()
            && bytes.len() <= Self::MAX_LEN
            && bytes[0].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'));
        if valid {
            Ok(SourceId(Arc::from(text)))
        } else {
            Err(InvalidSourceId(text.to_string()))
        }
    }

    /// An id for a newsletter without a chosen name: `SLUG-HASH`, where SLUG is `label`
    /// lowercased with every run of characters other than ASCII letters and digits
    /// made one `-`, `-` trimmed from both ends, cut to 30 bytes (`source` when that
    /// leaves nothing), and HASH the first 8 lowercase hex digits of the SHA-256 of
    /// `identity`'s UTF-8 bytes. The same `identity` always gives the same HASH, so
    /// two newsletters only share an id when both their label and hash agree.
    pub fn derive(label: &str, identity: &str) -> SourceId {
        let mut slug = String::with_capacity(Self::SLUG_LEN);
        for c in label.chars().map(|c| c.to_ascii_lowercase()) {
            if slug.len() >= Self::SLUG_LEN {
                break;
            }
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let slug = if slug.is_empty() { "source" } else { slug };
        let id = format!("{slug}-{}", hex_prefix(identity.as_bytes(), 4));
        SourceId(Arc::from(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SourceId {
    fn default() -> SourceId {
        SourceId(Arc::from(Self::UNSET))
    }
}

impl FromStr for SourceId {
    type Err = InvalidSourceId;

    fn from_str(text: &str) -> Result<SourceId, InvalidSourceId> {
        SourceId::new(text)
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceId({:?})", &*self.0)
    }
}

/// An issue: its newsletter and its id there ([`Issue::id`], the issue file's stem,
/// e.g. `2020-06-03`), compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssueKey {
    pub source: SourceId,
    pub issue: String,
}

impl fmt::Display for IssueKey {
    /// `source/issue`, for messages and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.source, self.issue)
    }
}

/// An entry: its issue, and the entry's own id within the issue, which is
///
/// - `url:` followed by the entry's primary URL ([`Entry::url`]) normalised by
///   [`normalize_url`], when it has one that normalises to something;
/// - otherwise `title:` followed by the first 16 lowercase hex digits of the SHA-256
///   of its title ([`Entry::title`], spaces trimmed from both ends) as UTF-8;
/// - and, for the n-th entry (n ≥ 2, counting in reading order: sections in order,
///   entries in order) of the issue whose id so far equals an earlier one's, `#n`
///   appended: `url:https://a.example/x`, then `url:https://a.example/x#2`.
///
/// Neither form contains `#` before the suffix, so ids never collide. An entry keeps
/// its key while its URL (else its title) and the entries before it with the same URL
/// stay; editing its summary, its section, or the order of issues changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryKey {
    pub issue: IssueKey,
    pub entry: String,
}

impl fmt::Display for EntryKey {
    /// `source/issue entry`, for messages and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.issue, self.entry)
    }
}

/// An entry's URL as its key holds it, or `None` when nothing is left of it.
///
/// An absolute URL (one the `url` crate parses without a base) is parsed, which
/// lowercases the scheme and (for http, https, ftp, ws, wss and file) the host,
/// drops the scheme's default port, resolves `.` and `..` segments and
/// percent-encodes what must be; then the fragment is dropped, an empty query
/// (`?` alone) dropped, any other host lowercased, and trailing `/`s removed from
/// a path longer than `/`. Any other text (a relative link) is cut at its first `#`,
/// trimmed of spaces, and gets the same trailing-`/` rule. Last, in both cases, every
/// `%XX` escape gets uppercase hex digits, and one that encodes an unreserved
/// character (ASCII letter, digit, `-`, `.`, `_`, `~`) is replaced by the character.
/// The query is kept as written, parameter order included.
pub fn normalize_url(text: &str) -> Option<String> {
    let text = text.trim();
    let normal = match Url::parse(text) {
        Ok(url) => normalize_parsed(url),
        Err(_) => {
            let before_fragment = text.split('#').next().unwrap_or_default().trim();
            trim_trailing_slashes(before_fragment).to_string()
        }
    };
    let normal = normalize_escapes(normal);
    (!normal.is_empty()).then_some(normal)
}

fn normalize_parsed(mut url: Url) -> String {
    url.set_fragment(None);
    if url.query() == Some("") {
        url.set_query(None);
    }
    if let Some(host) = url.host_str()
        && host.bytes().any(|b| b.is_ascii_uppercase())
    {
        let lower = host.to_ascii_lowercase();
        // Cannot fail: the same host, lowercased.
        let _ = url.set_host(Some(&lower));
    }
    let path = url.path();
    let trimmed = trim_trailing_slashes(path);
    if trimmed.len() != path.len() {
        let trimmed = trimmed.to_string();
        url.set_path(&trimmed);
    }
    url.into()
}

/// `path` without trailing `/`s, unless it is nothing but `/`s.
fn trim_trailing_slashes(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" if !path.is_empty() => &path[..1],
        trimmed => trimmed,
    }
}

/// Uppercases the hex digits of `%XX` escapes and decodes those of unreserved characters.
fn normalize_escapes(text: String) -> String {
    if !text.contains('%') {
        return text;
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escape {
            Some(byte) if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) => {
                out.push(char::from(byte));
                i += 3;
            }
            Some(byte) => {
                out.push_str(&format!("%{byte:02X}"));
                i += 3;
            }
            None => {
                let c = text[i..].chars().next().unwrap_or_default();
                out.push(c);
                i += c.len_utf8().max(1);
            }
        }
    }
    out
}

/// The first `bytes` bytes of the SHA-256 of `data`, as lowercase hex.
fn hex_prefix(data: &[u8], bytes: usize) -> String {
    Sha256::digest(data)
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of the entry whose id is `entry` ([`EntryKey::entry`]): the first 8 bytes
/// of its SHA-256, read as a little-endian u64. Part of the storage formats: the
/// reading state's index of read marks, and each issue's in the persisted library.
pub fn entry_hash(entry: &str) -> u64 {
    let digest = Sha256::digest(entry.as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// An entry's id before disambiguation: see [`EntryKey`].
fn base_id(entry: &Entry) -> String {
    match entry.url().and_then(normalize_url) {
        Some(url) => format!("url:{url}"),
        None => format!("title:{}", hex_prefix(entry.title().trim().as_bytes(), 8)),
    }
}

impl Issue {
    pub fn key(&self) -> IssueKey {
        IssueKey {
            source: self.source.clone(),
            issue: self.id.clone(),
        }
    }

    /// The key of every entry, in reading order (that of [`Issue::entries`]).
    /// Computed on each call, in under a microsecond an entry (`cargo bench --bench keys`).
    pub fn entry_keys(&self) -> Vec<EntryKey> {
        let key = self.key();
        let bases: Vec<String> = self.entries().map(|(_, entry)| base_id(entry)).collect();
        let mut seen: HashMap<&str, u32> = HashMap::with_capacity(bases.len());
        let occurrences: Vec<u32> = bases
            .iter()
            .map(|base| {
                let count = seen.entry(base).or_insert(0);
                *count += 1;
                *count
            })
            .collect();
        bases
            .into_iter()
            .zip(occurrences)
            .map(|(base, n)| EntryKey {
                issue: key.clone(),
                entry: if n == 1 { base } else { format!("{base}#{n}") },
            })
            .collect()
    }

    /// The [`entry_hash`] of every entry, in reading order.
    pub fn entry_hashes(&self) -> Vec<u64> {
        let keys = self.entry_keys();
        keys.iter().map(|key| entry_hash(&key.entry)).collect()
    }

    /// Where the entry with `key` is: (section index, entry index in the section).
    pub fn find_entry(&self, key: &EntryKey) -> Option<(usize, usize)> {
        if key.issue != self.key() {
            return None;
        }
        let at = self.entry_keys().iter().position(|k| k == key)?;
        self.entry_position(at)
    }

    /// (section index, entry index in the section) of the `ordinal`th entry in reading order.
    pub fn entry_position(&self, mut ordinal: usize) -> Option<(usize, usize)> {
        for (s, section) in self.sections.iter().enumerate() {
            if ordinal < section.entries.len() {
                return Some((s, ordinal));
            }
            ordinal -= section.entries.len();
        }
        None
    }

    /// The reading-order position of the entry at (`section`, `entry`).
    pub fn entry_ordinal(&self, section: usize, entry: usize) -> Option<usize> {
        let before: usize = self
            .sections
            .get(..section)?
            .iter()
            .map(|s| s.entries.len())
            .sum();
        (entry < self.sections.get(section)?.entries.len()).then_some(before + entry)
    }
}

impl Library {
    /// Sets the newsletter every issue and page belongs to (the loaders call it).
    pub fn set_source(&mut self, source: &SourceId) {
        for issue in self.issues.iter_mut().chain(&mut self.pages) {
            issue.source = source.clone();
        }
    }

    /// The position of the issue with `key`.
    pub fn position(&self, key: &IssueKey) -> Option<usize> {
        self.issues
            .iter()
            .position(|i| i.id == key.issue && i.source == key.source)
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
