//! What can happen to the reader (actions) and what it asks the outside world to do (effects).

use crate::library::progressive::Done;
use crate::library::refresh::RefreshOutcome;
use crate::library::store::StoreMark;
use crate::model::{Issue, SourceId};
use crate::search::{Hit, Query, Scope};
use crate::store::Change;

use super::keymap::Key;

/// An input to [`super::update`]: a key, a mouse event, a new terminal size, or news
/// from background work (sent from other threads through the event loop).
#[derive(Debug)]
pub enum Action {
    Key(Key),
    Mouse(Mouse),
    Resize {
        width: u16,
        height: u16,
    },
    /// Bracketed paste: typed into the search prompt, ignored while browsing.
    Paste(String),
    /// An effect could not be carried out (browser failed to start, clipboard write failed).
    EffectFailed(String),
    /// How far the refresh of `source` got: issue files done out of those known so far.
    RefreshProgress {
        source: SourceId,
        done: usize,
        total: usize,
    },
    /// The refresh of `source` finished: its library as now cached, or why not.
    RefreshDone {
        source: SourceId,
        outcome: Result<Box<RefreshOutcome>, String>,
    },
    /// Start a refresh of every source without a key press (the reader's hourly
    /// refresh at start-up).
    StartRefresh,
    /// A part of the library loaded in the background at a cold start: its issues,
    /// and how many files are parsed so far of all (see [`super::loading`]).
    LibraryPart {
        issues: Vec<Issue>,
        loaded: usize,
        total: usize,
    },
    /// The last part: the library is whole.
    LibraryLoaded(Box<Done>),
    /// The hits of the query sent with [`Effect::Search`] of the same generation.
    SearchResults {
        generation: u64,
        hits: Vec<Hit>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    ScrollUp,
    ScrollDown,
}

/// Work for the runtime: the state machine itself never does IO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open an http, https or mailto URL (already checked) in the browser.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Start a background refresh of these sources, each on its own.
    Refresh(Vec<SourceId>),
    /// Give the terminal back and stop, as SIGTSTP's default action would; take the
    /// terminal again and redraw everything when continued.
    Suspend,
    /// Search the current library off the UI thread and answer with
    /// [`Action::SearchResults`] of the same generation. A newer request makes an
    /// older one stale: the runtime may skip it.
    Search {
        generation: u64,
        query: Query,
        scope: Scope,
    },
    /// Index the library for searching ahead of the first query (it is whole now):
    /// from the search index saved from these stores when they hold the library (a
    /// warm start), else built.
    PrepareSearch(Option<Vec<StoreMark>>),
    /// Save a change to the reading state; the runtime's store thread writes it, so
    /// the next frame does not wait for it.
    Persist(Change),
    Quit,
}
