//! Byte frequencies of the folded text, to look for a term's rarest bytes first.

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem::{Finder, FinderBuilder};

use super::needle::ShortFinder;

/// How common each byte is in the folded buffer (0 rarest, 255 most common), so that
/// substring search looks first for the bytes of a term that are rarest in this
/// library rather than in English text: a large gain for Chinese.
#[derive(Debug, Clone, Copy)]
pub(super) struct ByteRanks([u8; 256]);

impl Default for ByteRanks {
    fn default() -> Self {
        ByteRanks([128; 256])
    }
}

impl ByteRanks {
    pub(super) fn of(text: &[u8]) -> ByteRanks {
        let counts = byte_counts(text);
        let mut order: Vec<u8> = (0..=255).collect();
        order.sort_by_key(|&b| counts[b as usize]);
        let mut ranks = [0; 256];
        for (rank, &byte) in order.iter().enumerate() {
            ranks[byte as usize] = rank as u8;
        }
        ByteRanks(ranks)
    }

    pub(super) fn to_bytes(self) -> [u8; 256] {
        self.0
    }

    pub(super) fn from_bytes(ranks: [u8; 256]) -> ByteRanks {
        ByteRanks(ranks)
    }

    pub(super) fn short_finder(self, needle: &str) -> ShortFinder {
        ShortFinder::new(needle.as_bytes(), |b| self.rank(b))
    }

    pub(super) fn finder(self, needle: &str) -> Finder<'static> {
        FinderBuilder::new()
            .build_forward_with_ranker(self, needle.as_bytes())
            .into_owned()
    }
}

/// How often each byte occurs in `text`. Four tables, filled in turn, let the
/// increments of neighbouring bytes proceed side by side: a run of one byte (CJK text
/// repeats its lead bytes) would otherwise wait on each previous increment.
fn byte_counts(text: &[u8]) -> [u64; 256] {
    let mut tables = [[0u32; 256]; 4];
    let mut counts = [0u64; 256];
    // u32 counts cannot overflow within a chunk of less than 2^32 bytes per table.
    for chunk in text.chunks(1 << 30) {
        let mut quads = chunk.chunks_exact(4);
        for quad in &mut quads {
            for (table, &byte) in tables.iter_mut().zip(quad) {
                table[byte as usize] += 1;
            }
        }
        for &byte in quads.remainder() {
            tables[0][byte as usize] += 1;
        }
        for table in &mut tables {
            for (count, n) in counts.iter_mut().zip(table.iter_mut()) {
                *count += u64::from(std::mem::take(n));
            }
        }
    }
    counts
}

impl HeuristicFrequencyRank for ByteRanks {
    fn rank(&self, byte: u8) -> u8 {
        self.0[byte as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::byte_counts;

    proptest::proptest! {
        #[test]
        fn byte_counts_are_a_plain_count(text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let mut plain = [0u64; 256];
            for &byte in &text {
                plain[byte as usize] += 1;
            }
            proptest::prop_assert_eq!(byte_counts(&text), plain);
        }
    }
}
