//! The folded text of an index: built in memory, or held where it lies in a mapped
//! index file. Held, it costs the process no memory of its own: its pages are the
//! page cache's, shared with any other reader of the file and dropped at will.

use std::ops::Range;
use std::sync::Arc;

use super::format::{Container, HeldPart, IndexError, Mapped};

/// Held text larger than this is let go as it is read (checked, tabled, scanned): a
/// large library's index then keeps a few MiB of the reader's resident memory rather
/// than its size, at the price of mapping its pages again at each search; a smaller
/// one stays resident, for the fastest keystrokes.
const RESIDENT_BYTES: usize = if cfg!(test) { 64 << 10 } else { 64 << 20 };

#[derive(Debug, Clone)]
pub(super) enum IndexText {
    Built(String),
    Held(HeldPart),
}

impl Default for IndexText {
    fn default() -> IndexText {
        IndexText::Built(String::new())
    }
}

impl IndexText {
    /// Part `kind` of a mapped `container`, held where it lies; None when the file is
    /// not mapped.
    pub(super) fn held(
        container: &Arc<Container<Mapped>>,
        kind: u32,
    ) -> Result<Option<IndexText>, IndexError> {
        let resident = container.part_len(kind)? <= RESIDENT_BYTES as u64;
        Ok(HeldPart::of(container, kind, resident)?.map(IndexText::Held))
    }

    /// Lets the pages of bytes `range` go, for a held text too large to stay resident
    /// (see [`RESIDENT_BYTES`]).
    pub(super) fn release(&self, range: Range<usize>) {
        if let IndexText::Held(part) = self
            && part.len() > RESIDENT_BYTES
        {
            part.release(range);
        }
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        match self {
            IndexText::Built(text) => text.as_bytes(),
            IndexText::Held(part) => part.bytes(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// The text to append to, as an index is built: a held text is copied first.
    pub(super) fn built_mut(&mut self) -> &mut String {
        if let IndexText::Held(part) = self {
            *self = IndexText::Built(String::from_utf8_lossy(part.bytes()).into_owned());
        }
        match self {
            IndexText::Built(text) => text,
            IndexText::Held(_) => unreachable!("made built above"),
        }
    }

    pub(super) fn append(&mut self, other: &IndexText) {
        match other {
            IndexText::Built(text) => self.built_mut().push_str(text),
            IndexText::Held(part) => self
                .built_mut()
                .push_str(&String::from_utf8_lossy(part.bytes())),
        }
    }

    /// Heap memory the text holds: none when held in the mapped file.
    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            IndexText::Built(text) => text.capacity(),
            IndexText::Held(_) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::search::{Index, Query, Scope};
    use crate::testing::fixture::synthetic_library;

    #[test]
    fn a_held_text_let_go_as_it_is_read_answers_as_the_built_one_every_time() {
        let mut library = synthetic_library(80);
        // Words one entry holds: the filter's rows must find its block.
        let rare = crate::model::Entry::new("zyxwvut 唯一无二", None, "rare");
        library.issues[37].sections[0].entries.push(rare);
        // Small blocks: a filter with many, whose rows are held too.
        let built = Index::build_with_block_bytes(&library, 2048);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::write(&path, built.to_bytes_with_display(&library, b"s")).unwrap();
        let mut held = Index::load_stamped(std::fs::File::open(&path).unwrap(), b"s")
            .unwrap()
            .unwrap();
        assert!(
            matches!(&held.text, super::IndexText::Held(part) if part.len() > super::RESIDENT_BYTES)
        );
        assert!(held.grams.bits > 0 && held.grams.held_rows.is_some());
        held.add_keystroke_tables();
        for round in 0..2 {
            for text in [
                "量化",
                "int8 剪枝 arm",
                "a",
                "title:tvm -arm",
                "\"paddle lite\"",
                "zyxwvut",
                "无二",
            ] {
                let query = Query::parse(text);
                let hits = held.search(&query, Scope::default());
                assert_eq!(
                    hits,
                    built.search(&query, Scope::default()),
                    "{text} {round}"
                );
                let rare = ["zyxwvut", "无二"].contains(&text);
                assert!(!rare || hits.len() == 1, "{text}: {}", hits.len());
                assert!(text != "a" || hits.len() > 100, "{}", hits.len());
            }
        }
    }
}
