//! Fetching one file into the cache, and when a new body may replace the cached one.

use std::sync::atomic::Ordering;

use url::Url;

use super::cached::parse_issue;
use super::plausible::{Kind, Verdict, judge};
use super::report::Status;
use super::{Fetched, Shared};
use crate::library::cache::{self, Lookup};
use crate::library::cancel::Cancel;
use crate::library::http::{FetchError, Reply, Validators};
use crate::library::source::issue_id;
use crate::text::show_path;

pub(super) fn fetch_issue(shared: &Shared, url: Url) -> Fetched {
    let mut warnings = Vec::new();
    let id = issue_id(&url);
    let (status, bytes) = fetch_file(shared, &url, ASK_ISSUE, &shared.stop, &mut warnings);
    let issue = bytes.map(|bytes| {
        if std::str::from_utf8(&bytes).is_err() {
            warnings.push(format!("{id}: not valid UTF-8, decoded lossily"));
        }
        let (issue, notes) = parse_issue(&bytes, &url);
        warnings.extend(notes);
        issue
    });
    Fetched {
        url,
        status,
        issue,
        warnings,
    }
}

/// How to ask for a file.
#[derive(Clone, Copy)]
pub(super) struct Ask<'a> {
    pub(super) accept: Option<&'a str>,
    /// A rate-limit answer stops the whole run (not so for the optional folder listing).
    pub(super) halts_on_rate_limit: bool,
    /// What the file is, to judge whether a new body may replace the cached one.
    pub(super) kind: Kind,
}

pub(super) const ASK_INDEX: Ask = Ask {
    accept: None,
    halts_on_rate_limit: true,
    kind: Kind::Index,
};

pub(super) const ASK_ISSUE: Ask = Ask {
    kind: Kind::Issue,
    ..ASK_INDEX
};

/// Fetches one file into the cache. Gives its status and the bytes now cached for it
/// (the old ones when the fetch failed).
pub(super) fn fetch_file(
    shared: &Shared,
    url: &Url,
    ask: Ask,
    cancel: &Cancel,
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
    let answer = if cancel.is_cancelled() || shared.stop.is_cancelled() {
        Err(FetchError::Cancelled)
    } else {
        shared.client.get(url, &validators, ask.accept, cancel)
    };
    let cached_bytes = || cached.as_ref().map(|e| e.bytes.clone());
    match answer {
        Ok(Reply::Body { bytes, validators }) => {
            store(shared, url, ask.kind, cached.as_ref(), bytes, &validators)
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
            shared.stop.cancel();
            let reason = FetchError::RateLimited(code).to_string();
            (Status::Failed(reason), cached_bytes())
        }
        Err(FetchError::Cancelled) => (Status::Skipped(stop_reason(shared)), cached_bytes()),
        Err(err) => (Status::Failed(err.to_string()), cached_bytes()),
    }
}

pub(super) fn stop_reason(shared: &Shared) -> String {
    match shared.rate_limit.load(Ordering::Relaxed) {
        0 => "cancelled".to_string(),
        code => format!("not fetched: rate limited (HTTP {code})"),
    }
}

/// Caches a complete new body, unless it is no version of the file at all (an error
/// page, binary data, an issue without its entries: the cached copy and its validators
/// stay) or a doubtful one (most entries gone at once: kept beside the cached copy).
/// Either is reported as a failure saying why.
pub(super) fn store(
    shared: &Shared,
    url: &Url,
    kind: Kind,
    cached: Option<&cache::Entry>,
    bytes: Vec<u8>,
    validators: &Validators,
) -> (Status, Option<Vec<u8>>) {
    if let Some(entry) = cached
        && entry.bytes == bytes
    {
        let _ = shared.cache.update_validators(entry, validators);
        return (Status::Unchanged, Some(bytes));
    }
    let old = cached.map(|e| e.bytes.as_slice());
    let kept = cached.map(|e| e.bytes.clone());
    let keeping = if cached.is_some() {
        "kept the cached copy"
    } else {
        "not cached"
    };
    match judge(kind, url, old, &bytes) {
        Verdict::Accept => {}
        Verdict::Reject(reason) => return (Status::Failed(format!("{reason}; {keeping}")), kept),
        Verdict::Doubt(reason) => {
            let aside = match shared.cache.set_aside(url, &bytes) {
                Ok(path) => format!("the new one is saved as {}", show_path(&path)),
                Err(err) => format!("the new one could not be saved ({err:#})"),
            };
            return (
                Status::Failed(format!("{reason}; {keeping}, {aside}")),
                kept,
            );
        }
    }
    match shared.cache.write(url, &bytes, validators) {
        Ok(()) if cached.is_some() => (Status::Updated, Some(bytes)),
        Ok(()) => (Status::New, Some(bytes)),
        Err(err) => (Status::Failed(format!("could not cache it: {err:#}")), kept),
    }
}
