//! Folding text for matching: NFKC, lowercase, every run of whitespace as one space,
//! control characters dropped. Query and text are folded the same way, so a plain
//! substring search on folded text is a case- and width-insensitive search.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Folded text and, for every folded byte, the original byte range it came from; of
/// the whole text, or (see [`Folded::fold_until`]) of its beginning only.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: String,
    /// The pieces the text was folded in, in order, those that fold to nothing left
    /// out.
    pieces: Vec<Piece>,
    /// How much of the original text is folded.
    end: usize,
    /// Whether all of it is.
    whole: bool,
}

/// A piece of folded text: a run copied byte for byte, or a character with its
/// combining marks.
#[derive(Debug)]
struct Piece {
    /// Where its folded bytes start.
    folded: usize,
    original: Range<usize>,
    copied: bool,
}

impl Piece {
    /// The original range of its folded byte `at`: the byte it was copied from, or
    /// the whole character.
    fn original_of(&self, at: usize) -> Range<usize> {
        if self.copied {
            let start = self.original.start + (at - self.folded);
            start..start + 1
        } else {
            self.original.clone()
        }
    }
}

impl Folded {
    /// Nothing folded yet, with room for about `bytes` bytes of folded text.
    pub fn with_capacity(bytes: usize) -> Folded {
        Folded {
            text: String::with_capacity(bytes),
            // A piece is a run of characters, or a character: a few bytes at least.
            pieces: Vec::with_capacity(bytes / 4),
            ..Folded::default()
        }
    }

    /// Folds `text`, remembering where each folded byte came from.
    pub fn new(text: &str) -> Folded {
        let mut folded = Folded::default();
        folded.fold_until(text, text.len());
        folded
    }

    /// Folds more of `text` (the text this was folded from so far), up to byte `until`
    /// at least, or to its end. What is folded is always the beginning of what
    /// [`Folded::new`] makes of the whole text, with the same original ranges.
    pub fn fold_until(&mut self, text: &str, until: usize) {
        let Folded {
            text: out, pieces, ..
        } = self;
        self.end = fold_pieces(text, self.end, until, out, |original, folded, copied| {
            // A copied run maps byte to byte; matches in it start and end on
            // character boundaries since the folded query is valid UTF-8.
            if !folded.is_empty() {
                pieces.push(Piece {
                    folded: folded.start,
                    original,
                    copied,
                });
            }
        });
        self.whole = self.end >= text.len();
    }

    /// The original range of folded byte `at` (of the text folded so far).
    fn original_of(&self, at: usize) -> Range<usize> {
        let piece = self.pieces.partition_point(|p| p.folded <= at) - 1;
        self.pieces[piece].original_of(at)
    }

    /// Where, in the original text, a match of a folded needle of up to `longest`
    /// bytes may be missing from the part folded so far: every match that starts
    /// before it is there. `usize::MAX` once the whole text is folded.
    pub fn settled(&self, longest: usize) -> usize {
        if self.whole {
            return usize::MAX;
        }
        // A match not wholly folded yet starts at this folded byte or later.
        let first_missing = (self.text.len() + 1).saturating_sub(longest);
        if first_missing < self.text.len() {
            self.original_of(first_missing).start
        } else {
            self.end
        }
    }

    /// The original byte range covering folded bytes `range` (never splits a character).
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        self.original_of(range.start).start..self.original_of(range.end - 1).end
    }
}

/// Appends the folded form of `text` to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    fold_pieces(text, 0, usize::MAX, out, |_, _, _| {});
}

/// The folded form of `text`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Folds `text` from byte `from` (where a previous call stopped) into `out`, calling
/// `on_piece(original range, folded range, copied)` for each piece: a run of
/// characters that fold to themselves (but for ASCII case), copied at once, or one
/// character with the combining marks that follow it (NFKC composes within such a
/// cluster). Stops after the piece that reaches byte `until`, and says where.
fn fold_pieces(
    text: &str,
    from: usize,
    until: usize,
    out: &mut String,
    mut on_piece: impl FnMut(Range<usize>, Range<usize>, bool),
) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() && at < until {
        let before = out.len();
        let run = copied_run_end(text, at, until);
        let end = if run > at {
            out.push_str(&text[at..run]);
            out[before..].make_ascii_lowercase();
            run
        } else if bytes[at].is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii) {
            push_ascii(bytes[at], out);
            at + 1
        } else {
            let end = cluster_end(text, at);
            push_cluster(&text[at..end], out);
            end
        };
        on_piece(at..end, before..out.len(), run > at);
        at = end;
    }
    at
}

