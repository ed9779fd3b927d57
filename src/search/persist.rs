//! An [`Index`] as bytes, and back: its parts in a [`format`](super::format) container.
//!
//! Parts (kind number: content; integers little-endian):
//!
//! ```text
//! 1 META       issues u32, sections u32, entries u32, blocks u32, gram bits u32,
//!              words per bucket u32, text length u64, byte ranks [u8; 256]
//! 2 SECTIONS   per section: issue u32, section u32, first entry u32, end entry u32
//! 3 TITLES     folded section titles, a string list
//! 4 DATES      folded issue dates, a string list
//! 5 ENTRIES    per entry: start u32, source u32, rest u32 (offsets in TEXT)
//! 6 TEXT       the folded buffer
//! 7 BLOCKS     first entry u32 of each block of the gram filter
//! 8 ROWS       per bucket, `words` u64: the blocks holding one of its grams
//! 15 ISSUE_SOURCES  per issue: its newsletter u32, an index into SOURCES' pairs
//! 16 SOURCES    per newsletter, two strings: its id and folded title
//! 17 PROSE_PLACES  per prose record (intros and sections' own text): issue u32,
//!              section u32 (or `Hit::INTRO`), titled u32 (0 or 1)
//! 18 PROSE_TITLES  per prose record: its folded section title (empty for none)
//! 19 PROSE_TEXT    per prose record: its folded text
//! ```
//!
//! A string list is: count n u64, n + 1 offsets u64 into the bytes that follow, bytes.
//! Everything read is checked for sense as well (offsets in order and in bounds), so
//! that a file whose checksums pass but whose content is wrong is an error too.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::format::{Container, HeldPart, IndexError, Mapped, ReadAt, Writer};
use super::grams::Grams;
use super::index_text::IndexText;
use super::ranks::ByteRanks;
use super::{EntryRecord, Index, SectionRecord};

pub(super) const META: u32 = 1;
pub(super) const SECTIONS: u32 = 2;
pub(super) const TITLES: u32 = 3;
pub(super) const DATES: u32 = 4;
pub(super) const ENTRIES: u32 = 5;
pub(super) const TEXT: u32 = 6;
pub(super) const BLOCKS: u32 = 7;
pub(super) const ROWS: u32 = 8;
pub(super) const ISSUE_SOURCES: u32 = 15;
pub(super) const SOURCES: u32 = 16;
pub(super) const PROSE_PLACES: u32 = 17;
pub(super) const PROSE_TITLES: u32 = 18;
pub(super) const PROSE_TEXT: u32 = 19;

const META_BYTES: usize = 32 + 256;

/// A newsletter's id and folded title.
pub(super) type SourceNames = [Box<str>; 2];

/// What META says.
#[derive(Debug, Clone)]
pub(super) struct Meta {
    pub issues: usize,
    pub sections: usize,
    pub entries: usize,
    pub blocks: usize,
    pub bits: u32,
    pub words: usize,
    pub text_len: u64,
    pub ranks: ByteRanks,
}

