//! The help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::overlay;
use super::theme;
use crate::app::{Mode, State, keymap};
use crate::text::fit;

pub const MAX_WIDTH: u16 = 64;
const KEYS_WIDTH: usize = 22;

pub fn render(buf: &mut Buffer, state: &State) {
    let body = overlay::frame(buf, state.size, MAX_WIDTH, " Keys (Esc closes) ");
    let lines = lines();
    list::rows(
        buf,
        body,
        state.help_scroll,
        lines.len(),
        None,
        |i, width| lines[i].cells(width),
    );
}

enum HelpRow {
    Title(&'static str),
    Binding(keymap::HelpLine),
    Blank,
}

impl HelpRow {
    fn cells(&self, width: usize) -> Vec<Cell> {
        match self {
            HelpRow::Title(title) => vec![(fit(title, width), theme::section())],
            HelpRow::Binding(line) => {
                let keys = width.min(KEYS_WIDTH);
                vec![
                    (
                        fit(&format!("  {}", line.keys), keys),
                        theme::line(crate::app::detail::LineStyle::LinkLabel),
                    ),
                    (fit(line.help, width - keys), Style::new()),
                ]
            }
            HelpRow::Blank => Vec::new(),
        }
    }
}

/// Must give as many rows as `app::state::help_line_count`.
fn lines() -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for mode in Mode::ALL {
        rows.push(HelpRow::Title(title(mode)));
        rows.extend(keymap::help_lines(mode).into_iter().map(HelpRow::Binding));
        rows.push(HelpRow::Blank);
    }
    rows
}

fn title(mode: Mode) -> &'static str {
    match mode {
        Mode::Browse => "Reading",
        Mode::Search => "Search (/, type: title: source: section: date: in:this -not)",
        Mode::Help => "This help",
        Mode::Links => "Link picker (L)",
        Mode::Log => "Log (!)",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn help_rows_match_the_count_the_state_scrolls_by() {
        assert_eq!(super::lines().len(), crate::app::state::help_line_count());
    }
}
