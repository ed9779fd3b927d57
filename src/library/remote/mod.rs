//! Fetching a source into its cache: the index, the GitHub folder listing, then every
//! issue file on a bounded pool of workers, then issues named only in archive sections.

mod cached;
mod file;
mod listing;
mod options;
mod pool;
mod report;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};

use rayon::prelude::*;
use url::Url;

use super::cache::{Manifest, ManifestIssue, SourceCache, unix_now};
use super::http::Client;
use super::source::{GithubRepo, Source, issue_id};
use crate::model::{Issue, Library};
use crate::parse::index;
pub use cached::load_cached;
use cached::parse_issue;
use file::{ASK_SOURCE_FILE, fetch_file};
use listing::{Listed, Listing};
pub use options::{
    DEFAULT_GITHUB_API, DEFAULT_JOBS, FetchOptions, GITHUB_API_ENV, GITHUB_RAW_HOSTS_ENV,
};
use pool::{Done, Job, Pool};
pub use report::{FetchReport, IndexStatus, IssueReport, Status};

/// A source naming more issue files than this is not a newsletter; the rest is ignored.
const MAX_ISSUES: usize = 5000;
/// At most this many issue folders are listed through the contents API.
const MAX_LISTED_FOLDERS: usize = 3;

/// State the workers share.
struct Shared {
    client: Client,
    cache: SourceCache,
    /// Set on cancel or rate limit: no new request starts.
    stop: AtomicBool,
    /// The status code of the first rate-limit answer, 0 if none.
    rate_limit: AtomicU16,
}

/// One issue file's outcome, as a worker hands it back.
struct Fetched {
    url: Url,
    status: Status,
    issue: Option<Issue>,
    warnings: Vec<String>,
}

/// Fetches `source` into the cache. Blocking; returns promptly after `cancel` is set,
/// with whatever arrived until then.
pub fn fetch(
    source: &Source,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> FetchReport {
    let shared = Arc::new(Shared {
        client: Client::new(options.http.clone()),
        cache: options.cache(source),
        stop: AtomicBool::new(false),
        rate_limit: AtomicU16::new(0),
    });
    let mut run = Run::new(source, options, shared);
    let index_text = match run.fetch_index(cancel) {
        Ok(text) => text,
        Err(reason) => return run.finish_without_index(reason),
    };
    run.fetch_issues(&index_text, progress, cancel);
    run.finish()
}

/// One fetch in progress.
struct Run<'a> {
    source: &'a Source,
    options: &'a FetchOptions,
    shared: Arc<Shared>,
    index_status: IndexStatus,
    /// Every issue URL met, in discovery order.
    seen: Vec<Url>,
    seen_set: HashSet<Url>,
    parsed: HashMap<Url, Issue>,
    issues: Vec<IssueReport>,
    notes: Vec<String>,
    warnings: Vec<String>,
    cancelled: bool,
}

