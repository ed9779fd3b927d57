//! The issue list: date, title, entry count (right-aligned).

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::State;
use crate::app::layout::PaneArea;
use crate::model::Issue;
use crate::text::{display_width, fit, fit_right};

const DATE_WIDTH: usize = 10;

/// The issues of the source shown (every source's, interleaved, when all are shown).
pub fn render(buf: &mut Buffer, theme: &Theme, area: &PaneArea, state: &State, focused: bool) {
    let issues = &state.library.issues;
    let view = &state.view;
    let position = format!("{}/{}", state.issue_row() + 1, view.len());
    list::header(buf, theme, area.header, "Issues", &position, focused);
    // With reading state, `unread/total`: room for both numbers.
    let count_width = match state.reading.loaded {
        true => state.entry_count_width * 2 + 1,
        false => state.entry_count_width,
    };
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
            let marks = Marks {
                unread: state.reading.unread_count(at),
                new: state.reading.is_new(&issues[at]),
            };
            row(theme, &issues[at], title, width, count_width, marks)
        },
    );
}

/// What an issue's row shows of the reading state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// Unread entries, when known.
    pub unread: Option<usize>,
    /// First seen since the last visit.
    pub new: bool,
}

/// `2020-06-03 ✦ title…   3/16`: the date and count columns line up whatever the
/// title holds; the count is `unread/total` while some are unread, `✦` marks a new
/// issue. `title` is what tells the issue apart (`State::titles`).
pub fn row(
    theme: &Theme,
    issue: &Issue,
    title: &str,
    width: usize,
    count_width: usize,
    marks: Marks,
) -> Vec<Cell> {
    let total = issue.entry_count();
    let count = match marks.unread {
        Some(unread) if unread > 0 => (format!("{unread}/{total}"), theme.unread),
        _ => (total.to_string(), theme.dim),
    };
    let count_cell =
        |count: &(String, Style)| (format!(" {} ", fit_right(&count.0, count_width)), count.1);
    let date = issue.short_label();
    let badge = if marks.new { "✦ " } else { "" };
    let title_width = |room: usize| room.saturating_sub(display_width(badge));
    let fixed = DATE_WIDTH + count_width + 4;
    if width >= fixed + 6 {
        vec![
            (format!(" {} ", fit(&date, DATE_WIDTH)), theme.dim),
            (badge.to_string(), theme.new_issue),
            (fit(title, title_width(width - fixed)), Style::new()),
            count_cell(&count),
        ]
    } else if width >= count_width + 6 {
        vec![
            (format!(" {badge}"), theme.new_issue),
            (
                fit(title, title_width(width - count_width - 3)),
                Style::new(),
            ),
            count_cell(&count),
        ]
    } else {
        vec![(fit(title, width), Style::new())]
    }
}
