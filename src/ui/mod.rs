//! Views: draw the reader's state with ratatui. One file per pane; they borrow the
//! state and keep nothing of their own.

mod detail;
mod entries;
mod help;
mod issues;
mod list;
mod log;
mod overlay;
mod picker;
mod search;
mod sources;
mod starred;
mod status;
pub mod theme;

pub use theme::Theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Mode, Pane, State};
use crate::text::display_width;

/// Draws the whole screen into the frame, with the terminal cursor in the search prompt.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    render(state, theme, area, frame.buffer_mut());
    if let Some(position) = cursor_position(state)
        && area.contains(position)
    {
        frame.set_cursor_position(position);
    }
}

/// Where the terminal cursor is shown: in the search prompt, else nowhere.
pub fn cursor_position(state: &State) -> Option<ratatui::layout::Position> {
    if state.mode != Mode::Search || state.layout().too_small {
        return None;
    }
    search::cursor_position(state)
}

/// Draws the whole screen into `buf`. The state's size decides the layout; the
/// buffer's area clips it, so a size out of step with the buffer (a resize the state
/// has not heard of yet) cannot overflow.
pub fn render(state: &State, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if buf.area.union(state.size) == buf.area {
        render_within(state, theme, area, buf);
        return;
    }
    if state.size.is_empty() {
        return;
    }
    let mut whole = Buffer::empty(state.size);
    render_within(state, theme, state.size, &mut whole);
    let shown = area.intersection(state.size);
    for position in shown.positions() {
        let mut cell = whole[position].clone();
        // Half a wide character does not fit.
        if position.x + 1 == shown.right() && display_width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
        buf[position] = cell;
    }
}

/// [`render`] into a buffer that holds the state's whole screen.
fn render_within(state: &State, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let layout = state.layout();
    if layout.too_small {
        status::too_small(buf, theme, area);
        return;
    }
    for pane in &layout.panes {
        let focused = pane.pane == state.focus;
        match pane.pane {
            Pane::Issues => issues::render(buf, theme, pane, state, focused),
            Pane::Entries => entries::render(buf, theme, pane, state, focused),
            Pane::Detail => detail::render(buf, theme, pane, state, focused),
        }
    }
    for separator in &layout.separators {
        list::separator(buf, theme, *separator);
    }
    if let Some(row) = layout.sources {
        sources::render(buf, theme, row, state);
    }
    if let Some(crumb) = layout.breadcrumb {
        status::breadcrumb(buf, theme, crumb, state);
    }
    if let Some(area) = &layout.search {
        search::render(buf, theme, area, state);
    }
    status::render(buf, theme, layout.status, state);
    match state.mode {
        Mode::Browse | Mode::Search => {}
        Mode::Help => help::render(buf, theme, state),
        Mode::Links => picker::render(buf, theme, state),
        Mode::Log => log::render(buf, theme, state),
        Mode::Starred => starred::render(buf, theme, state),
    }
}
