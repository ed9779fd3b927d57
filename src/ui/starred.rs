//! The Starred view (`S`): starred entries of every issue, newest star first.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::overlay;
use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::StarredCommand;
use crate::app::reading::starred::WIDTH;
use crate::model::plural;
use crate::store::Star;
use crate::text::{display_width, fit, fit_right};

const DATE_WIDTH: usize = 10;

pub fn render(buf: &mut Buffer, theme: &Theme, state: &State) {
    let keys = state.keymap.starred();
    let stars = &state.reading.stars;
    let name = format!("Starred: {}", plural(stars.len(), "entry", "entries"));
    let title = overlay::title(
        &name,
        &[
            (keys.first_key(StarredCommand::Open), "opens"),
            (keys.first_key(StarredCommand::Unstar), "unstars"),
            (keys.first_key(StarredCommand::Close), "closes"),
        ],
    );
    let body = overlay::frame(buf, theme, state.size, WIDTH, &title);
    if stars.is_empty() {
        let hint = state
            .keymap
            .browse()
            .first_key(crate::app::keymap::BrowseCommand::ToggleStar)
            .map(|key| format!(": {} on an entry stars it", key.label()))
            .unwrap_or_default();
        let text = format!(" nothing starred yet{hint}");
        list::cells(buf, body, &[(text, Style::new())]);
        return;
    }
    list::rows(
        buf,
        theme,
        body,
        state.reading.starred_offset,
        stars.len(),
        Some((state.reading.starred_cursor, true)),
        |i, width| row(theme, &stars[i], width),
    );
}

/// ` ★ title · publisher        2020-06-03 `.
fn row(theme: &Theme, star: &Star, width: usize) -> Vec<Cell> {
    let date = star.issue_date.as_deref().unwrap_or("");
    let label = match &star.publisher {
        Some(publisher) => format!("{} · {publisher}", star.title),
        None => star.title.clone(),
    };
    let marker = " ★ ";
    let fixed = display_width(marker) + DATE_WIDTH + 2;
    if width < fixed + 8 {
        return vec![(fit(&label, width), Style::new())];
    }
    vec![
        (marker.to_string(), theme.star),
        (fit(&label, width - fixed), Style::new()),
        (format!(" {} ", fit_right(date, DATE_WIDTH)), theme.dim),
    ]
}
