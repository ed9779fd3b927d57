//! The detail pane's content as wrapped lines, built once per (target, width, highlight).

use std::ops::Range;

use super::state::{DetailTarget, entry_links};
use crate::model::plural;
use crate::model::{Entry, Issue, Library, Link, Section};
use crate::search::{self, Query};
use crate::text::{is_forbidden, wrap};

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

    fn issue(&mut self, issue: &Issue, source: Option<&str>) {
        self.text(&issue.title, LineStyle::Title);
        for line in issue.meta_lines(source) {
            self.text(&line, LineStyle::Meta);
        }
        if !issue.intro.trim().is_empty() {
            self.blank();
            self.text(issue.intro.trim(), LineStyle::Body);
        }
        if !issue.sections.is_empty() {
            self.blank();
            self.text("Sections", LineStyle::Heading);
            for section in &issue.sections {
                let line = format!("· {} ({})", section.title, section.entries.len());
                self.text(&line, LineStyle::Body);
            }
        }
        if !issue.archive.is_empty() {
            self.blank();
            self.text("Archive", LineStyle::Heading);
            self.links(&issue.archive, "");
        }
    }

    fn section(&mut self, issue: &Issue, section: &Section) {
        self.text(&section.title, LineStyle::Title);
        let entries = plural(section.entries.len(), "entry", "entries");
        let meta = format!("{} · {entries}", issue.display_date());
        self.text(&meta, LineStyle::Meta);
        if !section.body.trim().is_empty() {
            self.blank();
            self.text(section.body.trim(), LineStyle::Body);
        }
    }

    fn entry(&mut self, issue: &Issue, section: &Section, entry: &Entry) {
        self.text(entry.title(), LineStyle::Title);
        let mut meta: Vec<&str> = entry.source().into_iter().collect();
        meta.push(&section.title);
        meta.push(issue.display_date());
        self.text(&meta.join(" · "), LineStyle::Meta);
        if entry.tags().len() > 0 {
            let tags: Vec<String> = entry.tags().map(|t| format!("[{t}]")).collect();
            self.text(&tags.join(" "), LineStyle::Meta);
        }
        let links = entry_links(entry);
        if !links.is_empty() {
            self.blank();
            self.links(&links, entry.title());
        }
        if !entry.summary().trim().is_empty() {
            self.blank();
            self.text(entry.summary().trim(), LineStyle::Body);
        }
    }

    /// Numbered links, labelled by the one rule, [`Link::label`] (`title` is the
    /// entry's: its title link shows its URL alone).
    fn links(&mut self, links: &[Link], title: &str) {
        for (n, link) in links.iter().enumerate() {
            match link.label(title) {
                Some(label) => {
                    self.linked(
                        &format!("[{}] {label}", n + 1),
                        LineStyle::LinkLabel,
                        Some(n),
                    );
                    self.linked(&format!("    {}", link.url), LineStyle::LinkUrl, Some(n));
                }
                None => self.linked(
                    &format!("[{}] {}", n + 1, link.url),
                    LineStyle::LinkUrl,
                    Some(n),
                ),
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
