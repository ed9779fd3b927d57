//! What a result line and `brief search --json` print, stored beside a persisted index
//! so that a search from the file needs no library: the original (unfolded) text.
//!
//! Parts (string lists, see `search::persist`; an optional string is a tag byte, 0
//! for none or 1 followed by the text):
//!
//! ```text
//! 9  ISSUE_IDS       per issue: its id
//! 10 ISSUE_DATES     per issue: its date, optional
//! 11 SECTION_NAMES   per section record: its path (its parents' titles, then its
//!                    own), joined by line breaks (titles are single lines)
//! 12 ENTRY_LINES     per entry, three strings: title, source (optional), URL (optional)
//! 13 SUMMARIES       per entry: its summary
//! 20 PROSE_LINES     per prose record (see `search::prose`), two strings: its
//!                    section's path as in SECTION_NAMES (optional: none for an
//!                    intro), and all that was searched of it, unfolded (the prose,
//!                    then its links' text and URLs not in it), for a snippet
//! ```
//!
//! A line needs ENTRY_LINES only; the summary, the bulk, is read for JSON alone.

use std::borrow::Cow;
use std::ops::Range;

use super::format::{Container, IndexError, PageBuffers, ReadAt, Writer};
use super::found::searched_text;
use super::persist::string_list;
use super::{Hit, Index};
use crate::model::{Issue, Library};

pub(super) const ISSUE_IDS: u32 = 9;
pub(super) const ISSUE_DATES: u32 = 10;
pub(super) const SECTION_NAMES: u32 = 11;
pub(super) const ENTRY_LINES: u32 = 12;
pub(super) const SUMMARIES: u32 = 13;
pub(super) const PROSE_LINES: u32 = 20;

/// Between the titles of a section's path in SECTION_NAMES.
pub const PATH_BREAK: char = '\n';

/// One result as `brief search` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryView {
    /// The name (id) of the newsletter the issue belongs to.
    pub from: String,
    pub issue_id: String,
    pub date: Option<String>,
    /// The section's title.
    pub section: String,
    /// The section's path: its parents' titles, then its own.
    pub path: Vec<String>,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Empty unless asked for (it is most of the stored text).
    pub summary: String,
}

impl EntryView {
    /// What stands for the issue in lists: its date, else its id (as `Issue::display_date`).
    pub fn display_date(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.issue_id)
    }
}

/// A result in prose (an intro or a section's own text) as `brief search` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProseView {
    /// The name (id) of the newsletter the issue belongs to.
    pub from: String,
    pub issue_id: String,
    pub date: Option<String>,
    /// The section's path; `None` for an intro.
    pub path: Option<Vec<String>>,
    /// All that was searched of it (see [`FoundProse::searched_text`](super::FoundProse::searched_text)).
    pub text: String,
}

/// An [`EntryView`] as read from the index: its strings borrowed from the index where
/// it lies in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine<'c> {
    pub from: &'c str,
    pub issue_id: Cow<'c, str>,
    pub date: Option<Cow<'c, str>>,
    /// The section's path: its parents' titles, then its own, one a line (see
    /// [`path_titles`]).
    pub path: Cow<'c, str>,
    pub title: Cow<'c, str>,
    pub source: Option<Cow<'c, str>>,
    pub url: Option<Cow<'c, str>>,
    /// Empty unless asked for.
    pub summary: String,
}

/// A [`ProseView`] as read from the index (see [`EntryLine`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseLine<'c> {
    pub from: &'c str,
    pub issue_id: Cow<'c, str>,
    pub date: Option<Cow<'c, str>>,
    /// The section's path as in [`EntryLine::path`]; `None` for an intro.
    pub path: Option<Cow<'c, str>>,
    pub text: String,
}

/// A section's path, its titles one a line: its parents', then its own.
pub fn joined_path<'a>(titles: impl Iterator<Item = &'a str>) -> String {
    let mut path = String::new();
    for title in titles {
        if !path.is_empty() {
            path.push(PATH_BREAK);
        }
        path.push_str(title);
    }
    path
}

/// The titles of a path made by [`joined_path`].
pub fn path_titles(path: &str) -> std::str::Split<'_, char> {
    path.split(PATH_BREAK)
}

