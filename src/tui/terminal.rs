//! The terminal in reader mode, and its restoration on every way out: quitting, an
//! error, a panic, a signal, a suspend (taken again on continue), a vanished terminal.

use std::io::{self, Stdout, Write};
use std::sync::Once;

use anyhow::Context;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::{Position, Rect};

/// The terminal in reader mode; dropping it (or a panic) restores it.
pub(super) struct TerminalGuard {
    pub(super) terminal: Terminal<CrosstermBackend<Output>>,
}

impl TerminalGuard {
    pub(super) fn enter() -> anyhow::Result<TerminalGuard> {
        install_panic_hook();
        // Before raw mode: the handler sets the modes from before it back.
        super::fault::install();
        let terminal =
            enter_reader_mode().and_then(|()| Terminal::new(CrosstermBackend::new(Output::new())));
        match terminal {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(err) => {
                restore();
                Err(err).context("setting up the terminal")
            }
        }
    }

    /// Gives the terminal back as it was before the reader, for a program that runs in
    /// the foreground meanwhile (a browser in the terminal); [`TerminalGuard::take_back`]
    /// takes it again. The guard still restores the terminal if dropped in between.
    pub(super) fn leave(&mut self) {
        restore();
    }

    /// Ctrl-Z: gives the terminal back, stops as SIGTSTP's default action would, and
    /// once continued (`fg`) takes the terminal again.
    pub(super) fn suspend(&mut self) -> io::Result<()> {
        self.leave();
        log::info!("suspended");
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        log::info!("continued");
        self.take_back()
    }

    /// After a stop or [`TerminalGuard::leave`]: whoever had the terminal meanwhile may
    /// have changed its modes and its screen, so reader mode is entered afresh and the
    /// next frame is drawn whole. Harmless when nothing changed.
    pub(super) fn take_back(&mut self) -> io::Result<()> {
        // crossterm skips enabling raw mode while it believes it on; the shell may
        // have turned it off behind its back.
        disable_raw_mode()?;
        enter_reader_mode()?;
        // Clears the screen and forgets what is on it (`clear` would ask the terminal
        // where its cursor is, and wait for the answer).
        let size = self.terminal.size()?;
        self.terminal.resize(Rect::from((Position::ORIGIN, size)))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, the alternate screen, mouse and paste reporting, the cursor hidden.
fn enter_reader_mode() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Leaves reader mode: mouse and paste reporting off, main screen back, cursor shown,
/// raw mode off. Safe to call more than once, and when the terminal is gone.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// Standard output for the screen. Writes to a terminal that hung up (EIO) go
/// nowhere instead of failing: the event loop learns from the terminal itself that it
/// is gone, and ratatui, dropped after a failed write, would print the failure to a
/// standard error that is gone too (a panic).
pub(super) struct Output {
    stdout: Stdout,
}

impl Output {
    fn new() -> Output {
        Output {
            stdout: io::stdout(),
        }
    }
}

/// Whether `result` failed because the terminal hung up; such a write counts as done.
fn hung_up<T>(result: &io::Result<T>) -> bool {
    let eio = rustix::io::Errno::IO.raw_os_error();
    matches!(result, Err(err) if err.raw_os_error() == Some(eio))
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.stdout.write(buf);
        if hung_up(&written) {
            return Ok(buf.len());
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.stdout.flush();
        if hung_up(&flushed) {
            return Ok(());
        }
        flushed
    }
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            log::error!("panic: {info}");
            previous(info);
        }));
    });
}
