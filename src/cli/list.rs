//! `brief list`: one line per issue.

use std::process::ExitCode;

use serde::Serialize;

use super::write_stdout;
use crate::library::store::IssueHead;
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
}

impl<'a> From<&'a IssueHead> for ListItem<'a> {
    fn from(issue: &'a IssueHead) -> Self {
        ListItem {
            source: &issue.source,
            id: &issue.id,
            title: &issue.title,
            date: issue.date.as_deref(),
            number: issue.number,
            location: &issue.location,
            sections: issue.sections,
            entries: issue.entries,
        }
    }
}

/// Lists `issues` (newest first); `several` when they come from several sources.
pub fn run(issues: &[IssueHead], several: bool, json: bool) -> anyhow::Result<ExitCode> {
    let out = if json {
        let items: Vec<ListItem> = issues.iter().map(ListItem::from).collect();
        serde_json::to_string_pretty(&items)? + "\n"
    } else {
        let max_title = if super::stdout_is_terminal() {
            MAX_TITLE_COLUMNS
        } else {
            usize::MAX
        };
        render_table(issues, several, max_title)
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Columns: date, the source when there are several, title (at most `max_title`
/// columns), sections, entries, and the id when it is not the date.
fn render_table(issues: &[IssueHead], several: bool, max_title: usize) -> String {
    let source_width = match several {
        true => issues.iter().map(|i| display_width(&i.source)).max(),
        false => None,
    };
    let title_width = issues
        .iter()
        .map(|i| display_width(&i.title))
        .max()
        .unwrap_or(0)
        .min(max_title);
    let mut out = String::new();
    for issue in issues {
        let date = issue.date.as_deref().unwrap_or("—");
        let sections = format!("{} sections", issue.sections);
        let entries = format!("{} entries", issue.entries);
        let mut line = fit(date, 10);
        if let Some(width) = source_width {
            line.push_str(&format!("  {}", fit(&issue.source, width)));
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
