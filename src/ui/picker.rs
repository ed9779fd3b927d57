//! The link picker (`L`): every link of the entry (section, issue, page), numbered: its
//! text, and its URL on the row below (once, when the text is the URL or empty); a
//! redirect's URL shows where it leads.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::overlay;
use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::LinksCommand;
use crate::model::{Link, shown_url};
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
    let rows = rows(&links);
    let cursor = state.link_cursor;
    let offset = offset(&rows, cursor, body.height);
    let width = usize::from(body.width);
    for (y, row) in (body.y..body.bottom()).zip(rows.iter().skip(offset)) {
        let line = Rect::new(body.x, y, body.width, 1);
        list::cells(buf, line, &row.cells(theme, &links[row.link], width));
        if row.link == cursor {
            list::highlight(buf, theme, line, true);
        }
    }
}

/// One row of the picker: a link's number and text, or its URL.
struct Row {
    link: usize,
    part: Part,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The number and the text; the URL follows on a row of its own.
    Text,
    /// The URL, under its text.
    Url,
    /// The number and the URL, for a link whose text says nothing more.
    NumberedUrl,
}

fn rows(links: &[Link]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (link, item) in links.iter().enumerate() {
        // Every item shows its text, the title link's too: no title hides a label here.
        if item.label("").is_none() {
            rows.push(Row {
                link,
                part: Part::NumberedUrl,
            });
        } else {
            rows.push(Row {
                link,
                part: Part::Text,
            });
            rows.push(Row {
                link,
                part: Part::Url,
            });
        }
    }
    rows
}

/// The first row shown: from the top, unless the cursor's rows would be below the box.
fn offset(rows: &[Row], cursor: usize, height: u16) -> usize {
    let first = rows.iter().position(|r| r.link == cursor).unwrap_or(0);
    let last = rows.iter().rposition(|r| r.link == cursor).unwrap_or(0);
    let height = usize::from(height).max(1);
    (last + 1).saturating_sub(height).min(first)
}

impl Row {
    fn cells(&self, theme: &Theme, link: &Link, width: usize) -> Vec<Cell> {
        let number = format!(" {} ", self.link + 1);
        let rest = width.saturating_sub(display_width(&number));
        match self.part {
            Part::Text => vec![
                (number, theme.dim),
                (fit(link.text.trim(), rest), Style::new()),
            ],
            Part::Url => vec![
                (" ".repeat(display_width(&number)), Style::new()),
                (fit(&shown_url(&link.url), rest), theme.link_url),
            ],
            Part::NumberedUrl => vec![
                (number, theme.dim),
                (fit(&shown_url(&link.url), rest), theme.link_url),
            ],
        }
    }
}