impl From<EntryLine<'_>> for EntryView {
    fn from(line: EntryLine<'_>) -> EntryView {
        let path: Vec<String> = path_titles(&line.path).map(str::to_string).collect();
        EntryView {
            from: line.from.to_string(),
            issue_id: line.issue_id.into_owned(),
            date: line.date.map(Cow::into_owned),
            section: path.last().cloned().unwrap_or_default(),
            path,
            title: line.title.into_owned(),
            source: line.source.map(Cow::into_owned),
            url: line.url.map(Cow::into_owned),
            summary: line.summary,
        }
    }
}

impl From<ProseLine<'_>> for ProseView {
    fn from(line: ProseLine<'_>) -> ProseView {
        ProseView {
            from: line.from.to_string(),
            issue_id: line.issue_id.into_owned(),
            date: line.date.map(Cow::into_owned),
            path: (line.path).map(|p| path_titles(&p).map(str::to_string).collect()),
            text: line.text,
        }
    }
}

/// Adds the display parts of `library`, which `index` was built from.
pub(super) fn write_display<'a>(index: &Index, library: &'a Library, writer: &mut Writer<'a>) {
    let issues = &library.issues;
    writer.part(
        ISSUE_IDS,
        string_list(issues.iter().map(|i| i.id.as_bytes())),
    );
    let dates: Vec<Vec<u8>> = issues.iter().map(|i| tagged(i.date.as_deref())).collect();
    writer.part(ISSUE_DATES, string_list(dates.iter().map(Vec::as_slice)));
    let mut names: Vec<Vec<u8>> = Vec::with_capacity(index.sections.len());
    let mut lines: Vec<Vec<u8>> = Vec::with_capacity(index.entries.len() * 3);
    let mut summaries: Vec<&[u8]> = Vec::with_capacity(index.entries.len());
    for record in &index.sections {
        let section = issues
            .get(record.issue as usize)
            .and_then(|issue| issue.sections.get(record.section as usize));
        let path = section.map(|s| joined_path(s.path()));
        names.push(path.unwrap_or_default().into_bytes());
        let entries = section.map_or(&[][..], |s| &s.entries[..]);
        for k in record.entries() {
            let entry = entries.get(k - record.entries().start);
            lines.push(entry.map_or(Vec::new(), |e| e.title().as_bytes().to_vec()));
            lines.push(tagged(entry.and_then(|e| e.source())));
            lines.push(tagged(entry.and_then(|e| e.url())));
            summaries.push(entry.map_or(&[][..], |e| e.summary().as_bytes()));
        }
    }
    writer.part(SECTION_NAMES, string_list(names.iter().map(Vec::as_slice)));
    writer.part(ENTRY_LINES, string_list(lines.iter().map(Vec::as_slice)));
    writer.part(SUMMARIES, string_list(summaries.into_iter()));
    let prose = index.prose.iter().flat_map(|record| {
        let (issue, section) = record.place_of();
        let (path, text) = prose_lines(issues.get(issue as usize), section);
        [tagged(path.as_deref()), text.into_bytes()]
    });
    let prose: Vec<Vec<u8>> = prose.collect();
    writer.part(PROSE_LINES, string_list(prose.iter().map(Vec::as_slice)));
}

/// The path (none for the intro) and searched text of the prose of `section` (or
/// [`Hit::INTRO`]) of `issue`.
fn prose_lines(issue: Option<&Issue>, section: u32) -> (Option<String>, String) {
    let Some(issue) = issue else {
        return (None, String::new());
    };
    if section == Hit::INTRO {
        return (None, searched_text(&issue.intro, &issue.intro_links));
    }
    let Some(section) = issue.sections.get(section as usize) else {
        return (None, String::new());
    };
    let path = joined_path(section.path());
    let links = section.link.iter().chain(&section.links);
    (Some(path), searched_text(&section.body, links))
}

fn tagged(text: Option<&str>) -> Vec<u8> {
    match text {
        None => vec![0],
        Some(text) => [&[1u8][..], text.as_bytes()].concat(),
    }
}

fn untag(bytes: Cow<'_, [u8]>) -> Result<Option<Cow<'_, str>>, IndexError> {
    match bytes.first() {
        Some(0) if bytes.len() == 1 => Ok(None),
        Some(1) => {
            let rest = match bytes {
                Cow::Borrowed(bytes) => Cow::Borrowed(&bytes[1..]),
                Cow::Owned(mut bytes) => {
                    bytes.remove(0);
                    Cow::Owned(bytes)
                }
            };
            text(rest).map(Some)
        }
        _ => Err(IndexError::Damaged("an optional string")),
    }
}

/// `bytes` as text, borrowed as they are.
fn text(bytes: Cow<'_, [u8]>) -> Result<Cow<'_, str>, IndexError> {
    match bytes {
        Cow::Borrowed(bytes) => utf8(bytes).map(Cow::Borrowed),
        Cow::Owned(bytes) => String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| IndexError::Damaged("text is not UTF-8")),
    }
}

/// `bytes` as text (checked on SIMD lanes: the display parts are most of what a
/// search reads).
fn utf8(bytes: &[u8]) -> Result<&str, IndexError> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| IndexError::Damaged("text is not UTF-8"))
}

