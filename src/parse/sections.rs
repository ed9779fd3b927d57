//! Top-level blocks → title, intro, sections of entries, archive links.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::blocks::{Block, Blocks, Kind, strip_hashes};
use super::entry::{EntryBuilder, EntryRenderers, split_tags, strip_enumerator};
use super::index::is_markdown_path;
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
    pub title: Option<String>,
    pub intro: String,
    pub sections: Vec<Section>,
    pub archive: Vec<Link>,
}

pub(super) fn layout(events: &[Event], blocks: &Blocks) -> Layout {
    let first_heading = blocks
        .blocks
        .iter()
        .position(|b| heading_level(b).is_some());
    let level = section_level(events, blocks, first_heading);
    let title_block = first_heading.filter(|&i| {
        let block = &blocks.blocks[i];
        block.kind == Kind::LongHeading || heading_level(block).is_some_and(|l| l == 1 || l < level)
    });
    let has_sections =
        blocks.blocks.iter().enumerate().any(|(i, b)| {
            Some(i) != title_block && matches!(b.kind, Kind::Heading(l) if l <= level)
        });
    let mut builder = Builder {
        events,
        blocks,
        level,
        has_sections,
        renderers: EntryRenderers::default(),
        layout: Layout::default(),
        intro: Renderer::default(),
        section: None,
    };
    if let Some(i) = title_block {
        builder.layout.title = Some(heading_text(&events[blocks.blocks[i].events.clone()]));
    }
    let end = footer_start(&blocks.blocks).unwrap_or(blocks.blocks.len());
    for (i, block) in blocks.blocks[..end].iter().enumerate() {
        if Some(i) != title_block {
            builder.block(block);
        }
    }
    builder.finish()
}

fn heading_level(block: &Block) -> Option<u8> {
    match block.kind {
        Kind::Heading(level) => Some(level),
        Kind::LongHeading => Some(1),
        _ => None,
    }
}

/// The heading level that holds the entry lists: the level under which most entry
/// candidates sit, ignoring those under the first heading (usually the title).
fn section_level(events: &[Event], blocks: &Blocks, first_heading: Option<usize>) -> u8 {
    let mut weights = [0usize; 7];
    let mut current: Option<(usize, u8)> = None;
    for (i, block) in blocks.blocks.iter().enumerate() {
        if let Some(level) = heading_level(block) {
            current = Some((i, level));
            continue;
        }
        if let Some((heading, level)) = current
            && Some(heading) != first_heading
        {
            weights[level as usize] += candidates(events, blocks, block);
        }
    }
    let best = (1..7).max_by_key(|&l| (weights[l], std::cmp::Reverse(l)));
    match best {
        Some(level) if weights[level] > 0 => level as u8,
        _ => fallback_level(blocks, first_heading),
    }
}

fn fallback_level(blocks: &Blocks, first_heading: Option<usize>) -> u8 {
    let others = blocks
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != first_heading)
        .filter_map(|(_, b)| match b.kind {
            Kind::Heading(level) => Some(level),
            _ => None,
        })
        .min();
    let first = first_heading.and_then(|i| heading_level(&blocks.blocks[i]));
    others.or(first.filter(|&l| l >= 2)).unwrap_or(2)
}

/// How many entries `block` would start in a section.
fn candidates(events: &[Event], blocks: &Blocks, block: &Block) -> usize {
    match block.kind {
        Kind::List { ordered: false } => block.items.len(),
        Kind::List { ordered: true } => {
            let first = blocks.items.get(block.items.start).cloned().unwrap_or(0..0);
            if link_led(&events[first], false) {
                block.items.len()
            } else {
                0
            }
        }
        Kind::Paragraph => usize::from(link_led(&events[block.events.clone()], true)),
        _ => 0,
    }
}

/// True when the first inline content (after optional `[tags]` and, when
/// `enumerated`, an enumerator such as `1、`) is a link.
fn link_led(events: &[Event], enumerated: bool) -> bool {
    let mut prefix = String::new();
    for event in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Emphasis | Tag::Strong) => {}
            Event::Start(Tag::Link { .. }) => {
                let rest = if enumerated {
                    strip_enumerator(&prefix)
                } else {
                    &prefix
                };
                return trim(split_tags(rest).1).is_empty();
            }
            Event::Text(text) | Event::Code(text) => {
                prefix.push_str(text);
                if prefix.len() > 256 {
                    return false;
                }
            }
            Event::InlineHtml(_) | Event::End(TagEnd::Emphasis | TagEnd::Strong) => {}
            _ => return false,
        }
    }
    false
}

/// The first rule after the last heading: everything from there is the footer.
fn footer_start(blocks: &[Block]) -> Option<usize> {
    let last_heading = blocks
        .iter()
        .rposition(|b| matches!(b.kind, Kind::Heading(_)));
    let from = last_heading.map_or(0, |h| h + 1);
    blocks[from..]
        .iter()
        .position(|b| b.kind == Kind::Rule)
        .map(|i| i + from)
}

