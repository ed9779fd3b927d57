//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod bounded;
pub mod budget;
pub mod cache;
pub mod cancel;
pub mod dirs;
pub mod embedded;
pub mod http;
pub mod local;
pub mod pages;
pub mod progressive;
pub mod refresh;
pub mod remote;
pub mod source;
pub mod sources;
pub mod walk;

use std::path::PathBuf;

use crate::model::Library;
use cancel::Cancel;
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

/// Nothing to read: the warnings say why (files skipped, paths missing).
#[derive(Debug, thiserror::Error)]
#[error("no newsletter issues found in {label}")]
pub struct NothingFound {
    pub label: String,
    pub warnings: Vec<String>,
}

/// Loads the library the user asked for: the given paths; else the `sources`, together
/// (see [`sources::load_all`]): each from its cache or folder, the default newsletter
/// from the embedded sample while nothing is cached, never waiting on the network
/// unless nothing at all is there yet. An empty library is a [`NothingFound`] error,
/// carrying the warnings.
pub fn load(
    paths: &[PathBuf],
    sources: &[SourceDef],
    offline: bool,
    options: &FetchOptions,
) -> anyhow::Result<LoadReport> {
    load_with(
        paths,
        sources,
        offline,
        options,
        &mut |_, _| {},
        &Cancel::new(),
    )
}

/// [`load`], reporting a first fetch's `progress(done, total)` (summed over the sources
/// fetched; `(0, 0)` as it starts) and stopping it when `cancel` is set (an error then).
pub fn load_with(
    paths: &[PathBuf],
    sources: &[SourceDef],
    offline: bool,
    options: &FetchOptions,
    progress: &mut (dyn FnMut(usize, usize) + Send),
    cancel: &Cancel,
) -> anyhow::Result<LoadReport> {
    let report = if paths.is_empty() {
        sources::load_all(sources, offline, options, progress, cancel)?
    } else {
        local::load(paths)?
    };
    if report.library.issues.is_empty() {
        return Err(NothingFound {
            label: report.label,
            warnings: report.warnings,
        }
        .into());
    }
    Ok(report)
}