/// Consecutive items of a string list: where each starts in the list's strings (then
/// where the last ends), 8 bytes each, and their bytes.
struct Items<'b> {
    offsets: Cow<'b, [u8]>,
    bytes: Cow<'b, [u8]>,
}

impl<'b> Items<'b> {
    /// Item `i`, borrowed as the items are; empty when there is none.
    fn get(&self, i: usize) -> Cow<'b, [u8]> {
        let (Some(first), Some(start), Some(end)) = (
            offset(&self.offsets, 0),
            offset(&self.offsets, i),
            offset(&self.offsets, i + 1),
        ) else {
            return Cow::Borrowed(&[]);
        };
        let range = (start - first) as usize..(end - first) as usize;
        match &self.bytes {
            &Cow::Borrowed(bytes) => Cow::Borrowed(&bytes[range]),
            Cow::Owned(bytes) => Cow::Owned(bytes[range].to_vec()),
        }
    }
}

/// Offset `i` of the 8-byte offsets `offsets`.
fn offset(offsets: &[u8], i: usize) -> Option<u64> {
    let bytes = offsets.get(i * 8..i * 8 + 8)?;
    Some(u64::from_le_bytes(bytes.try_into().unwrap_or_default()))
}

/// Where the strings whose offsets are `offsets` lie in their list, whose strings
/// start at `blob`; an error unless the offsets are in order.
fn strings_of(offsets: &[u8], blob: u64) -> Result<Range<u64>, IndexError> {
    let damaged = IndexError::Damaged("a string list");
    let count = offsets.len() / 8;
    let sorted = (1..count).all(|i| offset(offsets, i - 1) <= offset(offsets, i));
    let (Some(first), Some(last)) = (offset(offsets, 0), offset(offsets, count.max(1) - 1)) else {
        return Err(damaged);
    };
    match (blob.checked_add(first), blob.checked_add(last)) {
        (Some(start), Some(end)) if sorted => Ok(start..end),
        _ => Err(damaged),
    }
}

/// What a view keeps of a long text (a summary, or prose's searched text), made of it
/// as it is read: all of it ([`whole`]), or what the caller prints of it (a snippet),
/// so that it is not copied to be cut.
pub type Keep<'k> = &'k (dyn Fn(&str) -> String + Sync);

/// A [`Keep`] that keeps all.
pub fn whole(text: &str) -> String {
    text.to_string()
}

/// What a reader of many views in the order of the file keeps between them: the pages
/// of the summaries, the issue's and section's strings of the last one (the next ones
/// are mostly of the same), and the section record of the last entry.
#[derive(Default)]
pub(super) struct Reading<'c> {
    pub pages: PageBuffers,
    issue: Last<IdDate<'c>>,
    /// A section record's path.
    section: Last<Cow<'c, str>>,
    /// The issue and section of the last entry's section record, and its number.
    pub record: Option<((u32, u32), usize)>,
}

/// An issue's id and date.
type IdDate<'c> = (Cow<'c, str>, Option<Cow<'c, str>>);

/// The value made last, and of which item.
#[derive(Default)]
struct Last<T>(Option<(usize, T)>);

impl<T: Clone> Last<T> {
    /// The value of item `at`: the one kept when it is its, else what `make` makes
    /// (then kept).
    fn of(
        &mut self,
        at: usize,
        make: impl FnOnce() -> Result<T, IndexError>,
    ) -> Result<T, IndexError> {
        match &self.0 {
            Some((kept, value)) if *kept == at => Ok(value.clone()),
            _ => {
                let value = make()?;
                self.0 = Some((at, value.clone()));
                Ok(value)
            }
        }
    }
}

/// Strings of the display parts, borrowed from a container in memory (else read
/// through its page cache, and the long ones through buffers).
pub(super) struct DisplayReader<'c, R> {
    pub container: &'c Container<R>,
}

