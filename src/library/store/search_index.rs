//! The persisted search index of a library, in the cache directory beside its stores:
//! used while the stores are the very writes it was built from (their generations,
//! and the library's sources, are its stamp), built again otherwise.

use std::fs::File;
use std::path::{Path, PathBuf};

use twox_hash::XxHash3_64;

use crate::library::LoadReport;
use crate::library::cache::replace_file;
use crate::library::store::StoreMark;
use crate::model::{Library, SourceInfo};
use crate::search::{Index, PersistedIndex};

/// Bumped when what the stamp covers changes.
const STAMP_VERSION: &[u8] = b"brief library index 1\n";

/// Where a library's search index lives, and the stamp it must carry to be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedIndex {
    path: PathBuf,
    stamp: Vec<u8>,
}

impl SavedIndex {
    /// The index file of the library `report` loaded, under `cache_root`; None when a
    /// part of the library is not stored (then there is nothing to check it against).
    pub fn of(cache_root: &Path, report: &LoadReport) -> Option<SavedIndex> {
        let marks = report.stored.as_ref()?;
        SavedIndex::for_stores(cache_root, marks, &report.library.sources)
    }

    /// The index file of the library of `sources` whose issues the stores `marks`
    /// hold, under `cache_root` (None for no store).
    pub fn for_stores(
        cache_root: &Path,
        marks: &[StoreMark],
        sources: &[SourceInfo],
    ) -> Option<SavedIndex> {
        if marks.is_empty() {
            return None;
        }
        let mut stamp = STAMP_VERSION.to_vec();
        for mark in marks {
            stamp.extend_from_slice(&mark.generation.to_le_bytes());
        }
        for source in sources {
            for text in [source.id.as_str(), &source.title] {
                stamp.extend_from_slice(text.as_bytes());
                stamp.push(0);
            }
        }
        let stores = marks.iter().map(|mark| mark.path.as_path());
        Some(SavedIndex {
            path: SavedIndex::path_for(cache_root, stores),
            stamp,
        })
    }

    /// Where the index of the library whose issues the stores at `stores` hold lives,
    /// under `cache_root`.
    pub fn path_for<'a>(cache_root: &Path, stores: impl Iterator<Item = &'a Path>) -> PathBuf {
        let mut key = Vec::new();
        for store in stores {
            key.extend_from_slice(store.as_os_str().as_encoded_bytes());
            key.push(0);
        }
        let name = format!("search-{:016x}.index", XxHash3_64::oneshot(&key));
        cache_root.join("library").join(name)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved index, when there is one built from this very library.
    pub fn open(&self) -> Option<PersistedIndex> {
        let index = PersistedIndex::open(File::open(&self.path).ok()?).ok()?;
        self.holds(&index).then_some(index)
    }

    /// True when `index` was built from this very library.
    pub fn holds(&self, index: &PersistedIndex) -> bool {
        index.stamp().is_ok_and(|stamp| stamp == self.stamp)
    }

    /// The saved index, loaded whole, when it was built from this very library.
    pub fn load(&self) -> Option<Index> {
        Index::load_stamped(File::open(&self.path).ok()?, &self.stamp).ok()?
    }

    /// Saves `index`, built from `library` (the library this was made for), quietly:
    /// a cache that cannot be written is no error.
    pub fn save(&self, index: &Index, library: &Library) {
        let written = replace_file(&self.path, false, |out| {
            index.write_with_display(library, &self.stamp, out)
        });
        if let Err(err) = written {
            log::info!("search index not saved: {err:#}");
        }
    }
}