/// End of the run from `start` of printable ASCII, single spaces between them and
/// characters that fold to themselves, leaving out a last character that a combining
/// mark follows. A run that goes on past `until` may end at any of its characters from
/// there: the run from that character on is the rest of it.
fn copied_run_end(text: &str, start: usize, until: usize) -> usize {
    let mut last_start = start;
    // A space folds to itself after a copied character, since folding keeps one space
    // of a run of whitespace; a run does not start with one.
    let mut space_copies = false;
    for (offset, c) in text[start..].char_indices() {
        let plain = if c.is_ascii() {
            c.is_ascii_graphic() || (c == ' ' && space_copies)
        } else {
            folds_to_itself(c)
        };
        space_copies = c != ' ';
        if plain && offset > 0 && start + offset >= until {
            return start + offset;
        }
        if !plain {
            let at = start + offset;
            return if is_starter(c) { at } else { last_start };
        }
        last_start = start + offset;
    }
    text.len()
}

fn push_ascii(byte: u8, out: &mut String) {
    if byte.is_ascii_whitespace() {
        push_space(out);
    } else if !byte.is_ascii_control() {
        out.push(byte.to_ascii_lowercase() as char);
    }
}

fn push_space(out: &mut String) {
    if !out.ends_with(' ') {
        out.push(' ');
    }
}

/// End of the character at `start` and the combining marks that follow it.
fn cluster_end(text: &str, start: usize) -> usize {
    let mut chars = text[start..].char_indices();
    chars.next();
    for (offset, c) in chars {
        if is_starter(c) {
            return start + offset;
        }
    }
    text.len()
}

fn push_cluster(cluster: &str, out: &mut String) {
    let mut chars = cluster.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        if folds_to_itself(c) {
            out.push(c);
            return;
        }
        if let Some(ascii) = full_width_ascii(c) {
            push_ascii(ascii, out);
            return;
        }
    }
    for c in cluster.nfkc() {
        if c.is_whitespace() {
            push_space(out);
        } else if !c.is_control() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Characters that NFKC and lowercasing leave alone and that combine with nothing:
/// the bulk of CJK text, checked first so that Chinese folds at copying speed.
fn folds_to_itself(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{3001}'..='\u{3002}' // 、。
        | '\u{3008}'..='\u{3011}' // 〈〉《》「」『』【】
        | '\u{2013}'..='\u{2014}' // – —
        | '\u{2018}'..='\u{201F}' // ‘ ’ “ ” and kin
        | '\u{3041}'..='\u{3096}' // hiragana
        | '\u{AC00}'..='\u{D7A3}' // hangul syllables
    )
}

/// NFKC of the full-width forms of ASCII (`，` `：` `（` `Ｔ`) is plain ASCII.
fn full_width_ascii(c: char) -> Option<u8> {
    let code = u32::from(c);
    (0xFF01..=0xFF5E)
        .contains(&code)
        .then(|| (code - 0xFEE0) as u8)
}

