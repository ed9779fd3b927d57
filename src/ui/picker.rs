//! The link picker (`L`): every link of the entry, numbered, with its URL.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list;
use super::overlay;
use super::theme;
use crate::app::State;
use crate::text::{display_width, fit};

const MAX_WIDTH: u16 = 100;

pub fn render(buf: &mut Buffer, state: &State) {
    let body = overlay::frame(
        buf,
        state.size,
        MAX_WIDTH,
        " Links (Enter opens, y copies) ",
    );
    let links = state.target_links();
    let title = state.target_title();
    let selected = Some((state.link_cursor, true));
    let offset = crate::app::state::keep_visible(state.link_cursor, 0, body.height);
    list::rows(buf, body, offset, links.len(), selected, |i, width| {
        let number = format!(" {} ", i + 1);
        let rest = width.saturating_sub(display_width(&number));
        let link = &links[i];
        let label = match link.label(title) {
            Some(text) => format!("{text}  {}", link.url),
            None => link.url.clone(),
        };
        vec![(number, theme::dim()), (fit(&label, rest), Style::new())]
    });
}
