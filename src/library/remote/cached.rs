//! Reading a source's library from its cache alone.

use rayon::prelude::*;
use url::Url;

use super::FetchOptions;
use crate::library::cache::{Lookup, Manifest, ManifestIssue, SourceCache};
use crate::library::source::{Source, issue_id};
use crate::library::{LoadReport, budget, pages};
use crate::model::Issue;
use crate::parse::{self, index};
use crate::text::escape_line;

/// The library cached for `source`, without touching the network.
pub fn load_cached(source: &Source, options: &FetchOptions) -> LoadReport {
    let cache = options.cache(source);
    let mut warnings = Vec::new();
    let issues = known_manifest(source, &cache, &mut warnings).issues;
    let outcomes: Vec<(Option<Issue>, Vec<String>)> = issues
        .par_iter()
        .map(|known| read_cached_issue(source, &cache, known))
        .collect();
    let mut report = LoadReport {
        label: cache_label(source),
        warnings,
        ..LoadReport::default()
    };
    for (issue, warnings) in outcomes {
        report.library.issues.extend(issue);
        report
            .warnings
            .extend(warnings.iter().map(|w| escape_line(w).into_owned()));
    }
    pages::separate_library(&mut report.library);
    report.library.set_source(&source.id());
    report.library.sort();
    report
}

/// What the library read from `source`'s cache is called.
pub(in crate::library) fn cache_label(source: &Source) -> String {
    format!("the cache of {}", source.name)
}

pub(in crate::library) fn read_cached_issue(
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

/// The issues the cache knows for `source`: its manifest, or, when that is missing or
/// unreadable while issue files are cached, one rebuilt from those files (each carries
/// its URL and checksum), saved, and said in `warnings`.
pub(in crate::library) fn known_manifest(
    source: &Source,
    cache: &SourceCache,
    warnings: &mut Vec<String>,
) -> Manifest {
    let problem = match cache.read_manifest_checked() {
        Ok(Some(manifest)) => return manifest,
        Ok(None) => "missing".to_string(),
        Err(reason) => format!("unreadable ({reason})"),
    };
    let issues: Vec<ManifestIssue> = cache
        .entry_urls()
        .into_iter()
        .filter(|url| is_issue_file(source, url) && cache.read(url).valid().is_some())
        .map(|url| ManifestIssue {
            id: issue_id(&url),
            url: url.to_string(),
        })
        .collect();
    if issues.is_empty() {
        return Manifest::default();
    }
    let manifest = Manifest {
        name: source.name.clone(),
        index: source.index.to_string(),
        issues,
        ..Manifest::default()
    };
    let saved = match cache.write_manifest(&manifest) {
        Ok(()) => String::new(),
        Err(err) => format!(" (could not save it: {err:#})"),
    };
    warnings.push(escape_line(&format!(
        "the list of cached issues of {} was {problem}: rebuilt it from the {} cached issue files{saved}",
        source.name,
        manifest.issues.len()
    )).into_owned());
    manifest
}

/// A cached file that is one of the source's issues (not its index, not a listing).
fn is_issue_file(source: &Source, url: &Url) -> bool {
    url != &source.index && source.serves(url) && index::is_markdown_path(url.path())
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
