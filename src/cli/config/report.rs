//! `brief config check`'s report: the settings in force once flags, environment, the
//! config file and the defaults are resolved.

use std::fmt::Write;
use std::time::Duration;

use super::default::toml_string;
use super::keys::UNBIND;
use super::{Loaded, Location};
use crate::app::Keymap;
use crate::cli::settings::Settings;
use crate::library::source::IndexSpec;
use crate::library::sources::SourceDef;
use crate::text::sanitize;
use crate::ui::Theme;
use crate::ui::theme::describe;

/// The report, made safe for a terminal.
pub(super) fn report(location: Option<&Location>, loaded: &Loaded, settings: &Settings) -> String {
    let mut out = String::new();
    let file = match (location, loaded.found) {
        (Some(location), true) => location.shown(),
        (Some(location), false) => format!("{} (none there: the defaults apply)", location.shown()),
        (None, _) => "none (no home folder to look in)".to_string(),
    };
    let _ = writeln!(out, "config file: {file}");
    out.push_str("sources:\n");
    for source in &settings.sources {
        let _ = writeln!(out, "  {}", source_line(source));
    }
    if let Some(index) = index_text(&settings.source.index) {
        let _ = writeln!(out, "--source: {index}");
    }
    let reader = &settings.reader;
    let _ = writeln!(out, "offline: {}", settings.source.offline);
    let _ = writeln!(
        out,
        "refresh_interval: {}",
        interval_text(reader.refresh_interval)
    );
    let browser = match &reader.browser {
        Some(command) => toml_string(command),
        None => "the system's opener".to_string(),
    };
    let _ = writeln!(out, "browser: {browser}");
    let _ = writeln!(out, "browser_in_terminal: {}", reader.browser_in_terminal);
    let _ = writeln!(out, "mark_read: {}", reader.mark_read);
    out.push_str(&theme_text(&reader.theme));
    out.push_str(&keys_text(&reader.keymap));
    sanitize(&out)
}

fn source_line(source: &SourceDef) -> String {
    let mut line = format!(
        "{}  {}  {}",
        source.id,
        source.title,
        index_text(&source.index).unwrap_or_default()
    );
    if let Some(github) = &source.github {
        let folder = if github.folder.is_empty() {
            "/"
        } else {
            &github.folder
        };
        let _ = write!(
            line,
            "  (GitHub {}, branch {}, folder {folder})",
            github.repo, github.branch
        );
    }
    line
}

fn index_text(index: &IndexSpec) -> Option<String> {
    match index {
        IndexSpec::Default => None,
        IndexSpec::Url(url) => Some(url.clone()),
        IndexSpec::Path(path) => Some(path.display().to_string()),
    }
}

fn interval_text(interval: Option<Duration>) -> String {
    match interval {
        Some(interval) => humantime::format_duration(interval).to_string(),
        None => "never".to_string(),
    }
}

/// The theme's name and the roles that differ from the theme of that name.
fn theme_text(theme: &Theme) -> String {
    let mut out = format!("theme: {}\n", theme.name);
    let base = Theme::named(theme.name).unwrap_or_default();
    for ((role, style), (_, was)) in theme.roles().into_iter().zip(base.roles()) {
        if style != was {
            let _ = writeln!(out, "  {role}: {}", describe(style));
        }
    }
    out
}

/// The bindings that differ from the defaults, as config lines.
fn keys_text(keymap: &Keymap) -> String {
    let defaults = Keymap::default().bindings();
    let bindings = keymap.bindings();
    let mut lines = Vec::new();
    for binding in &bindings {
        if !defaults.contains(binding) {
            lines.push(format!(
                "  [keys.{}] {} = {}",
                binding.mode,
                toml_string(&binding.key.to_string()),
                toml_string(&binding.command)
            ));
        }
    }
    for default in &defaults {
        let still_bound = bindings
            .iter()
            .any(|b| b.mode == default.mode && b.key == default.key);
        if !still_bound {
            lines.push(format!(
                "  [keys.{}] {} = {}  (was {})",
                default.mode,
                toml_string(&default.key.to_string()),
                toml_string(UNBIND),
                default.command
            ));
        }
    }
    if lines.is_empty() {
        return "keys: the defaults\n".to_string();
    }
    format!("keys (changed from the defaults):\n{}\n", lines.join("\n"))
}
