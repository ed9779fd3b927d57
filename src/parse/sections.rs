//! Top-level blocks → intro, sections of entries, archive links, placed as the
//! [`Outline`] says. Blocks may come in several pieces, in order.
//!
//! Every heading but the title starts a section, under the headings above it (its
//! parents); an entry belongs to the nearest heading. Links in the intro and in a
//! section's prose are kept as its links. A list of linked bullets before the first
//! section is a section of its own ([`intro`](super::intro)); a section that links
//! other issues is the archive ([`archive`](super::archive)).

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::archive::{Naming, holds_issue_links};
use super::blocks::{Block, Blocks, Kind};
use super::entry::EntryRenderers;
use super::intro;
use super::limits::Tally;
use super::outline::{Heading, Outline, heading, link_led, numbered};
use super::render::Renderer;
use super::section::SectionBuilder;
use crate::model::{Link, LinkRef, Section};
use crate::text::{sanitize_line_owned, sanitize_owned};

/// What the blocks of one issue hold.
#[derive(Default)]
pub(super) struct Layout {
    pub intro: String,
    pub intro_links: Vec<Link>,
    pub sections: Vec<Section>,
    pub archive: Vec<Link>,
}

/// Lays out the blocks of a body, piece by piece.
pub(super) struct Builder {
    outline: Outline,
    /// How the digest names its issues, to know links to them.
    naming: Naming,
    /// Blocks seen so far, over all pieces.
    seen: usize,
    renderers: EntryRenderers,
    layout: Layout,
    intro: Renderer,
    /// An intro paragraph of the current piece not rendered yet: it may lead into a
    /// list of entries, and name their section.
    lead: Option<Range<usize>>,
    section: Option<SectionBuilder>,
    /// The headings the next block is under, outermost first: level and title.
    tree: Vec<(u8, String)>,
    tally: Tally,
}

impl Builder {
    /// A builder for the issue `id`, laid out as `outline` says.
    pub fn new(outline: Outline, id: &str, tally: Tally) -> Self {
        let mut intro = Renderer::default();
        intro.set_link_room(tally.room());
        Builder {
            outline,
            naming: Naming::of(id),
            seen: 0,
            renderers: EntryRenderers::default(),
            layout: Layout::default(),
            intro,
            lead: None,
            section: None,
            tree: Vec::new(),
            tally,
        }
    }

    /// Lays out the blocks of the next piece of the body.
    pub fn add(&mut self, events: &[Event], blocks: &Blocks) {
        for block in &blocks.blocks {
            let index = self.seen;
            self.seen += 1;
            let footer = self
                .outline
                .footer_start
                .is_some_and(|start| index >= start);
            let title = self.outline.title == Some(index);
            if !footer && !title {
                self.block(events, blocks, block);
            }
        }
        self.flush_lead(events);
    }

    fn block(&mut self, all: &[Event], blocks: &Blocks, block: &Block) {
        let events = &all[block.events.clone()];
        match block.kind {
            Kind::Heading(level) => {
                self.flush_lead(all);
                self.heading(level, events);
            }
            Kind::LongHeading | Kind::Rule => {
                if let Some(section) = &mut self.section {
                    section.close_entry(&mut self.renderers, &mut self.tally);
                }
                self.append(all, events);
            }
            Kind::List { ordered } => self.list(all, blocks, block, ordered),
            Kind::Paragraph if self.in_intro() => {
                self.flush_lead(all);
                self.lead = Some(block.events.clone());
            }
            Kind::Paragraph if self.starts_entry(events) => {
                let section = entry_section(&mut self.section, &mut self.tally);
                section.start_entry(events, true, None, &mut self.renderers, &mut self.tally);
            }
            Kind::Paragraph | Kind::Other => self.append(all, events),
        }
    }

    /// True before the first section of an issue that has sections.
    fn in_intro(&self) -> bool {
        self.section.is_none() && self.outline.has_sections
    }

