//! The outline: which heading is the title, whether other headings start
//! sections, where the footer starts. Gathered block by block, so a body parsed in
//! pieces gives the same outline as one parsed whole.
//!
//! The title is the first heading when it opens the body (nothing but images and HTML
//! before it) and is shallower than the lists of entries, or of the first level.
//! When the header names the issue already, such a heading is its title only if no
//! other heading is as shallow, or it says the same: else it is a section.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::blocks::{Block, Blocks, Kind, strip_hashes};
use super::render::Renderer;
use super::title::{enumerator, split_tags, strip_enumerator};
use super::trim::trim;
use crate::model::Link;
use crate::text::sanitize_line;

/// What the layout needs to know about the whole body before it places any block.
/// Block indices count over the whole body, across pieces.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Outline {
    /// The block that is the title.
    pub title: Option<usize>,
    /// The title block's text.
    pub title_text: Option<String>,
    /// True when some heading other than the title starts a section.
    pub has_sections: bool,
    /// Blocks from this one on are the footer, which is left out.
    pub footer_start: Option<usize>,
}

/// Gathers an [`Outline`] over the blocks of the body, in order.
#[derive(Default)]
pub(super) struct OutlineBuilder {
    /// Index, level, length (long or not) and text of the first heading.
    first: Option<(usize, u8, bool, String)>,
    /// True when a block that is not decoration came before the first heading.
    content_first: bool,
    /// The heading the blocks seen last are under.
    current: Option<(usize, u8)>,
    /// Entry candidates under headings of each level, the first heading's aside.
    weights: [usize; 7],
    /// Number of `#` headings of each level.
    headings: [usize; 7],
    /// Lowest level of a `#` heading other than the first heading.
    other_min: Option<u8>,
    /// First rule after the last `#` heading.
    rule_after_heading: Option<usize>,
    /// Blocks seen so far.
    seen: usize,
}

impl OutlineBuilder {
    /// Adds the blocks of one piece of the body.
    pub fn add(&mut self, events: &[Event], blocks: &Blocks) {
        for block in &blocks.blocks {
            self.block(events, blocks, block);
            self.seen += 1;
        }
    }

    fn block(&mut self, events: &[Event], blocks: &Blocks, block: &Block) {
        let index = self.seen;
        if let Some(level) = heading_level(block) {
            if self.first.is_none() {
                let long = block.kind == Kind::LongHeading;
                let text = heading_text(&events[block.events.clone()]);
                self.first = Some((index, level, long, text));
            } else if let Kind::Heading(level) = block.kind {
                self.other_min = Some(self.other_min.map_or(level, |m| m.min(level)));
            }
            if let Kind::Heading(level) = block.kind {
                self.headings[level as usize] += 1;
                self.rule_after_heading = None;
            }
            self.current = Some((index, level));
            return;
        }
        if self.first.is_none() && !is_decoration(events, block) {
            self.content_first = true;
        }
        if block.kind == Kind::Rule && self.rule_after_heading.is_none() {
            self.rule_after_heading = Some(index);
        }
        let first = self.first.as_ref().map(|f| f.0);
        if let Some((heading, level)) = self.current
            && Some(heading) != first
        {
            self.weights[level as usize] += candidates(events, blocks, block);
        }
    }

    /// The outline; `header_title` is the title the header gave, if any.
    pub fn finish(self, header_title: Option<&str>) -> Outline {
        let level = self.section_level();
        let title = self.first.filter(|(_, first, long, text)| {
            let shallow = *long || *first == 1 || *first < level;
            let headings_as_shallow: usize = self.headings[1..=*first as usize].iter().sum();
            let alone = *long || headings_as_shallow == 1;
            let named = match header_title {
                Some(header) => alone || trim(header) == text,
                None => true,
            };
            !self.content_first && shallow && named
        });
        // The title, when a `#` heading, starts no section.
        let title_counted = title.as_ref().is_some_and(|&(_, _, long, _)| !long);
        let headings: usize = self.headings.iter().sum();
        Outline {
            has_sections: headings > usize::from(title_counted),
            title: title.as_ref().map(|t| t.0),
            title_text: title.map(|t| t.3),
            footer_start: self.rule_after_heading,
        }
    }

