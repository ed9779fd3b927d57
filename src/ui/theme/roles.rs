//! The theme's roles by their stable names (what a config file's `[theme]` table
//! restyles), colours by name, and the change a config makes to one role.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use super::Theme;

/// Every role's config name, in the order of [`Theme`]'s fields.
pub const ROLES: [&str; 19] = [
    "header_focused",
    "header",
    "selected_focused",
    "selected",
    "dim",
    "section",
    "separator",
    "status_bar",
    "mode_badge",
    "error",
    "title",
    "link_label",
    "link_url",
    "border",
    "mark",
    "prompt",
    "unread",
    "new_issue",
    "star",
];

/// The colour names a config may use (besides `#rrggbb` and `0`–`255`); `bright-` and
/// `light-` are the same, as are `grey` and `gray`.
pub const COLOR_NAMES: [&str; 17] = [
    "reset",
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "bright-red",
    "bright-green",
    "bright-yellow",
    "bright-blue",
    "bright-magenta",
    "bright-cyan",
    "white",
];

/// A colour that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown color {0:?} (a name, \"#rrggbb\" or a 256-colour index \"0\" to \"255\")")]
pub struct ColorParseError(pub String);

/// A colour as a config writes it: a name (`red`, `bright-blue`, `dark-gray`),
/// `#rrggbb`, or a 256-colour palette index (`"208"`).
pub fn parse_color(text: &str) -> Result<Color, ColorParseError> {
    Color::from_str(text.trim()).map_err(|_| ColorParseError(text.to_string()))
}

/// What a config changes in one role: colours set, attributes turned on or off;
/// everything it leaves out stays as the theme has it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StylePatch {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub add: Modifier,
    pub remove: Modifier,
}

impl StylePatch {
    /// The attributes a patch can switch, by config name.
    pub const MODIFIERS: [(&'static str, Modifier); 5] = [
        ("bold", Modifier::BOLD),
        ("dim", Modifier::DIM),
        ("italic", Modifier::ITALIC),
        ("underlined", Modifier::UNDERLINED),
        ("reversed", Modifier::REVERSED),
    ];

    pub fn apply(self, style: Style) -> Style {
        let mut style = style.remove_modifier(self.remove).add_modifier(self.add);
        if let Some(fg) = self.fg {
            style = style.fg(fg);
        }
        if let Some(bg) = self.bg {
            style = style.bg(bg);
        }
        style
    }
}

impl Theme {
    /// Each role's name and style, in [`ROLES`] order.
    pub fn roles(&self) -> [(&'static str, Style); ROLES.len()] {
        let styles = [
            self.header_focused,
            self.header,
            self.selected_focused,
            self.selected,
            self.dim,
            self.section,
            self.separator,
            self.status_bar,
            self.mode_badge,
            self.error,
            self.title,
            self.link_label,
            self.link_url,
            self.border,
            self.mark,
            self.prompt,
            self.unread,
            self.new_issue,
            self.star,
        ];
        let mut named = [("", Style::new()); ROLES.len()];
        for (slot, (name, style)) in named.iter_mut().zip(ROLES.into_iter().zip(styles)) {
            *slot = (name, style);
        }
        named
    }

    /// The role called `name` (one of [`ROLES`]), to restyle.
    pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "header_focused" => &mut self.header_focused,
            "header" => &mut self.header,
            "selected_focused" => &mut self.selected_focused,
            "selected" => &mut self.selected,
            "dim" => &mut self.dim,
            "section" => &mut self.section,
            "separator" => &mut self.separator,
            "status_bar" => &mut self.status_bar,
            "mode_badge" => &mut self.mode_badge,
            "error" => &mut self.error,
            "title" => &mut self.title,
            "link_label" => &mut self.link_label,
            "link_url" => &mut self.link_url,
            "border" => &mut self.border,
            "mark" => &mut self.mark,
            "prompt" => &mut self.prompt,
            "unread" => &mut self.unread,
            "new_issue" => &mut self.new_issue,
            "star" => &mut self.star,
            _ => return None,
        })
    }

    /// Applies `patch` to the role called `name`; false when there is no such role.
    pub fn restyle(&mut self, name: &str, patch: StylePatch) -> bool {
        match self.role_mut(name) {
            Some(style) => {
                *style = patch.apply(*style);
                true
            }
            None => false,
        }
    }
}

/// A style as a config would write it: `fg = "red", bg = "#ff8800", bold = true`.
pub fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    for (name, color) in [("fg", style.fg), ("bg", style.bg)] {
        if let Some(color) = color {
            parts.push(format!("{name} = \"{}\"", color_name(color)));
        }
    }
    for (name, modifier) in StylePatch::MODIFIERS {
        if style.add_modifier.contains(modifier) {
            parts.push(format!("{name} = true"));
        }
    }
    if parts.is_empty() {
        "plain".to_string()
    } else {
        parts.join(", ")
    }
}

/// A colour's config spelling, which [`parse_color`] reads back.
pub fn color_name(color: Color) -> String {
    let named = COLOR_NAMES
        .into_iter()
        .find(|name| Color::from_str(name) == Ok(color));
    match (named, color) {
        (Some(name), _) => name.to_string(),
        (None, Color::Indexed(index)) => index.to_string(),
        (None, Color::Rgb(r, g, b)) => format!("#{r:02x}{g:02x}{b:02x}"),
        (None, other) => other.to_string().to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_name_reaches_its_role() {
        let mut theme = Theme::mono();
        for (name, style) in Theme::default().roles() {
            let slot = theme.role_mut(name).expect(name);
            *slot = style;
        }
        assert_eq!(
            Theme {
                name: "default",
                cursor_marker: None,
                ..theme
            },
            Theme::default()
        );
        assert!(theme.clone().role_mut("sidebar").is_none());
    }

    #[test]
    fn colours_parse_by_name_hex_and_index() {
        assert_eq!(parse_color("red"), Ok(Color::Red));
        assert_eq!(parse_color("bright-blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("Dark-Grey"), Ok(Color::DarkGray));
        assert_eq!(parse_color("#ff8800"), Ok(Color::Rgb(0xff, 0x88, 0x00)));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        for bad in ["256", "#ff88", "redd", "", "#gg0000"] {
            assert!(parse_color(bad).is_err(), "{bad}");
        }
        for name in COLOR_NAMES {
            assert!(parse_color(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn colour_names_read_back() {
        for color in [
            Color::Red,
            Color::LightCyan,
            Color::DarkGray,
            Color::White,
            Color::Indexed(208),
            Color::Rgb(1, 2, 255),
        ] {
            assert_eq!(parse_color(&color_name(color)), Ok(color), "{color}");
        }
    }

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let patch = StylePatch {
            bg: Some(Color::Rgb(0xff, 0x88, 0)),
            remove: Modifier::BOLD,
            add: Modifier::ITALIC,
            ..StylePatch::default()
        };
        let patched = patch.apply(style);
        assert_eq!(patched.fg, Some(Color::Cyan));
        assert_eq!(patched.bg, Some(Color::Rgb(0xff, 0x88, 0)));
        assert!(patched.add_modifier.contains(Modifier::ITALIC));
        assert!(!patched.add_modifier.contains(Modifier::BOLD));
        assert_eq!(
            describe(patched),
            "fg = \"cyan\", bg = \"#ff8800\", italic = true"
        );
        let mut theme = Theme::default();
        assert!(theme.restyle("selected", patch));
        assert!(!theme.restyle("nope", patch));
        assert_eq!(theme.selected.bg, Some(Color::Rgb(0xff, 0x88, 0)));
    }
}
