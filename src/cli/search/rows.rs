//! A result as `brief search` prints it, read from a persisted index or found in a
//! library.

use std::borrow::Cow;

use super::lines::TITLE_COLUMNS;
use crate::search::{Located, Query, ViewLine, joined_path, path_titles, snippet};

const SNIPPET_COLUMNS: usize = 80;

/// One result as printed, whether read from a persisted index or found in a library:
/// its strings borrowed from either.
pub(super) struct Row<'a> {
    /// The name (id) of the newsletter.
    pub(super) from: &'a str,
    pub(super) issue: Cow<'a, str>,
    pub(super) date: Option<Cow<'a, str>>,
    /// The section's path (see [`path_titles`]); None for an intro.
    pub(super) path: Option<Cow<'a, str>>,
    /// What matched: an entry, or prose (`"intro"` or `"section"`).
    pub(super) kind: RowKind<'a>,
    pub(super) score: u32,
}

pub(super) enum RowKind<'a> {
    Entry {
        title: Cow<'a, str>,
        source: Option<Cow<'a, str>>,
        url: Option<Cow<'a, str>>,
        /// The snippet of the summary; empty unless printed (JSON).
        snippet: String,
    },
    Prose {
        prose: &'static str,
        /// The snippet of all that was searched, as wide as it is printed.
        snippet: String,
    },
}

/// The snippet of prose or a summary printed for `query`: in JSON, or in a line (prose
/// only, in quotes in the title's column).
pub(super) fn snippet_of(text: &str, query: &Query, json: bool) -> String {
    let columns = if json {
        SNIPPET_COLUMNS
    } else {
        TITLE_COLUMNS - 2
    };
    snippet(text, query, columns).0
}

/// What a prose hit is, given whether it lies in a section.
fn prose_kind(in_section: bool) -> &'static str {
    if in_section { "section" } else { "intro" }
}

impl<'a> Row<'a> {
    /// The row of `line`, whose summary or text is already its snippet.
    pub(super) fn of_line(line: ViewLine<'a>, score: u32) -> Row<'a> {
        match line {
            ViewLine::Entry(line) => Row {
                from: line.from,
                issue: line.issue_id,
                date: line.date,
                path: Some(line.path),
                kind: RowKind::Entry {
                    title: line.title,
                    source: line.source,
                    url: line.url,
                    snippet: line.summary,
                },
                score,
            },
            ViewLine::Prose(line) => Row {
                from: line.from,
                issue: line.issue_id,
                date: line.date,
                kind: RowKind::Prose {
                    prose: prose_kind(line.path.is_some()),
                    snippet: line.text,
                },
                path: line.path,
                score,
            },
        }
    }

    pub(super) fn of_located(located: &Located<'a>, query: &Query, json: bool) -> Row<'a> {
        let cut = |text: &str| snippet_of(text, query, json);
        let (issue, hit) = match located {
            Located::Entry(found) => (found.issue, found.hit),
            Located::Prose(found) => (found.issue, found.hit),
        };
        let (path, kind) = match located {
            Located::Entry(found) => {
                let entry = found.entry;
                let kind = RowKind::Entry {
                    title: Cow::Borrowed(entry.title()),
                    source: entry.source().map(Cow::Borrowed),
                    url: entry.url().map(Cow::Borrowed),
                    snippet: if json {
                        cut(entry.summary())
                    } else {
                        String::new()
                    },
                };
                (Some(found.section), kind)
            }
            Located::Prose(found) => {
                let kind = RowKind::Prose {
                    prose: prose_kind(found.section.is_some()),
                    snippet: cut(&found.searched_text()),
                };
                (found.section, kind)
            }
        };
        Row {
            from: issue.source.as_str(),
            issue: Cow::Borrowed(&issue.id),
            date: issue.date.as_deref().map(Cow::Borrowed),
            path: path.map(|section| Cow::Owned(joined_path(section.path()))),
            kind,
            score: hit.score,
        }
    }

    /// The section's title; None for an intro.
    pub(super) fn section(&self) -> Option<&str> {
        let path = self.path.as_deref()?;
        path_titles(path).next_back()
    }
}
