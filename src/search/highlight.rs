//! Where a query matches inside one piece of text, for highlighting, and one-line
//! excerpts around the first match.

use std::ops::Range;

use memchr::memmem;
use unicode_segmentation::UnicodeSegmentation;

use super::fold::Folded;
use super::query::Query;
use crate::text::{display_width, fits, grapheme_width, take_columns};

const ELLIPSIS: &str = "…";
/// Bytes of a text folded at first for a snippet, besides three per column.
const FIRST_FOLD: usize = 64;

/// Byte ranges in `text` (the original, unfolded text) where a word or phrase of
/// `query` matches: sorted, merged when they touch, on character boundaries.
pub fn matches(text: &str, query: &Query) -> Vec<Range<usize>> {
    let terms = highlighted(query);
    if terms.is_empty() || text.is_empty() {
        return Vec::new();
    }
    found(&Folded::new(text), &terms)
}

/// The folded words and phrases of `query` that [`matches`] looks for.
fn highlighted(query: &Query) -> Vec<&str> {
    query.highlighted_terms().map(|t| t.text.as_str()).collect()
}

/// The merged ranges of the original text where `terms` match in `folded` (which may
/// be only the beginning of the text).
fn found(folded: &Folded, terms: &[&str]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for term in terms {
        for at in memmem::find_iter(folded.text.as_bytes(), term.as_bytes()) {
            ranges.push(folded.original(at..at + term.len()));
        }
    }
    merge(ranges)
}

/// Sorts ranges and merges those that overlap or touch, in place.
pub(crate) fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if !ranges.is_sorted_by_key(|r| r.start) {
        ranges.sort_by_key(|r| r.start);
    }
    ranges.dedup_by(|next, kept| {
        let touches = next.start <= kept.end;
        if touches {
            kept.end = kept.end.max(next.end);
        }
        touches
    });
    ranges
}

/// A one-line excerpt of `text` around its first match, at most `width` display
/// columns, with `…` where text was cut, and the match ranges within the excerpt.
/// Only as much of the text is made one line, folded and measured as the excerpt
/// needs.
pub fn snippet(text: &str, query: &Query, width: usize) -> (String, Vec<Range<usize>>) {
    if width == 0 {
        return (String::new(), Vec::new());
    }
    let terms = highlighted(query);
    if !terms.is_empty() {
        // The beginning of the text first (twice what a snippet near the start
        // folds), four times as much each time.
        let mut reach = 2 * (FIRST_FOLD + 3 * width);
        while let Some(cut) = clean_cut(text, reach) {
            if let Some(found) = line_snippet(&one_line(&text[..cut]), &terms, width, true) {
                return found;
            }
            reach = cut.saturating_mul(4);
        }
    }
    line_snippet(&one_line(text), &terms, width, false).unwrap_or_default()
}

/// The snippet of `line`, or, when it is `partial` (the [`one_line`] of a
/// [`clean_cut`] of the text), None unless the excerpt is settled before its end,
/// as it is then the same as from the whole text's line.
fn line_snippet(
    line: &str,
    terms: &[&str],
    width: usize,
    partial: bool,
) -> Option<(String, Vec<Range<usize>>)> {
    let longest = terms.iter().map(|t| t.len()).max().unwrap_or(0);
    // Enough for an excerpt near the start, then four times as much each time.
    let mut until = FIRST_FOLD + 3 * width;
    let mut folded = Folded::with_capacity(until.min(line.len()) + 8);
    loop {
        let settled = if terms.is_empty() {
            usize::MAX
        } else {
            folded.fold_until(line, until);
            folded.settled(longest)
        };
        // Folded to its end, a partial line tells nothing of what follows it.
        if partial && settled == usize::MAX {
            return None;
        }
        let ranges = found(&folded, terms);
        if let Some(excerpt) = excerpt(line, ranges, settled, width) {
            return Some(excerpt);
        }
        until = until.saturating_mul(4);
    }
}