    /// True for a paragraph that starts an entry: numbered (`1、`), or led by a link
    /// in a section of entries, not after its prose (`[Submit yours](url)!` closing a
    /// section of prose is prose).
    fn starts_entry(&self, events: &[Event]) -> bool {
        let among_entries = match &self.section {
            Some(section) if section.archive => return false,
            Some(section) => section.has_entries() || section.body.out.is_empty(),
            None if self.outline.has_sections => return false,
            None => true,
        };
        numbered(events) || among_entries && link_led(events, true)
    }

    fn heading(&mut self, level: u8, events: &[Event]) {
        self.close_section();
        self.take_intro_links();
        while self.tree.last().is_some_and(|&(open, _)| open >= level) {
            self.tree.pop();
        }
        let mut heading = heading(events);
        heading.title = sanitize_line_owned(heading.title);
        let parent_bytes = self
            .tree
            .iter()
            .map(|(_, title)| title.len() + size_of::<String>())
            .sum();
        let kept = self.tally.admit_section();
        let parents = if kept && self.tally.admit_parents(parent_bytes) {
            self.tree.iter().map(|(_, title)| title.clone()).collect()
        } else {
            Vec::new()
        };
        self.tree.push((level, heading.title.clone()));
        let room = self.tally.room();
        let mut section = SectionBuilder::new(heading, parents, kept, room);
        section.in_tree = true;
        self.section = Some(section);
    }

    fn list(&mut self, all: &[Event], blocks: &Blocks, block: &Block, ordered: bool) {
        let events = &all[block.events.clone()];
        let items = &blocks.items[block.items.clone()];
        let numbers = list_numbers(events);
        if self.in_intro() {
            if intro::is_entry_list(all, items) {
                self.intro_list(all, events, items, numbers);
            } else {
                self.append(all, events);
            }
            return;
        }
        let in_section = self.section.as_ref().is_some_and(|s| !s.archive);
        let enumerated_entries = ordered
            && (self.section.as_ref().is_some_and(|s| s.enumerated)
                || items
                    .first()
                    .is_some_and(|i| link_led(&all[i.clone()], false)));
        let entries =
            (in_section || !self.outline.has_sections) && (!ordered || enumerated_entries);
        if !entries || items.is_empty() {
            self.append(all, events);
            return;
        }
        let room = self.tally.room();
        let section = entry_section(&mut self.section, &mut self.tally);
        section.enumerated |= ordered;
        if section.kept {
            section.entries.reserve(items.len().min(room));
        }
        for (i, item) in items.iter().enumerate() {
            let first = &all[item.clone()];
            let number = numbers.map(|start| number_at(start, i));
            section.start_entry(first, false, number, &mut self.renderers, &mut self.tally);
        }
    }

    /// Lays out a list of entries in the intro as a section of its own, named by the
    /// paragraph before it when that paragraph leads into it.
    fn intro_list(
        &mut self,
        all: &[Event],
        list: &[Event],
        items: &[Range<usize>],
        numbers: Option<u64>,
    ) {
        let kept = self.tally.admit_section();
        let room = self.tally.room();
        let mut section = SectionBuilder::new(Heading::default(), Vec::new(), kept, room);
        if let Some(lead) = self.lead.take() {
            section.body.events(&all[lead.clone()]);
            match intro::lead_name(&section.body.out) {
                Some(name) => section.title = sanitize_line_owned(name),
                None => {
                    section.body.reset();
                    section.body.set_link_room(room);
                    self.intro.events(&all[lead]);
                }
            }
        }
        if section.title.is_empty() {
            section.title = intro::default_name(list);
        }
        for (i, item) in items.iter().enumerate() {
            let number = numbers.map(|start| number_at(start, i));
            let first = &all[item.clone()];
            section.start_entry(first, false, number, &mut self.renderers, &mut self.tally);
        }
        self.section = Some(section);
        self.close_section();
    }

