//! The terminal in reader mode, and its restoration on every way out.

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
    pub(super) terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    pub(super) fn enter() -> anyhow::Result<TerminalGuard> {
        install_panic_hook();
        let terminal =
            enter_reader_mode().and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match terminal {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(err) => {
                restore();
                Err(err).context("setting up the terminal")
            }
        }
    }

    /// Gives the terminal back as it was before the reader, for a program that runs in
    /// the foreground meanwhile (a browser in the terminal); [`TerminalGuard::resume`]
    /// takes it again. The guard still restores the terminal if dropped in between.
    pub(super) fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal again after [`TerminalGuard::suspend`]. Whoever had it may
    /// have changed its modes and its screen, so reader mode is entered afresh and the
    /// next frame is drawn whole.
    pub(super) fn resume(&mut self) -> io::Result<()> {
        // crossterm skips enabling raw mode while it believes it on; the program may
        // have turned it off behind its back.
        disable_raw_mode()?;
        enter_reader_mode()?;
        // Clears the screen and forgets what is on it.
        let size = self.terminal.size()?;
        self.terminal.resize(Rect::from((Position::ORIGIN, size)))
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

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves reader mode: mouse and paste reporting off, main screen back, cursor shown,
/// raw mode off. Safe to call more than once.
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