impl<'c, R: ReadAt> DisplayReader<'c, R> {
    /// Where the offsets of items `items` of string list `kind` lie in it, and where
    /// its strings start.
    fn offsets_of(&self, kind: u32, items: &Range<u64>) -> Result<(Range<u64>, u64), IndexError> {
        let count = offset(&self.container.cached(kind, 0..8)?, 0).unwrap_or_default();
        if items.start > items.end || items.end > count {
            return Err(IndexError::Damaged("a string list item is missing"));
        }
        Ok((8 + items.start * 8..16 + items.end * 8, 16 + count * 8))
    }

    /// Items `items` of string list `kind`, through the container's cache (borrowed
    /// where it lies in memory).
    fn items(&self, kind: u32, items: Range<u64>) -> Result<Items<'c>, IndexError> {
        let (at, blob) = self.offsets_of(kind, &items)?;
        let offsets = self.container.cached(kind, at)?;
        let bytes = self.container.cached(kind, strings_of(&offsets, blob)?)?;
        Ok(Items { offsets, bytes })
    }

    /// [`DisplayReader::items`] read through `buffers` unless the container is in
    /// memory: for long texts, used at once, of large parts read in order.
    fn items_buffered<'b>(
        &'b self,
        kind: u32,
        items: Range<u64>,
        buffers: &'b mut PageBuffers,
    ) -> Result<Items<'b>, IndexError> {
        let (at, blob) = self.offsets_of(kind, &items)?;
        let offsets = Cow::Owned(self.container.buffered(kind, at, buffers)?.into_owned());
        let bytes = self
            .container
            .buffered(kind, strings_of(&offsets, blob)?, buffers)?;
        Ok(Items { offsets, bytes })
    }

    fn one(&self, kind: u32, item: usize) -> Result<Cow<'c, [u8]>, IndexError> {
        let item = item as u64;
        Ok(self.items(kind, item..item + 1)?.get(0))
    }

    /// The line of prose record `r` of the index, of issue `issue`, read through
    /// `reading`; its text what `keep` makes of it.
    pub fn prose_line(
        &self,
        issue: usize,
        r: usize,
        reading: &mut Reading<'c>,
        keep: Keep<'_>,
    ) -> Result<ProseLine<'c>, IndexError> {
        let r = r as u64;
        let lines = self.items(PROSE_LINES, r * 2..r * 2 + 2)?;
        let path = untag(lines.get(0))?;
        let text = keep(utf8(&lines.get(1))?);
        let (issue_id, date) = self.issue(issue, reading)?;
        Ok(ProseLine {
            from: "",
            issue_id,
            date,
            path,
            text,
        })
    }

    /// The id and date of issue `issue`: those `reading` kept when they are its.
    fn issue(&self, issue: usize, reading: &mut Reading<'c>) -> Result<IdDate<'c>, IndexError> {
        reading.issue.of(issue, || {
            let id = text(self.one(ISSUE_IDS, issue)?)?;
            Ok((id, untag(self.one(ISSUE_DATES, issue)?)?))
        })
    }

    /// The path of section record `s`: the one `reading` kept when it is its.
    fn path(&self, s: usize, reading: &mut Reading<'c>) -> Result<Cow<'c, str>, IndexError> {
        reading.section.of(s, || text(self.one(SECTION_NAMES, s)?))
    }

    /// The line of entry `k` of the index, in section record `s`, of issue `issue`;
    /// its summary what `summary` makes of it when given, else empty; read through
    /// `reading`.
    pub fn line(
        &self,
        issue: usize,
        s: usize,
        k: usize,
        reading: &mut Reading<'c>,
        summary: Option<Keep<'_>>,
    ) -> Result<EntryLine<'c>, IndexError> {
        let k = k as u64;
        let line = self.items(ENTRY_LINES, k * 3..k * 3 + 3)?;
        let (title, source, url) = (text(line.get(0))?, untag(line.get(1))?, untag(line.get(2))?);
        let summary = match summary {
            Some(keep) => {
                let summaries = self.items_buffered(SUMMARIES, k..k + 1, &mut reading.pages)?;
                keep(utf8(&summaries.get(0))?)
            }
            None => String::new(),
        };
        let path = self.path(s, reading)?;
        let (issue_id, date) = self.issue(issue, reading)?;
        Ok(EntryLine {
            from: "",
            issue_id,
            date,
            path,
            title,
            source,
            url,
            summary,
        })
    }
}
