//! The reader's start in parts: the library's files are listed first (cheap: no file
//! is read), then read newest first, a batch at a time on all cores, each batch handed
//! on as it is ready, so the first screen waits for a few files rather than for all
//! of them. Once every file is in, [`Done`] says which of them are pages and what went
//! wrong; the library [`add_part`] and [`finish`] build from the parts is the one
//! [`super::load`] gives.
//!
//! A file still as the persisted library recorded it (see [`super::store`]) is decoded
//! from there rather than parsed: a warm start parses only what changed. Once every
//! file is in, the store is written again when a file changed, came or went (on a
//! cold start, for the first time), so that the next start is warm.
//!
//! Newest first is judged from names alone: within a source, file stems (dates,
//! numbers: `2020-06-03`, `HelloGitHub99`, `issue-368`) in [`natural_cmp`] order,
//! highest first, stems without a digit last; several sources take turns.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use url::Url;

use super::LoadReport;
use super::cache::{ManifestIssue, SourceCache};
use super::local::{self, Candidate};
use super::pages::{self, Summary};
use super::remote::{self, FetchOptions};
use super::sources::{self, Feed, SourceDef};
use super::store::{self, Depth, Outcome, Stop, Store, StoreMark, Stored};
use crate::model::{Issue, IssueKey, Library, SourceId, natural_cmp};

/// Files parsed before the first part is handed on: about a screen of issues.
pub const FIRST_BATCH: usize = 48;
/// Files parsed at a time after the first batch.
const BATCH: usize = 192;
/// Parts are handed on at most this often (the first at once), so that the reader,
/// which merges each into its library, is not kept busy merging.
const PART_EVERY: Duration = Duration::from_millis(250);

/// A library to load in parts: what is known before any file is parsed, and the work.
pub struct Parts {
    /// Its sources, label, feeds and the warnings met listing the files; its issues
    /// are those of sources read at once (the embedded sample), often none.
    pub report: LoadReport,
    pub loader: Loader,
}

/// Reads and parses the files, newest first: see [`Loader::run`].
pub struct Loader {
    groups: Vec<Group>,
    /// Every file, in the order they are parsed.
    files: Vec<File>,
}

/// The files of one source (or of the paths named): how they are read, what their
/// issues are called, and the warnings met listing them.
struct Group {
    source: SourceId,
    reader: Reader,
    /// `TITLE: ` before each warning, when the library holds several sources.
    prefix: String,
    warnings: Vec<String>,
    /// Where its persisted library lives, when loads keep one.
    store: Option<Store>,
}

enum Reader {
    /// Local files under `root` (see [`local::root`]).
    Local { root: PathBuf },
    /// Issues in the cache of a fetched source.
    Cached {
        source: Box<super::source::Source>,
        cache: SourceCache,
    },
}

struct File {
    group: usize,
    /// Its place among its group's files as [`super::load`] reads them: its warnings
    /// are given in that order.
    order: usize,
    what: FileRef,
}

enum FileRef {
    Local(Candidate),
    Cached(ManifestIssue),
}

/// What the loader hands on: a part, then, last, the rest.
#[derive(Debug)]
pub enum Arrival {
    Part {
        /// Each with its source set.
        issues: Vec<Issue>,
        /// Files parsed so far, and in all.
        loaded: usize,
        total: usize,
    },
    Done(Done),
}

/// Every file is in: the last issues, which issues are pages, and the warnings.
#[derive(Debug, Default)]
pub struct Done {
    pub issues: Vec<Issue>,
    /// Issues (of the parts and these) that are pages (see [`pages::separate`]).
    pub pages: Vec<IssueKey>,
    /// All of the load's warnings, as [`super::load`] gives them.
    pub warnings: Vec<String>,
    pub total: usize,
    /// Files decoded from the persisted library rather than parsed.
    pub reused: usize,
}

/// The library of `paths` (else of `sources`) to load in parts, or `None` when it is
/// better loaded at once with [`super::load_with`]: no file is there to parse yet (a
/// first fetch, the embedded sample, nothing found: that load says what to do).
pub fn plan(
    paths: &[PathBuf],
    sources: &[SourceDef],
    options: &FetchOptions,
) -> anyhow::Result<Option<Parts>> {
    let parts = if paths.is_empty() {
        plan_sources(sources, options)?
    } else {
        plan_paths(paths, options)
    };
    Ok(parts.filter(|p| !p.loader.files.is_empty()))
}

