//! Ctrl-C during a fetch brief waits on: the fetch stops (what arrived stays cached)
//! and brief says so, instead of dying mid-way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use anyhow::Context;
use signal_hook::consts::SIGINT;
use signal_hook::iterator::{Handle, Signals};

use crate::library::cancel::Cancel;

/// Ctrl-C stopped a fetch the command was waiting on (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("cancelled (Ctrl-C); the files fetched so far are cached")]
pub struct Interrupted;

/// Ctrl-C while loading sets the cancel signal instead of killing brief; a second
/// Ctrl-C kills it as usual.
pub(super) struct Interrupt {
    signals: Handle,
    /// When set, SIGINT has its default effect (ends the process).
    default: Arc<AtomicBool>,
}

impl Interrupt {
    pub(super) fn install(cancel: &Cancel) -> anyhow::Result<Interrupt> {
        let default = Arc::new(AtomicBool::new(false));
        // Registered first, so that it sees the flag as it was before this Ctrl-C.
        signal_hook::flag::register_conditional_default(SIGINT, Arc::clone(&default))
            .context("installing the Ctrl-C handler")?;
        let mut signals = Signals::new([SIGINT]).context("installing the Ctrl-C handler")?;
        let handle = signals.handle();
        let (cancel, armed) = (cancel.clone(), Arc::clone(&default));
        thread::spawn(move || {
            for _ in signals.forever() {
                cancel.cancel();
                armed.store(true, Ordering::SeqCst);
            }
        });
        Ok(Interrupt {
            signals: handle,
            default,
        })
    }

    /// Stops listening. With `default_after`, Ctrl-C ends brief again as usual; else it
    /// does nothing here (the reader installs its own handling).
    pub(super) fn finish(self, default_after: bool) {
        self.signals.close();
        self.default.store(default_after, Ordering::SeqCst);
    }
}
