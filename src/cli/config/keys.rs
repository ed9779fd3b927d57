//! `[keys.MODE]` tables: a key bound to a command, or unbound with `"none"`.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use toml::de::DeTable;

use super::diagnostic::{Problem, did_you_mean, did_you_mean_or_all, line_column};
use super::unknown::key_span;
use crate::app::keymap::{KeyParseError, KeymapError, UnknownCommand};
use crate::app::{Key, Keymap, Mode};

/// What a config writes to unbind a key.
pub(super) const UNBIND: &str = "none";

type Tables = BTreeMap<String, BTreeMap<String, Spanned<String>>>;

/// The default bindings changed by `tables`, taken in file order. `document` tells
/// where each key is written, `text` the line a conflict's first binding is on.
pub(super) fn keymap(
    tables: Tables,
    document: &DeTable<'_>,
    text: &str,
) -> Result<Keymap, Problem> {
    let start = |span: &Option<Range<usize>>| span.as_ref().map_or(usize::MAX, |s| s.start);
    let mut keymap = Keymap::default();
    let mut tables: Vec<_> = tables
        .into_iter()
        .map(|(mode, bindings)| (key_span(document, &["keys", &mode]), mode, bindings))
        .collect();
    tables.sort_by_key(|(span, ..)| start(span));
    for (mode_span, mode_name, bindings) in tables {
        let mode = mode(&mode_name, mode_span)?;
        let mut bindings: Vec<_> = bindings
            .into_iter()
            .map(|(key, command)| {
                (
                    key_span(document, &["keys", &mode_name, &key]),
                    key,
                    command,
                )
            })
            .collect();
        bindings.sort_by_key(|(span, ..)| start(span));
        // Where each key was bound, for a conflict's message.
        let mut placed: Vec<(Key, Option<Range<usize>>)> = Vec::new();
        for (key_span, key_name, command) in bindings {
            let key: Key = key_name
                .parse()
                .map_err(|err: KeyParseError| Problem::new(key_span.clone(), err.to_string()))?;
            let name = command.get_ref().trim();
            let bound = (!name.eq_ignore_ascii_case(UNBIND)).then_some(name);
            match keymap.set(mode, key, bound) {
                Ok(()) => placed.push((key, key_span)),
                Err(KeymapError::UnknownCommand(err)) => {
                    return Err(Problem::at(command.span(), unknown_command(&err)));
                }
                Err(KeymapError::Conflict {
                    key, first, second, ..
                }) => {
                    let earlier = placed.iter().find(|(k, _)| *k == key);
                    let at = earlier
                        .and_then(|(_, span)| span.as_ref())
                        .map_or(0, |s| s.start);
                    let (line, _) = line_column(text, at);
                    let message = format!(
                        "{key} is bound twice in {mode} mode: to {first} (line {line}) and to \
                         {second}"
                    );
                    return Err(Problem::new(key_span, message));
                }
            }
        }
    }
    Ok(keymap)
}

fn mode(name: &str, span: Option<Range<usize>>) -> Result<Mode, Problem> {
    name.parse().map_err(|_| {
        let hint = did_you_mean_or_all(name, &Mode::ALL.map(Mode::name));
        Problem::new(span, format!("unknown mode {name:?}{hint}"))
    })
}

/// `unknown command "opne_link" (did you mean "open_link"?)`; for a command of another
/// mode, which modes have it.
fn unknown_command(err: &UnknownCommand) -> String {
    let hint = did_you_mean(&err.name, err.known.iter().map(String::as_str));
    if !hint.is_empty() {
        return format!("unknown command {:?}{hint}", err.name);
    }
    let defaults = Keymap::default();
    let wanted = err.name.trim().to_ascii_lowercase().replace('-', "_");
    let elsewhere: Vec<&str> = Mode::ALL
        .into_iter()
        .filter(|&mode| defaults.command_names(mode).contains(&wanted))
        .map(Mode::name)
        .collect();
    if elsewhere.is_empty() {
        format!(
            "unknown command {:?} in {} mode (`brief config default` lists the commands)",
            err.name, err.mode
        )
    } else {
        format!(
            "{:?} is not a command in {} mode, only in {}",
            err.name,
            err.mode,
            elsewhere.join(", ")
        )
    }
}
