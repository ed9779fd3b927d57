//! Top-level blocks → intro, sections of entries, archive links, placed as the
//! [`Outline`] says. Blocks may come in several pieces, in order.

use pulldown_cmark::Event;

use super::blocks::{Block, Blocks, Kind};
use super::entry::{EntryBuilder, EntryRenderers};
use super::index::is_markdown_path;
use super::limits::Tally;
use super::outline::{Outline, heading_text, link_led};
use super::render::Renderer;
use super::trim::trim;
use crate::model::{Entry, Link, LinkRef, Section};
use crate::text::{sanitize_line_owned, sanitize_owned, sanitize_url};

/// Section titles that mark the archive of past issues, matched in the title as is.
const ARCHIVE_TITLES: &[&str] = &["往期"];

/// Section titles that mark the archive, matched in the lower-cased title.
const LATIN_ARCHIVE_TITLES: &[&str] = &["archive", "past issues", "previous issues", "back issues"];

/// What the blocks of one issue hold.
#[derive(Default)]
pub(super) struct Layout {
    pub intro: String,
    pub sections: Vec<Section>,
    pub archive: Vec<Link>,
}

fn is_archive_title(title: &str) -> bool {
    ARCHIVE_TITLES.iter().any(|t| title.contains(t))
        || may_lower_to_latin(title) && {
            let lower = title.to_lowercase();
            LATIN_ARCHIVE_TITLES.iter().any(|t| lower.contains(t))
        }
}

/// True when the lower-cased `text` may hold an ASCII letter: only ASCII letters, the
/// Kelvin sign and `İ` lower-case to one. Spares lower-casing CJK titles.
fn may_lower_to_latin(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphabetic()) || text.contains(['\u{212A}', '\u{130}'])
}

/// The entry being read in a section.
enum Open {
    None,
    Entry(EntryBuilder),
    /// An entry past the limit: its blocks are skipped.
    Dropped,
}

struct SectionBuilder {
    title: String,
    level: u8,
    archive: bool,
    enumerated: bool,
    /// False for a section past the limit: nothing of it is kept.
    kept: bool,
    body: Renderer,
    entries: Vec<Entry>,
    entry: Open,
}

impl SectionBuilder {
    /// A section that may keep `link_room` links of its body, if an archive.
    fn new(title: String, level: u8, kept: bool, link_room: usize) -> Self {
        let archive = is_archive_title(&title);
        // Only an archive's body links are kept, as links to other issues.
        let body = if archive {
            let mut body = Renderer::default();
            body.set_link_room(link_room);
            body
        } else {
            Renderer::without_links()
        };
        SectionBuilder {
            archive,
            title,
            level,
            enumerated: false,
            kept,
            body,
            entries: Vec::new(),
            entry: Open::None,
        }
    }

    fn close_entry(&mut self, renderers: &mut EntryRenderers, tally: &mut Tally) {
        let Open::Entry(entry) = std::mem::replace(&mut self.entry, Open::None) else {
            return;
        };
        let entry = entry.finish(renderers);
        let links = entry.as_ref().map_or(0, |e| e.links().len());
        tally.add_links(links, renderers.links_dropped());
        self.entries.extend(entry);
    }

    fn start_entry(
        &mut self,
        first: &[Event],
        enumerated: bool,
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
            Open::Entry(EntryBuilder::start(first, enumerated, renderers))
        } else {
            Open::Dropped
        };
    }

    fn append(&mut self, events: &[Event], renderers: &mut EntryRenderers) {
        match &mut self.entry {
            Open::Entry(_) => renderers.body(events),
            Open::None if self.kept => self.body.events(events),
            Open::None | Open::Dropped => {}
        }
    }

    /// True when every link of the section's entries points at another issue file.
    fn links_only_issues(&self) -> bool {
        self.entries.len() >= 2
            && trim(&self.body.out).is_empty()
            && self.entries.iter().all(|e| {
                e.links().len() == 1
                    && e.summary().is_empty()
                    && e.link(0)
                        .is_some_and(|link| is_markdown_path(strip_query(link.url)))
            })
    }
}

fn strip_query(url: &str) -> &str {
    &url[..url.find(['#', '?']).unwrap_or(url.len())]
}

/// Lays out the blocks of a body, piece by piece.
pub(super) struct Builder {
    outline: Outline,
    /// Blocks seen so far, over all pieces.
    seen: usize,
    renderers: EntryRenderers,
    layout: Layout,
    intro: Renderer,
    section: Option<SectionBuilder>,
    tally: Tally,
}

