//! A search hit resolved against the library it was found in.

use super::Hit;
use crate::model::{Entry, Issue, Library, Section};

/// A hit with what it points to.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub issue: &'a Issue,
    pub section: &'a Section,
    pub entry: &'a Entry,
    pub hit: Hit,
}

impl<'a> Found<'a> {
    /// What `hit` points to in `library`; `None` when the hit is out of step with it
    /// (found in another library).
    pub fn of(library: &'a Library, hit: &Hit) -> Option<Found<'a>> {
        let issue = library.issues.get(hit.issue as usize)?;
        let section = issue.sections.get(hit.section as usize)?;
        let entry = section.entries.get(hit.entry as usize)?;
        Some(Found {
            issue,
            section,
            entry,
            hit: *hit,
        })
    }
}

impl Hit {
    /// A hit on `issue`'s entry (`section`, `entry`).
    pub fn at(issue: usize, section: usize, entry: usize, score: u32) -> Hit {
        let index = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Hit {
            issue: index(issue),
            section: index(section),
            entry: index(entry),
            score,
        }
    }

    /// True when both hits are on the same entry of one library, whatever their scores.
    pub fn same_entry(&self, other: &Hit) -> bool {
        (self.issue, self.section, self.entry) == (other.issue, other.section, other.entry)
    }
}
