//! The key bindings, a value the state holds: the default tables of
//! [`commands`] plus any overrides. Key dispatch, the help overlay and the footer
//! hints are all read from it, so they cannot disagree.

mod commands;
mod key;
mod reading;

pub use commands::{
    BrowseCommand, CommandSet, LinksCommand, Mode, ModeParseError, Motion, OverlayCommand,
    SearchCommand, Spec, UnknownCommand,
};
pub use key::{Key, KeyParseError};
pub use reading::StarredCommand;

/// One mode's bindings: its commands (help text, footer label) and which keys run them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<C> {
    mode: Mode,
    specs: Vec<Spec<C>>,
    /// Default keys in table order, then keys bound by overrides.
    bindings: Vec<(Key, C)>,
}

impl<C: CommandSet> Table<C> {
    fn new(mode: Mode) -> Table<C> {
        let specs = C::specs(mode);
        let bindings = specs
            .iter()
            .flat_map(|spec| spec.keys.iter().map(|&key| (key, spec.command)))
            .collect();
        Table {
            mode,
            specs,
            bindings,
        }
    }

    /// The command bound to `key`, if any.
    pub fn lookup(&self, key: Key) -> Option<C> {
        self.bindings
            .iter()
            .find(|(bound, _)| *bound == key)
            .map(|&(_, command)| command)
    }

    /// The key shown for `command`: its first.
    pub fn first_key(&self, command: C) -> Option<Key> {
        self.keys(command).next()
    }

    /// The keys bound to `command`, in table order.
    pub fn keys(&self, command: C) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |(_, bound)| *bound == command)
            .map(|&(key, _)| key)
    }
}

/// What help, footer and overrides need of a mode's table, whatever its command type.
trait ModeTable {
    fn help_lines(&self) -> Vec<HelpLine>;
    fn footer_hints(&self) -> Vec<(Key, &'static str)>;
    fn bound(&self) -> Vec<(Key, String)>;
    fn command_names(&self) -> Vec<String>;
    /// The canonical name of the command `name` names, `None` for none.
    fn resolve(&self, name: Option<&str>) -> Result<Option<String>, UnknownCommand>;
    /// Binds `key` to the command named `name` (already resolved), or unbinds it.
    fn bind(&mut self, key: Key, name: Option<&str>);
}

impl<C: CommandSet> ModeTable for Table<C> {
    fn help_lines(&self) -> Vec<HelpLine> {
        let mut groups: Vec<(&'static str, Vec<Key>)> = Vec::new();
        for spec in &self.specs {
            let keys: Vec<Key> = self.keys(spec.command).collect();
            if keys.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|(help, _)| *help == spec.help) {
                Some((_, grouped)) => grouped.extend(keys),
                None => groups.push((spec.help, keys)),
            }
        }
        groups
            .into_iter()
            .map(|(help, keys)| HelpLine {
                keys: keys_label(&keys),
                help,
            })
            .collect()
    }

    fn footer_hints(&self) -> Vec<(Key, &'static str)> {
        self.specs
            .iter()
            .filter_map(|spec| Some((self.first_key(spec.command)?, spec.footer?)))
            .collect()
    }

    fn bound(&self) -> Vec<(Key, String)> {
        self.bindings
            .iter()
            .map(|(key, command)| (*key, command.to_string()))
            .collect()
    }

    fn command_names(&self) -> Vec<String> {
        commands::command_names(&self.specs)
    }

    fn resolve(&self, name: Option<&str>) -> Result<Option<String>, UnknownCommand> {
        let Some(name) = name else {
            return Ok(None);
        };
        match commands::find_command(&self.specs, name) {
            Some(command) => Ok(Some(command.to_string())),
            None => Err(UnknownCommand {
                mode: self.mode,
                name: name.to_string(),
                known: self.command_names(),
            }),
        }
    }

    fn bind(&mut self, key: Key, name: Option<&str>) {
        let command = name.and_then(|name| commands::find_command(&self.specs, name));
        self.bindings.retain(|(bound, _)| *bound != key);
        self.bindings.extend(command.map(|command| (key, command)));
    }
}

/// How an unbinding override is named in errors.
const UNBOUND: &str = "none";

/// Every mode's bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    browse: Table<BrowseCommand>,
    search: Table<SearchCommand>,
    links: Table<LinksCommand>,
    help: Table<OverlayCommand>,
    log: Table<OverlayCommand>,
    starred: Table<StarredCommand>,
    /// What overrides set so far (a command name, `None` for unbound), by mode and
    /// key: a second, different one conflicts.
    overridden: Vec<(Mode, Key, Option<String>)>,
}

impl Default for Keymap {
    /// The built-in bindings.
    fn default() -> Keymap {
        Keymap {
            browse: Table::new(Mode::Browse),
            search: Table::new(Mode::Search),
            links: Table::new(Mode::Links),
            help: Table::new(Mode::Help),
            log: Table::new(Mode::Log),
            starred: Table::new(Mode::Starred),
            overridden: Vec::new(),
        }
    }
}

