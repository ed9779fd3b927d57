//! A bus error (SIGBUS) ends the reader with the terminal given back. The reader
//! reads its store and search index where they lie in mapped files; a file that
//! another program truncates under it (brief itself never does: it writes a new file
//! and renames it) makes the next read of a page past the new end fault. Nothing can
//! go on after such a fault, but the terminal must not stay in reader mode: a handler
//! writes what [`super::terminal::restore`] writes, sets the terminal's modes back as
//! they were before raw mode, then dies of the signal as it would have.

use std::fs::File;
use std::io::IsTerminal;
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::OnceLock;

use rustix::termios::{OptionalActions, Termios, tcgetattr, tcsetattr};
use signal_hook::consts::SIGBUS;

/// What `restore` writes (crossterm's sequences for the mouse and paste reporting
/// off, the main screen back, the cursor shown), in one constant the handler writes.
const RESTORE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// The terminal raw mode is set on (standard input, else `/dev/tty`, as crossterm
/// picks it) and its modes before raw mode.
struct Saved {
    tty: Option<File>,
    /// None when they could not be read (then only the sequences are written).
    modes: Option<Termios>,
}

impl Saved {
    fn fd(&self) -> BorrowedFd<'_> {
        match &self.tty {
            Some(tty) => tty.as_fd(),
            None => rustix::stdio::stdin(),
        }
    }
}

static SAVED: OnceLock<Saved> = OnceLock::new();

/// Keeps the terminal's modes (before raw mode) and installs the handler; once.
pub(super) fn install() {
    SAVED.get_or_init(|| {
        let tty = (!std::io::stdin().is_terminal())
            .then(|| File::options().read(true).write(true).open("/dev/tty").ok())
            .flatten();
        let modes = match &tty {
            Some(tty) => tcgetattr(tty),
            None => tcgetattr(std::io::stdin()),
        };
        register();
        Saved {
            tty,
            modes: modes.ok(),
        }
    });
}

/// One of the crate's five `unsafe` blocks.
#[allow(unsafe_code)]
fn register() {
    // SAFETY: the action makes only async-signal-safe calls: write(2) of a constant,
    // tcsetattr(3) of modes read before the handler was installed (a OnceLock read
    // once set is an atomic load), and signal-hook's emulation of the default action
    // (sigaction(2), raise(3)). It allocates nothing and takes no lock.
    let registered = unsafe { signal_hook::low_level::register(SIGBUS, give_back_and_die) };
    if let Err(err) = registered {
        log::warn!("no handler for bus errors: {err}");
    }
}

fn give_back_and_die() {
    let _ = rustix::io::write(rustix::stdio::stdout(), RESTORE);
    if let Some((saved, modes)) = SAVED.get().and_then(|s| Some((s, s.modes.as_ref()?))) {
        let _ = tcsetattr(saved.fd(), OptionalActions::Now, modes);
    }
    let _ = signal_hook::low_level::emulate_default_handler(SIGBUS);
}
