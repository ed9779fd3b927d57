//! `brief list`: one line per issue (and with `--all`, per page). Titles are shown
//! whole (cut only to fit a terminal): the reader's issue list is where they are
//! shortened to what tells issues apart.
//!
//! Only the issues' heads are loaded (from the persisted library, when it holds the
//! files as they are). An issue with entries marked read has its unread entries
//! counted from its entries' hashes, which the persisted library keeps in its head;
//! only a head without them (none is stored) has the issues loaded whole.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use super::background::Later;
use super::load::{Warnings, load};
use super::reading;
use super::settings::Settings;
use super::write_stdout;
use crate::library::LoadReport;
use crate::library::store::{Depth, IssueHead};
use crate::model::{IssueKey, Library, SourceId, plural};
use crate::store::{Loaded, ReadSet};
use crate::text::{display_width, fit, fit_right, push_spaces};

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
struct Row<'a> {
    head: &'a IssueHead,
    page: bool,
    unread: usize,
    new: bool,
}

impl<'a> ListItem<'a> {
    fn new(row: &Row<'a>, all: bool) -> Self {
        let issue = row.head;
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
    let (settings, heads) = settings.deferred_at(Depth::Heads);
    let settings = &settings;
    let report = load(paths, &heads, Warnings::ToStderr)?;
    if report.unsaved {
        later.store();
    }
    let several = report.library.has_several_sources();
    let listing = Listing::of(report, all);
    // Each source's id made once, not once an issue (as IssueHead::source_id makes it).
    let sources: BTreeSet<&str> = listing.issues.iter().map(|h| h.source.as_str()).collect();
    let sources = sources
        .into_iter()
        .map(|id| SourceId::new(id).unwrap_or_default());
    let sources: BTreeSet<SourceId> = sources.collect();
    let sources: Vec<SourceId> = sources.into_iter().collect();
    let opened = reading::open_sources(&sources, settings);
    let read = &opened.loaded.read;
    let (listing, unread) = match listing.unread(read) {
        Some(unread) => (listing, unread),
        None => {
            // An issue with read marks has no entry hashes in its head: its entries'
            // keys are in its body. Its warnings were printed by the first load.
            let full = Listing::of(load(paths, settings, Warnings::ToReader)?, all);
            let unread = full.unread(read).unwrap_or_default();
            (full, unread)
        }
    };
    let rows = rows(&listing.issues, &listing.pages, unread, &opened.loaded);
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

/// What is listed: the issues' heads, then (with `--all`) the pages', and the whole
/// issues and pages in the same order when they were loaded whole.
struct Listing {
    issues: Vec<IssueHead>,
    pages: Vec<IssueHead>,
    whole: Option<Library>,
}

impl Listing {
    fn of(report: LoadReport, all: bool) -> Listing {
        let library = &report.library;
        if report.has_heads() || (library.issues.is_empty() && library.pages.is_empty()) {
            let pages = if all { report.page_heads } else { Vec::new() };
            return Listing {
                issues: report.heads,
                pages,
                whole: None,
            };
        }
        let mut library = report.library;
        if !all {
            library.pages = Vec::new();
        }
        Listing {
            issues: library.issues.iter().map(IssueHead::of).collect(),
            pages: library.pages.iter().map(IssueHead::of).collect(),
            whole: Some(library),
        }
    }

    /// The unread entries of each issue then page, as `read` has them; None when an
    /// issue with read marks was loaded without its entries' hashes.
    fn unread(&self, read: &ReadSet) -> Option<Vec<usize>> {
        if let Some(whole) = &self.whole {
            let issues = whole.issues.iter().chain(&whole.pages);
            return Some(issues.map(|issue| read.unread_in(issue)).collect());
        }
        let heads = self.issues.iter().chain(&self.pages);
        if read.is_empty() {
            return Some(heads.map(|head| head.entries).collect());
        }
        heads
            .map(|head| {
                let key = key(head);
                if !read.has_marks(&key) {
                    return Some(head.entries);
                }
                let hashes = head.entry_hashes.as_ref()?.hashes();
                Some(read.unread_of(&key, &hashes))
            })
            .collect()
    }
}

fn key(head: &IssueHead) -> IssueKey {
    IssueKey {
        source: head.source_id(),
        issue: head.id.clone(),
    }
}

/// The keys of `heads`, each source's id made once for a run of its heads (not once
/// a head).
fn keys(heads: &[IssueHead]) -> Vec<IssueKey> {
    let mut source: Option<(&str, SourceId)> = None;
    let mut keys = Vec::with_capacity(heads.len());
    for head in heads {
        let id = match &source {
            Some((text, id)) if *text == head.source => id.clone(),
            _ => source.insert((&head.source, head.source_id())).1.clone(),
        };
        keys.push(IssueKey {
            source: id,
            issue: head.id.clone(),
        });
    }
    keys
}

/// The rows of `issues` then `pages`, with their unread counts in that order.
fn rows<'a>(
    issues: &'a [IssueHead],
    pages: &'a [IssueHead],
    unread: Vec<usize>,
    loaded: &Loaded,
) -> Vec<Row<'a>> {
    let keys = keys(issues);
    let new: HashSet<&IssueKey> = loaded.new_issues(&keys).into_iter().collect();
    let mut rows = Vec::with_capacity(issues.len() + pages.len());
    let heads = (issues.iter().zip(&keys))
        .map(|(head, key)| (head, Some(key)))
        .chain(pages.iter().map(|page| (page, None)));
    for ((head, key), unread) in heads.zip(unread) {
        rows.push(Row {
            new: key.is_some_and(|key| new.contains(key)),
            page: key.is_none(),
            head,
            unread,
        });
    }
    rows
}

