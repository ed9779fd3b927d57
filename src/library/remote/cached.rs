//! Reading a source's library from its cache alone.

use rayon::prelude::*;
use url::Url;

use super::FetchOptions;
use crate::library::LoadReport;
use crate::library::cache::{Lookup, ManifestIssue, SourceCache};
use crate::library::source::{Source, issue_id};
use crate::model::Issue;
use crate::parse;

/// The library cached for `source`, without touching the network.
pub fn load_cached(source: &Source, options: &FetchOptions) -> LoadReport {
    let cache = options.cache(source);
    let issues = cache.read_manifest().map(|m| m.issues).unwrap_or_default();
    let outcomes: Vec<(Option<Issue>, Option<String>)> = issues
        .par_iter()
        .map(|known| read_cached_issue(source, &cache, known))
        .collect();
    let mut report = LoadReport {
        label: format!("the cache of {}", source.name),
        ..LoadReport::default()
    };
    for (issue, warning) in outcomes {
        report.library.issues.extend(issue);
        report
            .warnings
            .extend(warning.map(|w| crate::text::sanitize(&w)));
    }
    report.library.sort();
    report.library.set_source(&source.id());
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

pub(super) fn parse_issue(bytes: &[u8], url: &Url) -> Issue {
    parse::parse_issue_bytes(bytes, &issue_id(url), url.as_str())
}
