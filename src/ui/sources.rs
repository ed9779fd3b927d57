//! The source row above the panes: "all sources" and each source with its issue count
//! and unread entries, the one shown marked. Drawn only when the library holds several sources.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::list;
use super::theme::Theme;
use crate::app::State;
use crate::app::sources::{current_tab, tab_labels, tab_places};
use crate::text::fit;

pub fn render(buf: &mut Buffer, theme: &Theme, area: Rect, state: &State) {
    let current = current_tab(state);
    let labels = tab_labels(state);
    for (tab, x, width) in tab_places(&labels, current, area.width) {
        let label = fit(&labels[tab], usize::from(width));
        let style = match tab == current {
            true => theme.header(true),
            false => theme.dim,
        };
        let cell = Rect::new(area.x + x, area.y, width, 1);
        list::cells(buf, cell, &[(label, style)]);
    }
}
