//! Signals, as events for the loop: those that end the reader, suspend and continue,
//! and window size changes.

use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;
use ratatui::crossterm::terminal;
use signal_hook::consts::{
    SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};

use super::LoopEvent;
use crate::app::Action;

/// Signals whose default action would end the process with the terminal still in
/// reader mode: the reader restores it and quits instead.
const ENDING: [i32; 6] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2];

pub(super) fn spawn_signal_listener(tx: Sender<LoopEvent>) -> anyhow::Result<()> {
    let handled = ENDING.into_iter().chain([SIGTSTP, SIGCONT, SIGWINCH]);
    let mut signals =
        signal_hook::iterator::Signals::new(handled).context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            let Some(event) = event_for(signal) else {
                continue;
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
    Ok(())
}

fn event_for(signal: i32) -> Option<LoopEvent> {
    Some(match signal {
        // `kill -TSTP`: as Ctrl-Z.
        SIGTSTP => LoopEvent::Suspend,
        SIGCONT => LoopEvent::Continued,
        // The input thread waits on the terminal, not on crossterm, which would
        // report size changes itself.
        SIGWINCH => {
            let (width, height) = terminal::size().ok()?;
            LoopEvent::Action(Action::Resize { width, height })
        }
        ending => LoopEvent::Signal(ending),
    })
}
