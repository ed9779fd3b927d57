//! The detail pane's content as wrapped lines, built once per (target, width, highlight).

use std::ops::Range;

use super::state::{DetailTarget, entry_links};
use crate::model::{Entry, Issue, Library, Link, Section, plural, shown_url};
use crate::search::{self, Query};
use crate::text::{display_width, is_forbidden, wrap};

/// Columns of padding on the left of the detail text.
pub const PADDING: u16 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    Title,
    Meta,
    Heading,
    Body,
    LinkLabel,
    LinkUrl,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub text: String,
    pub style: LineStyle,
    /// The link (0-based) this line belongs to: clicking it opens that link.
    pub link: Option<usize>,
    /// Byte ranges of `text` matching the active search, sorted.
    pub marks: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// What the lines were built for; a different target or width rebuilds them.
    pub key: Option<(DetailTarget, u16)>,
    /// The query whose matches are marked; another query rebuilds the lines.
    pub highlight: Option<Query>,
    pub lines: Vec<DocLine>,
}

/// Text columns available in a detail pane `pane_width` columns wide.
pub fn text_width(pane_width: u16) -> u16 {
    pane_width.saturating_sub(PADDING * 2).max(1)
}

pub fn build(
    library: &Library,
    target: DetailTarget,
    width: u16,
    highlight: Option<&Query>,
) -> Document {
    let mut doc = Builder {
        lines: Vec::new(),
        width: usize::from(width),
        highlight,
    };
    match target {
        DetailTarget::Nothing => doc.text("(nothing selected)", LineStyle::Meta),
        DetailTarget::Issue(i) => {
            let issue = &library.issues[i];
            doc.issue(issue, library.source_label(issue));
        }
        DetailTarget::Section { issue, section } => {
            let issue = &library.issues[issue];
            doc.section(issue, &issue.sections[section]);
        }
        DetailTarget::Entry {
            issue,
            section,
            entry,
        } => {
            let issue = &library.issues[issue];
            let section = &issue.sections[section];
            doc.entry(issue, section, &section.entries[entry]);
        }
        DetailTarget::Page(p) => doc.page(&library.pages[p]),
    }
    Document {
        key: Some((target, width)),
        highlight: highlight.cloned(),
        lines: doc.lines,
    }
}

struct Builder<'q> {
    lines: Vec<DocLine>,
    width: usize,
    highlight: Option<&'q Query>,
}

