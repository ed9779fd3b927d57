//! How a fetch runs: workers, HTTP limits, the GitHub endpoints and the cache root.

use std::path::PathBuf;

use crate::library::cache::SourceCache;
use crate::library::http::HttpOptions;
use crate::library::source::Source;
use crate::library::store::{Depth, Writes};

pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";
pub const DEFAULT_JOBS: usize = 6;
/// A source naming more issue files than this is not a newsletter: the rest are not
/// fetched (and a note says how many).
pub const DEFAULT_MAX_ISSUES: usize = 5000;

/// How to fetch: given by the caller (the command line resolves it once), never read
/// from the environment here.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub http: HttpOptions,
    /// Files fetched at once.
    pub jobs: usize,
    /// Issue files fetched at most; a note says how many more the source names.
    pub max_issues: usize,
    /// Base URL of the GitHub REST API, for folder listings.
    pub github_api: String,
    /// Further `host:port`s laid out like raw.githubusercontent.com (a test server).
    pub github_raw_hosts: Vec<String>,
    /// The folder holding every source's cache folder.
    pub cache_root: PathBuf,
    /// Whether loads keep a persisted library in the cache (see `library::store`).
    pub persist: bool,
    /// How much of the library a load from disk needs (a fetch reads whole issues).
    pub depth: Depth,
    /// When a load writes a persisted library that is behind.
    pub writes: Writes,
}

impl FetchOptions {
    /// The defaults, with the cache under `root`.
    pub fn with_cache_root(root: PathBuf) -> FetchOptions {
        FetchOptions {
            http: HttpOptions::default(),
            jobs: DEFAULT_JOBS,
            max_issues: DEFAULT_MAX_ISSUES,
            github_api: DEFAULT_GITHUB_API.to_string(),
            github_raw_hosts: Vec::new(),
            cache_root: root,
            persist: true,
            depth: Depth::Full,
            writes: Writes::Now,
        }
    }

    /// The cache root, when loads keep a persisted library there.
    pub fn store_root(&self) -> Option<&std::path::Path> {
        self.persist.then_some(self.cache_root.as_path())
    }

    pub fn cache(&self, source: &Source) -> SourceCache {
        SourceCache::new(&self.cache_root, &source.index)
    }
}
