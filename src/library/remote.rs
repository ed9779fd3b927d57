//! Fetching a source into its cache: the index, the GitHub folder listing, then every
//! issue file on a bounded pool of workers, then issues named only in archive sections.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use rayon::prelude::*;
use serde::Deserialize;
use url::Url;

use super::LoadReport;
use super::cache::{Lookup, Manifest, ManifestIssue, SourceCache, cache_root, unix_now};
use super::http::{Client, FetchError, HttpOptions, Reply, Validators};
use super::source::{GithubRepo, Source, issue_id};
use crate::model::{Issue, Library};
use crate::parse::{self, index};

/// Environment variable overriding the GitHub REST API base URL (tests use a loopback server).
pub const GITHUB_API_ENV: &str = "BRIEF_GITHUB_API";
/// Environment variable naming extra `host:port`s laid out like raw.githubusercontent.com.
pub const GITHUB_RAW_HOSTS_ENV: &str = "BRIEF_GITHUB_RAW_HOSTS";
pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";
pub const DEFAULT_JOBS: usize = 6;
/// A source naming more issue files than this is not a newsletter; the rest is ignored.
const MAX_ISSUES: usize = 5000;
/// At most this many issue folders are listed through the contents API.
const MAX_LISTED_FOLDERS: usize = 3;

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

/// What happened to one issue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    New,
    Updated,
    Unchanged,
    Missing,
    Failed(String),
    /// Not asked for: the run was cancelled or rate limited first.
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct IssueReport {
    pub id: String,
    pub url: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    Fetched,
    Unchanged,
    Failed(String),
}

/// Everything a fetch did, and the library as now cached.
#[derive(Debug)]
pub struct FetchReport {
    pub source: String,
    pub index: IndexStatus,
    pub issues: Vec<IssueReport>,
    /// Run-wide notes: listing unavailable, rate limited, cancelled.
    pub notes: Vec<String>,
    /// Per-file problems that did not stop anything (corrupt cache entries, lossy decoding).
    pub warnings: Vec<String>,
    pub library: Library,
}

impl FetchReport {
    pub fn index_fetched(&self) -> bool {
        !matches!(self.index, IndexStatus::Failed(_))
    }

    pub fn count(&self, wanted: fn(&Status) -> bool) -> usize {
        self.issues.iter().filter(|i| wanted(&i.status)).count()
    }

    pub fn new_issue_ids(&self) -> Vec<String> {
        self.issues
            .iter()
            .filter(|i| i.status == Status::New)
            .map(|i| i.id.clone())
            .collect()
    }

    /// One line per problem, safe to show: the index, each missing, failed or skipped issue, each note.
    pub fn problems(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let IndexStatus::Failed(reason) = &self.index {
            lines.push(format!("index {}: {reason}", self.source));
        }
        for issue in &self.issues {
            match &issue.status {
                Status::Missing => lines.push(format!("{}: missing ({})", issue.id, issue.url)),
                Status::Failed(reason) => lines.push(format!("{}: failed: {reason}", issue.id)),
                _ => {}
            }
        }
        lines.extend(self.notes.iter().cloned());
        lines.iter().map(|line| parse::sanitize(line)).collect()
    }
}

/// The library cached for `source`, without touching the network.
pub fn load_cached(source: &Source, options: &FetchOptions) -> LoadReport {
    let cache = options.cache(source);
    let issues = cache.read_manifest().map(|m| m.issues).unwrap_or_default();
    let outcomes: Vec<(Option<Issue>, Option<String>)> = issues
        .par_iter()
        .map(|known| read_cached_issue(source, &cache, known))
        .collect();
    let mut report = LoadReport {
        origin: format!("the cache of {}", source.name),
        ..LoadReport::default()
    };
    for (issue, warning) in outcomes {
        report.library.issues.extend(issue);
        report.warnings.extend(warning.map(|w| parse::sanitize(&w)));
    }
    report.library.sort();
    report
}

fn read_cached_issue(
    source: &Source,
    cache: &SourceCache,
    known: &ManifestIssue,
) -> (Option<Issue>, Option<String>) {
    let Some(url) = Url::parse(&known.url).ok().filter(|u| source.serves(u)) else {
        return (
            None,
            Some(format!("{}: not an issue of this source", known.id)),
        );
    };
    match cache.read(&url) {
        Lookup::Valid(entry) => (Some(parse_issue(&entry.bytes, &url)), None),
        Lookup::Corrupt(reason) => (
            None,
            Some(format!("{}: cached copy unusable: {reason}", known.id)),
        ),
        Lookup::Absent => (None, None),
    }
}

