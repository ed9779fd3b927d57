//! The selected issue's entries, grouped under section headers.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::State;
use crate::app::layout::PaneArea;
use crate::app::state::Row;
use crate::model::{Issue, Section, plural};
use crate::text::{display_width, fit, fit_right};

pub fn render(buf: &mut Buffer, theme: &Theme, area: &PaneArea, state: &State, focused: bool) {
    let Some(issue) = state.current_issue() else {
        list::header(buf, theme, area.header, "Entries", "", focused);
        return;
    };
    let title = issue.display_date();
    let count = match state.entry_position() {
        Some((n, total)) => format!("{n}/{total}"),
        None => plural(issue.entry_count(), "entry", "entries"),
    };
    list::header(buf, theme, area.header, title, &count, focused);
    let selected = Some((state.row, focused));
    list::rows(
        buf,
        theme,
        area.body,
        state.row_offset,
        state.rows.len(),
        selected,
        |i, width| {
            let marks = Marks::of(state, issue, state.rows[i]);
            row(theme, issue, state.rows[i], width, marks)
        },
    );
}

/// What an entry's row shows of the reading state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// `None` when no reading state is loaded: no marker then.
    pub read: Option<bool>,
    pub starred: bool,
}

impl Marks {
    fn of(state: &State, issue: &Issue, row: Row) -> Marks {
        let ordinal = row.entry.and_then(|e| issue.entry_ordinal(row.section, e));
        let Some(ordinal) = ordinal else {
            return Marks::default();
        };
        Marks {
            read: state.reading.is_read(state.issue, ordinal),
            starred: state.reading.is_starred(state.issue, ordinal),
        }
    }
}

/// A section header by its path (`Updates from the Rust Project › Compiler · 3`), or
/// an indented entry with its source (or a redirect's destination host) right-aligned:
/// `●` and bold while unread, `★` before a starred one's title.
pub fn row(theme: &Theme, issue: &Issue, row: Row, width: usize, marks: Marks) -> Vec<Cell> {
    let section = &issue.sections[row.section];
    let Some(entry) = row.entry.and_then(|e| section.entries.get(e)) else {
        return vec![(section_label(section, width), theme.section)];
    };
    let (marker, style) = match marks.read {
        Some(false) => (" ● ", theme.unread),
        Some(true) => ("   ", Style::new()),
        None => ("  ", Style::new()),
    };
    let mut cells = vec![(marker.to_string(), style)];
    if marks.starred {
        cells.push(("★ ".to_string(), theme.star));
    }
    let used = cells
        .iter()
        .map(|(text, _)| display_width(text))
        .sum::<usize>();
    let source_width = (width / 4).min(14);
    let hint = entry.source_hint();
    // A redirect's destination is too long for the column: its host says enough here.
    let hint = match (entry.source(), hint.as_deref()) {
        (None, Some(destination)) => destination.split('/').next(),
        (_, hint) => hint,
    };
    match hint {
        Some(source) if width >= 30 => cells.extend([
            (
                format!("{} ", fit(entry.title(), width - source_width - 2 - used)),
                style,
            ),
            (format!("{} ", fit_right(source, source_width)), theme.dim),
        ]),
        _ => cells.push((fit(entry.title(), width.saturating_sub(used)), style)),
    }
    cells
}

/// ` Updates from the Rust Project › Compiler · 3` in `width` columns: a path too long
/// loses its beginning (`…ust Project › Compiler · 3`), the nearest headings and the
/// title staying; the count always shows.
fn section_label(section: &Section, width: usize) -> String {
    let count = format!(" · {}", section.entries.len());
    let path = section.path_label();
    let room = width.saturating_sub(display_width(&count) + 1);
    let shown = if display_width(&path) <= room {
        path
    } else {
        list::keep_end(&path, room)
    };
    fit(&format!(" {shown}{count}"), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_loses_its_beginning_and_keeps_its_count() {
        let section = Section {
            title: "Cargo".into(),
            parents: vec![
                "Updates from the Rust Project".into(),
                "Final Comment Period".into(),
            ],
            ..Section::default()
        };
        let at = |width| {
            let label = section_label(&section, width);
            assert_eq!(display_width(&label), width);
            label.trim_end().to_string()
        };
        assert_eq!(
            at(80),
            " Updates from the Rust Project › Final Comment Period › Cargo · 0"
        );
        assert_eq!(at(40), " …ect › Final Comment Period › Cargo · 0");
        assert_eq!(at(20), " …Period › Cargo · 0");
        assert_eq!(at(8), " …go · 0");
        assert_eq!(at(5), "  · 0");
    }
}
