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
const PATH_BREAK: &str = "\n";

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
    /// The view of a result found in the library; its summary when `summary` is true.
    pub fn of(found: &super::Found, summary: bool) -> EntryView {
        EntryView {
            from: found.issue.source.to_string(),
            issue_id: found.issue.id.clone(),
            date: found.issue.date.clone(),
            section: found.section.title.clone(),
            path: found.section.path().map(str::to_string).collect(),
            title: found.entry.title().to_string(),
            source: found.entry.source().map(str::to_string),
            url: found.entry.url().map(str::to_string),
            summary: if summary {
                found.entry.summary().to_string()
            } else {
                String::new()
            },
        }
    }

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
        let path = section.map(|s| s.path().collect::<Vec<_>>().join(PATH_BREAK));
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
    let path = section.path().collect::<Vec<_>>().join(PATH_BREAK);
    let links = section.link.iter().chain(&section.links);
    (Some(path), searched_text(&section.body, links))
}

fn tagged(text: Option<&str>) -> Vec<u8> {
    match text {
        None => vec![0],
        Some(text) => [&[1u8][..], text.as_bytes()].concat(),
    }
}

fn untag(bytes: &[u8]) -> Result<Option<String>, IndexError> {
    match bytes.split_first() {
        Some((0, [])) => Ok(None),
        Some((1, rest)) => text(rest).map(Some),
        _ => Err(IndexError::Damaged("an optional string")),
    }
}

fn text(bytes: &[u8]) -> Result<String, IndexError> {
    utf8(bytes).map(str::to_string)
}

/// `bytes` as text (checked on SIMD lanes: the display parts are most of what a
/// search reads).
fn utf8(bytes: &[u8]) -> Result<&str, IndexError> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| IndexError::Damaged("text is not UTF-8"))
}

/// Consecutive items of a string list: their bytes, and where each starts in them
/// (then where the last ends).
struct Items<'b> {
    bytes: Cow<'b, [u8]>,
    offsets: Vec<u64>,
}

impl Items<'_> {
    /// Item `i`; empty when there is none.
    fn get(&self, i: usize) -> &[u8] {
        let (Some(&start), Some(&end), Some(&first)) = (
            self.offsets.get(i),
            self.offsets.get(i + 1),
            self.offsets.first(),
        ) else {
            return &[];
        };
        &self.bytes[(start - first) as usize..(end - first) as usize]
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

/// What a reader of many views in the order of the file keeps between them: its
/// pages, and the issue's and section's strings of the last one (the next ones are
/// mostly of the same).
#[derive(Default)]
pub(super) struct Reading {
    pub pages: PageBuffers,
    /// An issue's id and date.
    issue: Last<(String, Option<String>)>,
    /// A section record's path.
    section: Last<Vec<String>>,
}

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

/// Strings of the display parts, read from a container a few pages at a time.
pub(super) struct DisplayReader<'c, R> {
    pub container: &'c Container<R>,
}

