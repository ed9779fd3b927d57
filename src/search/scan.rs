//! The exact scan: which entries of some runs match a plan, and their scores. It reads
//! a [`Slab`]: the whole buffer of an [`Index`](super::Index), or a piece of a
//! persisted one read from its file.

use std::ops::Range;

use super::buckets::{Buckets, PREFETCH_ENTRIES, gallop, prefetch};
use super::narrow::EntrySet;
use super::plan::{Plan, TextTerm};
use super::query::Field;
use super::{EntryRecord, SOURCE_WEIGHT, TEXT_WEIGHT, TITLE_WEIGHT};

/// How many marked entries ahead of the one checked [`Slab::scan_marked`] asks for
/// the text of: they are scattered, each a cache miss away.
const PREFETCH_MARKED: usize = 4;

/// Entries `first..first + entries.len()` of an index and their text: buffer bytes
/// from `base` up to `text_end`, where the last entry's text ends (with its separator).
/// Entry numbers and offsets are the index's, whatever part of it the slab holds.
pub(super) struct Slab<'a> {
    pub text: &'a [u8],
    pub base: usize,
    pub entries: &'a [EntryRecord],
    pub first: usize,
}

impl Slab<'_> {
    fn record(&self, k: usize) -> &EntryRecord {
        &self.entries[k - self.first]
    }

    fn text_end(&self) -> usize {
        self.base + self.text.len()
    }

    /// End of entry `k`'s text (before its separator).
    pub fn end(&self, k: usize) -> usize {
        self.entries
            .get(k + 1 - self.first)
            .map_or(self.text_end(), |next| next.start as usize)
            - 1
    }

    /// Byte range of entry `k`'s title, source and rest, in the buffer.
    fn fields(&self, k: usize) -> Fields {
        let record = self.record(k);
        Fields {
            start: record.start as usize,
            source: record.source as usize,
            rest: record.rest as usize,
            end: self.end(k),
        }
    }

    /// The text of entry `k`: its fields and their separators, not its end.
    pub fn entry_bytes(&self, k: usize) -> &[u8] {
        self.bytes(self.record(k).start as usize..self.end(k))
    }

    /// Byte range of the buffer holding the entries of `run`.
    pub fn span(&self, run: &Range<usize>) -> Range<usize> {
        self.record(run.start).start as usize..self.end(run.end - 1)
    }

    fn bytes(&self, range: Range<usize>) -> &[u8] {
        &self.text[range.start - self.base..range.end - self.base]
    }

    /// The matching entries of `runs`, in order, bucketed by score.
    pub fn scan(&self, plan: &Plan, runs: &[Range<usize>]) -> Buckets {
        let entries = runs.iter().map(ExactSizeIterator::len).sum();
        let mut hits = Buckets::for_entries(entries);
        let mut push = |k: usize, score: u32| hits.push(k as u32, score);
        for run in runs {
            match plan.driver {
                Some(driver) => self.scan_for(plan, driver, run.clone(), &mut push),
                None => run
                    .clone()
                    .for_each(|k| self.score_entry(plan, k, None).map_or((), |s| push(k, s))),
            }
        }
        hits
    }

    /// The matching entries of `runs` among those `marked` (a bit per entry of the
    /// index: see [`EntrySet`]), in order, bucketed by score. Each is checked alone.
    pub fn scan_marked(&self, plan: &Plan, runs: &[Range<usize>], marked: &EntrySet) -> Buckets {
        let marked: Vec<usize> = runs
            .iter()
            .flat_map(|run| marked.iter_in(run.clone()))
            .collect();
        let mut hits = Buckets::for_entries(marked.len());
        for (i, &k) in marked.iter().enumerate() {
            if let Some(&ahead) = marked.get(i + PREFETCH_MARKED) {
                let span = self.record(ahead).start as usize..self.end(ahead);
                for line in span.step_by(64) {
                    prefetch(self.text, line - self.base);
                }
            }
            if let Some(score) = self.score_entry(plan, k, None) {
                hits.push(k as u32, score);
            }
        }
        hits
    }

    /// Calls `push` with each entry of `run` that matches, found by scanning for the
    /// plan's `driver` term and skipping to the next entry at each find.
    fn scan_for(
        &self,
        plan: &Plan,
        driver: usize,
        run: Range<usize>,
        push: &mut impl FnMut(usize, u32),
    ) {
        let finder = &plan.terms[driver].finder;
        // The first find in an entry is its best place: title, source and rest come in
        // that order. Alone, the driver term needs no other look at the entry.
        let alone = plan.terms.len() == 1 && plan.terms[driver].field == Field::Any;
        // A lone byte is in nearly every entry: then prefetching pays.
        let dense = alone && finder.needle().len() == 1;
        let span = self.span(&run);
        let (mut pos, mut k) = (span.start, run.start);
        while let Some(found) = finder.find(self.bytes(pos..span.end)) {
            let at = pos + found;
            k = self.entry_at(at, k, run.end);
            let ahead = k + PREFETCH_ENTRIES - self.first;
            if let Some(ahead) = self.entries.get(ahead).filter(|_| dense) {
                prefetch(self.text, ahead.start as usize - self.base);
            }
            let score = if alone {
                Some(self.record(k).place_of(at).weight())
            } else {
                self.score_entry(plan, k, Some(at))
            };
            if let Some(score) = score {
                push(k, score);
            }
            pos = self.end(k);
            if pos >= span.end {
                break;
            }
        }
    }

    /// The entry of `from..run_end` whose text holds byte `at`.
    fn entry_at(&self, at: usize, from: usize, run_end: usize) -> usize {
        let following = &self.entries[from + 1 - self.first..run_end - self.first];
        from + gallop(following, |e| e.start as usize <= at)
    }

    /// The score of entry `k` if it matches every term. `driver_at` is the first
    /// occurrence of the plan's driver term in the entry, already found.
    fn score_entry(&self, plan: &Plan, k: usize, driver_at: Option<usize>) -> Option<u32> {
        let record = self.fields(k);
        let mut score = 0u32;
        for (t, term) in plan.terms.iter().enumerate() {
            let place = match driver_at {
                Some(at) if Some(t) == plan.driver && term.field == Field::Any => {
                    Some(record.place_of(at))
                }
                _ if term.known => (!term.negated).then(|| self.known_place(&record, term)),
                _ => self.find(&record, term),
            };
            match (place, term.negated) {
                (Some(_), true) | (None, false) => return None,
                (None, true) => {}
                (Some(place), false) => score = score.saturating_add(place.weight()),
            }
        }
        Some(score)
    }

    /// The best place of the entry for `term`, known to occur in it: where it first
    /// starts, the title, the source or the rest (looking only at the first two).
    fn known_place(&self, record: &Fields, term: &TextTerm) -> Zone {
        match term.field {
            Field::Title => Zone::Title,
            Field::Source => Zone::Source,
            _ => {
                let reach = term.finder.needle().len().saturating_sub(1);
                let seen = self.bytes(record.start..(record.rest + reach).min(record.end));
                let at = term
                    .short
                    .find(seen)
                    .map_or(record.end, |at| record.start + at);
                record.place_of(at)
            }
        }
    }

    /// The best place of the entry where `term` occurs.
    fn find(&self, record: &Fields, term: &TextTerm) -> Option<Zone> {
        let (range, place) = match term.field {
            Field::Title => (record.title(), Some(Zone::Title)),
            Field::Source => (record.source(), Some(Zone::Source)),
            _ => (record.start..record.end, None),
        };
        let found = term.short.find(self.bytes(range.clone()))?;
        Some(place.unwrap_or_else(|| record.place_of(range.start + found)))
    }
}

impl EntryRecord {
    fn place_of(&self, at: usize) -> Zone {
        Zone::of(at, self.source as usize, self.rest as usize)
    }
}

/// Byte offsets of one entry's fields in the buffer.
struct Fields {
    start: usize,
    source: usize,
    rest: usize,
    end: usize,
}

impl Fields {
    fn title(&self) -> Range<usize> {
        self.start..self.source - 1
    }

    fn source(&self) -> Range<usize> {
        self.source..self.rest - 1
    }

    fn place_of(&self, at: usize) -> Zone {
        Zone::of(at, self.source, self.rest)
    }
}

/// Where in an entry a term was found; the order is the ranking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Title,
    Source,
    Text,
}

impl Zone {
    /// The place of byte `at` of an entry whose source starts at `source` and the rest at `rest`.
    fn of(at: usize, source: usize, rest: usize) -> Zone {
        if at < source {
            Zone::Title
        } else if at < rest {
            Zone::Source
        } else {
            Zone::Text
        }
    }

    fn weight(self) -> u32 {
        match self {
            Zone::Title => TITLE_WEIGHT,
            Zone::Source => SOURCE_WEIGHT,
            Zone::Text => TEXT_WEIGHT,
        }
    }
}
