//! The end of a fetch: notes on what stopped or limited it, the manifest saved, the
//! library as now cached.

use std::sync::atomic::Ordering;

use rayon::prelude::*;
use url::Url;

use super::cached::{load_cached, parse_issue};
use super::{FetchReport, IndexStatus, Run, Status};
use crate::library::cache::{Manifest, ManifestIssue, unix_now};
use crate::library::pages;
use crate::library::source::issue_id;
use crate::model::{Issue, Library};

impl Run<'_> {
    /// Notes on what stopped the run early or left issues out.
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
        if !self.over_limit.is_empty() {
            self.notes.push(format!(
                "the source names {} issue files, more than the limit of {}: {} were not fetched",
                self.seen.len() + self.over_limit.len(),
                self.options.max_issues,
                self.over_limit.len()
            ));
        }
    }

    pub(super) fn finish(mut self) -> FetchReport {
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
            missing: self.known_missing(),
        };
        if let Err(err) = self.shared.cache.write_manifest(&manifest) {
            self.notes
                .push(format!("could not save the issue list: {err:#}"));
        }
        let mut library = Library::new(self.parsed.into_values().collect());
        pages::separate_library(&mut library);
        library.set_source(&self.source.id());
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

    /// Issues the source links but does not have: answered 404 now, or known so
    /// before and not asked this time (cancelled, rate limited).
    fn known_missing(&self) -> Vec<String> {
        let asked = |url: &str| {
            self.issues
                .iter()
                .any(|i| i.url == url && !matches!(i.status, Status::Skipped(_)))
        };
        let before =
            self.previous.missing.iter().filter(|url| {
                Url::parse(url).is_ok_and(|u| self.seen_set.contains(&u)) && !asked(url)
            });
        let now = self.issues.iter().filter(|i| i.status == Status::Missing);
        now.map(|i| i.url.clone()).chain(before.cloned()).collect()
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

    pub(super) fn finish_without_index(mut self, reason: String) -> FetchReport {
        self.run_notes();
        let cached = load_cached(self.source, self.options);
        self.warnings.extend(cached.warnings);
        FetchReport {
            source: self.source.name.clone(),
            index: IndexStatus::Failed(reason),
            issues: Vec::new(),
            notes: self.notes,
            warnings: self.warnings,
            library: cached.library,
        }
    }
}
