//! The one table of key bindings. Key dispatch, the help overlay and the footer hints
//! are all read from it, so they cannot disagree.

use std::fmt;
use std::sync::LazyLock;

/// What the reader is doing; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Browse,
    /// Typing a query (`/`): characters without a binding go into the prompt.
    Search,
    Help,
    Links,
    Log,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Browse,
        Mode::Search,
        Mode::Help,
        Mode::Links,
        Mode::Log,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Mode::Browse => "BROWSE",
            Mode::Search => "SEARCH",
            Mode::Help => "HELP",
            Mode::Links => "LINKS",
            Mode::Log => "LOG",
        }
    }
}

/// A key as the reader sees it, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Backspace,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{c}"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("S-Tab"),
            Key::Up => f.write_str("↑"),
            Key::Down => f.write_str("↓"),
            Key::Left => f.write_str("←"),
            Key::Right => f.write_str("→"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::Backspace => f.write_str("Bksp"),
        }
    }
}

/// What a key asks for. The meaning of some commands depends on the mode and the
/// focused pane (Down moves the selection, scrolls the detail, moves in the picker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    FocusLeft,
    FocusRight,
    NextPane,
    PrevPane,
    PrevIssue,
    NextIssue,
    PrevSection,
    NextSection,
    /// Enter: go into the selection, or open it.
    Activate,
    /// `o`: open the primary link.
    Open,
    /// `1`–`9`: open the nth link (1-based).
    OpenLink(u8),
    Copy,
    ShowLinks,
    Back,
    BackOrQuit,
    Quit,
    ToggleHelp,
    ToggleLog,
    Refresh,
    /// `/`: open the search prompt.
    Search,
    /// `n`/`N`: go to the next/previous search result.
    NextResult,
    PrevResult,
    /// Prompt editing, by grapheme.
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteBack,
    DeleteWord,
    ClearPrompt,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub mode: Mode,
    pub key: Key,
    pub command: Command,
    pub help: &'static str,
    /// The short label shown in the status bar's key hints, if any.
    pub footer: Option<&'static str>,
}

/// Looks up the command bound to `key` in `mode`.
pub fn lookup(mode: Mode, key: Key) -> Option<Command> {
    BINDINGS
        .iter()
        .find(|b| b.mode == mode && b.key == key)
        .map(|b| b.command)
}

pub fn bindings() -> &'static [Binding] {
    &BINDINGS
}

static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    let mut table = Vec::new();
    browse_bindings(&mut table);
    search_bindings(&mut table);
    picker_bindings(&mut table);
    overlay_bindings(&mut table, Mode::Help, Key::Char('?'), Command::ToggleHelp);
    overlay_bindings(&mut table, Mode::Log, Key::Char('!'), Command::ToggleLog);
    table
});

fn bind(table: &mut Vec<Binding>, mode: Mode, keys: &[Key], command: Command, help: &'static str) {
    for &key in keys {
        table.push(Binding {
            mode,
            key,
            command,
            help,
            footer: None,
        });
    }
}

/// Like [`bind`], and the first key shows in the status bar as `key short`.
fn hint(
    table: &mut Vec<Binding>,
    mode: Mode,
    keys: &[Key],
    command: Command,
    help: &'static str,
    short: &'static str,
) {
    let first = table.len();
    bind(table, mode, keys, command, help);
    table[first].footer = Some(short);
}

fn movement(table: &mut Vec<Binding>, mode: Mode) {
    use Key::*;
    bind(table, mode, &[Char('j'), Down], Command::Down, "down");
    bind(table, mode, &[Char('k'), Up], Command::Up, "up");
    bind(table, mode, &[Char('g'), Home], Command::Top, "first");
    bind(table, mode, &[Char('G'), End], Command::Bottom, "last");
    bind(
        table,
        mode,
        &[Ctrl('d'), PageDown],
        Command::PageDown,
        "page down",
    );
    bind(
        table,
        mode,
        &[Ctrl('u'), PageUp],
        Command::PageUp,
        "page up",
    );
}

