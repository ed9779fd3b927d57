//! The detail pane's content as wrapped lines, built once per (target, width).

use super::state::{DetailTarget, entry_links};
use crate::model::{Entry, Issue, Library, Link, Section};
use crate::ui::text::wrap;

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
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// What the lines were built for; a different target or width rebuilds them.
    pub key: Option<(DetailTarget, u16)>,
    pub lines: Vec<DocLine>,
}

/// Text columns available in a detail pane `pane_width` columns wide.
pub fn text_width(pane_width: u16) -> u16 {
    pane_width.saturating_sub(PADDING * 2).max(1)
}

pub fn build(library: &Library, target: DetailTarget, width: u16) -> Document {
    let mut doc = Builder {
        lines: Vec::new(),
        width: usize::from(width),
    };
    match target {
        DetailTarget::Nothing => doc.text("(nothing selected)", LineStyle::Meta),
        DetailTarget::Issue(i) => doc.issue(&library.issues[i]),
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
        lines: doc.lines,
    }
}

struct Builder {
    lines: Vec<DocLine>,
    width: usize,
}

impl Builder {
    fn text(&mut self, text: &str, style: LineStyle) {
        self.linked(text, style, None);
    }

    fn linked(&mut self, text: &str, style: LineStyle, link: Option<usize>) {
        for line in wrap(text, self.width) {
            self.lines.push(DocLine {
                text: line,
                style,
                link,
            });
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.text.is_empty()) {
            self.text("", LineStyle::Body);
        }
    }

    fn issue(&mut self, issue: &Issue) {
        self.text(&issue.title, LineStyle::Title);
        let mut meta: Vec<String> = issue.date.iter().cloned().collect();
        meta.extend(issue.number.map(|n| format!("No. {n}")));
        meta.push(format!("{} entries", issue.entry_count()));
        self.text(&meta.join(" · "), LineStyle::Meta);
        self.text(&issue.origin, LineStyle::Meta);
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
            self.links(&issue.archive);
        }
    }

    fn section(&mut self, issue: &Issue, section: &Section) {
        self.text(&section.title, LineStyle::Title);
        let date = issue.date.as_deref().unwrap_or(&issue.id);
        let meta = format!("{date} · {} entries", section.entries.len());
        self.text(&meta, LineStyle::Meta);
        if !section.body.trim().is_empty() {
            self.blank();
            self.text(section.body.trim(), LineStyle::Body);
        }
    }

    fn entry(&mut self, issue: &Issue, section: &Section, entry: &Entry) {
        self.text(&entry.title, LineStyle::Title);
        let mut meta: Vec<&str> = entry.source.iter().map(String::as_str).collect();
        meta.push(&section.title);
        meta.push(issue.date.as_deref().unwrap_or(&issue.id));
        self.text(&meta.join(" · "), LineStyle::Meta);
        if !entry.tags.is_empty() {
            let tags: Vec<String> = entry.tags.iter().map(|t| format!("[{t}]")).collect();
            self.text(&tags.join(" "), LineStyle::Meta);
        }
        let links = entry_links(entry);
        if !links.is_empty() {
            self.blank();
            self.links(&links);
        }
        if !entry.summary.trim().is_empty() {
            self.blank();
            self.text(entry.summary.trim(), LineStyle::Body);
        }
    }

    fn links(&mut self, links: &[Link]) {
        for (n, link) in links.iter().enumerate() {
            let text = link.text.trim();
            if text.is_empty() || text == link.url {
                self.linked(
                    &format!("[{}] {}", n + 1, link.url),
                    LineStyle::LinkUrl,
                    Some(n),
                );
            } else {
                self.linked(
                    &format!("[{}] {text}", n + 1),
                    LineStyle::LinkLabel,
                    Some(n),
                );
                self.linked(&format!("    {}", link.url), LineStyle::LinkUrl, Some(n));
            }
        }
    }
}
