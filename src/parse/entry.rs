//! One entry: its head line (tags, title, source, links) and the body after it.
//!
//! The summary renderer collects everything an entry holds: its summary as output,
//! and its title, source, tags and link URLs in its side buffer. [`EntryBuilder::finish`]
//! joins the two into the entry's one buffer.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::outline::link_led;
use super::prose::{ProseTitle, prose_title};
use super::render::{Place, RenderedLink, Renderer, is_plain_url};
use super::title::{enumerator, last_bar, split_source, split_tags, strip_enumerator};
use super::trim::trim;
use crate::model::{Entry, EntryParts, LinkSpan, Span};
use crate::text::{is_clean_throughout, sanitize, sanitize_line, sanitize_url};

/// Prefix text longer than this cannot be only tags before a title link.
const MAX_PREFIX: usize = 256;

/// The renderers entries are built with, reused from one entry to the next.
pub(super) struct EntryRenderers {
    /// Renders the head line of an entry.
    head: Renderer,
    summary: Renderer,
    /// Links the next entry may keep.
    pub link_room: usize,
}

impl Default for EntryRenderers {
    fn default() -> Self {
        EntryRenderers {
            head: Renderer::default(),
            summary: Renderer::default(),
            link_room: usize::MAX,
        }
    }
}

impl EntryRenderers {
    /// Renders a general head line; the summary starts with the text after its title link.
    fn start_with_head(&mut self, events: &[Event], enumerated: bool) -> Head {
        let EntryRenderers {
            head: scratch,
            summary,
            link_room,
        } = self;
        scratch.reset();
        scratch.set_link_room(*link_room);
        scratch.events(events);
        scratch.finish();
        summary.reset();
        summary.set_link_room(*link_room);
        let read = read_head(scratch, enumerated);
        if !read.after.is_empty() {
            summary.push_plain(read.after);
        }
        for link in &scratch.links {
            let text = scratch.piece(link.text);
            summary.push_outside_link(text, scratch.piece(link.url), false, link.image);
        }
        let title = if read.cut {
            push_cut(summary, read.title)
        } else {
            summary.push_extra(read.title)
        };
        Head {
            title,
            source: read.source.map(|s| summary.push_extra(s)),
            tags: read.tags.iter().map(|t| summary.push_extra(t)).collect(),
        }
    }

    /// The common head `[title | source](url)`, read without rendering it: the same
    /// head and title link [`Self::start_with_head`] gives, with nothing after it.
    /// `url` is trimmed and plain.
    fn start_with_link(&mut self, raw_text: &str, url: &str) -> Head {
        let summary = &mut self.summary;
        summary.reset();
        summary.set_link_room(self.link_room);
        let text = summary.push_outside_link(trim(raw_text), url, true, false);
        head_from_title(summary, text)
    }

    /// Links the entry just finished had no room for.
    pub fn links_dropped(&self) -> usize {
        self.head.links_dropped + self.summary.links_dropped
    }

    /// HTML tags dropped for their length so far.
    pub fn long_tags(&self) -> usize {
        self.head.long_tags() + self.summary.long_tags()
    }

    /// Adds a block that belongs to the open entry's body.
    pub fn body(&mut self, events: &[Event]) {
        self.summary.out.reserve(text_len(events));
        self.summary.events(events);
    }
}

/// Appends `title` and `…` to the side buffer: a title cut from prose.
fn push_cut(renderer: &mut Renderer, title: &str) -> Place {
    let start = renderer.push_extra(title);
    let end = renderer.push_extra("…");
    match (start, end) {
        (Place::Extra(start, _), Place::Extra(_, end)) => Place::Extra(start, end),
        _ => start,
    }
}

/// An entry being built; its summary is rendered by [`EntryRenderers`].
pub(super) struct EntryBuilder {
    head: Head,
    /// Index of the primary link in the summary renderer's links.
    primary: Option<usize>,
    number: Option<u32>,
}

/// Where an entry's head strings sit in the summary renderer.
struct Head {
    title: Place,
    source: Option<Place>,
    tags: Vec<Place>,
}

