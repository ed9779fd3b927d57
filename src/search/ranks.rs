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
        let mut counts = [0u64; 256];
        for &byte in text {
            counts[byte as usize] += 1;
        }
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

impl HeuristicFrequencyRank for ByteRanks {
    fn rank(&self, byte: u8) -> u8 {
        self.0[byte as usize]
    }
}
