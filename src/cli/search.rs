//! `brief search`: matching entries, and intros and sections whose own text matches,
//! one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use super::background::Later;
use super::load::{Warnings, load, selected_sources};
use super::settings::Settings;
use crate::library;
use crate::library::store::Depth;
use crate::library::store::search_index::SavedIndex;
use crate::model::{Library, path_label, section_name};
use crate::search::{
    Hit, Index, Located, PATH_BREAK, PersistedIndex, Query, Scope, ViewLine, joined_path,
    path_titles, snippet,
};
use crate::text::{display_width, push_fit, push_spaces};

const SECTION_COLUMNS: usize = 12;
const TITLE_COLUMNS: usize = 60;
const SNIPPET_COLUMNS: usize = 80;
/// What the section column says of a hit in an intro.
const INTRO: &str = "Intro";

/// Searches the library `paths` and `settings` name: from its persisted index when one
/// was built from this very library (then only the issues' heads are loaded, to check
/// that, while the index the last load saved is searched), else from the library,
/// leaving the index (and the library's store, when it is behind) to `later`, to be
/// written after the output. The output is the same either way.
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
    let query = Query::parse(query);
    let limit = limit.unwrap_or(usize::MAX);
    let (report, early) = rayon::join(
        || load(paths, &heads, Warnings::ToStderr),
        || early_search(paths, settings, &query, json, limit),
    );
    let report = report?;
    if query.is_empty() {
        eprintln!("brief: the search query is empty");
        return Ok(ExitCode::from(2));
    }
    let saved = settings
        .fetch
        .store_root()
        .and_then(|root| SavedIndex::of(root, &report))
        .filter(|_| report.library.issues.is_empty());
    // The index searched early counts when it is the one this load finds current.
    let early = early.filter(|early| saved.as_ref().is_some_and(|s| early.is_of(s)));
    let index = match early {
        Some(_) => None,
        None => saved.as_ref().and_then(SavedIndex::open),
    };
    let mut full = None;
    // From the index when there is one current and sound, else (none, stale or
    // damaged) from the library, the index built and saved again later.
    let from_saved = match early {
        Some(early) => early.rows,
        None => index
            .as_ref()
            .and_then(|i| search_saved(i, &query, json, limit)),
    };
    let results = match from_saved {
        Some(results) => results,
        None if !report.library.issues.is_empty() => {
            later.index();
            search_library(&report.library, &query, json, limit)
        }
        None => {
            later.index();
            // Its warnings were printed by the first load.
            let full = full.insert(load(paths, settings, Warnings::ToReader)?);
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
    // Its records and pages too (and a file the end closes).
    std::mem::forget(index);
    std::mem::forget(full);
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

/// The index the last load of the library saved, and what a search of it found (None
/// when it turned out damaged), before this load tells whether it still holds.
struct Early {
    path: PathBuf,
    index: &'static PersistedIndex,
    rows: Option<Vec<Row<'static>>>,
}

impl Early {
    /// True when this is the index `saved` stands for, built from that very library.
    fn is_of(&self, saved: &SavedIndex) -> bool {
        saved.path() == self.path && saved.holds(self.index)
    }
}

/// The search of the index that the stores a load of `paths` would read were saved
/// with, when there is one: done while the load runs, to be used if it finds them
/// current (see [`Early::is_of`]).
fn early_search(
    paths: &[PathBuf],
    settings: &Settings,
    query: &Query,
    json: bool,
    limit: usize,
) -> Option<Early> {
    let cache_root = settings.fetch.store_root().filter(|_| !query.is_empty())?;
    let sources = selected_sources(paths, settings).ok()?;
    let stores = library::foreseen_stores(paths, &sources, &settings.fetch)?;
    let path = SavedIndex::path_for(cache_root, stores.iter().map(PathBuf::as_path));
    let index = PersistedIndex::open(File::open(&path).ok()?).ok()?;
    // Its records and pages are plain data (and a file the end closes), left for the
    // process's end, as all of a search is.
    let index: &'static PersistedIndex = Box::leak(Box::new(index));
    let rows = search_saved(index, query, json, limit);
    Some(Early { path, index, rows })
}

/// One result as printed, whether read from a persisted index or found in a library:
/// its strings borrowed from either.
struct Row<'a> {
    /// The name (id) of the newsletter.
    from: &'a str,
    issue: Cow<'a, str>,
    date: Option<Cow<'a, str>>,
    /// The section's path (see [`path_titles`]); None for an intro.
    path: Option<Cow<'a, str>>,
    /// What matched: an entry, or prose (`"intro"` or `"section"`).
    kind: RowKind<'a>,
    score: u32,
}

enum RowKind<'a> {
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
fn snippet_of(text: &str, query: &Query, json: bool) -> String {
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
    fn of_line(line: ViewLine<'a>, score: u32) -> Row<'a> {
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

    fn of_located(located: &Located<'a>, query: &Query, json: bool) -> Row<'a> {
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
    fn section(&self) -> Option<&str> {
        let path = self.path.as_deref()?;
        path_titles(path).next_back()
    }

    /// What stands for the issue in lists: its date, else its id.
    fn display_date(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.issue)
    }
}

/// The results read from a persisted index; `None` when it turned out damaged.
fn search_saved<'i>(
    index: &'i PersistedIndex,
    query: &Query,
    json: bool,
    limit: usize,
) -> Option<Vec<Row<'i>>> {
    let mut hits = index.search(query, Scope::default()).ok()?;
    hits.truncate(limit);
    let cut = |text: &str| snippet_of(text, query, json);
    let row = |line, hit: &Hit| Row::of_line(line, hit.score);
    index.views_with(&hits, json, &cut, row).ok()
}

/// The results found in `library`, each issue folded and searched on its own (no
/// index is built for one search).
fn search_library<'l>(
    library: &'l Library,
    query: &Query,
    json: bool,
    limit: usize,
) -> Vec<Row<'l>> {
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
    fn of<'r>(row: &'r Row) -> Line<'r> {
        let section = match row.path.as_deref() {
            None => Cow::Borrowed(INTRO),
            Some(path) => match path.rsplit_once(PATH_BREAK) {
                None => Cow::Borrowed(section_name(path)),
                Some((parents, title)) => {
                    let parents: Vec<&str> = path_titles(parents).collect();
                    Cow::Owned(path_label(&parents, title))
                }
            },
        };
        let (title, url) = match &row.kind {
            RowKind::Entry { title, url, .. } => {
                (Cow::Borrowed(&**title), url.as_deref().unwrap_or(""))
            }
            RowKind::Prose { snippet, .. } => (Cow::Owned(format!("“{snippet}”")), ""),
        };
        let date = row.display_date();
        let widths = [
            display_width(date),
            display_width(row.from),
            display_width(&section),
            display_width(&title),
        ];
        Line {
            date,
            from: row.from,
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

fn json_result<'a>(row: &'a Row) -> JsonResult<'a> {
    let path = row
        .path
        .as_deref()
        .map_or(Vec::new(), |p| path_titles(p).collect());
    match &row.kind {
        RowKind::Entry {
            title,
            source,
            url,
            snippet,
        } => JsonResult::Entry(JsonEntry {
            from: row.from,
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
            from: row.from,
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
