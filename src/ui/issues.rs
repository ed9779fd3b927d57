//! The issue list: date, title, entry count (right-aligned).

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::State;
use crate::app::layout::PaneArea;
use crate::model::Issue;
use crate::text::{fit, fit_right};

const DATE_WIDTH: usize = 10;

/// The issues of the source shown (every source's, interleaved, when all are shown).
pub fn render(buf: &mut Buffer, theme: &Theme, area: &PaneArea, state: &State, focused: bool) {
    let issues = &state.library.issues;
    let view = &state.view;
    let position = format!("{}/{}", state.issue_row() + 1, view.len());
    list::header(buf, theme, area.header, "Issues", &position, focused);
    let count_width = state.entry_count_width;
    let selected = Some((state.issue_row(), focused));
    list::rows(
        buf,
        theme,
        area.body,
        state.issue_offset,
        view.len(),
        selected,
        |i, width| {
            let at = view[i];
            let title = state.titles.get(at).map_or("", String::as_str);
            row(theme, &issues[at], title, width, count_width)
        },
    );
}

/// `2020-06-03 title…      16`: the date and count columns line up whatever the title
/// holds. `title` is what tells the issue apart (`State::titles`).
pub fn row(
    theme: &Theme,
    issue: &Issue,
    title: &str,
    width: usize,
    count_width: usize,
) -> Vec<Cell> {
    let count = issue.entry_count().to_string();
    let date = issue.short_label();
    let fixed = DATE_WIDTH + count_width + 4;
    if width >= fixed + 6 {
        vec![
            (format!(" {} ", fit(&date, DATE_WIDTH)), theme.dim),
            (fit(title, width - fixed), Style::new()),
            (format!(" {} ", fit_right(&count, count_width)), theme.dim),
        ]
    } else if width >= count_width + 6 {
        vec![
            (
                format!(" {}", fit(title, width - count_width - 3)),
                Style::new(),
            ),
            (format!(" {} ", fit_right(&count, count_width)), theme.dim),
        ]
    } else {
        vec![(fit(title, width), Style::new())]
    }
}
