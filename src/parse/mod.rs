//! Markdown → model. Robust to what real newsletter issues contain.
//!
//! The header (front matter or Pelican lines) is read first; pulldown-cmark then turns
//! the body into events, which are split into top-level blocks ([`blocks`]), outlined
//! ([`outline`]: title, sections or none, footer) and laid out into intro, a tree of
//! sections, entries and archive ([`sections`], [`section`], [`entry`], its head
//! line's text in [`title`], with [`intro`] entries, [`archive`]s known by what they
//! hold and [`prose`] titles), rendering text and links on the way ([`render`]).
//! Nothing recurses over the input, and every input parses in linear time and in
//! memory proportional to its size: input beyond [`MAX_INPUT`] bytes is ignored, a
//! body too dense to parse at once is parsed in pieces ([`pieces`]), and an issue
//! keeps a bounded number of sections and entries ([`limits`]). Each limit that cuts
//! something says so in a note ([`parse_issue_report`]).

mod archive;
mod blocks;
mod body;
mod entry;
mod header;
mod html;
pub mod index;
mod intro;
mod limits;
mod outline;
mod pieces;
mod prose;
mod render;
mod section;
mod sections;
mod title;
mod trim;

use pulldown_cmark::Options;

use crate::model::Issue;
use crate::text::{sanitize_line, sanitize_line_owned};

/// Bytes of an issue that are parsed; the rest is ignored. Real issues are ~20 KB.
pub const MAX_INPUT: usize = 4 * 1024 * 1024;

/// An upper bound on the memory that parsing `len` bytes takes at its peak, the issue
/// it returns included: ten times the input (at most [`MAX_INPUT`] of it is read),
/// plus what an ordinary issue may take whatever its size. Loaders that parse in
/// parallel use it to keep the total in bounds.
pub fn memory_bound(len: usize) -> usize {
    10 * len.min(MAX_INPUT) + limits::BASE_MEMORY
}

/// The pulldown-cmark options the parser uses (benchmarks compare against these).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses one issue. `id` is the file stem, `location` the path or URL it came from.
/// Never panics, whatever the input; every string in the result is sanitized.
pub fn parse_issue(text: &str, id: &str, location: &str) -> Issue {
    parse_issue_report(text, id, location).0
}

/// Like [`parse_issue`], with notes on what the parser's limits left out or may have
/// changed: one sentence each, without the issue's name; none for an ordinary issue.
/// Loaders show them as warnings.
pub fn parse_issue_report(text: &str, id: &str, location: &str) -> (Issue, Vec<String>) {
    let mut notes = Vec::new();
    let kept = truncate(text, MAX_INPUT);
    if kept.len() < text.len() {
        notes.push(limits::input_note(
            text.len(),
            &text.as_bytes()[kept.len()..],
        ));
    }
    let issue = parse_text(kept, id, location, &mut notes);
    (issue, notes)
}

/// Like [`parse_issue`] for raw bytes: invalid UTF-8 is decoded lossily.
pub fn parse_issue_bytes(bytes: &[u8], id: &str, location: &str) -> Issue {
    parse_issue_bytes_report(bytes, id, location).0
}

/// Like [`parse_issue_report`] for raw bytes: invalid UTF-8 is decoded lossily.
pub fn parse_issue_bytes_report(bytes: &[u8], id: &str, location: &str) -> (Issue, Vec<String>) {
    let mut notes = Vec::new();
    let kept = &bytes[..bytes.len().min(MAX_INPUT)];
    if kept.len() < bytes.len() {
        notes.push(limits::input_note(bytes.len(), &bytes[kept.len()..]));
    }
    let text = String::from_utf8_lossy(kept);
    // Replacement characters may have made the text longer than the limit.
    let issue = parse_text(truncate(&text, MAX_INPUT), id, location, &mut notes);
    (issue, notes)
}

/// Parses text already cut to [`MAX_INPUT`].
fn parse_text(text: &str, id: &str, location: &str, notes: &mut Vec<String>) -> Issue {
    let header = header::read_header(text);
    let body_text = &text[header.body_start..];
    let context = body::Context {
        names: body::Names {
            header_title: header.title.as_deref(),
            id,
        },
        budget: limits::piece_budget(text.len()),
        tally: limits::Tally::new(text.len()),
    };
    let body = body::parse(body_text, context, notes);
    body.tally.notes(notes);
    let id = sanitize_line(id);
    let title = header
        .title
        .or(body.title)
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
        .or_else(|| header::find_number_in_name(&id));
    Issue {
        id,
        title,
        date,
        number,
        location: sanitize_line(location),
        intro: body.layout.intro,
        intro_links: body.layout.intro_links,
        sections: body.layout.sections,
        archive: body.layout.archive,
        ..Issue::default()
    }
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

    /// An entry's strings share one buffer; a joiner or tag at the end of one string
    /// must not pass for part of an emoji sequence with the start of the next.
    #[test]
    fn each_string_of_an_entry_is_clean_on_its_own() {
        let text = "# T\n\n## S\n\n- [💻 title](https://x.org) text 👩\u{200D}\n\
                    - [\u{E0067}\u{E007F} b](https://y.org) c 🏴\n";
        let issue = parse_issue(text, "id", "location");
        let entries: Vec<&Entry> = issue.entries().map(|(_, e)| e).collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].summary(), "text 👩");
        assert_eq!(entries[0].title(), "💻 title");
        assert_eq!(entries[1].title(), "b");
        for s in entries.iter().flat_map(|e| e.strings()) {
            assert!(is_clean(s), "{s:?}");
        }
    }

    /// A URL taken from a link's text is no plain URL: it is sanitized as one.
    #[test]
    fn a_url_carried_over_from_a_head_line_is_sanitized() {
        let text = "# T\n\n## S\n\n- 【tag】 [https://x.org/a\u{200B}b]() c\n";
        let issue = parse_issue(text, "id", "location");
        let entry = issue.entries().next().map(|(_, e)| e).expect("an entry");
        assert_eq!(entry.tags().collect::<Vec<_>>(), ["tag"]);
        assert_eq!(entry.url(), Some("https://x.org/ab"));
        for s in entry.strings() {
            assert!(is_clean(s), "{s:?}");
        }
    }
}
