//! Plain data: a library of issues, each with sections of entries.
//! No UI types here; every string is sanitized by the parser before it lands.

mod decode;
mod find;
mod keys;
mod labels;
mod order;
mod shared;
mod sources;
mod urls;

use std::fmt;
use std::ops::Range;

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use shared::Window;

pub use find::Lookup;
pub use keys::{EntryKey, InvalidSourceId, IssueKey, SourceId, entry_hash, normalize_url};
pub use labels::{PATH_SEPARATOR, link_label, path_label, plural, section_name, thousands};
pub use order::{Ordered, natural_cmp, sort_issues, sort_pages};
pub use shared::{Backing, decoding_from};
pub use sources::SourceInfo;
pub use urls::{UrlHint, shown_url, url_hint};

/// All issues, newest first (see [`Library::sort`]), of one newsletter or several.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    pub issues: Vec<Issue>,
    /// The newsletters the issues come from, in the order the reader lists them; set by
    /// the loaders (empty for a library built by hand: see [`Library::source_list`]).
    #[serde(skip)]
    pub sources: Vec<SourceInfo>,
    /// Files read beside the issues that are not issues (a privacy policy, a list of
    /// contributors, a folder of topics): left out of the issue list and `latest`, still
    /// opened when a link points at them. Set by the loaders (see `library::pages`).
    #[serde(skip)]
    pub pages: Vec<Issue>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The newsletter the issue belongs to, set by the loader. Not part of the JSON
    /// output: `brief show --json` prints the issue as read.
    #[serde(skip)]
    pub source: SourceId,
    /// File stem, e.g. `2020-06-03`; unique within its source.
    pub id: String,
    pub title: String,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// 第 N 期, Vol.N, issue-N.
    pub number: Option<u32>,
    /// Path or URL the issue was read from.
    #[serde(rename = "origin")]
    pub location: String,
    /// Text before the first section (导读).
    pub intro: String,
    /// Links in the intro (text before the first section), in document order.
    pub intro_links: Vec<Link>,
    pub sections: Vec<Section>,
    /// Links to other issues, from the archive section (往期回顾).
    pub archive: Vec<Link>,
}

/// One heading of an issue and what it holds up to the next heading. Sections are a
/// flat list in document order; the headings' tree is carried by [`Section::parents`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// Titles of the headings this section sits under, outermost first; empty for a
    /// section at the top of the tree. The section's full path is `parents + [title]`.
    /// JSON: `"path": [..parents, title]` (the full path, beside `title`).
    pub parents: Vec<String>,
    /// The heading's own link when the heading is a link (`##### [Cargo](url)`).
    pub link: Option<Link>,
    /// Prose of the section that is not part of any entry.
    pub body: String,
    /// Links in the section's prose (outside any entry), in document order.
    pub links: Vec<Link>,
    pub entries: Vec<Entry>,
}

/// One entry of a section. Its strings share one buffer, one allocation per entry,
/// which keeps loading a large library cheap, or lie in bytes shared by many entries
/// (see [`decoding_from`]); read them through the accessors.
#[derive(Clone, Default)]
pub struct Entry {
    text: EntryText,
    title: Span,
    source: Option<Span>,
    tags: Vec<Span>,
    /// Primary link: first usable link of the entry's first paragraph.
    url: Option<Span>,
    /// Every link of the entry, in order.
    links: SmallVec<[LinkSpan; 2]>,
    summary: Span,
    /// The digest's own number for the entry (`1、[name](url)`, `12. …`).
    number: Option<u32>,
}

/// A byte range of an entry's buffer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where an entry's strings lie: a buffer of its own, or a window of shared bytes.
#[derive(Clone)]
enum EntryText {
    Own(String),
    Shared(Window),
}

impl Default for EntryText {
    fn default() -> EntryText {
        EntryText::Own(String::new())
    }
}

impl EntryText {
    /// The string at `span`; empty when that is not one.
    fn read(&self, span: Span) -> &str {
        match self {
            EntryText::Own(text) => text.get(span.range()).unwrap_or(""),
            EntryText::Shared(window) => window.read(span.range()),
        }
    }
}

/// Where a link's text and URL sit in an entry's buffer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkSpan {
    pub text: Span,
    pub url: Span,
}