impl EntryBuilder {
    /// Starts an entry from its first events: a list item's content or a paragraph.
    /// `enumerated` strips a leading `1、` / `1.` from the head, whose number is the
    /// entry's unless `number` (an ordered list's) is given.
    pub fn start(
        first: &[Event],
        enumerated: bool,
        number: Option<u32>,
        renderers: &mut EntryRenderers,
    ) -> Self {
        let (inline, after_paragraph) = first_paragraph(first);
        let inline_events = &first[inline.clone()];
        let number = number.or_else(|| enumerated.then(|| leading_number(inline_events))?);
        let head_end = head_end(inline_events, enumerated) + inline.start;
        let head_events = &first[inline.start..head_end];
        let head = match lone_link(head_events) {
            Some((text, url)) => renderers.start_with_link(text, url),
            None => renderers.start_with_head(head_events, enumerated),
        };
        let summary = &mut renderers.summary;
        // Room for the side buffer too, which joins the summary in the end. What the
        // head gave is in the side buffer or the output already.
        summary.reserve(text_len(&first[head_end..]) + summary.extra.len());
        summary.events(&first[head_end..inline.end]);
        let primary = summary.first_link(summary.links.len());
        summary.events(&first[after_paragraph..]);
        EntryBuilder {
            head,
            primary,
            number,
        }
    }

    /// The entry, or `None` when it holds nothing at all.
    pub fn finish(self, renderers: &mut EntryRenderers) -> Option<Entry> {
        let renderer = &mut renderers.summary;
        renderer.finish();
        let mut head = self.head;
        let mut summary_start = 0;
        if renderer.piece(head.title).is_empty() && self.number.is_some() {
            summary_start = prose_head(renderer, &mut head);
        }
        if renderer.piece(head.title).is_empty() {
            fallback_head(renderer, &mut head);
        }
        let empty = renderer.piece(head.title).is_empty()
            && renderer.links.is_empty()
            && renderer.out.is_empty();
        if empty {
            return None;
        }
        let parts = Parts {
            head,
            primary: self.primary,
            number: self.number,
            summary_start,
        };
        Some(assemble(renderer, parts))
    }
}

/// The number of an entry whose first text starts `1、`.
fn leading_number(inline: &[Event]) -> Option<u32> {
    match inline.first()? {
        Event::Text(text) => enumerator(text).map(|(number, _, _)| number),
        _ => None,
    }
}

/// A title for a numbered entry whose head held nothing but its number (`1、` alone,
/// its text in the paragraphs after): the first sentence of its summary's first line.
/// Returns where the summary starts after it.
fn prose_head(renderer: &mut Renderer, head: &mut Head) -> usize {
    let out = renderer.out.as_str();
    let first_line = &out[..out.find('\n').unwrap_or(out.len())];
    let offset = |part: &str| part.as_ptr() as usize - out.as_ptr() as usize;
    match prose_title(first_line) {
        ProseTitle::Sentence { title, rest } => {
            head.title = Place::Out(offset(title), offset(title) + title.len());
            let rest_start = if rest.is_empty() {
                first_line.len()
            } else {
                offset(rest)
            };
            let rest = &out[rest_start..];
            rest_start + (rest.len() - rest.trim_start().len())
        }
        ProseTitle::Cut { title } => {
            let title = title.to_string();
            head.title = push_cut(renderer, &title);
            0
        }
    }
}

/// Where the strings of a finished entry sit, besides its links.
struct Parts {
    head: Head,
    primary: Option<usize>,
    number: Option<u32>,
    /// Where the summary starts in the rendered output.
    summary_start: usize,
}

/// Joins the summary and the side buffer into the entry's one buffer.
fn assemble(renderer: &mut Renderer, parts: Parts) -> Entry {
    let Parts {
        head,
        primary,
        number,
        summary_start,
    } = parts;
    let one_line = is_one_line(renderer, &head);
    let mut text = std::mem::take(&mut renderer.out);
    let base = text.len();
    text.push_str(&renderer.extra);
    let texts_end = base + renderer.extra_text_end;
    let span = |place: Place| match place {
        Place::Out(start, end) => Span::new(start, end),
        Place::Extra(start, end) => Span::new(base + start, base + end),
    };
    let link_span = |link: &RenderedLink| LinkSpan {
        text: span(link.text),
        url: span(link.url),
    };
    let parts = EntryParts {
        title: span(head.title),
        source: head.source.map(span),
        tags: head.tags.into_iter().map(span).collect(),
        url: primary
            .and_then(|i| renderer.links.get(i))
            .map(|link| span(link.url)),
        links: renderer.links.iter().map(link_span).collect(),
        summary: Span::new(summary_start, base),
        number,
    };
    // Strings that share a buffer must each be clean alone: a joiner ending one may
    // not lean on an emoji starting the next. The URLs after the last text are clean.
    let clean = one_line && is_clean_throughout(text.get(..texts_end).unwrap_or(&text));
    let entry = Entry::from_parts(text, parts);
    if clean { entry } else { sanitized(&entry) }
}

