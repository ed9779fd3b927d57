//! The limits that keep the parser's memory in proportion to its input, and the notes
//! that say what they cut. No limit cuts anything from an ordinary issue.

use super::MAX_INPUT;

/// One section, entry or link is kept per this many bytes of input (an entry costs
/// ~200 bytes of memory, a link ~70 while parsed), and at least [`MIN_ITEMS`].
const BYTES_PER_ITEM: usize = 64;
const MIN_ITEMS: usize = 4096;

/// Bytes of memory one unit of markup (see `pieces::cost`) may cost while parsed.
const BYTES_PER_UNIT: usize = 1024;

/// Bytes the titles of parent headings, copied into every section under them, may
/// take in all: as many as the input, and at least this. Ordinary issues take a
/// fraction of it.
const MIN_PARENT_BYTES: usize = 64 << 10;

/// Memory a piece of the body may take while parsed: twice the input, and at least
/// this, enough for any ordinary issue to be parsed whole.
const MIN_PIECE_BYTES: usize = 4 << 20;

/// What parsing may take beyond ten times its input (see `parse::memory_bound`): a
/// piece, and pulldown-cmark's block tree of a short body parsed whole at first.
pub(super) const BASE_MEMORY: usize = 2 * MIN_PIECE_BYTES;

/// Markup units one piece of the body may hold, for an input of `len` bytes.
pub(super) fn piece_budget(len: usize) -> usize {
    (2 * len).max(MIN_PIECE_BYTES) / BYTES_PER_UNIT
}

/// Kept and dropped items of one kind.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Count {
    pub kept: usize,
    pub dropped: usize,
}

/// Counts sections, entries and links against the limit, and what it cut.
#[derive(Debug)]
pub(super) struct Tally {
    max: usize,
    kept: usize,
    pub sections: Count,
    pub entries: Count,
    pub links: Count,
    /// HTML tags too long to read, dropped with their links.
    pub long_tags: usize,
    /// Bytes the parents of all sections may take, and of further sections.
    parent_limit: usize,
    parent_room: usize,
    /// Sections placed at the top of the tree for their parents' titles.
    flattened: usize,
}

impl Tally {
    pub fn new(len: usize) -> Self {
        Tally {
            max: (len / BYTES_PER_ITEM).max(MIN_ITEMS),
            kept: 0,
            sections: Count::default(),
            entries: Count::default(),
            links: Count::default(),
            long_tags: 0,
            parent_limit: len.max(MIN_PARENT_BYTES),
            parent_room: len.max(MIN_PARENT_BYTES),
            flattened: 0,
        }
    }

    /// True when the titles of a section's parents, `bytes` in all, may be copied
    /// into it; else the section is placed at the top of the tree, and counted.
    pub fn admit_parents(&mut self, bytes: usize) -> bool {
        let room = bytes <= self.parent_room;
        if room {
            self.parent_room -= bytes;
        } else {
            self.flattened += 1;
        }
        room
    }

    /// True when one more section may be kept; counts it either way.
    pub fn admit_section(&mut self) -> bool {
        let room = self.admit();
        count_one(&mut self.sections, room);
        room
    }

    /// True when one more entry may be kept; counts it either way.
    pub fn admit_entry(&mut self) -> bool {
        let room = self.admit();
        count_one(&mut self.entries, room);
        room
    }

    /// True when one more link may be kept; counts it either way.
    pub fn admit_link(&mut self) -> bool {
        let room = self.admit();
        count_one(&mut self.links, room);
        room
    }

    /// Counts `kept` links kept, each within [`Self::room`], and `dropped` left out.
    pub fn add_links(&mut self, kept: usize, dropped: usize) {
        self.kept = (self.kept + kept).min(self.max);
        self.links.kept += kept;
        self.links.dropped += dropped;
    }

    fn admit(&mut self) -> bool {
        let room = self.kept < self.max;
        self.kept += usize::from(room);
        room
    }

    /// How many more items may be kept.
    pub fn room(&self) -> usize {
        self.max - self.kept
    }

