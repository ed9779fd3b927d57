//! A key as the reader sees it, independent of the terminal library, with two
//! spellings: the config form (`ctrl-d`, `shift-tab`, `alt-x`), which `Display` prints
//! and `FromStr` reads back, and the human label the help and footer show (`Ctrl-d`).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A typed character; Shift is part of it (`G`, `?`).
    Char(char),
    /// Ctrl and a character, lower case for ASCII letters (`Ctrl('d')`): terminals
    /// cannot tell Ctrl-d from Ctrl-D.
    Ctrl(char),
    /// Alt (Meta) and a character, exactly as typed (`Alt('x')`, `Alt('X')`).
    Alt(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
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
    Delete,
    Insert,
    /// A function key, `F(1)` to `F(12)`.
    F(u8),
}

/// The keys with a name rather than a character.
const NAMED: [Key; 15] = [
    Key::Enter,
    Key::Esc,
    Key::Tab,
    Key::BackTab,
    Key::Up,
    Key::Down,
    Key::Left,
    Key::Right,
    Key::Home,
    Key::End,
    Key::PageUp,
    Key::PageDown,
    Key::Backspace,
    Key::Delete,
    Key::Insert,
];

/// Other spellings a config may use; `Display` always prints the first name.
const ALIASES: &[(&str, Key)] = &[
    ("return", Key::Enter),
    ("escape", Key::Esc),
    ("backtab", Key::BackTab),
    ("page-up", Key::PageUp),
    ("pgup", Key::PageUp),
    ("page-down", Key::PageDown),
    ("pgdn", Key::PageDown),
    ("del", Key::Delete),
    ("ins", Key::Insert),
];

const MAX_FUNCTION_KEY: u8 = 12;

/// A key name that does not parse, with what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a key: {reason}")]
pub struct KeyParseError {
    pub name: String,
    pub reason: &'static str,
}

impl Key {
    /// The config name of a key without a character (`enter`, `shift-tab`).
    fn name(self) -> Option<&'static str> {
        Some(match self {
            Key::Enter => "enter",
            Key::Esc => "esc",
            Key::Tab => "tab",
            Key::BackTab => "shift-tab",
            Key::Up => "up",
            Key::Down => "down",
            Key::Left => "left",
            Key::Right => "right",
            Key::Home => "home",
            Key::End => "end",
            Key::PageUp => "pageup",
            Key::PageDown => "pagedown",
            Key::Backspace => "backspace",
            Key::Delete => "delete",
            Key::Insert => "insert",
            Key::Char(_) | Key::Ctrl(_) | Key::Alt(_) | Key::F(_) => return None,
        })
    }

    /// How the help overlay and the footer show the key (`Ctrl-d`, `↓`, `PgDn`).
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", char_label(c)),
            Key::Alt(c) => format!("Alt-{}", char_label(c)),
            Key::BackTab => "S-Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Backspace => "Bksp".into(),
            Key::Delete => "Del".into(),
            Key::Insert => "Ins".into(),
            Key::F(n) => format!("F{n}"),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
        }
    }
}

fn char_label(c: char) -> String {
    match c {
        ' ' => "Space".into(),
        c => c.to_string(),
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Key::Char(c) => write_char(f, c),
            Key::Ctrl(c) => {
                f.write_str("ctrl-")?;
                write_char(f, c)
            }
            Key::Alt(c) => {
                f.write_str("alt-")?;
                write_char(f, c)
            }
            Key::F(n) => write!(f, "f{n}"),
            named => f.write_str(named.name().unwrap_or_default()),
        }
    }
}

fn write_char(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        ' ' => f.write_str("space"),
        c => write!(f, "{c}"),
    }
}

impl FromStr for Key {
    type Err = KeyParseError;

    /// Names are case-insensitive (`Enter`, `PageDown`, `Ctrl-D`); a single character
    /// stands for itself, case and all (`g` and `G` differ).
    fn from_str(name: &str) -> Result<Key, KeyParseError> {
        let error = |reason| KeyParseError {
            name: name.to_string(),
            reason,
        };
        if let Some(c) = single_char(name) {
            return character(c).map(Key::Char).map_err(error);
        }
        let lower = name.to_ascii_lowercase();
        if lower == "space" {
            return Ok(Key::Char(' '));
        }
        let named = NAMED.iter().find(|key| key.name() == Some(lower.as_str()));
        let alias = ALIASES.iter().find(|(alias, _)| *alias == lower);
        if let Some(&key) = named.or(alias.map(|(_, key)| key)) {
            return Ok(key);
        }
        if let Some(rest) = strip_prefix_ignoring_case(name, "ctrl-") {
            return modified(rest)
                .map(|c| Key::Ctrl(c.to_ascii_lowercase()))
                .map_err(error);
        }
        if let Some(rest) = strip_prefix_ignoring_case(name, "alt-") {
            return modified(rest).map(Key::Alt).map_err(error);
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            return match n {
                1..=MAX_FUNCTION_KEY => Ok(Key::F(n)),
                _ => Err(error("function keys go from f1 to f12")),
            };
        }
        if strip_prefix_ignoring_case(name, "shift-").is_some() {
            return Err(error(
                "write the shifted character itself (`G`, not `shift-g`); only shift-tab is named",
            ));
        }
        Err(error(
            "expected a character, space, enter, esc, tab, shift-tab, up, down, left, right, \
             home, end, pageup, pagedown, backspace, delete, insert, f1-f12, ctrl-x or alt-x",
        ))
    }
}