/// True when no single-line string of the entry (title, source, tags, link texts)
/// holds a line break. URLs never do: the renderer refuses those that would.
fn is_one_line(renderer: &Renderer, head: &Head) -> bool {
    // The side buffer holds only single-line strings and URLs: one scan covers them,
    // up to the end of its last text.
    let extra = renderer.extra.as_bytes();
    let texts = extra.get(..renderer.extra_text_end).unwrap_or(extra);
    if memchr::memchr(b'\n', texts).is_some() {
        return false;
    }
    let one_line = |place: Place| match place {
        Place::Out(..) => memchr::memchr(b'\n', renderer.piece(place).as_bytes()).is_none(),
        Place::Extra(..) => true,
    };
    one_line(head.title)
        && head.source.is_none_or(one_line)
        && head.tags.iter().all(|&tag| one_line(tag))
        && renderer.links.iter().all(|link| one_line(link.text))
}

/// Rebuilds an entry with every string sanitized by its kind: the summary is
/// multi-line text, the URLs are URLs, everything else is single-line text.
fn sanitized(entry: &Entry) -> Entry {
    let source = entry.source().map(sanitize_line);
    let mut clean = Entry::new(
        &sanitize_line(entry.title()),
        source.as_deref(),
        &sanitize(entry.summary()),
    );
    for tag in entry.tags() {
        clean = clean.with_tag(&sanitize_line(tag));
    }
    if let Some(url) = entry.url().and_then(sanitize_url) {
        clean = clean.with_url(&url);
    }
    for link in entry.links() {
        if let Some(url) = sanitize_url(link.url) {
            clean = clean.with_link(&sanitize_line(link.text), &url);
        }
    }
    match entry.number() {
        Some(number) => clean.with_number(number),
        None => clean,
    }
}

/// A title for an entry whose head had none: its first link's text, else its last
/// tag, else the first line of its summary.
fn fallback_head(renderer: &mut Renderer, head: &mut Head) {
    let fallback = if let Some(link) = renderer.links.first() {
        link.text
    } else if let Some(tag) = head.tags.pop() {
        tag
    } else {
        let line = trim(renderer.out.lines().next().unwrap_or(""));
        renderer.place_within(Place::Out(0, renderer.out.len()), line)
    };
    let (title, source) = split_source(renderer.piece(fallback));
    let source = source.map(|s| renderer.place_within(fallback, s));
    head.title = renderer.place_within(fallback, title);
    head.source = source;
}

/// Bytes of text and link destinations in `events`, to size the entry's buffer once.
fn text_len(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) => t.len() + 1,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                dest_url.len()
            }
            _ => 0,
        })
        .sum()
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

/// Index of the first line break outside a link: the end of the head line. A head
/// not led by a link (after tags and, when `enumerated`, an enumerator) is prose,
/// which only a hard break ends: its soft-broken lines are one paragraph, hand-wrapped.
fn head_end(inline: &[Event], enumerated: bool) -> usize {
    let mut in_link = 0usize;
    // Whether the head is led by a link, found at its first soft break.
    let mut led = None;
    for (i, event) in inline.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::SoftBreak
                if in_link == 0 && *led.get_or_insert_with(|| link_led(inline, enumerated)) =>
            {
                return i;
            }
            Event::HardBreak if in_link == 0 => return i,
            _ => {}
        }
    }
    inline.len()
}

/// What a rendered head line holds, borrowed from the head renderer.
struct ReadHead<'r> {
    tags: Vec<&'r str>,
    title: &'r str,
    /// True for a title cut from prose, to be shown with `…`.
    cut: bool,
    source: Option<&'r str>,
    /// The text after the title link, which starts the summary.
    after: &'r str,
}

