//! The cold start's loader thread: parses the library's files newest first and sends
//! each part to the event loop as an action (see [`crate::library::progressive`]).

use std::sync::mpsc::Sender;
use std::thread;

use super::LoopEvent;
use crate::app::Action;
use crate::library::progressive::{Arrival, Loader};

/// Starts loading on a thread of its own; it stops once the reader is gone.
pub(super) fn spawn(loader: Loader, tx: Sender<LoopEvent>) {
    thread::spawn(move || {
        loader.run(&mut |arrival| {
            let action = match arrival {
                Arrival::Part {
                    issues,
                    loaded,
                    total,
                } => Action::LibraryPart {
                    issues,
                    loaded,
                    total,
                },
                Arrival::Done(done) => {
                    log::info!("library loaded: {} files", done.total);
                    Action::LibraryLoaded(Box::new(done))
                }
            };
            tx.send(LoopEvent::Action(action)).is_ok()
        });
    });
}