impl Builder {
    pub fn new(outline: Outline, tally: Tally) -> Self {
        Builder {
            outline,
            seen: 0,
            renderers: EntryRenderers::default(),
            layout: Layout::default(),
            intro: Renderer::without_links(),
            section: None,
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
    }

    fn block(&mut self, all: &[Event], blocks: &Blocks, block: &Block) {
        let events = &all[block.events.clone()];
        match block.kind {
            Kind::Heading(level) if level <= self.outline.level => {
                self.close_section();
                let kept = self.tally.admit_section();
                let title = heading_text(events);
                let room = self.tally.room();
                self.section = Some(SectionBuilder::new(title, level, kept, room));
            }
            Kind::Heading(_) | Kind::LongHeading | Kind::Rule => {
                if let Some(section) = &mut self.section {
                    section.close_entry(&mut self.renderers, &mut self.tally);
                }
                self.append(events);
            }
            Kind::List { ordered } => self.list(all, blocks, block, ordered),
            Kind::Paragraph if self.starts_entry(events) => {
                let level = self.outline.level;
                let section = entry_section(&mut self.section, level, &mut self.tally);
                section.start_entry(events, true, &mut self.renderers, &mut self.tally);
            }
            Kind::Paragraph | Kind::Other => self.append(events),
        }
    }

    fn starts_entry(&self, events: &[Event]) -> bool {
        let open_section = self.section.as_ref().is_some_and(|s| !s.archive);
        (open_section || !self.outline.has_sections) && link_led(events, true)
    }

    fn list(&mut self, all: &[Event], blocks: &Blocks, block: &Block, ordered: bool) {
        let events = &all[block.events.clone()];
        let items = &blocks.items[block.items.clone()];
        let in_section = self.section.as_ref().is_some_and(|s| !s.archive);
        let enumerated_entries = ordered
            && (self.section.as_ref().is_some_and(|s| s.enumerated)
                || items
                    .first()
                    .is_some_and(|i| link_led(&all[i.clone()], false)));
        let entries =
            (in_section || !self.outline.has_sections) && (!ordered || enumerated_entries);
        if !entries || items.is_empty() {
            self.append(events);
            return;
        }
        let section = entry_section(&mut self.section, self.outline.level, &mut self.tally);
        section.enumerated |= ordered;
        if section.kept {
            section.entries.reserve(items.len().min(self.tally.room()));
        }
        for item in items {
            let first = &all[item.clone()];
            section.start_entry(first, false, &mut self.renderers, &mut self.tally);
        }
    }

    fn append(&mut self, events: &[Event]) {
        match &mut self.section {
            Some(section) => section.append(events, &mut self.renderers),
            None => self.intro.events(events),
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
        if !section.kept {
            return;
        }
        if section.archive || section.links_only_issues() {
            self.archive_links(section);
            return;
        }
        let empty = section.entries.is_empty() && section.body.out.is_empty();
        if empty && section.level < self.outline.level {
            return;
        }
        self.layout.sections.push(Section {
            title: sanitize_line_owned(section.title),
            body: sanitize_owned(section.body.out),
            entries: section.entries,
        });
    }

    fn archive_links(&mut self, section: SectionBuilder) {
        let entry_links = section
            .entries
            .iter()
            .flat_map(|e| e.links().map(LinkRef::to_link));
        let body_links = section
            .body
            .owned_links()
            .filter(|(_, image)| !image)
            .filter_map(|(link, _)| {
                Some(Link {
                    url: sanitize_url(&link.url)?,
                    text: sanitize_line_owned(link.text),
                })
            });
        // Entry links were counted with their entries.
        let mut kept = Vec::new();
        for link in body_links {
            if self.tally.admit_link() {
                kept.push(link);
            }
        }
        self.layout
            .archive
            .extend(kept.into_iter().chain(entry_links));
    }

    pub fn finish(mut self) -> (Layout, Tally) {
        self.close_section();
        self.intro.finish();
        self.tally.long_tags += self.intro.long_tags() + self.renderers.long_tags();
        self.layout.intro = sanitize_owned(std::mem::take(&mut self.intro.out));
        (self.layout, self.tally)
    }
}

/// The section new entries go to; an untitled one when the issue has no sections.
fn entry_section<'s>(
    section: &'s mut Option<SectionBuilder>,
    level: u8,
    tally: &mut Tally,
) -> &'s mut SectionBuilder {
    section.get_or_insert_with(|| {
        let kept = tally.admit_section();
        SectionBuilder::new(String::new(), level, kept, 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_characters_lower_case_to_ascii_letters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lower_has_latin = c.to_lowercase().any(|l| l.is_ascii_alphabetic());
            assert_eq!(
                lower_has_latin,
                may_lower_to_latin(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    #[test]
    fn archive_titles_match_in_any_case() {
        assert!(is_archive_title("往期回顾"));
        assert!(is_archive_title("Past Issues"));
        assert!(is_archive_title("BAC\u{212A} ISSUES"));
        assert!(!is_archive_title("业界新闻"));
    }
}