/// Where each string of an entry sits in its buffer; see [`Entry::from_parts`].
#[derive(Debug, Clone, Default)]
pub struct EntryParts {
    pub title: Span,
    pub source: Option<Span>,
    pub tags: Vec<Span>,
    pub url: Option<Span>,
    pub links: SmallVec<[LinkSpan; 2]>,
    pub summary: Span,
    pub number: Option<u32>,
}

/// A link of an entry, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LinkRef<'a> {
    pub text: &'a str,
    pub url: &'a str,
}

impl LinkRef<'_> {
    pub fn to_link(self) -> Link {
        Link {
            text: self.text.to_string(),
            url: self.url.to_string(),
        }
    }
}

impl Entry {
    /// An entry with these strings and no tags or links yet.
    pub fn new(title: &str, source: Option<&str>, summary: &str) -> Entry {
        let mut entry = Entry::default();
        entry.title = entry.push(title);
        entry.source = source.map(|s| entry.push(s));
        entry.summary = entry.push(summary);
        entry
    }

    /// Assembles an entry from its buffer and where its strings sit in it. A span
    /// that is out of bounds or not on character boundaries reads as empty.
    pub fn from_parts(text: String, parts: EntryParts) -> Entry {
        Entry::assemble(EntryText::Own(text), parts)
    }

    /// An entry whose strings lie in `window`, where `parts` say.
    fn from_window(window: Window, parts: EntryParts) -> Entry {
        Entry::assemble(EntryText::Shared(window), parts)
    }

    fn assemble(text: EntryText, parts: EntryParts) -> Entry {
        Entry {
            text,
            title: parts.title,
            source: parts.source,
            tags: parts.tags,
            url: parts.url,
            links: parts.links,
            summary: parts.summary,
            number: parts.number,
        }
    }

    /// Sets the digest's own number for the entry.
    pub fn with_number(mut self, number: u32) -> Entry {
        self.number = Some(number);
        self
    }

    pub fn with_tag(mut self, tag: &str) -> Entry {
        let span = self.push(tag);
        self.tags.push(span);
        self
    }

    /// Sets the primary URL.
    pub fn with_url(mut self, url: &str) -> Entry {
        self.url = Some(self.push(url));
        self
    }

    pub fn with_link(mut self, text: &str, url: &str) -> Entry {
        let link = LinkSpan {
            text: self.push(text),
            url: self.push(url),
        };
        self.links.push(link);
        self
    }

    fn push(&mut self, text: &str) -> Span {
        if let EntryText::Shared(_) = self.text {
            *self = self.copied();
        }
        let EntryText::Own(own) = &mut self.text else {
            unreachable!("copied above");
        };
        let start = own.len();
        own.push_str(text);
        Span::new(start, own.len())
    }

    /// The entry, its strings copied into a buffer of its own.
    fn copied(&self) -> Entry {
        let mut entry = Entry::new(self.title(), self.source(), self.summary());
        entry.url = self.url().map(|url| entry.push(url));
        entry.tags = self.tags().map(|tag| entry.push(tag)).collect();
        entry.links = self
            .links()
            .map(|link| LinkSpan {
                text: entry.push(link.text),
                url: entry.push(link.url),
            })
            .collect();
        entry.number = self.number;
        entry
    }

    pub fn title(&self) -> &str {
        self.text.read(self.title)
    }

    /// The publisher, from `title | source`.
    pub fn source(&self) -> Option<&str> {
        self.source.map(|s| self.text.read(s))
    }

    pub fn tags(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        self.tags.iter().map(|&s| self.text.read(s))
    }

    /// The primary link's URL.
    pub fn url(&self) -> Option<&str> {
        self.url.map(|s| self.text.read(s))
    }

    /// Whether the entry has a primary link: [`Entry::url`] without reading it.
    pub fn has_url(&self) -> bool {
        self.url.is_some()
    }

    /// Every link of the entry, in order.
    pub fn links(
        &self,
    ) -> impl ExactSizeIterator<Item = LinkRef<'_>> + DoubleEndedIterator + Clone + '_ {
        self.links.iter().map(|l| self.link_ref(l))
    }

