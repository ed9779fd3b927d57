//! A query prepared against an index: its text terms ready to scan with, and the
//! filters on issues and sections.

use memchr::memmem::Finder;

use super::needle::ShortFinder;
use super::query::{self, Field, Query};
use super::ranks::ByteRanks;
use super::{Index, Scope, SectionRecord};

/// A text condition of the query, ready to scan with.
pub(super) struct TextTerm {
    pub(super) field: Field,
    /// For scanning the whole buffer.
    pub(super) finder: Finder<'static>,
    /// For looking inside one entry.
    pub(super) short: ShortFinder,
    pub(super) negated: bool,
}

/// A query prepared against an index.
pub(super) struct Plan<'q> {
    pub(super) terms: Vec<TextTerm>,
    /// The positive term scanned for across the buffer: the longest, likely the rarest.
    pub(super) driver: Option<usize>,
    pub(super) sections: Vec<&'q query::Term>,
    pub(super) dates: Vec<&'q query::Term>,
    /// Per newsletter of the index, whether the `from:` terms let its issues through.
    pub(super) from: Vec<bool>,
    /// The issue `in:this` keeps (true) or leaves out (false).
    pub(super) in_this: Option<(usize, bool)>,
}

impl<'q> Plan<'q> {
    pub(super) fn new(
        query: &'q Query,
        scope: Scope,
        ranks: ByteRanks,
        sources: &[[Box<str>; 2]],
    ) -> Plan<'q> {
        let of = |field: Field| query.terms.iter().filter(move |t| t.field == field);
        let terms: Vec<TextTerm> = query
            .terms
            .iter()
            .filter(|t| matches!(t.field, Field::Any | Field::Title | Field::Source))
            .map(|t| TextTerm {
                field: t.field,
                finder: ranks.finder(&t.text),
                short: ranks.short_finder(&t.text),
                negated: t.negated,
            })
            .collect();
        let driver = (0..terms.len())
            .filter(|&t| !terms[t].negated)
            .max_by_key(|&t| terms[t].finder.needle().len());
        Plan {
            terms,
            driver,
            sections: of(Field::Section).collect(),
            dates: of(Field::Date).collect(),
            from: sources
                .iter()
                .map(|names| {
                    of(Field::From)
                        .all(|t| names.iter().any(|name| name.starts_with(&t.text)) != t.negated)
                })
                .collect(),
            in_this: scope.current_issue.zip(query.in_this),
        }
    }

    pub(super) fn allows_section(&self, section: &SectionRecord, index: &Index) -> bool {
        let issue = section.issue as usize;
        let date = index.dates.get(issue).map_or("", |d| d);
        let source = index.issue_sources.get(issue).map(|&s| s as usize);
        source
            .and_then(|s| self.from.get(s))
            .is_none_or(|&allowed| allowed)
            && self
                .in_this
                .is_none_or(|(current, keep)| (current == issue) == keep)
            && self
                .sections
                .iter()
                .all(|t| section.title.contains(&t.text) != t.negated)
            && self
                .dates
                .iter()
                .all(|t| date.starts_with(&t.text) != t.negated)
    }
}
