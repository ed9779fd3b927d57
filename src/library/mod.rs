//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod budget;
pub mod cache;
pub mod embedded;
pub mod http;
pub mod local;
pub mod refresh;
pub mod remote;
pub mod source;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::bail;

use crate::cli::SourceArgs;
use crate::model::Library;
use remote::FetchOptions;
use source::Source;

/// A loaded library and the problems met on the way (files skipped or decoded lossily).
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub warnings: Vec<String>,
    /// Human name of where the library came from (a path, a source, "embedded sample").
    pub label: String,
    /// True when the library stands for a source that can be refreshed (not local paths).
    pub refreshable: bool,
}

/// Loads the library the user asked for: the given paths; else the source's cache. An
/// empty cache is filled first for a `--source` (unless `--offline`); for the default
/// source it gives the embedded sample at once, never waiting on the network (the reader
/// refreshes in the background, `brief fetch` fills the cache).
/// An empty library is an error with a clear message.
pub fn load(paths: &[PathBuf], source: &SourceArgs) -> anyhow::Result<LoadReport> {
    let report = if paths.is_empty() {
        load_source(source)?
    } else {
        local::load(paths)?
    };
    if report.library.issues.is_empty() {
        bail!("no newsletter issues found in {}", report.label);
    }
    Ok(report)
}

fn load_source(args: &SourceArgs) -> anyhow::Result<LoadReport> {
    let source = Source::from_args(args)?;
    let options = FetchOptions::from_env()?;
    let cached = remote::load_cached(&source, &options);
    if !cached.library.issues.is_empty() {
        return Ok(LoadReport {
            refreshable: true,
            ..cached
        });
    }
    if source.is_default() {
        let mut sample = embedded::load();
        sample.warnings.extend(cached.warnings);
        sample.refreshable = true;
        return Ok(sample);
    }
    if args.offline {
        bail!(
            "nothing cached yet for {} (and --offline forbids fetching it)",
            source.name
        );
    }
    let report = remote::fetch(&source, &options, &mut |_, _| {}, &AtomicBool::new(false));
    let mut warnings = report.problems();
    warnings.extend(report.warnings);
    Ok(LoadReport {
        library: report.library,
        warnings,
        label: source.name,
        refreshable: true,
    })
}
