//! The library arriving in parts at a cold start (see [`progressive`]): each part is
//! merged into the library in its order, the place kept by key; until the reader
//! presses a key, the selection goes to the place saved last as soon as its issue is
//! in, else stays on the newest issue. Read marks and stars are asked by key, so they
//! hold for issues arriving later. What needs every issue waits for the last part:
//! pages told from issues, the new issues counted, the load's warnings, a refresh; a
//! search covers what is in, says so, and runs again once all is.

use std::sync::Arc;

use super::action::Effect;
use super::reading::{self, restore_place};
use super::search;
use super::state::State;
use crate::library::progressive::{self, Done};
use crate::model::{Issue, Library, SourceId, plural, thousands};
use crate::store::{Change, KeyMap, Loaded, Position};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    /// Files parsed so far, and in all.
    pub loaded: usize,
    pub total: usize,
    /// No key pressed, no click since the start: the reader has not moved on its own.
    untouched: bool,
    place: Place,
    /// The previous visit to each source, and the date it is shown as, to tell the
    /// new issues once all are in.
    visits: KeyMap<SourceId, (i64, String)>,
    /// A refresh asked for while loading: it starts once all is in.
    refresh_waiting: bool,
    /// Load warnings known at the start (in the log already).
    warnings: usize,
}

/// Where the selection goes while the reader has not moved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// To the newest issue.
    Top,
    /// To the first of these places (most recent first) once its issue is in; to the
    /// first whose issue is there once all are.
    Waiting(Vec<Position>),
    /// Gone back to: kept by key from then on.
    Restored,
}

impl Loading {
    /// `total` files to load; `warnings` load warnings met already.
    pub fn new(total: usize, warnings: usize) -> Loading {
        Loading {
            loaded: 0,
            total,
            untouched: true,
            place: Place::Top,
            visits: KeyMap::default(),
            refresh_waiting: false,
            warnings,
        }
    }

    /// `loading 3,200/10,000`, for the status bar.
    pub fn status(&self) -> String {
        format!(
            "loading {}/{}",
            thousands(self.loaded),
            thousands(self.total)
        )
    }

    /// Whether the selection is the reader's own: a key was pressed (else it is where
    /// the loading put it, not a place to save).
    pub fn is_touched(&self) -> bool {
        !self.untouched
    }
}

/// `searched 3,200 of 10,000 issues`: what a search made while loading covers.
pub fn coverage(covers: (usize, usize)) -> String {
    let (searched, total) = covers;
    format!(
        "searched {} of {} issues",
        thousands(searched),
        thousands(total)
    )
}

/// The reading state `loaded` from the store, while the library is arriving: read
/// marks, stars and the search history hold at once; the place saved last (when
/// `restore_place`) is gone back to once its issue is in, and the new issues are told
/// once all are. `visit_dates` shows each previous visit's time as a date.
pub fn install_reading(
    state: &mut State,
    mut loaded: Loaded,
    restore_place: bool,
    visit_dates: impl Fn(i64) -> String,
) {
    let positions = std::mem::take(&mut loaded.positions);
    let visits = (loaded.last_visit.iter())
        .map(|(source, &at)| (source.clone(), (at, visit_dates(at))))
        .collect();
    state.reading = reading::Reading::from_store(loaded);
    if let Some(loading) = state.loading.as_mut() {
        loading.visits = visits;
        if restore_place && !positions.is_empty() {
            loading.place = Place::Waiting(positions);
        }
    }
    state.reading.set_saved_place((state.issue, state.row));
}

/// A key or a click: the reader moves on its own from now on.
pub fn touched(state: &mut State) {
    if let Some(loading) = state.loading.as_mut() {
        loading.untouched = false;
    }
}

/// A refresh asked for while loading waits for the whole library (it replaces a
/// source's issues, which are still arriving): true when it waits.
pub fn hold_refresh(state: &mut State) -> bool {
    let blocked = state.refresh_blocked.is_some();
    match state.loading.as_mut() {
        Some(loading) if !blocked => {
            loading.refresh_waiting = true;
            true
        }
        _ => false,
    }
}

