//! The reading-state keys of browse mode, and what the reader does by itself: mark an
//! opened entry read, remember the place, see the issues a refresh brings.

use std::sync::Arc;

use super::{current_key, current_ordinal, current_rows};
use crate::app::action::Effect;
use crate::app::keymap::{BrowseCommand, Mode};
use crate::app::mark_read::MarkRead;
use crate::app::state::{DetailTarget, Pane, State};
use crate::model::{EntryKey, Issue, IssueKey, SourceId, plural};
use crate::store::{Change, Position, Star};

fn persist(change: Change) -> Effect {
    Effect::Persist(change)
}

/// ` (M marks the whole issue read)`: the key bound to `command` and what it does, or
/// nothing when no key is.
fn key_hint(state: &State, command: BrowseCommand, does: &str) -> String {
    let key = state.keymap.browse().first_key(command);
    key.map(|key| format!(" ({} {does})", key.label()))
        .unwrap_or_default()
}

/// The selected entry's key, or `None` after saying why there is none.
fn selected_entry(state: &mut State) -> Option<EntryKey> {
    if !state.reading.loaded {
        state.say("no reading state here");
        return None;
    }
    if state.focus == Pane::Issues {
        let hint = key_hint(
            state,
            BrowseCommand::MarkIssueRead,
            "marks the whole issue read",
        );
        state.say(format!("select an entry first{hint}"));
        return None;
    }
    let key = current_key(state);
    if key.is_none() {
        state.say("no entry selected");
    }
    key
}

/// `m`: the selected entry read, or unread again.
pub fn toggle_read(state: &mut State) -> Vec<Effect> {
    let Some(key) = selected_entry(state) else {
        return Vec::new();
    };
    let library = Arc::clone(&state.library);
    if state.reading.set_read(&library, &key, false) {
        state.say("marked unread");
        vec![persist(Change::Unread(vec![key]))]
    } else {
        state.reading.set_read(&library, &key, true);
        state.say("marked read");
        vec![persist(Change::Read(vec![key]))]
    }
}

/// `M`: every entry of the selected issue read, from any pane.
pub fn mark_issue_read(state: &mut State) -> Vec<Effect> {
    if !state.reading.loaded {
        state.say("no reading state here");
        return Vec::new();
    }
    let Some(issue) = state.current_issue() else {
        return Vec::new();
    };
    let keys: Vec<EntryKey> = issue
        .entry_keys()
        .into_iter()
        .filter(|key| !state.reading.read.contains(key))
        .collect();
    if keys.is_empty() {
        state.say("every entry of this issue is read already");
        return Vec::new();
    }
    let library = Arc::clone(&state.library);
    for key in &keys {
        state.reading.set_read(&library, key, true);
    }
    state.say(format!(
        "marked {} read",
        plural(keys.len(), "entry", "entries")
    ));
    vec![persist(Change::Read(keys))]
}

/// `s`: stars the selected entry, or takes its star away.
pub fn toggle_star(state: &mut State) -> Vec<Effect> {
    let Some(key) = selected_entry(state) else {
        return Vec::new();
    };
    if state.reading.stars.iter().any(|s| s.key == key) {
        let library = Arc::clone(&state.library);
        state.reading.unstar(&library, &key);
        state.say("unstarred");
        return vec![persist(Change::Unstar(key))];
    }
    let (Some(issue), Some(entry)) = (state.current_issue(), state.current_entry()) else {
        return Vec::new();
    };
    let star = Star::of(issue, entry, key);
    let library = Arc::clone(&state.library);
    state.reading.star(&library, star.clone());
    let hint = key_hint(state, BrowseCommand::ShowStarred, "shows the starred");
    state.say(format!("starred{hint}"));
    vec![persist(Change::Star(Box::new(star)))]
}

/// `u`: only unread entries in the entries pane, or all again; the selection stays
/// on its entry (else the next one shown).
pub fn toggle_unread_only(state: &mut State) {
    set_unread_only(state, !state.reading.unread_only);
    if !state.reading.unread_only {
        state.say("all entries");
    } else if state.rows.is_empty() {
        state.say("only unread entries: none left in this issue");
    } else {
        state.say("only unread entries");
    }
}

/// Turns the unread-only filter on or off, the selection kept on its entry.
pub(super) fn set_unread_only(state: &mut State, on: bool) {
    let ordinal = current_ordinal(state);
    state.reading.unread_only = on;
    rebuild_rows(state, ordinal);
}

/// Rebuilds the entries pane's rows and selects the entry at `ordinal` (reading
/// order), else the first shown after it, else the last.
fn rebuild_rows(state: &mut State, ordinal: Option<usize>) {
    state.rows = current_rows(state);
    let ordinals: Vec<Option<usize>> = row_ordinals(state);
    let target = ordinal.and_then(|wanted| {
        ordinals
            .iter()
            .position(|o| o.is_some_and(|o| o >= wanted))
            .or_else(|| ordinals.iter().rposition(Option::is_some))
    });
    state.row = target
        .or_else(|| state.rows.iter().position(|r| r.selectable))
        .unwrap_or(0);
    state.row_offset = 0;
    state.detail_scroll = 0;
}

/// Each row's entry ordinal, `None` for headers.
fn row_ordinals(state: &State) -> Vec<Option<usize>> {
    let Some(issue) = state.current_issue() else {
        return Vec::new();
    };
    state
        .rows
        .iter()
        .map(|row| issue.entry_ordinal(row.section, row.entry?))
        .collect()
}