fn plan_paths(paths: &[PathBuf], options: &FetchOptions) -> Option<Parts> {
    let mut warnings = Vec::new();
    let files = local::collect_files(paths, &mut warnings);
    if files.is_empty() {
        return None;
    }
    let root = local::root(&files);
    let info = local::info(&root);
    let group = Group {
        source: info.id.clone(),
        store: local_store(paths, &root, options),
        reader: Reader::Local { root },
        prefix: String::new(),
        warnings,
    };
    let report = LoadReport {
        library: Library {
            sources: vec![info],
            ..Library::default()
        },
        label: local::label(paths),
        ..LoadReport::default()
    };
    let files = newest_first(vec![files.into_iter().map(FileRef::Local).collect()]);
    Some(Parts {
        report,
        loader: Loader {
            groups: vec![group],
            files,
        },
    })
}

/// Each feed's files listed (a folder walked, a cache's manifest read); a feed with
/// none is loaded at once, as [`sources::load_all`] would.
fn plan_sources(defs: &[SourceDef], options: &FetchOptions) -> anyhow::Result<Option<Parts>> {
    let (feeds, mut warnings) = sources::resolve_all(defs)?;
    let several = feeds.len() > 1;
    let mut report = LoadReport {
        label: label(&feeds),
        feeds: feeds.clone(),
        ..LoadReport::default()
    };
    report.library.sources = feeds.iter().map(Feed::info).collect();
    let mut groups = Vec::new();
    let mut lists = Vec::new();
    let mut at_once = Vec::new();
    for feed in &feeds {
        let prefix = match several {
            true => format!("{}: ", feed.title()),
            false => String::new(),
        };
        let (reader, files, listed) = list_feed(feed, options);
        if files.is_empty() {
            at_once.push((feed, prefix));
            continue;
        }
        groups.push(Group {
            source: feed.id(),
            store: store_of(feed, &reader, options),
            reader,
            prefix,
            warnings: listed,
        });
        lists.push(files);
    }
    if groups.is_empty() {
        return Ok(None);
    }
    let mut later = Vec::new();
    for (feed, prefix) in at_once {
        let part = feed.load(options);
        if part.library.issues.is_empty() && several && feed.is_fetched() {
            warnings.push(format!(
                "{}: nothing cached yet (a refresh or `brief fetch` gets it)",
                feed.title()
            ));
        }
        later.extend(part.warnings.iter().map(|w| format!("{prefix}{w}")));
        report.library.issues.extend(part.library.issues);
        report.library.pages.extend(part.library.pages);
    }
    report.library.sort();
    // Warnings of sources read at once come before those of the parts, in the order
    // the feeds are listed, as [`super::load`] gives them, only when it is one source.
    warnings.extend(later);
    report.warnings = warnings;
    let files = newest_first(lists);
    Ok(Some(Parts {
        report,
        loader: Loader { groups, files },
    }))
}

/// The store of the local files under `paths` rooted at `root`, as
/// [`local::load_stored`] keeps it.
fn local_store(paths: &[PathBuf], root: &Path, options: &FetchOptions) -> Option<Store> {
    let roots: Vec<PathBuf> = paths.iter().map(|p| local::canonical(p)).collect();
    Some(Store::for_local(options.store_root()?, &roots, root))
}

/// The store of `feed`'s files, read by `reader`, as a load of the feed keeps it.
fn store_of(feed: &Feed, reader: &Reader, options: &FetchOptions) -> Option<Store> {
    match (feed, reader) {
        (Feed::Folder(folder), Reader::Local { root }) => {
            local_store(std::slice::from_ref(&folder.path), root, options)
        }
        (Feed::Fetched(_), Reader::Cached { cache, .. }) => {
            options.store_root()?;
            Some(Store::for_source(cache.dir()))
        }
        _ => None,
    }
}

/// What the library of `feeds` is called, as [`super::load`] calls it.
fn label(feeds: &[Feed]) -> String {
    match feeds {
        [Feed::Fetched(source)] => remote::cache_label(source),
        [Feed::Folder(folder)] => local::label(std::slice::from_ref(&folder.path)),
        feeds => sources::several_label(feeds),
    }
}

/// How to read `feed`'s files, which they are, and what listing them met.
fn list_feed(feed: &Feed, options: &FetchOptions) -> (Reader, Vec<FileRef>, Vec<String>) {
    let mut warnings: Vec<String> = Vec::new();
    match feed {
        Feed::Fetched(source) => {
            let cache = options.cache(source);
            // Its warnings come escaped.
            let manifest = remote::known_manifest(source, &cache, &mut warnings);
            let files = manifest.issues.into_iter().map(FileRef::Cached).collect();
            let reader = Reader::Cached {
                source: Box::new(source.clone()),
                cache,
            };
            (reader, files, warnings)
        }
        Feed::Folder(folder) => {
            let files = local::collect_files(std::slice::from_ref(&folder.path), &mut warnings);
            let root = local::root(&files);
            let files = files.into_iter().map(FileRef::Local).collect();
            (Reader::Local { root }, files, warnings)
        }
    }
}

