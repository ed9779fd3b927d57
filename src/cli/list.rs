//! `brief list`: one line per issue (and with `--all`, per page). Titles are shown
//! whole (cut only to fit a terminal): the reader's issue list is where they are
//! shortened to what tells issues apart.
//!
//! Only the issues' heads are loaded (from the persisted library, when it holds the
//! files as they are), unless an issue listed has entries marked read: counting its
//! unread entries needs its entries' keys, and then the issues are loaded whole.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::background::Later;
use super::load::{Warnings, load};
use super::reading;
use super::settings::Settings;
use super::write_stdout;
use crate::library::store::{Depth, IssueHead, Writes};
use crate::model::{IssueKey, SourceId, plural};
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

/// One row of the list: an issue or a page, with its unread count and whether it is new.
struct Row {
    head: IssueHead,
    page: bool,
    unread: usize,
    new: bool,
}

impl<'a> ListItem<'a> {
    fn new(row: &'a Row, all: bool) -> Self {
        let issue = &row.head;
        ListItem {
            source: &issue.source,
            id: &issue.id,
            title: &issue.title,
            date: issue.date.as_deref(),
            number: issue.number,
            location: &issue.location,
            sections: issue.sections,
            entries: issue.entries,
            unread: row.unread,
            new: row.new,
            page: all.then_some(row.page),
        }
    }
}

/// Lists the library `paths` and `settings` name: the issues, newest first; with
/// `all`, then the pages (JSON: each item says whether it is a page). A persisted
/// library found behind is left to `later`, to be written after the output.
pub fn run(
    paths: &[PathBuf],
    settings: &Settings,
    json: bool,
    all: bool,
    later: &mut Later,
) -> anyhow::Result<ExitCode> {
    let mut settings = settings.clone();
    settings.fetch.writes = Writes::Deferred;
    let settings = &settings;
    let mut heads = settings.clone();
    heads.fetch.depth = Depth::Heads;
    let report = load(paths, &heads, Warnings::ToStderr)?;
    if report.unsaved {
        later.store();
    }
    let several = report.library.has_several_sources();
    let sources: BTreeSet<SourceId> = report.heads().iter().map(IssueHead::source_id).collect();
    let sources: Vec<SourceId> = sources.into_iter().collect();
    let opened = reading::open_sources(&sources, settings);
    let read = &opened.loaded.read;
    let listed = |report: &crate::library::LoadReport| {
        let pages = if all { report.page_heads() } else { Vec::new() };
        (report.heads(), pages)
    };
    let (issues, pages) = listed(&report);
    let marked = issues.iter().chain(&pages).any(|h| read.has_marks(&key(h)));
    let rows = if marked {
        // Its warnings were printed by the first load.
        let full = load(paths, settings, Warnings::ToReader)?;
        let library = &full.library;
        let pages = if all { &library.pages[..] } else { &[] };
        let unread = library
            .issues
            .iter()
            .chain(pages)
            .map(|i| read.unread_in(i));
        let (issues, pages) = listed(&full);
        rows(issues, pages, unread, &opened.loaded)
    } else {
        let unread = issues.iter().chain(&pages).map(|h| h.entries);
        let unread: Vec<usize> = unread.collect();
        rows(issues, pages, unread.into_iter(), &opened.loaded)
    };
    let out = if json {
        let items: Vec<ListItem> = rows.iter().map(|row| ListItem::new(row, all)).collect();
        serde_json::to_string_pretty(&items)? + "\n"
    } else {
        let max_title = if super::stdout_is_terminal() {
            MAX_TITLE_COLUMNS
        } else {
            usize::MAX
        };
        render_table(&rows, several, max_title)
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn key(head: &IssueHead) -> IssueKey {
    IssueKey {
        source: head.source_id(),
        issue: head.id.clone(),
    }
}

/// The rows of `issues` then `pages`, with their unread counts in that order.
fn rows(
    issues: Vec<IssueHead>,
    pages: Vec<IssueHead>,
    unread: impl Iterator<Item = usize>,
    loaded: &Loaded,
) -> Vec<Row> {
    let keys: Vec<IssueKey> = issues.iter().map(key).collect();
    let new: HashSet<&IssueKey> = loaded.new_issues(&keys).into_iter().collect();
    let heads = issues
        .into_iter()
        .map(|head| (head, false))
        .chain(pages.into_iter().map(|page| (page, true)));
    heads
        .zip(unread)
        .map(|((head, page), unread)| Row {
            new: !page && new.contains(&key(&head)),
            head,
            page,
            unread,
        })
        .collect()
}

/// Columns: date (`page` for a page), the source when there are several, title (at
/// most `max_title` columns), sections, entries, unread entries, `new` for an issue
/// new since the last visit, and the id when it is not the date.
fn render_table(rows: &[Row], several: bool, max_title: usize) -> String {
    let source_width = match several {
        true => rows.iter().map(|r| display_width(&r.head.source)).max(),
        false => None,
    };
    let title_width = rows
        .iter()
        .map(|r| display_width(&r.head.title))
        .max()
        .unwrap_or(0)
        .min(max_title);
    let mut out = String::new();
    for row in rows {
        let issue = &row.head;
        let date = match row.page {
            true => "page",
            false => issue.date.as_deref().unwrap_or("—"),
        };
        // The singular is padded so that the numbers stay in one column.
        let sections = plural(issue.sections, "section ", "sections");
        let entries = plural(issue.entries, "entry  ", "entries");
        let unread = match row.unread {
            0 => "all read".to_string(),
            n => format!("{n} unread"),
        };
        let new = if row.new { "new" } else { "" };
        let mut line = fit(date, 10);
        if let Some(width) = source_width {
            line.push_str(&format!("  {}", fit(&issue.source, width)));
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
