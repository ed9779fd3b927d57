//! Width-aware text helpers. Widths are terminal display columns, measured over
//! grapheme clusters, never bytes or chars.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const ELLIPSIS: &str = "…";

/// Display width of one grapheme cluster (0, 1 or 2 columns).
pub fn grapheme_width(grapheme: &str) -> usize {
    grapheme.width().min(2)
}

/// Display width of a string, summed over its grapheme clusters.
pub fn display_width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// Cuts `text` to at most `width` columns, ending with `…` when something was cut.
/// Never splits a grapheme; a wide character that does not fit is dropped whole.
pub fn truncate(text: &str, width: usize) -> Cow<'_, str> {
    if display_width(text) <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let (head, _) = take_columns(text, width - 1);
    Cow::Owned(format!("{head}{ELLIPSIS}"))
}

/// The longest prefix of `text` that fits in `width` columns, and its width.
pub fn take_columns(text: &str, width: usize) -> (&str, usize) {
    let mut used = 0;
    for (start, grapheme) in text.grapheme_indices(true) {
        let w = grapheme_width(grapheme);
        if used + w > width {
            return (&text[..start], used);
        }
        used += w;
    }
    (text, used)
}

/// Truncates to `width` columns and pads with spaces to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let pad = width.saturating_sub(display_width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Like [`fit`], but right-aligned.
pub fn fit_right(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let pad = width.saturating_sub(display_width(&cut));
    format!("{}{cut}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn emoji_sequences_are_one_grapheme() {
        assert_eq!(display_width("👩‍💻"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
    }
}
