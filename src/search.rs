//! Keyword search over a library. Pure: no IO, no UI types.
//!
//! This is the API the reader and the CLI build on. The matching here is a plain
//! case-insensitive substring scan, to be replaced by the real engine (folding,
//! phrases, exclusion, field filters, ranking) behind the same types.

use std::ops::Range;

use crate::model::{Entry, Library};

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        Query {
            terms: input.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Where a search looks: the whole library, or one issue (`in:this`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// The issue the reader is on, for `in:this`.
    pub current_issue: Option<usize>,
}

/// One matching entry, addressed by indexes into the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub issue: usize,
    pub section: usize,
    pub entry: usize,
    pub score: u32,
    /// Byte ranges of matches in the entry's title (valid char boundaries).
    pub title_matches: Vec<Range<usize>>,
}

/// Prepared search data for one library. Build once per library, query many times.
#[derive(Debug, Clone, Default)]
pub struct Index {
    _private: (),
}

impl Index {
    pub fn build(library: &Library) -> Index {
        let _ = library;
        Index { _private: () }
    }

    /// Every entry matching `query`, best first.
    pub fn search(&self, library: &Library, query: &Query, scope: Scope) -> Vec<Hit> {
        let _ = scope;
        let mut hits = Vec::new();
        if query.is_empty() {
            return hits;
        }
        for (i, issue) in library.issues.iter().enumerate() {
            for (s, section) in issue.sections.iter().enumerate() {
                for (e, entry) in section.entries.iter().enumerate() {
                    if query.terms.iter().all(|t| entry_text(entry).contains(t)) {
                        hits.push(Hit {
                            issue: i,
                            section: s,
                            entry: e,
                            score: 0,
                            title_matches: matches(&entry.title, query),
                        });
                    }
                }
            }
        }
        hits
    }
}

fn entry_text(entry: &Entry) -> String {
    format!("{} {:?} {}", entry.title, entry.source, entry.summary).to_lowercase()
}

/// Byte ranges in `text` where any term of `query` matches (for highlighting any field).
pub fn matches(text: &str, query: &Query) -> Vec<Range<usize>> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut ranges = Vec::new();
    for term in &query.terms {
        ranges.extend(
            lower
                .match_indices(term.as_str())
                .map(|(at, m)| at..at + m.len()),
        );
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// A one-line excerpt of `text` around its first match, at most about `width` columns,
/// and the match ranges within that excerpt.
pub fn snippet(text: &str, query: &Query, width: usize) -> (String, Vec<Range<usize>>) {
    let line: String = crate::ui::text::truncate(&text.replace('\n', " "), width).into_owned();
    let ranges = matches(&line, query);
    (line, ranges)
}