impl<'a> Run<'a> {
    fn new(source: &'a Source, options: &'a FetchOptions, shared: Arc<Shared>) -> Run<'a> {
        Run {
            source,
            options,
            shared,
            index_status: IndexStatus::Unchanged,
            seen: Vec::new(),
            seen_set: HashSet::new(),
            parsed: HashMap::new(),
            issues: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            cancelled: false,
        }
    }

    /// The index text, fetched or (when unchanged) from the cache.
    fn fetch_index(&mut self, cancel: &AtomicBool) -> Result<String, String> {
        let url = &self.source.index;
        let (status, bytes) = fetch_file(
            &self.shared,
            url,
            ASK_SOURCE_FILE,
            cancel,
            &mut self.warnings,
        );
        self.index_status = match status {
            Status::New | Status::Updated => IndexStatus::Fetched,
            Status::Unchanged => IndexStatus::Unchanged,
            Status::Missing => return Err("not found".into()),
            Status::Failed(reason) | Status::Skipped(reason) => return Err(reason),
        };
        let bytes = bytes.ok_or("no content")?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Fetches every issue the index, the folder listings, the previous manifest and
    /// the archive sections of fetched issues name, on one pool of workers.
    fn fetch_issues(
        &mut self,
        index_text: &str,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) {
        let index = self.source.index.clone();
        let mut first = Vec::new();
        for link in index::markdown_links(index_text) {
            self.discover(&link, &index, &mut first);
        }
        let listings = self.listings(&first);
        let previous = self.shared.cache.read_manifest().unwrap_or_default();
        for known in previous.issues {
            self.discover(&known.url, &index, &mut first);
        }
        let mut pool = Pool::start(&self.shared, self.options.jobs.clamp(1, 32));
        listings
            .into_iter()
            .for_each(|l| pool.send(Job::Listing(l)));
        first.into_iter().for_each(|url| pool.send(Job::Issue(url)));
        let mut done = 0;
        progress(done, self.seen.len());
        while pool.outstanding > 0 {
            if cancel.load(Ordering::Relaxed) {
                // Workers finish the request in flight on their own; nobody waits for them.
                self.shared.stop.store(true, Ordering::Relaxed);
                self.cancelled = true;
                return;
            }
            let Some(result) = pool.next() else {
                continue;
            };
            let mut found = Vec::new();
            match result {
                Done::Issue(fetched) => {
                    done += 1;
                    self.record(*fetched, &mut found);
                }
                Done::Listing(listed) => self.record_listing(listed, &mut found),
            }
            found.into_iter().for_each(|url| pool.send(Job::Issue(url)));
            progress(done, self.seen.len());
        }
    }

    /// Adds the issue `link` (relative to `base`) points at to `into`, once.
    fn discover(&mut self, link: &str, base: &Url, into: &mut Vec<Url>) {
        if self.seen.len() >= MAX_ISSUES {
            return;
        }
        let raw_hosts = &self.options.github_raw_hosts;
        if let Some(url) = self.source.issue_url(link, base, raw_hosts)
            && self.seen_set.insert(url.clone())
        {
            self.seen.push(url.clone());
            into.push(url);
        }
    }

    /// The contents-API listings of the GitHub folders holding `urls`.
    fn listings(&self, urls: &[Url]) -> Vec<Listing> {
        let raw_hosts = &self.options.github_raw_hosts;
        let Some(repo) = GithubRepo::from_raw(&self.source.index, raw_hosts) else {
            return Vec::new();
        };
        let mut folders: Vec<String> = Vec::new();
        for folder in urls.iter().filter_map(|u| repo.folder_of(u)) {
            if !folders.contains(&folder) && folders.len() < MAX_LISTED_FOLDERS {
                folders.push(folder);
            }
        }
        folders
            .into_iter()
            .filter_map(|folder| {
                Some(Listing {
                    url: repo.listing_url(&self.options.github_api, &folder)?,
                    repo: repo.clone(),
                    index: self.source.index.clone(),
                    folder,
                })
            })
            .collect()
    }

    /// A failed listing is a note, not an error: the index alone is used.
    fn record_listing(&mut self, listed: Listed, found: &mut Vec<Url>) {
        self.warnings.extend(listed.warnings);
        match listed.found {
            Ok(urls) => {
                let index = self.source.index.clone();
                for url in urls {
                    self.discover(url.as_str(), &index, found);
                }
            }
            Err(reason) => self.notes.push(format!(
                "could not list {} through the GitHub API ({reason}); used the index alone",
                listed.folder
            )),
        }
    }

    fn record(&mut self, fetched: Fetched, next: &mut Vec<Url>) {
        self.warnings.extend(fetched.warnings);
        if let Some(issue) = fetched.issue {
            for link in &issue.archive {
                self.discover(&link.url, &fetched.url, next);
            }
            self.parsed.insert(fetched.url.clone(), issue);
        }
        self.issues.push(IssueReport {
            id: issue_id(&fetched.url),
            url: fetched.url.to_string(),
            status: fetched.status,
        });
    }

    fn run_notes(&mut self) {
        let code = self.shared.rate_limit.load(Ordering::Relaxed);
        if code != 0 {
            self.notes.push(format!(
                "rate limited by the server (HTTP {code}): stopped sending requests; the cache is kept"
            ));
        }
        if self.cancelled {
            self.notes
                .push("cancelled: the files fetched so far are cached".to_string());
        }
    }

    fn finish(mut self) -> FetchReport {
        self.run_notes();
        self.add_untouched_from_cache();
        let manifest = Manifest {
            name: self.source.name.clone(),
            index: self.source.index.to_string(),
            issues: self
                .seen
                .iter()
                .filter(|url| self.parsed.contains_key(*url))
                .map(|url| ManifestIssue {
                    id: issue_id(url),
                    url: url.to_string(),
                })
                .collect(),
            refreshed_at: unix_now(),
        };
        if let Err(err) = self.shared.cache.write_manifest(&manifest) {
            self.notes
                .push(format!("could not save the issue list: {err:#}"));
        }
        let mut library = Library {
            issues: self.parsed.into_values().collect(),
        };
        library.sort();
        FetchReport {
            source: self.source.name.clone(),
            index: self.index_status,
            issues: self.issues,
            notes: self.notes,
            warnings: self.warnings,
            library,
        }
    }

    /// Issues not fetched this time (skipped, cancelled) keep their cached copy.
    fn add_untouched_from_cache(&mut self) {
        let untouched: Vec<&Url> = self
            .seen
            .iter()
            .filter(|url| !self.parsed.contains_key(*url))
            .collect();
        let cache = &self.shared.cache;
        let found: Vec<(Url, (Issue, Vec<String>))> = untouched
            .par_iter()
            .filter_map(|url| {
                let entry = cache.read(url).valid()?;
                Some(((*url).clone(), parse_issue(&entry.bytes, url)))
            })
            .collect();
        for (url, (issue, notes)) in found {
            self.parsed.insert(url, issue);
            self.warnings.extend(notes);
        }
    }

    fn finish_without_index(mut self, reason: String) -> FetchReport {
        self.run_notes();
        let cached = load_cached(self.source, self.options);
        FetchReport {
            source: self.source.name.clone(),
            index: IndexStatus::Failed(reason),
            issues: Vec::new(),
            notes: self.notes,
            warnings: cached.warnings,
            library: cached.library,
        }
    }
}