fn heading_text(events: &[Event]) -> String {
    // A heading of one run of text renders to that text, trimmed.
    if let [_, Event::Text(text), Event::End(TagEnd::Heading(_))] = events {
        return title_of(trim(text));
    }
    let mut renderer = Renderer::default();
    renderer.events(events);
    renderer.finish();
    title_of(&renderer.out)
}

fn title_of(rendered: &str) -> String {
    trim(strip_hashes(rendered).trim_end_matches([':', '：'])).to_string()
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

struct SectionBuilder {
    title: String,
    level: u8,
    archive: bool,
    enumerated: bool,
    body: Renderer,
    entries: Vec<Entry>,
    entry: Option<EntryBuilder>,
}

impl SectionBuilder {
    fn new(title: String, level: u8) -> Self {
        SectionBuilder {
            archive: is_archive_title(&title),
            title,
            level,
            enumerated: false,
            body: Renderer::default(),
            entries: Vec::new(),
            entry: None,
        }
    }

    fn close_entry(&mut self, renderers: &mut EntryRenderers) {
        if let Some(entry) = self.entry.take().and_then(|e| e.finish(renderers)) {
            self.entries.push(entry);
        }
    }

    fn start_entry(&mut self, first: &[Event], enumerated: bool, renderers: &mut EntryRenderers) {
        self.close_entry(renderers);
        self.entry = Some(EntryBuilder::start(first, enumerated, renderers));
    }

    fn append(&mut self, events: &[Event], renderers: &mut EntryRenderers) {
        match &mut self.entry {
            Some(_) => renderers.body(events),
            None => self.body.events(events),
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

struct Builder<'e, 'a> {
    events: &'e [Event<'a>],
    blocks: &'e Blocks,
    level: u8,
    has_sections: bool,
    renderers: EntryRenderers,
    layout: Layout,
    intro: Renderer,
    section: Option<SectionBuilder>,
}

/// The section new entries go to; an untitled one when the issue has no sections.
fn entry_section(section: &mut Option<SectionBuilder>, level: u8) -> &mut SectionBuilder {
    section.get_or_insert_with(|| SectionBuilder::new(String::new(), level))
}

impl Builder<'_, '_> {
    fn block(&mut self, block: &Block) {
        let events = &self.events[block.events.clone()];
        match block.kind {
            Kind::Heading(level) if level <= self.level => {
                self.close_section();
                self.section = Some(SectionBuilder::new(heading_text(events), level));
            }
            Kind::Heading(_) | Kind::LongHeading | Kind::Rule => {
                if let Some(section) = &mut self.section {
                    section.close_entry(&mut self.renderers);
                }
                self.append(events);
            }
            Kind::List { ordered } => self.list(block, ordered),
            Kind::Paragraph if self.starts_entry(events) => {
                let section = entry_section(&mut self.section, self.level);
                section.start_entry(events, true, &mut self.renderers);
            }
            Kind::Paragraph | Kind::Other => self.append(events),
        }
    }

    fn starts_entry(&self, events: &[Event]) -> bool {
        let open_section = self.section.as_ref().is_some_and(|s| !s.archive);
        (open_section || !self.has_sections) && link_led(events, true)
    }

    fn list(&mut self, block: &Block, ordered: bool) {
        let events = &self.events[block.events.clone()];
        let items = &self.blocks.items[block.items.clone()];
        let in_section = self.section.as_ref().is_some_and(|s| !s.archive);
        let enumerated_entries = ordered
            && (self.section.as_ref().is_some_and(|s| s.enumerated)
                || items
                    .first()
                    .is_some_and(|i| link_led(&self.events[i.clone()], false)));
        let entries = (in_section || !self.has_sections) && (!ordered || enumerated_entries);
        if !entries || items.is_empty() {
            self.append(events);
            return;
        }
        let all_events = self.events;
        let section = entry_section(&mut self.section, self.level);
        section.enumerated |= ordered;
        section.entries.reserve(items.len());
        for item in items {
            section.start_entry(&all_events[item.clone()], false, &mut self.renderers);
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
        section.close_entry(&mut self.renderers);
        section.body.finish();
        if section.archive || section.links_only_issues() {
            self.archive_links(section);
            return;
        }
        let empty = section.entries.is_empty() && section.body.out.is_empty();
        if empty && section.level < self.level {
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
        self.layout.archive.extend(body_links.chain(entry_links));
    }

    fn finish(mut self) -> Layout {
        self.close_section();
        self.intro.finish();
        self.layout.intro = sanitize_owned(std::mem::take(&mut self.intro.out));
        self.layout
    }
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