/// Columns: date (`page` for a page), the source when there are several, title (at
/// most `max_title` columns), sections, entries, unread entries, `new` for an issue
/// new since the last visit, and the id when it is not the date.
fn render_table(rows: &[Row<'_>], several: bool, max_title: usize) -> String {
    let widths = |text: for<'r> fn(&'r Row<'r>) -> &'r str| -> Vec<usize> {
        rows.par_iter().map(|r| display_width(text(r))).collect()
    };
    let source_widths = if several {
        widths(|r| &r.head.source)
    } else {
        Vec::new()
    };
    let source_width = source_widths.iter().copied().max();
    let title_widths = widths(|r| &r.head.title);
    let title_width = title_widths.iter().copied().max().unwrap_or(0);
    let title_width = title_width.min(max_title);
    let mut out = String::with_capacity(rows.len() * (title_width + 80));
    let mut line = String::new();
    for (at, row) in rows.iter().enumerate() {
        let issue = row.head;
        let date = match row.page {
            true => "page",
            false => issue.date.as_deref().unwrap_or("—"),
        };
        line.clear();
        pad(&mut line, date, None, 10);
        if let Some(width) = source_width {
            line.push_str("  ");
            pad(
                &mut line,
                &issue.source,
                source_widths.get(at).copied(),
                width,
            );
        }
        line.push_str("  ");
        pad(
            &mut line,
            &issue.title,
            title_widths.get(at).copied(),
            title_width,
        );
        // The singular is padded so that the numbers stay in one column.
        let sections = plural(issue.sections, "section ", "sections");
        let entries = plural(issue.entries, "entry  ", "entries");
        let unread = match row.unread {
            0 => "all read".to_string(),
            n => format!("{n} unread"),
        };
        for (text, width) in [(sections, 11), (entries, 11), (unread, 10)] {
            line.push_str("  ");
            pad_right(&mut line, &text, width);
        }
        let new = if row.new { "new" } else { "" };
        let _ = write!(line, "  {new:3}");
        if issue.date.as_deref() != Some(issue.id.as_str()) {
            let _ = write!(line, "  [{}]", issue.id);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Pushes `text` fitted to `width` columns ([`fit`]); `measured`: its width, if known.
fn pad(line: &mut String, text: &str, measured: Option<usize>, width: usize) {
    let used = measured.unwrap_or_else(|| display_width(text));
    if used <= width {
        line.push_str(text);
        push_spaces(line, width - used);
    } else {
        line.push_str(&fit(text, width));
    }
}

/// Pushes `text` fitted to `width` columns, right-aligned ([`fit_right`]).
fn pad_right(line: &mut String, text: &str, width: usize) {
    let used = display_width(text);
    if used <= width {
        push_spaces(line, width - used);
        line.push_str(text);
    } else {
        line.push_str(&fit_right(text, width));
    }
}
