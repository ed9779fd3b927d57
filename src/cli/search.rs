//! `brief search`: matching entries, and intros and sections whose own text matches,
//! one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use super::background::Later;
use super::load::{Warnings, load};
use super::settings::Settings;
use crate::library::store::Depth;
use crate::library::store::search_index::SavedIndex;
use crate::model::{Library, path_label, section_name};
use crate::search::{
    EntryView, Hit, Index, Located, PersistedIndex, ProseView, Query, Scope, View, snippet,
};
use crate::text::{display_width, push_fit, push_spaces};

const SECTION_COLUMNS: usize = 12;
const TITLE_COLUMNS: usize = 60;
const SNIPPET_COLUMNS: usize = 80;
/// What the section column says of a hit in an intro.
const INTRO: &str = "Intro";

/// Searches the library `paths` and `settings` name: from its persisted index when one
/// was built from this very library (then only the issues' heads are loaded, to check
/// that), else from the library, leaving the index (and the library's store, when it
/// is behind) to `later`, to be written after the output. The output is the same
/// either way.
pub fn run(
    paths: &[PathBuf],
    settings: &Settings,
    query: &str,
    json: bool,
    limit: Option<usize>,
    later: &mut Later,
) -> anyhow::Result<ExitCode> {
    let (settings, heads) = settings.deferred_at(Depth::HeadsIfCurrent);
    let settings = &settings;
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
        .map(|index| {
            let results = search_saved(&index, &query, json, limit);
            // Its records and pages are plain data (and a file the end closes),
            // left for the process's end: see below.
            std::mem::forget(index);
            results
        });
    // Else (none, stale or damaged) the index is built, and saved again later.
    let results = match from_saved {
        Some(Some(results)) => results,
        _ if !report.library.issues.is_empty() => {
            later.index();
            search_library(&report.library, &query, json, limit)
        }
        _ => {
            later.index();
            // Its warnings were printed by the first load.
            let full = load(paths, settings, Warnings::ToReader)?;
            search_library(&full.library, &query, json, limit)
        }
    };
    let printed = if json {
        print_json(&results)
    } else {
        print_lines(&results, report.library.has_several_sources())
    };
    let found = !results.is_empty();
    // Plain data, which the process is about to end with: freeing it piece by piece
    // would only cost time.
    std::mem::forget(results);
    std::mem::forget(report);
    Ok(match printed {
        Ok(()) if !found => ExitCode::from(1),
        Ok(()) => ExitCode::SUCCESS,
        // `brief search … | head` closing the pipe early is not an error.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("brief: cannot write the results: {err}");
            ExitCode::from(2)
        }
    })
}

/// One result as printed, whether read from a persisted index or found in a library.
struct Row {
    /// The name (id) of the newsletter.
    from: String,
    issue: String,
    date: Option<String>,
    /// The section's path; empty for an intro.
    path: Vec<String>,
    /// What matched: an entry, or prose (`"intro"` or `"section"`).
    kind: RowKind,
    score: u32,
}

enum RowKind {
    Entry {
        title: String,
        source: Option<String>,
        url: Option<String>,
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
fn snippet_of(text: &str, query: &Query, json: bool) -> String {
    let columns = if json {
        SNIPPET_COLUMNS
    } else {
        TITLE_COLUMNS - 2
    };
    snippet(text, query, columns).0
}

impl Row {
    /// The row of `view`, whose summary is already its snippet.
    fn of_view(view: EntryView, score: u32) -> Row {
        Row {
            from: view.from,
            issue: view.issue_id,
            date: view.date,
            path: view.path,
            kind: RowKind::Entry {
                title: view.title,
                source: view.source,
                url: view.url,
                snippet: view.summary,
            },
            score,
        }
    }

    /// The row of `view`, whose text is already its snippet.
    fn of_prose_view(view: ProseView, score: u32) -> Row {
        Row {
            from: view.from,
            issue: view.issue_id,
            date: view.date,
            kind: RowKind::Prose {
                prose: if view.path.is_some() {
                    "section"
                } else {
                    "intro"
                },
                snippet: view.text,
            },
            path: view.path.unwrap_or_default(),
            score,
        }
    }

    fn of_located(located: &Located, query: &Query, json: bool) -> Row {
        let cut = |text: &str| snippet_of(text, query, json);
        match located {
            Located::Entry(found) => {
                let mut view = EntryView::of(found, json);
                if json {
                    view.summary = cut(&view.summary);
                }
                Row::of_view(view, found.hit.score)
            }
            Located::Prose(found) => Row {
                from: found.issue.source.to_string(),
                issue: found.issue.id.clone(),
                date: found.issue.date.clone(),
                path: found
                    .section
                    .map(|s| s.path().map(str::to_string).collect())
                    .unwrap_or_default(),
                kind: RowKind::Prose {
                    prose: if found.section.is_some() {
                        "section"
                    } else {
                        "intro"
                    },
                    snippet: cut(&found.searched_text()),
                },
                score: found.hit.score,
            },
        }
    }

    /// The section's title; None for an intro.
    fn section(&self) -> Option<&str> {
        self.path.last().map(String::as_str)
    }

    /// What stands for the issue in lists: its date, else its id.
    fn display_date(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.issue)
    }
}

/// The results read from a persisted index; `None` when it turned out damaged.
fn search_saved(
    index: &PersistedIndex,
    query: &Query,
    json: bool,
    limit: usize,
) -> Option<Vec<Row>> {
    let mut hits = index.search(query, Scope::default()).ok()?;
    hits.truncate(limit);
    let cut = |text: &str| snippet_of(text, query, json);
    let row = |view, hit: &Hit| match view {
        View::Prose(view) => Row::of_prose_view(view, hit.score),
        View::Entry(view) => Row::of_view(view, hit.score),
    };
    index.views_with(&hits, json, &cut, row).ok()
}

/// The results found in `library`, each issue folded and searched on its own (no
/// index is built for one search).
fn search_library(library: &Library, query: &Query, json: bool, limit: usize) -> Vec<Row> {
    let mut hits = Index::search_once(library, query, Scope::default());
    hits.truncate(limit);
    hits.par_iter()
        .filter_map(|hit| Located::of(library, hit))
        .map(|located| Row::of_located(&located, query, json))
        .collect()
}

/// One result's cells: date, newsletter, section path (`Intro` for an intro), title
/// (for prose, a snippet of it in quotes), URL (the entry's, as written); borrowed
/// from the result where they are its own text.
struct Line<'a> {
    date: &'a str,
    from: &'a str,
    section: Cow<'a, str>,
    title: Cow<'a, str>,
    url: &'a str,
    /// The display widths of date, from, section and title, measured once.
    widths: [usize; 4],
}