/// A binding override that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error(transparent)]
    UnknownCommand(#[from] UnknownCommand),
    #[error("{key} is bound twice in {mode} mode: to {first} and to {second}")]
    Conflict {
        mode: Mode,
        key: Key,
        first: String,
        second: String,
    },
}

impl Keymap {
    /// Binds `key` in `mode` to the command named `command` (its snake_case name), or
    /// unbinds it with `None`. The key's earlier binding, default or not, goes; binding
    /// one key to two different commands in one mode is a [`KeymapError::Conflict`].
    /// On an error the keymap is unchanged.
    pub fn set(&mut self, mode: Mode, key: Key, command: Option<&str>) -> Result<(), KeymapError> {
        let name = self.table(mode).resolve(command)?;
        let shown = |name: &Option<String>| name.clone().unwrap_or_else(|| UNBOUND.into());
        if let Some((_, _, first)) = self
            .overridden
            .iter()
            .find(|(m, k, first)| *m == mode && *k == key && *first != name)
        {
            return Err(KeymapError::Conflict {
                mode,
                key,
                first: shown(first),
                second: shown(&name),
            });
        }
        self.table_mut(mode).bind(key, name.as_deref());
        self.overridden.push((mode, key, name));
        Ok(())
    }

    /// [`Keymap::set`] as a builder.
    pub fn with_override(
        mut self,
        mode: Mode,
        key: Key,
        command: Option<&str>,
    ) -> Result<Keymap, KeymapError> {
        self.set(mode, key, command)?;
        Ok(self)
    }

    pub fn browse(&self) -> &Table<BrowseCommand> {
        &self.browse
    }

    pub fn search(&self) -> &Table<SearchCommand> {
        &self.search
    }

    pub fn links(&self) -> &Table<LinksCommand> {
        &self.links
    }

    pub fn starred(&self) -> &Table<StarredCommand> {
        &self.starred
    }

    /// The help or the log overlay's table (`Mode::Help` or `Mode::Log`; others get help's).
    pub fn overlay(&self, mode: Mode) -> &Table<OverlayCommand> {
        match mode {
            Mode::Log => &self.log,
            _ => &self.help,
        }
    }

    fn table(&self, mode: Mode) -> &dyn ModeTable {
        match mode {
            Mode::Browse => &self.browse,
            Mode::Search => &self.search,
            Mode::Links => &self.links,
            Mode::Help => &self.help,
            Mode::Log => &self.log,
            Mode::Starred => &self.starred,
        }
    }

    fn table_mut(&mut self, mode: Mode) -> &mut dyn ModeTable {
        match mode {
            Mode::Browse => &mut self.browse,
            Mode::Search => &mut self.search,
            Mode::Links => &mut self.links,
            Mode::Help => &mut self.help,
            Mode::Log => &mut self.log,
            Mode::Starred => &mut self.starred,
        }
    }

    /// The bindings of `mode`, one line per distinct help text, in table order.
    pub fn help_lines(&self, mode: Mode) -> Vec<HelpLine> {
        self.table(mode).help_lines()
    }

    /// Short hints for the status bar: each labelled command's first key and its label.
    pub fn footer_hints(&self, mode: Mode) -> Vec<(Key, &'static str)> {
        self.table(mode).footer_hints()
    }

    /// Every command name of `mode`, bound or not, in table order.
    pub fn command_names(&self, mode: Mode) -> Vec<String> {
        self.table(mode).command_names()
    }

    /// ` (! opens the log)`, for messages that count problems: how to open the log,
    /// if a key does.
    pub fn log_hint(&self) -> String {
        self.browse
            .first_key(BrowseCommand::ShowLog)
            .map(|key| format!(" ({} opens the log)", key.label()))
            .unwrap_or_default()
    }

    /// Every binding of every mode.
    pub fn bindings(&self) -> Vec<Binding> {
        Mode::ALL
            .into_iter()
            .flat_map(|mode| {
                self.table(mode)
                    .bound()
                    .into_iter()
                    .map(move |(key, command)| Binding { mode, key, command })
            })
            .collect()
    }
}

/// A key bound in a mode, with its command's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub mode: Mode,
    pub key: Key,
    pub command: String,
}

/// One help line: the keys (digits collapsed to `1–9`) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub help: &'static str,
}

fn keys_label(keys: &[Key]) -> String {
    let digits = keys.len() > 2
        && keys
            .iter()
            .all(|k| matches!(k, Key::Char(c) if c.is_ascii_digit()));
    if let (true, Some(first), Some(last)) = (digits, keys.first(), keys.last()) {
        return format!("{}–{}", first.label(), last.label());
    }
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
