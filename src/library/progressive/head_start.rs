//! A warm start's first part, before the folder is even walked: the newest files the
//! folder's persisted library records, each checked against the file as it is now
//! (size and time) and decoded when it is unchanged. The walk then finds what came,
//! went or changed since (see [`super`]).

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use crate::library::local::FOUND_KEY;
use crate::library::pages::Summary;
use crate::library::store::{Depth, Outcome, Probe, Stamp, Stored};
use crate::model::{Issue, IssueKey, SourceId};

/// A file read ahead of the walk: what a store is written from (its issue taken out
/// and sent), its key in the library, and what telling pages from issues needs.
pub(super) struct Early {
    pub(super) outcome: Outcome,
    pub(super) key: IssueKey,
    pub(super) summary: Summary,
}

/// The newest `count` files of a folder `stored` records (by their stems, as the walk
/// would order them), those unchanged decoded: their issues, of `source`, and by
/// store key what else is kept of them.
pub(super) fn newest_stored(
    stored: &Stored,
    count: usize,
    source: &SourceId,
) -> (Vec<Issue>, HashMap<String, Early>) {
    let mut records: Vec<(String, &str, &str)> = stored
        .records()
        .filter_map(|(_, key, shown)| {
            let path = key.strip_prefix(FOUND_KEY)?;
            let stem = Path::new(path).file_stem()?.to_string_lossy().into_owned();
            Some((stem, key, shown))
        })
        .collect();
    let newest = |a: &(String, &str, &str), b: &(String, &str, &str)| {
        super::newer(&a.0, &b.0).then_with(|| a.1.cmp(b.1))
    };
    if records.len() > count {
        records.select_nth_unstable_by(count, newest);
        records.truncate(count);
    }
    records.sort_by(newest);
    let read: Vec<(Issue, String, Early)> = records
        .par_iter()
        .filter_map(|&(_, key, shown)| {
            let path = key.strip_prefix(FOUND_KEY)?;
            let probe = Probe {
                key: key.to_string(),
                shown: shown.to_string(),
                stamp: Some(Stamp::of_file(&fs::metadata(path).ok()?)),
            };
            let mut outcome = stored.reuse(&probe, Depth::Full)?;
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
