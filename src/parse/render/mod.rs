//! Markdown events → plain text and links.
//!
//! Soft-broken lines are joined without a space between two wide (CJK or full-width)
//! characters and with one space otherwise; hard breaks become newlines and blocks are
//! separated by a blank line. Images and bare URLs become links, not text.
//!
//! Links are not copied into strings of their own: a link's text is a span of the
//! output, or of a side buffer (`extra`) that also holds the URLs, so an entry's
//! strings can end up in one buffer (see [`crate::model::Entry`]). The side buffer
//! knows where its last text ends: past it are only URLs that need no sanitizing.

use std::fmt::Write;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

use super::html::{Piece, Stripper};
use super::trim::{trim_end, trim_start};

/// Nested lists deeper than this are not indented further, so the output stays
/// linear in the input however deep the nesting.
const MAX_INDENT_LEVELS: usize = 6;

/// Where a piece of text sits: in the rendered output or in the side buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Out(usize, usize),
    Extra(usize, usize),
}

/// A link found while rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RenderedLink {
    pub text: Place,
    pub url: Place,
    /// Where the link's text sits in the output (empty for images).
    pub span: (usize, usize),
    pub image: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Soft,
    Line,
    Paragraph,
}

struct OpenLink {
    url: Place,
    text_start: usize,
}

struct OpenImage {
    url: String,
    alt: String,
}

pub(super) struct Renderer {
    pub out: String,
    /// Link URLs and link texts that are not in the output.
    pub extra: String,
    /// End of the last text in `extra`: only URLs that [`crate::text::sanitize_url`]
    /// keeps as they are come after it.
    pub extra_text_end: usize,
    pub links: Vec<RenderedLink>,
    /// Links that may still be recorded; those past it are counted, not kept.
    link_room: usize,
    pub links_dropped: usize,
    finder: LinkFinder,
    gap: Gap,
    /// Start of the current run of plain text, scanned for bare URLs when it ends.
    run_start: Option<usize>,
    link: Option<OpenLink>,
    image: Option<OpenImage>,
    image_depth: usize,
    lists: Vec<Option<u64>>,
    item_marker_pending: bool,
    in_code_block: bool,
    table_cell: usize,
    html: Stripper,
}

impl Default for Renderer {
    fn default() -> Self {
        let mut finder = LinkFinder::new();
        finder.kinds(&[LinkKind::Url]).url_can_be_iri(false);
        Renderer {
            out: String::new(),
            extra: String::new(),
            extra_text_end: 0,
            links: Vec::new(),
            link_room: usize::MAX,
            links_dropped: 0,
            finder,
            gap: Gap::None,
            run_start: None,
            link: None,
            image: None,
            image_depth: 0,
            lists: Vec::new(),
            item_marker_pending: false,
            in_code_block: false,
            table_cell: 0,
            html: Stripper::default(),
        }
    }
}

impl Renderer {
    /// The text at `place`; empty if it is not there.
    pub fn piece(&self, place: Place) -> &str {
        let (buffer, start, end) = match place {
            Place::Out(start, end) => (&self.out, start, end),
            Place::Extra(start, end) => (&self.extra, start, end),
        };
        buffer.get(start..end).unwrap_or("")
    }

    /// Appends `text` to the side buffer.
    pub fn push_extra(&mut self, text: &str) -> Place {
        let place = self.push_clean_url(text);
        self.extra_text_end = self.extra.len();
        place
    }

    /// Appends `url`, which [`crate::text::sanitize_url`] keeps as it is, to the side
    /// buffer.
    fn push_clean_url(&mut self, url: &str) -> Place {
        let start = self.extra.len();
        self.extra.push_str(url);
        Place::Extra(start, self.extra.len())
    }

    /// The place of `part`, a slice of the text at `place`.
    pub fn place_within(&self, place: Place, part: &str) -> Place {
        let whole = self.piece(place);
        let offset = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        if offset > whole.len() || offset + part.len() > whole.len() {
            return Place::Out(0, 0);
        }
        match place {
            Place::Out(start, _) => Place::Out(start + offset, start + offset + part.len()),
            Place::Extra(start, _) => Place::Extra(start + offset, start + offset + part.len()),
        }
    }

