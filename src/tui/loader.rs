//! The loader thread: reads the library's files newest first and sends each part to
//! the event loop as an action (see [`crate::library::progressive`]); once all is in,
//! writes the persisted library again when a file changed, came or went, so that the
//! next start is warm.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use super::LoopEvent;
use crate::app::Action;
use crate::library::cancel::Cancel;
use crate::library::progressive::{Arrival, Loader};

/// How long quitting waits at most for a store being written to be given up (its
/// temporary file removed): a piece of it is written in well under this.
const GIVE_UP_WITHIN: Duration = Duration::from_millis(250);

/// The loader thread: see [`LoaderThread::finish`].
pub(super) struct LoaderThread {
    /// Says when a store is about to be written; disconnects once the thread is over.
    writing: Receiver<()>,
    cancel: Cancel,
}

/// Starts loading on a thread of its own; it stops once the reader is gone, and
/// gives a store being written up once `cancel` is set.
pub(super) fn spawn(loader: Loader, tx: Sender<LoopEvent>, cancel: Cancel) -> LoaderThread {
    let (about_to_write, writing) = mpsc::channel::<()>();
    let stop = cancel.clone();
    thread::spawn(move || {
        let mut first = true;
        let persist = loader.run(&mut |arrival| {
            let action = match arrival {
                Arrival::Part {
                    issues,
                    loaded,
                    total,
                } => {
                    if std::mem::take(&mut first) {
                        let sent = format!("first part sent ({} issues)", issues.len());
                        super::logging::log_since_start(&sent);
                    }
                    Action::LibraryPart {
                        issues,
                        loaded,
                        total,
                    }
                }
                Arrival::Done(done) => {
                    log::info!(
                        "library loaded: {} files, {} of them from the store",
                        done.total,
                        done.reused
                    );
                    Action::LibraryLoaded(Box::new(done))
                }
            };
            tx.send(LoopEvent::Action(action)).is_ok()
        });
        if let Some(persist) = persist {
            let _ = about_to_write.send(());
            let marks = persist.write(&|| stop.is_cancelled());
            log::info!("library stores: {marks:?}");
        }
    });
    LoaderThread { writing, cancel }
}

impl LoaderThread {
    /// The reader is closing: a store being written is given up (it stays as it
    /// was), waiting at most [`GIVE_UP_WITHIN`] for its temporary file to go. A load
    /// still reading files is not waited for: it writes nothing once cancelled.
    pub(super) fn finish(self) {
        self.cancel.cancel();
        if self.writing.try_recv().is_err() {
            return;
        }
        match self.writing.recv_timeout(GIVE_UP_WITHIN) {
            Err(RecvTimeoutError::Timeout) => log::info!("the store is still being written"),
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {}
        }
    }
}
