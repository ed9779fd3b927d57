//! The Starred view (`S`): starred entries of every issue, newest star first, drawn
//! from the copy kept with each star, so entries whose issue is gone stay.

use super::commands::mark_key_read;
use crate::app::action::Effect;
use crate::app::keymap::{Mode, StarredCommand};
use crate::app::layout::{self, LOG_WIDTH};
use crate::app::links::{self, LinkTarget};
use crate::app::state::{State, keep_visible};
use crate::store::Change;

/// Width of the Starred view's box (its border included), at most.
pub const WIDTH: u16 = LOG_WIDTH;

/// `S`: opens the view with the cursor on the newest star.
pub fn show(state: &mut State) {
    state.mode = Mode::Starred;
    state.reading.starred_cursor = 0;
    state.reading.starred_offset = 0;
}

/// Rows the view shows at once.
pub fn page(state: &State) -> usize {
    usize::from(layout::overlay_body(state.size, WIDTH).height).max(1)
}

pub fn on_key(state: &mut State, command: StarredCommand) -> Vec<Effect> {
    match command {
        StarredCommand::Move(motion) => {
            let last = state.reading.stars.len().saturating_sub(1);
            let delta = motion.delta(page(state) as isize);
            let cursor = &mut state.reading.starred_cursor;
            *cursor = cursor.saturating_add_signed(delta).min(last);
        }
        StarredCommand::Open => return open(state),
        StarredCommand::Unstar => return unstar(state),
        StarredCommand::Close => state.mode = Mode::Browse,
        StarredCommand::Suspend => return vec![Effect::Suspend],
        StarredCommand::Quit => return vec![Effect::Quit],
    }
    keep_cursor_visible(state);
    Vec::new()
}

fn keep_cursor_visible(state: &mut State) {
    let height = u16::try_from(page(state)).unwrap_or(u16::MAX);
    let reading = &mut state.reading;
    reading.starred_cursor = reading
        .starred_cursor
        .min(reading.stars.len().saturating_sub(1));
    reading.starred_offset = keep_visible(reading.starred_cursor, reading.starred_offset, height);
}

/// Enter: opens the starred entry's link; the entry is read.
fn open(state: &mut State) -> Vec<Effect> {
    let Some(star) = state.reading.stars.get(state.reading.starred_cursor) else {
        state.say("nothing starred yet");
        return Vec::new();
    };
    let Some(url) = star.url.clone() else {
        state.say("this entry has no link");
        return Vec::new();
    };
    let key = star.key.clone();
    let library = std::sync::Arc::clone(&state.library);
    let from = library.position(&key.issue).map(|at| &library.issues[at]);
    match links::classify(&url, &library, from) {
        LinkTarget::Web(url) => {
            state.say(format!("opened {url}"));
            let mut effects = vec![Effect::OpenUrl(url)];
            effects.extend(mark_key_read(state, key));
            effects
        }
        LinkTarget::Issue(index) => {
            state.select_issue(index);
            state.mode = Mode::Browse;
            Vec::new()
        }
        LinkTarget::Page(index) => {
            state.open_page(index);
            Vec::new()
        }
        LinkTarget::Refused(reason) => {
            state.complain(reason);
            Vec::new()
        }
    }
}

/// `s`: the star under the cursor goes.
fn unstar(state: &mut State) -> Vec<Effect> {
    let Some(star) = state.reading.stars.get(state.reading.starred_cursor) else {
        return Vec::new();
    };
    let key = star.key.clone();
    let title = star.title.clone();
    let library = std::sync::Arc::clone(&state.library);
    state.reading.unstar(&library, &key);
    keep_cursor_visible(state);
    state.say(format!("unstarred {title}"));
    vec![Effect::Persist(Change::Unstar(key))]
}
