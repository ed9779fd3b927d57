//! The config file as TOML gives it: the types checked by serde (a wrong type is an
//! error at its value), the values kept with their places for the checks that follow.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

/// The top level. Every option is optional: a missing one is the default.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawConfig {
    pub refresh_interval: Option<Spanned<String>>,
    pub offline: Option<bool>,
    pub browser: Option<Spanned<String>>,
    pub browser_in_terminal: Option<bool>,
    pub mark_read: Option<Spanned<String>>,
    pub theme: Option<Spanned<RawTheme>>,
    /// Mode name → key name → command name. (Keys carry no span: serde_ignored cannot
    /// pass spanned keys; their places are looked up in the document.)
    pub keys: Option<BTreeMap<String, BTreeMap<String, Spanned<String>>>>,
    pub source: Option<Vec<RawSource>>,
}

/// The top-level option names, for "did you mean".
pub(super) const OPTIONS: [&str; 8] = [
    "refresh_interval",
    "offline",
    "browser",
    "browser_in_terminal",
    "mark_read",
    "theme",
    "keys",
    "source",
];

/// One `[[source]]`.
#[derive(Debug, Deserialize)]
pub(super) struct RawSource {
    pub name: Spanned<String>,
    pub index: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub repo: Option<Spanned<String>>,
    pub branch: Option<Spanned<String>>,
    pub folder: Option<Spanned<String>>,
}

pub(super) const SOURCE_OPTIONS: [&str; 6] = ["name", "index", "title", "repo", "branch", "folder"];

/// `theme = "light"`, or a `[theme]` table: an optional `name` and restyled roles.
#[derive(Debug)]
pub(super) enum RawTheme {
    Named(String),
    Table {
        name: Option<Spanned<String>>,
        roles: Vec<(String, Spanned<RawRole>)>,
    },
}

/// A role's new look: a colour (its foreground), or a table of colours and attributes.
#[derive(Debug)]
pub(super) enum RawRole {
    Color(String),
    Style(RawStyle),
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawStyle {
    pub fg: Option<Spanned<String>>,
    pub bg: Option<Spanned<String>>,
    pub bold: Option<bool>,
    pub dim: Option<bool>,
    pub italic: Option<bool>,
    pub underlined: Option<bool>,
    pub reversed: Option<bool>,
}

pub(super) const STYLE_OPTIONS: [&str; 7] = [
    "fg",
    "bg",
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
];

impl<'de> Deserialize<'de> for RawTheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawTheme, D::Error> {
        deserializer.deserialize_any(ThemeVisitor)
    }
}

struct ThemeVisitor;

impl<'de> Visitor<'de> for ThemeVisitor {
    type Value = RawTheme;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a theme name or a table of roles")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<RawTheme, E> {
        Ok(RawTheme::Named(name.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTheme, A::Error> {
        let mut name = None;
        let mut roles = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "name" {
                name = Some(map.next_value()?);
            } else {
                roles.push((key, map.next_value()?));
            }
        }
        Ok(RawTheme::Table { name, roles })
    }
}

impl<'de> Deserialize<'de> for RawRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawRole, D::Error> {
        deserializer.deserialize_any(RoleVisitor)
    }
}

struct RoleVisitor;

impl<'de> Visitor<'de> for RoleVisitor {
    type Value = RawRole;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a colour or a table of fg, bg and attributes")
    }

    fn visit_str<E: de::Error>(self, color: &str) -> Result<RawRole, E> {
        Ok(RawRole::Color(color.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRole, A::Error> {
        RawStyle::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawRole::Style)
    }
}
