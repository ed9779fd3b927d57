//! A store's file, and the issues decoded from its bodies. An issue is decoded where
//! its body lies in the mapped file, and its entries keep windows of the file (see
//! [`crate::model::decoding_from`]) rather than copies of their strings: a warm start
//! holds little memory of its own, the file's pages being the page cache's, shared
//! and dropped at will. A file that cannot be mapped is read a body at a time, and
//! its entries copy their strings.

use std::ops::Range;
use std::sync::Arc;

use super::BODIES;
use crate::model::{Backing, Issue, decoding_from};
use crate::search::{Container, Mapped};

pub(super) struct StoreFile {
    container: Container<Mapped>,
}

impl Backing for StoreFile {
    fn bytes(&self) -> &[u8] {
        self.container.in_memory().unwrap_or_default()
    }
}

impl StoreFile {
    pub(super) fn new(container: Container<Mapped>) -> Arc<StoreFile> {
        Arc::new(StoreFile { container })
    }

    pub(super) fn container(&self) -> &Container<Mapped> {
        &self.container
    }
}

/// The issue whose body lies at `range` of `file`'s BODIES; None when it cannot be
/// read or decoded.
pub(super) fn issue_at(file: &Arc<StoreFile>, range: &Range<u64>) -> Option<Issue> {
    let bytes = file.container.slice(BODIES, range.clone()).ok()?;
    let backing: Arc<dyn Backing> = Arc::clone(file) as Arc<dyn Backing>;
    decoding_from(&backing, || postcard::from_bytes::<Issue>(&bytes).ok())
}
