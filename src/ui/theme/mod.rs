//! Colours and emphasis by role, as a value handed to every view. `default` is the
//! colour theme for dark backgrounds, `light` for light ones; `mono` draws with
//! attributes only (bold, reverse, underline) and a `▸` on the focused row, for
//! `NO_COLOR` and terminals without colour. A config file can restyle single roles
//! ([`roles`]).

mod roles;

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

use crate::app::detail::LineStyle;
use crate::app::state::StatusKind;
pub use roles::{
    COLOR_NAMES, ColorParseError, ROLES, StylePatch, color_name, describe, parse_color,
};

/// A style for each thing the views draw. Plain text is unstyled in every theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    /// A pane's title row, focused and not.
    pub header_focused: Style,
    pub header: Style,
    /// The selected row of the focused list, and of the others.
    pub selected_focused: Style,
    pub selected: Style,
    /// Drawn over the first column of the focused list's selected row, if any.
    pub cursor_marker: Option<char>,
    /// Dates, counts, sources: what matters less.
    pub dim: Style,
    /// Section titles and headings.
    pub section: Style,
    pub separator: Style,
    pub status_bar: Style,
    pub mode_badge: Style,
    /// An error in the status bar (drawn over `status_bar`).
    pub error: Style,
    /// The entry's or issue's title in the detail pane.
    pub title: Style,
    pub link_label: Style,
    pub link_url: Style,
    /// The frame of the help, links and log overlays.
    pub border: Style,
    /// A search match, in result rows and the detail pane.
    pub mark: Style,
    pub prompt: Style,
    /// An unread entry's title and its `●` marker, and an issue's unread count.
    pub unread: Style,
    /// The `✦` of an issue first seen since the last visit.
    pub new_issue: Style,
    /// The `★` of a starred entry.
    pub star: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        let bold = Modifier::BOLD;
        let status_bar = Style::new().bg(Color::Blue).fg(Color::White);
        Theme {
            name: "default",
            header_focused: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            header: Style::new().fg(Color::Cyan).add_modifier(bold),
            selected_focused: Style::new().add_modifier(Modifier::REVERSED),
            selected: Style::new().bg(Color::DarkGray),
            cursor_marker: None,
            dim: Style::new().fg(Color::Gray),
            section: Style::new().fg(Color::Yellow).add_modifier(bold),
            separator: Style::new().fg(Color::DarkGray),
            status_bar,
            mode_badge: Style::new()
                .bg(Color::White)
                .fg(Color::Blue)
                .add_modifier(bold),
            error: status_bar.fg(Color::LightRed).add_modifier(bold),
            title: Style::new().add_modifier(bold),
            link_label: Style::new().fg(Color::Cyan),
            link_url: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            border: Style::new().fg(Color::Cyan),
            mark: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            prompt: Style::new().add_modifier(bold),
            unread: Style::new().add_modifier(bold),
            new_issue: Style::new().fg(Color::Green).add_modifier(bold),
            star: Style::new().fg(Color::Yellow),
        }
    }
}

