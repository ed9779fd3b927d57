//! The log view (`!`): problems met while loading, opening links and refreshing.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list;
use super::overlay;
use crate::app::State;
use crate::text::fit;

const MAX_WIDTH: u16 = 120;

pub fn render(buf: &mut Buffer, state: &State) {
    let title = format!(" Log: {} problems (Esc closes) ", state.log.len());
    let body = overlay::frame(buf, state.size, MAX_WIDTH, &title);
    if state.log.is_empty() {
        list::cells(buf, body, &[(" nothing to report".into(), Style::new())]);
        return;
    }
    list::rows(
        buf,
        body,
        state.log_scroll,
        state.log.len(),
        None,
        |i, width| vec![(fit(&state.log[i], width), Style::new())],
    );
}