impl Index {
    /// The index as bytes, for [`Index::from_bytes`] (see `search::persist` for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        self.write_parts(&mut writer);
        writer.finish(fresh_generation())
    }

    pub(super) fn write_parts<'a>(&'a self, writer: &mut Writer<'a>) {
        let grams = &self.grams;
        let mut meta = Vec::with_capacity(META_BYTES);
        for n in [
            self.dates.len(),
            self.sections.len(),
            self.entries.len(),
            grams.starts.len(),
            grams.bits as usize,
            grams.words,
        ] {
            meta.extend_from_slice(&(n as u32).to_le_bytes());
        }
        meta.extend_from_slice(&(self.text.len() as u64).to_le_bytes());
        meta.extend_from_slice(&self.ranks.to_bytes());
        writer.part(META, meta);
        let sections = self
            .sections
            .iter()
            .flat_map(|s| [s.issue, s.section, s.entries.start, s.entries.end]);
        writer.part(SECTIONS, u32s_to_bytes(sections));
        writer.part(
            TITLES,
            string_list(self.sections.iter().map(|s| s.title.as_bytes())),
        );
        writer.part(DATES, string_list(self.dates.iter().map(|d| d.as_bytes())));
        let entries = self
            .entries
            .iter()
            .flat_map(|e| [e.start, e.source, e.rest]);
        writer.part(ENTRIES, u32s_to_bytes(entries));
        writer.part(TEXT, self.text.as_bytes());
        writer.part(BLOCKS, u32s_to_bytes(grams.starts.iter().copied()));
        let rows: Vec<u8> = match &grams.held_rows {
            Some(held) => held.bytes().to_vec(),
            None => grams.rows.iter().flat_map(|w| w.to_le_bytes()).collect(),
        };
        writer.part(ROWS, rows);
        writer.part(
            ISSUE_SOURCES,
            u32s_to_bytes(self.issue_sources.iter().copied()),
        );
        writer.part(
            SOURCES,
            string_list(
                self.sources
                    .iter()
                    .flatten()
                    .map(|s| s.as_bytes())
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
        );
        super::prose::write_prose(&self.prose, writer);
    }

    /// The index `bytes` hold, checked whole. Any damage, or another format version,
    /// is an error: then build the index again.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, IndexError> {
        Index::from_source(bytes)
    }

    /// [`Index::from_bytes`] reading from `file` only the parts a search needs.
    pub fn load(file: std::fs::File) -> Result<Index, IndexError> {
        Index::from_source(file)
    }

    fn from_source(source: impl ReadAt) -> Result<Index, IndexError> {
        Index::from_container(&Container::open(source)?)
    }

    fn from_container<R: ReadAt>(container: &Container<R>) -> Result<Index, IndexError> {
        let text = String::from_utf8(container.part(TEXT)?.into_owned())
            .map_err(|_| IndexError::Damaged("text is not UTF-8"))?;
        Index::with_text(container, IndexText::Built(text), None)
    }

    /// The index a mapped `container` holds, its text left where it lies in the file
    /// (its pages checked once, here); read into memory when the file is not mapped.
    /// The text is only ever read as bytes: it needs no check that it is UTF-8.
    pub(super) fn from_mapped(container: &Arc<Container<Mapped>>) -> Result<Index, IndexError> {
        let Some(text) = IndexText::held(container, TEXT)? else {
            return Index::from_container(&**container);
        };
        // A search reads the rows of its grams only.
        let rows = HeldPart::of(container, ROWS, false)?;
        Index::with_text(&**container, text, rows)
    }

    /// The index `container` holds, with its `text` and its filter's rows, when
    /// `held` (else read here).
    fn with_text<R: ReadAt>(
        container: &Container<R>,
        text: IndexText,
        held_rows: Option<HeldPart>,
    ) -> Result<Index, IndexError> {
        let meta = read_meta(container)?;
        let (sections, dates) = read_sections(container, &meta)?;
        let (issue_sources, sources) = read_sources(container, &meta)?;
        let entries = entries_of(&container.part(ENTRIES)?)?;
        check_entries(&entries, 0..text.len(), meta.entries)?;
        let mut grams = read_blocks(container, &meta)?;
        match held_rows {
            Some(held) => grams.held_rows = Some(held),
            None => grams.rows = u64s(&container.part(ROWS)?)?,
        }
        let rows_bytes = (grams.held_rows.as_ref()).map_or(grams.rows.len() * 8, HeldPart::len);
        if rows_bytes != row_words(&meta) * 8 || text.len() as u64 != meta.text_len {
            return Err(IndexError::Damaged("part sizes"));
        }
        // What was read so far is in memory now (a mapped file's pages go).
        container.release_all_but(TEXT);
        let prose = super::prose::read_prose(container, meta.issues)?;
        container.release_all_but(TEXT);
        Ok(Index {
            text,
            entries,
            sections,
            dates,
            issue_sources,
            sources,
            ranks: meta.ranks,
            grams,
            prose,
            unigrams: Default::default(),
            entry_sections: Vec::new(),
        })
    }
}

