//! The search worker thread: indexes each library once and answers the newest query.

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Weak};
use std::thread;

use super::LoopEvent;
use crate::app::Action;
use crate::model::Library;
use crate::search::{Index, Query, Scope};

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
}

impl SearchWorker {
    pub(super) fn start(tx: Sender<LoopEvent>) -> SearchWorker {
        let (jobs, queue) = mpsc::channel::<SearchJob>();
        thread::spawn(move || {
            let mut indexed: Option<(Weak<Library>, Index)> = None;
            while let Ok(first) = queue.recv() {
                let job = queue.try_iter().fold(first, newest_job);
                let index = match indexed.take() {
                    Some((library, index)) if is_same(&library, &job.library) => index,
                    _ => Index::build(&job.library),
                };
                if let Some(query) = &job.query {
                    let hits = index.search(query, job.scope);
                    let results = Action::SearchResults {
                        generation: job.generation,
                        hits,
                    };
                    if tx.send(LoopEvent::Action(results)).is_err() {
                        return;
                    }
                }
                indexed = Some((Arc::downgrade(&job.library), index));
            }
        });
        SearchWorker { jobs }
    }

    pub(super) fn prepare(&self, library: Arc<Library>) {
        self.search(SearchJob {
            library,
            generation: 0,
            query: None,
            scope: Scope::default(),
        });
    }

    pub(super) fn search(&self, job: SearchJob) {
        // The worker only stops when the reader does.
        let _ = self.jobs.send(job);
    }
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
