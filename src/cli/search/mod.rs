//! `brief search`: matching entries, and intros and sections whose own text matches,
//! one aligned line each or a JSON array.
//! Exit status like grep: 0 when something matched, 1 when nothing did, 2 on error.
use std::fs::File;
use std::io;
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use super::background::Later;
use super::load::{Warnings, load, selected_sources};
use super::settings::Settings;
use crate::library;
use crate::library::store::Depth;
use crate::library::store::search_index::SavedIndex;
use crate::model::Library;
use crate::search::{Hit, Index, Located, PersistedIndex, Query, Scope};
use json::print_json;
use lines::{Line, print_lines};
use rows::{Row, snippet_of};

mod json;
mod lines;
mod rows;

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
    let query = Query::parse(query);
    let search = Search {
        paths,
        query: &query,
        limit: limit.unwrap_or(usize::MAX),
    };
    if json {
        search.print::<Json>(settings, later, |rows, _| print_json(rows))
    } else {
        search.print::<Lines>(settings, later, print_lines)
    }
}

/// What is printed of each result: its row (JSON), or its line (made on all cores as
/// the results are read, its cells measured then).
trait Printed {
    type Of<'a>: Send + Sync;
    const JSON: bool;
    fn of(row: Row<'_>) -> Self::Of<'_>;
    /// `results`, borrowed for less long (each type is covariant).
    fn shorten<'a>(results: Vec<Self::Of<'static>>) -> Vec<Self::Of<'a>>;
}

/// `brief search --json`.
struct Json;

impl Printed for Json {
    type Of<'a> = Row<'a>;
    const JSON: bool = true;
    fn of(row: Row<'_>) -> Row<'_> {
        row
    }
    fn shorten<'a>(results: Vec<Row<'static>>) -> Vec<Row<'a>> {
        results
    }
}

/// `brief search`: aligned lines.
struct Lines;

impl Printed for Lines {
    type Of<'a> = Line<'a>;
    const JSON: bool = false;
    fn of(row: Row<'_>) -> Line<'_> {
        Line::of(row)
    }
    fn shorten<'a>(results: Vec<Line<'static>>) -> Vec<Line<'a>> {
        results
    }
}

/// A search the user asked for.
struct Search<'s> {
    paths: &'s [PathBuf],
    query: &'s Query,
    limit: usize,
}

impl Search<'_> {
    /// Searches, then prints with `print` (given whether the library has several
    /// newsletters).
    fn print<P: Printed>(
        &self,
        settings: &Settings,
        later: &mut Later,
        print: impl Fn(&[P::Of<'_>], bool) -> io::Result<()> + Sync,
    ) -> anyhow::Result<ExitCode> {
        let (settings, heads) = settings.deferred_at(Depth::MarkIfCurrent);
        let settings = &settings;
        let (paths, query, limit) = (self.paths, self.query, self.limit);
        let (report, early) = rayon::join(
            || load(paths, &heads, Warnings::ToStderr),
            || early_search::<P>(paths, settings, query, limit),
        );
        // Plain data, which the process is about to end with: freeing it piece by
        // piece would only cost time. So are the index's records and pages (and a
        // file the end closes).
        let report = ManuallyDrop::new(report?);
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
        let index = ManuallyDrop::new(match early {
            Some(_) => None,
            None => saved.as_ref().and_then(SavedIndex::open),
        });
        // The index searched, if any: its pages are let go of once read.
        let searched = match &early {
            Some(early) => Some(early.index),
            None => index.as_ref(),
        };
        let mut full = ManuallyDrop::new(None);
        // From the index when there is one current and sound, else (none, stale or
        // damaged) from the library, the index built and saved again later.
        let from_saved = match early {
            Some(early) => early.results.map(P::shorten),
            None => index
                .as_ref()
                .and_then(|i| search_saved::<P>(i, query, limit)),
        };
        let results = match from_saved {
            Some(results) => results,
            None if !report.library.issues.is_empty() => {
                later.index();
                search_library::<P>(&report.library, query, limit)
            }
            None => {
                later.index();
                // Its warnings were printed by the first load.
                let full = full.insert(load(paths, settings, Warnings::ToReader)?);
                search_library::<P>(&full.library, query, limit)
            }
        };
        let results = ManuallyDrop::new(results);
        let several = report.library.has_several_sources();
        let (printed, ()) = rayon::join(
            || print(&results, several),
            || searched.map_or((), PersistedIndex::release_searched),
        );
        if let Some(index) = searched {
            index.release_all();
        }
        let found = !results.is_empty();
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
}

/// The index the last load of the library saved, and what a search of it found (None
/// when it turned out damaged), before this load tells whether it still holds.
struct Early<T> {
    path: PathBuf,
    index: &'static PersistedIndex,
    results: Option<Vec<T>>,
}

impl<T> Early<T> {
    /// True when this is the index `saved` stands for, built from that very library.
    fn is_of(&self, saved: &SavedIndex) -> bool {
        saved.path() == self.path && saved.holds(self.index)
    }
}

/// The search of the index that the stores a load of `paths` would read were saved
/// with, when there is one: done while the load runs, to be used if it finds them
/// current (see [`Early::is_of`]).
fn early_search<P: Printed>(
    paths: &[PathBuf],
    settings: &Settings,
    query: &Query,
    limit: usize,
) -> Option<Early<P::Of<'static>>> {
    let cache_root = settings.fetch.store_root().filter(|_| !query.is_empty())?;
    let sources = selected_sources(paths, settings).ok()?;
    let stores = library::foreseen_stores(paths, &sources, &settings.fetch)?;
    let path = SavedIndex::path_for(cache_root, stores.iter().map(PathBuf::as_path));
    let index = PersistedIndex::open(File::open(&path).ok()?).ok()?;
    // Its records and pages are plain data (and a file the end closes), left for the
    // process's end, as all of a search is.
    let index: &'static PersistedIndex = Box::leak(Box::new(index));
    let results = search_saved::<P>(index, query, limit);
    Some(Early {
        path,
        index,
        results,
    })
}

/// The results read from a persisted index; `None` when it turned out damaged.
fn search_saved<'i, P: Printed>(
    index: &'i PersistedIndex,
    query: &Query,
    limit: usize,
) -> Option<Vec<P::Of<'i>>> {
    let mut hits = index.search(query, Scope::default()).ok()?;
    hits.truncate(limit);
    let cut = |text: &str| snippet_of(text, query, P::JSON);
    let make = |line, hit: &Hit| P::of(Row::of_line(line, hit.score));
    index.views_with(&hits, P::JSON, &cut, make).ok()
}

/// The results found in `library`, each issue folded and searched on its own (no
/// index is built for one search).
fn search_library<'l, P: Printed>(
    library: &'l Library,
    query: &Query,
    limit: usize,
) -> Vec<P::Of<'l>> {
    let mut hits = Index::search_once(library, query, Scope::default());
    hits.truncate(limit);
    hits.par_iter()
        .filter_map(|hit| Located::of(library, hit))
        .map(|located| P::of(Row::of_located(&located, query, P::JSON)))
        .collect()
}
