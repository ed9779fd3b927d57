//! One-character queries without a scan. A query of one character that many entries
//! hold (the first key typed in the reader's search) makes the scan stop at nearly
//! every entry: its cost is one find per hit. For the characters held by many
//! entries, the index keeps instead where each entry first holds the character
//! (title, source, the rest, or nowhere: two bits an entry), which is all such a
//! query needs: the first occurrence is the best place, as fields come in that order.
//!
//! Which characters get a table is chosen from a sample of entries; that choice only
//! decides speed, never results: a table is exact for its character.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::buckets::Buckets;
use super::scan::Slab;
use super::{EntryRecord, SOURCE_WEIGHT, TEXT_WEIGHT, TITLE_WEIGHT};

/// At most this many characters get a table: 16 bytes an entry at most.
const MAX_CHARS: usize = 64;
/// A character gets a table when at least 1 sampled entry in this many holds it.
const MIN_SHARE: usize = 16;
/// Entries sampled to choose the characters.
const SAMPLE: usize = 4096;
/// Sampled entries read before the pages behind them are let go.
const RELEASE_SAMPLED: usize = 256;
/// Entries one task fills: a multiple of 4, so that tasks share no byte (and few
/// enough that the pages of text a task reads are a few MiB: see `index_text.rs`).
const ENTRIES_PER_TASK: usize = if cfg!(test) { 64 } else { 1 << 12 };

/// Where an entry first holds a character: its code in a table.
const ABSENT: u8 = 0;
const IN_TEXT: u8 = 1;
const IN_SOURCE: u8 = 2;
const IN_TITLE: u8 = 3;

/// Per character held by many entries, the place each entry first holds it.
#[derive(Debug, Clone, Default)]
pub(super) struct Unigrams {
    chars: Vec<char>,
    /// Bytes per table: four entries a byte.
    stride: usize,
    /// The tables, one per character of `chars`, one after another.
    codes: Vec<u8>,
}

impl Unigrams {
    /// The tables of the characters of the most entries of `slab` (the whole index),
    /// calling `release` with the bytes of each piece of the text once read.
    pub(super) fn build(slab: &Slab, release: impl Fn(Range<usize>) + Sync) -> Unigrams {
        let chars = common_chars(slab, &release);
        let count = slab.entries.len();
        let stride = count.div_ceil(4);
        if chars.is_empty() {
            return Unigrams::default();
        }
        let mut slots: HashMap<char, usize> = HashMap::with_capacity(chars.len());
        slots.extend(chars.iter().enumerate().map(|(slot, &c)| (c, slot)));
        let pieces: Vec<Vec<u8>> = (0..count.div_ceil(ENTRIES_PER_TASK))
            .into_par_iter()
            .map(|task| {
                let first = task * ENTRIES_PER_TASK;
                let end = (first + ENTRIES_PER_TASK).min(count);
                let codes = codes_of(slab, first..end, &slots);
                release(slab.span(&(first..end)));
                codes
            })
            .collect();
        let mut codes = vec![0u8; stride * chars.len()];
        for (task, piece) in pieces.iter().enumerate() {
            let (offset, width) = (task * ENTRIES_PER_TASK / 4, piece.len() / chars.len());
            for slot in 0..chars.len() {
                let row = &piece[slot * width..(slot + 1) * width];
                codes[slot * stride + offset..][..width].copy_from_slice(row);
            }
        }
        Unigrams {
            chars,
            stride,
            codes,
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.chars.capacity() * size_of::<char>() + self.codes.capacity()
    }

    /// The table of `needle` when it is one character that has one.
    pub(super) fn table(&self, needle: &[u8]) -> Option<Table<'_>> {
        let text = std::str::from_utf8(needle).ok()?;
        let mut chars = text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let slot = self.chars.iter().position(|&have| have == c)?;
        Some(Table(
            &self.codes[slot * self.stride..(slot + 1) * self.stride],
        ))
    }
}

/// Where each entry first holds one character.
pub(super) struct Table<'a>(&'a [u8]);

impl Table<'_> {
    fn code(&self, k: usize) -> u8 {
        (self.0[k / 4] >> (2 * (k % 4))) & 3
    }

    /// The entries of `runs` holding the character, bucketed by their best place
    /// (title, source, the rest), each in library order: what a scan would find.
    pub(super) fn buckets(&self, runs: &[Range<usize>]) -> Buckets {
        let entries = runs.iter().map(ExactSizeIterator::len).sum();
        let mut places: [Vec<u32>; 3] = std::array::from_fn(|_| Vec::with_capacity(entries));
        for run in runs {
            for k in run.clone() {
                let code = self.code(k);
                if code != ABSENT {
                    places[usize::from(IN_TITLE - code)].push(k as u32);
                }
            }
        }
        let weights = [TITLE_WEIGHT, SOURCE_WEIGHT, TEXT_WEIGHT];
        Buckets::of_lists(weights.into_iter().zip(places))
    }
}