/// Space: a page down the detail's text while there is more, else the next unread entry.
pub fn space(state: &mut State) {
    if state.focus == Pane::Detail && state.detail_scroll < state.detail_max_scroll() {
        let height = state
            .layout()
            .pane(Pane::Detail)
            .map_or(1, |p| usize::from(p.body.height));
        state.detail_scroll += height.saturating_sub(1).max(1);
        return;
    }
    next_unread(state);
}

/// The next unread entry after the selected one, in this issue or the ones below it,
/// wrapping around to the top once (newsboat's next-unread). From the issue list, the
/// selected issue's first unread entry counts.
pub fn next_unread(state: &mut State) {
    let count = state.library.issues.len();
    let from = match state.focus {
        Pane::Issues => 0,
        _ => current_ordinal(state).map_or(0, |o| o + 1),
    };
    let library = Arc::clone(&state.library);
    for step in 0..=count {
        let index = (state.issue + step) % count.max(1);
        state.reading.prepare(&library, index);
        let entries = library.issues.get(index).map_or(0, Issue::entry_count);
        let range = match step {
            0 => from..entries,
            s if s == count => 0..from.min(entries),
            _ => 0..entries,
        };
        let found = range
            .into_iter()
            .find(|&o| state.reading.is_read(index, o) == Some(false));
        if let Some(ordinal) = found {
            go_to_entry(state, index, ordinal);
            return;
        }
    }
    state.say("no unread entries left");
}

fn go_to_entry(state: &mut State, index: usize, ordinal: usize) {
    if index != state.issue {
        state.select_issue(index);
        let id = state
            .current_issue()
            .map(|i| i.id.clone())
            .unwrap_or_default();
        state.say(format!("next unread: issue {id}"));
    }
    let ordinals = row_ordinals(state);
    if let Some(row) = ordinals.iter().position(|&o| o == Some(ordinal)) {
        state.select_row(row);
    }
    if state.focus == Pane::Issues {
        state.focus = Pane::Entries;
    }
}

/// A link of the selected entry was opened: the entry is read.
pub fn opened_entry(state: &mut State) -> Vec<Effect> {
    if !state.reading.loaded || !matches!(state.detail_target(), DetailTarget::Entry { .. }) {
        return Vec::new();
    }
    mark_selected_read(state)
}

fn mark_selected_read(state: &mut State) -> Vec<Effect> {
    match current_key(state) {
        Some(key) => mark_key_read(state, key),
        None => Vec::new(),
    }
}

/// Marks `key` read, if it was not.
pub(super) fn mark_key_read(state: &mut State, key: EntryKey) -> Vec<Effect> {
    let library = Arc::clone(&state.library);
    if state.reading.loaded && state.reading.set_read(&library, &key, true) {
        vec![persist(Change::Read(vec![key]))]
    } else {
        Vec::new()
    }
}

/// After every action: with `mark_read = "select"` the selected entry is read once
/// it is selected in the entries or detail pane; the place is saved when it moved.
pub fn after_update(state: &mut State) -> Vec<Effect> {
    if !state.reading.loaded || state.mode != Mode::Browse {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if state.mark_read == MarkRead::Select && state.focus != Pane::Issues {
        let ordinal = current_ordinal(state);
        let unread = ordinal.and_then(|o| state.reading.is_read(state.issue, o)) == Some(false);
        if unread {
            effects.extend(mark_selected_read(state));
        }
    }
    let place = (state.issue, state.row);
    if state.reading.saved_place != Some(place) {
        state.reading.saved_place = Some(place);
        effects.extend(current_position(state).map(|p| persist(Change::Position(p))));
    }
    effects
}

/// Where the reader is: the selected issue, and its selected entry.
pub fn current_position(state: &State) -> Option<Position> {
    Some(Position {
        issue: state.current_issue()?.key(),
        entry: current_key(state).map(|key| key.entry),
    })
}

/// Back at the place saved last (the most recent of `positions` whose issue is in the
/// library): its issue, and its entry when it is still there.
pub fn restore_place(state: &mut State, positions: &[Position]) {
    let found = positions.iter().find_map(|position| {
        let index = state.library.position(&position.issue)?;
        Some((index, position.entry_key()))
    });
    let Some((index, entry)) = found else {
        return;
    };
    state.select_issue(index);
    let ordinal = entry.and_then(|key| {
        let keys = state.current_issue()?.entry_keys();
        keys.iter().position(|k| *k == key)
    });
    if let Some(ordinal) = ordinal
        && let Some(row) = row_ordinals(state).iter().position(|&o| o == Some(ordinal))
    {
        state.select_row(row);
    }
}

/// The refresh of `source` replaced its issues: those not seen before are new, and now
/// seen; the source was refreshed now.
pub fn after_refresh(state: &mut State, source: &SourceId) -> Vec<Effect> {
    if !state.reading.loaded {
        return Vec::new();
    }
    let reading = &mut state.reading;
    let fresh: Vec<IssueKey> = state
        .library
        .issues
        .iter()
        .filter(|issue| issue.source == *source)
        .map(Issue::key)
        .filter(|key| reading.seen.insert(key.clone(), 0).is_none())
        .collect();
    reading.new_issues.extend(fresh.iter().cloned());
    let mut effects = vec![persist(Change::Refreshed(source.clone()))];
    if !fresh.is_empty() {
        effects.push(persist(Change::Seen(fresh)));
    }
    effects
}
