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
                for_each_gram(&text[span(b)], |hash| {
                    let bucket = bucket_of(hash, MAX_BITS);
                    set[bucket / 64] |= 1 << (bucket % 64);
                });
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
        let rows = |bucket: usize| Ok::<_, ()>(Cow::Borrowed(self.row(bucket)));
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
pub(super) fn for_each_gram(text: &[u8], mut f: impl FnMut(u64)) {
    let mut at = 0;
    while at < text.len() {
        let lead = text[at];
        let first = char_len(lead);
        let chars = if lead < 0x80 { 3 } else { 2 };
        let mut end = at + first;
        for _ in 1..chars {
            match text.get(end) {
                Some(&byte) => end += char_len(byte),
                None => return,
            }
        }
        let Some(window) = text.get(at..end) else {
            return;
        };
        if !window.iter().any(|&b| is_separator(b)) {
            f(hash(window));
        }
        at += first;
    }
}

fn is_separator(byte: u8) -> bool {
    byte == FIELD_SEPARATOR as u8 || byte == ENTRY_SEPARATOR as u8
}

/// Length of the UTF-8 character led by `byte` (1 for a stray continuation byte).
fn char_len(byte: u8) -> usize {
    match byte {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// A hash of a window of at most 12 bytes whose high bits are well mixed.
fn hash(window: &[u8]) -> u64 {
    let mut low = [0u8; 8];
    let mut high = [0u8; 8];
    let split = window.len().min(8);
    low[..split].copy_from_slice(&window[..split]);
    high[..window.len() - split].copy_from_slice(&window[split..]);
    let high = u64::from_le_bytes(high) ^ ((window.len() as u64) << 56);
    let mixed = (u64::from_le_bytes(low) ^ high.wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
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
            if window.chars().count() == chars && !window.bytes().any(is_separator) {
                out.push(window);
            }
        }
        out
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
}