fn parse_issue(bytes: &[u8], url: &Url) -> Issue {
    parse::parse_issue_bytes(bytes, &issue_id(url), url.as_str())
}

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
        let found: Vec<(Url, Issue)> = untouched
            .par_iter()
            .filter_map(|url| {
                let entry = cache.read(url).valid()?;
                Some(((*url).clone(), parse_issue(&entry.bytes, url)))
            })
            .collect();
        self.parsed.extend(found);
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

/// A folder to list through the GitHub contents API.
#[derive(Debug, Clone)]
struct Listing {
    url: Url,
    repo: GithubRepo,
    /// Raw URLs of listed files are built on this URL's host.
    index: Url,
    folder: String,
}

/// What listing a folder gave.
struct Listed {
    folder: String,
    found: Result<Vec<Url>, String>,
    warnings: Vec<String>,
}

enum Job {
    Issue(Url),
    Listing(Listing),
}

enum Done {
    Issue(Box<Fetched>),
    Listing(Listed),
}

/// A bounded set of worker threads taking jobs from one queue. Work found while it
/// runs (listed files, archive links) joins the same queue.
struct Pool {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Done>,
    /// Jobs sent and not yet answered.
    outstanding: usize,
}

impl Pool {
    fn start(shared: &Arc<Shared>, workers: usize) -> Pool {
        let (jobs, queue) = mpsc::channel();
        let (results, done) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers {
            let (shared, queue, results) = (shared.clone(), queue.clone(), results.clone());
            thread::spawn(move || work(&shared, &queue, &results));
        }
        Pool {
            jobs,
            done,
            outstanding: 0,
        }
    }

    fn send(&mut self, job: Job) {
        if self.jobs.send(job).is_ok() {
            self.outstanding += 1;
        }
    }

    /// The next answer, or None after a short wait (so the caller can check for cancel).
    fn next(&mut self) -> Option<Done> {
        match self.done.recv_timeout(Duration::from_millis(20)) {
            Ok(done) => {
                self.outstanding -= 1;
                Some(done)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.outstanding = 0;
                None
            }
        }
    }
}

/// A worker: runs jobs until the pool is dropped.
fn work(shared: &Shared, queue: &Mutex<mpsc::Receiver<Job>>, results: &mpsc::Sender<Done>) {
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
        let done = match job {
            Job::Issue(url) => Done::Issue(Box::new(fetch_issue(shared, url))),
            Job::Listing(listing) => Done::Listing(list_folder(shared, listing)),
        };
        if results.send(done).is_err() {
            return;
        }
    }
}

fn list_folder(shared: &Shared, listing: Listing) -> Listed {
    let mut warnings = Vec::new();
    let found = read_listing(shared, &listing, &mut warnings);
    Listed {
        folder: listing.folder,
        found,
        warnings,
    }
}

fn read_listing(
    shared: &Shared,
    listing: &Listing,
    warnings: &mut Vec<String>,
) -> Result<Vec<Url>, String> {
    let ask = Ask {
        accept: Some("application/vnd.github+json"),
        halts_on_rate_limit: false,
    };
    let (status, bytes) = fetch_file(shared, &listing.url, ask, &shared.stop, warnings);
    match status {
        Status::Failed(reason) | Status::Skipped(reason) => return Err(reason),
        Status::Missing => return Err("not found".into()),
        _ => {}
    }
    let items: Vec<ListedItem> = serde_json::from_slice(&bytes.unwrap_or_default())
        .map_err(|err| format!("unexpected answer: {err}"))?;
    Ok(items
        .iter()
        .filter(|item| item.kind == "file" && is_listed_issue(&item.name))
        .filter_map(|item| listing.repo.raw_url(&listing.index, &item.path))
        .collect())
}

/// One entry of a contents-API folder listing.
#[derive(Debug, Deserialize)]
struct ListedItem {
    name: String,
    path: String,
    #[serde(rename = "type")]
    kind: String,
}

fn is_listed_issue(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    index::is_markdown_path(&lower) && !lower.starts_with("readme.")
}

