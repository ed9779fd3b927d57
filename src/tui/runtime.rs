//! Carries out the state machine's effects: searches, the browser, the clipboard, refreshes.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::execute;

use super::LoopEvent;
use super::browser::{launch_browser, run_browser_here};
use super::pause::InputPause;
use super::search_worker::{SearchJob, SearchWorker};
use super::signals::Foreground;
use super::terminal::TerminalGuard;
use crate::app::{Action, Effect};
use crate::library::cancel::Cancel;
use crate::library::refresh;
use crate::library::remote::FetchOptions;
use crate::library::sources::Feed;
use crate::library::store::search_index::SavedIndex;
use crate::model::{Library, SourceId};
use crate::store::Writer;

/// Carries out effects off the UI thread where they could block.
pub(super) struct Runtime {
    pub(super) tx: Sender<LoopEvent>,
    /// The sources the library stands for that may be refreshed; none for local files.
    pub(super) feeds: Vec<Feed>,
    pub(super) fetch: FetchOptions,
    pub(super) cancel: Cancel,
    pub(super) search: SearchWorker,
    /// Writes the reading state's changes on its own thread.
    pub(super) store: Writer,
    pub(super) browser: Browser,
}

/// How links are opened.
pub(super) struct Browser {
    /// The configured command, else `$BROWSER`; None: the system's opener.
    pub(super) command: Option<String>,
    /// The command runs in this terminal, in the foreground.
    pub(super) in_terminal: bool,
    /// Paused while a browser has the terminal.
    pub(super) input: Arc<InputPause>,
    /// Set while a browser has the terminal (the signal listener leaves the keyboard's
    /// signals to it).
    pub(super) foreground: Arc<Foreground>,
}

impl Runtime {
    pub(super) fn perform(
        &self,
        effect: Effect,
        library: &Arc<Library>,
        terminal: &mut TerminalGuard,
    ) {
        match effect {
            Effect::Search {
                generation,
                query,
                scope,
            } => self.search.search(SearchJob {
                library: Arc::clone(library),
                generation,
                query: Some(query),
                scope,
                saved: None,
            }),
            Effect::OpenUrl(url) => match &self.browser.command {
                Some(command) if self.browser.in_terminal => {
                    self.open_here(command, &url, terminal);
                }
                command => self.open(command.clone(), url),
            },
            Effect::Copy(text) => {
                let copy = CopyToClipboard::to_clipboard_from(text);
                if let Err(err) = execute!(terminal.terminal.backend_mut(), copy) {
                    self.fail(format!("could not copy: {err}"));
                }
            }
            Effect::Refresh(sources) => sources.iter().for_each(|id| self.refresh(id)),
            Effect::PrepareSearch(stored) => {
                let saved = stored.and_then(|marks| {
                    let root = self.fetch.store_root()?;
                    SavedIndex::for_stores(root, &marks, &library.sources)
                });
                self.search.prepare(Arc::clone(library), saved);
            }
            Effect::Persist(change) => self.store.send(change),
            Effect::Suspend => {
                let suspended = terminal.suspend();
                self.after_stop(suspended);
            }
            Effect::Quit => {}
        }
    }

    /// SIGCONT: the reader was stopped (or merely continued); takes the terminal back.
    pub(super) fn continued(&self, terminal: &mut TerminalGuard) {
        let taken = terminal.take_back();
        self.after_stop(taken);
    }

    /// The window may have changed size while the reader was stopped.
    fn after_stop(&self, taken_back: std::io::Result<()>) {
        if let Err(err) = taken_back {
            self.fail(format!("could not take the terminal back: {err}"));
        }
        if let Ok((width, height)) = ratatui::crossterm::terminal::size() {
            let _ = self
                .tx
                .send(LoopEvent::Action(Action::Resize { width, height }));
        }
    }

    /// Reports a failed effect to the state machine, which logs it.
    fn fail(&self, text: String) {
        let _ = self.tx.send(LoopEvent::Action(Action::EffectFailed(text)));
    }

    /// Starts the browser detached, off the UI thread.
    fn open(&self, browser: Option<String>, url: String) {
        let tx = self.tx.clone();
        log::info!("opening {url}");
        thread::spawn(move || {
            let result = match browser {
                Some(browser) => launch_browser(&browser, &url),
                None => open::that_detached(&url).context("no browser found"),
            };
            if let Err(err) = result {
                let text = format!("could not open {url}: {err:#}");
                let _ = tx.send(LoopEvent::Action(Action::EffectFailed(text)));
            }
        });
    }

    /// Runs a browser that lives in the terminal: stops reading input, gives the
    /// terminal up, waits for the browser, takes the terminal back (the next frame is
    /// drawn whole) and only then reads input again.
    fn open_here(&self, browser: &str, url: &str, terminal: &mut TerminalGuard) {
        log::info!("opening {url} in the terminal");
        let paused = self.browser.input.pause();
        self.browser.foreground.start();
        terminal.leave();
        let ran = run_browser_here(browser, url);
        let resumed = terminal.take_back().context("taking the terminal back");
        self.browser.foreground.end();
        drop(paused);
        if let Err(err) = ran.and(resumed) {
            self.fail(format!("could not open {url}: {err:#}"));
        }
    }

    /// Refreshes the source `id` on a thread of its own (its fetch on its own workers),
    /// so that no source waits on another.
    fn refresh(&self, id: &SourceId) {
        let tx = self.tx.clone();
        let source = id.clone();
        let Some(feed) = self.feeds.iter().find(|f| f.id() == *id).cloned() else {
            let outcome = Err("this source cannot be refreshed".to_string());
            let _ = tx.send(LoopEvent::Action(Action::RefreshDone { source, outcome }));
            return;
        };
        let (fetch, cancel) = (self.fetch.clone(), self.cancel.clone());
        thread::spawn(move || {
            let mut progress = |done, total| {
                let source = source.clone();
                let progress = Action::RefreshProgress {
                    source,
                    done,
                    total,
                };
                let _ = tx.send(LoopEvent::Action(progress));
            };
            let outcome = refresh::refresh_feed(&feed, &fetch, &mut progress, &cancel)
                .map(Box::new)
                .map_err(|err| format!("{err:#}"));
            log::info!("refreshed {}", feed.id());
            let _ = tx.send(LoopEvent::Action(Action::RefreshDone { source, outcome }));
        });
    }
}
