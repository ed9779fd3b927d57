//! `brief search`: matching entries, one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use std::path::PathBuf;

use rayon::prelude::*;

use super::load::{Warnings, load};
use super::settings::Settings;
use crate::library::store::Depth;
use crate::library::store::search_index::SavedIndex;
use crate::model::Library;
use crate::search::{EntryView, Found, Index, PersistedIndex, Query, Scope, snippet};
use crate::text::{display_width, fit};

const SECTION_COLUMNS: usize = 12;
const TITLE_COLUMNS: usize = 60;
const SNIPPET_COLUMNS: usize = 80;

/// Searches the library `paths` and `settings` name: from its persisted index when one
/// was built from this very library (then only the issues' heads are loaded, to check
/// that), else from the library, saving the index for next time. The output is the
/// same either way.
pub fn run(
    paths: &[PathBuf],
    settings: &Settings,
    query: &str,
    json: bool,
    limit: Option<usize>,
) -> anyhow::Result<ExitCode> {
    let mut heads = settings.clone();
    heads.fetch.depth = Depth::HeadsIfCurrent;
    let report = load(paths, &heads, Warnings::ToStderr)?;
    let query = Query::parse(query);
    if query.is_empty() {
        eprintln!("brief: the search query is empty");
        return Ok(ExitCode::from(2));
    }
    let limit = limit.unwrap_or(usize::MAX);
    let saved = settings
        .fetch
        .store_root()
        .and_then(|root| SavedIndex::of(root, &report));
    let from_saved = saved
        .as_ref()
        .filter(|_| report.library.issues.is_empty())
        .and_then(SavedIndex::open)
        .and_then(|index| search_saved(&index, &query, json, limit));
    let results = match from_saved {
        Some(results) => results,
        None if !report.library.issues.is_empty() => {
            search_library(&report.library, saved.as_ref(), &query, json, limit)
        }
        None => {
            // Its warnings were printed by the first load.
            let full = load(paths, settings, Warnings::ToReader)?;
            search_library(&full.library, saved.as_ref(), &query, json, limit)
        }
    };
    let printed = if json {
        print_json(&results, &query)
    } else {
        print_lines(&results, report.library.has_several_sources())
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

/// One result: what is printed of it, and its score.
type Row = (EntryView, u32);

/// The results read from a persisted index; None when it turns out damaged.
fn search_saved(
    index: &PersistedIndex,
    query: &Query,
    json: bool,
    limit: usize,
) -> Option<Vec<Row>> {
    let mut hits = index.search(query, Scope::default()).ok()?;
    hits.truncate(limit);
    hits.par_iter()
        .map(|hit| Some((index.entry_view(hit, json).ok()?, hit.score)))
        .collect()
}

/// The results found in `library`, its index saved as `saved` when given.
fn search_library(
    library: &Library,
    saved: Option<&SavedIndex>,
    query: &Query,
    json: bool,
    limit: usize,
) -> Vec<Row> {
    let index = Index::build(library);
    let mut hits = index.search(query, Scope::default());
    hits.truncate(limit);
    let rows = hits
        .iter()
        .filter_map(|hit| Found::of(library, hit))
        .map(|found| (EntryView::of(&found, json), found.hit.score))
        .collect();
    if let Some(saved) = saved {
        saved.save(&index, library);
    }
    rows
}

/// Aligned lines, after the date the source's name when `several`; cut to fit on a
/// terminal, whole when piped.
fn print_lines(results: &[Row], several: bool) -> io::Result<()> {
    let cap = |columns| {
        if super::stdout_is_terminal() {
            columns
        } else {
            usize::MAX
        }
    };
    let views = || results.iter().map(|(view, _)| view);
    let date_width = column_width(views().map(EntryView::display_date), usize::MAX);
    let source_width = several.then(|| column_width(views().map(|v| v.from.as_str()), usize::MAX));
    let section_width = column_width(views().map(|v| v.section.as_str()), cap(SECTION_COLUMNS));
    let title_width = column_width(views().map(|v| v.title.as_str()), cap(TITLE_COLUMNS));
    let mut out = io::stdout().lock();
    for view in views() {
        let mut line = fit(view.display_date(), date_width);
        if let Some(width) = source_width {
            line = format!("{line}  {}", fit(&view.from, width));
        }
        let line = format!(
            "{line}  {}  {}  {}",
            fit(&view.section, section_width),
            fit(&view.title, title_width),
            view.url.as_deref().unwrap_or(""),
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

fn print_json(results: &[Row], query: &Query) -> io::Result<()> {
    let json: Vec<JsonResult> = results
        .iter()
        .map(|(view, score)| JsonResult {
            from: &view.from,
            issue: &view.issue_id,
            date: view.date.as_deref(),
            section: &view.section,
            title: &view.title,
            source: view.source.as_deref(),
            url: view.url.as_deref(),
            snippet: snippet(&view.summary, query, SNIPPET_COLUMNS).0,
            score: *score,
        })
        .collect();
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
