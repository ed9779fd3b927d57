//! Finding a term in short texts (one entry, one title). A general substring searcher
//! pays a setup cost on every call that dominates on ~100 bytes; here it is one
//! `memchr` for the term's rarest byte and a comparison.

use memchr::memchr;

#[derive(Debug, Clone)]
pub struct ShortFinder {
    needle: Box<[u8]>,
    /// Position in the needle of its rarest byte.
    anchor: usize,
    /// Position of its second rarest byte, checked before the whole needle.
    guard: usize,
    /// Looks for the anchor and the guard 32 bytes at a time, where the CPU can.
    #[cfg(target_arch = "x86_64")]
    pair: Option<memchr::arch::x86_64::avx2::packedpair::Finder>,
}

impl ShortFinder {
    /// `rank` says how common a byte is (lower is rarer).
    pub fn new(needle: &[u8], rank: impl Fn(u8) -> u8) -> ShortFinder {
        let by_rarity = |skip: Option<usize>| {
            (0..needle.len())
                .filter(|&i| Some(i) != skip)
                .min_by_key(|&i| rank(needle[i]))
        };
        let anchor = by_rarity(None).unwrap_or(0);
        let guard = by_rarity(Some(anchor)).unwrap_or(anchor);
        ShortFinder {
            needle: needle.into(),
            anchor,
            guard,
            #[cfg(target_arch = "x86_64")]
            pair: pair_finder(needle, anchor, guard),
        }
    }

    /// The first occurrence in `haystack`.
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(pair) = &self.pair
            && haystack.len() >= pair.min_haystack_len()
        {
            return pair.find(haystack, &self.needle);
        }
        self.find_scalar(haystack)
    }

    fn find_scalar(&self, haystack: &[u8]) -> Option<usize> {
        let needle = &self.needle[..];
        let (byte, guard) = (*needle.get(self.anchor)?, needle[self.guard]);
        let last_start = haystack.len().checked_sub(needle.len())?;
        let mut at = self.anchor;
        while at <= last_start + self.anchor {
            let found = at + memchr(byte, &haystack[at..=last_start + self.anchor])?;
            let start = found - self.anchor;
            // A loop, not a slice comparison: a call to memcmp costs more than a few bytes.
            if haystack[start + self.guard] == guard
                && needle.iter().zip(&haystack[start..]).all(|(a, b)| a == b)
            {
                return Some(start);
            }
            at = found + 1;
        }
        None
    }
}

#[cfg(target_arch = "x86_64")]
fn pair_finder(
    needle: &[u8],
    anchor: usize,
    guard: usize,
) -> Option<memchr::arch::x86_64::avx2::packedpair::Finder> {
    use memchr::arch::all::packedpair::Pair;
    let (anchor, guard) = (u8::try_from(anchor).ok()?, u8::try_from(guard).ok()?);
    let pair = Pair::with_indices(needle, anchor, guard)?;
    memchr::arch::x86_64::avx2::packedpair::Finder::with_pair(needle, pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(needle: &str) -> ShortFinder {
        // Rank bytes by value: the anchor is the needle's smallest byte.
        ShortFinder::new(needle.as_bytes(), |b| b)
    }

    #[test]
    fn finds_like_str_find() {
        for (haystack, needle) in [
            ("abcabcab", "cab"),
            ("aaaa", "aa"),
            ("低比特量化，量化", "量化"),
            ("x", "xy"),
            ("", "a"),
            ("tvm tvm", "tvm"),
            ("ab", "b"),
            ("ba", "ab"),
            ("abc", "abc"),
            ("xabc", "abc"),
            ("abcx", "abc"),
            ("ab", "abc"),
            ("aab", "ab"),
        ] {
            let found = finder(needle).find(haystack.as_bytes());
            assert_eq!(found, haystack.find(needle), "{needle} in {haystack}");
        }
    }

    #[test]
    fn finds_like_str_find_in_long_texts() {
        let filler = "模型 model ".repeat(12);
        for needle in ["int8", "量化", "ab", "model", "模型 m", "zz"] {
            for haystack in [
                format!("{filler}int8 量化{filler}"),
                format!("量化{filler}ab"),
                format!("{filler}{filler}"),
            ] {
                let found = finder(needle).find(haystack.as_bytes());
                assert_eq!(found, haystack.find(needle), "{needle} in {haystack}");
            }
        }
    }
}
