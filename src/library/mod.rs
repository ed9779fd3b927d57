//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod embedded;
pub mod local;
pub mod refresh;

use std::path::PathBuf;

use anyhow::bail;

use crate::cli::SourceArgs;
use crate::model::Library;

/// A loaded library and the problems met on the way (files skipped or decoded lossily).
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub warnings: Vec<String>,
    /// Human name of where the library came from (a path, a source, "embedded sample").
    pub origin: String,
}

/// Loads the library the user asked for: the given paths, or else the embedded sample.
/// An empty library is an error with a clear message.
pub fn load(paths: &[PathBuf], source: &SourceArgs) -> anyhow::Result<LoadReport> {
    let _ = source;
    let report = if paths.is_empty() {
        embedded::load()
    } else {
        local::load(paths)?
    };
    if report.library.issues.is_empty() {
        bail!("no newsletter issues found in {}", report.origin);
    }
    Ok(report)
}
