//! Reading a source's library from its cache alone.

use rayon::prelude::*;
use url::Url;

use super::FetchOptions;
use crate::library::cache::{Lookup, Manifest, ManifestIssue, SourceCache};
use crate::library::source::{Source, issue_id};
use crate::library::store::{
    self, Depth, FileRecord, Outcome, Probe, Stamp, Store, Stored, Writes,
};
use crate::library::{LoadReport, budget};
use crate::model::Issue;
use crate::parse::{self, index};
use crate::text::escape_line;

/// The library cached for `source`, without touching the network.
pub fn load_cached(source: &Source, options: &FetchOptions) -> LoadReport {
    let cache = options.cache(source);
    let mut warnings = Vec::new();
    let issues = known_manifest(source, &cache, &mut warnings).issues;
    let store = options.store_root().map(|_| Store::for_source(cache.dir()));
    let mut stored = store.as_ref().and_then(Store::open);
    let probes: Vec<Option<Probe>> = issues
        .par_iter()
        .map(|known| probe(source, &cache, known))
        .collect();
    let known_probes: Vec<Probe> = probes.iter().flatten().cloned().collect();
    let depth = store::resolve_depth(options.depth, stored.as_ref(), &known_probes);
    let outcomes: Vec<Outcome> = issues
        .par_iter()
        .zip(probes)
        .map(|(known, probe)| {
            let stored = stored.as_ref();
            let encode = store.is_some() && options.writes == Writes::Now;
            read_cached_issue(&cache, known, probe, stored, depth, encode)
        })
        .collect();
    let finished = store::finish(
        store.as_ref(),
        stored.as_mut(),
        outcomes,
        depth,
        options.writes,
    );
    let mut report = LoadReport {
        label: cache_label(source),
        warnings,
        stored: finished.stored.map(|s| vec![s]),
        unsaved: finished.unsaved,
        ..LoadReport::default()
    };
    report.warnings.extend(finished.warnings);
    if depth == Depth::Heads {
        let (issues, pages) = store::split_heads(finished.heads);
        (report.heads, report.page_heads) = (issues, pages);
    } else {
        let (issues, pages) = store::separate_heads(finished.issues, &finished.heads);
        (report.library.issues, report.library.pages) = (issues, pages);
    }
    report.library.set_source(&source.id());
    report.library.sort();
    let id = source.id();
    for head in report.heads.iter_mut().chain(&mut report.page_heads) {
        head.source = id.as_str().to_string();
    }
    store::sort_heads(&mut report.heads, &mut report.page_heads, &[]);
    report
}

/// What the library read from `source`'s cache is called.
pub(in crate::library) fn cache_label(source: &Source) -> String {
    format!("the cache of {}", source.name)
}

/// How a cached issue is known to the store (None: it is not one of the source's),
/// its stamp the length and checksum the cache records for its file, and its body's.
pub(in crate::library) fn probe(
    source: &Source,
    cache: &SourceCache,
    known: &ManifestIssue,
) -> Option<Probe> {
    let url = Url::parse(&known.url).ok().filter(|u| source.serves(u))?;
    let stamp = cache.read_meta(&url).and_then(|meta| {
        let body = cache.body_metadata(&url)?;
        Some(Stamp::Content {
            len: meta.len,
            sha256: meta.sha256,
            body: Box::new(Stamp::of_file(&body)),
        })
    });
    Some(Probe {
        stamp,
        key: url.into(),
        shown: known.id.clone(),
    })
}

/// One cached issue: from `stored` when the cache's checksum of its file is the one
/// recorded, else read and parsed.
pub(in crate::library) fn read_cached_issue(
    cache: &SourceCache,
    known: &ManifestIssue,
    probe: Option<Probe>,
    stored: Option<&Stored>,
    depth: Depth,
    persist: bool,
) -> Outcome {
    let unread = |warning: Option<String>| Outcome::Unread {
        warnings: warning.into_iter().collect(),
    };
    let Some(probe) = probe else {
        let warning = format!("{}: not an issue of this source", known.id);
        return unread(Some(escape_line(&warning).into_owned()));
    };
    if let Some(reused) = stored.and_then(|stored| stored.reuse(&probe, depth)) {
        return reused;
    }
    let Ok(url) = Url::parse(&probe.key) else {
        return unread(None);
    };
    match cache.read(&url) {
        Lookup::Valid(entry) => {
            let (issue, notes) = parse_issue(&entry.bytes, &url);
            let notes = notes.iter().map(|w| escape_line(w).into_owned()).collect();
            // Stamped as it was before reading; cached since: never matched, read again.
            let stamp = probe.stamp.unwrap_or_else(|| Stamp::Content {
                len: entry.meta.len,
                sha256: entry.meta.sha256.clone(),
                body: Box::new(Stamp::File {
                    len: 0,
                    modified_ns: 0,
                }),
            });
            let record = FileRecord::new(
                url.to_string(),
                known.id.clone(),
                stamp,
                Some(&issue),
                notes,
            );
            store::fresh(record, Some(issue), depth, persist)
        }
        Lookup::Corrupt(reason) => unread(Some(
            escape_line(&format!("{}: cached copy unusable: {reason}", known.id)).into_owned(),
        )),
        Lookup::Absent => unread(None),
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