    /// Notes on what was cut, if anything.
    pub fn notes(&self, notes: &mut Vec<String>) {
        let kinds = [
            (self.sections, "section"),
            (self.entries, "entry"),
            (self.links, "link"),
        ];
        let cut: Vec<String> = kinds
            .iter()
            .filter(|(count, _)| count.dropped > 0)
            .map(|(c, kind)| {
                let total = c.kept + c.dropped;
                format!(
                    "{} of {} {}",
                    number(c.kept),
                    number(total),
                    plural(kind, total)
                )
            })
            .collect();
        if !cut.is_empty() {
            notes.push(format!(
                "kept only {}: an issue of this size holds at most {} sections, entries \
                 and links together (one per {BYTES_PER_ITEM} bytes)",
                cut.join(", "),
                number(self.max)
            ));
        }
        if self.flattened > 0 {
            notes.push(format!(
                "placed {} {} at the top of the tree instead of under their headings: the \
                 titles of the headings above each section, copied into it, may take {} \
                 bytes in all",
                number(self.flattened),
                plural("section", self.flattened),
                number(self.parent_limit)
            ));
        }
        if self.long_tags > 0 {
            notes.push(format!(
                "skipped {} HTML {} longer than {} bytes, with any link they held",
                number(self.long_tags),
                plural("tag", self.long_tags),
                number(super::html::MAX_TAG)
            ));
        }
    }
}

fn count_one(count: &mut Count, kept: bool) {
    if kept {
        count.kept += 1;
    } else {
        count.dropped += 1;
    }
}

/// `word` for `n` of them: entry, entries.
fn plural(word: &str, n: usize) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => word.to_string(),
        (_, Some(stem)) => format!("{stem}ies"),
        _ => format!("{word}s"),
    }
}

/// The note for an input cut at [`MAX_INPUT`]: `rest` is what was left out.
pub(super) fn input_note(total: usize, rest: &[u8]) -> String {
    let lines = memchr::memchr_iter(b'\n', rest).count();
    let headings = memchr::memchr_iter(b'\n', rest)
        .filter(|&at| rest.get(at + 1) == Some(&b'#'))
        .count();
    let headings = match headings {
        0 => String::new(),
        n => format!(" ({} of them headings)", number(n)),
    };
    format!(
        "read only the first {} of {} bytes (the limit is {} MiB); the {} bytes after \
         them, {} {}{headings}, were left out",
        number(total - rest.len()),
        number(total),
        MAX_INPUT >> 20,
        number(rest.len()),
        number(lines),
        plural("line", lines),
    )
}

/// The note for a body parsed in pieces with cuts that are not at headings.
pub(super) fn pieces_note(pieces: usize, rough_cuts: usize) -> String {
    format!(
        "its Markdown is too dense to parse at once: it was read in {} pieces, and a \
         list, table or paragraph at {} of the cuts may read as two",
        number(pieces),
        number(rough_cuts)
    )
}

/// The note for link reference definitions not shared between pieces.
pub(super) fn references_note(ignored: usize) -> String {
    format!(
        "{} link reference definitions were used only near where they stand: there \
         are too many to share across the pieces the issue was read in",
        number(ignored)
    )
}

/// `n` with thousands separators: 86,279.
pub(super) use crate::model::thousands as number;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(86_279), "86,279");
        assert_eq!(number(4_194_304), "4,194,304");
    }

    #[test]
    fn the_limit_is_one_item_per_64_bytes_and_at_least_4096() {
        let mut tally = Tally::new(1000);
        assert_eq!((0..5000).filter(|_| tally.admit_entry()).count(), 4096);
        let mut tally = Tally::new(1 << 20);
        tally.add_links(10, 0);
        assert_eq!(
            (0..20_000).filter(|_| tally.admit_section()).count(),
            16_374
        );
        assert_eq!(tally.room(), 0);
        let mut notes = Vec::new();
        tally.notes(&mut notes);
        assert_eq!(
            notes,
            [
                "kept only 16,374 of 20,000 sections: an issue of this size holds at most \
              16,384 sections, entries and links together (one per 64 bytes)"
            ]
        );
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("entry", 2), "entries");
        assert_eq!(plural("entry", 1), "entry");
        assert_eq!(plural("link", 0), "links");
    }
}