/// Where to cut `text`, at or after byte `reach`, so that the [`one_line`] of what is
/// before is a beginning of the whole text's, which continues (if at all) with a
/// space or a CJK ideograph that no character before can join: after a visible ASCII
/// or CJK character (none of them joins what follows: unlike, say, a prepended mark),
/// before an ASCII space, a line break or an ideograph (which joins nothing before
/// it: unlike, say, a combining kana mark). None past the text's end or when there is
/// no such place soon after `reach`.
fn clean_cut(text: &str, reach: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = reach.saturating_mul(2).min(bytes.len());
    (reach.max(1)..end).find(|&at| {
        let next = match bytes[at] {
            b' ' | b'\n' => true,
            // The first byte of U+4E00..=U+9FFF, CJK Unified Ideographs.
            0xe4..=0xe9 => text.is_char_boundary(at) && is_ideograph(&text[at..]),
            _ => false,
        };
        next && text[..at].chars().next_back().is_some_and(|c| {
            c.is_ascii_graphic() || matches!(c, '\u{3001}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
        })
    })
}

/// Whether `text` starts with a CJK unified ideograph (of the basic block).
fn is_ideograph(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{4e00}'..='\u{9fff}'))
}

/// The excerpt of `line` given the merged `ranges` of the matches that start before
/// `settled` (and maybe some after); None when that is not enough to tell.
fn excerpt(
    line: &str,
    ranges: Vec<Range<usize>>,
    settled: usize,
    width: usize,
) -> Option<(String, Vec<Range<usize>>)> {
    let start = match ranges.first() {
        // A match not found yet could still extend the first one.
        Some(first) if first.end < settled => excerpt_start(line, first, width),
        None if settled == usize::MAX => 0,
        _ => return None,
    };
    let lead = if start > 0 { ELLIPSIS } else { "" };
    let budget = width - display_width(lead);
    let (kept, tail) = fitted(&line[start..], budget);
    let end = start + kept.len();
    if end > settled {
        return None;
    }
    let excerpt = format!("{lead}{kept}{tail}");
    let shift = lead.len();
    let visible = ranges
        .into_iter()
        .filter(|r| r.start >= start && r.start < end)
        .map(|r| r.start - start + shift..r.end.min(end) - start + shift)
        .collect();
    Some((excerpt, visible))
}

/// `text` when it fits in `width` columns, else as much as fits in one column less
/// and an ellipsis for the rest; measured once (a cut leaves a cluster boundary, so
/// the widths of its two sides add up).
fn fitted(text: &str, width: usize) -> (&str, &'static str) {
    let (kept, used) = take_columns(text, width.saturating_sub(1));
    if fits(&text[kept.len()..], width - used) {
        (text, "")
    } else {
        (kept, ELLIPSIS)
    }
}

/// Where the excerpt starts: at the beginning when the first match fits from there,
/// else a few columns of context before the match.
fn excerpt_start(line: &str, first: &Range<usize>, width: usize) -> usize {
    // A narrower excerpt has no room for an ellipsis on both sides.
    if width < 3 || fits(&line[..first.end], width - 1) {
        return 0;
    }
    let context = width / 4;
    let mut used = 0;
    let mut start = first.start;
    for (at, grapheme) in line[..first.start].grapheme_indices(true).rev() {
        used += grapheme_width(grapheme);
        if used > context {
            break;
        }
        start = at;
    }
    start
}

/// `text` on one line: whitespace runs (newlines included) as one space, control
/// characters dropped, trimmed.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut word = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Only these bytes start a whitespace or control character: ASCII ones, and
        // those of U+0080..U+00BF and U+1000..U+3FFF (never inside a character).
        let b = bytes[at];
        if !(b <= b' ' || b == 0x7f || matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)) {
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        if c.is_whitespace() || c.is_control() {
            push_word(&mut line, &text[word..at]);
            word = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    push_word(&mut line, &text[word..]);
    line
}

/// Appends a word to a line, a space between words.
fn push_word(line: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    if !line.is_empty() {
        line.push(' ');
    }
    line.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of pieces that fold, join or are wide near where a text may be cut.
    fn cut_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "量化",
            "模型",
            "。",
            "，",
            "abc",
            "Lite",
            " ",
            "\n",
            "  \n ",
            "\t",
            "e\u{301}",
            "\u{600}",
            "Σ",
            "ς'",
            "👍🏽",
            "\u{200d}",
            "ＴＶＭ",
            "\u{3000}",
            "\u{ad}",
            "ﬁ",
            "-",
            "x\u{300}\u{301}\u{302}",
            "\r\n",
            "\u{1f1e8}\u{1f1f3}",
            "\u{1100}\u{1161}",
            "か\u{3099}",
            "\u{3099}",
            "ｶﾞ",
            "字\u{fe00}",
            "\u{302a}",
        ]);
        prop::collection::vec(piece, 1..3000).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #[test]
        fn a_snippet_from_the_beginning_of_a_text_is_the_one_from_all_of_it(
            text in cut_text(),
            query in proptest::sample::select(vec![
                "量化", "abc", "lite", "模型 abc", "\"abc lite\"", "tvm", "e", "fi", "-量化 模型",
            ]),
            width in proptest::sample::select(vec![1usize, 2, 3, 10, 58, 80]),
        ) {
            let query = Query::parse(query);
            let whole = line_snippet(&one_line(&text), &highlighted(&query), width, false);
            proptest::prop_assert_eq!(Some(snippet(&text, &query, width)), whole);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_text_is_fitted_as_measured_whole(
            text in cut_text(),
            chars in 0usize..150,
            width in 0usize..90,
        ) {
            // Mostly texts about as wide as the width.
            let text: String = text.chars().take(chars).collect();
            let expected = if fits(&text, width) {
                (text.as_str(), "")
            } else {
                (take_columns(&text, width.saturating_sub(1)).0, ELLIPSIS)
            };
            proptest::prop_assert_eq!(fitted(&text, width), expected);
        }
    }

    fn marked(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
        ranges.iter().map(|r| text[r.clone()].to_string()).collect()
    }

    #[test]
    fn ranges_are_in_the_original_text() {
        let text = "新版ＴＶＭ支持tvm和TVM，int8";
        let ranges = matches(text, &Query::parse("tvm"));
        assert_eq!(marked(text, &ranges), ["ＴＶＭ", "tvm", "TVM"]);
        let text = "低比特量化，和INT8";
        let ranges = matches(text, &Query::parse("量化, int8"));
        assert_eq!(marked(text, &ranges), ["量化，", "INT8"]);
        let touching = matches("量化，INT8", &Query::parse("量化, int8"));
        assert_eq!(touching, vec![Range { start: 0, end: 13 }]);
    }

    #[test]
    fn overlapping_matches_merge_and_excluded_terms_do_not_highlight() {
        let text = "模型压缩与剪枝";
        let ranges = matches(text, &Query::parse("模型压 型压缩 -剪枝 section:剪枝"));
        assert_eq!(marked(text, &ranges), ["模型压缩"]);
    }

    #[test]
    fn phrases_match_across_line_breaks() {
        let text = "Paddle\n  Lite 2.0";
        let ranges = matches(text, &Query::parse("\"paddle lite\""));
        assert_eq!(marked(text, &ranges), ["Paddle\n  Lite"]);
    }

    #[test]
    fn one_line_drops_every_control_and_joins_every_whitespace() {
        for c in '\0'..=char::MAX {
            let separates = c.is_whitespace() || c.is_control();
            let expected = if separates {
                "a b".to_string()
            } else {
                format!("a{c}b{c}")
            };
            assert_eq!(
                one_line(&format!(" a{c}b{c}")),
                expected,
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(
            one_line("\n 量化\u{3000}\u{85}\t模型\u{7}。 "),
            "量化 模型 。"
        );
    }

    #[test]
    fn snippet_keeps_short_text_whole() {
        let (line, ranges) = snippet("低比特\n量化", &Query::parse("量化"), 20);
        assert_eq!(line, "低比特 量化");
        assert_eq!(marked(&line, &ranges), ["量化"]);
    }

    #[test]
    fn snippet_centres_a_late_match_within_the_width() {
        let text = format!("{}量化之后{}", "前文".repeat(40), "后文".repeat(40));
        let (line, ranges) = snippet(&text, &Query::parse("量化"), 20);
        assert!(display_width(&line) <= 20, "{line}");
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert_eq!(marked(&line, &ranges), ["量化"]);
    }

    #[test]
    fn snippet_without_match_is_the_start_and_width_zero_is_empty() {
        let (line, ranges) = snippet("abcdefghij", &Query::parse("zzz"), 5);
        assert_eq!((line.as_str(), ranges.len()), ("abcd…", 0));
        assert_eq!(snippet("abc", &Query::parse("a"), 0).0, "");
    }

    /// Long texts of words from a few scripts, some of them what the queries look for.
    fn long_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop::sample::select(vec![
            "量化",
            "模型",
            "低比特",
            "，",
            "TVM",
            "tvm ",
            "int8",
            " ",
            "\n",
            "ＴＶＭ",
            "e\u{301}",
            "👩\u{200d}💻",
            "剪枝",
            "winograd",
            "a",
            "。",
            "\t",
            "ﬁ",
            "㍿",
        ]);
        prop::collection::vec(word, 0..400).prop_map(|words| words.concat())
    }

    proptest::proptest! {
        #[test]
        fn snippets_fold_only_what_they_need_and_are_the_same(
            text in long_text(),
            query in proptest::sample::select(vec![
                "量化", "tvm", "int8 剪枝", "\"量化 模型\"", "-量化 模型", "a", "量化量化",
                "section:模型 低比特", "株式", "é", "fi",
            ]),
            width in 0usize..90,
        ) {
            let query = Query::parse(query);
            let whole = match width {
                0 => Some((String::new(), Vec::new())),
                _ => {
                    let line = one_line(&text);
                    excerpt(&line, matches(&line, &query), usize::MAX, width)
                }
            };
            proptest::prop_assert_eq!(Some(snippet(&text, &query, width)), whole);
        }
    }
}
