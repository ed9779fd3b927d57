//! The search worker thread: indexes each library once and answers the newest query.

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Weak};
use std::thread;

use super::LoopEvent;
use crate::app::Action;
use crate::library::store::search_index::SavedIndex;
use crate::model::Library;
use crate::search::{Index, Narrowing, Query, Scope};

/// Runs searches on its own thread, so typing never waits for one. It indexes each
/// library once (the first time it sees it) and, when requests queue up behind a
/// running search, runs only the newest: the older ones are stale anyway. Between
/// jobs it holds the library it indexed only weakly, so that the reader can change
/// its library in place (parts arriving) without copying it; a library changed so
/// is another one to the worker, indexed again.
pub(super) struct SearchWorker {
    jobs: Sender<SearchJob>,
}

pub(super) struct SearchJob {
    pub(super) library: Arc<Library>,
    pub(super) generation: u64,
    /// None: only index the library, ahead of the first query.
    pub(super) query: Option<Query>,
    pub(super) scope: Scope,
    /// Where the index of `library` is saved: read from there when it was built from
    /// that very library, else built and saved there.
    pub(super) saved: Option<SavedIndex>,
}

impl SearchWorker {
    /// The worker, waiting for its first job.
    pub(super) fn start(tx: Sender<LoopEvent>) -> SearchWorker {
        let (jobs, queue) = mpsc::channel::<SearchJob>();
        thread::spawn(move || {
            let mut saved: Option<(Weak<Library>, SavedIndex)> = None;
            // The library indexed, its index, and what its last search matched.
            let mut indexed: Option<(Weak<Library>, Index, Narrowing)> = None;
            while let Ok(first) = queue.recv() {
                let mut jobs: Vec<SearchJob> =
                    std::iter::once(first).chain(queue.try_iter()).collect();
                // A job skipped for a newer one still says where its library's index is.
                for job in &mut jobs {
                    if let Some(at) = job.saved.take() {
                        saved = Some((Arc::downgrade(&job.library), at));
                    }
                }
                let Some(job) = jobs.into_iter().reduce(newest_job) else {
                    continue;
                };
                let (index, mut last) = match indexed.take() {
                    Some((library, index, last)) if is_same(&library, &job.library) => {
                        (index, last)
                    }
                    _ => {
                        let mut index = index_of(&job.library, &mut saved);
                        index.add_keystroke_tables();
                        (index, Narrowing::default())
                    }
                };
                if let Some(query) = &job.query {
                    // Each key typed narrows the query: it is answered among what the
                    // last one matched, when that can hold all it matches.
                    let (hits, matched) = index.search_narrowing(query, job.scope, &last);
                    last = matched;
                    let results = Action::SearchResults {
                        generation: job.generation,
                        hits,
                    };
                    if tx.send(LoopEvent::Action(results)).is_err() {
                        return;
                    }
                }
                indexed = Some((Arc::downgrade(&job.library), index, last));
            }
        });
        SearchWorker { jobs }
    }

    /// Indexes `library` ahead of the first query: from `saved` when that index was
    /// built from it.
    pub(super) fn prepare(&self, library: Arc<Library>, saved: Option<SavedIndex>) {
        self.search(SearchJob {
            library,
            generation: 0,
            query: None,
            scope: Scope::default(),
            saved,
        });
    }

    pub(super) fn search(&self, job: SearchJob) {
        // The worker only stops when the reader does.
        let _ = self.jobs.send(job);
    }
}

/// The index of `library`: read from `saved` when that is where its index is saved
/// and it was built from it, else built (and saved there, then read back).
fn index_of(library: &Arc<Library>, saved: &mut Option<(Weak<Library>, SavedIndex)>) -> Index {
    let saved_here = saved
        .take_if(|(of, _)| of.upgrade().is_some_and(|of| Arc::ptr_eq(&of, library)))
        .map(|(_, saved)| saved);
    if let Some(index) = saved_here.as_ref().and_then(SavedIndex::load) {
        log::info!("search index read from its saved file");
        return index;
    }
    let index = Index::build(library);
    let Some(saved) = saved_here else {
        return index;
    };
    saved.save(&index, library);
    log::info!("search index built and saved");
    // Read back, its text is held in the file, not in memory.
    saved.load().unwrap_or(index)
}

/// Whether `indexed` is still `library`: the same allocation, alive (a library
/// changed in place while only weakly held moved to a new one, see `Arc::make_mut`).
fn is_same(indexed: &Weak<Library>, library: &Arc<Library>) -> bool {
    indexed.strong_count() > 0 && std::ptr::eq(indexed.as_ptr(), Arc::as_ptr(library))
}

/// Of two queued jobs, the one to run: the newer, unless it only indexes.
fn newest_job(older: SearchJob, newer: SearchJob) -> SearchJob {
    if newer.query.is_none() && older.query.is_some() {
        older
    } else {
        newer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::LoadReport;
    use crate::library::store::StoreMark;
    use crate::testing::fixture::cjk_library;

    fn hits(index: &Index, query: &str) -> Vec<crate::search::Hit> {
        index.search(&Query::parse(query), Scope::default())
    }

    #[test]
    fn the_loaded_library_is_indexed_from_its_saved_index_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let report = LoadReport {
            stored: Some(vec![StoreMark {
                path: dir.path().join("library.brief"),
                generation: 7,
            }]),
            ..LoadReport::default()
        };
        let saved = SavedIndex::of(dir.path(), &report).unwrap();
        let library = Arc::new(cjk_library());
        let built = Index::build(&library);
        // No file yet: built, then saved.
        let mut slot = Some((Arc::downgrade(&library), saved.clone()));
        let first = index_of(&library, &mut slot);
        assert!(saved.path().is_file());
        assert!(slot.is_none(), "used once");
        // Then read back: the same answers.
        let mut slot = Some((Arc::downgrade(&library), saved.clone()));
        let loaded = index_of(&library, &mut slot);
        for query in ["gpu", "arm -cortex-a78", "title:tensorflow"] {
            assert!(!hits(&built, query).is_empty(), "{query}");
            assert_eq!(hits(&first, query), hits(&built, query));
            assert_eq!(hits(&loaded, query), hits(&built, query));
        }
        // Another library (a refresh's) never gets the saved index.
        let other = Arc::new(Library::new(cjk_library().issues.split_off(1)));
        let mut slot = Some((Arc::downgrade(&library), saved));
        let index = index_of(&other, &mut slot);
        assert_ne!(hits(&Index::build(&other), "arm"), hits(&built, "arm"));
        assert_eq!(hits(&index, "arm"), hits(&Index::build(&other), "arm"));
        assert!(slot.is_some(), "kept for the library it belongs to");
    }
}