impl FileRef {
    /// What tells how new the file is before it is read: its stem.
    fn stem(&self) -> String {
        match self {
            FileRef::Local(candidate) => stem(&candidate.path),
            FileRef::Cached(known) => match Url::parse(&known.url) {
                Ok(url) => super::source::issue_id(&url),
                Err(_) => known.id.clone(),
            },
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Which of two stems is likely the newer issue (`Less`: `a`): one with digits (a
/// date, a number) before one without (a page, most likely, which sorts last anyway),
/// then the higher in [`natural_cmp`] order.
fn newer(a: &str, b: &str) -> std::cmp::Ordering {
    let digits = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    (digits(b).cmp(&digits(a))).then_with(|| natural_cmp(b, a))
}

/// Every group's files, each group's newest first (see [`newer`]), the groups taking
/// turns.
fn newest_first(groups: Vec<Vec<FileRef>>) -> Vec<File> {
    let mut queues: Vec<std::vec::IntoIter<File>> = groups
        .into_iter()
        .enumerate()
        .map(|(group, files)| {
            let mut files: Vec<(String, File)> = files
                .into_iter()
                .enumerate()
                .map(|(order, what)| (what.stem(), File { group, order, what }))
                .collect();
            files.sort_by(|a, b| newer(&a.0, &b.0).then(a.1.order.cmp(&b.1.order)));
            let files: Vec<File> = files.into_iter().map(|(_, file)| file).collect();
            files.into_iter()
        })
        .collect();
    let mut order = Vec::new();
    loop {
        let before = order.len();
        order.extend(queues.iter_mut().filter_map(Iterator::next));
        if order.len() == before {
            return order;
        }
    }
}

/// One file read: its issue (none for an index page or a file that could not be read),
/// whether the user named it, its warnings, and what a store is written from.
struct Parsed {
    issue: Option<Issue>,
    named: bool,
    warnings: Vec<String>,
    /// Its issue taken out.
    outcome: Outcome,
}

impl Group {
    /// Reads one file: from `stored` when it holds the file as it is, else parsed
    /// (and, when there is a store, encoded to be written to it).
    fn read(&self, what: &FileRef, stored: Option<&Stored>) -> Parsed {
        let keep = self.store.is_some();
        let (mut outcome, named) = match (&self.reader, what) {
            (Reader::Local { root }, FileRef::Local(candidate)) => {
                let probe = local::probe(candidate);
                let outcome = local::read_stored(candidate, probe, root, stored, Depth::Full, keep);
                (outcome, candidate.named)
            }
            (Reader::Cached { source, cache }, FileRef::Cached(known)) => {
                let probe = remote::probe_cached(source, cache, known);
                let outcome =
                    remote::read_cached_issue(cache, known, probe, stored, Depth::Full, keep);
                (outcome, false)
            }
            // Never made: a group's files are of its own kind.
            _ => (
                Outcome::Unread {
                    warnings: Vec::new(),
                },
                false,
            ),
        };
        let issue = outcome.take_issue().map(|mut issue| {
            issue.source = self.source.clone();
            issue
        });
        Parsed {
            issue,
            named,
            warnings: outcome.warnings(stored).to_vec(),
            outcome,
        }
    }
}

/// What the loader keeps of each file once its issue is handed on.
struct Kept {
    group: usize,
    order: usize,
    summary: Option<(Summary, IssueKey)>,
    warnings: Vec<String>,
}

impl Loader {
    /// Files to read.
    pub fn total(&self) -> usize {
        self.files.len()
    }

    /// Reads every file, newest first (from the store when it holds the file as it
    /// is, else parsed), [`FIRST_BATCH`] files and then a batch at a time on all
    /// cores, handing the issues on through `send` as parts (the first at once, then at
    /// most every [`PART_EVERY`]) and last [`Arrival::Done`]. Stops early when `send`
    /// returns false (nobody is listening any more): then None. Else what to write
    /// to the stores so that they hold the library as read (see [`Persist::write`]).
    pub fn run(self, send: &mut dyn FnMut(Arrival) -> bool) -> Option<Persist> {
        let total = self.files.len();
        let stored: Vec<Option<Stored>> = (self.groups.iter())
            .map(|group| group.store.as_ref().and_then(Store::open))
            .collect();
        let mut outcomes: Vec<Vec<Outcome>> = self.groups.iter().map(|_| Vec::new()).collect();
        let mut kept: Vec<Kept> = Vec::with_capacity(total);
        let mut waiting: Vec<Issue> = Vec::new();
        let mut last_sent: Option<Instant> = None;
        let mut start = 0;
        while start < total {
            let size = if start == 0 { FIRST_BATCH } else { BATCH };
            let batch = &self.files[start..(start + size).min(total)];
            start += batch.len();
            let parsed: Vec<Parsed> = batch
                .par_iter()
                .map(|file| self.groups[file.group].read(&file.what, stored[file.group].as_ref()))
                .collect();
            for (file, parsed) in batch.iter().zip(parsed) {
                kept.push(keep(file, &parsed));
                waiting.extend(parsed.issue);
                outcomes[file.group].push(parsed.outcome);
            }
            let due = last_sent.is_none_or(|at| at.elapsed() >= PART_EVERY);
            if due && start < total {
                let issues = std::mem::take(&mut waiting);
                if !send(Arrival::Part {
                    issues,
                    loaded: start,
                    total,
                }) {
                    return None;
                }
                last_sent = Some(Instant::now());
            }
        }
        let mut done = self.conclude(kept);
        done.issues = waiting;
        done.reused = (outcomes.iter().flatten())
            .filter(|o| matches!(o, Outcome::Reused { .. }))
            .count();
        if !send(Arrival::Done(done)) {
            return None;
        }
        let stores = self.groups.into_iter().map(|group| group.store);
        let groups = stores.zip(stored).zip(outcomes);
        let groups =
            groups.filter_map(|((store, stored), outcomes)| Some((store?, stored, outcomes)));
        Some(Persist {
            groups: groups.collect(),
        })
    }

    /// Which issues are pages (judged per group, as [`pages::separate`] does), and
    /// every warning in the order [`super::load`] gives them.
    fn conclude(&self, mut kept: Vec<Kept>) -> Done {
        kept.sort_by_key(|k| (k.group, k.order));
        let mut pages = Vec::new();
        let mut warnings = Vec::new();
        for (at, group) in self.groups.iter().enumerate() {
            let files: Vec<&Kept> = kept.iter().filter(|k| k.group == at).collect();
            let read: Vec<&(Summary, IssueKey)> =
                files.iter().filter_map(|k| k.summary.as_ref()).collect();
            let summaries: Vec<Summary> = read.iter().map(|(s, _)| s.clone()).collect();
            let verdicts = pages::page_verdicts(&summaries);
            let keys = read.iter().map(|(_, key)| key.clone());
            pages.extend(keys.zip(verdicts).filter(|(_, page)| *page).map(|(k, _)| k));
            let own = group.warnings.iter();
            let own = own.chain(files.iter().flat_map(|k| k.warnings.iter()));
            warnings.extend(own.map(|w| format!("{}{w}", group.prefix)));
        }
        Done {
            issues: Vec::new(),
            pages,
            warnings,
            total: self.files.len(),
            reused: 0,
        }
    }
}

/// What a load read, to write to the stores of its sources once it is done.
pub struct Persist {
    groups: Vec<(Store, Option<Stored>, Vec<Outcome>)>,
}

impl Persist {
    /// Writes each store again when one of its files changed, came or went (see
    /// [`store::persist`]), giving up as soon as `stop` says so (a store is then left
    /// as it was). The store of every source, when each holds its source's files as
    /// read (a saved search index is checked against these).
    pub fn write(self, stop: Stop) -> Option<Vec<StoreMark>> {
        let mut marks = Some(Vec::new());
        for (store, stored, outcomes) in self.groups {
            let mark = store::persist(&store, stored.as_ref(), &outcomes, stop);
            marks = marks.zip(mark).map(|(mut all, mark)| {
                all.push(mark);
                all
            });
        }
        marks
    }
}

fn keep(file: &File, parsed: &Parsed) -> Kept {
    let summary =
        (parsed.issue.as_ref()).map(|issue| (Summary::of_issue(issue, parsed.named), issue.key()));
    Kept {
        group: file.group,
        order: file.order,
        summary,
        warnings: parsed.warnings.clone(),
    }
}

/// Adds a part's issues to `library` (which keeps [`Library::sort`]'s order).
pub fn add_part(library: &mut Library, issues: Vec<Issue>) {
    if issues.is_empty() {
        return;
    }
    library.issues.extend(issues);
    library.sort();
}

/// The last of the library is in: `done`'s issues added, its pages moved out of the
/// issues. `library` is then the one [`super::load`] gives.
pub fn finish(library: &mut Library, done: &mut Done) {
    library.issues.append(&mut done.issues);
    let pages: HashSet<&IssueKey> = done.pages.iter().collect();
    if !pages.is_empty() {
        let (issues, moved): (Vec<Issue>, Vec<Issue>) = std::mem::take(&mut library.issues)
            .into_iter()
            .partition(|issue| !pages.contains(&issue.key()));
        library.issues = issues;
        library.pages.extend(moved);
    }
    library.sort();
}