    /// The level under which most entry candidates sit, ignoring those under the
    /// first heading (usually the title).
    fn section_level(&self) -> u8 {
        let weights = &self.weights;
        let best = (1..7).max_by_key(|&l| (weights[l], std::cmp::Reverse(l)));
        match best {
            Some(level) if weights[level] > 0 => level as u8,
            _ => {
                let first = self.first.as_ref().map(|f| f.1);
                self.other_min.or(first.filter(|&l| l >= 2)).unwrap_or(2)
            }
        }
    }
}

/// True for a block that may come before a title: raw HTML, or a paragraph of
/// images and inline HTML only (badges, a logo).
fn is_decoration(events: &[Event], block: &Block) -> bool {
    let events = &events[block.events.clone()];
    match block.kind {
        Kind::Other => matches!(events.first(), Some(Event::Start(Tag::HtmlBlock))),
        Kind::Paragraph => {
            let mut in_image = 0usize;
            events.iter().all(|event| match event {
                Event::Start(Tag::Image { .. }) => {
                    in_image += 1;
                    true
                }
                Event::End(TagEnd::Image) => {
                    in_image = in_image.saturating_sub(1);
                    true
                }
                Event::Text(text) => in_image > 0 || trim(text).is_empty(),
                Event::Start(Tag::Paragraph | Tag::Link { .. })
                | Event::End(TagEnd::Paragraph | TagEnd::Link)
                | Event::InlineHtml(_)
                | Event::SoftBreak
                | Event::HardBreak => true,
                _ => false,
            })
        }
        _ => false,
    }
}

pub(super) fn heading_level(block: &Block) -> Option<u8> {
    match block.kind {
        Kind::Heading(level) => Some(level),
        Kind::LongHeading => Some(1),
        _ => None,
    }
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
        Kind::Paragraph => {
            let events = &events[block.events.clone()];
            usize::from(link_led(events, true) || numbered(events))
        }
        _ => 0,
    }
}

/// True when the first inline content (after optional `[tags]` and, when
/// `enumerated`, an enumerator such as `1、`) is a link.
pub(super) fn link_led(events: &[Event], enumerated: bool) -> bool {
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

/// True for a paragraph that starts with a CJK enumerator, `1、`: an entry of a digest
/// that numbers its entries in prose.
pub(super) fn numbered(events: &[Event]) -> bool {
    let first = match events {
        [Event::Start(Tag::Paragraph), first, ..] => first,
        [first, ..] => first,
        [] => return false,
    };
    matches!(first, Event::Text(text) if enumerator(text).is_some_and(|(_, mark, _)| mark == '、'))
}

/// A heading's title and links.
#[derive(Debug, Default)]
pub(super) struct Heading {
    pub title: String,
    /// The heading's own link, when the heading is a link (`##### [Cargo](url)`).
    pub link: Option<Link>,
    /// The other links in the heading, sanitized.
    pub links: Vec<Link>,
}

/// Reads a heading's events: its title, and its links.
pub(super) fn heading(events: &[Event]) -> Heading {
    if let [_, Event::Text(text), Event::End(TagEnd::Heading(_))] = events {
        return Heading {
            title: title_of(trim(text)),
            ..Heading::default()
        };
    }
    let mut renderer = Renderer::default();
    renderer.events(events);
    renderer.finish();
    let title = title_of(&renderer.out);
    let clean_title = sanitize_line(&title);
    let mut heading = Heading {
        title,
        ..Heading::default()
    };
    for (link, image) in renderer.clean_links() {
        if heading.link.is_none() && !image && trim(&link.text) == clean_title {
            heading.link = Some(link);
        } else {
            heading.links.push(link);
        }
    }
    heading
}

pub(super) fn heading_text(events: &[Event]) -> String {
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
