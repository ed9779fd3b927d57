//! Which blocks of the folded buffer can hold a term: a filter that spares a selective
//! query the scan of all text.
//!
//! The buffer is cut, between entries, into blocks of about [`BLOCK_BYTES`]. Every
//! *gram* of a block's text is hashed into one of `2^bits` buckets, and each bucket
//! keeps a bitset of the blocks holding one of its grams. A gram is a window of the
//! text starting at a character: three characters when that one is ASCII (a trigram
//! of a word), two otherwise (a bigram of CJK). Since a window is chosen by its own
//! content only, every gram of a term is a gram of any text holding the term: a block
//! whose bitset lacks one of a positive term's grams cannot match, and the blocks left
//! are scanned exactly as before. False positives cost a scan, never a wrong answer.

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;

use super::format::{HeldPart, IndexError};
use super::persist::u64s;
use super::{ENTRY_SEPARATOR, EntryRecord, FIELD_SEPARATOR};

/// Bytes of text a block holds, about: it ends at the first entry end past this.
pub(super) const BLOCK_BYTES: usize = 64 << 10;
/// Less text than this is scanned whole in well under a millisecond: a filter would
/// cost more memory than it saves time.
pub(super) const FILTERED_BYTES: usize = 1 << 20;
/// Grams are first hashed into `2^MAX_BITS` buckets per block, then folded to fewer.
const MAX_BITS: u32 = 16;
const MIN_BITS: u32 = 10;
/// Buckets per distinct gram of an average block: the filter's density is then about
/// 1 - e^(-1/4) = 22% (the chance that a gram absent from a block passes it).
const BUCKETS_PER_GRAM: usize = 4;
/// Buckets whose rows one task fills: a multiple of 64 and at most `2^MIN_BITS`.
const ROWS_PER_TASK: usize = 1 << MIN_BITS;

/// The filter: for each bucket, a bitset over blocks.
#[derive(Debug, Clone, Default)]
pub(super) struct Grams {
    /// `log2` of the bucket count; 0 when there is no filter (and no rows).
    pub bits: u32,
    /// First entry of each block; a block runs to the next one's first entry.
    pub starts: Vec<u32>,
    /// Entries in all: the end of the last block.
    pub entries: u32,
    /// Words per bucket: one bit per block.
    pub words: usize,
    /// `words` words for each bucket, bucket after bucket (empty in a filter whose
    /// rows are read from a file).
    pub rows: Vec<u64>,
    /// The rows where they lie in a mapped index file, as little-endian words, when
    /// they are held there rather than in `rows`.
    pub held_rows: Option<HeldPart>,
}

impl Grams {
    /// The filter of `text`, whose entries are `entries`, by blocks of about
    /// `block_bytes`; blocks without filter (every block a candidate) when the text is
    /// shorter than `filtered_bytes`.
    pub(super) fn build(
        text: &[u8],
        entries: &[EntryRecord],
        block_bytes: usize,
        filtered_bytes: usize,
    ) -> Grams {
        if entries.is_empty() {
            return Grams::default();
        }
        let starts = block_starts(entries, block_bytes);
        let words = starts.len().div_ceil(64);
        if text.len() < filtered_bytes {
            return Grams {
                bits: 0,
                starts,
                entries: entries.len() as u32,
                words,
                rows: Vec::new(),
                held_rows: None,
            };
        }
        let span = |b: usize| {
            let first = entries[starts[b] as usize].start as usize;
            let end = starts
                .get(b + 1)
                .map_or(text.len(), |&next| entries[next as usize].start as usize);
            first..end
        };
        let mut sets: Vec<Vec<u64>> = (0..starts.len())
            .into_par_iter()
            .map(|b| {
                let mut set = vec![0u64; (1 << MAX_BITS) / 64];
                insert_grams(&text[span(b)], &mut set);
                set
            })
            .collect();
        let bits = bits_for(&sets);
        sets.par_iter_mut().for_each(|set| fold_set(set, bits));
        let mut rows = vec![0u64; (1 << bits) * words];
        rows.par_chunks_mut(ROWS_PER_TASK * words)
            .enumerate()
            .for_each(|(task, chunk)| fill_rows(chunk, task * ROWS_PER_TASK, words, &sets));
        Grams {
            bits,
            starts,
            entries: entries.len() as u32,
            words,
            rows,
            held_rows: None,
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.starts.capacity() * size_of::<u32>() + self.rows.capacity() * size_of::<u64>()
    }

    /// Runs of entries in the blocks that can hold every one of `terms` (folded), in
    /// order; `None` when the terms have no gram to filter by, so that every block can.
    pub(super) fn candidates<'t>(
        &self,
        terms: impl Iterator<Item = &'t [u8]>,
    ) -> Option<Vec<Range<usize>>> {
        let rows = |bucket: usize| match &self.held_rows {
            None => Ok(Cow::Borrowed(self.row(bucket))),
            Some(held) => {
                let row_bytes = self.words * 8;
                let row = held
                    .bytes()
                    .get(bucket * row_bytes..(bucket + 1) * row_bytes);
                u64s(row.ok_or(IndexError::Damaged("a row"))?).map(Cow::Owned)
            }
        };
        let blocks = self.blocks_with(terms, rows).ok()??;
        Some(self.runs_of(&blocks))
    }

