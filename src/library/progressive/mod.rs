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

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

mod head_start;
mod plan;

pub use plan::plan;
use url::Url;

use super::LoadReport;
use super::cache::{ManifestIssue, SourceCache};
use super::local::{self, Candidate};
use super::pages::{self, Summary};
use super::remote;
use super::store::{self, Depth, Opening, Outcome, Stop, Store, StoreMark, Stored};
use crate::model::{Issue, IssueKey, Library, SourceId, natural_cmp};
use head_start::Early;

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
    /// The folder of the one group, when it is walked by [`Loader::run`] rather than
    /// before: its store's newest files are shown first (see [`head_start`]).
    walk_later: Option<PathBuf>,
    /// Issues of the library were loaded at once, outside any store (a source with
    /// no file to parse): no saved search index can stand for the library.
    unstored_issues: bool,
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
    /// Issues of the parts that are no more (shown from the store before the walk
    /// found their files gone).
    pub gone: Vec<IssueKey>,
    /// The stores of the library's sources, when each holds exactly its files as
    /// read and every issue is from one (nothing to write): a search index saved from
    /// them is the library's.
    pub stored: Option<Vec<StoreMark>>,
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
pub(super) fn newer(a: &str, b: &str) -> std::cmp::Ordering {
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

/// A store opened before its records are decoded, and the files read from it early.
type HeadStart = (Option<Opening>, HashMap<String, Early>);

/// What the loader keeps of each file once its issue is handed on.
struct Kept {
    group: usize,
    order: usize,
    summary: Option<(Summary, IssueKey)>,
    warnings: Vec<String>,
}

impl Loader {
    /// Files to read, as far as they are known before the load: none yet for a
    /// folder walked by [`Loader::run`] (its parts count them).
    pub fn total(&self) -> usize {
        self.files.len()
    }

    /// Reads every file, newest first (from the store when it holds the file as it
    /// is, else parsed), [`FIRST_BATCH`] files and then a batch at a time on all
    /// cores, handing the issues on through `send` as parts (the first at once, then at
    /// most every [`PART_EVERY`]) and last [`Arrival::Done`]. Stops early when `send`
    /// returns false (nobody is listening any more): then None. Else what to write
    /// to the stores so that they hold the library as read (see [`Persist::write`]).
    pub fn run(mut self, send: &mut dyn FnMut(Arrival) -> bool) -> Option<Persist> {
        let mut last_sent: Option<Instant> = None;
        let mut head_start = None;
        if self.walk_later.is_some() {
            head_start = Some(self.head_start(send, &mut last_sent)?);
        }
        let mut stored: Vec<Option<Stored>> = Vec::new();
        for (at, group) in self.groups.iter().enumerate() {
            stored.push(match head_start.as_mut() {
                Some((opening, early)) if at == 0 => {
                    let outcomes = early.values_mut().map(|e| &mut e.outcome);
                    opening.take().and_then(|o| o.finish(outcomes))
                }
                _ => group.store.as_ref().and_then(Store::open),
            });
        }
        let mut outcomes: Vec<Vec<Outcome>> = self.groups.iter().map(|_| Vec::new()).collect();
        let mut kept: Vec<Kept> = Vec::new();
        let mut gone = Vec::new();
        if let (Some(folder), Some((_, early))) = (self.walk_later.take(), head_start) {
            gone = self.walk(
                &folder,
                stored[0].as_ref(),
                early,
                &mut kept,
                &mut outcomes[0],
            );
        }
        let ahead = kept.len();
        let (to_read, total) = (self.files.len(), ahead + self.files.len());
        let mut waiting: Vec<Issue> = Vec::new();
        let mut start = 0;
        while start < to_read {
            let size = if start == 0 { FIRST_BATCH } else { BATCH };
            let batch = &self.files[start..(start + size).min(to_read)];
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
            if due && start < to_read {
                let issues = std::mem::take(&mut waiting);
                if !send(Arrival::Part {
                    issues,
                    loaded: ahead + start,
                    total,
                }) {
                    return None;
                }
                last_sent = Some(Instant::now());
            }
        }
        let mut done = self.conclude(kept);
        done.issues = waiting;
        done.gone = gone;
        done.reused = (outcomes.iter().flatten())
            .filter(|o| matches!(o, Outcome::Reused { .. }))
            .count();
        done.stored = self.current_marks(&stored, &outcomes);
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

    /// The newest files the store of the one group holds as they are (read from its
    /// NEWEST part alone), sent as the first part: the store opened, and what is kept
    /// of them by store key. None when nobody listens any more.
    fn head_start(
        &self,
        send: &mut dyn FnMut(Arrival) -> bool,
        last_sent: &mut Option<Instant>,
    ) -> Option<HeadStart> {
        let group = &self.groups[0];
        let Some(mut opening) = group.store.as_ref().and_then(Store::open_lazily) else {
            return Some((None, HashMap::new()));
        };
        let (issues, early) = head_start::newest_stored(&mut opening, &group.source);
        if !issues.is_empty() {
            let (loaded, total) = (early.len(), opening.recorded().max(early.len()));
            if !send(Arrival::Part {
                issues,
                loaded,
                total,
            }) {
                return None;
            }
            *last_sent = Some(Instant::now());
        }
        Some((Some(opening), early))
    }

    /// Walks `folder`, the one group's: its files to read, newest first, but those
    /// read `early` (kept as read, in `kept` and `outcomes`); the issues read early
    /// whose files the walk did not find.
    fn walk(
        &mut self,
        folder: &PathBuf,
        stored: Option<&Stored>,
        mut early: HashMap<String, Early>,
        kept: &mut Vec<Kept>,
        outcomes: &mut Vec<Outcome>,
    ) -> Vec<IssueKey> {
        let group = &mut self.groups[0];
        let files = local::collect_files(std::slice::from_ref(folder), &mut group.warnings);
        let files = newest_first(vec![files.into_iter().map(FileRef::Local).collect()]);
        for file in files {
            let FileRef::Local(candidate) = &file.what else {
                continue;
            };
            let Some(read) = early.remove(&local::store_key(candidate)) else {
                self.files.push(file);
                continue;
            };
            kept.push(Kept {
                group: 0,
                order: file.order,
                summary: Some((read.summary, read.key)),
                warnings: read.outcome.warnings(stored).to_vec(),
            });
            outcomes.push(read.outcome);
        }
        early.into_values().map(|read| read.key).collect()
    }

    /// Each group's store mark, when every group's store holds its files as read
    /// (see [`store::current_mark`]) and no issue came from elsewhere.
    fn current_marks(
        &self,
        stored: &[Option<Stored>],
        outcomes: &[Vec<Outcome>],
    ) -> Option<Vec<StoreMark>> {
        if self.unstored_issues {
            return None;
        }
        let groups = self.groups.iter().zip(stored).zip(outcomes);
        groups
            .map(|((group, stored), outcomes)| {
                store::current_mark(group.store.as_ref()?, stored.as_ref(), outcomes)
            })
            .collect()
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
            total: kept.len(),
            reused: 0,
            gone: Vec::new(),
            stored: None,
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
    if !done.gone.is_empty() {
        let gone: HashSet<&IssueKey> = done.gone.iter().collect();
        library.issues.retain(|issue| !gone.contains(&issue.key()));
    }
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
