//! The outline: which heading is the title, which heading level holds the
//! entry lists, where the footer starts. Gathered block by block, so a body parsed in
//! pieces gives the same outline as one parsed whole.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::blocks::{Block, Blocks, Kind, strip_hashes};
use super::render::Renderer;
use super::title::{split_tags, strip_enumerator};
use super::trim::trim;

/// What the layout needs to know about the whole body before it places any block.
/// Block indices count over the whole body, across pieces.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Outline {
    /// The heading level that holds the entry lists.
    pub level: u8,
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
    /// Index, level and text of the first heading.
    first: Option<(usize, u8, bool, String)>,
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

    pub fn finish(self) -> Outline {
        let level = self.section_level();
        let title = self
            .first
            .filter(|&(_, first, long, _)| long || first == 1 || first < level);
        // The title, when a `#` heading of a section's level, starts no section.
        let title_counted = title
            .as_ref()
            .is_some_and(|&(_, first, long, _)| !long && first <= level);
        let headings: usize = self.headings[1..=level as usize].iter().sum();
        Outline {
            level,
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
        Kind::Paragraph => usize::from(link_led(&events[block.events.clone()], true)),
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
