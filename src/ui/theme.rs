//! Colours and emphasis, in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::app::detail::LineStyle;
use crate::app::state::StatusKind;

pub fn header(focused: bool) -> Style {
    if focused {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().bg(Color::DarkGray)
    }
}

pub fn dim() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn section() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn separator() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn status_bar() -> Style {
    Style::new().bg(Color::Blue).fg(Color::White)
}

pub fn mode_badge() -> Style {
    Style::new()
        .bg(Color::White)
        .fg(Color::Blue)
        .add_modifier(Modifier::BOLD)
}

pub fn message(kind: StatusKind) -> Style {
    match kind {
        StatusKind::Info => status_bar(),
        StatusKind::Error => status_bar()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
    }
}

pub fn line(style: LineStyle) -> Style {
    match style {
        LineStyle::Title => Style::new().add_modifier(Modifier::BOLD),
        LineStyle::Meta => dim(),
        LineStyle::Heading => section(),
        LineStyle::Body => Style::new(),
        LineStyle::LinkLabel => Style::new().fg(Color::Cyan),
        LineStyle::LinkUrl => Style::new()
            .fg(Color::Blue)
            .add_modifier(Modifier::UNDERLINED),
    }
}

pub fn border() -> Style {
    Style::new().fg(Color::Cyan)
}

/// A search match, in result rows and the detail pane.
pub fn mark() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn prompt() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
