//! The log view (`!`): problems met while loading, opening links and refreshing.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list;
use super::overlay;
use super::theme::Theme;
use crate::app::keymap::OverlayCommand;
use crate::app::layout::LOG_WIDTH;
use crate::app::{Mode, State};
use crate::model::plural;
use crate::text::fit;

pub fn render(buf: &mut Buffer, theme: &Theme, state: &State) {
    let close = state
        .keymap
        .overlay(Mode::Log)
        .first_key(OverlayCommand::Close);
    let name = format!("Log: {}", plural(state.log.len(), "problem", "problems"));
    let title = overlay::title(&name, &[(close, "closes")]);
    let body = overlay::frame(buf, theme, state.size, LOG_WIDTH, &title);
    if state.log.is_empty() {
        list::cells(buf, body, &[(" nothing to report".into(), Style::new())]);
        return;
    }
    let lines = crate::app::log::lines(&state.log, usize::from(body.width));
    list::rows(
        buf,
        theme,
        body,
        state.log_scroll,
        lines.len(),
        None,
        |i, width| vec![(fit(&lines[i], width), Style::new())],
    );
}