    /// The blocks (a bitset) that can hold every one of `terms`, with bucket rows
    /// from `row`; `None` when the terms have no gram to filter by.
    pub(super) fn blocks_with<'t, 'r, E>(
        &self,
        terms: impl Iterator<Item = &'t [u8]>,
        mut row: impl FnMut(usize) -> Result<Cow<'r, [u64]>, E>,
    ) -> Result<Option<Vec<u64>>, E> {
        if self.bits == 0 {
            return Ok(None);
        }
        let mut buckets = Vec::new();
        for term in terms {
            for_each_gram(term, |hash| buckets.push(bucket_of(hash, self.bits)));
        }
        buckets.sort_unstable();
        buckets.dedup();
        let mut blocks: Option<Vec<u64>> = None;
        for bucket in buckets {
            let row = row(bucket)?;
            match &mut blocks {
                Some(blocks) => blocks.iter_mut().zip(row.iter()).for_each(|(b, r)| *b &= r),
                None => blocks = Some(row.into_owned()),
            }
        }
        Ok(blocks)
    }

    /// Entries of block `b`.
    pub(super) fn block(&self, b: usize) -> Range<usize> {
        let end = self.starts.get(b + 1).copied().unwrap_or(self.entries);
        self.starts[b] as usize..end as usize
    }

    fn row(&self, bucket: usize) -> &[u64] {
        &self.rows[bucket * self.words..(bucket + 1) * self.words]
    }

    /// The entries of the blocks set in `blocks`, consecutive blocks as one run.
    pub(super) fn runs_of(&self, blocks: &[u64]) -> Vec<Range<usize>> {
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (w, &word) in blocks.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let b = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                let Some(&first) = self.starts.get(b) else {
                    return runs;
                };
                let first = first as usize;
                let end = self.starts.get(b + 1).copied().unwrap_or(self.entries) as usize;
                match runs.last_mut() {
                    Some(last) if last.end == first => last.end = end,
                    _ => runs.push(first..end),
                }
            }
        }
        runs
    }
}

/// The first entry of each block: a block takes entries until it holds `block_bytes`.
fn block_starts(entries: &[EntryRecord], block_bytes: usize) -> Vec<u32> {
    let mut starts = vec![0u32];
    let mut block_start = entries[0].start as usize;
    for (k, entry) in entries.iter().enumerate().skip(1) {
        if entry.start as usize - block_start >= block_bytes {
            starts.push(k as u32);
            block_start = entry.start as usize;
        }
    }
    starts
}

/// Bucket bits giving about [`BUCKETS_PER_GRAM`] buckets per gram of an average block.
fn bits_for(sets: &[Vec<u64>]) -> u32 {
    let grams: usize = sets
        .iter()
        .map(|set| set.iter().map(|w| w.count_ones() as usize).sum::<usize>())
        .sum();
    let wanted = (grams / sets.len()).max(1) * BUCKETS_PER_GRAM;
    wanted
        .next_power_of_two()
        .trailing_zeros()
        .clamp(MIN_BITS, MAX_BITS)
}

