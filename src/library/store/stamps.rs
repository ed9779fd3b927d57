//! A store's STAMPS part: each file's key, how it was shown, its stamp and the
//! warnings its reading gave, and how many issues and pages HEADS holds. It tells
//! whether the store holds a load's files as they are without decoding HEADS (360
//! bytes a file of the corpus, some ten strings and a vector each): what `brief
//! search` and the writer of its index ask first ([`Depth::MarkIfCurrent`]), who need
//! no issue when it does. It repeats what HEADS records of each file's stamp (96
//! bytes a file of the corpus), and its strings are read where they lie.
//!
//! [`Depth::MarkIfCurrent`]: super::Depth::MarkIfCurrent

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::fast::RandomState as FoldHasher;
use serde::{Deserialize, Serialize};

use super::heads::issues_and_pages;
use super::{FileRecord, Opening, Probe, STORE_VERSION, Stamp, Store, StoreMark, model_shape};

pub(super) const STAMPS: u32 = 4;

/// What STAMPS holds.
#[derive(Serialize, Deserialize)]
pub(super) struct Stamps<'a> {
    version: u32,
    model: u64,
    /// Issues and pages in HEADS, told apart as a load of them tells them.
    issues: u64,
    pages: u64,
    /// In the order of HEADS.
    #[serde(borrow)]
    files: Vec<FileStamp<'a>>,
}

/// What STAMPS holds of one file.
#[derive(Serialize, Deserialize)]
struct FileStamp<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow)]
    shown: Cow<'a, str>,
    stamp: Stamp,
    warnings: Vec<String>,
}

impl<'a> Stamps<'a> {
    /// The stamps of `files`, the records of HEADS.
    pub(super) fn of(files: &'a [FileRecord]) -> Stamps<'a> {
        let heads: Vec<_> = files.iter().filter_map(|f| f.head.as_ref()).collect();
        let (issues, pages) = issues_and_pages(&heads);
        let stamp = |f: &'a FileRecord| FileStamp {
            key: Cow::Borrowed(&f.key),
            shown: Cow::Borrowed(&f.shown),
            stamp: f.stamp.clone(),
            warnings: f.warnings.clone(),
        };
        Stamps {
            version: STORE_VERSION,
            model: model_shape::fingerprint(),
            issues: issues as u64,
            pages: pages as u64,
            files: files.iter().map(stamp).collect(),
        }
    }
}

/// A store that holds every file of a load as it is.
#[derive(Debug)]
pub struct Current {
    pub mark: StoreMark,
    /// The warnings reading the files gave, in the order of the load's probes.
    pub warnings: Vec<String>,
    /// The issues and pages it holds (none of them decoded).
    pub issues: usize,
    pub pages: usize,
}

impl Store {
    /// Whether the store `opening` (opened from here) holds exactly the files `probes`
    /// describe, as they are now, read from its STAMPS alone. None when it does not,
    /// or when STAMPS cannot be read: HEADS then tells.
    pub fn current(&self, opening: &Opening, probes: &[Probe]) -> Option<Current> {
        let container = opening.container();
        let bytes = container.part(STAMPS).ok()?;
        let stamps = postcard::from_bytes::<Stamps>(&bytes).ok()?;
        let sound = stamps.version == STORE_VERSION
            && stamps.model == model_shape::fingerprint()
            && stamps.files.len() == probes.len();
        if !sound {
            return None;
        }
        let matched = matched(&stamps.files, probes)?;
        let warnings = (matched.iter())
            .flat_map(|&at| stamps.files[at].warnings.iter().cloned())
            .collect();
        Some(Current {
            mark: StoreMark {
                path: self.path.clone(),
                generation: container.generation(),
            },
            warnings,
            issues: usize::try_from(stamps.issues).ok()?,
            pages: usize::try_from(stamps.pages).ok()?,
        })
    }
}

/// For each probe, the number of the file of `files` that it describes as recorded
/// (each file once); None when one is not. In order when the files are in the
/// probes' (as a load writes them), else looked up by key.
fn matched(files: &[FileStamp], probes: &[Probe]) -> Option<Vec<usize>> {
    let same =
        |file: &FileStamp, probe: &Probe| probe.describes(&file.key, &file.shown, &file.stamp);
    if files.len() == probes.len() && files.iter().zip(probes).all(|(f, p)| same(f, p)) {
        return Some((0..files.len()).collect());
    }
    let by_key: HashMap<&str, usize, FoldHasher> = (files.iter().enumerate())
        .map(|(at, file)| (&*file.key, at))
        .collect();
    let mut taken = vec![false; files.len()];
    probes
        .iter()
        .map(|probe| {
            let at = *by_key.get(probe.key.as_str())?;
            let first = !std::mem::replace(&mut taken[at], true);
            (first && same(&files[at], probe)).then_some(at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(len: u64) -> Stamp {
        Stamp::File {
            len,
            modified_ns: 7,
        }
    }

    fn file(key: &str, len: u64) -> FileStamp<'_> {
        FileStamp {
            key: Cow::Borrowed(key),
            shown: Cow::Owned(key.to_uppercase()),
            stamp: stamp(len),
            warnings: Vec::new(),
        }
    }

    fn probe(key: &str, len: u64) -> Probe {
        Probe {
            key: key.to_string(),
            shown: key.to_uppercase(),
            stamp: Some(stamp(len)),
        }
    }

    #[test]
    fn probes_are_matched_in_order_or_by_key_each_file_once() {
        let files = [file("a", 1), file("b", 2), file("c", 3)];
        let probes = [probe("a", 1), probe("b", 2), probe("c", 3)];
        assert_eq!(matched(&files, &probes), Some(vec![0, 1, 2]));
        let turned = [probe("c", 3), probe("a", 1), probe("b", 2)];
        assert_eq!(matched(&files, &turned), Some(vec![2, 0, 1]));
        let twice = [probe("a", 1), probe("a", 1), probe("c", 3)];
        assert_eq!(matched(&files, &twice), None, "b is not there");
    }

    #[test]
    fn a_file_changed_shown_otherwise_unreadable_or_unknown_does_not_match() {
        let files = [file("a", 1), file("b", 2)];
        let changed = [probe("a", 1), probe("b", 3)];
        let mut shown = probe("b", 2);
        shown.shown = "elsewhere".to_string();
        let mut unreadable = probe("b", 2);
        unreadable.stamp = None;
        for other in [changed[1].clone(), shown, unreadable, probe("d", 2)] {
            let probes = [probe("a", 1), other.clone()];
            assert_eq!(matched(&files, &probes), None, "{other:?}");
        }
    }

    #[test]
    fn stamps_read_back_borrowed_from_the_bytes() {
        let records: Vec<FileRecord> = ["x", "y"]
            .iter()
            .map(|key| *FileRecord::new(key.to_string(), key.to_string(), stamp(4), None, vec![]))
            .collect();
        let bytes = postcard::to_allocvec(&Stamps::of(&records)).unwrap();
        let read: Stamps = postcard::from_bytes(&bytes).unwrap();
        assert_eq!((read.issues, read.pages, read.files.len()), (0, 0, 2));
        assert!(read.files.iter().all(|f| matches!(f.key, Cow::Borrowed(_))));
        assert_eq!(read.files[1].key, "y");
    }
}
