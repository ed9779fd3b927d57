//! Refresh of a remote source, as the reader (in the background) and `brief fetch` drive it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::bail;

use super::cancel::Cancel;
use super::remote::{self, FetchOptions, FetchReport, IndexStatus};
use super::source::{Source, SourceSpec};
use crate::model::Library;
use crate::text::escape_line;

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
    let report = remote::fetch(source, options, progress, cancel);
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

/// Fetches the source the user asked for, with the full per-issue report (`brief fetch`).
/// An error when asked to stay offline, or when the source cannot be resolved.
pub fn fetch_report(
    spec: &SourceSpec,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> anyhow::Result<FetchReport> {
    if spec.offline {
        bail!("--offline: not fetching anything");
    }
    let source = Source::resolve(&spec.index)?;
    Ok(remote::fetch(&source, options, progress, cancel))
}

/// How long ago the source was last refreshed, if ever (the reader refreshes at most hourly).
pub fn since_last_refresh(source: &Source, options: &FetchOptions) -> Option<Duration> {
    let manifest = options.cache(source).read_manifest()?;
    let then = UNIX_EPOCH + Duration::from_secs(manifest.refreshed_at);
    SystemTime::now().duration_since(then).ok()
}
