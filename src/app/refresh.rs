//! Refreshing in the reader: every source at once, each on its own. A source's issues
//! are replaced as soon as its refresh lands (the others keep theirs, and the reader
//! its place by key); the status bar follows each source's progress and sums up once
//! the last one is done.

use std::collections::HashSet;

use super::action::Effect;
use super::state::{RefreshState, SourceProgress, State};
use super::{reading, search};
use crate::library::refresh::RefreshOutcome;
use crate::model::{Library, SourceId, plural};

/// `r` or the start-up refresh: every refreshable source, unless the reader cannot
/// refresh (local files, `--offline`) or already is.
pub fn start(state: &mut State) -> Vec<Effect> {
    if let Some(reason) = &state.refresh_blocked {
        let text = format!("no refresh: {reason}");
        state.say(text);
        return Vec::new();
    }
    if state.refresh.is_running() {
        state.say("a refresh is already running");
        return Vec::new();
    }
    if state.refreshable.is_empty() {
        state.say("nothing to refresh");
        return Vec::new();
    }
    let sources = state.refreshable.clone();
    state.refresh = RefreshState {
        running: sources
            .iter()
            .map(|source| SourceProgress {
                source: source.clone(),
                done: 0,
                total: 0,
            })
            .collect(),
        started: sources.len(),
        ..RefreshState::default()
    };
    vec![Effect::Refresh(sources)]
}

pub fn on_progress(state: &mut State, source: &SourceId, done: usize, total: usize) {
    let running = state.refresh.running.iter_mut();
    if let Some(progress) = running.into_iter().find(|p| p.source == *source) {
        progress.done = done;
        progress.total = total;
    }
}

/// One source's refresh is done: its issues are replaced (unless it failed or came
/// back empty), its problems logged; the last one to finish says how it all went.
pub fn on_done(
    state: &mut State,
    source: &SourceId,
    outcome: Result<Box<RefreshOutcome>, String>,
) -> Vec<Effect> {
    let before = state.refresh.running.len();
    state.refresh.running.retain(|p| p.source != *source);
    if state.refresh.running.len() == before {
        // Not a refresh this reader asked for (or one it already heard of).
        return Vec::new();
    }
    let name = source_name(state, source);
    let mut effects = Vec::new();
    match outcome {
        Ok(outcome) => {
            let RefreshOutcome {
                library, problems, ..
            } = *outcome;
            state.refresh.problems += problems.len();
            state.log.extend(problems.into_iter().map(|p| match &name {
                Some(name) => format!("{name}: {p}"),
                None => p,
            }));
            if !library.issues.is_empty() {
                state.refresh.new += new_issues(&state.library, source, &library);
                let mut merged = Library::clone(&state.library);
                merged.replace_source(source, library);
                state.replace_library(merged);
                effects = search::on_library_replaced(state);
                effects.extend(reading::after_refresh(state, source));
            }
        }
        Err(err) => {
            let text = match &name {
                Some(name) => format!("refresh of {name} failed: {err}"),
                None => format!("refresh failed: {err}"),
            };
            state.refresh.failures.push(text);
        }
    }
    if !state.refresh.is_running() {
        summarize(state);
    }
    effects
}

/// How many issues of `part` (the refreshed issues of `source`) `library` lacks.
fn new_issues(library: &Library, source: &SourceId, part: &Library) -> usize {
    let known: HashSet<&str> = library
        .issues
        .iter()
        .filter(|i| i.source == *source)
        .map(|i| i.id.as_str())
        .collect();
    part.issues
        .iter()
        .filter(|i| !known.contains(i.id.as_str()))
        .count()
}

/// The source's title when the reader holds several (messages then say whose).
fn source_name(state: &State, source: &SourceId) -> Option<String> {
    state
        .library
        .has_several_sources()
        .then(|| {
            state
                .library
                .source_title(source)
                .unwrap_or(source.as_str())
        })
        .map(str::to_string)
}

/// The status line once every source is done: `up to date`, `3 new issues`, or the
/// counts of new issues and problems (`1 new issue, 1 problem`) with how to see them;
/// a lone source's failure as is.
fn summarize(state: &mut State) {
    let done = std::mem::take(&mut state.refresh);
    if let ([failure], 1) = (done.failures.as_slice(), done.started) {
        state.complain(failure.clone());
        return;
    }
    state.log.extend(done.failures.iter().cloned());
    let problems = done.problems + done.failures.len();
    let new = plural(done.new, "new issue", "new issues");
    match (done.new, problems) {
        (0, 0) => state.say("up to date"),
        (_, 0) => state.say(new),
        (_, p) => {
            let problems = plural(p, "problem", "problems");
            let hint = state.keymap.log_hint();
            state.complain(format!("{new}, {problems}{hint}"));
        }
    }
}