fn browse_bindings(table: &mut Vec<Binding>) {
    use Key::*;
    let mode = Mode::Browse;
    movement(table, mode);
    bind(
        table,
        mode,
        &[Char('h'), Left],
        Command::FocusLeft,
        "pane to the left",
    );
    bind(
        table,
        mode,
        &[Char('l'), Right],
        Command::FocusRight,
        "pane to the right",
    );
    bind(table, mode, &[Tab], Command::NextPane, "next pane");
    bind(table, mode, &[BackTab], Command::PrevPane, "previous pane");
    bind(
        table,
        mode,
        &[Char('[')],
        Command::PrevIssue,
        "previous issue",
    );
    bind(table, mode, &[Char(']')], Command::NextIssue, "next issue");
    bind(
        table,
        mode,
        &[Char('{')],
        Command::PrevSection,
        "previous section",
    );
    bind(
        table,
        mode,
        &[Char('}')],
        Command::NextSection,
        "next section",
    );
    browse_actions(table);
}

fn browse_actions(table: &mut Vec<Binding>) {
    use Key::*;
    let mode = Mode::Browse;
    hint(
        table,
        mode,
        &[Enter],
        Command::Activate,
        "enter the issue / open the entry's link",
        "open",
    );
    bind(
        table,
        mode,
        &[Char('o')],
        Command::Open,
        "open the entry's link",
    );
    digit_bindings(table, mode);
    hint(
        table,
        mode,
        &[Char('/')],
        Command::Search,
        "search every issue",
        "search",
    );
    bind(
        table,
        mode,
        &[Char('n')],
        Command::NextResult,
        "next search result",
    );
    bind(
        table,
        mode,
        &[Char('N')],
        Command::PrevResult,
        "previous search result",
    );
    hint(
        table,
        mode,
        &[Char('L')],
        Command::ShowLinks,
        "pick one of the links",
        "links",
    );
    hint(
        table,
        mode,
        &[Char('y')],
        Command::Copy,
        "copy the link (OSC 52)",
        "copy",
    );
    bind(
        table,
        mode,
        &[Char('r')],
        Command::Refresh,
        "refresh from the source",
    );
    bind(
        table,
        mode,
        &[Char('!')],
        Command::ToggleLog,
        "log of problems",
    );
    hint(
        table,
        mode,
        &[Char('?')],
        Command::ToggleHelp,
        "help",
        "help",
    );
    bind(
        table,
        mode,
        &[Esc],
        Command::Back,
        "end the search's highlights, else back",
    );
    hint(
        table,
        mode,
        &[Char('q')],
        Command::BackOrQuit,
        "back, quit at the top",
        "quit",
    );
    bind(table, mode, &[Ctrl('c')], Command::Quit, "quit");
}

/// The prompt: every character without a binding here is typed into the query.
fn search_bindings(table: &mut Vec<Binding>) {
    use Key::*;
    let mode = Mode::Search;
    bind(
        table,
        mode,
        &[Down, Ctrl('n')],
        Command::Down,
        "next result",
    );
    bind(
        table,
        mode,
        &[Up, Ctrl('p')],
        Command::Up,
        "previous result",
    );
    bind(table, mode, &[PageDown], Command::PageDown, "page down");
    bind(table, mode, &[PageUp], Command::PageUp, "page up");
    hint(
        table,
        mode,
        &[Enter],
        Command::Activate,
        "go to the result (Enter again opens it)",
        "go",
    );
    hint(
        table,
        mode,
        &[Esc],
        Command::Back,
        "cancel, back where you were",
        "cancel",
    );
    bind(table, mode, &[Left], Command::CursorLeft, "cursor left");
    bind(table, mode, &[Right], Command::CursorRight, "cursor right");
    bind(
        table,
        mode,
        &[Home, Ctrl('a')],
        Command::CursorHome,
        "start of the query",
    );
    bind(
        table,
        mode,
        &[End, Ctrl('e')],
        Command::CursorEnd,
        "end of the query",
    );
    bind(
        table,
        mode,
        &[Backspace],
        Command::DeleteBack,
        "delete a character",
    );
    bind(
        table,
        mode,
        &[Ctrl('w')],
        Command::DeleteWord,
        "delete a word",
    );
    bind(
        table,
        mode,
        &[Ctrl('u')],
        Command::ClearPrompt,
        "clear the query",
    );
    bind(table, mode, &[Ctrl('c')], Command::Quit, "quit");
}

