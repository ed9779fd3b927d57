//! A search hit resolved against the library it was found in.

use super::Hit;
use crate::model::{Entry, Issue, Library, Link, Section};

/// An entry hit with what it points to ([`Found::of`] is `None` for a hit on prose:
/// see [`Located`]).
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub issue: &'a Issue,
    pub section: &'a Section,
    pub entry: &'a Entry,
    pub hit: Hit,
}

/// A hit on prose (an intro or a section's own text) with what it points to.
#[derive(Debug, Clone, Copy)]
pub struct FoundProse<'a> {
    pub issue: &'a Issue,
    /// The section whose text it is; `None` for the intro.
    pub section: Option<&'a Section>,
    /// The prose itself: the intro or the section's body.
    pub text: &'a str,
    pub hit: Hit,
}

impl FoundProse<'_> {
    /// The prose, then the text and URL of each link not already in it: all that was
    /// searched, for a snippet around the match.
    pub fn searched_text(&self) -> String {
        match self.section {
            Some(section) => searched_text(self.text, section.link.iter().chain(&section.links)),
            None => searched_text(self.text, &self.issue.intro_links),
        }
    }
}

/// `prose`, then the text and URL of each of `links` not already in it.
pub(super) fn searched_text<'a>(prose: &str, links: impl IntoIterator<Item = &'a Link>) -> String {
    let mut text = prose.trim().to_string();
    for link in links {
        for part in [link.text.trim(), link.url.trim()] {
            if !part.is_empty() && !text.contains(part) {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(part);
            }
        }
    }
    text
}

/// Any hit with what it points to.
#[derive(Debug, Clone, Copy)]
pub enum Located<'a> {
    Entry(Found<'a>),
    Prose(FoundProse<'a>),
}

impl<'a> Located<'a> {
    /// What `hit` points to in `library`; `None` when it is out of step with it.
    pub fn of(library: &'a Library, hit: &Hit) -> Option<Located<'a>> {
        let issue = library.issues.get(hit.issue as usize)?;
        let prose = |section: Option<&'a Section>, text: &'a str| {
            Located::Prose(FoundProse {
                issue,
                section,
                text,
                hit: *hit,
            })
        };
        match hit.target() {
            HitTarget::Entry { .. } => Found::of(library, hit).map(Located::Entry),
            HitTarget::Intro => Some(prose(None, &issue.intro)),
            HitTarget::Section(s) => {
                let section = issue.sections.get(s as usize)?;
                Some(prose(Some(section), &section.body))
            }
        }
    }

    pub fn issue(&self) -> &'a Issue {
        match self {
            Located::Entry(found) => found.issue,
            Located::Prose(found) => found.issue,
        }
    }

    /// The section it is in; `None` for an intro.
    pub fn section(&self) -> Option<&'a Section> {
        match self {
            Located::Entry(found) => Some(found.section),
            Located::Prose(found) => found.section,
        }
    }
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

/// What a hit is on: see [`Hit::target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitTarget {
    /// The entry (`section`, `entry`) of the issue.
    Entry { section: u32, entry: u32 },
    /// The own text of a section of the issue: its body and links.
    Section(u32),
    /// The issue's intro and its links.
    Intro,
}

impl Hit {
    /// The `entry` of a hit on prose, not on an entry (see [`super::prose`]).
    pub const PROSE: u32 = u32::MAX;
    /// The `section` of a hit on an issue's intro (its `entry` is [`Hit::PROSE`]).
    pub const INTRO: u32 = u32::MAX;

    /// What the hit is on.
    pub fn target(&self) -> HitTarget {
        match (self.section, self.entry) {
            (_, entry) if entry != Hit::PROSE => HitTarget::Entry {
                section: self.section,
                entry,
            },
            (Hit::INTRO, _) => HitTarget::Intro,
            (section, _) => HitTarget::Section(section),
        }
    }

    /// A hit on `issue`'s `target`, as [`Hit::target`] reads it.
    pub fn on(issue: usize, target: HitTarget, score: u32) -> Hit {
        let (section, entry) = match target {
            HitTarget::Entry { section, entry } => (section, entry),
            HitTarget::Section(section) => (section, Hit::PROSE),
            HitTarget::Intro => (Hit::INTRO, Hit::PROSE),
        };
        Hit {
            issue: u32::try_from(issue).unwrap_or(u32::MAX),
            section,
            entry,
            score,
        }
    }

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