    /// Renders the pending intro paragraph into the intro.
    fn flush_lead(&mut self, all: &[Event]) {
        if let Some(lead) = self.lead.take() {
            self.intro.events(&all[lead]);
        }
    }

    fn append(&mut self, all: &[Event], events: &[Event]) {
        match &mut self.section {
            Some(section) => section.append(events, &mut self.renderers),
            None => {
                self.flush_lead(all);
                self.intro.events(events);
            }
        }
    }

    fn close_section(&mut self) {
        let Some(mut section) = self.section.take() else {
            return;
        };
        section.close_entry(&mut self.renderers, &mut self.tally);
        section.body.finish();
        self.tally.long_tags += section.body.long_tags();
        self.tally.add_links(0, section.body.links_dropped);
        let archive = section.kept
            && (section.archive
                || holds_issue_links(&section.entries, &section.body.out, &self.naming));
        if section.in_tree && (archive || !section.kept) {
            // Not a section: no section sits under it.
            self.tree.pop();
        }
        if !section.kept {
            return;
        }
        if archive {
            self.archive_links(section);
            return;
        }
        let prose_links = section.body.clean_links().map(|(link, _)| link);
        let links: Vec<Link> = section
            .heading_links
            .into_iter()
            .chain(prose_links)
            .collect();
        let links = self.admitted(links);
        self.layout.sections.push(Section {
            title: section.title,
            parents: section.parents,
            link: section.link,
            body: sanitize_owned(section.body.out),
            links,
            entries: section.entries,
        });
    }

    /// The links the issue has room for, counted.
    fn admitted(&mut self, links: Vec<Link>) -> Vec<Link> {
        let mut kept = links;
        kept.retain(|_| self.tally.admit_link());
        kept
    }

    fn archive_links(&mut self, section: SectionBuilder) {
        let body_links: Vec<Link> = section
            .body
            .clean_links()
            .filter(|(_, image)| !image)
            .map(|(link, _)| link)
            .collect();
        // Entry links were counted with their entries.
        let body_links = self.admitted(body_links);
        let entry_links = section
            .entries
            .iter()
            .flat_map(|e| e.links().map(LinkRef::to_link));
        self.layout
            .archive
            .extend(body_links.into_iter().chain(entry_links));
    }

    /// Moves the intro's links, all read once a section starts, to the layout.
    fn take_intro_links(&mut self) {
        self.intro.finish();
        if self.intro.links.is_empty() {
            return;
        }
        let links: Vec<Link> = self.intro.clean_links().map(|(link, _)| link).collect();
        self.intro.links.clear();
        let links = self.admitted(links);
        self.layout.intro_links.extend(links);
    }

    pub fn finish(mut self) -> (Layout, Tally) {
        self.close_section();
        self.take_intro_links();
        self.tally.add_links(0, self.intro.links_dropped);
        self.tally.long_tags += self.intro.long_tags() + self.renderers.long_tags();
        self.layout.intro = sanitize_owned(std::mem::take(&mut self.intro.out));
        (self.layout, self.tally)
    }
}

/// The section new entries go to; an untitled one when the issue has no sections.
fn entry_section<'s>(
    section: &'s mut Option<SectionBuilder>,
    tally: &mut Tally,
) -> &'s mut SectionBuilder {
    section.get_or_insert_with(|| {
        let kept = tally.admit_section();
        SectionBuilder::new(Heading::default(), Vec::new(), kept, tally.room())
    })
}

/// The first number of an ordered list, from its events.
fn list_numbers(list: &[Event]) -> Option<u64> {
    match list.first() {
        Some(Event::Start(Tag::List(start))) => *start,
        _ => None,
    }
}

/// The number of the `index`th item of a list that starts at `start`.
fn number_at(start: u64, index: usize) -> u32 {
    let number = start.saturating_add(index as u64);
    u32::try_from(number).unwrap_or(u32::MAX)
}
