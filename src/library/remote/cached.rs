//! Reading a source's library from its cache alone.

use rayon::prelude::*;
use url::Url;

use super::FetchOptions;
use crate::library::cache::{Lookup, ManifestIssue, SourceCache};
use crate::library::source::{Source, issue_id};
use crate::library::{LoadReport, budget};
use crate::model::Issue;
use crate::parse;

/// The library cached for `source`, without touching the network.
pub fn load_cached(source: &Source, options: &FetchOptions) -> LoadReport {
    let cache = options.cache(source);
    let issues = cache.read_manifest().map(|m| m.issues).unwrap_or_default();
    let outcomes: Vec<(Option<Issue>, Vec<String>)> = issues
        .par_iter()
        .map(|known| read_cached_issue(source, &cache, known))
        .collect();
    let mut report = LoadReport {
        label: format!("the cache of {}", source.name),
        ..LoadReport::default()
    };
    for (issue, warnings) in outcomes {
        report.library.issues.extend(issue);
        report
            .warnings
            .extend(warnings.iter().map(|w| crate::text::sanitize(w)));
    }
    report.library.sort();
    report
}

fn read_cached_issue(
    source: &Source,
    cache: &SourceCache,
    known: &ManifestIssue,
) -> (Option<Issue>, Vec<String>) {
    let Some(url) = Url::parse(&known.url).ok().filter(|u| source.serves(u)) else {
        return (
            None,
            vec![format!("{}: not an issue of this source", known.id)],
        );
    };
    match cache.read(&url) {
        Lookup::Valid(entry) => {
            let (issue, notes) = parse_issue(&entry.bytes, &url);
            (Some(issue), notes)
        }
        Lookup::Corrupt(reason) => (
            None,
            vec![format!("{}: cached copy unusable: {reason}", known.id)],
        ),
        Lookup::Absent => (None, Vec::new()),
    }
}

/// Parses a fetched or cached issue, within the budget of parses in flight, with the
/// parser's notes on what its limits cut, each led by the issue's id.
pub(super) fn parse_issue(bytes: &[u8], url: &Url) -> (Issue, Vec<String>) {
    let id = issue_id(url);
    let (issue, notes) = budget::within_budget(bytes.len(), || {
        parse::parse_issue_bytes_report(bytes, &id, url.as_str())
    });
    (
        issue,
        notes.into_iter().map(|n| format!("{id}: {n}")).collect(),
    )
}
