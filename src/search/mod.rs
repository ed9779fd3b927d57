//! Keyword search over a library. Pure: no IO, no UI types.
//!
//! Text is folded (NFKC, lowercase, whitespace runs as one space: see [`fold`]) once,
//! when the [`Index`] is built, into one contiguous buffer laid out entry after entry:
//! `title US source US rest RS`, where rest is the summary, tags, links' text and URLs.
//! A query folds its terms the same way, finds candidate entries with one substring
//! scan of that buffer for its longest term, and checks the other terms inside each
//! candidate only. A query allocates in proportion to its hits (and to the sections,
//! when filtered), never to the text.
//!
//! Query syntax (see [`Query::parse`]): words must all match (AND), anywhere in the
//! entry's text; `"a phrase"`; `-word` excludes; `title:`, `source:` and `section:`
//! restrict a word to that field (substring); `date:2020-06` keeps issues whose date
//! starts with it; `from:twir` keeps issues of the newsletters whose name (id) or title
//! starts with it; `in:this` keeps the scope's current issue. Without a current issue,
//! `in:this` and `-in:this` are ignored: there is no "this" to narrow to or leave out.
//!
//! Ranking: each positive word scores by the best field it occurs in (title 100,
//! source 10, anything else 1); higher scores first, then library order (newest issue
//! first, then reading order), which makes ties stable.

mod buckets;
mod display;
mod fold;
mod format;
mod found;
mod grams;
mod highlight;
mod index_text;
mod narrow;
mod needle;
mod once;
mod persist;
mod persisted;
mod plan;
mod prose;
mod query;
mod ranks;
mod scan;
mod unigrams;

use std::ops::Range;

use rayon::prelude::*;

pub use display::{
    EntryLine, EntryView, PATH_BREAK, ProseLine, ProseView, joined_path, path_titles,
};
pub use fold::fold;
pub use format::{Container, FORMAT_VERSION, HeldPart, IndexError, Mapped, ReadAt, Writer};
pub use found::{Found, FoundProse, HitTarget, Located};
pub use highlight::{matches, snippet};
pub use narrow::Narrowing;
pub use persist::fresh_generation;
pub use persisted::{PersistedIndex, View, ViewLine};
pub use query::{Field, Query};

use crate::model::{Entry, Issue, Library, SourceId};
use buckets::{Buckets, Locator};
use grams::Grams;
use index_text::IndexText;
use plan::{Plan, intersect};
use ranks::ByteRanks;
use scan::Slab;
use unigrams::Unigrams;

/// Separates the fields of one entry in the folded buffer.
const FIELD_SEPARATOR: char = '\u{1f}';
/// Ends an entry in the folded buffer.
const ENTRY_SEPARATOR: char = '\u{1e}';

/// Issues indexed at a time: the pieces of a batch are held until appended.
const ISSUES_PER_BATCH: usize = 256;

/// Bytes of text per piece of work: a search of more runs on every core.
const CHUNK_BYTES: usize = 1 << 20;

const TITLE_WEIGHT: u32 = 100;
const SOURCE_WEIGHT: u32 = 10;
const TEXT_WEIGHT: u32 = 1;

/// Where a search looks: the whole library, or one issue (`in:this`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// The issue the reader is on, for `in:this`.
    pub current_issue: Option<usize>,
}

/// One matching entry, addressed by indexes into the library, or a match in prose (an
/// intro, a section's own text), addressed by pseudo indexes: see [`Hit::target`].
/// Its title's matches, for highlighting, are [`matches`]`(&entry.title, query)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub issue: u32,
    pub section: u32,
    pub entry: u32,
    /// Higher is better: see the module documentation.
    pub score: u32,
}

/// Prepared search data for one library. Build once per library, query many times.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Folded text of every entry, in library order.
    text: IndexText,
    entries: Vec<EntryRecord>,
    sections: Vec<SectionRecord>,
    /// Folded date of each issue (empty when unknown).
    dates: Vec<Box<str>>,
    /// Each issue's newsletter, as an index into `sources`.
    issue_sources: Vec<u32>,
    /// Each newsletter's id and folded title, for `from:`.
    sources: Vec<[Box<str>; 2]>,
    ranks: ByteRanks,
    /// Which blocks of `text` can hold a term.
    grams: Grams,
    /// Intros and sections' own text, in library order.
    prose: Vec<prose::ProseRecord>,
    /// Where entries hold the characters of many, once asked for: one-character
    /// queries read it.
    unigrams: Unigrams,
    /// Each entry's section (an index into `sections`), once asked for.
    entry_sections: Vec<u32>,
}

