//! Shared by the reader's tests: drive the state machine and read a drawn screen.
#![allow(dead_code)]

use brief::app::{Action, Effect, Key, State, update};
use brief::model::Library;
use brief::search::Index;
use brief::text::display_width;
use brief::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A state of `size`, after pressing `keys` (searches answered at once).
pub fn state_after(library: Library, width: u16, height: u16, keys: &[Key]) -> State {
    let mut state = State::new(library, "fixtures", width, height);
    for &key in keys {
        press(&mut state, key);
    }
    state
}

/// Presses `key` and answers any search it asks for, as the runtime would.
pub fn press(state: &mut State, key: Key) -> Vec<Effect> {
    let effects = update(state, Action::Key(key));
    answer(state, effects)
}

/// Types `text` one character at a time, answering each search.
pub fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, Key::Char(c));
    }
}

/// Runs the searches among `effects` synchronously and feeds their results back;
/// returns the other effects.
pub fn answer(state: &mut State, effects: Vec<Effect>) -> Vec<Effect> {
    let mut rest = Vec::new();
    for effect in effects {
        match effect {
            Effect::Search {
                generation,
                query,
                scope,
            } => {
                let hits = Index::build(&state.library).search(&query, scope);
                update(state, Action::SearchResults { generation, hits });
            }
            other => rest.push(other),
        }
    }
    rest
}

/// The screen in the default theme.
pub fn draw(state: &State) -> Buffer {
    draw_with(state, &Theme::default())
}

pub fn draw_with(state: &State, theme: &Theme) -> Buffer {
    let area = Rect::new(0, 0, state.size.width, state.size.height);
    let mut buf = Buffer::empty(area);
    brief::ui::render(state, theme, area, &mut buf);
    buf
}

/// The rows of `buf` as text: each wide character once, cells it hides skipped.
pub fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut x = area.left();
            while x < area.right() {
                let symbol = buf[(x, y)].symbol();
                row.push_str(symbol);
                x += display_width(symbol).max(1) as u16;
            }
            row
        })
        .collect()
}

/// The screen as text for snapshots: rows with trailing spaces removed.
pub fn screen_text(buf: &Buffer) -> String {
    rows(buf)
        .iter()
        .map(|r| r.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}
