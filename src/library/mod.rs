//! Where issues come from: local files, the embedded sample, a fetched cache.

pub mod bounded;
pub mod budget;
pub mod cache;
pub mod cancel;
pub mod detached;
pub mod dirs;
pub mod embedded;
pub mod http;
pub mod local;
pub mod pages;
pub mod probes;
pub mod progressive;
pub mod refresh;
pub mod remote;
pub mod source;
pub mod sources;
pub mod store;
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
    /// At [`store::Depth::Heads`], the issues' heads, newest first (and no issues).
    pub heads: Vec<store::IssueHead>,
    /// At [`store::Depth::Heads`], the pages' heads (and no pages).
    pub page_heads: Vec<store::IssueHead>,
    pub warnings: Vec<String>,
    /// Human name of where the library came from (a path, a source, "embedded sample").
    pub label: String,
    /// The sources the library stands for, which can be refreshed; none for local paths.
    pub feeds: Vec<Feed>,
    /// The persisted library of each part, when every part of this library is stored
    /// as loaded (what a persisted search index is checked against).
    pub stored: Option<Vec<store::StoreMark>>,
    /// A part's persisted library is behind and was left unwritten
    /// ([`store::Writes::Deferred`]): writing it is up to the caller.
    pub unsaved: bool,
    /// At [`store::Depth::MarkIfCurrent`], the issues that the stores of `stored`
    /// hold as they are, and that were not loaded (nor their heads).
    pub held: usize,
}

impl LoadReport {
    /// True when it holds no issue (nor head, nor issue held in a store).
    pub fn is_empty(&self) -> bool {
        self.library.issues.is_empty() && self.heads.is_empty() && self.held == 0
    }

    /// Every issue's head (with its entries' hashes), newest first, whatever the depth
    /// it was loaded at.
    pub fn heads(&self) -> Vec<store::IssueHead> {
        if self.library.issues.is_empty() {
            self.heads.clone()
        } else {
            self.library
                .issues
                .iter()
                .map(store::IssueHead::stored)
                .collect()
        }
    }

    /// Every page's head, in the library's order, whatever the depth it was loaded at.
    pub fn page_heads(&self) -> Vec<store::IssueHead> {
        if self.library.pages.is_empty() {
            self.page_heads.clone()
        } else {
            self.library
                .pages
                .iter()
                .map(store::IssueHead::stored)
                .collect()
        }
    }

    /// True when it holds heads rather than whole issues or pages.
    pub fn has_heads(&self) -> bool {
        !self.heads.is_empty() || !self.page_heads.is_empty()
    }

    /// Keeps only the heads of its issues and pages.
    pub fn into_heads(mut self) -> LoadReport {
        if !self.library.issues.is_empty() {
            self.heads = self.heads();
            self.library.issues = Vec::new();
        }
        if !self.library.pages.is_empty() {
            self.page_heads = self.page_heads();
            self.library.pages = Vec::new();
        }
        self
    }
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

/// The stores a [`load`] of `paths` or `sources` reads when the files are where they
/// were at the last load, found without reading any: for work on what those stores
/// stand for that can start before the load ends, and be checked against it after.
/// None when loads keep no store.
pub fn foreseen_stores(
    paths: &[PathBuf],
    sources: &[SourceDef],
    options: &FetchOptions,
) -> Option<Vec<PathBuf>> {
    let cache_root = options.store_root()?;
    if !paths.is_empty() {
        let store = local::foreseen_store(cache_root, paths);
        return Some(vec![store.path().to_path_buf()]);
    }
    let (feeds, _) = sources::resolve_all(sources).ok()?;
    let store = |feed: &Feed| match feed {
        Feed::Fetched(source) => store::Store::for_source(options.cache(source).dir()),
        Feed::Folder(folder) => {
            local::foreseen_store(cache_root, std::slice::from_ref(&folder.path))
        }
    };
    Some(
        feeds
            .iter()
            .map(|feed| store(feed).path().to_path_buf())
            .collect(),
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
        local::load_stored_with(paths, options.store_root(), options.depth, options.writes)?
    };
    if report.is_empty() {
        return Err(NothingFound {
            label: report.label,
            warnings: report.warnings,
        }
        .into());
    }
    Ok(report)
}
