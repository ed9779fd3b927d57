//! The folded text of an index: built in memory, or held where it lies in a mapped
//! index file. Held, it costs the process no memory of its own: its pages are the
//! page cache's, shared with any other reader of the file and dropped at will.

use super::format::HeldPart;

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
