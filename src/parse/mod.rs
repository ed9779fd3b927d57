//! Markdown → model. Robust to what real newsletter issues contain.
//!
//! The header (front matter or Pelican lines) is read first; pulldown-cmark then turns
//! the body into events, which are split into top-level blocks ([`blocks`]) and laid
//! out into intro, sections, entries and archive ([`sections`], [`entry`]), rendering
//! text and links on the way ([`render`]). Nothing recurses over the input, and input
//! beyond [`MAX_INPUT`] bytes is ignored, so every input parses in linear time.

mod blocks;
mod entry;
mod header;
mod html;
pub mod index;
mod render;
mod sections;
mod trim;

use pulldown_cmark::{Event, Options, Parser};

use crate::model::Issue;
use crate::text::{sanitize_line, sanitize_line_owned};

/// Bytes of an issue that are parsed; the rest is ignored. Real issues are ~20 KB.
pub const MAX_INPUT: usize = 4 * 1024 * 1024;

/// The pulldown-cmark options the parser uses (benchmarks compare against these).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses one issue. `id` is the file stem, `location` the path or URL it came from.
/// Never panics, whatever the input; every string in the result is sanitized.
pub fn parse_issue(text: &str, id: &str, location: &str) -> Issue {
    let text = truncate(text, MAX_INPUT);
    let header = header::read_header(text);
    let body = &text[header.body_start..];
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    events.extend(Parser::new_ext(body, options()));
    let blocks = blocks::split(&events);
    let layout = sections::layout(&events, &blocks);
    let id = sanitize_line(id);
    let title = header
        .title
        .or(layout.title)
        .map(sanitize_line_owned)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| id.clone());
    let date = header
        .date
        .or_else(|| header::find_date(&id))
        .or_else(|| header::find_date(&title));
    let number = header
        .number
        .or_else(|| header::find_number(&title))
        .or_else(|| header::find_number(&id));
    Issue {
        id,
        title,
        date,
        number,
        location: sanitize_line(location),
        intro: layout.intro,
        sections: layout.sections,
        archive: layout.archive,
    }
}

/// Like [`parse_issue`] for raw bytes: invalid UTF-8 is decoded lossily.
pub fn parse_issue_bytes(bytes: &[u8], id: &str, location: &str) -> Issue {
    let bytes = &bytes[..bytes.len().min(MAX_INPUT)];
    parse_issue(&String::from_utf8_lossy(bytes), id, location)
}

/// `text` cut to at most `max` bytes, at a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entry;
    use crate::text::is_clean;

    #[test]
    fn decoded_controls_are_sanitized_even_when_the_input_is_clean() {
        let text = "# T\n\n## 新闻\n\n\
            - [a&#27;b &Tab;| s&#x9b;rc](https://x.org/&#27;)  \n摘要：c&#8238;d `e`\n\
            - <a href=\"https://y.org/&#27;\">f&#27;g</a> <img src=\"p&#27;.png\" alt=\"h&#27;\">\n";
        assert!(is_clean(text));
        let issue = parse_issue(text, "id", "location");
        let entries: Vec<&Entry> = issue.entries().map(|(_, e)| e).collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].title(), "ab");
        assert_eq!(entries[0].url(), Some("https://x.org/"));
        for s in entries.iter().flat_map(|e| e.strings()) {
            assert!(is_clean(s), "{s:?}");
        }
    }
}
