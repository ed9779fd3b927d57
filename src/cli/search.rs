//! `brief search`: matching entries, and intros and sections whose own text matches,
//! one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::model::Library;
use crate::search::{Found, FoundProse, Index, Located, Query, Scope, snippet};
use crate::text::{display_width, fit};

const SECTION_COLUMNS: usize = 12;
const TITLE_COLUMNS: usize = 60;
const SNIPPET_COLUMNS: usize = 80;
/// What the section column says of a hit in an intro.
const INTRO: &str = "Intro";

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
    let results: Vec<Located> = hits
        .iter()
        .filter_map(|hit| Located::of(library, hit))
        .collect();
    let printed = if json {
        print_json(&results, &query)
    } else {
        print_lines(&results, &query, library.has_several_sources())
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

/// One result's cells: date, newsletter, section path (`Intro` for an intro), title
/// (for prose, a snippet of it in quotes), URL (the entry's, as written).
struct Line {
    date: String,
    from: String,
    section: String,
    title: String,
    url: String,
}

impl Line {
    fn of(located: &Located, query: &Query) -> Line {
        let issue = located.issue();
        let section = located
            .section()
            .map_or_else(|| INTRO.to_string(), |s| s.path_label());
        let (title, url) = match located {
            Located::Entry(found) => (
                found.entry.title().to_string(),
                found.entry.url().unwrap_or("").to_string(),
            ),
            Located::Prose(found) => (quoted_snippet(found, query), String::new()),
        };
        Line {
            date: issue.display_date().to_string(),
            from: issue.source.to_string(),
            section,
            title,
            url,
        }
    }
}

/// `“…the words around the match…”`.
fn quoted_snippet(found: &FoundProse, query: &Query) -> String {
    format!(
        "“{}”",
        snippet(&found.searched_text(), query, TITLE_COLUMNS - 2).0
    )
}

/// Aligned lines, after the date the source's name when `several`; cut to fit on a
/// terminal, whole when piped.
fn print_lines(results: &[Located], query: &Query, several: bool) -> io::Result<()> {
    let cap = |columns| {
        if super::stdout_is_terminal() {
            columns
        } else {
            usize::MAX
        }
    };
    let lines: Vec<Line> = results.iter().map(|r| Line::of(r, query)).collect();
    let width = |cell: fn(&Line) -> &str, max| column_width(lines.iter().map(cell), max);
    let date_width = width(|l| &l.date, usize::MAX);
    let source_width = several.then(|| width(|l| &l.from, usize::MAX));
    let section_width = width(|l| &l.section, cap(SECTION_COLUMNS));
    let title_width = width(|l| &l.title, cap(TITLE_COLUMNS));
    let mut out = io::stdout().lock();
    for cells in &lines {
        let mut line = fit(&cells.date, date_width);
        if let Some(width) = source_width {
            line = format!("{line}  {}", fit(&cells.from, width));
        }
        let line = format!(
            "{line}  {}  {}  {}",
            fit(&cells.section, section_width),
            fit(&cells.title, title_width),
            cells.url,
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}

/// The widest cell of a column, at most `cap` columns.
fn column_width<'a>(cells: impl Iterator<Item = &'a str>, cap: usize) -> usize {
    cells.map(display_width).max().unwrap_or(0).min(cap)
}

/// One result of `brief search --json`: an entry ([`JsonEntry`]) or prose
/// ([`JsonProse`]), told apart by the `prose` field only prose has.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonResult<'a> {
    Entry(JsonEntry<'a>),
    Prose(JsonProse<'a>),
}

/// A matching entry. `source` is the entry's publisher (`title | source`), as it
/// always was; `from` the name (id) of the newsletter it is in; `section` its
/// section's title and `path` that section's full path, as for prose.
#[derive(Serialize)]
struct JsonEntry<'a> {
    from: &'a str,
    issue: &'a str,
    date: Option<&'a str>,
    section: &'a str,
    path: Vec<&'a str>,
    title: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    snippet: String,
    score: u32,
}

/// Matching prose: `prose` is `"intro"` or `"section"`; `section` the section's title
/// and `path` its full path (`null` and `[]` for an intro); `snippet` the text around
/// the match.
#[derive(Serialize)]
struct JsonProse<'a> {
    from: &'a str,
    issue: &'a str,
    date: Option<&'a str>,
    prose: &'static str,
    section: Option<&'a str>,
    path: Vec<&'a str>,
    snippet: String,
    score: u32,
}

fn json_result<'a>(located: &Located<'a>, query: &Query) -> JsonResult<'a> {
    match located {
        Located::Entry(f) => JsonResult::Entry(json_entry(f, query)),
        Located::Prose(f) => JsonResult::Prose(JsonProse {
            from: f.issue.source.as_str(),
            issue: &f.issue.id,
            date: f.issue.date.as_deref(),
            prose: if f.section.is_some() {
                "section"
            } else {
                "intro"
            },
            section: f.section.map(|s| s.title.as_str()),
            path: f.section.map(|s| s.path().collect()).unwrap_or_default(),
            snippet: snippet(&f.searched_text(), query, SNIPPET_COLUMNS).0,
            score: f.hit.score,
        }),
    }
}

fn json_entry<'a>(f: &Found<'a>, query: &Query) -> JsonEntry<'a> {
    JsonEntry {
        from: f.issue.source.as_str(),
        issue: &f.issue.id,
        date: f.issue.date.as_deref(),
        section: &f.section.title,
        path: f.section.path().collect(),
        title: f.entry.title(),
        source: f.entry.source(),
        url: f.entry.url(),
        snippet: snippet(f.entry.summary(), query, SNIPPET_COLUMNS).0,
        score: f.hit.score,
    }
}

fn print_json(results: &[Located], query: &Query) -> io::Result<()> {
    let json: Vec<JsonResult> = results.iter().map(|r| json_result(r, query)).collect();
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
