//! The workers that fetch issue files and folder listings.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use std::time::Duration;
use url::Url;

use super::file::fetch_issue;
use super::listing::{Listed, Listing, list_folder};
use super::{Fetched, Shared};

pub(super) enum Job {
    Issue(Url),
    Listing(Listing),
}

pub(super) enum Done {
    Issue(Box<Fetched>),
    Listing(Listed),
}

/// A bounded set of worker threads taking jobs from one queue. Work found while it
/// runs (listed files, archive links) joins the same queue.
pub(super) struct Pool {
    pub(super) jobs: mpsc::Sender<Job>,
    pub(super) done: mpsc::Receiver<Done>,
    /// Jobs sent and not yet answered.
    pub(super) outstanding: usize,
}

impl Pool {
    pub(super) fn start(shared: &Arc<Shared>, workers: usize) -> Pool {
        let (jobs, queue) = mpsc::channel();
        let (results, done) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers {
            let (shared, queue, results) = (shared.clone(), queue.clone(), results.clone());
            thread::spawn(move || work(&shared, &queue, &results));
        }
        Pool {
            jobs,
            done,
            outstanding: 0,
        }
    }

    pub(super) fn send(&mut self, job: Job) {
        if self.jobs.send(job).is_ok() {
            self.outstanding += 1;
        }
    }

    /// The next answer, or None after a short wait (so the caller can check for cancel).
    pub(super) fn next(&mut self) -> Option<Done> {
        match self.done.recv_timeout(Duration::from_millis(20)) {
            Ok(done) => {
                self.outstanding -= 1;
                Some(done)
            }
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.outstanding = 0;
                None
            }
        }
    }
}

/// A worker: runs jobs until the pool is dropped.
pub(super) fn work(
    shared: &Shared,
    queue: &Mutex<mpsc::Receiver<Job>>,
    results: &mpsc::Sender<Done>,
) {
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
        let done = match job {
            Job::Issue(url) => Done::Issue(Box::new(fetch_issue(shared, url))),
            Job::Listing(listing) => Done::Listing(list_folder(shared, listing)),
        };
        if results.send(done).is_err() {
            return;
        }
    }
}
