//! Background refresh of a remote source, as the reader drives it.
//!
//! API stub: the fetch work (HTTP, cache) implements this behind the same signature.

use std::sync::atomic::AtomicBool;

use crate::cli::SourceArgs;
use crate::model::Library;

/// What a finished refresh gives the reader.
#[derive(Debug, Default)]
pub struct RefreshOutcome {
    /// The whole library as now cached.
    pub library: Library,
    /// Ids of issues that were not in the cache before.
    pub new_issues: Vec<String>,
    /// One line per problem (missing issue, failed fetch, rate limit).
    pub problems: Vec<String>,
}

/// Fetches the source into the cache, reporting `progress(done, total)` as issue files
/// arrive, and stopping promptly when `cancel` is set. Blocking: run it off the UI thread.
pub fn refresh(
    source: &SourceArgs,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> anyhow::Result<RefreshOutcome> {
    let _ = (source, progress, cancel);
    anyhow::bail!("fetching is not available yet")
}
