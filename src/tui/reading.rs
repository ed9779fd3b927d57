//! The reading state at start and at exit: `state.db` opened and loaded before the
//! first frame, the store's writer thread started, and at exit the visit recorded and
//! every change written before the reader returns.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc::Sender;

use super::LoopEvent;
use crate::app::loading::{self, Loading};
use crate::app::reading;
use crate::app::state::{StatusKind, StatusMessage};
use crate::app::{Action, State};
use crate::model::{SourceId, plural};
use crate::store::{self, Change, Writer};

/// The sources of the library's issues; while it is loading, those it lists.
fn sources(state: &State) -> Vec<SourceId> {
    if state.loading.is_some() {
        return state.library.sources.iter().map(|s| s.id.clone()).collect();
    }
    let sources: BTreeSet<&SourceId> = state.library.issues.iter().map(|i| &i.source).collect();
    sources.into_iter().cloned().collect()
}

/// Loads the reading state of the library's sources into `state` (its place too when
/// `restore_place`), says what is new or what went wrong, and starts the writer.
pub(super) fn start(
    state: &mut State,
    data_dir: &Path,
    restore_place: bool,
    tx: Sender<LoopEvent>,
) -> Writer {
    let opened = store::open(data_dir, &sources(state));
    let installed = match state.loading.is_some() {
        true => {
            loading::install_reading(state, opened.loaded, restore_place, store::local_date);
            reading::Installed::default()
        }
        false => reading::install(state, opened.loaded, restore_place),
    };
    let mut notes: Vec<String> = state.message.take().map(|m| m.text).into_iter().collect();
    if let Some(since) = installed.since {
        let count = plural(state.reading.new_issues.len(), "new issue", "new issues");
        notes.push(format!("{count} since {}", store::local_date(since)));
    }
    let kind = match opened.notice {
        Some(notice) => {
            log::warn!("{notice}");
            state.log.push(notice.clone());
            notes.insert(0, notice);
            StatusKind::Error
        }
        None => StatusKind::Info,
    };
    if !notes.is_empty() {
        let text = notes.join(" · ");
        state.message = Some(StatusMessage { kind, text });
    }
    let writer = Writer::spawn(opened.store, move |text| {
        let _ = tx.send(LoopEvent::Action(Action::EffectFailed(text)));
    });
    if !installed.unseen.is_empty() {
        writer.send(Change::Seen(installed.unseen));
    }
    writer
}

/// The reader is closing: its place is saved once more (the last reader closed is the
/// one whose place the next start finds), the visit recorded (what it showed is not
/// new next time), and everything written. Closed while the library was still
/// loading, the place is saved only if the reader moved (else it is where the loading
/// put it), and the visit does not count (the issues not loaded yet were not seen).
pub(super) fn finish(state: &State, writer: Writer) {
    let whole = state.loading.is_none();
    let moved = state.loading.as_ref().is_none_or(Loading::is_touched);
    if state.reading.loaded
        && moved
        && let Some(position) = reading::current_position(state)
    {
        writer.send(Change::Position(position));
    }
    if whole {
        writer.send(Change::Visited(sources(state)));
    }
    writer.finish();
}