/// A part arrived: `issues`, with `loaded` files of `total` parsed.
pub fn on_part(state: &mut State, issues: Vec<Issue>, loaded: usize, total: usize) -> Vec<Effect> {
    let Some(loading) = state.loading.as_mut() else {
        return Vec::new();
    };
    loading.loaded = loaded;
    loading.total = total;
    merge(state, |library| progressive::add_part(library, issues));
    // Results on their way are for the library without this part: asked again.
    match state.search.as_ref().is_some_and(search::Search::pending) {
        true => search::on_library_replaced(state),
        false => Vec::new(),
    }
}

/// The last part: the library is whole. The load's warnings go to the log, the new
/// issues are told, a search runs again over every issue, a refresh asked for starts.
pub fn on_done(state: &mut State, mut done: Done) -> Vec<Effect> {
    let Some(loading) = state.loading.as_mut() else {
        return Vec::new();
    };
    loading.loaded = done.total;
    merge(state, |library| progressive::finish(library, &mut done));
    let Some(loading) = state.loading.take() else {
        return Vec::new();
    };
    if let (true, Place::Waiting(positions)) = (loading.untouched, &loading.place) {
        restore_place(state, positions);
        state.reading.set_saved_place((state.issue, state.row));
    }
    let mut notes = Vec::new();
    let warnings = loading.warnings + done.warnings.len();
    state.log.append(&mut done.warnings);
    if warnings > 0 {
        let count = plural(warnings, "load warning", "load warnings");
        notes.push(format!("{count}{}", state.keymap.log_hint()));
    }
    let mut effects = new_issues(state, &loading, &mut notes);
    if state.library.issues.is_empty() {
        let text = format!("no newsletter issues found in {}", state.library_label);
        notes.insert(0, text.clone());
        state.log.push(text);
    }
    if !notes.is_empty() {
        state.say(notes.join(" · "));
    }
    effects.push(Effect::PrepareSearch(done.stored.take()));
    effects.extend(search::on_library_replaced(state));
    if loading.refresh_waiting {
        effects.extend(super::refresh::start(state));
    }
    effects
}

/// The issues first seen since the previous visit are new, said in `notes`; those
/// never seen before are seen now.
fn new_issues(state: &mut State, loading: &Loading, notes: &mut Vec<String>) -> Vec<Effect> {
    if !state.reading.loaded {
        return Vec::new();
    }
    let visits: KeyMap<SourceId, i64> = (loading.visits.iter())
        .map(|(source, (at, _))| (source.clone(), *at))
        .collect();
    let library = Arc::clone(&state.library);
    let unseen = state.reading.see(&library, &visits);
    let since = reading::since(&state.reading, &visits);
    let shown = since.and_then(|at| loading.visits.values().find(|(when, _)| *when == at));
    if let Some((_, date)) = shown {
        let count = state.reading.new_issues.len();
        let count = plural(count, "new issue", "new issues");
        notes.push(format!("{count} since {date}"));
    }
    match unseen.is_empty() {
        true => Vec::new(),
        false => vec![Effect::Persist(Change::Seen(unseen))],
    }
}

/// Changes the library, the place kept by key; until the reader moves, the selection
/// goes where [`Place`] says.
fn merge(state: &mut State, change: impl FnOnce(&mut Library)) {
    let untouched = state.loading.as_ref().is_some_and(|l| l.untouched);
    let saved = state.reading.is_saved_place((state.issue, state.row));
    state.change_library(change);
    if untouched {
        settle(state);
    }
    if saved || untouched {
        state.reading.set_saved_place((state.issue, state.row));
    }
}

/// The reader has not moved: to the saved place once its issue is in, else the top.
fn settle(state: &mut State) {
    let Some(loading) = state.loading.as_mut() else {
        return;
    };
    match &loading.place {
        Place::Restored => {}
        Place::Waiting(positions) => {
            let first = positions.first().map(|p| &p.issue);
            if first.is_some_and(|key| state.library.position(key).is_some()) {
                let positions = positions.clone();
                loading.place = Place::Restored;
                restore_place(state, &positions);
            } else {
                go_to_top(state);
            }
        }
        Place::Top => go_to_top(state),
    }
}

fn go_to_top(state: &mut State) {
    if state.issue_row() != 0 || state.issue_offset != 0 {
        state.select_issue_at(0);
        state.issue_offset = 0;
    }
}
