//! One entry: its head line (tags, title, source, links) and the body after it.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::render::{Mark, Renderer};
use super::sanitize::{Trusted, sanitize_owned};
use super::trim::{trim, trim_end, trim_start};
use crate::model::{Entry, Link};

/// Prefix text longer than this cannot be only tags before a title link.
const MAX_PREFIX: usize = 256;

/// The renderers entries are built with, reused from one entry to the next.
pub(super) struct EntryRenderers {
    /// Renders the head line of an entry.
    head: Renderer,
    summary: Renderer,
}

impl EntryRenderers {
    /// `trusted` is the text when it needs no sanitizing.
    pub fn new(trusted: Trusted) -> Self {
        EntryRenderers {
            head: Renderer::trusting(trusted),
            summary: Renderer::trusting(trusted),
        }
    }

    /// Renders a general head line; the summary starts with the text after its title link.
    fn start_with_head(&mut self, events: &[Event], enumerated: bool) -> Head {
        let EntryRenderers {
            head: scratch,
            summary,
        } = self;
        scratch.reset();
        scratch.events(events);
        scratch.finish();
        let (head, after) = read_head(scratch, enumerated);
        summary.reset();
        summary.dirty = scratch.dirty;
        if !after.is_empty() {
            summary.push_plain(after);
        }
        summary.links.append(&mut scratch.links);
        summary.marks.append(&mut scratch.marks);
        head
    }

    /// The common head `[title | source](url)`, read without rendering it: the same
    /// head and title link [`Self::start_with_head`] gives, with nothing after it.
    fn start_with_link(&mut self, raw_text: &str, raw_url: &str) -> Head {
        let text = trim(raw_text);
        let summary = &mut self.summary;
        summary.reset();
        summary.push_title_link(
            raw_text,
            raw_url,
            text.to_string(),
            trim(raw_url).to_string(),
        );
        head_from_title(Vec::new(), text)
    }

    /// Adds a block that belongs to the open entry's body.
    pub fn body(&mut self, events: &[Event]) {
        self.summary.out.reserve(text_len(events));
        self.summary.events(events);
    }
}

/// An entry being built; its summary is rendered by [`EntryRenderers`].
pub(super) struct EntryBuilder {
    head: Head,
    primary: Option<String>,
}

#[derive(Default)]
struct Head {
    title: String,
    source: Option<String>,
    tags: Vec<String>,
}

impl EntryBuilder {
    /// Starts an entry from its first events: a list item's content or a paragraph.
    /// `enumerated` strips a leading `1、` / `1.` from the head.
    pub fn start(first: &[Event], enumerated: bool, renderers: &mut EntryRenderers) -> Self {
        let (inline, after_paragraph) = first_paragraph(first);
        let head_end = head_end(&first[inline.clone()]) + inline.start;
        let head_events = &first[inline.start..head_end];
        let head = match lone_link(head_events) {
            Some((text, url)) => renderers.start_with_link(text, url),
            None => renderers.start_with_head(head_events, enumerated),
        };
        let summary = &mut renderers.summary;
        summary.reserve(text_len(first));
        summary.events(&first[head_end..inline.end]);
        let primary = summary
            .first_link(summary.links.len())
            .map(|l| l.url.clone());
        summary.events(&first[after_paragraph..]);
        EntryBuilder { head, primary }
    }

    /// The entry, or `None` when it holds nothing at all.
    pub fn finish(self, renderers: &mut EntryRenderers) -> Option<Entry> {
        let renderer = &mut renderers.summary;
        renderer.finish();
        let links = std::mem::take(&mut renderer.links);
        let summary = std::mem::take(&mut renderer.out);
        let mut head = self.head;
        if head.title.is_empty() {
            let fallback = fallback_title(&links, &mut head.tags, &summary);
            let (title, source) = split_source(&fallback);
            head.title = title.to_string();
            head.source = source.map(str::to_string);
        }
        if head.title.is_empty() && links.is_empty() && summary.is_empty() {
            return None;
        }
        let entry = Entry {
            title: head.title,
            source: head.source,
            tags: head.tags,
            url: self.primary,
            links,
            summary,
        };
        Some(if renderer.dirty {
            sanitized(entry)
        } else {
            entry
        })
    }
}