/// Folds a set of `2^MAX_BITS` buckets onto its first `2^bits`: a bucket is the low
/// bits of the full one.
fn fold_set(set: &mut Vec<u64>, bits: u32) {
    let kept = (1usize << bits) / 64;
    for w in kept..set.len() {
        set[w % kept] |= set[w];
    }
    set.truncate(kept);
    set.shrink_to_fit();
}

/// Sets the bits of the blocks in `chunk`, the rows of the buckets from `first`.
fn fill_rows(chunk: &mut [u64], first: usize, words: usize, sets: &[Vec<u64>]) {
    let set_words = first / 64..(first + chunk.len() / words) / 64;
    for (b, set) in sets.iter().enumerate() {
        let (w, bit) = (b / 64, 1u64 << (b % 64));
        for (i, &word) in set[set_words.clone()].iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let bucket = i * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                chunk[bucket * words + w] |= bit;
            }
        }
    }
}

fn bucket_of(hash: u64, bits: u32) -> usize {
    ((hash >> (64 - MAX_BITS)) as usize) & ((1 << bits) - 1)
}

/// Calls `f` with the hash of every gram of folded `text`: the window of three
/// characters from each ASCII one, of two from each other one, that `text` holds
/// whole and that crosses no field or entry separator.
#[inline]
pub(super) fn for_each_gram(text: &[u8], mut f: impl FnMut(u64)) {
    for at in 0..text.len() {
        if let (hash, true) = gram_at(text, at) {
            f(hash);
        }
    }
}

/// Sets the bit of the bucket of every gram of `text` in `set` (of `2^MAX_BITS` bits).
/// Without branches: in mixed text, whether a byte starts a gram is hard to predict.
fn insert_grams(text: &[u8], set: &mut [u64]) {
    for at in 0..text.len() {
        let (hash, is_gram) = gram_at(text, at);
        let bucket = bucket_of(hash, MAX_BITS);
        set[bucket / 64] |= u64::from(is_gram) << (bucket % 64);
    }
}

/// The hash of the window from byte `at` of `text`, and whether it is a gram: a
/// character starts at `at`, and the window ends within `text` and holds no separator.
/// Every byte is looked at, those inside a character rejected: walking from
/// character to character would make each step wait for the one before.
#[inline]
fn gram_at(text: &[u8], at: usize) -> (u64, bool) {
    let word = match text.get(at..at + 16) {
        Some(sixteen) => u128::from_le_bytes(sixteen.try_into().unwrap_or([0; 16])),
        None => {
            let mut bytes = [0u8; 16];
            let rest = text.get(at..).unwrap_or_default();
            bytes[..rest.len()].copy_from_slice(rest);
            u128::from_le_bytes(bytes)
        }
    };
    let (hash, len, is_gram) = gram_in(word);
    (hash, is_gram & (at + len <= text.len()))
}

/// The window at the start of `word` (16 bytes of text, little-endian): its hash, its
/// length, and whether it starts with a character and holds no separator. Lengths
/// are computed, not branched on.
#[inline]
fn gram_in(word: u128) -> (u64, usize, bool) {
    let lead = word as u8;
    let first = char_len(lead);
    let second = first + char_len((word >> (8 * first)) as u8);
    let third = second + char_len((word >> (8 * second)) as u8);
    let len = if lead < 0x80 { third } else { second };
    let window = word & ((1u128 << (8 * len)) - 1);
    let (low, high) = (window as u64, (window >> 64) as u64);
    let is_gram = !is_continuation(lead) & !holds_separator(low) & !holds_separator(high);
    (mix(low, high, len), len, is_gram)
}

fn is_continuation(byte: u8) -> bool {
    (byte as i8) < -0x40
}

/// Length of the UTF-8 character led by `byte` (1 for a continuation byte).
#[inline]
fn char_len(byte: u8) -> usize {
    1 + usize::from(byte >= 0xC0) + usize::from(byte >= 0xE0) + usize::from(byte >= 0xF0)
}