    /// The `index`th link (from 0).
    pub fn link(&self, index: usize) -> Option<LinkRef<'_>> {
        self.links.get(index).map(|l| self.link_ref(l))
    }

    pub fn summary(&self) -> &str {
        self.text.read(self.summary)
    }

    /// The digest's own number for the entry, when it numbers its entries
    /// (`1、[name](url)：…`, `12. …`).
    pub fn number(&self) -> Option<u32> {
        self.number
    }

    /// Heap memory the entry's strings hold: none for an entry whose strings lie in
    /// shared bytes (see [`decoding_from`]).
    pub fn heap_bytes(&self) -> usize {
        match &self.text {
            EntryText::Own(text) => text.capacity(),
            EntryText::Shared(_) => 0,
        }
    }

    /// Every string of the entry: title, summary, source, URL, tags, link texts and URLs.
    pub fn strings(&self) -> impl Iterator<Item = &str> + '_ {
        [self.title(), self.summary()]
            .into_iter()
            .chain(self.source())
            .chain(self.url())
            .chain(self.tags())
            .chain(self.links().flat_map(|l| [l.text, l.url]))
    }

    fn link_ref(&self, link: &LinkSpan) -> LinkRef<'_> {
        LinkRef {
            text: self.text.read(link.text),
            url: self.text.read(link.url),
        }
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.title() == other.title()
            && self.source() == other.source()
            && self.tags().eq(other.tags())
            && self.url() == other.url()
            && self.links().eq(other.links())
            && self.summary() == other.summary()
            && self.number == other.number
    }
}

impl Eq for Entry {}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("title", &self.title())
            .field("source", &self.source())
            .field("tags", &self.tags().collect::<Vec<_>>())
            .field("url", &self.url())
            .field("links", &self.links().collect::<Vec<_>>())
            .field("summary", &self.summary())
            .field("number", &self.number)
            .finish()
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entry = serializer.serialize_struct("Entry", 7)?;
        entry.serialize_field("title", self.title())?;
        entry.serialize_field("source", &self.source())?;
        entry.serialize_field("tags", &self.tags().collect::<Vec<_>>())?;
        entry.serialize_field("url", &self.url())?;
        entry.serialize_field("links", &self.links().collect::<Vec<_>>())?;
        entry.serialize_field("summary", self.summary())?;
        entry.serialize_field("number", &self.number)?;
        entry.end()
    }
}

impl Serialize for Section {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut section = serializer.serialize_struct("Section", 6)?;
        section.serialize_field("title", &self.title)?;
        section.serialize_field("path", &self.path().collect::<Vec<_>>())?;
        section.serialize_field("link", &self.link)?;
        section.serialize_field("body", &self.body)?;
        section.serialize_field("links", &self.links)?;
        section.serialize_field("entries", &self.entries)?;
        section.end()
    }
}

impl Link {
    fn strings(&self) -> [&str; 2] {
        [&self.text, &self.url]
    }
}

impl Section {
    /// The titles from the outermost heading down to this section's own.
    pub fn path(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        self.parents
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(self.title.as_str()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

impl Library {
    /// A library of `issues` (in the order given) whose sources are not listed.
    pub fn new(issues: Vec<Issue>) -> Library {
        Library {
            issues,
            ..Library::default()
        }
    }

    pub fn entry_count(&self) -> usize {
        self.issues.iter().map(Issue::entry_count).sum()
    }
}

impl Issue {
    pub fn entry_count(&self) -> usize {
        self.sections.iter().map(|s| s.entries.len()).sum()
    }

    /// Every string of the issue, its sections and entries, ids and links included.
    pub fn strings(&self) -> impl Iterator<Item = &str> + '_ {
        let own = [&self.id, &self.title, &self.location, &self.intro].map(String::as_str);
        let archive = self.archive.iter().chain(&self.intro_links);
        let sections = self.sections.iter().flat_map(|section| {
            [section.title.as_str(), &section.body]
                .into_iter()
                .chain(section.parents.iter().map(String::as_str))
                .chain(
                    section
                        .link
                        .iter()
                        .chain(&section.links)
                        .flat_map(Link::strings),
                )
                .chain(section.entries.iter().flat_map(Entry::strings))
        });
        own.into_iter()
            .chain(self.date.as_deref())
            .chain(archive.flat_map(Link::strings))
            .chain(sections)
    }

    /// All entries with their section index, in reading order.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.entries.iter().map(move |e| (i, e)))
    }
}