fn single_char(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The character after `ctrl-` or `alt-`: one character, or `space`.
fn modified(rest: &str) -> Result<char, &'static str> {
    if rest.eq_ignore_ascii_case("space") {
        return Ok(' ');
    }
    match single_char(rest) {
        Some(c) => character(c),
        None => Err("ctrl- and alt- take one character (`ctrl-d`, `alt-x`, `ctrl-space`)"),
    }
}

fn character(c: char) -> Result<char, &'static str> {
    if c.is_control() || crate::text::is_forbidden(c) {
        Err("control characters cannot be bound")
    } else {
        Ok(c)
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn every_named_key() -> Vec<Key> {
        let mut keys = NAMED.to_vec();
        keys.extend((1..=MAX_FUNCTION_KEY).map(Key::F));
        keys
    }

    #[test]
    fn every_named_key_round_trips() {
        for key in every_named_key() {
            assert_eq!(key.to_string().parse::<Key>(), Ok(key), "{key}");
        }
    }

    #[test]
    fn config_spellings() {
        let cases = [
            ("ctrl-d", Key::Ctrl('d')),
            ("shift-tab", Key::BackTab),
            ("g", Key::Char('g')),
            ("G", Key::Char('G')),
            ("alt-x", Key::Alt('x')),
            ("space", Key::Char(' ')),
            ("ctrl-space", Key::Ctrl(' ')),
            ("pagedown", Key::PageDown),
            ("f5", Key::F(5)),
            ("中", Key::Char('中')),
            ("-", Key::Char('-')),
            ("ctrl--", Key::Ctrl('-')),
        ];
        for (name, key) in cases {
            assert_eq!(name.parse::<Key>(), Ok(key), "{name}");
            assert_eq!(key.to_string(), name);
        }
    }

    #[test]
    fn names_are_case_insensitive_and_characters_are_not() {
        assert_eq!("Ctrl-D".parse(), Ok(Key::Ctrl('d')));
        assert_eq!("CTRL-d".parse(), Ok(Key::Ctrl('d')));
        assert_eq!("Shift-Tab".parse(), Ok(Key::BackTab));
        assert_eq!("PageDown".parse(), Ok(Key::PageDown));
        assert_eq!("PgDn".parse(), Ok(Key::PageDown));
        assert_eq!("ENTER".parse(), Ok(Key::Enter));
        assert_eq!("F12".parse(), Ok(Key::F(12)));
        assert_eq!("Alt-X".parse(), Ok(Key::Alt('X')));
        assert_ne!("Alt-X".parse::<Key>(), "alt-x".parse::<Key>());
    }

    #[test]
    fn bad_names_say_why() {
        for name in [
            "",
            "ctrl-",
            "ctrl-dd",
            "shift-g",
            "f0",
            "f13",
            "hyper-x",
            "\u{1b}",
            "alt-\u{7}",
            "pagedow",
        ] {
            let err = name.parse::<Key>().expect_err(name);
            assert_eq!(err.name, name);
            assert!(err.to_string().contains("is not a key"), "{err}");
        }
    }

    #[test]
    fn labels_stay_human() {
        assert_eq!(Key::Ctrl('d').label(), "Ctrl-d");
        assert_eq!(Key::Alt('x').label(), "Alt-x");
        assert_eq!(Key::Down.label(), "↓");
        assert_eq!(Key::PageDown.label(), "PgDn");
        assert_eq!(Key::BackTab.label(), "S-Tab");
        assert_eq!(Key::Char(' ').label(), "Space");
        assert_eq!(Key::Enter.label(), "Enter");
        assert_eq!(Key::F(3).label(), "F3");
    }

    fn bindable() -> impl Strategy<Value = char> {
        any::<char>().prop_filter("bindable", |&c| character(c).is_ok())
    }

    proptest! {
        #[test]
        fn characters_round_trip(c in bindable()) {
            for key in [Key::Char(c), Key::Alt(c), Key::Ctrl(c.to_ascii_lowercase())] {
                prop_assert_eq!(key.to_string().parse::<Key>(), Ok(key));
            }
        }
    }
}