/// The characters held by at least one in [`MIN_SHARE`] of a sample of entries, the
/// most common first, at most [`MAX_CHARS`].
fn common_chars(slab: &Slab, release: &impl Fn(Range<usize>)) -> Vec<char> {
    let count = slab.entries.len();
    let step = count.div_ceil(SAMPLE).max(1);
    let sampled = count.div_ceil(step);
    // Per character: sampled entries holding it, and the last one counted.
    let mut seen: HashMap<char, (usize, usize)> = HashMap::new();
    for k in (0..count).step_by(step) {
        if k > 0 && (k / step).is_multiple_of(RELEASE_SAMPLED) {
            // The sample reads pages all over the text: those behind it go.
            release(slab.span(&(k - RELEASE_SAMPLED * step..k)));
        }
        let Ok(text) = std::str::from_utf8(slab.entry_bytes(k)) else {
            continue;
        };
        for c in text.chars() {
            let (entries, last) = seen.entry(c).or_insert((0, usize::MAX));
            if *last != k {
                (*entries, *last) = (*entries + 1, k);
            }
        }
    }
    let mut common: Vec<(usize, char)> = seen
        .into_iter()
        .filter(|&(c, (entries, _))| entries * MIN_SHARE >= sampled && c != super::FIELD_SEPARATOR)
        .map(|(c, (entries, _))| (entries, c))
        .collect();
    common.sort_unstable_by(|a, b| b.cmp(a));
    common.truncate(MAX_CHARS);
    common.into_iter().map(|(_, c)| c).collect()
}

/// The tables of entries `range`, each `range.len().div_ceil(4)` bytes, one per slot.
fn codes_of(slab: &Slab, range: Range<usize>, slots: &HashMap<char, usize>) -> Vec<u8> {
    let width = range.len().div_ceil(4);
    let mut codes = vec![0u8; width * slots.len()];
    let mut ascii = [usize::MAX; 128];
    for (&c, &slot) in slots {
        if c.is_ascii() {
            ascii[c as usize] = slot;
        }
    }
    for (i, k) in range.clone().enumerate() {
        let record: &EntryRecord = &slab.entries[k];
        let start = record.start as usize;
        let Ok(text) = std::str::from_utf8(slab.entry_bytes(k)) else {
            continue;
        };
        for (at, c) in text.char_indices() {
            let slot = if c.is_ascii() {
                ascii[c as usize]
            } else {
                slots.get(&c).copied().unwrap_or(usize::MAX)
            };
            if slot == usize::MAX {
                continue;
            }
            let byte = &mut codes[slot * width + i / 4];
            let shift = 2 * (i % 4);
            if (*byte >> shift) & 3 == ABSENT {
                let at = start + at;
                let code = if at < record.source as usize {
                    IN_TITLE
                } else if at < record.rest as usize {
                    IN_SOURCE
                } else {
                    IN_TEXT
                };
                *byte |= code << shift;
            }
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::super::{Index, Query, Scope};
    use crate::testing::fixture::{cjk_library, synthetic_library};

    /// Every character with a table, and some without, alone and with filters, in
    /// and out of an issue: the tables answer as the scan does.
    fn tables_answer_like_the_scan(index: &Index, current_issue: usize) {
        let chars = &index.unigrams.chars;
        assert!(chars.len() > 8, "{chars:?}");
        let others = ['\u{10ffff}', 'z', '量', '🙂', 'q'];
        for c in chars.iter().chain(&others) {
            for text in [
                format!("{c}"),
                format!("{}", c.to_uppercase()),
                format!("{c} section:论文"),
                format!("{c} date:2100-0 -in:this"),
                format!("{c} in:this"),
            ] {
                let query = Query::parse(&text);
                for scope in [
                    Scope::default(),
                    Scope {
                        current_issue: Some(current_issue),
                    },
                ] {
                    let hits = index.search(&query, scope);
                    assert_eq!(hits, index.search_scanning_all(&query, scope), "{text}");
                }
            }
        }
    }

    #[test]
    fn one_character_queries_answer_like_the_scan() {
        let mut index = Index::build(&cjk_library());
        index.add_keystroke_tables();
        tables_answer_like_the_scan(&index, 1);
        let mut index = Index::build(&synthetic_library(60));
        index.add_keystroke_tables();
        tables_answer_like_the_scan(&index, 30);
        let hits = index.search(&Query::parse("量"), Scope::default());
        assert!(hits.len() > 100 && hits[0].score > hits[hits.len() - 1].score);
    }

    #[test]
    fn an_index_read_back_gets_the_same_tables() {
        let mut index = Index::build(&synthetic_library(20));
        let mut loaded = Index::from_bytes(&index.to_bytes()).unwrap();
        assert!(index.unigrams.chars.is_empty() && loaded.unigrams.chars.is_empty());
        index.add_keystroke_tables();
        loaded.add_keystroke_tables();
        assert_eq!(loaded.unigrams.chars, index.unigrams.chars);
        assert_eq!(loaded.unigrams.codes, index.unigrams.codes);
    }

    #[test]
    fn tables_are_two_bits_an_entry_per_character() {
        let mut index = Index::build(&synthetic_library(50));
        index.add_keystroke_tables();
        let unigrams = &index.unigrams;
        assert!(unigrams.chars.len() <= super::MAX_CHARS);
        assert_eq!(unigrams.stride, index.entries.len().div_ceil(4));
        assert_eq!(unigrams.codes.len(), unigrams.stride * unigrams.chars.len());
    }
}
