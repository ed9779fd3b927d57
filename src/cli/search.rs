//! `brief search`: matching entries, one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::model::Library;
use crate::search::{Found, Index, Query, Scope, snippet};
use crate::text::{display_width, fit};

const SECTION_COLUMNS: usize = 12;
const TITLE_COLUMNS: usize = 60;
const SNIPPET_COLUMNS: usize = 80;

pub fn run(
    library: &Library,
    query: &str,
    json: bool,
    limit: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let query = Query::parse(query);
    if query.is_empty() {
        eprintln!("brief: the search query is empty");
        return Ok(ExitCode::from(2));
    }
    let mut hits = Index::build(library).search(&query, Scope::default());
    hits.truncate(limit.unwrap_or(usize::MAX));
    let results: Vec<Found> = hits
        .iter()
        .filter_map(|hit| Found::of(library, hit))
        .collect();
    let printed = if json {
        print_json(&results, &query)
    } else {
        print_lines(&results, library.has_several_sources())
    };
    Ok(match printed {
        Ok(()) if results.is_empty() => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
        // `brief search … | head` closing the pipe early is not an error.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("brief: cannot write the results: {err}");
            ExitCode::from(2)
        }
    })
}

/// Aligned lines, after the date the source's name when `several`; cut to fit on a
/// terminal, whole when piped.
fn print_lines(results: &[Found], several: bool) -> io::Result<()> {
    let cap = |columns| {
        if super::stdout_is_terminal() {
            columns
        } else {
            usize::MAX
        }
    };
    let date_width = column_width(results.iter().map(|f| f.issue.display_date()), usize::MAX);
    let source_width =
        several.then(|| column_width(results.iter().map(|f| f.issue.source.as_str()), usize::MAX));
    let section_width = column_width(
        results.iter().map(|f| f.section.title.as_str()),
        cap(SECTION_COLUMNS),
    );
    let title_width = column_width(results.iter().map(|f| f.entry.title()), cap(TITLE_COLUMNS));
    let mut out = io::stdout().lock();
    for found in results {
        let mut line = fit(found.issue.display_date(), date_width);
        if let Some(width) = source_width {
            line = format!("{line}  {}", fit(found.issue.source.as_str(), width));
        }
        let line = format!(
            "{line}  {}  {}  {}",
            fit(&found.section.title, section_width),
            fit(found.entry.title(), title_width),
            found.entry.url().unwrap_or(""),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}

/// The widest cell of a column, at most `cap` columns.
fn column_width<'a>(cells: impl Iterator<Item = &'a str>, cap: usize) -> usize {
    cells.map(display_width).max().unwrap_or(0).min(cap)
}

/// One result of `brief search --json`. `source` is the entry's publisher (`title |
/// source`), as it always was; `from` the name (id) of the newsletter it is in.
#[derive(Serialize)]
struct JsonResult<'a> {
    from: &'a str,
    issue: &'a str,
    date: Option<&'a str>,
    section: &'a str,
    title: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    snippet: String,
    score: u32,
}

fn print_json(results: &[Found], query: &Query) -> io::Result<()> {
    let json: Vec<JsonResult> = results
        .iter()
        .map(|f| JsonResult {
            from: f.issue.source.as_str(),
            issue: &f.issue.id,
            date: f.issue.date.as_deref(),
            section: &f.section.title,
            title: f.entry.title(),
            source: f.entry.source(),
            url: f.entry.url(),
            snippet: snippet(f.entry.summary(), query, SNIPPET_COLUMNS).0,
            score: f.hit.score,
        })
        .collect();
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