fn fetch_issue(shared: &Shared, url: Url) -> Fetched {
    let mut warnings = Vec::new();
    let id = issue_id(&url);
    let (status, bytes) = fetch_file(shared, &url, ASK_SOURCE_FILE, &shared.stop, &mut warnings);
    let issue = bytes.map(|bytes| {
        if std::str::from_utf8(&bytes).is_err() {
            warnings.push(format!("{id}: not valid UTF-8, decoded lossily"));
        }
        parse_issue(&bytes, &url)
    });
    Fetched {
        url,
        status,
        issue,
        warnings,
    }
}

/// How to ask for a file.
#[derive(Clone, Copy, Default)]
struct Ask<'a> {
    accept: Option<&'a str>,
    /// A rate-limit answer stops the whole run (not so for the optional folder listing).
    halts_on_rate_limit: bool,
}

const ASK_SOURCE_FILE: Ask = Ask {
    accept: None,
    halts_on_rate_limit: true,
};

/// Fetches one file into the cache. Gives its status and the bytes now cached for it
/// (the old ones when the fetch failed).
fn fetch_file(
    shared: &Shared,
    url: &Url,
    ask: Ask,
    cancel: &AtomicBool,
    warnings: &mut Vec<String>,
) -> (Status, Option<Vec<u8>>) {
    let cached = match shared.cache.read(url) {
        Lookup::Valid(entry) => Some(entry),
        Lookup::Corrupt(reason) => {
            warnings.push(format!(
                "{}: cached copy unusable ({reason}); fetching it again",
                issue_id(url)
            ));
            None
        }
        Lookup::Absent => None,
    };
    let validators = cached
        .as_ref()
        .map(|e| e.meta.validators.clone())
        .unwrap_or_default();
    let answer = if cancel.load(Ordering::Relaxed) || shared.stop.load(Ordering::Relaxed) {
        Err(FetchError::Cancelled)
    } else {
        shared.client.get(url, &validators, ask.accept, cancel)
    };
    let cached_bytes = || cached.as_ref().map(|e| e.bytes.clone());
    match answer {
        Ok(Reply::Body { bytes, validators }) => {
            store(shared, url, cached.as_ref(), bytes, &validators)
        }
        Ok(Reply::NotModified { validators }) => match &cached {
            Some(entry) => {
                let _ = shared.cache.update_validators(entry, &validators);
                (Status::Unchanged, cached_bytes())
            }
            None => (
                Status::Failed("answered 304 Not Modified, but nothing is cached".into()),
                None,
            ),
        },
        Ok(Reply::Missing) => (Status::Missing, cached_bytes()),
        Err(FetchError::RateLimited(code)) if ask.halts_on_rate_limit => {
            let _ =
                shared
                    .rate_limit
                    .compare_exchange(0, code, Ordering::Relaxed, Ordering::Relaxed);
            shared.stop.store(true, Ordering::Relaxed);
            let reason = FetchError::RateLimited(code).to_string();
            (Status::Failed(reason), cached_bytes())
        }
        Err(FetchError::Cancelled) => (Status::Skipped(stop_reason(shared)), cached_bytes()),
        Err(err) => (Status::Failed(err.to_string()), cached_bytes()),
    }
}

fn stop_reason(shared: &Shared) -> String {
    match shared.rate_limit.load(Ordering::Relaxed) {
        0 => "cancelled".to_string(),
        code => format!("not fetched: rate limited (HTTP {code})"),
    }
}

/// Caches a complete new body, unless it would replace good text with undecodable bytes.
fn store(
    shared: &Shared,
    url: &Url,
    cached: Option<&super::cache::Entry>,
    bytes: Vec<u8>,
    validators: &Validators,
) -> (Status, Option<Vec<u8>>) {
    if let Some(entry) = cached {
        if entry.bytes == bytes {
            let _ = shared.cache.update_validators(entry, validators);
            return (Status::Unchanged, Some(bytes));
        }
        if std::str::from_utf8(&bytes).is_err() && std::str::from_utf8(&entry.bytes).is_ok() {
            let reason = "the new version is not valid UTF-8; kept the cached copy";
            return (Status::Failed(reason.into()), Some(entry.bytes.clone()));
        }
    }
    match shared.cache.write(url, &bytes, validators) {
        Ok(()) if cached.is_some() => (Status::Updated, Some(bytes)),
        Ok(()) => (Status::New, Some(bytes)),
        Err(err) => (
            Status::Failed(format!("could not cache it: {err:#}")),
            cached.map(|e| e.bytes.clone()),
        ),
    }
}
