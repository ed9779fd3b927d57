//! How a fetch runs: workers, HTTP limits, the GitHub endpoints and the cache root.

use std::path::PathBuf;

use crate::library::cache::{SourceCache, cache_root};
use crate::library::http::HttpOptions;
use crate::library::source::Source;

/// Environment variable overriding the GitHub REST API base URL (tests use a loopback server).
pub const GITHUB_API_ENV: &str = "BRIEF_GITHUB_API";
/// Environment variable naming extra `host:port`s laid out like raw.githubusercontent.com.
pub const GITHUB_RAW_HOSTS_ENV: &str = "BRIEF_GITHUB_RAW_HOSTS";
pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";
pub const DEFAULT_JOBS: usize = 6;

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub http: HttpOptions,
    pub jobs: usize,
    pub github_api: String,
    pub github_raw_hosts: Vec<String>,
    pub cache_root: PathBuf,
}

impl FetchOptions {
    /// Defaults, with the cache root and GitHub hosts taken from the environment.
    pub fn from_env() -> anyhow::Result<FetchOptions> {
        let mut options = FetchOptions::with_cache_root(cache_root()?);
        if let Some(api) = std::env::var(GITHUB_API_ENV).ok().filter(|v| !v.is_empty()) {
            options.github_api = api;
        }
        if let Ok(hosts) = std::env::var(GITHUB_RAW_HOSTS_ENV) {
            options.github_raw_hosts = hosts
                .split(',')
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_string)
                .collect();
        }
        Ok(options)
    }

    pub fn with_cache_root(root: PathBuf) -> FetchOptions {
        FetchOptions {
            http: HttpOptions::default(),
            jobs: DEFAULT_JOBS,
            github_api: DEFAULT_GITHUB_API.to_string(),
            github_raw_hosts: Vec::new(),
            cache_root: root,
        }
    }

    pub fn cache(&self, source: &Source) -> SourceCache {
        SourceCache::new(&self.cache_root, &source.index)
    }
}
