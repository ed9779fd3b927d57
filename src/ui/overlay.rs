//! The bordered box help, link picker and log are drawn in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Widget};

use super::theme::Theme;
use crate::app::Key;
use crate::app::layout;
use crate::text::{clean, display_width, truncate};

/// Clears and frames an overlay box over `screen`; returns its inside.
pub fn frame(buf: &mut Buffer, theme: &Theme, screen: Rect, max_width: u16, title: &str) -> Rect {
    let outer = layout::overlay(screen, max_width);
    if outer.width < 3 || outer.height < 3 {
        return Rect::default();
    }
    split_wide_characters_at(buf, outer.x, outer.top()..outer.bottom());
    split_wide_characters_at(buf, outer.right(), outer.top()..outer.bottom());
    Clear.render(outer, buf);
    let title = truncate(&clean(title), usize::from(outer.width - 2)).into_owned();
    Block::bordered()
        .border_style(theme.border)
        .title(title)
        .render(outer, buf);
    layout::overlay_body(screen, max_width)
}

/// An overlay's title with notes on its keys, ` Links (Enter opens, y copies) `: each
/// note with the key bound to it, left out when none is.
pub fn title(name: &str, notes: &[(Option<Key>, &str)]) -> String {
    let notes: Vec<String> = notes
        .iter()
        .filter_map(|(key, note)| Some(format!("{} {note}", key.as_ref()?.label())))
        .collect();
    if notes.is_empty() {
        format!(" {name} ")
    } else {
        format!(" {name} ({}) ", notes.join(", "))
    }
}

/// A wide character just left of column `x` would reach into it: blank it, so the
/// overlay's border is not hidden behind half a character.
fn split_wide_characters_at(buf: &mut Buffer, x: u16, rows: std::ops::Range<u16>) {
    let Some(left) = x.checked_sub(1) else {
        return;
    };
    for y in rows {
        if let Some(cell) = buf.cell_mut((left, y))
            && display_width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
