//! Signals that end the reader.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;

use super::LoopEvent;

/// Sends the first ending signal to the loop. While `foreground` is set (a program
/// runs in the foreground on our terminal) SIGINT is left to that program, as
/// `system(3)` does: Ctrl-C in a browser must not quit the reader behind it.
pub(super) fn spawn_signal_listener(
    tx: Sender<LoopEvent>,
    foreground: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if signal == SIGINT && foreground.load(Ordering::SeqCst) {
                log::info!("SIGINT while a program ran in the foreground: left to it");
                continue;
            }
            let _ = tx.send(LoopEvent::Signal(signal));
            return;
        }
    });
    Ok(())
}