fn sanitized(entry: Entry) -> Entry {
    Entry {
        title: sanitize_owned(entry.title),
        source: entry.source.map(sanitize_owned),
        tags: entry.tags.into_iter().map(sanitize_owned).collect(),
        url: entry.url.map(sanitize_owned),
        links: entry
            .links
            .into_iter()
            .map(|link| Link {
                text: sanitize_owned(link.text),
                url: sanitize_owned(link.url),
            })
            .collect(),
        summary: sanitize_owned(entry.summary),
    }
}

/// Bytes of text in `events`, to size the summary buffer once.
fn text_len(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.len() + 1,
            _ => 0,
        })
        .sum()
}

fn fallback_title(links: &[Link], tags: &mut Vec<String>, summary: &str) -> String {
    if let Some(link) = links.first() {
        return link.text.clone();
    }
    if let Some(tag) = tags.pop() {
        return tag;
    }
    trim(summary.lines().next().unwrap_or("")).to_string()
}

/// The inline events of the first paragraph, and where the events after it start.
fn first_paragraph(events: &[Event]) -> (Range<usize>, usize) {
    if let Some(Event::Start(Tag::Paragraph)) = events.first() {
        let end = events
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            .unwrap_or(events.len());
        return (1..end, end);
    }
    let end = events
        .iter()
        .position(is_block_boundary)
        .unwrap_or(events.len());
    (0..end, end)
}

fn is_block_boundary(event: &Event) -> bool {
    match event {
        Event::Start(tag) => !is_inline(tag),
        Event::End(tag) => !is_inline_end(tag),
        Event::Html(_) | Event::Rule => true,
        _ => false,
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Index of the first line break outside a link: the end of the head line.
fn head_end(inline: &[Event]) -> usize {
    let mut in_link = 0usize;
    for (i, event) in inline.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::SoftBreak | Event::HardBreak if in_link == 0 => return i,
            _ => {}
        }
    }
    inline.len()
}

/// Reads the rendered head line: tags, title and source; returns them and the text
/// after the title link, which starts the summary.
fn read_head(rendered: &Renderer, enumerated: bool) -> (Head, &str) {
    let text = rendered.out.as_str();
    let title_link = rendered.marks.iter().position(|mark| {
        let prefix = text.get(..mark.span.0).unwrap_or("");
        let prefix = if enumerated {
            strip_enumerator(prefix)
        } else {
            prefix
        };
        !mark.image && prefix.len() <= MAX_PREFIX && trim(split_tags(prefix).1).is_empty()
    });
    let (tags, title, after) = match title_link {
        Some(index) => {
            let span = rendered.marks[index].span;
            let prefix = text.get(..span.0).unwrap_or("");
            let prefix = if enumerated {
                strip_enumerator(prefix)
            } else {
                prefix
            };
            let after = text_after_link_run(text, span.1, &rendered.marks);
            (
                split_tags(prefix).0,
                rendered.links[index].text.as_str(),
                after,
            )
        }
        None => {
            let rest = if enumerated {
                strip_enumerator(text)
            } else {
                text
            };
            let (leading, rest) = split_tags(rest);
            (leading, trim(rest), "")
        }
    };
    (
        head_from_title(tags, title),
        trim_leading_punctuation(after),
    )
}

/// The head for the text of a title link, after the `tags` that came before it.
fn head_from_title(mut tags: Vec<String>, title: &str) -> Head {
    let (inner_tags, rest) = split_tags(title);
    let title = if !inner_tags.is_empty() && !trim(rest).is_empty() {
        tags.extend(inner_tags);
        trim(rest)
    } else {
        title
    };
    let (title, source) = split_source(title);
    Head {
        title: title.to_string(),
        source: source.map(str::to_string),
        tags,
    }
}

/// The raw text and destination of a head that is one link holding one run of text,
/// when the renderer would keep it as a link (not a mail address, a destination).
fn lone_link<'e>(head: &'e [Event]) -> Option<(&'e str, &'e str)> {
    match head {
        [
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }),
            Event::Text(text),
            Event::End(TagEnd::Link),
        ] if *link_type != LinkType::Email && !trim(dest_url).is_empty() => Some((text, dest_url)),
        _ => None,
    }
}

/// The text from `from` on, past the links that directly follow the title link
/// (`[title](a) [[原文]](b)`); later links keep their text.
fn text_after_link_run<'t>(text: &'t str, from: usize, marks: &[Mark]) -> &'t str {
    let mut at = from;
    for mark in marks.iter().filter(|m| m.span.0 >= from && !m.image) {
        let gap = text.get(at..mark.span.0).unwrap_or("");
        if !trim(gap).is_empty() {
            break;
        }
        at = mark.span.1;
    }
    trim(text.get(at..).unwrap_or(""))
}

