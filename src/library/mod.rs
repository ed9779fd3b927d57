//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod cache;
pub mod cancel;
pub mod dirs;
pub mod embedded;
pub mod http;
pub mod local;
pub mod refresh;
pub mod remote;
pub mod source;
pub mod sources;

use std::path::PathBuf;

use anyhow::bail;

use crate::model::Library;
use remote::FetchOptions;
use sources::{Feed, SourceDef};

/// A loaded library and the problems met on the way (files skipped or decoded lossily).
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub warnings: Vec<String>,
    /// Human name of where the library came from (a path, a source, "embedded sample").
    pub label: String,
    /// The sources the library stands for, which can be refreshed; none for local paths.
    pub feeds: Vec<Feed>,
}

/// Loads the library the user asked for: the given paths; else the `sources`, together
/// (see [`sources::load_all`]): each from its cache or folder, the default newsletter
/// from the embedded sample while nothing is cached, never waiting on the network
/// unless nothing at all is there yet. An empty library is an error with a clear message.
pub fn load(
    paths: &[PathBuf],
    sources: &[SourceDef],
    offline: bool,
    options: &FetchOptions,
) -> anyhow::Result<LoadReport> {
    let report = if paths.is_empty() {
        sources::load_all(sources, offline, options)?
    } else {
        local::load(paths)?
    };
    if report.library.issues.is_empty() {
        bail!("no newsletter issues found in {}", report.label);
    }
    Ok(report)
}
