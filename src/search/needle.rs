//! Finding a term in short texts (one entry, one title). A general substring searcher
//! pays a setup cost on every call that dominates on ~100 bytes; here it is one
//! `memchr` for the term's rarest byte and a comparison.

use memchr::memchr;

#[derive(Debug, Clone)]
pub struct ShortFinder {
    needle: Box<[u8]>,
    /// Position in the needle of its rarest byte.
    anchor: usize,
}

impl ShortFinder {
    /// `rank` says how common a byte is (lower is rarer).
    pub fn new(needle: &[u8], rank: impl Fn(u8) -> u8) -> ShortFinder {
        let anchor = (0..needle.len())
            .min_by_key(|&i| rank(needle[i]))
            .unwrap_or(0);
        ShortFinder {
            needle: needle.into(),
            anchor,
        }
    }

    /// The first occurrence in `haystack`.
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        let byte = *self.needle.get(self.anchor)?;
        let mut at = self.anchor;
        while at < haystack.len() {
            let found = at + memchr(byte, &haystack[at..])?;
            let start = found - self.anchor;
            if haystack[start..].starts_with(&self.needle) {
                return Some(start);
            }
            at = found + 1;
        }
        None
    }
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
        ] {
            let found = finder(needle).find(haystack.as_bytes());
            assert_eq!(found, haystack.find(needle), "{needle} in {haystack}");
        }
    }
}
