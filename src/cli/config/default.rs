//! `brief config default`: a config file that documents every option and holds the
//! defaults, so that reading it back changes nothing.

use std::fmt::Write;

use crate::app::{Keymap, Mode};
use crate::library::source::IndexSpec;
use crate::library::sources::SourceDef;
use crate::text::display_width;
use crate::ui::theme::{COLOR_NAMES, ROLES, StylePatch};

const HEAD: &str = r#"# brief's configuration. `brief config default` printed this file: every option
# is here with its default value, or commented out where the default is "unset".
#
# brief reads ~/.config/brief/config.toml (the XDG config folder), or the file that
# BRIEF_CONFIG names; `brief config path` tells which. No file means the defaults.
# `brief config check` checks the file and prints the settings in force.
#
# Flags beat environment variables, which beat this file. One exception: `browser`
# here beats $BROWSER. NO_COLOR (set and not empty) always draws without colour.

# How old the last refresh must be for the reader to refresh at start-up:
# "30m", "1h", "12h", "1day"; "never" (or "0") refreshes only when you press r.
refresh_interval = "1h"

# Never touch the network (as --offline does): read the cache only.
offline = false

# The command that opens a link; the link's URL is added as its last argument. It
# is split into words as a shell would, but no shell runs it. Unset: $BROWSER, else
# the system's opener.
# browser = "firefox --new-tab"

# The browser runs in this terminal (w3m, lynx, a script that pipes to less): the
# reader hands it the terminal, waits until it exits, and comes back.
browser_in_terminal = false

# When an entry counts as read: "open" (its link was opened) or "select" (it was
# selected). Read marks come with a later version; the setting is kept already.
mark_read = "open"
"#;

const THEME: &str = r##"
# Colours. `theme = "default"` (for dark backgrounds), "light" (for light ones) or
# "mono" (no colour), or this table: `name` and roles restyled one by one. A role
# takes a colour (its text colour) or a table of `fg`, `bg` and attributes set true
# or false: ATTRIBUTES.
# A colour is a name, "#rrggbb", or a 256-colour index "0" to "255". Names:
COLORS
# The roles:
ROLES
[theme]
name = "default"
# selected = "#ff8800"
# mark = { fg = "black", bg = "bright-yellow", bold = true }
"##;

const KEYS: &str = r#"
# Key bindings: a table per mode (browse, search, help, links, log) binding keys to
# commands; "none" unbinds a key. Binding a key replaces what it did in that mode;
# a key bound twice in one mode is an error. The help (?) and the footer show the
# keys as bound. A key is a character (x, G, ?), space, enter, esc, tab, shift-tab,
# up, down, left, right, home, end, pageup, pagedown, backspace, delete, insert,
# f1 to f12, ctrl-x or alt-x.
# [keys.browse]
# x = "next_issue"
# "]" = "none"
#
# The commands of each mode, with their default keys:
"#;

const SOURCES: &str = r#"
# The newsletters to read, one [[source]] each:
#   name    its short id: 1 to 48 of a-z, 0-9, '-' and '_'
#   index   the http(s) URL of its index file, or a local path: an index file or a
#           folder of issues (relative to this file's folder; ~/ is your home)
#   title   what the reader shows (default: the name)
#   repo    for a GitHub source: owner/name, with `branch` (default: the one in the
#           index URL, else "main") and the `folder` holding the issues (default:
#           the top)
# README has ready-made entries for This Week in Rust, 科技爱好者周刊 and HelloGitHub.
"#;

/// The whole default config file.
pub fn default_text() -> String {
    let mut text = String::from(HEAD);
    let list = |names: &[&str]| {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        comment_wrapped("", &names).trim_end().to_string()
    };
    let modifiers: Vec<&str> = StylePatch::MODIFIERS.iter().map(|(n, _)| *n).collect();
    text.push_str(
        &THEME
            .replace("ATTRIBUTES", &modifiers.join(", "))
            .replace("COLORS", &list(&COLOR_NAMES))
            .replace("ROLES", &list(&ROLES)),
    );
    text.push_str(KEYS);
    text.push_str(&commands_by_mode());
    text.push_str(SOURCES);
    text.push_str(&source_entry(&SourceDef::default_newsletter()));
    text
}

/// `#   browse: down (j / down), ...`, wrapped in comment lines.
fn commands_by_mode() -> String {
    let keymap = Keymap::default();
    let bindings = keymap.bindings();
    let mut text = String::new();
    for mode in Mode::ALL {
        let commands: Vec<String> = keymap
            .command_names(mode)
            .into_iter()
            .map(|command| {
                let keys: Vec<String> = bindings
                    .iter()
                    .filter(|b| b.mode == mode && b.command == command)
                    .map(|b| b.key.to_string())
                    .collect();
                if keys.is_empty() {
                    command
                } else {
                    format!("{command} ({})", keys.join(" / "))
                }
            })
            .collect();
        text.push_str(&comment_wrapped(&format!("{mode}: "), &commands));
    }
    text
}

/// `items` joined by commas after `head`, as comment lines of at most 84 columns.
fn comment_wrapped(head: &str, items: &[String]) -> String {
    const WIDTH: usize = 84;
    let mut text = String::new();
    let mut line = format!("#   {head}");
    for (at, item) in items.iter().enumerate() {
        let piece = if at + 1 < items.len() {
            format!("{item}, ")
        } else {
            item.clone()
        };
        let full = display_width(line.trim_end()) + display_width(&piece) > WIDTH;
        if full && display_width(&line) > display_width(head) + 4 {
            text.push_str(line.trim_end());
            text.push('\n');
            line = format!("#     {}", " ".repeat(display_width(head)));
        }
        line.push_str(&piece);
    }
    text.push_str(line.trim_end());
    text.push('\n');
    text
}

/// `source` as a `[[source]]` table.
fn source_entry(source: &SourceDef) -> String {
    let mut text = String::from("[[source]]\n");
    let _ = writeln!(text, "name = {}", toml_string(source.id.as_str()));
    let _ = writeln!(text, "title = {}", toml_string(&source.title));
    let index = match &source.index {
        IndexSpec::Url(url) => url.clone(),
        IndexSpec::Path(path) => path.display().to_string(),
        IndexSpec::Default => crate::library::source::DEFAULT_INDEX.to_string(),
    };
    let _ = writeln!(text, "index = {}", toml_string(&index));
    if let Some(github) = &source.github {
        let _ = writeln!(text, "repo = {}", toml_string(&github.repo));
        let _ = writeln!(text, "branch = {}", toml_string(&github.branch));
        let _ = writeln!(text, "folder = {}", toml_string(&github.folder));
    }
    text
}

/// `text` as a TOML string.
pub(super) fn toml_string(text: &str) -> String {
    toml::Value::from(text).to_string()
}
