//! Carries out the state machine's effects: searches, the browser, the clipboard, refreshes.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;

use anyhow::Context;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::execute;

use super::LoopEvent;
use super::browser::launch_browser;
use super::search_worker::{SearchJob, SearchWorker};
use super::terminal::TerminalGuard;
use crate::app::{Action, Effect};
use crate::library::cancel::Cancel;
use crate::library::refresh;
use crate::library::remote::FetchOptions;
use crate::library::source::Source;
use crate::model::Library;
use crate::store::Writer;

/// Carries out effects off the UI thread where they could block.
pub(super) struct Runtime {
    pub(super) tx: Sender<LoopEvent>,
    /// The source the library stands for; None when reading local files.
    pub(super) source: Option<Source>,
    pub(super) fetch: FetchOptions,
    pub(super) cancel: Cancel,
    pub(super) search: SearchWorker,
    /// Writes the reading state's changes on its own thread.
    pub(super) store: Writer,
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
            }),
            Effect::OpenUrl(url) => self.open(url),
            Effect::Copy(text) => {
                let copy = CopyToClipboard::to_clipboard_from(text);
                if let Err(err) = execute!(terminal.terminal.backend_mut(), copy) {
                    self.fail(format!("could not copy: {err}"));
                }
            }
            Effect::Refresh => self.refresh(),
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

    fn open(&self, url: String) {
        let tx = self.tx.clone();
        let browser = std::env::var("BROWSER")
            .ok()
            .filter(|b| !b.trim().is_empty());
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

    fn refresh(&self) {
        let Some(source) = self.source.clone() else {
            self.fail("local files cannot be refreshed".to_string());
            return;
        };
        let tx = self.tx.clone();
        let (fetch, cancel) = (self.fetch.clone(), self.cancel.clone());
        thread::spawn(move || {
            let mut progress = |done, total| {
                let _ = tx.send(LoopEvent::Action(Action::RefreshProgress { done, total }));
            };
            let outcome = refresh::refresh(&source, &fetch, &mut progress, &cancel)
                .map(Box::new)
                .map_err(|err| format!("{err:#}"));
            let _ = tx.send(LoopEvent::Action(Action::RefreshDone(outcome)));
        });
    }
}
