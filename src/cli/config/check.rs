//! The checks the config file's values pass before they become a settings layer:
//! durations, the browser command, the mark-read policy and the theme here; key
//! bindings in [`super::keys`], sources in [`super::sources`].

use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;
use toml::de::DeTable;

use super::diagnostic::{Problem, did_you_mean, did_you_mean_or_all};
use super::raw::{RawConfig, RawRole, RawStyle, RawTheme, STYLE_OPTIONS};
use super::unknown::key_span;
use crate::app::MarkRead;
use crate::cli::settings::Layer;
use crate::ui::Theme;
use crate::ui::theme::{COLOR_NAMES, ROLES, StylePatch, parse_color};

/// A checked file: its layer, and warnings about what it holds that brief ignores.
pub(super) struct Checked {
    pub layer: Layer,
    pub warnings: Vec<Problem>,
}

/// Problems met so far; the one reported is the first in the file.
#[derive(Default)]
pub(super) struct Problems(Vec<Problem>);

impl Problems {
    /// The value of `result`, or None with its problem kept.
    pub fn keep<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|problem| self.0.push(problem)).ok()
    }

    fn first(self) -> Option<Problem> {
        self.0.into_iter().min_by_key(Problem::start)
    }
}

/// The layer `raw` sets. `text` is the file's text (an error may name a line of it),
/// `document` its parse (where keys are written) and `folder` the file's folder
/// (relative source paths start there).
pub(super) fn check(
    raw: RawConfig,
    (text, document): (&str, &DeTable<'_>),
    folder: &Path,
) -> Result<Checked, Problem> {
    let mut problems = Problems::default();
    let mut warnings = Vec::new();
    let layer = Layer {
        offline: raw.offline,
        browser_in_terminal: raw.browser_in_terminal,
        refresh_interval: (raw.refresh_interval).and_then(|t| problems.keep(interval(&t))),
        browser: raw.browser.and_then(|b| problems.keep(browser(&b))),
        mark_read: raw.mark_read.and_then(|m| problems.keep(mark_read(&m))),
        theme: (raw.theme).and_then(|t| problems.keep(theme(&t, document, &mut warnings))),
        keymap: (raw.keys)
            .and_then(|keys| problems.keep(super::keys::keymap(keys, document, text))),
        sources: (raw.source).and_then(|s| problems.keep(super::sources::sources(s, text, folder))),
        ..Layer::default()
    };
    match problems.first() {
        Some(problem) => Err(problem),
        None => Ok(Checked { layer, warnings }),
    }
}

/// `refresh_interval`: a duration (`30m`, `1h`, `1day`), or `0`/`never` (zero: never).
fn interval(text: &Spanned<String>) -> Result<Duration, Problem> {
    let value = text.get_ref().trim();
    if value == "0" || value.eq_ignore_ascii_case("never") {
        return Ok(Duration::ZERO);
    }
    humantime::parse_duration(value).map_err(|err| {
        Problem::at(
            text.span(),
            format!(
                "invalid refresh_interval {value:?}: {err} (write a duration like \"30m\" or \
                 \"1h\", or \"never\")"
            ),
        )
    })
}

/// `browser`: a command that splits into words like a shell would split it.
fn browser(text: &Spanned<String>) -> Result<String, Problem> {
    match shell_words::split(text.get_ref()) {
        Ok(words) if !words.is_empty() => Ok(text.get_ref().clone()),
        Ok(_) => Err(Problem::at(text.span(), "browser is empty")),
        Err(err) => Err(Problem::at(
            text.span(),
            format!(
                "browser {:?} does not split into words: {err}",
                text.get_ref()
            ),
        )),
    }
}

fn mark_read(text: &Spanned<String>) -> Result<MarkRead, Problem> {
    text.get_ref().parse().map_err(|_| {
        let hint = did_you_mean_or_all(text.get_ref(), &MarkRead::ALL.map(MarkRead::name));
        Problem::at(
            text.span(),
            format!("unknown mark_read {:?}{hint}", text.get_ref()),
        )
    })
}

fn named_theme(name: &str, span: Range<usize>) -> Result<Theme, Problem> {
    Theme::named(name).ok_or_else(|| {
        let hint = did_you_mean_or_all(name, &Theme::NAMES);
        Problem::at(span, format!("unknown theme {name:?}{hint}"))
    })
}

/// `theme`: a name, or a table of a name (default: `default`) and restyled roles. An
/// unknown role is a warning.
fn theme(
    raw: &Spanned<RawTheme>,
    document: &DeTable<'_>,
    warnings: &mut Vec<Problem>,
) -> Result<Theme, Problem> {
    let (name, roles) = match raw.get_ref() {
        RawTheme::Named(name) => return named_theme(name, raw.span()),
        RawTheme::Table { name, roles } => (name, roles),
    };
    let mut theme = match name {
        Some(name) => named_theme(name.get_ref(), name.span())?,
        None => Theme::default(),
    };
    for (role, value) in roles {
        if !ROLES.contains(&role.as_str()) {
            let hint = did_you_mean(role, ROLES);
            let message = format!("unknown theme role {role:?}{hint}");
            warnings.push(Problem::new(key_span(document, &["theme", role]), message));
            continue;
        }
        theme.restyle(role, patch(value)?);
    }
    Ok(theme)
}

/// A role's value: a colour for its foreground, or a table.
fn patch(value: &Spanned<RawRole>) -> Result<StylePatch, Problem> {
    match value.get_ref() {
        RawRole::Color(text) => Ok(StylePatch {
            fg: Some(color(text, value.span())?),
            ..StylePatch::default()
        }),
        RawRole::Style(style) => style_patch(style),
    }
}

fn style_patch(style: &RawStyle) -> Result<StylePatch, Problem> {
    let spanned_color =
        |c: &Option<Spanned<String>>| c.as_ref().map(|c| color(c.get_ref(), c.span())).transpose();
    let mut patch = StylePatch {
        fg: spanned_color(&style.fg)?,
        bg: spanned_color(&style.bg)?,
        ..StylePatch::default()
    };
    let switches = [
        style.bold,
        style.dim,
        style.italic,
        style.underlined,
        style.reversed,
    ];
    debug_assert_eq!(STYLE_OPTIONS.len(), 2 + switches.len());
    for ((_, modifier), switch) in StylePatch::MODIFIERS.into_iter().zip(switches) {
        match switch {
            Some(true) => patch.add |= modifier,
            Some(false) => patch.remove |= modifier,
            None => {}
        }
    }
    Ok(patch)
}

fn color(text: &str, span: Range<usize>) -> Result<ratatui::style::Color, Problem> {
    parse_color(text).map_err(|err| {
        let hint = did_you_mean(text, COLOR_NAMES);
        let message = if hint.is_empty() {
            err.to_string()
        } else {
            format!("unknown color {text:?}{hint}")
        };
        Problem::at(span, message)
    })
}
