//! A store's NEWEST part: the records of the newest files found in a folder (by
//! their stems, as a walk orders them), each with its number among all records, so
//! that a warm start shows them before HEADS (every file's record) is decoded: the
//! first screen costs the same at 40 issues as at 100,000.

use std::borrow::Cow;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{BODIES, FileRecord, Outcome, Probe, STORE_VERSION, Stored, model_shape};
use crate::library::local::FOUND_KEY;
use crate::library::progressive::{FIRST_BATCH, newer};
use crate::model::Issue;
use crate::search::{Container, Mapped};

pub(super) const NEWEST: u32 = 3;

/// What NEWEST holds.
#[derive(Serialize, Deserialize)]
pub(super) struct Newest {
    version: u32,
    model: u64,
    /// Files recorded in all.
    recorded: u64,
    /// Newest first: each record's number in HEADS, and the record.
    files: Vec<(u64, FileRecord)>,
}

impl Newest {
    /// The newest issues of `files` (those found in a folder), as a walk of the
    /// folder would read them first.
    pub(super) fn of(files: &[FileRecord]) -> Newest {
        let mut found: Vec<(String, usize)> = (files.iter().enumerate())
            .filter(|(_, f)| f.head.is_some())
            .filter_map(|(at, f)| {
                let path = f.key.strip_prefix(FOUND_KEY)?;
                let stem = Path::new(path).file_stem()?.to_string_lossy().into_owned();
                Some((stem, at))
            })
            .collect();
        let order = |a: &(String, usize), b: &(String, usize)| {
            newer(&a.0, &b.0).then_with(|| files[a.1].key.cmp(&files[b.1].key))
        };
        if found.len() > FIRST_BATCH {
            found.select_nth_unstable_by(FIRST_BATCH, order);
            found.truncate(FIRST_BATCH);
        }
        found.sort_by(order);
        Newest {
            version: STORE_VERSION,
            model: model_shape::fingerprint(),
            recorded: files.len() as u64,
            files: (found.into_iter())
                .map(|(_, at)| (at as u64, files[at].clone()))
                .collect(),
        }
    }
}

/// A store opened, its header and directory checked, nothing decoded yet: its
/// newest files can be read from it ([`Opening::newest`]) before all its records
/// ([`Opening::finish`]).
pub struct Opening {
    container: Container<Mapped>,
    /// Its newest files, once asked for.
    newest: Vec<NewestFile>,
    /// Files recorded in all, as NEWEST says.
    recorded: usize,
}

/// One of a store's newest files, as recorded.
pub struct NewestFile {
    record: usize,
    file: FileRecord,
}

impl NewestFile {
    pub fn key(&self) -> &str {
        &self.file.key
    }

    pub fn shown(&self) -> &str {
        &self.file.shown
    }
}

impl Opening {
    pub(super) fn new(container: Container<Mapped>) -> Opening {
        Opening {
            container,
            newest: Vec::new(),
            recorded: 0,
        }
    }

    /// The newest files recorded, newest first (none when the part cannot be read),
    /// decoded: see [`Opening::newest_files`].
    pub fn newest(&mut self) {
        let newest = self.container.part(NEWEST).ok();
        let newest = newest.and_then(|bytes| postcard::from_bytes::<Newest>(&bytes).ok());
        let sound =
            |n: &Newest| n.version == STORE_VERSION && n.model == model_shape::fingerprint();
        if let Some(newest) = newest.filter(sound) {
            self.recorded = usize::try_from(newest.recorded).unwrap_or(usize::MAX);
            let files = newest.files.into_iter();
            self.newest = files
                .filter_map(|(record, file)| {
                    let record = usize::try_from(record).ok()?;
                    Some(NewestFile { record, file })
                })
                .collect();
        }
    }

    pub(super) fn container(&self) -> &Container<Mapped> {
        &self.container
    }

    /// The newest files [`Opening::newest`] decoded.
    pub fn newest_files(&self) -> &[NewestFile] {
        &self.newest
    }

    /// Files the store records in all, as far as [`Opening::newest`] knows.
    pub fn recorded(&self) -> usize {
        self.recorded
    }

    /// `newest` decoded, when the file `probe` describes is still as recorded: its
    /// outcome, its issue in it, as [`Stored::reuse`] gives it at full depth.
    pub fn reuse(&self, newest: &NewestFile, probe: &Probe) -> Option<Outcome> {
        let file = &newest.file;
        let head = file.head.as_ref()?;
        if !probe.describes(&file.key, &file.shown, &file.stamp) {
            return None;
        }
        let bytes = self.container.slice(BODIES, file.body.clone()).ok()?;
        let mut issue = postcard::from_bytes::<Issue>(&bytes).ok()?;
        issue.source = head.source_id();
        Some(Outcome::Reused {
            record: newest.record,
            issue: Some(issue),
        })
    }

    /// Every record decoded: the store, when it can be read. `early`, outcomes
    /// [`Opening::reuse`] gave, are made to hold with it: kept when it records their
    /// files at their numbers, else (HEADS cannot be read) their bodies kept to be
    /// written again.
    pub fn finish<'a>(self, early: impl Iterator<Item = &'a mut Outcome>) -> Option<Stored> {
        let Opening {
            container, newest, ..
        } = self;
        let (stored, container) = match Stored::decode(container) {
            Ok(stored) => (Some(stored), None),
            Err(container) => (None, Some(container)),
        };
        for outcome in early {
            let Outcome::Reused { record, .. } = outcome else {
                continue;
            };
            let Some(read) = newest.iter().find(|n| n.record == *record) else {
                continue;
            };
            let recorded = (stored.as_ref())
                .and_then(|s| s.files.get(read.record))
                .filter(|f| **f == read.file);
            if let (Some(stored), Some(file)) = (&stored, recorded) {
                // Decoded already, from here.
                stored.file.decoded(&file.body);
                continue;
            }
            let body = match (&stored, &container) {
                (Some(stored), _) => stored.body_bytes(&read.file),
                (None, Some(container)) => container
                    .slice(BODIES, read.file.body.clone())
                    .ok()
                    .map(Cow::into_owned),
                (None, None) => None,
            };
            *outcome = match body {
                Some(body) => Outcome::Fresh {
                    record: Box::new(read.file.clone()),
                    issue: None,
                    body,
                },
                None => Outcome::Unread {
                    warnings: read.file.warnings.clone(),
                },
            };
        }
        stored
    }
}
