//! Text rules every floor shares: what may reach a terminal ([`sanitize`]), how a
//! message shows a name that is not ours ([`show_path`], [`escape_line`]), and
//! width-aware cutting and wrapping. Widths are terminal display columns, measured
//! over grapheme clusters, never bytes or chars.

mod escape;
mod sanitize;
mod width;

pub use escape::{escape_line, show_path};
pub use sanitize::{
    is_clean, is_clean_line, is_clean_throughout, is_clean_url, sanitize, sanitize_line,
    sanitize_line_owned, sanitize_owned, sanitize_url,
};
pub use width::{display_width, fits, grapheme_width, take_columns};

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

const ELLIPSIS: &str = "…";

/// Cuts `text` to at most `width` columns, ending with `…` when something was cut.
/// Never splits a grapheme; a wide character that does not fit is dropped whole.
pub fn truncate(text: &str, width: usize) -> Cow<'_, str> {
    truncate_measured(text, width).0
}

/// [`truncate`], also returning the width of the result.
fn truncate_measured(text: &str, width: usize) -> (Cow<'_, str>, usize) {
    // Nothing fits in no columns, not even characters of no width.
    if width == 0 {
        return (Cow::Borrowed(""), 0);
    }
    let full = display_width(text);
    if full <= width {
        return (Cow::Borrowed(text), full);
    }
    let (head, used) = take_columns(text, width - 1);
    (Cow::Owned(format!("{head}{ELLIPSIS}")), used + 1)
}

/// Truncates to `width` columns and pads with spaces to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    push_fit(&mut out, text, width);
    out
}

/// Appends [`fit`]`(text, width)` to `out`.
pub fn push_fit(out: &mut String, text: &str, width: usize) {
    let (cut, used) = truncate_measured(text, width);
    out.reserve(cut.len() + width - used);
    out.push_str(&cut);
    push_spaces(out, width - used);
}

/// Like [`fit`], but right-aligned.
pub fn fit_right(text: &str, width: usize) -> String {
    let (cut, used) = truncate_measured(text, width);
    let mut out = String::with_capacity(cut.len() + width - used);
    push_spaces(&mut out, width - used);
    out.push_str(&cut);
    out
}

/// Appends `count` spaces: copied a run at a time (padding every cell of many
/// lines a character at a time was most of printing them).
pub fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let run = left.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        left -= run;
    }
}

/// True for characters that must never reach a terminal row: everything the parser's
/// sanitizer always removes, and tab and the line breaks too (callers turn tab, newline
/// and CR into spaces).
pub fn is_forbidden(c: char) -> bool {
    c == '\t' || sanitize::is_line_break(c) || sanitize::is_forbidden(c)
}

/// `text` made safe for one terminal row: tabs and newlines become spaces, other
/// forbidden characters are dropped. Borrows when there is nothing to change.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_forbidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if is_forbidden(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Wraps `text` to lines of at most `width` columns. Each `\n` starts a new line;
/// inside a line, breaks follow UAX #14 (CJK may break between any two characters,
/// closing punctuation stays with what precedes it, Latin words stay whole unless
/// longer than a line, in which case they are cut between graphemes).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    for paragraph in text.split('\n') {
        wrap_paragraph(&clean(paragraph), width, &mut lines);
    }
    lines
}

fn wrap_paragraph(text: &str, width: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut used = 0;
    let mut start = 0;
    let breaks = unicode_linebreak::linebreaks(text)
        .filter(|&(at, _)| !inside_word(text, at) && on_grapheme_boundary(text, at));
    for (end, _) in breaks {
        let segment = &text[start..end];
        start = end;
        let visible = display_width(segment.trim_end());
        if visible > width {
            used = push_long_segment(segment, width, used, lines, &mut line);
            continue;
        }
        if used + visible > width && used > 0 {
            push_line(lines, &mut line);
            used = 0;
        }
        line.push_str(segment);
        used += display_width(segment);
    }
    push_line(lines, &mut line);
}

/// True when a break opportunity at byte `at` falls between two non-space ASCII characters:
/// UAX #14 allows breaks after `/` and `-`, which would split URLs and hyphenated words.
fn inside_word(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
    is_word(before) && is_word(after)
}

/// True when byte `at` of `text` is between two graphemes. UAX #14 allows a break
/// inside one: after a space that a combining mark follows (the mark then counts as a
/// letter), which would leave the mark alone at the start of a line.
fn on_grapheme_boundary(text: &str, at: usize) -> bool {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(at, text.len(), true);
    cursor.is_boundary(text, 0).unwrap_or(true)
}

