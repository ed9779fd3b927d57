//! Fetching a source into its cache: the index, the GitHub folder listing, then every
//! issue file on a bounded pool of workers, then issues named only in archive sections.

mod cached;
mod file;
mod finish;
mod index_file;
mod listing;
mod options;
mod plausible;
mod pool;
mod report;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::AtomicU16;

use url::Url;

use super::cache::{Manifest, SourceCache};
use super::cancel::Cancel;
use super::http::Client;
use super::source::{GithubRepo, Source, issue_id};
use crate::model::Issue;
use crate::parse::index;
pub use cached::load_cached;
pub(in crate::library) use cached::{
    cache_label, known_manifest, probe as probe_cached, read_cached_issue,
};
use listing::{Listed, Listing};
pub use options::{DEFAULT_GITHUB_API, DEFAULT_JOBS, DEFAULT_MAX_ISSUES, FetchOptions};
use pool::{Done, Job, Next, Pool};
pub use report::{FetchReport, IndexStatus, IssueReport, Status};

/// At most this many issue folders are listed through the contents API.
const MAX_LISTED_FOLDERS: usize = 3;

/// State the workers share.
struct Shared {
    client: Client,
    cache: SourceCache,
    /// Set on cancel or rate limit: no new request starts, and retry pauses end.
    stop: Cancel,
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

/// Fetches `source` into the cache, calling `progress(done, total)` as files arrive
/// (first `(0, 0)`, before the index is asked for). Blocking; returns promptly after
/// `cancel` is set, with whatever arrived until then.
pub fn fetch(
    source: &Source,
    options: &FetchOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> FetchReport {
    let shared = Arc::new(Shared {
        client: Client::new(options.http.clone()),
        cache: options.cache(source),
        stop: Cancel::new(),
        rate_limit: AtomicU16::new(0),
    });
    let mut run = Run::new(source, options, shared);
    progress(0, 0);
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
    /// What the cache knew before this run.
    previous: Manifest,
    /// Issue URLs found beyond the `max_issues` limit, not fetched.
    over_limit: HashSet<Url>,
}

impl<'a> Run<'a> {
    fn new(source: &'a Source, options: &'a FetchOptions, shared: Arc<Shared>) -> Run<'a> {
        let mut warnings = Vec::new();
        let previous = known_manifest(source, &shared.cache, &mut warnings);
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
            warnings,
            cancelled: false,
            previous,
            over_limit: HashSet::new(),
        }
    }

    /// Fetches every issue the index, the folder listings, the previous manifest and
    /// the archive sections of fetched issues name, on one pool of workers.
    fn fetch_issues(
        &mut self,
        index_text: &str,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &Cancel,
    ) {
        let index = self.source.index.clone();
        let mut first = Vec::new();
        for link in index::markdown_links(index_text) {
            self.discover(&link, &index, &mut first);
        }
        let listings = self.listings(&first);
        let known: Vec<String> = self.previous.issues.iter().map(|i| i.url.clone()).collect();
        for url in known {
            self.discover(&url, &index, &mut first);
        }
        let mut pool = Pool::start(&self.shared, self.options.jobs.clamp(1, 32));
        listings
            .into_iter()
            .for_each(|l| pool.send(Job::Listing(l)));
        first.into_iter().for_each(|url| pool.send(Job::Issue(url)));
        let mut done = 0;
        progress(done, self.seen.len());
        loop {
            let result = match pool.next(cancel) {
                Next::Done(result) => result,
                Next::Finished => return,
                Next::Cancelled => {
                    // Workers finish the request in flight on their own; nobody waits for them.
                    self.shared.stop.cancel();
                    self.cancelled = true;
                    return;
                }
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
    /// Past `max_issues` the URL is only counted, for the note that says so.
    fn discover(&mut self, link: &str, base: &Url, into: &mut Vec<Url>) {
        let raw_hosts = &self.options.github_raw_hosts;
        let Some(url) = self.source.issue_url(link, base, raw_hosts) else {
            return;
        };
        if self.seen_set.contains(&url) {
            return;
        }
        if self.seen.len() >= self.options.max_issues {
            self.over_limit.insert(url);
            return;
        }
        self.seen_set.insert(url.clone());
        self.seen.push(url.clone());
        into.push(url);
    }

    /// The contents-API listing of the configured GitHub folder, else those of the
    /// folders holding `urls` when the index is a raw GitHub file (the first few; a
    /// note says when there are more).
    fn listings(&mut self, urls: &[Url]) -> Vec<Listing> {
        let raw_hosts = &self.options.github_raw_hosts;
        if let Some(github) = &self.source.github {
            let configured = self.source.configured_listing(raw_hosts);
            let listing = configured.and_then(|(repo, folder, like)| {
                Some(Listing {
                    url: repo.listing_url(&self.options.github_api, &folder)?,
                    repo,
                    index: like,
                    folder,
                })
            });
            if listing.is_none() {
                self.notes.push(format!(
                    "the GitHub folder {}/{} at {} cannot be listed (not a plain repository path); used the index alone",
                    github.repo, github.folder, github.branch
                ));
            }
            return listing.into_iter().collect();
        }
        let Some(repo) = GithubRepo::from_raw(&self.source.index, raw_hosts) else {
            return Vec::new();
        };
        let mut folders: Vec<String> = Vec::new();
        for folder in urls.iter().filter_map(|u| repo.folder_of(u)) {
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
        if folders.len() > MAX_LISTED_FOLDERS {
            self.notes.push(format!(
                "the issue files sit in {} folders; only the first {MAX_LISTED_FOLDERS} were listed through the GitHub API (the limit), the others through the index alone",
                folders.len()
            ));
            folders.truncate(MAX_LISTED_FOLDERS);
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
        let repeated = fetched.status == Status::Missing
            && self
                .previous
                .missing
                .iter()
                .any(|u| *u == fetched.url.as_str());
        self.issues.push(IssueReport {
            id: issue_id(&fetched.url),
            url: fetched.url.to_string(),
            status: fetched.status,
            repeated,
        });
    }
}