/// Where an entry's text lies in the buffer: the title from `start`, the source and the
/// rest each after a separator, up to the next entry's start less its separator.
/// Offsets are u32 to keep the index small: text beyond 4 GiB is not indexed.
#[derive(Debug, Clone)]
struct EntryRecord {
    start: u32,
    source: u32,
    rest: u32,
}

#[derive(Debug, Clone)]
struct SectionRecord {
    issue: u32,
    section: u32,
    /// Folded section title.
    title: Box<str>,
    /// Its entries, as indexes into `Index::entries`.
    entries: Range<u32>,
}

impl SectionRecord {
    fn entries(&self) -> Range<usize> {
        self.entries.start as usize..self.entries.end as usize
    }
}

impl Index {
    /// Indexes every issue, on all cores.
    pub fn build(library: &Library) -> Index {
        Index::build_with_blocks(library, grams::BLOCK_BYTES, grams::FILTERED_BYTES)
    }

    /// [`Index::build`] with the filter's blocks of about `block_bytes` of text
    /// (small ones let tests of small libraries have many).
    #[cfg(any(test, feature = "testing"))]
    pub fn build_with_block_bytes(library: &Library, block_bytes: usize) -> Index {
        Index::build_with_blocks(library, block_bytes, 0)
    }

    fn build_with_blocks(library: &Library, block_bytes: usize, filtered_bytes: usize) -> Index {
        let mut index = Index::default();
        index.text.built_mut().reserve(text_bytes_about(library));
        index.entries.reserve(library.entry_count());
        // Issues are indexed a batch at a time, on all cores: the pieces of one batch
        // only are held beside the index, not a second copy of all text.
        for (batch, issues) in library.issues.chunks(ISSUES_PER_BATCH).enumerate() {
            let first = batch * ISSUES_PER_BATCH;
            let pieces: Vec<Index> = issues
                .par_iter()
                .enumerate()
                .map(|(i, issue)| Index::of_issue(first + i, issue))
                .collect();
            for piece in pieces {
                index.append(piece);
            }
        }
        index.add_sources(library);
        index.ranks = ByteRanks::of(index.text.as_bytes());
        index.text.built_mut().shrink_to_fit();
        index.entries.shrink_to_fit();
        index.grams = Grams::build(
            index.text.as_bytes(),
            &index.entries,
            block_bytes,
            filtered_bytes,
        );
        index
    }

    /// Builds the tables a search at each keystroke reads: those that answer
    /// one-character queries without a scan (see `search::unigrams`), and each
    /// entry's section, which makes hits without a search. For an index queried many
    /// times, like the reader's, as they cost a pass over all text and 4 bytes an
    /// entry; results are the same without them.
    pub fn add_keystroke_tables(&mut self) {
        self.unigrams = Unigrams::build(&self.slab(), |range| self.text.release(range));
        self.entry_sections = vec![0; self.entries.len()];
        for (s, section) in self.sections.iter().enumerate() {
            self.entry_sections[section.entries()].fill(s as u32);
        }
    }

    /// The index of one issue, as if it were the library's `i`th.
    fn of_issue(i: usize, issue: &Issue) -> Index {
        let mut index = Index::default();
        index.dates.push(folded_date(issue));
        index.prose.extend(prose::ProseRecord::of_intro(i, issue));
        for (s, section) in issue.sections.iter().enumerate() {
            index
                .prose
                .extend(prose::ProseRecord::of_section(i, s, section));
            let first = index.entries.len();
            for entry in &section.entries {
                index.add_entry(entry);
            }
            index.sections.push(SectionRecord {
                issue: i as u32,
                section: s as u32,
                title: fold(&section.title).into(),
                entries: first as u32..index.entries.len() as u32,
            });
        }
        index
    }

    /// Appends the index of the next issue. Offsets are u32: past 4 GiB of text,
    /// the issue's sections are kept (for filters) without their entries.
    fn append(&mut self, mut piece: Index) {
        let (text_base, entry_base) = (self.text.len(), self.entries.len());
        let fits = text_base + piece.text.len() < u32::MAX as usize;
        let (base, entry_base) = (text_base as u32, entry_base as u32);
        for section in &mut piece.sections {
            section.entries = if fits {
                section.entries.start + entry_base..section.entries.end + entry_base
            } else {
                entry_base..entry_base
            };
        }
        self.sections.append(&mut piece.sections);
        self.dates.append(&mut piece.dates);
        self.prose.append(&mut piece.prose);
        if !fits {
            return;
        }
        self.text.append(&piece.text);
        self.entries
            .extend(piece.entries.iter().map(|e| EntryRecord {
                start: e.start + base,
                source: e.source + base,
                rest: e.rest + base,
            }));
    }