fn digit_bindings(table: &mut Vec<Binding>, mode: Mode) {
    for n in 1..=9u8 {
        let key = Key::Char(char::from(b'0' + n));
        bind(table, mode, &[key], Command::OpenLink(n), "open link n");
    }
}

fn picker_bindings(table: &mut Vec<Binding>) {
    use Key::*;
    let mode = Mode::Links;
    movement(table, mode);
    hint(
        table,
        mode,
        &[Enter],
        Command::Activate,
        "open the link",
        "open",
    );
    bind(table, mode, &[Char('o')], Command::Open, "open the link");
    digit_bindings(table, mode);
    hint(
        table,
        mode,
        &[Char('y')],
        Command::Copy,
        "copy the link (OSC 52)",
        "copy",
    );
    hint(
        table,
        mode,
        &[Esc, Char('q'), Char('L')],
        Command::Back,
        "close",
        "close",
    );
    bind(table, mode, &[Ctrl('c')], Command::Quit, "quit");
}

fn overlay_bindings(table: &mut Vec<Binding>, mode: Mode, toggle: Key, command: Command) {
    use Key::*;
    movement(table, mode);
    hint(
        table,
        mode,
        &[Esc, Char('q'), toggle],
        command,
        "close",
        "close",
    );
    bind(table, mode, &[Ctrl('c')], Command::Quit, "quit");
}

/// One help line: the keys (digits collapsed to `1–9`) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub help: &'static str,
}

/// The bindings of `mode`, one line per distinct help text, in table order.
pub fn help_lines(mode: Mode) -> Vec<HelpLine> {
    let mut groups: Vec<(&'static str, Vec<Key>)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.mode == mode) {
        match groups.iter_mut().find(|(help, _)| *help == b.help) {
            Some((_, keys)) => keys.push(b.key),
            None => groups.push((b.help, vec![b.key])),
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

fn keys_label(keys: &[Key]) -> String {
    let digits = keys.len() > 2
        && keys
            .iter()
            .all(|k| matches!(k, Key::Char(c) if c.is_ascii_digit()));
    if digits {
        return format!("{}–{}", keys[0], keys[keys.len() - 1]);
    }
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Short hints for the status bar: (key, short label), in table order.
pub fn footer_hints(mode: Mode) -> Vec<(Key, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.mode == mode)
        .filter_map(|b| Some((b.key, b.footer?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_can_quit_with_ctrl_c() {
        for mode in Mode::ALL {
            assert_eq!(
                lookup(mode, Key::Ctrl('c')),
                Some(Command::Quit),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let table = bindings();
        for (i, a) in table.iter().enumerate() {
            for b in &table[i + 1..] {
                assert!(
                    !(a.mode == b.mode && a.key == b.key),
                    "{:?} {:?}",
                    a.mode,
                    a.key
                );
            }
        }
    }

    #[test]
    fn help_collapses_digits_and_merges_keys() {
        let lines = help_lines(Mode::Browse);
        assert!(lines.contains(&HelpLine {
            keys: "1–9".into(),
            help: "open link n"
        }));
        assert!(lines.contains(&HelpLine {
            keys: "j ↓".into(),
            help: "down"
        }));
    }

    #[test]
    fn footer_hints_come_from_the_table() {
        let hints = footer_hints(Mode::Browse);
        assert_eq!(hints[0], (Key::Enter, "open"));
        assert!(hints.contains(&(Key::Char('q'), "quit")));
        assert_eq!(footer_hints(Mode::Help), [(Key::Esc, "close")]);
    }
}
