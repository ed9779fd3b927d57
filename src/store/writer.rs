//! The store's own thread: changes are sent to it and written in batches, so the UI
//! thread never waits on SQLite (a write can wait seconds for another brief's lock).

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use super::{Change, Store};

/// Changes kept for another try after failed writes; past it the oldest are dropped
/// (and the log says so).
const MAX_PENDING: usize = 100_000;

enum Message {
    Change(Change),
    /// Answers once everything sent before it has been tried.
    Flush(Sender<()>),
}

/// Sends changes to the store's thread. Dropping it (or [`Writer::finish`]) writes
/// what is left and ends the thread.
pub struct Writer {
    tx: Option<Sender<Message>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread that owns `store`. `on_error` hears, once per run of failed
    /// writes, why changes could not be saved (they are tried again with the next).
    pub fn spawn(store: Store, on_error: impl Fn(String) + Send + 'static) -> Writer {
        let (tx, rx) = mpsc::channel();
        let thread = thread::Builder::new()
            .name("brief-store".into())
            .spawn(move || run(store, &rx, &on_error))
            .ok();
        if thread.is_none() {
            log::warn!("could not start the store's thread: nothing will be saved");
        }
        Writer {
            tx: thread.is_some().then_some(tx),
            thread,
        }
    }

    /// Queues `change`; returns at once.
    pub fn send(&self, change: Change) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Message::Change(change));
        }
    }

    /// Waits until everything sent so far has been written (or has failed).
    pub fn flush(&self) {
        let Some(tx) = &self.tx else {
            return;
        };
        let (done, wait) = mpsc::channel();
        if tx.send(Message::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }

    /// Writes what is queued and ends the thread.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(mut store: Store, rx: &Receiver<Message>, on_error: &dyn Fn(String)) {
    let mut pending: Vec<Change> = Vec::new();
    let mut failing = false;
    while let Ok(first) = rx.recv() {
        let mut flushes = Vec::new();
        for message in std::iter::once(first).chain(rx.try_iter()) {
            match message {
                Message::Change(change) => pending.push(change),
                Message::Flush(done) => flushes.push(done),
            }
        }
        coalesce_positions(&mut pending);
        match store.apply(&pending) {
            Ok(()) => {
                if failing {
                    log::info!("the reading state is saved again");
                }
                pending.clear();
                failing = false;
            }
            Err(err) => {
                let text = format!("could not save the reading state: {err}");
                log::warn!("{text}");
                if !failing {
                    on_error(text);
                }
                failing = true;
                if pending.len() > MAX_PENDING {
                    let dropped = pending.len() - MAX_PENDING;
                    log::warn!("{dropped} unsaved changes dropped");
                    pending.drain(..dropped);
                }
            }
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
    if !pending.is_empty()
        && let Err(err) = store.apply(&pending)
    {
        log::warn!("{} changes not saved: {err}", pending.len());
    }
}

/// Only the last position of each source is worth writing.
pub(super) fn coalesce_positions(changes: &mut Vec<Change>) {
    let mut seen = std::collections::HashSet::new();
    let mut keep: Vec<bool> = changes
        .iter()
        .rev()
        .map(|change| match change {
            Change::Position(p) => seen.insert(p.issue.source.clone()),
            _ => true,
        })
        .collect();
    keep.reverse();
    let mut flags = keep.into_iter();
    changes.retain(|_| flags.next().unwrap_or(true));
}
