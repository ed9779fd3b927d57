//! Display widths, measured over grapheme clusters. Segmenting text into clusters is
//! the slow part; most text in a newsletter (ASCII, CJK ideographs, kana, fullwidth
//! forms, common punctuation) is made of characters that are clusters of their own
//! whatever their neighbours ([`stands_alone`]), so only the pieces of text around
//! other characters are segmented by the Unicode rules.

use unicode_segmentation::{GraphemeIndices, UnicodeSegmentation};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of one grapheme cluster (0, 1 or 2 columns).
pub fn grapheme_width(grapheme: &str) -> usize {
    grapheme.width().min(2)
}

/// Display width of a string, summed over its grapheme clusters.
pub fn display_width(text: &str) -> usize {
    // Printable ASCII is one column per byte.
    if is_printable_ascii(text) {
        return text.len();
    }
    match alone_prefix(text, usize::MAX) {
        (end, width) if end == text.len() => width,
        (end, width) => {
            width
                + Graphemes::after(text, end)
                    .map(|(_, _, w)| w)
                    .sum::<usize>()
        }
    }
}

/// True when `text` fits in `columns` display columns: [`display_width`]`(text) <=
/// columns`, at a cost bounded by `columns` rather than by the length of `text`.
pub fn fits(text: &str, columns: usize) -> bool {
    // A cluster is never wider than its bytes are long.
    if text.len() <= columns {
        return true;
    }
    let (end, mut used) = alone_prefix(text, columns.saturating_add(1));
    if used > columns {
        return false;
    }
    for (_, _, width) in Graphemes::after(text, end) {
        used += width;
        if used > columns {
            return false;
        }
    }
    true
}

/// The longest prefix of `text` that fits in `width` columns, and its width.
pub fn take_columns(text: &str, width: usize) -> (&str, usize) {
    let (end, mut used) = alone_prefix(text, width);
    for (start, _, w) in Graphemes::after(text, end) {
        if used + w > width {
            return (&text[..start], used);
        }
        used += w;
    }
    (text, used)
}

/// The longest prefix of `text` made of characters that [`stands_alone`], followed by
/// one too (or by nothing), and at most `columns` wide; its length and width. The
/// rest of the text starts at a cluster boundary.
fn alone_prefix(text: &str, columns: usize) -> (usize, usize) {
    let (mut at, mut used) = (0, 0);
    let Some(mut current) = alone_at(text, 0) else {
        return (0, 0);
    };
    loop {
        let (len, width) = current;
        let next = alone_at(text, at + len);
        if (next.is_none() && at + len < text.len()) || used + width > columns {
            return (at, used);
        }
        used += width;
        at += len;
        match next {
            Some(next) => current = next,
            None => return (at, used),
        }
    }
}

/// The length and [`alone_width`] of the character at byte `at` of `text` (a
/// character boundary) when it [`stands_alone`]; None when it does not, or at the
/// end. Printable ASCII and most unified ideographs, the bulk of a digest's text,
/// are told by their first byte.
fn alone_at(text: &str, at: usize) -> Option<(usize, usize)> {
    match text.as_bytes().get(at)? {
        b' '..=b'~' => Some((1, 1)),
        // U+5000..=U+9FFF: all CJK unified ideographs.
        0xe5..=0xe9 => Some((3, 2)),
        _ => {
            let c = text[at..].chars().next()?;
            stands_alone(c).then(|| (c.len_utf8(), alone_width(c)))
        }
    }
}

fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// True for characters that form a grapheme cluster of their own next to any other
/// such character, under every rule of UAX #29 (they are neither CR nor LF, nor
/// Extend, SpacingMark, ZWJ, Prepend, Regional_Indicator or Hangul jamo or
/// syllables, nor an Indic conjunct consonant): between two of them there is always
/// a cluster boundary. The tests check every one of them.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        // Latin-1, but the soft hyphen (a control for segmenting).
        | '\u{a0}'..='\u{ac}' | '\u{ae}'..='\u{ff}'
        // Dashes, quotes, bullets, ellipsis; then per mille to the punctuation before
        // the invisible operators.
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
        // CJK symbols and punctuation but the tone marks U+302A..U+302F (Extend).
        | '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303f}'
        // Kana but the combining sound marks U+3099, U+309A (Extend).
        | '\u{3041}'..='\u{3096}' | '\u{309b}'..='\u{30ff}'
        // CJK ideographs (extension A, then the unified block).
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        // Fullwidth ASCII and brackets (not the halfwidth sound marks U+FF9E, U+FF9F).
        | '\u{ff01}'..='\u{ff60}'
    )
}

/// The width of a character that [`stands_alone`], as [`grapheme_width`] of it alone.
fn alone_width(c: char) -> usize {
    match c {
        ' '..='~' => 1,
        '\u{4e00}'..='\u{9fff}' => 2,
        _ => c.width().unwrap_or(0).min(2),
    }
}

/// The grapheme clusters of a text with their byte offsets and widths, the same as
/// `grapheme_indices(true)` with [`grapheme_width`], without segmenting runs of
/// characters that [`stands_alone`].
struct Graphemes<'a> {
    text: &'a str,
    /// Where the rest of the text starts, after the piece being segmented if any.
    at: usize,
    /// A piece of text being segmented, and where it starts.
    piece: Option<(usize, GraphemeIndices<'a>)>,
}

