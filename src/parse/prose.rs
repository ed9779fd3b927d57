//! A title for an entry written as prose: the first sentence of its first paragraph
//! (soft-broken lines already joined), the rest being its summary.

use super::trim::{trim, trim_end};
use crate::text::{display_width, take_columns};

/// A first sentence wider than this (in columns) is no title: the text is cut.
pub(super) const MAX_TITLE_WIDTH: usize = 100;

/// Columns of a cut title, `…` aside.
const CUT_WIDTH: usize = 60;

/// How the text of a prose entry splits into title and summary.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum ProseTitle<'t> {
    /// The first sentence, without a closing `.`, `。` or `：`, and the text after it.
    Sentence { title: &'t str, rest: &'t str },
    /// No sentence ends soon enough: the title is this start of the text, cut at a
    /// word or character boundary, to be shown with `…`; the summary is the whole text.
    Cut { title: &'t str },
}

/// Splits `text` (trimmed) into its first sentence and the rest.
pub(super) fn prose_title(text: &str) -> ProseTitle<'_> {
    let text = trim(text);
    match sentence_end(text) {
        Some((end, next)) if display_width(&text[..end]) <= MAX_TITLE_WIDTH => {
            ProseTitle::Sentence {
                title: trim_end(&text[..end]),
                rest: trim(&text[next..]),
            }
        }
        None if display_width(text) <= MAX_TITLE_WIDTH => ProseTitle::Sentence {
            title: text,
            rest: "",
        },
        _ => ProseTitle::Cut { title: cut(text) },
    }
}

/// Where the first sentence of `text` ends (its title's end: a closing `!` or `?` is
/// kept, a `.`, `。` or colon is not) and where the rest starts. A sentence holds a
/// letter: `7/29.` starts one.
fn sentence_end(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let mut worded = false;
    while let Some((at, c)) = chars.next() {
        let after = at + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let spaced = next.is_none_or(char::is_whitespace);
        let end = match c {
            '。' | '：' => Some((at, after)),
            '！' | '？' => Some((after, after)),
            '!' | '?' if spaced => Some((after, after)),
            ':' if spaced => Some((at, after)),
            '.' if spaced && !after_abbreviation(&bytes[..at]) => Some((at, after)),
            _ => {
                worded |= c.is_alphabetic();
                None
            }
        };
        if worded && end.is_some() {
            return end;
        }
    }
    None
}

/// True when the word before a `.` is a single letter or a usual abbreviation
/// (`e.g.`, `i.e.`, `vs.`, `etc.`), which ends no sentence.
fn after_abbreviation(before: &[u8]) -> bool {
    let word_start = before
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || *b == b'(')
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    let letters = word.iter().filter(|b| b.is_ascii_alphabetic()).count();
    letters == 1 || [&b"e.g"[..], b"i.e", b"vs", b"etc", b"cf"].contains(&word)
}

/// The start of `text` that fits [`CUT_WIDTH`] columns, ending at a space in its
/// second half when there is one, else at a character boundary.
fn cut(text: &str) -> &str {
    let (head, _) = take_columns(text, CUT_WIDTH);
    let at_space = head
        .rfind(' ')
        .filter(|&space| space > head.len() / 2)
        .map(|space| &head[..space]);
    trim_end(at_space.unwrap_or(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence<'t>(title: &'t str, rest: &'t str) -> ProseTitle<'t> {
        ProseTitle::Sentence { title, rest }
    }

    #[test]
    fn the_first_sentence_is_the_title() {
        assert_eq!(
            prose_title("一个工具的介绍。它还能做别的事。"),
            sentence("一个工具的介绍", "它还能做别的事。")
        );
        assert_eq!(
            prose_title("Rust 1.0 is out. Get it now."),
            sentence("Rust 1.0 is out", "Get it now.")
        );
        assert_eq!(prose_title("名字：描述文字"), sentence("名字", "描述文字"));
        assert_eq!(prose_title("Really? Yes."), sentence("Really?", "Yes."));
        assert_eq!(
            prose_title("See e.g. this. More"),
            sentence("See e.g. this", "More")
        );
        assert_eq!(prose_title("A short line"), sentence("A short line", ""));
        assert_eq!(
            prose_title("7/29. A made-up meetup. More"),
            sentence("7/29. A made-up meetup", "More")
        );
        assert_eq!(
            prose_title("Visit https://x.example/a.b now. Then"),
            sentence("Visit https://x.example/a.b now", "Then")
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_word_or_character() {
        let english = "word ".repeat(40);
        let ProseTitle::Cut { title } = prose_title(&english) else {
            panic!("not cut");
        };
        assert!(title.ends_with("word") && display_width(title) <= CUT_WIDTH);
        let chinese = "很长的句子".repeat(20);
        let ProseTitle::Cut { title } = prose_title(&chinese) else {
            panic!("not cut");
        };
        assert_eq!(display_width(title), CUT_WIDTH);
    }
}
