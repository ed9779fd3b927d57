//! One section being laid out: its heading, its prose and the entry being read.

use pulldown_cmark::Event;

use super::archive::is_archive_title;
use super::entry::{EntryBuilder, EntryRenderers};
use super::limits::Tally;
use super::outline::Heading;
use super::render::Renderer;
use crate::model::{Entry, Link};

/// The entry being read in a section.
enum Open {
    None,
    Entry(EntryBuilder),
    /// An entry past the limit: its blocks are skipped.
    Dropped,
}

pub(super) struct SectionBuilder {
    /// The title, sanitized.
    pub title: String,
    /// Titles of the headings above, outermost first, sanitized.
    pub parents: Vec<String>,
    pub link: Option<Link>,
    /// Links of the heading besides its own.
    pub heading_links: Vec<Link>,
    /// True when the title says the section is the archive.
    pub archive: bool,
    /// True once an ordered list gave entries: later ones do too.
    pub enumerated: bool,
    /// False for a section past the limit: nothing of it is kept.
    pub kept: bool,
    /// True for a section of the headings' tree, false for the intro's or an
    /// untitled one.
    pub in_tree: bool,
    pub body: Renderer,
    pub entries: Vec<Entry>,
    entry: Open,
}

impl SectionBuilder {
    /// A section under `heading`, whose title is sanitized, whose prose may keep
    /// `link_room` links.
    pub fn new(heading: Heading, parents: Vec<String>, kept: bool, link_room: usize) -> Self {
        let mut body = Renderer::default();
        body.set_link_room(link_room);
        SectionBuilder {
            archive: is_archive_title(&heading.title),
            title: heading.title,
            parents,
            link: heading.link,
            heading_links: heading.links,
            enumerated: false,
            kept,
            in_tree: false,
            body,
            entries: Vec::new(),
            entry: Open::None,
        }
    }

    pub fn close_entry(&mut self, renderers: &mut EntryRenderers, tally: &mut Tally) {
        let Open::Entry(entry) = std::mem::replace(&mut self.entry, Open::None) else {
            return;
        };
        let entry = entry.finish(renderers);
        let links = entry.as_ref().map_or(0, |e| e.links().len());
        tally.add_links(links, renderers.links_dropped());
        self.entries.extend(entry);
    }

    /// Starts an entry with its first events; see [`EntryBuilder::start`].
    pub fn start_entry(
        &mut self,
        first: &[Event],
        enumerated: bool,
        number: Option<u32>,
        renderers: &mut EntryRenderers,
        tally: &mut Tally,
    ) {
        self.close_entry(renderers, tally);
        let admitted = if self.kept {
            tally.admit_entry()
        } else {
            tally.entries.dropped += 1;
            false
        };
        self.entry = if admitted {
            renderers.link_room = tally.room();
            Open::Entry(EntryBuilder::start(first, enumerated, number, renderers))
        } else {
            Open::Dropped
        };
    }

    /// True when the section has an entry, finished or open.
    pub fn has_entries(&self) -> bool {
        !self.entries.is_empty() || !matches!(self.entry, Open::None)
    }

    /// Adds a block to the open entry, else to the section's prose.
    pub fn append(&mut self, events: &[Event], renderers: &mut EntryRenderers) {
        match &mut self.entry {
            Open::Entry(_) => renderers.body(events),
            Open::None if self.kept => self.body.events(events),
            Open::None | Open::Dropped => {}
        }
    }
}
