//! Signals that end the reader.

use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;

use super::LoopEvent;

pub(super) fn spawn_signal_listener(tx: Sender<LoopEvent>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("installing signal handlers")?;
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = tx.send(LoopEvent::Signal(signal));
        }
    });
    Ok(())
}
