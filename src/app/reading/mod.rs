//! The reading state as the reader holds it: plain sets loaded from the store at
//! start (read marks, stars, issues seen, new issues, the search history), changed
//! here and written by the runtime from [`Effect::Persist`](super::Effect::Persist).
//!
//! Whether an entry is read or starred is asked by position many times a frame, so
//! each issue's answers are worked out once, when the issue is first shown (its entry
//! keys computed, its marks looked through), again when one of its entries changes,
//! and forgotten when the library is replaced.

mod commands;
pub mod history;
pub mod starred;

pub use commands::{
    after_refresh, after_update, current_position, mark_issue_read, next_unread, opened_entry,
    restore_place, space, toggle_read, toggle_star, toggle_unread_only,
};

use super::state::{Row, State, issue_rows};
use crate::model::{EntryKey, Issue, IssueKey, Library, SourceId};
use crate::store::{KeyMap, KeySet, Loaded, ReadSet, Star};

/// What an entry's row shows of the reading state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub read: bool,
    pub starred: bool,
}

#[derive(Debug, Default)]
pub struct Reading {
    /// Whether a reading state was loaded. Until then (a state built on its own, in a
    /// test) nothing is known to be read or unread, and no marker is drawn.
    pub loaded: bool,
    pub read: ReadSet,
    /// Newest star first.
    pub stars: Vec<Star>,
    starred: KeySet<EntryKey>,
    /// Issues first seen since the previous visit, or brought by a refresh.
    pub new_issues: KeySet<IssueKey>,
    /// Issues seen, and when (as the store said; 0 for those first seen in this run).
    seen: KeyMap<IssueKey, i64>,
    /// The entries pane shows only unread entries.
    pub unread_only: bool,
    /// Searches, newest first.
    pub history: Vec<String>,
    /// Which search ↑ has put in the prompt, while it is there.
    pub history_at: Option<usize>,
    /// The Starred view's cursor and first row.
    pub starred_cursor: usize,
    pub starred_offset: usize,
    /// (issue, row) when the place was last saved.
    saved_place: Option<(usize, usize)>,
    /// Each issue's entries' flags, by position in the library, once worked out.
    flags: Vec<Option<Box<[Flags]>>>,
}

impl Reading {
    /// The reading state `loaded` from the store, for `library`: its issues that were
    /// first seen since the previous visit are new, and all of them now seen.
    pub fn from_loaded(loaded: Loaded, library: &Library) -> Reading {
        Reading::install(loaded, library).0
    }

    /// [`Reading::from_loaded`], and the library's issues never seen before.
    fn install(loaded: Loaded, library: &Library) -> (Reading, Vec<IssueKey>) {
        let last_visit = loaded.last_visit.clone();
        let mut reading = Reading::from_store(loaded);
        let unseen = reading.see(library, &last_visit);
        (reading, unseen)
    }

    /// What the store holds, before any issue is looked at: nothing is new yet (see
    /// [`Reading::see`]).
    pub fn from_store(loaded: Loaded) -> Reading {
        let starred = loaded.stars.iter().map(|s| s.key.clone()).collect();
        Reading {
            loaded: true,
            read: loaded.read,
            stars: loaded.stars,
            starred,
            seen: loaded.first_seen,
            history: loaded.history,
            ..Reading::default()
        }
    }

    /// Looks at `library`'s issues: those first seen since the previous visit to their
    /// source (`last_visit`: see [`Loaded::is_new`]) are new; those never seen before
    /// are seen now, and returned.
    pub fn see(&mut self, library: &Library, last_visit: &KeyMap<SourceId, i64>) -> Vec<IssueKey> {
        let mut unseen = Vec::new();
        for issue in &library.issues {
            let key = issue.key();
            let seen = self.seen.get(&key);
            let new = last_visit
                .get(&key.source)
                .is_some_and(|&visit| seen.is_none_or(|&seen| seen > visit));
            if seen.is_none() {
                unseen.push(key.clone());
            }
            if new {
                self.new_issues.insert(key);
            }
        }
        self.seen.extend(unseen.iter().map(|key| (key.clone(), 0)));
        unseen
    }

    /// Whether the place `(issue, row)` needs no saving.
    pub fn is_saved_place(&self, place: (usize, usize)) -> bool {
        self.saved_place == Some(place)
    }

