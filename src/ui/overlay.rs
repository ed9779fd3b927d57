//! The bordered box help, link picker and log are drawn in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Widget};

use super::text::{clean, truncate};
use super::theme;
use crate::app::layout;

/// Clears and frames an overlay box over `screen`; returns its inside.
pub fn frame(buf: &mut Buffer, screen: Rect, max_width: u16, title: &str) -> Rect {
    let outer = layout::overlay(screen, max_width);
    if outer.width < 3 || outer.height < 3 {
        return Rect::default();
    }
    Clear.render(outer, buf);
    let title = truncate(&clean(title), usize::from(outer.width - 2)).into_owned();
    Block::bordered()
        .border_style(theme::border())
        .title(title)
        .render(outer, buf);
    layout::overlay_body(screen, max_width)
}
