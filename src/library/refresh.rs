//! Refresh of a remote source, as the reader (in the background) and `brief fetch` drive it.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::bail;

use super::remote::{self, FetchOptions, FetchReport, IndexStatus};
use super::source::Source;
use crate::cli::SourceArgs;
use crate::model::Library;

/// What a finished refresh gives the reader.
#[derive(Debug, Default)]
pub struct RefreshOutcome {
    /// The whole library as now cached.
    pub library: Library,
    /// Ids of issues that were not in the cache before.
    pub new_issues: Vec<String>,
    /// One line per problem (index unreachable, missing issue, failed fetch, rate limit,
    /// corrupt cache entry, lossy decoding), safe to show.
    pub problems: Vec<String>,
}

impl From<FetchReport> for RefreshOutcome {
    fn from(report: FetchReport) -> Self {
        let mut problems = report.problems();
        problems.extend(report.warnings.iter().map(|w| crate::text::sanitize(w)));
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
    source: &SourceArgs,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> anyhow::Result<RefreshOutcome> {
    let report = fetch_report(source, None, progress, cancel)?;
    if let IndexStatus::Failed(reason) = &report.index
        && report.library.issues.is_empty()
    {
        bail!("could not fetch the index of {}: {reason}", report.source);
    }
    Ok(report.into())
}

/// Like [`refresh`], with the full per-issue report and an optional worker count.
pub fn fetch_report(
    source: &SourceArgs,
    jobs: Option<usize>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> anyhow::Result<FetchReport> {
    if source.offline {
        bail!("--offline: not fetching anything");
    }
    let resolved = Source::from_args(source)?;
    let mut options = FetchOptions::from_env()?;
    if let Some(jobs) = jobs {
        options.jobs = jobs.max(1);
    }
    Ok(remote::fetch(&resolved, &options, progress, cancel))
}

/// How long ago the source was last refreshed, if ever (the reader refreshes at most hourly).
pub fn since_last_refresh(source: &SourceArgs) -> Option<Duration> {
    let resolved = Source::from_args(source).ok()?;
    let options = FetchOptions::from_env().ok()?;
    let manifest = options.cache(&resolved).read_manifest()?;
    let then = UNIX_EPOCH + Duration::from_secs(manifest.refreshed_at);
    SystemTime::now().duration_since(then).ok()
}