impl Line<'_> {
    fn of(row: &Row) -> Line<'_> {
        let section = match row.path.split_last() {
            None => Cow::Borrowed(INTRO),
            Some((title, [])) => Cow::Borrowed(section_name(title)),
            Some((title, parents)) => Cow::Owned(path_label(parents, title)),
        };
        let (title, url) = match &row.kind {
            RowKind::Entry { title, url, .. } => {
                (Cow::Borrowed(title.as_str()), url.as_deref().unwrap_or(""))
            }
            RowKind::Prose { snippet, .. } => (Cow::Owned(format!("“{snippet}”")), ""),
        };
        let date = row.display_date();
        let widths = [
            display_width(date),
            display_width(&row.from),
            display_width(&section),
            display_width(&title),
        ];
        Line {
            date,
            from: &row.from,
            section,
            title,
            url,
            widths,
        }
    }
}

/// Aligned lines, after the date the source's name when `several`; cut to fit on a
/// terminal, whole when piped. Made on all cores, in order, and written at once.
fn print_lines(results: &[Row], several: bool) -> io::Result<()> {
    let cap = |columns| {
        if super::stdout_is_terminal() {
            columns
        } else {
            usize::MAX
        }
    };
    let lines: Vec<Line> = results.par_iter().map(Line::of).collect();
    let width = |cell: usize, max: usize| {
        let widest = lines.par_iter().map(|l| l.widths[cell]).max();
        widest.unwrap_or(0).min(max)
    };
    let widths = Widths {
        date: width(0, usize::MAX),
        source: several.then(|| width(1, usize::MAX)),
        section: width(2, cap(SECTION_COLUMNS)),
        title: width(3, cap(TITLE_COLUMNS)),
    };
    let chunks: Vec<String> = lines
        .par_chunks(LINES_PER_CHUNK)
        .map(|chunk| {
            // At most this long (so that it is not grown and copied as it is made).
            let padded = widths.date + widths.source.unwrap_or(0) + widths.section + widths.title;
            let bytes = |l: &Line| {
                l.date.len() + l.from.len() + l.section.len() + l.title.len() + l.url.len()
            };
            let most: usize = chunk.iter().map(|l| bytes(l) + padded + 9).sum();
            let mut out = String::with_capacity(most);
            for cells in chunk {
                widths.push_line(cells, &mut out);
            }
            out
        })
        .collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    for chunk in &chunks {
        out.write_all(chunk.as_bytes())?;
    }
    out.flush()
}

/// Lines formatted as one piece of work.
const LINES_PER_CHUNK: usize = 512;

/// The widths of the columns of the lines.
struct Widths {
    date: usize,
    /// None unless the lines come from several newsletters.
    source: Option<usize>,
    section: usize,
    title: usize,
}

impl Widths {
    /// Appends the line of `cells` to `out`, without trailing spaces.
    fn push_line(&self, cells: &Line<'_>, out: &mut String) {
        let start = out.len();
        let [date, from, section, title] = cells.widths;
        push_measured(out, cells.date, date, self.date);
        if let Some(width) = self.source {
            out.push_str("  ");
            push_measured(out, cells.from, from, width);
        }
        out.push_str("  ");
        push_measured(out, &cells.section, section, self.section);
        out.push_str("  ");
        push_measured(out, &cells.title, title, self.title);
        out.push_str("  ");
        out.push_str(cells.url);
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
}

/// [`push_fit`] of `text`, whose display width is `measured`: when it fits, it is
/// padded without measuring it again.
fn push_measured(out: &mut String, text: &str, measured: usize, width: usize) {
    if width > 0 && measured <= width {
        out.push_str(text);
        push_spaces(out, width - measured);
    } else {
        push_fit(out, text, width);
    }
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
    snippet: &'a str,
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
    snippet: &'a str,
    score: u32,
}

fn json_result(row: &Row) -> JsonResult<'_> {
    let path = row.path.iter().map(String::as_str).collect();
    match &row.kind {
        RowKind::Entry {
            title,
            source,
            url,
            snippet,
        } => JsonResult::Entry(JsonEntry {
            from: &row.from,
            issue: &row.issue,
            date: row.date.as_deref(),
            section: row.section().unwrap_or(""),
            path,
            title,
            source: source.as_deref(),
            url: url.as_deref(),
            snippet,
            score: row.score,
        }),
        RowKind::Prose { prose, snippet } => JsonResult::Prose(JsonProse {
            from: &row.from,
            issue: &row.issue,
            date: row.date.as_deref(),
            prose,
            section: row.section(),
            path,
            snippet,
            score: row.score,
        }),
    }
}

fn print_json(results: &[Row]) -> io::Result<()> {
    let json: Vec<JsonResult> = results.par_iter().map(json_result).collect();
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)?;
    out.flush()
}