/// An identity for one write: the time, the process and a count of writes, mixed.
pub fn fresh_generation() -> u64 {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let count = WRITES.fetch_add(1, Ordering::Relaxed);
    let mixed = nanos ^ (u64::from(std::process::id()) << 40) ^ count.rotate_right(12);
    mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Words in ROWS: none without a filter.
pub(super) fn row_words(meta: &Meta) -> usize {
    if meta.bits == 0 {
        0
    } else {
        (1usize << meta.bits) * meta.words
    }
}

pub(super) fn read_meta<R: ReadAt>(container: &Container<R>) -> Result<Meta, IndexError> {
    let bytes = container.part(META)?;
    if bytes.len() != META_BYTES {
        return Err(IndexError::Damaged("meta size"));
    }
    let word =
        |i: usize| u32::from_le_bytes(bytes[i * 4..i * 4 + 4].try_into().unwrap_or_default());
    let text_len = u64::from_le_bytes(bytes[24..32].try_into().unwrap_or_default());
    let mut ranks = [0u8; 256];
    ranks.copy_from_slice(&bytes[32..]);
    let meta = Meta {
        issues: word(0) as usize,
        sections: word(1) as usize,
        entries: word(2) as usize,
        blocks: word(3) as usize,
        bits: word(4),
        words: word(5) as usize,
        text_len,
        ranks: ByteRanks::from_bytes(ranks),
    };
    let shape_ok = if meta.entries == 0 {
        meta.blocks == 0 && meta.bits == 0 && meta.words == 0
    } else {
        meta.blocks >= 1
            && meta.blocks <= meta.entries
            && meta.bits <= 16
            && meta.words == meta.blocks.div_ceil(64)
    };
    if !shape_ok || text_len >= u64::from(u32::MAX) {
        return Err(IndexError::Damaged("meta"));
    }
    Ok(meta)
}

/// The sections and the issues' dates, checked against each other and `meta`.
pub(super) fn read_sections<R: ReadAt>(
    container: &Container<R>,
    meta: &Meta,
) -> Result<(Vec<SectionRecord>, Vec<Box<str>>), IndexError> {
    let numbers = u32s(&container.part(SECTIONS)?)?;
    let titles = strings(&container.part(TITLES)?)?;
    let dates = strings(&container.part(DATES)?)?;
    if numbers.len() != meta.sections * 4
        || titles.len() != meta.sections
        || dates.len() != meta.issues
    {
        return Err(IndexError::Damaged("section count"));
    }
    let mut sections = Vec::with_capacity(meta.sections);
    let mut next_entry = 0;
    for (fields, title) in numbers.chunks_exact(4).zip(titles) {
        let [issue, section, start, end] = [fields[0], fields[1], fields[2], fields[3]];
        let in_order = sections
            .last()
            .is_none_or(|last: &SectionRecord| (last.issue, last.section) < (issue, section));
        if !in_order
            || start < next_entry
            || start > end
            || end as usize > meta.entries
            || issue as usize >= meta.issues
        {
            return Err(IndexError::Damaged("sections"));
        }
        next_entry = end;
        sections.push(SectionRecord {
            issue,
            section,
            title,
            entries: start..end,
        });
    }
    Ok((sections, dates))
}

/// Each issue's newsletter and the newsletters' names, checked against each other.
pub(super) fn read_sources<R: ReadAt>(
    container: &Container<R>,
    meta: &Meta,
) -> Result<(Vec<u32>, Vec<SourceNames>), IndexError> {
    let issue_sources = u32s(&container.part(ISSUE_SOURCES)?)?;
    let names = strings(&container.part(SOURCES)?)?;
    if !names.len().is_multiple_of(2) {
        return Err(IndexError::Damaged("sources"));
    }
    let sources: Vec<SourceNames> = names
        .chunks_exact(2)
        .map(|pair| [pair[0].clone(), pair[1].clone()])
        .collect();
    let known = |&s: &u32| (s as usize) < sources.len();
    if issue_sources.len() != meta.issues || !issue_sources.iter().all(known) {
        return Err(IndexError::Damaged("issue sources"));
    }
    Ok((issue_sources, sources))
}

/// The gram filter's blocks, without its rows.
pub(super) fn read_blocks<R: ReadAt>(
    container: &Container<R>,
    meta: &Meta,
) -> Result<Grams, IndexError> {
    let starts = u32s(&container.part(BLOCKS)?)?;
    let increasing = starts.windows(2).all(|w| w[0] < w[1]);
    let bounded = starts
        .last()
        .is_none_or(|&last| (last as usize) < meta.entries);
    if starts.len() != meta.blocks
        || !increasing
        || !bounded
        || starts.first().is_some_and(|&f| f != 0)
    {
        return Err(IndexError::Damaged("blocks"));
    }
    Ok(Grams {
        bits: meta.bits,
        starts,
        entries: meta.entries as u32,
        words: meta.words,
        rows: Vec::new(),
        held_rows: None,
    })
}

/// Checks that `entries` (the index's from number `first`... in order) lie in `text`:
/// each field after the one before, each entry after the previous one's end.
pub(super) fn check_entries(
    entries: &[EntryRecord],
    text: Range<usize>,
    count: usize,
) -> Result<(), IndexError> {
    if entries.len() != count {
        return Err(IndexError::Damaged("entry count"));
    }
    let mut end = text.start;
    for e in entries {
        let (start, source, rest) = (e.start as usize, e.source as usize, e.rest as usize);
        if start < end || source <= start || rest <= source {
            return Err(IndexError::Damaged("entries"));
        }
        end = rest + 1;
    }
    if end > text.end || (entries.is_empty() && text.start != text.end) {
        return Err(IndexError::Damaged("entries"));
    }
    Ok(())
}

pub(super) fn entries_of(bytes: &[u8]) -> Result<Vec<EntryRecord>, IndexError> {
    let numbers = u32s(bytes)?;
    if !numbers.len().is_multiple_of(3) {
        return Err(IndexError::Damaged("entries size"));
    }
    Ok(numbers
        .chunks_exact(3)
        .map(|n| EntryRecord {
            start: n[0],
            source: n[1],
            rest: n[2],
        })
        .collect())
}

pub(super) fn u32s_to_bytes(values: impl Iterator<Item = u32>) -> Vec<u8> {
    values.flat_map(u32::to_le_bytes).collect()
}

pub(super) fn u32s(bytes: &[u8]) -> Result<Vec<u32>, IndexError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(IndexError::Damaged("a part of u32s"));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

pub(super) fn u64s(bytes: &[u8]) -> Result<Vec<u64>, IndexError> {
    if !bytes.len().is_multiple_of(8) {
        return Err(IndexError::Damaged("a part of u64s"));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect())
}

/// A string list: count, offsets, bytes.
pub(super) fn string_list<'a>(items: impl ExactSizeIterator<Item = &'a [u8]> + Clone) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(items.len() as u64).to_le_bytes());
    let mut offset = 0u64;
    out.extend_from_slice(&offset.to_le_bytes());
    for item in items.clone() {
        offset += item.len() as u64;
        out.extend_from_slice(&offset.to_le_bytes());
    }
    items.for_each(|item| out.extend_from_slice(item));
    out
}