    /// The place `(issue, row)` needs no saving (it is where the reader was left, or
    /// was saved already).
    pub fn set_saved_place(&mut self, place: (usize, usize)) {
        self.saved_place = Some(place);
    }

    /// Works out issue `index`'s flags if they are not known yet.
    pub fn prepare(&mut self, library: &Library, index: usize) {
        if self.flags.get(index).is_some_and(Option::is_some) {
            return;
        }
        self.update(library, index);
    }

    /// Works out issue `index`'s flags again (one of its entries changed).
    fn update(&mut self, library: &Library, index: usize) {
        let Some(issue) = library.issues.get(index) else {
            return;
        };
        if self.flags.len() < library.issues.len() {
            self.flags.resize(library.issues.len(), None);
        }
        let starred: Vec<bool> = match self.starred.is_empty() {
            true => vec![false; issue.entry_count()],
            false => issue
                .entry_keys()
                .iter()
                .map(|k| self.starred.contains(k))
                .collect(),
        };
        let flags = self
            .read
            .read_flags(issue)
            .into_iter()
            .zip(starred)
            .map(|(read, starred)| Flags { read, starred })
            .collect();
        self.flags[index] = Some(flags);
    }

    /// Works out again the flags of the issue `key` belongs to, if it is shown.
    fn changed(&mut self, library: &Library, key: &EntryKey) {
        if let Some(index) = library.position(&key.issue) {
            self.update(library, index);
        }
    }

    /// The library was replaced: positions mean other issues now.
    pub fn forget_positions(&mut self) {
        self.flags.clear();
        self.saved_place = None;
    }

    /// The flags of the `ordinal`th entry of issue `issue`; `None` when no reading
    /// state is loaded or the issue was not prepared.
    pub fn flags(&self, issue: usize, ordinal: usize) -> Option<Flags> {
        let flags = self.flags.get(issue)?.as_ref().filter(|_| self.loaded)?;
        flags.get(ordinal).copied()
    }

    pub fn is_read(&self, issue: usize, ordinal: usize) -> Option<bool> {
        self.flags(issue, ordinal).map(|f| f.read)
    }

    pub fn is_starred(&self, issue: usize, ordinal: usize) -> bool {
        self.flags(issue, ordinal).is_some_and(|f| f.starred)
    }

    /// Unread entries of issue `issue`, when known.
    pub fn unread_count(&self, issue: usize) -> Option<usize> {
        let flags = self.flags.get(issue)?.as_ref().filter(|_| self.loaded)?;
        Some(flags.iter().filter(|f| !f.read).count())
    }

    /// Unread entries of the issues of `source` (of every source for `None`), when a
    /// reading state is loaded. Exact for the issues whose flags are worked out; the
    /// others count their marks, which needs no entry keys (so it stays cheap at every
    /// frame) and is exact unless an entry marked read has left its issue since.
    pub fn unread_of(&self, library: &Library, source: Option<&SourceId>) -> Option<usize> {
        let by_source = self.unread_by_source(library)?;
        Some(unread_in(&by_source, source))
    }

    /// [`Reading::unread_of`] for every source at once, in one pass over the library.
    pub fn unread_by_source(&self, library: &Library) -> Option<KeyMap<SourceId, usize>> {
        if !self.loaded {
            return None;
        }
        let mut counts = KeyMap::<SourceId, usize>::default();
        for (index, issue) in library.issues.iter().enumerate() {
            let unread = self.unread_count(index).unwrap_or_else(|| {
                let marked = self.read.marked_in(&issue.key());
                issue.entry_count().saturating_sub(marked)
            });
            *counts.entry(issue.source.clone()).or_default() += unread;
        }
        Some(counts)
    }

    /// Marks `key` read (`read`) or unread; false when it already was.
    fn set_read(&mut self, library: &Library, key: &EntryKey, read: bool) -> bool {
        let changed = match read {
            true => self.read.insert(key),
            false => self.read.remove(key),
        };
        if changed {
            self.changed(library, key);
        }
        changed
    }

    pub fn is_new(&self, issue: &Issue) -> bool {
        self.loaded && !self.new_issues.is_empty() && self.new_issues.contains(&issue.key())
    }

    fn star(&mut self, library: &Library, star: Star) {
        self.starred.insert(star.key.clone());
        let key = star.key.clone();
        self.stars.insert(0, star);
        self.changed(library, &key);
    }