/// Whether one of the bytes of `word` is a field or entry separator (0x1F or 0x1E):
/// the bytes that, less the high bit, are 0x1E once their lowest bit is cleared.
fn holds_separator(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    debug_assert_eq!(FIELD_SEPARATOR as u8 & !1, ENTRY_SEPARATOR as u8);
    let cleared = (word & !ONES) ^ (ONES * u64::from(ENTRY_SEPARATOR as u8));
    (cleared.wrapping_sub(ONES) & !cleared & HIGHS) != 0
}

fn mix(low: u64, high: u64, len: usize) -> u64 {
    let high = high ^ ((len as u64) << 56);
    let mixed =
        (low ^ high.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    mixed ^ (mixed >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows `for_each_gram` hashes, as text.
    fn grams(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            let chars = if c.is_ascii() { 3 } else { 2 };
            let window: String = text[i..].chars().take(chars).collect();
            let separator = window.bytes().any(|b| b == 0x1E || b == 0x1F);
            if window.chars().count() == chars && !separator {
                out.push(window);
            }
        }
        out
    }

    /// The hash of a whole window, read alone.
    fn hash(window: &[u8]) -> u64 {
        match gram_at(window, 0) {
            (hash, true) => hash,
            _ => panic!("not a gram: {window:?}"),
        }
    }

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        for_each_gram(text.as_bytes(), |h| out.push(h));
        out
    }

    #[test]
    fn grams_are_ascii_trigrams_and_other_bigrams() {
        assert_eq!(grams("int8"), ["int", "nt8"]);
        assert_eq!(grams("量化"), ["量化"]);
        assert_eq!(grams("a量化"), ["a量化", "量化"]);
        assert!(grams("量").is_empty() && grams("ab").is_empty());
        assert_eq!(grams("ab\u{1f}cd"), Vec::<String>::new());
        for text in [
            "int8",
            "量化",
            "a量化",
            "量",
            "ab",
            "tvm 量化模型 é🙂x",
            "ab\u{1f}cde",
        ] {
            let expected: Vec<u64> = grams(text).iter().map(|g| hash(g.as_bytes())).collect();
            assert_eq!(hashes(text), expected, "{text}");
        }
    }

    #[test]
    fn separators_are_found_in_any_byte() {
        for at in 0..8 {
            for byte in 0..=255u8 {
                let word =
                    (u64::from(byte) << (8 * at)) | 0x4141_4141_4141_4141 & !(0xFF << (8 * at));
                assert_eq!(
                    holds_separator(word),
                    byte == 0x1E || byte == 0x1F,
                    "{byte:x} at {at}"
                );
            }
        }
    }

    #[test]
    fn hashes_differ_by_content_and_length() {
        let all = [
            "abc",
            "abd",
            "量化",
            "化量",
            "a量化",
            "ab\u{0}",
            "🙂🙂",
            "a🙂🙂",
        ];
        let mut seen: Vec<u64> = all.iter().map(|g| hash(g.as_bytes())).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), all.len());
    }

    #[test]
    fn the_filter_leaves_out_blocks_without_the_term() {
        use crate::model::{Entry, Issue, Library, Section};
        let entry = |n: usize| {
            let summary = if n == 77 {
                "Winograd 卷积"
            } else {
                "低比特量化 int8"
            };
            Entry::new(&format!("第{n}条 model"), Some("知乎"), summary)
        };
        let library = Library::new(vec![Issue {
            sections: vec![Section {
                entries: (0..200).map(entry).collect(),
                ..Section::default()
            }],
            ..Issue::default()
        }]);
        let index = super::super::Index::build_with_block_bytes(&library, 256);
        let grams = &index.grams;
        assert!(grams.bits > 0 && grams.starts.len() > 20);
        let runs = grams.candidates([&b"winograd"[..]].into_iter()).unwrap();
        let kept: usize = runs.iter().map(|r| r.len()).sum();
        assert!(runs.iter().any(|r| r.contains(&77)), "{runs:?}");
        assert!(kept < 40, "{kept} entries kept of 200");
        assert!(
            grams
                .candidates([&b"in"[..], "量".as_bytes()].into_iter())
                .is_none()
        );
        let all = grams.candidates([&b"int8"[..]].into_iter()).unwrap();
        assert_eq!(all, vec![0..200]);
    }
}