impl Builder<'_> {
    fn text(&mut self, text: &str, style: LineStyle) {
        self.linked(text, style, None);
    }

    fn linked(&mut self, text: &str, style: LineStyle, link: Option<usize>) {
        let lines = wrap(text, self.width);
        let marks = match self.highlight {
            Some(query) => marks_per_line(text, &search::matches(text, query), &lines),
            None => vec![Vec::new(); lines.len()],
        };
        for (line, marks) in lines.into_iter().zip(marks) {
            self.lines.push(DocLine {
                text: line,
                style,
                link,
                marks,
            });
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.text.is_empty()) {
            self.text("", LineStyle::Body);
        }
    }

    /// Title, meta lines, intro and its links, the sections (by path) and the
    /// archive's links, numbered after the intro's.
    fn issue(&mut self, issue: &Issue, source: Option<&str>) {
        self.text(&issue.title, LineStyle::Title);
        for line in issue.meta_lines(source) {
            self.text(&line, LineStyle::Meta);
        }
        self.prose(&issue.intro, &issue.intro_links, 0);
        let shown: Vec<&Section> = (0..issue.sections.len())
            .filter(|&s| !issue.is_heading_only(s))
            .map(|s| &issue.sections[s])
            .collect();
        if !shown.is_empty() {
            self.blank();
            self.text("Sections", LineStyle::Heading);
            for section in shown {
                let line = format!("· {} ({})", section.path_label(), section.entries.len());
                self.text(&line, LineStyle::Body);
            }
        }
        if !issue.archive.is_empty() {
            self.blank();
            self.text("Archive", LineStyle::Heading);
            self.links(&issue.archive, "", issue.intro_links.len());
        }
    }

    /// `text` and its `links`, numbered from `first` + 1, after a blank line.
    fn prose(&mut self, text: &str, links: &[Link], first: usize) {
        if !text.trim().is_empty() {
            self.blank();
            self.text(text.trim(), LineStyle::Body);
        }
        if !links.is_empty() {
            self.blank();
            self.links(links, "", first);
        }
    }

    /// The section's path, its prose and its own links (the heading's first).
    fn section(&mut self, issue: &Issue, section: &Section) {
        self.text(section.name(), LineStyle::Title);
        if !section.parents.is_empty() {
            self.text(&section.path_label(), LineStyle::Meta);
        }
        let entries = plural(section.entries.len(), "entry", "entries");
        let meta = format!("{} · {entries}", issue.display_date());
        self.text(&meta, LineStyle::Meta);
        self.prose(&section.body, &section.own_links(), 0);
    }

    /// The entry under the digest's own number when it numbers its entries
    /// (`2. tinyjson`, as `brief show` prints it), its meta, tags, links and summary.
    fn entry(&mut self, issue: &Issue, section: &Section, entry: &Entry) {
        match entry.number() {
            Some(number) => self.text(&format!("{number}. {}", entry.title()), LineStyle::Title),
            None => self.text(entry.title(), LineStyle::Title),
        }
        let source = entry.source_hint();
        let path = section.path_label();
        let mut meta: Vec<&str> = source.as_deref().into_iter().collect();
        meta.push(&path);
        meta.push(issue.display_date());
        self.text(&meta.join(" · "), LineStyle::Meta);
        if entry.tags().len() > 0 {
            let tags: Vec<String> = entry.tags().map(|t| format!("[{t}]")).collect();
            self.text(&tags.join(" "), LineStyle::Meta);
        }
        let links = entry_links(entry);
        if !links.is_empty() {
            self.blank();
            self.links(&links, entry.title(), 0);
        }
        if !entry.summary().trim().is_empty() {
            self.blank();
            self.text(entry.summary().trim(), LineStyle::Body);
        }
    }

    /// A page whole, its links numbered in the order of `state::page_links`.
    fn page(&mut self, page: &Issue) {
        self.text(&page.title, LineStyle::Title);
        self.text(&format!("page · {}", page.location), LineStyle::Meta);
        self.prose(&page.intro, &page.intro_links, 0);
        let mut first = page.intro_links.len();
        for section in &page.sections {
            if !section.title.trim().is_empty() {
                self.blank();
                self.text(&section.path_label(), LineStyle::Heading);
            }
            let own = section.own_links();
            self.prose(&section.body, &own, first);
            first += own.len();
            for entry in &section.entries {
                self.blank();
                self.text(&format!("· {}", entry.title()), LineStyle::Body);
                let links = entry_links(entry);
                self.links(&links, entry.title(), first);
                first += links.len();
                if !entry.summary().trim().is_empty() {
                    self.text(entry.summary().trim(), LineStyle::Body);
                }
            }
        }
    }

    /// Links numbered from `first` + 1, labelled by the one rule, [`Link::label`]
    /// (`title` is the entry's: its title link shows its URL alone); a redirect's URL
    /// shows where it leads ([`shown_url`]).
    fn links(&mut self, links: &[Link], title: &str, first: usize) {
        for (n, link) in (first..).zip(links) {
            let url = shown_url(&link.url);
            match link.label(title) {
                Some(label) => {
                    self.linked(
                        &format!("[{}] {label}", n + 1),
                        LineStyle::LinkLabel,
                        Some(n),
                    );
                    // Indented when it fits: a wrapped URL would start on a line of its own.
                    let indent = match display_width(&url) + 4 <= self.width {
                        true => "    ",
                        false => "",
                    };
                    self.linked(&format!("{indent}{url}"), LineStyle::LinkUrl, Some(n));
                }
                None => self.linked(&format!("[{}] {url}", n + 1), LineStyle::LinkUrl, Some(n)),
            }
        }
    }
}

/// Carries match ranges of `text` over to the lines `wrap` made of it. The lines are
/// `text` in order with control characters dropped or made spaces and spaces removed
/// at breaks, so each line character is the next source character that shows as it.
fn marks_per_line(text: &str, ranges: &[Range<usize>], lines: &[String]) -> Vec<Vec<Range<usize>>> {
    let mut source = text.char_indices();
    let mut ranges = ranges.iter().peekable();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut marks: Vec<Range<usize>> = Vec::new();
        for (at, c) in line.char_indices() {
            let Some(from) = source
                .find(|&(_, s)| shown_as(s) == Some(c))
                .map(|(i, _)| i)
            else {
                break;
            };
            while ranges.next_if(|r| r.end <= from).is_some() {}
            if ranges.peek().is_some_and(|r| r.start <= from) {
                let end = at + c.len_utf8();
                match marks.last_mut() {
                    Some(last) if last.end == at => last.end = end,
                    _ => marks.push(at..end),
                }
            }
        }
        out.push(marks);
    }
    out
}

/// How a source character shows in a wrapped line (see `ui::text::clean`).
fn shown_as(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if is_forbidden(c) => None,
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, query: &str, width: usize) -> Vec<Vec<String>> {
        let lines = wrap(text, width);
        let query = Query::parse(query);
        let marks = marks_per_line(text, &search::matches(text, &query), &lines);
        lines
            .iter()
            .zip(marks)
            .map(|(line, marks)| marks.into_iter().map(|r| line[r].to_string()).collect())
            .collect()
    }

    #[test]
    fn a_match_cut_by_a_line_break_is_marked_on_both_lines() {
        assert_eq!(
            marked("模型低比量化与剪枝", "量化", 10),
            [vec!["量".to_string()], vec!["化".to_string()]]
        );
    }

    #[test]
    fn marks_survive_dropped_controls_and_trimmed_spaces() {
        let text = "use \u{1b}TVM   and\ttvm again";
        let lines = wrap(text, 8);
        let all: Vec<String> = marked(text, "tvm", 8).concat();
        assert_eq!(all, ["TVM", "tvm"], "{lines:?}");
    }
}
