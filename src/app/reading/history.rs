//! The search history: queries run (Enter in the prompt), newest first, without
//! repeats; ↑ in an empty prompt puts the last one in it, ↑ again the one before,
//! ↓ comes back (to an empty prompt at the end).

use crate::app::action::Effect;
use crate::app::keymap::Motion;
use crate::app::state::State;
use crate::store::{Change, MAX_HISTORY};

/// Enter in the prompt: its query goes to the top of the history.
pub fn remember(state: &mut State) -> Vec<Effect> {
    let Some(search) = &state.search else {
        return Vec::new();
    };
    let query = search.prompt.text().trim().to_string();
    state.reading.history_at = None;
    if query.is_empty() || !state.reading.loaded {
        return Vec::new();
    }
    let history = &mut state.reading.history;
    history.retain(|q| *q != query);
    history.insert(0, query.clone());
    history.truncate(MAX_HISTORY);
    vec![Effect::Persist(Change::Searched(query))]
}

/// The text ↑ or ↓ (`motion`) puts in the prompt, when they walk the history: ↑ in
/// an empty prompt, or either while the prompt still holds what they put there.
pub fn step(state: &mut State, motion: Motion) -> Option<String> {
    let text = state.search.as_ref()?.prompt.text();
    let reading = &mut state.reading;
    let walking = reading
        .history_at
        .filter(|&at| reading.history.get(at).is_some_and(|q| q == text));
    let next = match (motion, walking) {
        (Motion::Up, None) if text.is_empty() && !reading.history.is_empty() => Some(0),
        (Motion::Up, Some(at)) => Some((at + 1).min(reading.history.len() - 1)),
        (Motion::Down, Some(0)) => None,
        (Motion::Down, Some(at)) => Some(at - 1),
        _ => {
            reading.history_at = None;
            return None;
        }
    };
    reading.history_at = next;
    Some(next.map_or_else(String::new, |at| reading.history[at].clone()))
}
