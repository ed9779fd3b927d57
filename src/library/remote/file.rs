//! Fetching one file into the cache, and when a new body may replace the cached one.

use std::sync::atomic::{AtomicBool, Ordering};

use url::Url;

use super::cached::parse_issue;
use super::report::Status;
use super::{Fetched, Shared};
use crate::library::cache::{self, Lookup};
use crate::library::http::{FetchError, Reply, Validators};
use crate::library::source::issue_id;

pub(super) fn fetch_issue(shared: &Shared, url: Url) -> Fetched {
    let mut warnings = Vec::new();
    let id = issue_id(&url);
    let (status, bytes) = fetch_file(shared, &url, ASK_SOURCE_FILE, &shared.stop, &mut warnings);
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
#[derive(Clone, Copy, Default)]
pub(super) struct Ask<'a> {
    pub(super) accept: Option<&'a str>,
    /// A rate-limit answer stops the whole run (not so for the optional folder listing).
    pub(super) halts_on_rate_limit: bool,
}

pub(super) const ASK_SOURCE_FILE: Ask = Ask {
    accept: None,
    halts_on_rate_limit: true,
};

/// Fetches one file into the cache. Gives its status and the bytes now cached for it
/// (the old ones when the fetch failed).
pub(super) fn fetch_file(
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

pub(super) fn stop_reason(shared: &Shared) -> String {
    match shared.rate_limit.load(Ordering::Relaxed) {
        0 => "cancelled".to_string(),
        code => format!("not fetched: rate limited (HTTP {code})"),
    }
}

/// Caches a complete new body, unless it would replace good text with undecodable bytes.
pub(super) fn store(
    shared: &Shared,
    url: &Url,
    cached: Option<&cache::Entry>,
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