/// Lays out a segment wider than a whole line: it fills the current line (which already
/// holds `used` columns), then continues on new lines, cut between graphemes. The last
/// piece stays in `line`; returns the columns used on it.
fn push_long_segment(
    segment: &str,
    width: usize,
    mut used: usize,
    lines: &mut Vec<String>,
    line: &mut String,
) -> usize {
    let mut rest = segment;
    loop {
        let (head, head_width) = take_columns(rest, width.saturating_sub(used));
        if head.len() == rest.len() {
            line.push_str(head);
            return used + head_width;
        }
        if head.is_empty() && used == 0 {
            // A grapheme wider than the whole line (width 1): show a marker instead.
            let skip = rest.graphemes(true).next().map_or(rest.len(), str::len);
            line.push_str(ELLIPSIS);
            rest = &rest[skip..];
        } else {
            line.push_str(head);
            rest = &rest[head.len()..];
        }
        push_line(lines, line);
        used = 0;
        if rest.trim_end().is_empty() {
            return 0;
        }
    }
}

fn push_line(lines: &mut Vec<String>, line: &mut String) {
    lines.push(line.trim_end().to_string());
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_never_starts_inside_a_grapheme() {
        // A space and the combining mark after it are one grapheme.
        let lines = wrap("ab \u{1ab0}cd", 3);
        assert!(
            lines.iter().all(|line| !line.starts_with('\u{1ab0}')),
            "{lines:?}"
        );
        assert_eq!(lines.concat().replace(' ', ""), "ab\u{1ab0}cd");
    }

    #[test]
    fn spaces_are_pushed_as_many_as_asked() {
        for count in [0, 1, 63, 64, 65, 130, 1000] {
            let mut out = String::from("x");
            push_spaces(&mut out, count);
            assert_eq!(out, format!("x{}", " ".repeat(count)));
        }
    }

    #[test]
    fn cjk_is_two_columns() {
        assert_eq!(display_width("嵌入式AI"), 8);
    }

    #[test]
    fn truncate_never_exceeds_budget_nor_splits_wide_chars() {
        assert_eq!(truncate("嵌入式AI简报", 6), "嵌入…");
        assert_eq!(truncate("嵌入式AI简报", 5), "嵌入…");
        assert_eq!(truncate("嵌入式", 6), "嵌入式");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("嵌入式", 5), "嵌入…");
        assert_eq!(display_width(&fit("嵌入式", 5)), 5);
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit_right("ab", 4), "  ab");
    }

    #[test]
    fn clean_drops_controls_and_bidi() {
        assert_eq!(clean("a\u{1b}[31mb\u{202E}c\u{85}d\te"), "a[31mbcd e");
        assert!(matches!(clean("嵌入式"), Cow::Borrowed(_)));
    }

    #[test]
    fn wrap_breaks_cjk_anywhere_but_keeps_latin_words() {
        assert_eq!(wrap("嵌入式AI简报", 6), ["嵌入式", "AI简报"]);
        assert_eq!(wrap("hello world", 8), ["hello", "world"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wrap_keeps_urls_and_hyphenated_words_whole_when_they_fit() {
        let lines = wrap("见 https://github.com/q-Z2667/x 与 wide-angle 镜头", 31);
        assert_eq!(
            lines,
            ["见 https://github.com/q-Z2667/x", "与 wide-angle 镜头"]
        );
        assert_eq!(
            wrap("https://a.io/very/long", 10),
            ["https://a.", "io/very/lo", "ng"]
        );
        assert_eq!(
            wrap("链接 https://a.io/very/long", 10),
            ["链接 https", "://a.io/ve", "ry/long"]
        );
    }

    #[test]
    fn wrap_keeps_closing_punctuation_off_line_starts() {
        // "，" would fit exactly at the start of line 2; UAX #14 moves "量" down with it.
        let lines = wrap("低比特量，化", 8);
        assert_eq!(lines, ["低比特", "量，化"]);
        for line in wrap("模型（压缩）、剪枝。知识蒸馏」。", 6) {
            assert!(!line.starts_with(['，', '。', '、', '）', '」']), "{line}");
        }
    }

    #[test]
    fn wrap_keeps_newlines_and_never_exceeds_width() {
        assert_eq!(wrap("第一行\n\n第二行", 20), ["第一行", "", "第二行"]);
        for width in 1..12 {
            for line in wrap("TVM 在 WebGPU 上的👩‍💻尝试，速度快了 3x。", width) {
                assert!(display_width(&line) <= width, "{line:?} > {width}");
            }
        }
        assert!(wrap("abc", 0).is_empty());
    }

    #[test]
    fn emoji_sequences_are_one_grapheme() {
        assert_eq!(display_width("👩‍💻"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
    }
}