/// Reads the rendered head line: tags, title and source, and the text after the
/// title link.
fn read_head(rendered: &Renderer, enumerated: bool) -> ReadHead<'_> {
    let text = rendered.out.as_str();
    let strip = |prefix: &'_ str| -> usize {
        let stripped = if enumerated {
            strip_enumerator(prefix)
        } else {
            prefix
        };
        prefix.len() - stripped.len()
    };
    let title_link = rendered.links.iter().position(|link| {
        let prefix = text.get(..link.span.0).unwrap_or("");
        let prefix = &prefix[strip(prefix)..];
        !link.image && prefix.len() <= MAX_PREFIX && trim(split_tags(prefix).1).is_empty()
    });
    let (tags, title, after, cut) = match title_link {
        Some(index) => {
            let link = &rendered.links[index];
            let prefix = text.get(..link.span.0).unwrap_or("");
            let prefix = &prefix[strip(prefix)..];
            let after = text_after_link_run(text, link.span.1, &rendered.links);
            (
                split_tags(prefix).0,
                rendered.piece(link.text),
                after,
                false,
            )
        }
        None => {
            let rest = &text[strip(text)..];
            let (leading, rest) = split_tags(rest);
            let (title, after, cut) = prose_head_line(trim(rest));
            (leading, title, after, cut)
        }
    };
    let (tags, title, source) = head_parts(tags, title);
    ReadHead {
        tags,
        title,
        cut,
        source,
        after: trim_leading_punctuation(after),
    }
}

/// The title of a head line without a title link, the text after it, and whether the
/// title is cut: its first sentence, unless it names a source after a bar (`title |
/// source`, a line that is all title). A cut title leaves the whole line to the summary.
fn prose_head_line(line: &str) -> (&str, &str, bool) {
    if line.is_empty() || last_bar(line).is_some() {
        return (line, "", false);
    }
    match prose_title(line) {
        ProseTitle::Sentence { title, rest } => (title, rest, false),
        ProseTitle::Cut { title } => (title, line, true),
    }
}

/// The tags, title and source in the text of a title link, after the `tags` that
/// came before it.
fn head_parts<'t>(
    mut tags: Vec<&'t str>,
    title: &'t str,
) -> (Vec<&'t str>, &'t str, Option<&'t str>) {
    let (inner_tags, rest) = split_tags(title);
    let title = if !inner_tags.is_empty() && !trim(rest).is_empty() {
        tags.extend(inner_tags);
        trim(rest)
    } else {
        title
    };
    let (title, source) = split_source(title);
    (tags, title, source)
}

/// The head for the title link text at `text`, a place in `summary`.
fn head_from_title(summary: &Renderer, text: Place) -> Head {
    let (tags, title, source) = head_parts(Vec::new(), summary.piece(text));
    let place = |part: &str| summary.place_within(text, part);
    Head {
        title: place(title),
        source: source.map(place),
        tags: tags.into_iter().map(place).collect(),
    }
}

/// The raw text and trimmed destination of a head that is one link holding one run
/// of text, when the renderer would keep it as a link (not a mail address, a
/// destination) whose URL is plain.
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
        ] if *link_type != LinkType::Email => {
            let url = trim(dest_url);
            (!url.is_empty() && is_plain_url(url)).then_some((text, url))
        }
        _ => None,
    }
}

/// The text from `from` on, past the links that directly follow the title link
/// (`[title](a) [[原文]](b)`); later links keep their text.
fn text_after_link_run<'t>(text: &'t str, from: usize, links: &[RenderedLink]) -> &'t str {
    let mut at = from;
    for link in links.iter().filter(|l| l.span.0 >= from && !l.image) {
        let gap = text.get(at..link.span.0).unwrap_or("");
        if !trim(gap).is_empty() {
            break;
        }
        at = link.span.1;
    }
    trim(text.get(at..).unwrap_or(""))
}

/// The text after a title link without the punctuation that joins it to the link
/// (`: `, `，`, ` — `, ` - `), and empty when punctuation is all it holds
/// (`[title](url).`).
fn trim_leading_punctuation(text: &str) -> &str {
    let text = text
        .trim_start_matches([',', '，', ';', '；', ':', '：', '、', '—', '–'])
        .trim_start();
    // A hyphen joins only when a space follows it: `-5%` is text.
    let text = match text.strip_prefix('-') {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => text,
    };
    if text.len() <= 8 && text.chars().all(is_punctuation) {
        ""
    } else {
        text
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || "。，；：！？、…".contains(c) || c.is_whitespace()
}