impl<'a> Graphemes<'a> {
    /// The clusters of `text` from byte `at`, a cluster boundary.
    fn after(text: &'a str, at: usize) -> Graphemes<'a> {
        Graphemes {
            text,
            at,
            piece: None,
        }
    }
}

impl<'a> Iterator for Graphemes<'a> {
    /// (byte offset, cluster, display width)
    type Item = (usize, &'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((base, clusters)) = &mut self.piece {
            if let Some((at, cluster)) = clusters.next() {
                return Some((*base + at, cluster, grapheme_width(cluster)));
            }
            self.piece = None;
        }
        let start = self.at;
        let rest = &self.text[start..];
        let mut chars = rest.chars();
        let c = chars.next()?;
        if stands_alone(c) && chars.next().is_none_or(stands_alone) {
            self.at += c.len_utf8();
            return Some((start, &rest[..c.len_utf8()], alone_width(c)));
        }
        // Segmented up to the next boundary between two characters that stand alone:
        // the rules never look back past the first of them, nor ahead past the second.
        self.at = start + piece_len(rest);
        self.piece = Some((start, self.text[start..self.at].grapheme_indices(true)));
        self.next()
    }
}

/// The length of the piece `text` starts with that ends between two characters that
/// [`stands_alone`] (or at the end).
fn piece_len(text: &str) -> usize {
    let mut previous_alone = false;
    for (at, c) in text.char_indices() {
        let alone = stands_alone(c);
        if alone && previous_alone {
            return at;
        }
        previous_alone = alone;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn alone_chars() -> impl DoubleEndedIterator<Item = char> {
        ('\0'..=char::MAX).filter(|&c| stands_alone(c))
    }

    /// Clusters and widths by the Unicode rules alone.
    fn segmented(text: &str) -> Vec<(usize, &str, usize)> {
        text.grapheme_indices(true)
            .map(|(at, cluster)| (at, cluster, grapheme_width(cluster)))
            .collect()
    }

    #[test]
    fn characters_that_stand_alone_are_clusters_of_their_own_next_to_each_other() {
        // An Extend or SpacingMark character would join the one before it, a
        // Prepend one the one after: in code point order, each has other neighbours.
        let all: String = alone_chars().collect();
        let backwards: String = alone_chars().rev().collect();
        let doubled: String = alone_chars().flat_map(|c| [c, c]).collect();
        for text in [&all, &backwards, &doubled] {
            assert_eq!(text.graphemes(true).count(), text.chars().count());
        }
        for c in alone_chars() {
            assert!(!c.is_control(), "{c:?}");
            assert_eq!(alone_width(c), grapheme_width(c.encode_utf8(&mut [0; 4])));
        }
    }

    #[test]
    fn widths_of_mixed_text() {
        assert_eq!(display_width("嵌入式AI"), 8);
        assert_eq!(display_width("👩‍💻 e\u{301}量\u{302a}化"), 8);
        assert_eq!(display_width("🇨🇳🇫🇷a\r\nb"), 7);
        assert!(fits("嵌入式AI", 8) && !fits("嵌入式AI", 7));
        assert_eq!(take_columns("量化👩‍💻x", 5), ("量化", 4));
        assert_eq!(take_columns("量化👩‍💻x", 6), ("量化👩‍💻", 6));
    }

    /// Characters around every rule: those that stand alone, marks, joiners, emoji,
    /// flags, Hangul, Indic conjuncts, controls.
    fn tricky_text() -> impl Strategy<Value = String> {
        let pick = prop::sample::select(vec![
            'a', ' ', '量', '，', '“', '…', 'ｱ', 'か', '\u{3099}', '\u{302a}', '\u{ff9e}',
            '\u{301}', '\u{200d}', '\u{fe0f}', '👩', '💻', '©', '🇨', '🇳', '\r', '\n', '\t',
            '\u{ad}', '\u{1100}', '\u{1161}', '\u{11a8}', '가', 'क', '\u{94d}', 'ष', '\u{93f}',
            '\u{600}', 'ก', '\u{e33}', '\u{2028}', '\u{200b}', 'é', '字', '\u{fe00}', '\u{4dc0}',
            '\u{4e00}', '\u{4fff}', '\u{5000}', '\u{9fff}', '\u{a000}', '~', '\u{7f}',
        ]);
        let any = any::<char>();
        prop::collection::vec(prop_oneof![4 => pick, 1 => any], 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn the_fast_path_agrees_with_the_unicode_rules(text in tricky_text(), columns in 0usize..30) {
            let fast: Vec<_> = Graphemes::after(&text, 0).collect();
            let slow = segmented(&text);
            prop_assert_eq!(&fast, &slow);
            let width: usize = slow.iter().map(|&(_, _, w)| w).sum();
            prop_assert_eq!(display_width(&text), width);
            prop_assert_eq!(fits(&text, columns), width <= columns);
            let mut used = 0;
            let mut end = text.len();
            for &(at, _, w) in &slow {
                if used + w > columns {
                    end = at;
                    break;
                }
                used += w;
            }
            prop_assert_eq!(take_columns(&text, columns), (&text[..end], used));
        }
    }
}
