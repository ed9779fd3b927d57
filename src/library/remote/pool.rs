//! The workers that fetch issue files and folder listings.

use std::sync::Arc;
use std::thread;

use crossbeam_channel::{Receiver, Sender, select};
use url::Url;

use super::file::fetch_issue;
use super::listing::{Listed, Listing, list_folder};
use super::{Fetched, Shared};
use crate::library::cancel::Cancel;

pub(super) enum Job {
    Issue(Url),
    Listing(Listing),
}

pub(super) enum Done {
    Issue(Box<Fetched>),
    Listing(Listed),
}

/// What waiting on the pool gives.
pub(super) enum Next {
    Done(Done),
    /// Every job sent has been answered.
    Finished,
    /// The cancel signal was set first.
    Cancelled,
}

/// A bounded set of worker threads taking jobs from one queue. Work found while it
/// runs (listed files, archive links) joins the same queue. Dropping the pool lets the
/// workers go: each leaves after the request it has in flight, and nobody waits for them.
pub(super) struct Pool {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Jobs sent and not yet answered.
    outstanding: usize,
}

impl Pool {
    pub(super) fn start(shared: &Arc<Shared>, workers: usize) -> Pool {
        let (jobs, queue) = crossbeam_channel::unbounded();
        let (results, done) = crossbeam_channel::unbounded();
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

    /// Blocks until the next answer arrives or `cancel` is set, whichever comes first.
    pub(super) fn next(&mut self, cancel: &Cancel) -> Next {
        if cancel.is_cancelled() {
            return Next::Cancelled;
        }
        if self.outstanding == 0 {
            return Next::Finished;
        }
        select! {
            recv(self.done) -> done => match done {
                Ok(done) => {
                    self.outstanding -= 1;
                    Next::Done(done)
                }
                // Every worker is gone: no answer will come.
                Err(_) => {
                    self.outstanding = 0;
                    Next::Finished
                }
            },
            recv(cancel.woken()) -> _ => Next::Cancelled,
        }
    }
}

/// A worker: runs jobs until the queue closes or nobody takes answers. Once the run
/// stops (cancel, rate limit) the jobs left answer at once as not fetched.
fn work(shared: &Shared, queue: &Receiver<Job>, results: &Sender<Done>) {
    for job in queue {
        let done = match job {
            Job::Issue(url) => Done::Issue(Box::new(fetch_issue(shared, url))),
            Job::Listing(listing) => Done::Listing(list_folder(shared, listing)),
        };
        if results.send(done).is_err() {
            return;
        }
    }
}