/// Every string of a string list.
/// Bytes of strings from which [`strings`] reads a list on all cores.
const PARALLEL_STRINGS_BYTES: usize = 1 << 20;

pub(super) fn strings(bytes: &[u8]) -> Result<Vec<Box<str>>, IndexError> {
    let (offsets, blob) = string_list_parts(bytes)?;
    let string = |w: &[u64]| {
        let range = usize::try_from(w[0]).ok()?..usize::try_from(w[1]).ok()?;
        std::str::from_utf8(blob.get(range)?).ok().map(Box::from)
    };
    // Long lists are checked and copied on all cores.
    let strings = if blob.len() >= PARALLEL_STRINGS_BYTES {
        offsets
            .par_windows(2)
            .map(string)
            .collect::<Option<Vec<_>>>()
    } else {
        offsets.windows(2).map(string).collect::<Option<Vec<_>>>()
    };
    strings.ok_or(IndexError::Damaged("a string list"))
}

/// A string list's offsets (one more than its strings) and the bytes they point
/// into, unchecked.
pub(super) fn string_list_parts(bytes: &[u8]) -> Result<(Vec<u64>, &[u8]), IndexError> {
    let damaged = IndexError::Damaged("a string list");
    let count = bytes
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
    let count = count
        .and_then(|c| usize::try_from(c).ok())
        .ok_or(IndexError::Damaged("a string list"))?;
    let offsets_end = count
        .checked_add(2)
        .and_then(|n| n.checked_mul(8))
        .filter(|&e| e <= bytes.len());
    let offsets = u64s(&bytes[8..offsets_end.ok_or(damaged)?])?;
    let blob = &bytes[8 + offsets.len() * 8..];
    Ok((offsets, blob))
}
