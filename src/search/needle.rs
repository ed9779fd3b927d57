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

    pub fn len(&self) -> usize {
        self.needle.len()
    }

    /// The first occurrence in `haystack`.
    pub fn find(&self, haystack: &[u8]) -> Option<usize> {
        self.find_from(haystack, 0)
    }

    /// Every occurrence, not overlapping, in order.
    pub fn find_iter<'a>(&'a self, haystack: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
        std::iter::successors(self.find(haystack), move |&at| {
            self.find_from(haystack, at + self.len())
        })
    }

    fn find_from(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let byte = *self.needle.get(self.anchor)?;
        let mut at = from + self.anchor;
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
    fn finds_like_str_match_indices() {
        for (haystack, needle) in [
            ("abcabcab", "cab"),
            ("aaaa", "aa"),
            ("低比特量化，量化", "量化"),
            ("x", "xy"),
            ("", "a"),
            ("tvm tvm", "tvm"),
        ] {
            let expected: Vec<usize> = haystack.match_indices(needle).map(|(i, _)| i).collect();
            let found: Vec<usize> = finder(needle).find_iter(haystack.as_bytes()).collect();
            assert_eq!(found, expected, "{needle} in {haystack}");
        }
    }
}