    pub fn events<'e, 'a: 'e>(&mut self, events: impl IntoIterator<Item = &'e Event<'a>>) {
        for event in events {
            self.event(event);
        }
    }

    pub fn event(&mut self, event: &Event) {
        if !matches!(event, Event::Text(_)) {
            self.end_run();
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => self.plain(code),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.plain(math),
            Event::Html(html) | Event::InlineHtml(html) => self.html(html),
            Event::SoftBreak => self.gap(Gap::Soft),
            Event::HardBreak => self.gap(Gap::Line),
            Event::Rule => self.gap(Gap::Paragraph),
            Event::TaskListMarker(done) => self.plain(if *done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(_) => {}
        }
    }

    /// Appends text whose links were already collected elsewhere.
    pub fn push_plain(&mut self, text: &str) {
        self.plain(text);
    }

    pub fn finish(&mut self) {
        self.end_run();
        let trimmed = trim_end(&self.out).len();
        self.truncate_out(trimmed);
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::HtmlBlock => {
                self.block_gap(Gap::Paragraph)
            }
            Tag::CodeBlock(_) => {
                self.block_gap(Gap::Paragraph);
                self.in_code_block = true;
            }
            Tag::List(start) => {
                self.block_gap(if self.lists.is_empty() {
                    Gap::Paragraph
                } else {
                    Gap::Line
                });
                self.lists.push(*start);
            }
            Tag::Item => self.start_item(),
            Tag::Table(_) => self.block_gap(Gap::Paragraph),
            Tag::TableHead | Tag::TableRow => {
                self.gap(Gap::Line);
                self.table_cell = 0;
            }
            Tag::TableCell => {
                if self.table_cell > 0 {
                    self.plain(" | ");
                }
                self.table_cell += 1;
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.start_link(*link_type, dest_url),
            Tag::Image { dest_url, .. } => self.start_image(dest_url),
            Tag::DefinitionListTitle | Tag::DefinitionListDefinition => self.gap(Gap::Line),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::Table => {
                self.gap(Gap::Paragraph)
            }
            TagEnd::HtmlBlock => {
                self.html.reset();
                self.gap(Gap::Paragraph);
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                let trimmed = self.out.trim_end_matches('\n').len();
                self.truncate_out(trimmed);
                self.gap(Gap::Paragraph);
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.gap(if self.lists.is_empty() {
                    Gap::Paragraph
                } else {
                    Gap::Line
                });
            }
            TagEnd::Item => self.gap(Gap::Line),
            TagEnd::Link => self.end_link(),
            TagEnd::Image => self.end_image(),
            _ => {}
        }
    }

    fn start_item(&mut self) {
        self.gap(Gap::Line);
        // An item that starts its parent's first line (`- - x`) follows its marker
        // unindented, so the output of deep nesting stays as long as its input.
        let nested_on_line = self.item_marker_pending;
        self.flush_gap();
        let depth = self.lists.len().clamp(1, MAX_INDENT_LEVELS);
        for _ in (1..depth).filter(|_| !nested_on_line) {
            self.out.push_str("  ");
        }
        match self.lists.last_mut() {
            Some(Some(number)) => {
                let _ = write!(self.out, "{number}. ");
                *number = number.saturating_add(1);
            }
            _ => self.out.push_str("- "),
        }
        self.item_marker_pending = true;
    }

    /// Makes room for `additional` more bytes of output.
    pub fn reserve(&mut self, additional: usize) {
        if self.out.capacity() == 0 {
            // Allocates exactly once, without growth arithmetic.
            self.out = String::with_capacity(additional);
        } else {
            self.out.reserve(additional);
        }
    }

    /// Empties the renderer, keeping its buffers.
    pub fn reset(&mut self) {
        self.out.clear();
        self.extra.clear();
        self.extra_text_end = 0;
        self.links.clear();
        self.link_room = usize::MAX;
        self.links_dropped = 0;
        self.gap = Gap::None;
        self.run_start = None;
        self.link = None;
        self.image = None;
        self.image_depth = 0;
        self.lists.clear();
        self.item_marker_pending = false;
        self.in_code_block = false;
        self.table_cell = 0;
        self.html.reset();
    }

    /// HTML tags dropped for their length so far, resets included.
    pub fn long_tags(&self) -> usize {
        self.html.long_tags
    }

    fn text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        if self.in_code_block {
            self.flush_gap();
            self.out.push_str(text);
            return;
        }
        let at_line_start = self.gap >= Gap::Soft || self.item_marker_pending;
        let text = if at_line_start || self.out.is_empty() || self.out.ends_with(' ') {
            trim_start(text)
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        self.join_before(text);
        if self.link.is_none() && self.run_start.is_none() {
            self.run_start = Some(self.out.len());
        }
        self.out.push_str(text);
        self.item_marker_pending = false;
    }

    /// Text that is never scanned for URLs (code, markers).
    fn plain(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        self.join_before(text);
        self.out.push_str(text);
        self.item_marker_pending = false;
    }

    fn html(&mut self, html: &str) {
        let mut stripper = std::mem::take(&mut self.html);
        stripper.feed(html, |piece| self.html_piece(piece));
        self.html = stripper;
    }

    fn html_piece(&mut self, piece: Piece) {
        match piece {
            Piece::Text(text) => {
                let mut first = true;
                for line in text.split('\n') {
                    if !first {
                        self.gap(Gap::Soft);
                    }
                    first = false;
                    self.text(line);
                }
            }
            Piece::Char(c) => {
                let mut buf = [0; 4];
                let text = c.encode_utf8(&mut buf);
                self.text(text);
            }
            Piece::LineBreak => self.gap(Gap::Line),
            Piece::ParagraphBreak => self.gap(Gap::Paragraph),
            Piece::LinkStart(url) => self.start_link(LinkType::Inline, &CowStr::from(url)),
            Piece::LinkEnd => self.end_link(),
            Piece::Image { alt, src } => self.push_image(alt, src),
        }
        self.end_run();
    }

    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    fn block_gap(&mut self, gap: Gap) {
        if self.item_marker_pending {
            return;
        }
        self.gap(gap);
    }

    /// Writes the pending gap before `text`, joining soft breaks by the CJK rule.
    fn join_before(&mut self, text: &str) {
        if self.gap == Gap::Soft {
            let before = self.out.chars().next_back();
            let after = text.chars().next();
            if let (Some(b), Some(a)) = (before, after)
                && !b.is_whitespace()
                && !(is_wide(b) && is_wide(a))
            {
                self.out.push(' ');
            }
            self.gap = Gap::None;
        }
        self.flush_gap();
    }

    fn flush_gap(&mut self) {
        let gap = std::mem::replace(&mut self.gap, Gap::None);
        if self.out.is_empty() || self.item_marker_pending {
            return;
        }
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        match gap {
            Gap::None => {}
            Gap::Soft => {
                if !self.out.ends_with(char::is_whitespace) {
                    self.out.push(' ');
                }
            }
            Gap::Line => {
                self.truncate_out(trimmed);
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
            }
            Gap::Paragraph => {
                self.truncate_out(trimmed);
                let newlines = self.out.len() - self.out.trim_end_matches('\n').len();
                for _ in newlines.min(2)..2 {
                    self.out.push('\n');
                }
            }
        }
    }

    /// Cuts the output back to `len` bytes. An open link or text run may have started
    /// in the trailing spaces cut (`text <a href=…>` then a paragraph break): it now
    /// starts at the cut.
    fn truncate_out(&mut self, len: usize) {
        self.out.truncate(len);
        if let Some(link) = &mut self.link {
            link.text_start = link.text_start.min(len);
        }
        if let Some(start) = &mut self.run_start {
            *start = (*start).min(len);
        }
    }

    /// Scans the text run that just ended for bare URLs. Called after nearly every
    /// event, so the common case (no run, or a run without `://`) stays inline.
    #[inline]
    fn end_run(&mut self) {
        let Some(start) = self.run_start.take() else {
            return;
        };
        if has_scheme_separator(&self.out[start..]) {
            self.link_bare_urls(start);
        }
    }
}

/// True for characters that take two columns: CJK ideographs, kana, hangul and
/// full-width punctuation.
pub(super) fn is_wide(c: char) -> bool {
    (c as u32) >= 0x1100 && c.width() == Some(2)
}

mod links;

use links::has_scheme_separator;
pub(super) use links::is_plain_url;

#[cfg(test)]
mod tests;
