//! A one-line text field edited by grapheme cluster: the search prompt.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{display_width, is_forbidden};

/// Longest text the prompt keeps, in bytes: a huge paste is cut, not searched.
pub const MAX_BYTES: usize = 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
}

impl Prompt {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Display columns before the cursor: where the terminal cursor goes.
    pub fn cursor_column(&self) -> usize {
        display_width(&self.text[..self.cursor])
    }

    /// Inserts typed, pasted or IME-composed text at the cursor, whole. Newlines and
    /// tabs become spaces; other control and bidi characters are dropped.
    pub fn insert(&mut self, input: &str) {
        let room = MAX_BYTES.saturating_sub(self.text.len());
        let mut clean = String::new();
        for c in input.replace("\r\n", "\n").chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if is_forbidden(c) => continue,
                c => c,
            };
            if clean.len() + c.len_utf8() > room {
                break;
            }
            clean.push(c);
        }
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
        // A combining mark typed before other marks can leave the cursor inside a cluster.
        self.cursor = self.boundary_at_or_after(self.cursor);
    }

    /// Backspace: removes the grapheme before the cursor.
    pub fn delete_back(&mut self) {
        let start = self.previous_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Ctrl-w: removes the spaces before the cursor, then the word before them.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Replaces the whole text (a search from the history), the cursor at its end.
    pub fn replace(&mut self, text: &str) {
        self.clear();
        self.insert(text);
    }

    /// Ctrl-u: empties the prompt.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.cursor = self.previous_boundary();
    }

    pub fn right(&mut self) {
        self.cursor = self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(at, _)| at)
    }

    fn boundary_at_or_after(&self, at: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .map(|(start, _)| start)
            .chain(std::iter::once(self.text.len()))
            .find(|&start| start >= at)
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut prompt = Prompt::default();
        for c in text.chars() {
            prompt.insert(&c.to_string());
        }
        prompt
    }

    #[test]
    fn cursor_column_counts_wide_characters_twice() {
        let prompt = typed("量化 TVM");
        assert_eq!(prompt.cursor_column(), 8);
    }

    #[test]
    fn backspace_removes_whole_graphemes() {
        let mut prompt = typed("ae\u{301}👩‍💻");
        prompt.delete_back();
        assert_eq!(prompt.text(), "ae\u{301}");
        prompt.delete_back();
        assert_eq!(prompt.text(), "a");
        prompt.delete_back();
        prompt.delete_back();
        assert_eq!((prompt.text(), prompt.cursor()), ("", 0));
    }

    #[test]
    fn a_base_typed_before_a_combining_mark_leaves_the_cursor_after_the_cluster() {
        let mut prompt = typed("\u{301}x");
        prompt.home();
        prompt.insert("e");
        assert_eq!(prompt.text(), "e\u{301}x");
        assert_eq!(prompt.cursor(), "e\u{301}".len());
        prompt.left();
        assert_eq!(prompt.cursor(), 0);
    }

    #[test]
    fn huge_pastes_are_cut_at_a_character() {
        let mut prompt = Prompt::default();
        prompt.insert(&"量".repeat(MAX_BYTES));
        assert!(prompt.text().len() <= MAX_BYTES);
        assert!(prompt.text().chars().all(|c| c == '量'));
    }
}
