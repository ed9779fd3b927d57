//! Signals, as events for the loop: those that end the reader, suspend and continue,
//! and window size changes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Sends the signals to the loop as events. While `foreground` is set (a program runs
/// in the foreground on our terminal, a browser) the keyboard's signals are that
/// program's: see [`foreground_signal`].
pub(super) fn spawn_signal_listener(
    tx: Sender<LoopEvent>,
    foreground: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    let handled = ENDING.into_iter().chain([SIGTSTP, SIGCONT, SIGWINCH]);
    let mut signals =
        signal_hook::iterator::Signals::new(handled).context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if foreground.load(Ordering::SeqCst) && foreground_signal(signal) {
                continue;
            }
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

/// Handles `signal` that arrived while a program ran in the foreground, as `system(3)`
/// would: Ctrl-C and Ctrl-\ are the program's, not the reader's; Ctrl-Z stops the
/// reader with the program (the shell takes the terminal, `fg` continues both, and the
/// reader takes the terminal back when the program ends). False for the others.
fn foreground_signal(signal: i32) -> bool {
    match signal {
        SIGINT | SIGQUIT | SIGCONT => {
            log::info!("signal {signal} while a program ran in the foreground: left to it");
            true
        }
        SIGTSTP => {
            if let Err(err) = signal_hook::low_level::emulate_default_handler(SIGTSTP) {
                log::warn!("could not stop with the program in the foreground: {err}");
            }
            true
        }
        _ => false,
    }
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
