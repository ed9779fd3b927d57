//! The link picker (`L`): every link of the entry, numbered, with its URL.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list;
use super::overlay;
use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::LinksCommand;
use crate::text::{display_width, fit};

const MAX_WIDTH: u16 = 100;

pub fn render(buf: &mut Buffer, theme: &Theme, state: &State) {
    let links_keys = state.keymap.links();
    let notes = [
        (links_keys.first_key(LinksCommand::OpenLink), "opens"),
        (links_keys.first_key(LinksCommand::CopyLink), "copies"),
    ];
    let heading = overlay::title("Links", &notes);
    let body = overlay::frame(buf, theme, state.size, MAX_WIDTH, &heading);
    let links = state.target_links();
    let title = state.target_title();
    let selected = Some((state.link_cursor, true));
    let offset = crate::app::state::keep_visible(state.link_cursor, 0, body.height);
    list::rows(
        buf,
        theme,
        body,
        offset,
        links.len(),
        selected,
        |i, width| {
            let number = format!(" {} ", i + 1);
            let rest = width.saturating_sub(display_width(&number));
            let link = &links[i];
            let label = match link.label(title) {
                Some(text) => format!("{text}  {}", link.url),
                None => link.url.clone(),
            };
            vec![(number, theme.dim), (fit(&label, rest), Style::new())]
        },
    );
}
