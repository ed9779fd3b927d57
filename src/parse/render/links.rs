//! Links found while rendering: Markdown and HTML links, images and bare URLs, each
//! with a usable URL, up to the renderer's room for links.

use pulldown_cmark::{CowStr, LinkType};

use super::{OpenImage, OpenLink, Place, RenderedLink, Renderer};
use crate::model::Link;
use crate::parse::trim::{trim, trim_start};
use crate::text::{sanitize_line, sanitize_url};

impl Renderer {
    /// The links as owned strings, each sanitized by its kind, and whether it is an
    /// image; those without a usable URL are left out.
    pub(in crate::parse) fn clean_links(&self) -> impl Iterator<Item = (Link, bool)> + '_ {
        self.links.iter().filter_map(|link| {
            let url = sanitize_url(self.piece(link.url))?;
            let text = sanitize_line(self.piece(link.text));
            Some((Link { text, url }, link.image))
        })
    }

    pub(super) fn start_link(&mut self, link_type: LinkType, dest: &CowStr) {
        if self.link.is_some() {
            return;
        }
        let url = match link_type {
            LinkType::Email => {
                let start = self.extra.len();
                self.extra.push_str("mailto:");
                self.extra.push_str(dest);
                if !is_plain_url(dest) {
                    self.extra_text_end = self.extra.len();
                }
                Place::Extra(start, self.extra.len())
            }
            _ => self.push_url(dest),
        };
        self.flush_gap();
        self.link = Some(OpenLink {
            url,
            text_start: self.out.len(),
        });
    }

    pub(super) fn end_link(&mut self) {
        let Some(open) = self.link.take() else { return };
        let raw = &self.out[open.text_start..];
        let text = trim(raw);
        let start = open.text_start + (raw.len() - trim_start(raw).len());
        let span = (start, start + text.len());
        let text_place = Place::Out(span.0, span.1);
        let url = if self.piece(open.url).is_empty() && is_url(text) {
            text_place
        } else {
            open.url
        };
        if !self.piece(url).is_empty() {
            self.push_link(text_place, url, span, false);
        }
    }

    pub(super) fn start_image(&mut self, dest: &CowStr) {
        self.image_depth += 1;
        if self.image.is_none() {
            self.image = Some(OpenImage {
                url: trim(dest).to_string(),
                alt: String::new(),
            });
        }
    }

    pub(super) fn end_image(&mut self) {
        self.image_depth = self.image_depth.saturating_sub(1);
        if self.image_depth > 0 {
            return;
        }
        if let Some(image) = self.image.take() {
            self.push_image(image.alt, image.url);
        }
    }

    pub(super) fn push_image(&mut self, alt: String, url: String) {
        let url = self.push_url(&url);
        if self.piece(url).is_empty() {
            return;
        }
        let at = self.out.len();
        let text = match trim(&alt) {
            "" => "image",
            alt => alt,
        };
        let text = self.push_extra(text);
        self.push_link(text, url, (at, at), true);
    }

    /// Appends a link destination to the side buffer as a usable URL: trimmed, without
    /// invisible characters, and empty when it holds whitespace (see [`sanitize_url`]).
    fn push_url(&mut self, dest: &str) -> Place {
        let dest = trim(dest);
        if is_plain_url(dest) {
            return self.push_clean_url(dest);
        }
        match sanitize_url(dest) {
            Some(url) => self.push_clean_url(&url),
            None => self.push_clean_url(""),
        }
    }

    /// Adds a link whose text is not in the output (an entry's title link, read
    /// without rendering it, or a link carried over from another renderer), and
    /// returns where its text went. `plain_url` says that `url` is known plain.
    pub(in crate::parse) fn push_outside_link(
        &mut self,
        text: &str,
        url: &str,
        plain_url: bool,
        image: bool,
    ) -> Place {
        let text = self.push_extra(text);
        let url = if plain_url || is_plain_url(url) {
            self.push_clean_url(url)
        } else {
            self.push_extra(url)
        };
        self.push_link(text, url, (0, 0), image);
        text
    }

    fn push_link(&mut self, text: Place, url: Place, span: (usize, usize), image: bool) {
        if self.take_link_room() {
            self.links.push(RenderedLink {
                text,
                url,
                span,
                image,
            });
        }
    }

    /// True when one more link may be recorded.
    fn take_link_room(&mut self) -> bool {
        if self.link_room == 0 {
            self.links_dropped += 1;
            return false;
        }
        self.link_room -= 1;
        true
    }

    /// Records at most `room` more links.
    pub(in crate::parse) fn set_link_room(&mut self, room: usize) {
        self.link_room = room;
    }

    /// Index of the first link that is not an image, among the first `count`.
    pub(in crate::parse) fn first_link(&self, count: usize) -> Option<usize> {
        self.links.iter().take(count).position(|link| !link.image)
    }

    #[inline(never)]
    pub(super) fn link_bare_urls(&mut self, start: usize) {
        let run = &self.out[start..];
        let found: Vec<(usize, usize)> = self
            .finder
            .links(run)
            .map(|link| (start + link.start(), start + link.end()))
            .collect();
        for span in found {
            let place = Place::Out(span.0, span.1);
            self.push_link(place, place, span, false);
        }
    }
}

/// True when `text` holds `://`: a SIMD scan for `:`, cheaper than a substring
/// search on every run of text.
pub(super) fn has_scheme_separator(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|colon| bytes[colon + 1..].starts_with(b"//"))
}

/// True when `url` is printable ASCII, which [`sanitize_url`] keeps as it is.
pub(in crate::parse) fn is_plain_url(url: &str) -> bool {
    // A block at a time, each tested without branches (a few vector instructions);
    // the last block overlaps the one before, or is padded.
    let bytes = url.as_bytes();
    let Some(last) = bytes.len().checked_sub(BLOCK) else {
        let mut padded = [b'a'; BLOCK];
        for (to, &from) in padded.iter_mut().zip(bytes) {
            *to = from;
        }
        return all_graphic(&padded);
    };
    let mut blocks = bytes.chunks_exact(BLOCK);
    blocks.all(all_graphic) && all_graphic(&bytes[last..])
}

/// Bytes [`is_plain_url`] tests at once.
const BLOCK: usize = 16;

/// True when every byte of `block`, [`BLOCK`] bytes long, is printable ASCII.
#[inline(always)]
fn all_graphic(block: &[u8]) -> bool {
    let block: &[u8; BLOCK] = block.try_into().unwrap_or(&[0; BLOCK]);
    let mut other = 0u8;
    for &b in block {
        other |= u8::from(!b.is_ascii_graphic());
    }
    other == 0
}

/// True when `text` is a single absolute http(s) or www URL.
fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www."))
        && !text.contains(char::is_whitespace)
        && text.len() > 8
}
