//! A warm start's first part, before the folder is even walked and before the store's
//! records are all decoded: the newest files the folder's persisted library records
//! (its NEWEST part), each checked against the file as it is now
//! (size and time) and decoded when it is unchanged. The walk then finds what came,
//! went or changed since (see [`super`]).

use std::collections::HashMap;
use std::fs;

use rayon::prelude::*;

use crate::library::local::FOUND_KEY;
use crate::library::pages::Summary;
use crate::library::store::{Opening, Outcome, Probe, Stamp};
use crate::model::{Issue, IssueKey, SourceId};

/// A file read ahead of the walk: what a store is written from (its issue taken out
/// and sent), its key in the library, and what telling pages from issues needs.
pub(super) struct Early {
    pub(super) outcome: Outcome,
    pub(super) key: IssueKey,
    pub(super) summary: Summary,
}

/// The newest files of a folder `opening` records (as the walk would order them),
/// those unchanged decoded: their issues, of `source`, and by store key what else is
/// kept of them.
pub(super) fn newest_stored(
    opening: &mut Opening,
    source: &SourceId,
) -> (Vec<Issue>, HashMap<String, Early>) {
    opening.newest();
    let opening = &*opening;
    let read: Vec<(Issue, String, Early)> = opening
        .newest_files()
        .par_iter()
        .filter_map(|newest| {
            let path = newest.key().strip_prefix(FOUND_KEY)?;
            let probe = Probe {
                key: newest.key().to_string(),
                shown: newest.shown().to_string(),
                stamp: Some(Stamp::of_file(&fs::metadata(path).ok()?)),
            };
            let mut outcome = opening.reuse(newest, &probe)?;
            let mut issue = outcome.take_issue()?;
            issue.source = source.clone();
            let summary = Summary::of_issue(&issue, false);
            let early = Early {
                outcome,
                key: issue.key(),
                summary,
            };
            Some((issue, probe.key, early))
        })
        .collect();
    let mut issues = Vec::with_capacity(read.len());
    let mut by_key = HashMap::with_capacity(read.len());
    for (issue, key, early) in read {
        issues.push(issue);
        by_key.insert(key, early);
    }
    (issues, by_key)
}
