//! An opened store: its records decoded, a file's issue decoded when asked for.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use twox_hash::XxHash3_64;

use super::bodies::{self, StoreFile};
use super::{BODIES, Depth, FileRecord, HEADS, Heads, Outcome, Probe, STORE_VERSION, model_shape};
use crate::search::{Container, Mapped};

/// An opened store.
pub struct Stored {
    pub(super) file: Arc<StoreFile>,
    pub(super) files: Vec<FileRecord>,
    /// Each file's number, by the hash of its key (two keys of one hash: the first is
    /// not found, and is read again).
    by_key: HashMap<u64, usize>,
}

impl Stored {
    /// The store in `container`, when its HEADS can be read and are this brief's
    /// (else the container back).
    pub(super) fn decode(container: Container<Mapped>) -> Result<Stored, Box<Container<Mapped>>> {
        let heads = container.part(HEADS).ok();
        let heads = heads.and_then(|bytes| postcard::from_bytes::<Heads>(&bytes).ok());
        let bodies_len = container.part_len(BODIES).ok();
        let (Some(heads), Some(bodies_len)) = (heads, bodies_len) else {
            return Err(Box::new(container));
        };
        let sound = heads.version == STORE_VERSION
            && heads.model == model_shape::fingerprint()
            && heads.files.iter().all(|f| f.body.end <= bodies_len);
        if !sound {
            return Err(Box::new(container));
        }
        let by_key = heads
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (XxHash3_64::oneshot(f.key.as_bytes()), i))
            .collect();
        let bodies = heads.files.iter().filter(|f| f.head.is_some());
        Ok(Stored {
            file: StoreFile::new(container, bodies.map(|f| &f.body)),
            files: heads.files,
            by_key,
        })
    }

    /// The record of the file `probe` describes, when it is still as recorded.
    fn current(&self, probe: &Probe) -> Option<usize> {
        let &record = self
            .by_key
            .get(&XxHash3_64::oneshot(probe.key.as_bytes()))?;
        let file = &self.files[record];
        probe
            .describes(&file.key, &file.shown, &file.stamp)
            .then_some(record)
    }

    /// The warnings reading the file of `record` gave (none for another number).
    pub fn warnings(&self, record: usize) -> &[String] {
        self.files.get(record).map_or(&[], |f| &f.warnings)
    }

    /// Every file recorded: its number, its key and how it was shown.
    pub fn records(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        let files = self.files.iter().enumerate();
        files.map(|(at, f)| (at, f.key.as_str(), f.shown.as_str()))
    }

    /// Files recorded.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// True when the file `probe` describes is still as recorded.
    pub fn is_current(&self, probe: &Probe) -> bool {
        self.current(probe).is_some()
    }

    /// The file `probe` describes, when it is still as recorded: at [`Depth::Full`]
    /// with its issue decoded (None when it cannot be).
    pub fn reuse(&self, probe: &Probe, depth: Depth) -> Option<Outcome> {
        let record = self.current(probe)?;
        let file = &self.files[record];
        let issue = match (depth, &file.head) {
            (Depth::Heads, _) | (_, None) => None,
            (_, Some(head)) => {
                let mut issue = bodies::issue_at(&self.file, &file.body)?;
                issue.source = head.source_id();
                Some(issue)
            }
        };
        Some(Outcome::Reused { record, issue })
    }

    pub(super) fn body_bytes(&self, file: &FileRecord) -> Option<Vec<u8>> {
        self.file
            .container()
            .slice(BODIES, file.body.clone())
            .ok()
            .map(Cow::into_owned)
    }
}
