//! The help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::overlay;
use super::theme::Theme;
use crate::app::Key;
use crate::app::keymap::{BrowseCommand, HelpLine, Keymap, OverlayCommand};
use crate::app::{Mode, State};
use crate::text::fit;

pub const MAX_WIDTH: u16 = 64;
const KEYS_WIDTH: usize = 22;

pub fn render(buf: &mut Buffer, theme: &Theme, state: &State) {
    let close = state
        .keymap
        .overlay(Mode::Help)
        .first_key(OverlayCommand::Close);
    let title = overlay::title("Keys", &[(close, "closes")]);
    let body = overlay::frame(buf, theme, state.size, MAX_WIDTH, &title);
    let lines = lines(&state.keymap);
    list::rows(
        buf,
        theme,
        body,
        state.help_scroll,
        lines.len(),
        None,
        |i, width| lines[i].cells(theme, width),
    );
}

enum HelpRow {
    Title(String),
    Binding(HelpLine),
    Blank,
}

impl HelpRow {
    fn cells(&self, theme: &Theme, width: usize) -> Vec<Cell> {
        match self {
            HelpRow::Title(title) => vec![(fit(title, width), theme.section)],
            HelpRow::Binding(line) => {
                let keys = width.min(KEYS_WIDTH);
                vec![
                    (fit(&format!("  {}", line.keys), keys), theme.link_label),
                    (fit(line.help, width - keys), Style::new()),
                ]
            }
            HelpRow::Blank => Vec::new(),
        }
    }
}

/// Must give as many rows as `app::state::help_line_count`.
fn lines(keymap: &Keymap) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for mode in Mode::ALL {
        rows.push(HelpRow::Title(title(keymap, mode)));
        rows.extend(keymap.help_lines(mode).into_iter().map(HelpRow::Binding));
        rows.push(HelpRow::Blank);
    }
    rows
}

/// A mode's heading, with the key that enters it.
fn title(keymap: &Keymap, mode: Mode) -> String {
    let key = |command| keymap.browse().first_key(command);
    let with_key = |name: &str, key: Option<Key>| match key {
        Some(key) => format!("{name} ({})", key.label()),
        None => name.to_string(),
    };
    match mode {
        Mode::Browse => "Reading".into(),
        Mode::Search => {
            let opens = key(BrowseCommand::Search).map(|k| format!("{}, ", k.label()));
            let syntax = "type: title: source: section: date: in:this -not";
            format!("Search ({}{syntax})", opens.unwrap_or_default())
        }
        Mode::Help => "This help".into(),
        Mode::Links => with_key("Link picker", key(BrowseCommand::ShowLinks)),
        Mode::Log => with_key("Log", key(BrowseCommand::ShowLog)),
        Mode::Starred => with_key("Starred", key(BrowseCommand::ShowStarred)),
    }
}

#[cfg(test)]
mod tests {
    use crate::app::Keymap;
    use crate::app::state::help_line_count;

    #[test]
    fn help_rows_match_the_count_the_state_scrolls_by() {
        let keymap = Keymap::default();
        assert_eq!(super::lines(&keymap).len(), help_line_count(&keymap));
        let keymap = keymap
            .with_override(crate::app::Mode::Log, crate::app::Key::Char('j'), None)
            .unwrap();
        assert_eq!(super::lines(&keymap).len(), help_line_count(&keymap));
    }
}
