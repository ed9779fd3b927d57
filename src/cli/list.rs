//! `brief list`: one line per issue (and with `--all`, per page). Titles are shown
//! whole (cut only to fit a terminal): the reader's issue list is where they are
//! shortened to what tells issues apart.

use std::process::ExitCode;

use serde::Serialize;

use std::collections::HashSet;

use super::write_stdout;
use crate::model::{Issue, IssueKey, Library, plural};
use crate::store::Loaded;
use crate::text::{display_width, fit, fit_right};

/// Widest title column on a terminal before titles are cut with `…` (piped, titles
/// are printed whole).
const MAX_TITLE_COLUMNS: usize = 60;

/// One issue in `brief list --json`.
#[derive(Serialize)]
struct ListItem<'a> {
    /// The name (id) of the newsletter it belongs to.
    source: &'a str,
    id: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    number: Option<u32>,
    #[serde(rename = "origin")]
    location: &'a str,
    sections: usize,
    entries: usize,
    /// Entries not marked read.
    unread: usize,
    /// First seen since the reader was last closed on its source.
    new: bool,
    /// With `--all` only: whether it is a page rather than an issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<bool>,
}

impl<'a> ListItem<'a> {
    fn new(issue: &'a Issue, reading: &Reading) -> Self {
        ListItem {
            source: issue.source.as_str(),
            id: &issue.id,
            title: &issue.title,
            date: issue.date.as_deref(),
            number: issue.number,
            location: &issue.location,
            sections: issue.sections.len(),
            entries: issue.entry_count(),
            unread: reading.loaded.read.unread_in(issue),
            new: reading.new.contains(&issue.key()),
            page: None,
        }
    }
}

/// What the list shows of the reading state.
struct Reading<'a> {
    loaded: &'a Loaded,
    new: HashSet<IssueKey>,
}

/// The issues, newest first; with `all`, then the pages (JSON: each item says whether
/// it is a page).
pub fn run(library: &Library, json: bool, all: bool, loaded: &Loaded) -> anyhow::Result<ExitCode> {
    let pages: &[Issue] = if all { &library.pages } else { &[] };
    let keys: Vec<IssueKey> = library.issues.iter().map(Issue::key).collect();
    let reading = Reading {
        loaded,
        new: loaded.new_issues(&keys).into_iter().cloned().collect(),
    };
    let out = if json {
        let items: Vec<ListItem> = library
            .issues
            .iter()
            .map(|issue| (issue, false))
            .chain(pages.iter().map(|page| (page, true)))
            .map(|(issue, page)| ListItem {
                page: all.then_some(page),
                ..ListItem::new(issue, &reading)
            })
            .collect();
        serde_json::to_string_pretty(&items)? + "\n"
    } else {
        let max_title = if super::stdout_is_terminal() {
            MAX_TITLE_COLUMNS
        } else {
            usize::MAX
        };
        render_table(library, pages, max_title, &reading)
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Columns: date (`page` for a page), the source when there are several, title (at
/// most `max_title` columns), sections, entries, unread entries, `new` for an issue
/// new since the last visit, and the id when it is not the date.
fn render_table(library: &Library, pages: &[Issue], max_title: usize, reading: &Reading) -> String {
    let rows = || {
        let issues = library.issues.iter().map(|issue| (issue, false));
        issues.chain(pages.iter().map(|page| (page, true)))
    };
    let source_width = match library.has_several_sources() {
        true => rows().map(|(i, _)| display_width(i.source.as_str())).max(),
        false => None,
    };
    let title_width = rows()
        .map(|(i, _)| display_width(&i.title))
        .max()
        .unwrap_or(0)
        .min(max_title);
    let mut out = String::new();
    for (issue, page) in rows() {
        let date = match page {
            true => "page",
            false => issue.date.as_deref().unwrap_or("—"),
        };
        // The singular is padded so that the numbers stay in one column.
        let sections = plural(issue.sections.len(), "section ", "sections");
        let entries = plural(issue.entry_count(), "entry  ", "entries");
        let unread = match reading.loaded.read.unread_in(issue) {
            0 => "all read".to_string(),
            n => format!("{n} unread"),
        };
        let new = if reading.new.contains(&issue.key()) {
            "new"
        } else {
            ""
        };
        let mut line = fit(date, 10);
        if let Some(width) = source_width {
            line.push_str(&format!("  {}", fit(issue.source.as_str(), width)));
        }
        line.push_str(&format!(
            "  {}  {}  {}  {}  {:3}",
            fit(&issue.title, title_width),
            fit_right(&sections, 11),
            fit_right(&entries, 11),
            fit_right(&unread, 10),
            new,
        ));
        if issue.date.as_deref() != Some(issue.id.as_str()) {
            line.push_str(&format!("  [{}]", issue.id));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