    /// Records each issue's newsletter: those the library lists (titled), then any
    /// other an issue names (by its id alone).
    fn add_sources(&mut self, library: &Library) {
        let mut ids: Vec<&SourceId> = Vec::new();
        for info in &library.sources {
            ids.push(&info.id);
            self.sources
                .push([info.id.as_str().into(), fold(&info.title).into()]);
        }
        self.issue_sources = library
            .issues
            .iter()
            .map(|issue| {
                let at = ids.iter().position(|id| **id == issue.source);
                let at = at.unwrap_or_else(|| {
                    ids.push(&issue.source);
                    let id: Box<str> = issue.source.as_str().into();
                    self.sources.push([id.clone(), id]);
                    ids.len() - 1
                });
                u32::try_from(at).unwrap_or(u32::MAX)
            })
            .collect();
    }

    /// Heap memory held by the index, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.entries.capacity() * size_of::<EntryRecord>()
            + self.sections.capacity() * size_of::<SectionRecord>()
            + self.sections.iter().map(|s| s.title.len()).sum::<usize>()
            + self.dates.capacity() * size_of::<Box<str>>()
            + self.dates.iter().map(|d| d.len()).sum::<usize>()
            + self.issue_sources.capacity() * size_of::<u32>()
            + self
                .sources
                .iter()
                .flatten()
                .map(|s| s.len())
                .sum::<usize>()
            + self.grams.heap_bytes()
            + self.unigrams.heap_bytes()
            + self.entry_sections.capacity() * size_of::<u32>()
            + self.prose.capacity() * size_of::<prose::ProseRecord>()
            + self
                .prose
                .iter()
                .map(prose::ProseRecord::heap_bytes)
                .sum::<usize>()
    }

    fn add_entry(&mut self, entry: &Entry) {
        let text = self.text.built_mut();
        let before = text.len();
        let start = text.len();
        fold::fold_into(entry.title(), text);
        text.push(FIELD_SEPARATOR);
        let source = text.len();
        fold::fold_into(entry.source().unwrap_or(""), text);
        text.push(FIELD_SEPARATOR);
        let rest = text.len();
        for (n, part) in other_text(entry).enumerate() {
            if n > 0 {
                text.push(FIELD_SEPARATOR);
            }
            fold::fold_into(part, text);
        }
        text.push(ENTRY_SEPARATOR);
        let offsets = (start.try_into(), source.try_into(), rest.try_into());
        let (Ok(start), Ok(source), Ok(rest), true) = (
            offsets.0,
            offsets.1,
            offsets.2,
            text.len() < u32::MAX as usize,
        ) else {
            text.truncate(before);
            return;
        };
        self.entries.push(EntryRecord {
            start,
            source,
            rest,
        });
    }

    /// Every entry (and prose: see [`prose`]) matching `query`, best first. The index
    /// alone answers: hits address the library it was built from.
    pub fn search(&self, query: &Query, scope: Scope) -> Vec<Hit> {
        self.search_filtered(query, scope, true)
    }

    /// [`Index::search`] scanning every entry the query's filters allow, whatever the
    /// gram filter says: what the filter must never change.
    #[cfg(any(test, feature = "testing"))]
    pub fn search_scanning_all(&self, query: &Query, scope: Scope) -> Vec<Hit> {
        self.search_filtered(query, scope, false)
    }

    fn search_filtered(&self, query: &Query, scope: Scope, by_grams: bool) -> Vec<Hit> {
        if query.is_empty() {
            return Vec::new();
        }
        let plan = Plan::new(query, scope, self.ranks, &self.sources);
        let hits = Buckets::merge(&self.entry_matches(&plan, by_grams), &self.locator());
        self.with_prose(&plan, hits)
    }

    /// The entries matching `plan`, in pieces of consecutive entries: from a table
    /// when the query is one character that has one, else scanned where the gram
    /// filter (`by_grams`) and the query's filters let them be.
    fn entry_matches(&self, plan: &Plan, by_grams: bool) -> Vec<Buckets> {
        let table = plan.lone_needle().and_then(|n| self.unigrams.table(n));
        if let Some(table) = table.filter(|_| by_grams) {
            let runs = plan.section_runs(&self.sections, &self.dates, &self.issue_sources);
            return vec![table.buckets(&runs)];
        }
        let runs = self.candidate_runs(plan, by_grams);
        self.scan_chunks(&runs, |slab, runs| slab.scan(plan, runs))
    }

    /// `scan` of `runs`, a piece of about [`CHUNK_BYTES`] of text at a time, on all
    /// cores when there are several; each piece's pages are let go once read.
    fn scan_chunks(
        &self,
        runs: &[Range<usize>],
        scan: impl Fn(&Slab, &[Range<usize>]) -> Buckets + Sync,
    ) -> Vec<Buckets> {
        let chunks = self.chunks(runs);
        let slab = self.slab();
        let scan = |runs: Vec<Range<usize>>| {
            let hits = scan(&slab, &runs);
            if let (Some(first), Some(last)) = (runs.first(), runs.last()) {
                self.text
                    .release(slab.span(first).start..slab.span(last).end);
            }
            hits
        };
        if chunks.len() > 1 {
            chunks.into_par_iter().map(scan).collect()
        } else {
            chunks.into_iter().map(scan).collect()
        }
    }

    /// Runs of consecutive entries whose issue and section pass the filters and whose
    /// block can hold every positive term.
    fn candidate_runs(&self, plan: &Plan, by_grams: bool) -> Vec<Range<usize>> {
        let runs = plan.section_runs(&self.sections, &self.dates, &self.issue_sources);
        match self.grams.candidates(plan.positive_needles()) {
            Some(blocks) if by_grams => intersect(&runs, &blocks),
            _ => runs,
        }
    }

    /// `runs` regrouped into pieces of work of about [`CHUNK_BYTES`] of text each.
    fn chunks(&self, runs: &[Range<usize>]) -> Vec<Vec<Range<usize>>> {
        let mut chunks = Vec::new();
        let (mut chunk, mut bytes) = (Vec::new(), 0);
        for run in runs {
            let mut start = run.start;
            while start < run.end {
                let limit = self.entries[start].start as usize + CHUNK_BYTES - bytes;
                let end = start
                    + 1
                    + self.entries[start + 1..run.end]
                        .partition_point(|e| (e.start as usize) < limit);
                bytes += self.slab().span(&(start..end)).len();
                chunk.push(start..end);
                if bytes >= CHUNK_BYTES {
                    chunks.push(std::mem::take(&mut chunk));
                    bytes = 0;
                }
                start = end;
            }
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        chunks
    }

    /// What turns the index's entry numbers into hits.
    fn locator(&self) -> Locator<'_> {
        Locator {
            sections: &self.sections,
            of_entry: &self.entry_sections,
        }
    }

    /// The whole index as one slab to scan.
    fn slab(&self) -> Slab<'_> {
        Slab {
            text: self.text.as_bytes(),
            base: 0,
            entries: &self.entries,
            first: 0,
        }
    }
}

