//! The log view (`!`): problems met while loading, opening links and refreshing.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list;
use super::overlay;
use super::theme::Theme;
use crate::app::keymap::OverlayCommand;
use crate::app::{Mode, State};
use crate::text::fit;

const MAX_WIDTH: u16 = 120;

pub fn render(buf: &mut Buffer, theme: &Theme, state: &State) {
    let close = state
        .keymap
        .overlay(Mode::Log)
        .first_key(OverlayCommand::Close);
    let name = format!("Log: {} problems", state.log.len());
    let title = overlay::title(&name, &[(close, "closes")]);
    let body = overlay::frame(buf, theme, state.size, MAX_WIDTH, &title);
    if state.log.is_empty() {
        list::cells(buf, body, &[(" nothing to report".into(), Style::new())]);
        return;
    }
    list::rows(
        buf,
        theme,
        body,
        state.log_scroll,
        state.log.len(),
        None,
        |i, width| vec![(fit(&state.log[i], width), Style::new())],
    );
}