    fn unstar(&mut self, library: &Library, key: &EntryKey) {
        self.starred.remove(key);
        self.stars.retain(|s| &s.key != key);
        self.changed(library, key);
    }

    /// The entries pane's rows of issue `index`: all of them, or with the unread-only
    /// filter its unread entries under their sections' headers.
    fn rows(&mut self, library: &Library, index: usize) -> Vec<Row> {
        let Some(issue) = library.issues.get(index) else {
            return Vec::new();
        };
        let rows = issue_rows(issue);
        if !self.unread_only || !self.loaded {
            return rows;
        }
        self.prepare(library, index);
        let mut ordinal = 0;
        let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
        for row in rows {
            if row.entry.is_none() {
                kept.push(row);
                continue;
            }
            if self.is_read(index, ordinal) == Some(false) {
                kept.push(row);
            }
            ordinal += 1;
        }
        // A header without an unread entry after it goes.
        let mut filtered = Vec::with_capacity(kept.len());
        for (at, row) in kept.iter().enumerate() {
            let followed = kept.get(at + 1).is_some_and(|next| next.entry.is_some());
            if row.entry.is_some() || followed {
                filtered.push(*row);
            }
        }
        filtered
    }
}

/// Of the counts of [`Reading::unread_by_source`], those of `source` (of every source
/// for `None`).
pub fn unread_in(by_source: &KeyMap<SourceId, usize>, source: Option<&SourceId>) -> usize {
    match source {
        None => by_source.values().sum(),
        Some(id) => by_source.get(id).copied().unwrap_or(0),
    }
}

/// What [`install`] found.
#[derive(Debug, Default)]
pub struct Installed {
    /// The library's issues never seen before: to record as seen.
    pub unseen: Vec<IssueKey>,
    /// The previous visit to the sources of the new issues (the latest), if any.
    pub since: Option<i64>,
}

/// Puts the reading state `loaded` from the store in `state` and, when
/// `restore_place`, goes back to where the reader was left.
pub fn install(state: &mut State, mut loaded: Loaded, restore_place: bool) -> Installed {
    let positions = std::mem::take(&mut loaded.positions);
    let last_visit = loaded.last_visit.clone();
    let (reading, unseen) = Reading::install(loaded, &state.library);
    state.reading = reading;
    if restore_place {
        commands::restore_place(state, &positions);
    }
    // Where the reader starts needs no saving.
    state.reading.saved_place = Some((state.issue, state.row));
    let since = since(&state.reading, &last_visit);
    state.sync();
    Installed { unseen, since }
}

/// The previous visit to the sources of the new issues (the latest), if any.
pub fn since(reading: &Reading, last_visit: &KeyMap<SourceId, i64>) -> Option<i64> {
    let visits = reading.new_issues.iter();
    visits
        .filter_map(|key| last_visit.get(&key.source))
        .max()
        .copied()
}

/// Runs `change` with the unread-only filter off (the entries pane shows every entry),
/// then puts the filter back, the selection kept on its entry.
pub fn unfiltered(state: &mut State, change: impl FnOnce(&mut State)) {
    if !state.reading.unread_only {
        return change(state);
    }
    commands::set_unread_only(state, false);
    change(state);
    commands::set_unread_only(state, true);
}

/// The rows of the selected issue, as the entries pane shows them.
pub fn current_rows(state: &mut State) -> Vec<Row> {
    state.reading.rows(&state.library, state.issue)
}

/// What the views will ask about: the issues on the issue list's `visible_rows` and
/// the selected one.
pub fn prepare_visible(state: &mut State, visible_rows: std::ops::Range<usize>) {
    let library = std::sync::Arc::clone(&state.library);
    let shown = visible_rows.filter_map(|row| state.view.get(row).copied());
    let shown: Vec<usize> = shown.collect();
    for index in shown.into_iter().chain(std::iter::once(state.issue)) {
        state.reading.prepare(&library, index);
    }
}

/// The reading-order position of the selected row's entry.
pub fn current_ordinal(state: &State) -> Option<usize> {
    let row = state.current_row()?;
    state
        .current_issue()?
        .entry_ordinal(row.section, row.entry?)
}

/// The key of the selected entry.
pub fn current_key(state: &State) -> Option<EntryKey> {
    let ordinal = current_ordinal(state)?;
    state.current_issue()?.entry_keys().into_iter().nth(ordinal)
}
