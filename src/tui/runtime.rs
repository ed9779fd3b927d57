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
use crate::library::sources::Feed;
use crate::model::{Library, SourceId};

/// Carries out effects off the UI thread where they could block.
pub(super) struct Runtime {
    pub(super) tx: Sender<LoopEvent>,
    /// The sources the library stands for that may be refreshed; none for local files.
    pub(super) feeds: Vec<Feed>,
    pub(super) fetch: FetchOptions,
    pub(super) cancel: Cancel,
    pub(super) search: SearchWorker,
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
            Effect::Refresh(sources) => sources.iter().for_each(|id| self.refresh(id)),
            Effect::Quit => {}
        }
    }

    fn fail(&self, text: String) {
        log::warn!("{text}");
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
                log::warn!("{text}");
                let _ = tx.send(LoopEvent::Action(Action::EffectFailed(text)));
            }
        });
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
