//! `brief list`: one line per issue (and with `--all`, per page). Titles are shown
//! whole (cut only to fit a terminal): the reader's issue list is where they are
//! shortened to what tells issues apart.

use std::process::ExitCode;

use serde::Serialize;

use super::write_stdout;
use crate::model::{Issue, Library};
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
    /// With `--all` only: whether it is a page rather than an issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<bool>,
}

impl<'a> From<&'a Issue> for ListItem<'a> {
    fn from(issue: &'a Issue) -> Self {
        ListItem {
            page: None,
            source: issue.source.as_str(),
            id: &issue.id,
            title: &issue.title,
            date: issue.date.as_deref(),
            number: issue.number,
            location: &issue.location,
            sections: issue.sections.len(),
            entries: issue.entry_count(),
        }
    }
}

/// The issues, newest first; with `all`, then the pages (JSON: each item says whether
/// it is a page).
pub fn run(library: &Library, json: bool, all: bool) -> anyhow::Result<ExitCode> {
    let pages: &[Issue] = if all { &library.pages } else { &[] };
    let out = if json {
        let items: Vec<ListItem> = library
            .issues
            .iter()
            .map(|issue| (issue, false))
            .chain(pages.iter().map(|page| (page, true)))
            .map(|(issue, page)| ListItem {
                page: all.then_some(page),
                ..ListItem::from(issue)
            })
            .collect();
        serde_json::to_string_pretty(&items)? + "\n"
    } else {
        let max_title = if super::stdout_is_terminal() {
            MAX_TITLE_COLUMNS
        } else {
            usize::MAX
        };
        render_table(library, pages, max_title)
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Columns: date (`page` for a page), the source when there are several, title (at
/// most `max_title` columns), sections, entries, and the id when it is not the date.
fn render_table(library: &Library, pages: &[Issue], max_title: usize) -> String {
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
        let sections = format!("{} sections", issue.sections.len());
        let entries = format!("{} entries", issue.entry_count());
        let mut line = fit(date, 10);
        if let Some(width) = source_width {
            line.push_str(&format!("  {}", fit(issue.source.as_str(), width)));
        }
        line.push_str(&format!(
            "  {}  {}  {}",
            fit(&issue.title, title_width),
            fit_right(&sections, 11),
            fit_right(&entries, 11),
        ));
        if issue.date.as_deref() != Some(issue.id.as_str()) {
            line.push_str(&format!("  [{}]", issue.id));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
