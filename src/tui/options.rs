//! What the user configured about the reader itself, resolved once by the command line
//! (flags over the environment over the config file) and handed to [`super::run`].

use std::time::Duration;

use crate::app::{Keymap, MarkRead};
use crate::ui::Theme;

/// How often the reader refreshes its source on its own, by default: at start-up when
/// the last refresh is at least this old.
pub const DEFAULT_REFRESH_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// The reader's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    pub keymap: Keymap,
    /// Already `mono` when `NO_COLOR` asks for no colour.
    pub theme: Theme,
    /// The command that opens a link (the URL is its last argument), split like a shell
    /// would but never run by one; None opens links with the system's opener.
    pub browser: Option<String>,
    /// The browser runs in this terminal (w3m, lynx): the reader gives it the terminal,
    /// waits for it and takes the terminal back.
    pub browser_in_terminal: bool,
    /// The least age of the last refresh before the reader refreshes at start-up; None
    /// never refreshes on its own.
    pub refresh_interval: Option<Duration>,
    pub mark_read: MarkRead,
}

impl Default for ReaderOptions {
    fn default() -> ReaderOptions {
        ReaderOptions {
            keymap: Keymap::default(),
            theme: Theme::default(),
            browser: None,
            browser_in_terminal: false,
            refresh_interval: Some(DEFAULT_REFRESH_INTERVAL),
            mark_read: MarkRead::default(),
        }
    }
}
