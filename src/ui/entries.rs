//! The selected issue's entries, grouped under section headers.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::State;
use crate::app::layout::PaneArea;
use crate::app::state::Row;
use crate::model::Issue;
use crate::model::plural;
use crate::text::{fit, fit_right};

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
        |i, width| row(theme, issue, state.rows[i], width),
    );
}

/// A section header by its path (`Updates from the Rust Project › Compiler · 3`), or
/// an indented entry with its source (or a redirect's destination host) right-aligned.
pub fn row(theme: &Theme, issue: &Issue, row: Row, width: usize) -> Vec<Cell> {
    let section = &issue.sections[row.section];
    let Some(entry) = row.entry.and_then(|e| section.entries.get(e)) else {
        let label = format!(" {} · {}", section.path_label(), section.entries.len());
        return vec![(fit(&label, width), theme.section)];
    };
    let source_width = (width / 4).min(14);
    let hint = entry.source_hint();
    // A redirect's destination is too long for the column: its host says enough here.
    let hint = match (entry.source(), hint.as_deref()) {
        (None, Some(destination)) => destination.split('/').next(),
        (_, hint) => hint,
    };
    match hint {
        Some(source) if width >= 30 => vec![
            (
                format!("  {} ", fit(entry.title(), width - source_width - 4)),
                Style::new(),
            ),
            (format!("{} ", fit_right(source, source_width)), theme.dim),
        ],
        _ => vec![(
            format!("  {}", fit(entry.title(), width.saturating_sub(2))),
            Style::new(),
        )],
    }
}
