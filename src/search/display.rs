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

use std::ops::Range;

use super::format::{Container, IndexError, PageBuffer, ReadAt, Writer};
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

fn untag(bytes: Vec<u8>) -> Result<Option<String>, IndexError> {
    match bytes.split_first() {
        Some((0, [])) => Ok(None),
        Some((1, _)) => text(bytes[1..].to_vec()).map(Some),
        _ => Err(IndexError::Damaged("an optional string")),
    }
}

fn text(bytes: Vec<u8>) -> Result<String, IndexError> {
    String::from_utf8(bytes).map_err(|_| IndexError::Damaged("text is not UTF-8"))
}

/// Strings of the display parts, read from a container a few pages at a time.
pub(super) struct DisplayReader<'c, R> {
    pub container: &'c Container<R>,
}

impl<R: ReadAt> DisplayReader<'_, R> {
    /// Items `items` of string list `kind`, each as bytes.
    fn items(&self, kind: u32, items: Range<u64>) -> Result<Vec<Vec<u8>>, IndexError> {
        self.items_through(kind, items, None)
    }

    /// [`DisplayReader::items`], their bytes read through `buffer` when given.
    fn items_through(
        &self,
        kind: u32,
        items: Range<u64>,
        buffer: Option<&mut PageBuffer>,
    ) -> Result<Vec<Vec<u8>>, IndexError> {
        let count = u64::from_le_bytes(
            self.container.cached(kind, 0..8)?[..]
                .try_into()
                .unwrap_or_default(),
        );
        if items.start > items.end || items.end > count {
            return Err(IndexError::Damaged("a string list item is missing"));
        }
        let offsets = self
            .container
            .cached(kind, 8 + items.start * 8..16 + items.end * 8)?;
        let offsets = super::persist::u64s(&offsets)?;
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
        let bytes = match buffer {
            Some(buffer) => self.container.buffered(kind, start..end, buffer)?,
            None => self.container.cached(kind, start..end)?,
        };
        Ok(offsets
            .windows(2)
            .map(|w| bytes[(w[0] - first) as usize..(w[1] - first) as usize].to_vec())
            .collect())
    }

    fn one(&self, kind: u32, item: usize) -> Result<Vec<u8>, IndexError> {
        let item = item as u64;
        Ok(self.items(kind, item..item + 1)?.pop().unwrap_or_default())
    }

    /// The view of prose record `r` of the index, of issue `issue`.
    pub fn prose_view(&self, issue: usize, r: usize) -> Result<ProseView, IndexError> {
        let mut lines = self
            .items(PROSE_LINES, r as u64 * 2..r as u64 * 2 + 2)?
            .into_iter();
        let (Some(path), Some(searched)) = (lines.next(), lines.next()) else {
            return Err(IndexError::Damaged("a prose line"));
        };
        let path = untag(path)?.map(|p| p.split(PATH_BREAK).map(str::to_string).collect());
        Ok(ProseView {
            from: String::new(),
            issue_id: text(self.one(ISSUE_IDS, issue)?)?,
            date: untag(self.one(ISSUE_DATES, issue)?)?,
            path,
            text: text(searched)?,
        })
    }

    /// The view of entry `k` of the index, in section record `s`, of issue `issue`;
    /// its summary when `summary` is given, read through it.
    pub fn view(
        &self,
        issue: usize,
        s: usize,
        k: usize,
        summary: Option<&mut PageBuffer>,
    ) -> Result<EntryView, IndexError> {
        let mut line = self
            .items(ENTRY_LINES, k as u64 * 3..k as u64 * 3 + 3)?
            .into_iter();
        let (title, source, url) = match (line.next(), line.next(), line.next()) {
            (Some(title), Some(source), Some(url)) => (title, source, url),
            _ => return Err(IndexError::Damaged("an entry line")),
        };
        let path: Vec<String> = text(self.one(SECTION_NAMES, s)?)?
            .split(PATH_BREAK)
            .map(str::to_string)
            .collect();
        Ok(EntryView {
            from: String::new(),
            issue_id: text(self.one(ISSUE_IDS, issue)?)?,
            date: untag(self.one(ISSUE_DATES, issue)?)?,
            section: path.last().cloned().unwrap_or_default(),
            path,
            title: text(title)?,
            source: untag(source)?,
            url: untag(url)?,
            summary: match summary {
                Some(buffer) => {
                    let k = k as u64;
                    let item = self.items_through(SUMMARIES, k..k + 1, Some(buffer))?;
                    text(item.into_iter().next().unwrap_or_default())?
                }
                None => String::new(),
            },
        })
    }
}