/// The folded date of `issue`, as `date:` filters read it (empty when unknown).
fn folded_date(issue: &Issue) -> Box<str> {
    fold(issue.date.as_deref().unwrap_or("")).into()
}

/// About the bytes of the index's text of `library`: its entries' strings and their
/// separators. Folding keeps about the length (it shortens more often than not), so
/// that the buffer is allocated once.
fn text_bytes_about(library: &Library) -> usize {
    let entries = library.issues.iter().flat_map(|issue| issue.entries());
    entries
        .map(|(_, entry)| {
            let links: usize = entry.links().map(|l| l.text.len() + l.url.len()).sum();
            let tags: usize = entry.tags().map(|t| t.len() + 1).sum();
            entry.title().len()
                + entry.source().map_or(0, str::len)
                + entry.summary().len()
                + entry.url().map_or(0, str::len)
                + links
                + tags
                + 3
        })
        .sum()
}

/// Text of an entry besides its title and source: summary, tags, the text of links
/// not already in the summary or title, and every distinct URL.
fn other_text(entry: &Entry) -> impl Iterator<Item = &str> {
    let link_texts = entry
        .links()
        .map(|l| l.text)
        .filter(|text| !repeats_entry_text(text, entry));
    let mut urls: Vec<&str> = entry.url().into_iter().collect();
    for link in entry.links() {
        if !urls.contains(&link.url) {
            urls.push(link.url);
        }
    }
    std::iter::once(entry.summary())
        .chain(entry.tags())
        .chain(link_texts)
        .chain(urls)
}

/// Whether a link's text says nothing the entry's title, source and summary don't:
/// it is inside one of them, or it is `title | source` as written in the Markdown.
fn repeats_entry_text(text: &str, entry: &Entry) -> bool {
    if entry.title().contains(text) || entry.summary().contains(text) {
        return true;
    }
    let source = entry.source().unwrap_or("");
    let rest = text.replacen(entry.title(), "", 1);
    let rest = if source.is_empty() {
        rest
    } else {
        rest.replacen(source, "", 1)
    };
    !entry.title().is_empty()
        && rest
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

#[cfg(test)]
mod tests;