/// Whether `c` never combines with the character before it.
fn is_starter(c: char) -> bool {
    c < '\u{300}' || folds_to_itself(c) || canonical_combining_class(c) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_punctuation() {
        assert_eq!(fold("ＴＶＭ"), "tvm");
        assert_eq!(fold("TVM，低比特量化"), "tvm,低比特量化");
        assert_eq!(fold("（Paddle Lite）"), "(paddle lite)");
        assert_eq!(fold("ﬁle"), "file");
    }

    #[test]
    fn folds_whitespace_runs_and_drops_controls() {
        assert_eq!(fold("a \n\t b\u{3000}c"), "a b c");
        assert_eq!(fold("a\u{7}b\u{9b}c"), "abc");
    }

    #[test]
    fn composes_combining_marks_like_nfkc() {
        assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
        assert_eq!(fold("E\u{301}"), "\u{e9}");
    }

    #[test]
    fn fast_paths_agree_with_nfkc_and_lowercase() {
        let slow =
            |c: char| -> String { c.to_string().nfkc().flat_map(char::to_lowercase).collect() };
        for code in 0..=0x10FFFF {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if folds_to_itself(c) {
                assert_eq!(slow(c), c.to_string(), "U+{code:04X}");
                assert_eq!(canonical_combining_class(c), 0, "U+{code:04X}");
            }
            if let Some(ascii) = full_width_ascii(c) {
                assert_eq!(
                    slow(c),
                    (ascii as char).to_lowercase().to_string(),
                    "U+{code:04X}"
                );
            }
            if c < '\u{300}' {
                assert_eq!(canonical_combining_class(c), 0, "U+{code:04X}");
            }
        }
    }

    #[test]
    fn fold_into_appends() {
        let mut out = String::from("x|");
        fold_into("ＴＶＭ  低比特量化", &mut out);
        assert_eq!(out, "x|tvm 低比特量化");
    }

    #[test]
    fn maps_folded_ranges_back_to_whole_characters() {
        let folded = Folded::new("xＴＶＭy");
        assert_eq!(folded.text, "xtvmy");
        assert_eq!(folded.original(1..4), 1..10);
        assert_eq!(folded.original(2..3), 4..7);
        let ligature = Folded::new("ﬁ");
        assert_eq!(ligature.original(1..2), 0..3);
    }

    /// Characters around every rule of folding: copied runs, case, full width,
    /// ligatures, combining marks, whitespace runs, controls.
    fn folding_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pick = prop::sample::select(vec![
            'a', 'Z', ' ', '\n', '\t', '\u{7}', '量', '化', '，', 'Ｔ', 'ﬁ', '㍿', 'e', '\u{301}',
            '\u{323}', 'é', '“', '\u{3000}', 'ｶ', '\u{ff9e}', '가', 'İ',
        ]);
        prop::collection::vec(prop_oneof![6 => pick, 1 => any::<char>()], 0..60)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// Folding a character (with its combining marks) at a time, copying nothing.
    fn fold_piece_by_piece(text: &str) -> String {
        let (bytes, mut out, mut at) = (text.as_bytes(), String::new(), 0);
        while at < bytes.len() {
            if bytes[at].is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii) {
                push_ascii(bytes[at], &mut out);
                at += 1;
            } else {
                let end = cluster_end(text, at);
                push_cluster(&text[at..end], &mut out);
                at = end;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn copied_runs_fold_like_one_piece_at_a_time(text in folding_text()) {
            proptest::prop_assert_eq!(fold(&text), fold_piece_by_piece(&text));
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_in_steps_is_the_beginning_of_folding_at_once(
            text in folding_text(),
            steps in proptest::collection::vec(0usize..12, 1..8),
            longest in 1usize..8,
        ) {
            let whole = Folded::new(&text);
            let mut part = Folded::default();
            let mut until = 0;
            for step in steps.iter().chain(std::iter::repeat(&4)) {
                until += step;
                part.fold_until(&text, until);
                proptest::prop_assert!(whole.text.starts_with(&part.text));
                proptest::prop_assert!(part.end >= until.min(text.len()));
                for at in 0..part.text.len() {
                    proptest::prop_assert_eq!(part.original(at..at + 1), whole.original(at..at + 1));
                }
                if part.whole {
                    break;
                }
                // Any folded range not wholly folded yet starts at or after `settled`.
                let settled = part.settled(longest);
                for at in (part.text.len() + 1).saturating_sub(longest)..whole.text.len() {
                    proptest::prop_assert!(whole.original(at..at + 1).start >= settled);
                }
            }
            proptest::prop_assert_eq!(&part.text, &whole.text);
            proptest::prop_assert_eq!(part.settled(longest), usize::MAX);
        }
    }
}
