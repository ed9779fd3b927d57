//! A store's file, and the issues decoded from its bodies. An issue is decoded where
//! its body lies in the mapped file, and its entries keep windows of the file (see
//! [`crate::model::decoding_from`]) rather than copies of their strings: a warm start
//! holds little memory of its own. The pages of the bodies are let go a chunk at a
//! time, once every body ending in the chunk was decoded: they stay in the page cache,
//! and an entry read later maps its page again. A file that cannot be mapped is read
//! a body at a time, and its entries copy their strings.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::BODIES;
use crate::model::{Backing, Issue, decoding_from};
use crate::search::{Container, Mapped};

/// Bytes of BODIES let go at once.
const CHUNK_BYTES: u64 = 4 << 20;

pub(super) struct StoreFile {
    container: Container<Mapped>,
    /// Per chunk of BODIES, the bodies ending in it not decoded yet.
    left: Vec<AtomicUsize>,
    /// Whether a body was decoded yet: then the other parts, decoded already, go.
    decoding: AtomicBool,
}

impl Backing for StoreFile {
    fn bytes(&self) -> &[u8] {
        self.container.in_memory().unwrap_or_default()
    }
}

impl StoreFile {
    /// The store in `container`, whose bodies at `bodies` are to be decoded.
    pub(super) fn new<'a>(
        container: Container<Mapped>,
        bodies: impl Iterator<Item = &'a Range<u64>>,
    ) -> Arc<StoreFile> {
        let mut left: Vec<usize> = Vec::new();
        for chunk in bodies.filter_map(chunk_of) {
            if left.len() <= chunk {
                left.resize(chunk + 1, 0);
            }
            left[chunk] += 1;
        }
        let left = left.into_iter().map(AtomicUsize::new).collect();
        Arc::new(StoreFile {
            container,
            left,
            decoding: AtomicBool::new(false),
        })
    }

    pub(super) fn container(&self) -> &Container<Mapped> {
        &self.container
    }

    /// Notes the body at `range` decoded: the pages of its chunk are let go after the
    /// last.
    pub(super) fn decoded(&self, range: &Range<u64>) {
        if !self.decoding.swap(true, Ordering::Relaxed) {
            // HEADS and NEWEST: read once, when the store was opened.
            self.container.release_all_but(BODIES);
        }
        let Some(chunk) = chunk_of(range) else {
            return;
        };
        let Some(left) = self.left.get(chunk) else {
            return;
        };
        let last = left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok_and(|n| n == 1);
        if last {
            let start = chunk as u64 * CHUNK_BYTES;
            self.container.release(BODIES, start..start + CHUNK_BYTES);
        }
    }
}

/// The chunk a non-empty body ends in.
fn chunk_of(range: &Range<u64>) -> Option<usize> {
    let last = range
        .end
        .checked_sub(1)
        .filter(|_| range.start < range.end)?;
    usize::try_from(last / CHUNK_BYTES).ok()
}

/// The issue whose body lies at `range` of `file`'s BODIES; None when it cannot be
/// read or decoded.
pub(super) fn issue_at(file: &Arc<StoreFile>, range: &Range<u64>) -> Option<Issue> {
    let bytes = file.container.slice(BODIES, range.clone()).ok()?;
    let backing: Arc<dyn Backing> = Arc::clone(file) as Arc<dyn Backing>;
    let issue = decoding_from(&backing, || postcard::from_bytes::<Issue>(&bytes).ok());
    file.decoded(range);
    issue
}
