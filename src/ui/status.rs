//! The status bar (mode, position, message, key hints), the breadcrumb, and the
//! note shown when the terminal is too small.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::Mode;
use crate::app::keymap::Keymap;
use crate::app::state::{SourceProgress, State};

/// Widest a source's name is shown in the refresh progress.
const SOURCE_COLUMNS: usize = 16;
use crate::text::{display_width, fit, truncate};

pub fn render(buf: &mut Buffer, theme: &Theme, area: Rect, state: &State) {
    let width = usize::from(area.width);
    let badge = format!(" {} ", state.mode.label());
    let (note, style) = note(theme, state);
    let mut position = format!(" {} ", position(state));
    if display_width(&badge) + display_width(&position) + display_width(&note) > width {
        // A message matters more than where we are, which the panes show anyway.
        position = String::new();
    }
    let hints = hints(&state.keymap, state.mode);
    let mut used = display_width(&badge) + display_width(&position);
    let show_hints = used + display_width(&hints) + display_width(&note).max(12) <= width;
    if show_hints {
        used += display_width(&hints);
    }
    let mut cells: Vec<Cell> = vec![(badge, theme.mode_badge), (position, theme.status_bar)];
    cells.push((fit(&note, width.saturating_sub(used)), style));
    if show_hints {
        cells.push((hints, theme.status_bar));
    }
    buf.set_style(area, theme.status_bar);
    list::cells(buf, area, &cells);
}

/// `issue 3/40 · entry 5/19`, or the section when a prose section is selected. The
/// issue counts among those the issue list shows.
pub fn position(state: &State) -> String {
    let total = state.view.len();
    if total == 0 {
        return "no issues".into();
    }
    let mut text = format!("issue {}/{total}", state.issue_row() + 1);
    if let Some((n, count)) = state.entry_position() {
        text.push_str(&format!(" · entry {n}/{count}"));
    } else if let Some(row) = state.current_row() {
        // Counted among the sections the entries pane shows (a bare heading has no row).
        let headers = state.rows.iter().filter(|r| r.entry.is_none());
        let before = headers.clone().filter(|r| r.section < row.section).count();
        text.push_str(&format!(" · section {}/{}", before + 1, headers.count()));
    }
    text
}

/// The message, or refresh progress when there is none; while the library loads,
/// `loading 3,200/10,000` before either.
fn note(theme: &Theme, state: &State) -> (String, ratatui::style::Style) {
    let loading = state.loading.as_ref().map(|l| format!(" {}", l.status()));
    let (text, style) = match &state.message {
        Some(message) => (format!(" {}", message.text), theme.message(message.kind)),
        None => (refresh_progress(state), theme.status_bar),
    };
    match loading {
        Some(loading) if text.is_empty() => (loading, theme.status_bar),
        Some(loading) => (format!("{loading} ·{text}"), style),
        None => (text, style),
    }
}

/// ` fetching 12/40`; with several sources each one still running, by name:
/// ` fetching 嵌入式AI简报 12/40 · Rust…`.
fn refresh_progress(state: &State) -> String {
    let running = &state.refresh.running;
    if running.is_empty() {
        return String::new();
    }
    if let ([progress], false) = (running.as_slice(), state.library.has_several_sources()) {
        return match progress.total {
            0 => " fetching…".to_string(),
            total => format!(" fetching {}/{total}", progress.done),
        };
    }
    let parts: Vec<String> = running
        .iter()
        .map(|p: &SourceProgress| {
            let name = state.library.source_title(&p.source);
            let name = name.unwrap_or(p.source.as_str());
            let name = fit(name, display_width(name).min(SOURCE_COLUMNS));
            match p.total {
                0 => format!("{name}…"),
                total => format!("{name} {}/{total}", p.done),
            }
        })
        .collect();
    format!(" fetching {}", parts.join(" · "))
}

fn hints(keymap: &Keymap, mode: Mode) -> String {
    let hints: Vec<String> = keymap
        .footer_hints(mode)
        .into_iter()
        .map(|(key, help)| format!("{} {help}", key.label()))
        .collect();
    format!("{} ", hints.join(" · "))
}

/// `issue › section › entry` above the single pane of a narrow terminal.
pub fn breadcrumb(buf: &mut Buffer, theme: &Theme, area: Rect, state: &State) {
    let mut parts = Vec::new();
    if let Some(issue) = state.current_issue() {
        parts.push(issue.display_date().to_string());
        if state.focus != crate::app::Pane::Issues
            && let Some(row) = state.current_row()
        {
            parts.push(issue.sections[row.section].path_label());
            parts.extend(state.current_entry().map(|e| e.title().to_string()));
        }
    }
    let text = format!(" {}", parts.join(" › "));
    list::cells(
        buf,
        area,
        &[(fit(&text, usize::from(area.width)), theme.dim)],
    );
}

pub fn too_small(buf: &mut Buffer, theme: &Theme, area: Rect) {
    let note = truncate("terminal too small", usize::from(area.width)).into_owned();
    let y = area.y + area.height / 2;
    let x = area.x + (area.width - display_width(&note) as u16) / 2;
    buf.set_stringn(x, y, &note, usize::from(area.width), theme.dim);
}
