//! The read marks in memory, as the start-up index keeps them: per issue, the sorted
//! hashes of its read entries ([`packed::entry_hash`]). Loading them is one copy per
//! issue, nothing per mark; two entries of one issue would have to share 64 bits of
//! SHA-256 to be confused.

use super::KeyMap;
use super::packed::{self, entry_hash};
use crate::model::{EntryKey, Issue, IssueKey};

/// The entries marked read, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSet {
    issues: KeyMap<IssueKey, Vec<u64>>,
}

impl ReadSet {
    /// Room for the marks of `issues` more issues.
    pub(super) fn reserve(&mut self, issues: usize) {
        self.issues.reserve(issues);
    }

    /// An issue's marks as the index stores them.
    pub(super) fn add_packed(&mut self, issue: IssueKey, packed: &[u8]) {
        let mut hashes = packed::decode(packed);
        hashes.sort_unstable();
        hashes.dedup();
        self.issues.insert(issue, hashes);
    }

    pub fn contains(&self, key: &EntryKey) -> bool {
        self.issues
            .get(&key.issue)
            .is_some_and(|hashes| hashes.binary_search(&entry_hash(&key.entry)).is_ok())
    }

    /// Marks `key` read; false when it already was.
    pub fn insert(&mut self, key: &EntryKey) -> bool {
        let hashes = self.issues.entry(key.issue.clone()).or_default();
        let hash = entry_hash(&key.entry);
        match hashes.binary_search(&hash) {
            Ok(_) => false,
            Err(at) => {
                hashes.insert(at, hash);
                true
            }
        }
    }

    /// Marks `key` unread; false when it was not read.
    pub fn remove(&mut self, key: &EntryKey) -> bool {
        let Some(hashes) = self.issues.get_mut(&key.issue) else {
            return false;
        };
        match hashes.binary_search(&entry_hash(&key.entry)) {
            Ok(at) => {
                hashes.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Whether some entry of the issue `issue` is marked read.
    pub fn has_marks(&self, issue: &IssueKey) -> bool {
        self.issues
            .get(issue)
            .is_some_and(|hashes| !hashes.is_empty())
    }

    /// How many entries of `issue` are marked read (as marked: an entry that has left
    /// the issue since still counts).
    pub fn marked_in(&self, issue: &IssueKey) -> usize {
        self.issues.get(issue).map_or(0, Vec::len)
    }

    /// How many entries are marked read, in every issue.
    pub fn len(&self) -> usize {
        self.issues.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.issues.values().all(Vec::is_empty)
    }

    /// Whether each of `issue`'s entries is read, in reading order.
    pub fn read_flags(&self, issue: &Issue) -> Vec<bool> {
        let Some(hashes) = self.issues.get(&issue.key()).filter(|h| !h.is_empty()) else {
            return vec![false; issue.entry_count()];
        };
        issue
            .entry_keys()
            .iter()
            .map(|key| hashes.binary_search(&entry_hash(&key.entry)).is_ok())
            .collect()
    }

    /// How many entries of the issue `issue` are unread, its entries' hashes being
    /// `hashes` ([`Issue::entry_hashes`]): as [`ReadSet::unread_in`] counts them.
    pub fn unread_of(&self, issue: &IssueKey, hashes: &[u64]) -> usize {
        let Some(marks) = self.issues.get(issue).filter(|h| !h.is_empty()) else {
            return hashes.len();
        };
        let read = |hash: &&u64| marks.binary_search(hash).is_ok();
        hashes.len() - hashes.iter().filter(read).count()
    }

    /// How many of `issue`'s entries are unread.
    pub fn unread_in(&self, issue: &Issue) -> usize {
        self.read_flags(issue).iter().filter(|read| !**read).count()
    }
}
