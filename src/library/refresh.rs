//! Refresh of the sources, as the reader (in the background) and `brief fetch` drive
//! it: each source on its own, all at once, none waiting on another.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::bail;

use super::LoadReport;
use super::cancel::Cancel;
use super::remote::{self, FetchOptions, FetchReport, IndexStatus};
use super::source::Source;
use super::sources::Feed;
use crate::model::Library;
use crate::text::escape_line;

/// What a finished refresh of one source gives the reader.
#[derive(Debug, Default)]
pub struct RefreshOutcome {
    /// The source's whole library as now cached (or read from its folder).
    pub library: Library,
    /// Ids of issues that were not in the cache before (none for a folder).
    pub new_issues: Vec<String>,
    /// One line per problem (index unreachable, missing issue, failed fetch, rate limit,
    /// corrupt cache entry, lossy decoding), safe to show.
    pub problems: Vec<String>,
}

impl From<FetchReport> for RefreshOutcome {
    /// Every problem goes to the log too; problems found by an earlier refresh (known
    /// missing issues) go only there.
    fn from(report: FetchReport) -> Self {
        let mut problems = report.problems();
        problems.extend(report.warnings.iter().map(|w| escape_line(w).into_owned()));
        for line in &problems {
            log::warn!("{line}");
        }
        for line in report.repeated_problems() {
            log::info!("{line}");
        }
        RefreshOutcome {
            new_issues: report.new_issue_ids(),
            problems,
            library: report.library,
        }
    }
}

/// Fetches the source into the cache, reporting `progress(done, total)` as issue files
/// arrive, and stopping promptly when `cancel` is set. Blocking: run it off the UI thread.
/// An error when the index could not be fetched and nothing is cached (so the caller
/// keeps what it shows); otherwise the cached library with one line per problem.
pub fn refresh(
    source: &Source,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> anyhow::Result<RefreshOutcome> {
    outcome_of(remote::fetch(source, options, progress, cancel))
}

fn outcome_of(report: FetchReport) -> anyhow::Result<RefreshOutcome> {
    if let IndexStatus::Failed(reason) = &report.index
        && report.library.issues.is_empty()
    {
        bail!(
            "could not fetch the index of {}: {}",
            report.source,
            escape_line(reason)
        );
    }
    Ok(report.into())
}

/// Refreshes one feed: fetches a fetched source (as [`refresh`] does), reads a folder
/// again. The library's issues are the feed's, and it lists the feed as its one source.
pub fn refresh_feed(
    feed: &Feed,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> anyhow::Result<RefreshOutcome> {
    match fetch_feed(feed, options, progress, cancel) {
        FetchOutcome::Fetched(report) => outcome_of(report),
        FetchOutcome::Read(report) => Ok(RefreshOutcome {
            library: report.library,
            new_issues: Vec::new(),
            problems: (report.warnings.iter())
                .map(|w| escape_line(w).into_owned())
                .collect(),
        }),
    }
}

/// What `brief fetch` did for one feed.
#[derive(Debug)]
pub enum FetchOutcome {
    /// The full per-issue report of a fetch.
    Fetched(FetchReport),
    /// A folder, read (it is never fetched).
    Read(LoadReport),
}

impl FetchOutcome {
    /// True when the feed gave nothing: its index failed and nothing is cached, or its
    /// folder holds no issue.
    pub fn failed_with_nothing(&self) -> bool {
        match self {
            FetchOutcome::Fetched(report) => {
                !report.index_fetched() && report.library.issues.is_empty()
            }
            FetchOutcome::Read(report) => report.library.issues.is_empty(),
        }
    }

    pub fn library(&self) -> &Library {
        match self {
            FetchOutcome::Fetched(report) => &report.library,
            FetchOutcome::Read(report) => &report.library,
        }
    }
}

/// Fetches (or reads) one feed, with the full report.
pub fn fetch_feed(
    feed: &Feed,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> FetchOutcome {
    match feed {
        Feed::Fetched(source) => {
            let mut report = remote::fetch(source, options, progress, cancel);
            feed.claim(&mut report.library);
            FetchOutcome::Fetched(report)
        }
        Feed::Folder(_) => {
            let report = feed.load(options);
            let count = report.library.issues.len();
            progress(count, count);
            FetchOutcome::Read(report)
        }
    }
}

/// Fetches every feed at once, each on its own thread with its own workers: a slow or
/// failing one holds no other back. `progress(feed, done, total)` is called from those
/// threads, `feed` an index into `feeds`. The outcomes come in the order of `feeds`.
pub fn fetch_all(
    feeds: &[Feed],
    options: &FetchOptions,
    progress: &(dyn Fn(usize, usize, usize) + Sync),
    cancel: &Cancel,
) -> Vec<FetchOutcome> {
    std::thread::scope(|scope| {
        let runs: Vec<_> = feeds
            .iter()
            .enumerate()
            .map(|(n, feed)| {
                scope.spawn(move || {
                    fetch_feed(
                        feed,
                        options,
                        &mut |done, total| progress(n, done, total),
                        cancel,
                    )
                })
            })
            .collect();
        runs.into_iter()
            .map(|run| {
                run.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `parts` (what each feed held) with every empty fetched feed fetched first, all at
/// once, `progress(done, total)` summed over them; a fetch's problems become the
/// part's warnings.
pub(super) fn fetch_empty(
    feeds: &[Feed],
    parts: Vec<LoadReport>,
    options: &FetchOptions,
    progress: &mut (dyn FnMut(usize, usize) + Send),
    cancel: &Cancel,
) -> Vec<LoadReport> {
    let wanted: Vec<Feed> = feeds
        .iter()
        .zip(&parts)
        .filter(|(feed, part)| feed.is_fetched() && part.library.issues.is_empty())
        .map(|(feed, _)| feed.clone())
        .collect();
    let counts = Mutex::new((vec![(0, 0); wanted.len()], progress));
    let summed = |n: usize, done: usize, total: usize| {
        let mut counts = counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.0[n] = (done, total);
        let (done, total) = counts
            .0
            .iter()
            .fold((0, 0), |(d, t), &(dn, tn)| (d + dn, t + tn));
        (counts.1)(done, total);
    };
    let mut fetched = fetch_all(&wanted, options, &summed, cancel).into_iter();
    feeds
        .iter()
        .zip(parts)
        .map(|(feed, part)| {
            if !(feed.is_fetched() && part.library.issues.is_empty()) {
                return part;
            }
            match fetched.next() {
                Some(FetchOutcome::Fetched(report)) => {
                    let mut warnings = report.problems();
                    warnings.extend(report.warnings);
                    LoadReport {
                        library: report.library,
                        warnings,
                        label: feed.title().to_string(),
                        feeds: vec![feed.clone()],
                    }
                }
                _ => part,
            }
        })
        .collect()
}

/// How long ago the source was last refreshed, if ever (the reader refreshes at most hourly).
pub fn since_last_refresh(source: &Source, options: &FetchOptions) -> Option<Duration> {
    let manifest = options.cache(source).read_manifest()?;
    let then = UNIX_EPOCH + Duration::from_secs(manifest.refreshed_at);
    SystemTime::now().duration_since(then).ok()
}