impl Theme {
    /// The names [`Theme::named`] knows.
    pub const NAMES: [&'static str; 3] = ["default", "light", "mono"];

    /// For terminals with a light background: dark text colours, light highlights,
    /// nothing yellow or white on the terminal's own background.
    pub fn light() -> Theme {
        let bold = Modifier::BOLD;
        let on_blue = Style::new().fg(Color::White).bg(Color::Blue);
        Theme {
            name: "light",
            header_focused: on_blue.add_modifier(bold),
            header: Style::new().fg(Color::Blue).add_modifier(bold),
            selected: Style::new().fg(Color::Black).bg(Color::Gray),
            dim: Style::new().fg(Color::DarkGray),
            section: Style::new().fg(Color::Magenta).add_modifier(bold),
            error: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
            link_label: Style::new().fg(Color::Magenta),
            link_url: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            border: Style::new().fg(Color::Blue),
            mark: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(bold),
            star: Style::new().fg(Color::Magenta),
            // The selection (reverse video), the status bar (white on blue), its badge,
            // titles and the prompt read on any background.
            ..Theme::default()
        }
    }

    /// No colour at all: every cell keeps the terminal's own foreground and background.
    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            name: "mono",
            header_focused: reversed.add_modifier(Modifier::BOLD),
            header: bold,
            selected_focused: reversed,
            selected: bold,
            cursor_marker: Some('▸'),
            dim: Style::new(),
            section: bold,
            separator: Style::new(),
            status_bar: reversed,
            // The badge stands out of the reversed bar by not being reversed.
            mode_badge: bold.remove_modifier(Modifier::REVERSED),
            error: bold,
            title: bold,
            link_label: bold,
            link_url: Style::new().add_modifier(Modifier::UNDERLINED),
            border: Style::new(),
            // Not reverse video: the selected result row already is.
            mark: bold.add_modifier(Modifier::UNDERLINED),
            prompt: bold,
            unread: bold,
            new_issue: bold,
            star: Style::new(),
        }
    }

    /// The theme called `name`, if there is one.
    pub fn named(name: &str) -> Option<Theme> {
        match name.to_ascii_lowercase().as_str() {
            "default" => Some(Theme::default()),
            "mono" => Some(Theme::mono()),
            "light" => Some(Theme::light()),
            _ => None,
        }
    }

    /// The theme for the value of `NO_COLOR`: any non-empty value asks for no colour
    /// (<https://no-color.org>), so `mono`.
    pub fn for_no_color(value: Option<&OsStr>) -> Theme {
        match value {
            Some(value) if !value.is_empty() => Theme::mono(),
            _ => Theme::default(),
        }
    }

    pub fn header(&self, focused: bool) -> Style {
        if focused {
            self.header_focused
        } else {
            self.header
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            self.selected_focused
        } else {
            self.selected
        }
    }

    pub fn message(&self, kind: StatusKind) -> Style {
        match kind {
            StatusKind::Info => self.status_bar,
            StatusKind::Error => self.error,
        }
    }

    pub fn line(&self, style: LineStyle) -> Style {
        match style {
            LineStyle::Title => self.title,
            LineStyle::Meta => self.dim,
            LineStyle::Heading => self.section,
            LineStyle::Body => Style::new(),
            LineStyle::LinkLabel => self.link_label,
            LineStyle::LinkUrl => self.link_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_with_any_value_chooses_mono() {
        let chosen = |value: Option<&str>| Theme::for_no_color(value.map(OsStr::new)).name;
        assert_eq!(chosen(None), "default");
        assert_eq!(chosen(Some("")), "default");
        assert_eq!(chosen(Some("1")), "mono");
        assert_eq!(chosen(Some("0")), "mono", "any non-empty value");
    }

    #[test]
    fn every_name_finds_its_theme() {
        for name in Theme::NAMES {
            assert_eq!(Theme::named(name).map(|t| t.name), Some(name));
        }
        assert_eq!(Theme::named("Mono"), Some(Theme::mono()));
        assert_eq!(Theme::named("sepia"), None);
    }

    #[test]
    fn mono_has_no_colour_in_any_role() {
        let theme = Theme::mono();
        for (role, style) in theme.roles() {
            assert_eq!((style.fg, style.bg), (None, None), "{role}");
        }
        assert_ne!(theme.header_focused, theme.header);
        assert_ne!(theme.selected_focused, Style::new());
    }

    /// Colours that vanish on a white or cream background.
    const LIGHT_COLOURS: [Color; 7] = [
        Color::White,
        Color::Yellow,
        Color::LightYellow,
        Color::Gray,
        Color::Cyan,
        Color::LightCyan,
        Color::LightGreen,
    ];

    #[test]
    fn light_writes_no_pale_text_on_the_terminals_background() {
        let theme = Theme::light();
        for (role, style) in theme.roles() {
            if let (Some(fg), None) = (style.fg, style.bg) {
                assert!(!LIGHT_COLOURS.contains(&fg), "{role}: {fg}");
            }
        }
        // The default theme does, which is why light exists: the check can fail.
        let default = Theme::default();
        assert!(default.roles().iter().any(|(_, style)| {
            style.bg.is_none() && style.fg.is_some_and(|fg| LIGHT_COLOURS.contains(&fg))
        }));
        assert_ne!(theme.header_focused, theme.header);
        assert_ne!(theme.selected_focused, theme.selected);
    }

    #[test]
    fn the_cursor_marker_is_one_column() {
        let marker = Theme::mono().cursor_marker.unwrap().to_string();
        assert_eq!(crate::text::display_width(&marker), 1);
    }
}
