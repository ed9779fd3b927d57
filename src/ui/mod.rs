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
mod status;
pub mod text;
mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Mode, Pane, State};

/// Draws the whole screen into the frame.
pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    render(state, area, frame.buffer_mut());
}

/// Draws the whole screen into `buf`. The state's size decides the layout; the
/// buffer's area clips it, so a size out of step with the buffer cannot overflow.
pub fn render(state: &State, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let layout = state.layout();
    if layout.too_small {
        status::too_small(buf, area);
        return;
    }
    for pane in &layout.panes {
        let focused = pane.pane == state.focus;
        match pane.pane {
            Pane::Issues => issues::render(buf, pane, state, focused),
            Pane::Entries => entries::render(buf, pane, state, focused),
            Pane::Detail => detail::render(buf, pane, state, focused),
        }
    }
    for separator in &layout.separators {
        list::separator(buf, *separator);
    }
    if let Some(crumb) = layout.breadcrumb {
        status::breadcrumb(buf, crumb, state);
    }
    status::render(buf, layout.status, state);
    match state.mode {
        Mode::Browse => {}
        Mode::Help => help::render(buf, state),
        Mode::Links => picker::render(buf, state),
        Mode::Log => log::render(buf, state),
    }
}