impl<R: ReadAt> DisplayReader<'_, R> {
    /// Items `items` of string list `kind`.
    fn items(&self, kind: u32, items: Range<u64>) -> Result<Items<'_>, IndexError> {
        self.items_through(kind, items, None)
    }

    /// [`DisplayReader::items`], their offsets and bytes read through `buffers` when
    /// given (for large parts read in order), else through the container's cache.
    fn items_through<'b>(
        &'b self,
        kind: u32,
        items: Range<u64>,
        mut buffers: Option<&'b mut PageBuffers>,
    ) -> Result<Items<'b>, IndexError> {
        let count = u64::from_le_bytes(
            self.container.cached(kind, 0..8)?[..]
                .try_into()
                .unwrap_or_default(),
        );
        if items.start > items.end || items.end > count {
            return Err(IndexError::Damaged("a string list item is missing"));
        }
        let at = 8 + items.start * 8..16 + items.end * 8;
        let offsets = match buffers.as_deref_mut() {
            Some(buffers) => super::persist::u64s(&self.container.buffered(kind, at, buffers)?)?,
            None => super::persist::u64s(&self.container.cached(kind, at)?)?,
        };
        let blob = 16 + count * 8;
        let (Some(&first), Some(&last)) = (offsets.first(), offsets.last()) else {
            return Err(IndexError::Damaged("a string list"));
        };
        if !offsets.is_sorted() {
            return Err(IndexError::Damaged("a string list"));
        }
        let start = blob
            .checked_add(first)
            .ok_or(IndexError::Damaged("a string list"))?;
        let end = blob
            .checked_add(last)
            .ok_or(IndexError::Damaged("a string list"))?;
        let bytes = match buffers {
            Some(buffers) => self.container.buffered(kind, start..end, buffers)?,
            None => self.container.cached(kind, start..end)?,
        };
        Ok(Items { bytes, offsets })
    }

    fn one(&self, kind: u32, item: usize) -> Result<Items<'_>, IndexError> {
        let item = item as u64;
        self.items(kind, item..item + 1)
    }

    /// The view of prose record `r` of the index, of issue `issue`, read through
    /// `reading`; its text what `keep` makes of it.
    pub fn prose_view(
        &self,
        issue: usize,
        r: usize,
        reading: &mut Reading,
        keep: Keep<'_>,
    ) -> Result<ProseView, IndexError> {
        let r = r as u64;
        let lines = self.items_through(PROSE_LINES, r * 2..r * 2 + 2, Some(&mut reading.pages))?;
        let path = untag(lines.get(0))?;
        let path = path.map(|p| p.split(PATH_BREAK).map(str::to_string).collect());
        let text = keep(utf8(lines.get(1))?);
        let (issue_id, date) = self.issue(issue, reading)?;
        Ok(ProseView {
            from: String::new(),
            issue_id,
            date,
            path,
            text,
        })
    }

    /// The id and date of issue `issue`: those `reading` kept when they are its.
    fn issue(
        &self,
        issue: usize,
        reading: &mut Reading,
    ) -> Result<(String, Option<String>), IndexError> {
        reading.issue.of(issue, || {
            let id = text(self.one(ISSUE_IDS, issue)?.get(0))?;
            Ok((id, untag(self.one(ISSUE_DATES, issue)?.get(0))?))
        })
    }

    /// The path of section record `s`: the one `reading` kept when it is its.
    fn path(&self, s: usize, reading: &mut Reading) -> Result<Vec<String>, IndexError> {
        reading.section.of(s, || {
            let names = self.one(SECTION_NAMES, s)?;
            Ok(utf8(names.get(0))?
                .split(PATH_BREAK)
                .map(str::to_string)
                .collect())
        })
    }

    /// The view of entry `k` of the index, in section record `s`, of issue `issue`;
    /// its summary what `summary` makes of it when given, else empty; read through
    /// `reading`.
    pub fn view(
        &self,
        issue: usize,
        s: usize,
        k: usize,
        reading: &mut Reading,
        summary: Option<Keep<'_>>,
    ) -> Result<EntryView, IndexError> {
        let k = k as u64;
        let line = self.items_through(ENTRY_LINES, k * 3..k * 3 + 3, Some(&mut reading.pages))?;
        let (title, source, url) = (text(line.get(0))?, untag(line.get(1))?, untag(line.get(2))?);
        let summary = match summary {
            Some(keep) => {
                let summaries =
                    self.items_through(SUMMARIES, k..k + 1, Some(&mut reading.pages))?;
                keep(utf8(summaries.get(0))?)
            }
            None => String::new(),
        };
        let path = self.path(s, reading)?;
        let (issue_id, date) = self.issue(issue, reading)?;
        Ok(EntryView {
            from: String::new(),
            issue_id,
            date,
            section: path.last().cloned().unwrap_or_default(),
            path,
            title,
            source,
            url,
            summary,
        })
    }
}
