//! A query prepared against an index: its text terms ready to scan with, and the
//! runs of entries its section, date, `from:` and `in:this` filters leave.

use std::ops::Range;

use memchr::memmem::Finder;

use super::needle::ShortFinder;
use super::query::{self, Field, Query};
use super::ranks::ByteRanks;
use super::{Scope, SectionRecord};

/// A text condition of the query, ready to scan with.
pub(super) struct TextTerm {
    pub field: Field,
    /// For scanning the whole buffer.
    pub finder: Finder<'static>,
    /// For looking inside one entry.
    pub short: ShortFinder,
    pub negated: bool,
    /// Whether what is searched is known to hold the term (to lack it, negated): it
    /// is what a query with this very term matched (see [`Plan::knowing`]).
    pub known: bool,
}

/// A query prepared against an index.
pub(super) struct Plan<'q> {
    pub terms: Vec<TextTerm>,
    /// The positive term scanned for across the buffer: the longest, likely the rarest.
    pub driver: Option<usize>,
    sections: Vec<&'q query::Term>,
    dates: Vec<&'q query::Term>,
    /// Per newsletter of the index, whether the `from:` terms let its issues through.
    from: Vec<bool>,
    /// The issue `in:this` keeps (true) or leaves out (false).
    in_this: Option<(usize, bool)>,
    /// Whether any of the above can leave an issue or a section out.
    filters: bool,
}

impl<'q> Plan<'q> {
    /// `sources` are the index's newsletters: id and folded title of each.
    pub fn new(
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
                known: false,
            })
            .collect();
        let driver = (0..terms.len())
            .filter(|&t| !terms[t].negated)
            .max_by_key(|&t| terms[t].finder.needle().len());
        let in_this = scope.current_issue.zip(query.in_this);
        let filtered = [Field::Section, Field::Date, Field::From];
        Plan {
            terms,
            driver,
            filters: in_this.is_some() || query.terms.iter().any(|t| filtered.contains(&t.field)),
            sections: of(Field::Section).collect(),
            dates: of(Field::Date).collect(),
            from: sources
                .iter()
                .map(|names| {
                    of(Field::From)
                        .all(|t| names.iter().any(|name| name.starts_with(&t.text)) != t.negated)
                })
                .collect(),
            in_this,
        }
    }

    /// The plan, for searching what `older` matched: its terms that `older` has too
    /// are known to be held (or lacked) there.
    pub fn knowing(mut self, older: &Query) -> Plan<'q> {
        for term in &mut self.terms {
            term.known = older.terms.iter().any(|o| {
                (o.field, o.negated) == (term.field, term.negated)
                    && o.text.as_bytes() == term.finder.needle()
            });
        }
        self
    }

    /// The text of every positive term, which a matching entry holds.
    pub fn positive_needles(&self) -> impl Iterator<Item = &[u8]> {
        self.terms
            .iter()
            .filter(|t| !t.negated)
            .map(|t| t.finder.needle())
    }

    /// The text of the query's only text term, when it is a positive one on any field.
    pub fn lone_needle(&self) -> Option<&[u8]> {
        match &self.terms[..] {
            [term] if term.field == Field::Any && !term.negated => Some(term.finder.needle()),
            _ => None,
        }
    }

    fn allows_section(
        &self,
        section: &SectionRecord,
        dates: &[Box<str>],
        issue_sources: &[u32],
    ) -> bool {
        let issue = section.issue as usize;
        self.allows(issue, Some(&section.title), dates, issue_sources)
    }

    /// Whether the filters let through issue `issue`'s section titled `title` (folded;
    /// `None` for text in no section, an intro), given each issue's folded date and
    /// newsletter.
    pub(super) fn allows(
        &self,
        issue: usize,
        title: Option<&str>,
        dates: &[Box<str>],
        issue_sources: &[u32],
    ) -> bool {
        if !self.filters {
            return true;
        }
        let date = dates.get(issue).map_or("", |d| d);
        let source = issue_sources.get(issue).map(|&s| s as usize);
        source
            .and_then(|s| self.from.get(s))
            .is_none_or(|&allowed| allowed)
            && self
                .in_this
                .is_none_or(|(current, keep)| (current == issue) == keep)
            && self
                .sections
                .iter()
                .all(|t| title.is_some_and(|title| title.contains(&t.text)) != t.negated)
            && self
                .dates
                .iter()
                .all(|t| date.starts_with(&t.text) != t.negated)
    }

    /// Runs of consecutive entries whose issue and section pass the filters, given
    /// each issue's folded date and newsletter (an index into the plan's sources).
    pub fn section_runs(
        &self,
        sections: &[SectionRecord],
        dates: &[Box<str>],
        issue_sources: &[u32],
    ) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        for section in sections {
            if section.entries.is_empty() || !self.allows_section(section, dates, issue_sources) {
                continue;
            }
            match runs.last_mut() {
                Some(last) if last.end == section.entries().start => {
                    last.end = section.entries().end
                }
                _ => runs.push(section.entries()),
            }
        }
        runs
    }
}

/// The parts of runs `a` and `b` (each sorted, disjoint) that both cover.
pub(super) fn intersect(a: &[Range<usize>], b: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (start, end) = (a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        if start < end {
            out.push(start..end);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}