fn trim_leading_punctuation(text: &str) -> &str {
    text.trim_start_matches([',', '，', ';', '；', ':', '：', '、'])
        .trim_start()
}

/// Leading `[tag]` / `【tag】` groups, and the rest.
pub(super) fn split_tags(text: &str) -> (Vec<String>, &str) {
    let mut tags = Vec::new();
    let mut rest = trim_start(text);
    while let Some((tag, after)) = leading_tag(rest) {
        tags.push(tag.to_string());
        rest = trim_start(after);
    }
    (tags, rest)
}

fn leading_tag(text: &str) -> Option<(&str, &str)> {
    let (open, close) = match text.chars().next()? {
        '[' => ('[', ']'),
        '【' => ('【', '】'),
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let end = text[inner_start..].find(close)? + inner_start;
    let inner = trim(&text[inner_start..end]);
    let plausible = !inner.is_empty() && inner.len() <= 80 && !inner.contains([open, '\n']);
    plausible.then(|| (inner, &text[end + close.len_utf8()..]))
}

/// Strips a leading enumerator: `1、`, `1.`, `1)`, `（1）`.
pub(super) fn strip_enumerator(text: &str) -> &str {
    let trimmed = trim_start(text);
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return text;
    }
    let rest = &trimmed[digits..];
    for mark in ['、', '.', '．', ')', '）', ':', '：'] {
        if let Some(after) = rest.strip_prefix(mark) {
            return trim_start(after);
        }
    }
    text
}

/// `title | source` (also full-width `｜`): the source is after the last bar.
pub(super) fn split_source(title: &str) -> (&str, Option<&str>) {
    let cleaned = strip_unmatched_bracket(trim(title));
    if let Some((bar, bar_len)) = last_bar(cleaned) {
        // `cleaned` is trimmed: only the sides next to the bar can hold spaces, and
        // plain spaces are stripped first, which is cheaper than testing for Unicode's.
        let left = trim_end(cleaned[..bar].trim_end_matches(' '));
        let right = trim_start(cleaned[bar + bar_len..].trim_start_matches(' '));
        if !left.is_empty() {
            return (left, (!right.is_empty()).then_some(right));
        }
    }
    (cleaned, None)
}

/// Where the last `|` or `｜` is, and its length in bytes. A byte scan: `｜` is
/// U+FF5C, EF BD 9C in UTF-8, and std's `rfind` would decode every character.
fn last_bar(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = bytes[..end].iter().rposition(|&b| b == b'|' || b == 0x9C) {
        if bytes[at] == b'|' {
            return Some((at, 1));
        }
        if at >= 2 && bytes[at - 2..at] == [0xEF, 0xBD] {
            return Some((at - 2, 3));
        }
        end = at;
    }
    None
}

/// A title left with the `[` of a link whose closing bracket never came.
fn strip_unmatched_bracket(title: &str) -> &str {
    match title.strip_prefix('[') {
        Some(rest) if !rest.contains(']') => trim_start(rest),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_leading_brackets_only() {
        let (tags, rest) = split_tags("[1812.00332] 【CVPR 2020】 Title [x]");
        assert_eq!(tags, ["1812.00332", "CVPR 2020"]);
        assert_eq!(rest, "Title [x]");
        assert_eq!(split_tags("[unclosed title").0, Vec::<String>::new());
    }

    #[test]
    fn source_is_after_the_last_bar() {
        assert_eq!(split_source("量化 | 机器之心"), ("量化", Some("机器之心")));
        assert_eq!(split_source("A | B ｜ 新智元"), ("A | B", Some("新智元")));
        assert_eq!(
            split_source("owner/repo: a tool"),
            ("owner/repo: a tool", None)
        );
        assert_eq!(split_source("[Broken title |"), ("Broken title", None));
        assert_eq!(split_source("a ｜ b 蜜"), ("a", Some("b 蜜")));
    }

    #[test]
    fn enumerators_are_stripped() {
        assert_eq!(strip_enumerator("1、[t](u)"), "[t](u)");
        assert_eq!(strip_enumerator("12. x"), "x");
        assert_eq!(strip_enumerator("2020 year"), "2020 year");
    }
}
