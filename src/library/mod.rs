//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod bounded;
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
pub mod walk;

use std::path::PathBuf;

use anyhow::bail;

use crate::model::Library;
use cancel::Cancel;
use remote::FetchOptions;
use source::{Source, SourceSpec};

/// A loaded library and the problems met on the way (files skipped or decoded lossily).
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub warnings: Vec<String>,
    /// Human name of where the library came from (a path, a source, "embedded sample").
    pub label: String,
    /// The source the library stands for, which can be refreshed; None for local paths.
    pub source: Option<Source>,
}

/// Nothing to read: the warnings say why (files skipped, paths missing).
#[derive(Debug, thiserror::Error)]
#[error("no newsletter issues found in {label}")]
pub struct NothingFound {
    pub label: String,
    pub warnings: Vec<String>,
}

/// Loads the library the user asked for: the given paths; else the source's cache. An
/// empty cache is filled first for a `--source` (unless `--offline`); for the default
/// source it gives the embedded sample at once, never waiting on the network (the reader
/// refreshes in the background, `brief fetch` fills the cache).
/// An empty library is a [`NothingFound`] error, carrying the warnings.
pub fn load(
    paths: &[PathBuf],
    source: &SourceSpec,
    options: &FetchOptions,
) -> anyhow::Result<LoadReport> {
    load_with(paths, source, options, &mut |_, _| {}, &Cancel::new())
}

/// [`load`], reporting a first fetch's `progress(done, total)` (`(0, 0)` as it starts)
/// and stopping it when `cancel` is set (an error then).
pub fn load_with(
    paths: &[PathBuf],
    source: &SourceSpec,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> anyhow::Result<LoadReport> {
    let report = if paths.is_empty() {
        load_source(source, options, progress, cancel)?
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

fn load_source(
    spec: &SourceSpec,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> anyhow::Result<LoadReport> {
    let source = Source::resolve(&spec.index)?;
    let cached = remote::load_cached(&source, options);
    if !cached.library.issues.is_empty() {
        return Ok(LoadReport {
            source: Some(source),
            ..cached
        });
    }
    if source.is_default() {
        let mut sample = embedded::load();
        sample.warnings.extend(cached.warnings);
        sample.source = Some(source);
        return Ok(sample);
    }
    if spec.offline {
        bail!(
            "nothing cached yet for {} (and --offline forbids fetching it)",
            source.name
        );
    }
    let report = remote::fetch(&source, options, progress, cancel);
    if cancel.is_cancelled() {
        bail!("cancelled while fetching {}", source.name);
    }
    let mut warnings = report.problems();
    warnings.extend(report.warnings);
    Ok(LoadReport {
        library: report.library,
        warnings,
        label: source.name.clone(),
        source: Some(source),
    })
}
