//! Signals, as events for the loop: those that end the reader, suspend and continue,
//! and window size changes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

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

/// How long after a foreground program ends the keyboard's signals are still taken
/// for its own: see [`Foreground`].
const FOREGROUND_GRACE: Duration = Duration::from_millis(500);

/// Whether a program (a browser) runs in the foreground on our terminal. Ctrl-C reaches
/// that program and the reader at the same moment, but the listener thread sees it a
/// little later, possibly after the program has already died of it and the flag is
/// down again: a keyboard signal seen shortly after the program ended was its too.
#[derive(Debug, Default)]
pub(super) struct Foreground {
    running: AtomicBool,
    ended: Mutex<Option<Instant>>,
}

impl Foreground {
    pub(super) fn start(&self) {
        self.running.store(true, Ordering::SeqCst);
    }

    pub(super) fn end(&self) {
        if let Ok(mut ended) = self.ended.lock() {
            *ended = Some(Instant::now());
        }
        self.running.store(false, Ordering::SeqCst);
    }

    fn owns_keyboard_signals(&self) -> bool {
        let recently = || {
            self.ended
                .lock()
                .ok()
                .and_then(|ended| *ended)
                .is_some_and(|at| at.elapsed() < FOREGROUND_GRACE)
        };
        self.running.load(Ordering::SeqCst) || recently()
    }
}

/// Sends the signals to the loop as events. While `foreground` is set (a program runs
/// in the foreground on our terminal, a browser) the keyboard's signals are that
/// program's: see [`foreground_signal`].
pub(super) fn spawn_signal_listener(
    tx: Sender<LoopEvent>,
    foreground: Arc<Foreground>,
) -> anyhow::Result<()> {
    let handled = ENDING.into_iter().chain([SIGTSTP, SIGCONT, SIGWINCH]);
    let mut signals =
        signal_hook::iterator::Signals::new(handled).context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if foreground.owns_keyboard_signals() && foreground_signal(signal) {
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
