//! The reader's modes and, per mode, what a key can ask for: each mode has its own
//! command type, so a mode's dispatch handles exactly its commands. Every command has
//! a stable snake_case name (`next_issue`, `open_link`) that a config file can use,
//! and a row in its mode's default table: help text, footer label, default keys.

use std::fmt;
use std::str::FromStr;

use super::Key::{self, *};

/// What the reader is doing; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Browse,
    /// Typing a query (`/`): characters without a binding go into the prompt.
    Search,
    Help,
    /// The link picker.
    Links,
    Log,
    /// The Starred view: starred entries of every issue.
    Starred,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Browse,
        Mode::Search,
        Mode::Starred,
        Mode::Help,
        Mode::Links,
        Mode::Log,
    ];

    /// The status bar's badge.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Browse => "BROWSE",
            Mode::Search => "SEARCH",
            Mode::Help => "HELP",
            Mode::Links => "LINKS",
            Mode::Log => "LOG",
            Mode::Starred => "STARRED",
        }
    }

    /// The stable name a config file uses (`[keys.browse]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Search => "search",
            Mode::Help => "help",
            Mode::Links => "links",
            Mode::Log => "log",
            Mode::Starred => "starred",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A mode name that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a mode (browse, search, help, links, log or starred)")]
pub struct ModeParseError(pub String);

impl FromStr for Mode {
    type Err = ModeParseError;

    fn from_str(name: &str) -> Result<Mode, ModeParseError> {
        Mode::ALL
            .into_iter()
            .find(|mode| mode.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| ModeParseError(name.to_string()))
    }
}

/// Moving through whatever the mode shows: a list, the detail text, results, an overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Motion {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
}

impl Motion {
    /// Rows to move, given a page of `page` rows; Top and Bottom saturate.
    pub fn delta(self, page: isize) -> isize {
        match self {
            Motion::Up => -1,
            Motion::Down => 1,
            Motion::Top => isize::MIN,
            Motion::Bottom => isize::MAX,
            Motion::PageUp => -page,
            Motion::PageDown => page,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Motion::Up => "up",
            Motion::Down => "down",
            Motion::Top => "top",
            Motion::Bottom => "bottom",
            Motion::PageUp => "page_up",
            Motion::PageDown => "page_down",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BrowseCommand {
    /// Moves the focused pane's selection, or scrolls the detail.
    Move(Motion),
    FocusLeft,
    FocusRight,
    NextPane,
    PrevPane,
    PrevIssue,
    NextIssue,
    PrevSection,
    NextSection,
    /// The entry before the selected one, in any pane: in the detail, its text.
    PrevEntry,
    /// The entry after the selected one (see `PrevEntry`).
    NextEntry,
    /// Shows the previous source's issues ("all sources" comes before the first).
    PrevSource,
    /// Shows the next source's issues ("all sources" comes after the last).
    NextSource,
    /// Enter: go into the selection, or open it.
    Activate,
    /// Opens the primary link.
    OpenLink,
    /// Opens the nth link (1–9).
    OpenNth(u8),
    Search,
    NextResult,
    PrevResult,
    /// Marks the selected entry read, or unread again.
    ToggleRead,
    /// Marks every entry of the selected issue read.
    MarkIssueRead,
    ToggleStar,
    /// The Starred view.
    ShowStarred,
    /// Shows only unread entries, or all again.
    UnreadOnly,
    /// Space: a page down the detail's text, else the next unread entry, in any issue.
    NextUnread,
    ShowLinks,
    CopyLink,
    Refresh,
    ShowLog,
    ShowHelp,
    /// Ends the search's highlights, else goes back a pane.
    Back,
    BackOrQuit,
    /// Gives the terminal back and stops, as Ctrl-Z does in a shell (`fg` resumes).
    Suspend,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchCommand {
    /// Moves through the results.
    Move(Motion),
    /// Goes to the selected result.
    Accept,
    Cancel,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteBack,
    DeleteWord,
    ClearQuery,
    Suspend,
    Quit,
}

/// The link picker's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinksCommand {
    Move(Motion),
    /// Opens the link under the cursor.
    OpenLink,
    OpenNth(u8),
    CopyLink,
    Close,
    Suspend,
    Quit,
}

/// The help and log overlays' commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlayCommand {
    /// Scrolls.
    Move(Motion),
    Close,
    Suspend,
    Quit,
}

/// A command's row in its mode's default table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec<C> {
    pub command: C,
    /// The help overlay's text; commands with the same text share a help line.
    pub help: &'static str,
    /// The status bar's short label, shown after the command's first key.
    pub footer: Option<&'static str>,
    pub keys: &'static [Key],
}

pub(super) fn spec<C>(command: C, help: &'static str, keys: &'static [Key]) -> Spec<C> {
    Spec {
        command,
        help,
        footer: None,
        keys,
    }
}

impl<C> Spec<C> {
    pub(super) fn footer(self, short: &'static str) -> Spec<C> {
        Spec {
            footer: Some(short),
            ..self
        }
    }
}

/// The commands of a mode.
pub trait CommandSet: Copy + Eq + fmt::Debug + fmt::Display + 'static {
    /// Every command of `mode` with its default keys, in the order help lists them.
    fn specs(mode: Mode) -> Vec<Spec<Self>>;
}

/// The command of `specs` called `name`: case-insensitive, `-` for `_` allowed.
pub(super) fn find_command<C: CommandSet>(specs: &[Spec<C>], name: &str) -> Option<C> {
    let wanted = name.trim().to_ascii_lowercase().replace('-', "_");
    specs
        .iter()
        .map(|spec| spec.command)
        .find(|command| command.to_string() == wanted)
}

/// An unknown command name, with the names `mode` knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a command in {mode} mode")]
pub struct UnknownCommand {
    pub mode: Mode,
    pub name: String,
    pub known: Vec<String>,
}

macro_rules! command_from_str {
    ($command:ty, $mode:expr) => {
        impl FromStr for $command {
            type Err = UnknownCommand;

            fn from_str(name: &str) -> Result<$command, UnknownCommand> {
                let specs = <$command>::specs($mode);
                find_command(&specs, name).ok_or_else(|| UnknownCommand {
                    mode: $mode,
                    name: name.to_string(),
                    known: command_names(&specs),
                })
            }
        }
    };
}

command_from_str!(BrowseCommand, Mode::Browse);
command_from_str!(SearchCommand, Mode::Search);
command_from_str!(LinksCommand, Mode::Links);
command_from_str!(OverlayCommand, Mode::Help);

/// Every command name of `specs`, in table order.
pub(super) fn command_names<C: CommandSet>(specs: &[Spec<C>]) -> Vec<String> {
    specs.iter().map(|spec| spec.command.to_string()).collect()
}

impl fmt::Display for BrowseCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            BrowseCommand::Move(motion) => motion.name(),
            BrowseCommand::FocusLeft => "focus_left",
            BrowseCommand::FocusRight => "focus_right",
            BrowseCommand::NextPane => "next_pane",
            BrowseCommand::PrevPane => "prev_pane",
            BrowseCommand::PrevIssue => "prev_issue",
            BrowseCommand::NextIssue => "next_issue",
            BrowseCommand::PrevSection => "prev_section",
            BrowseCommand::NextSection => "next_section",
            BrowseCommand::PrevEntry => "prev_entry",
            BrowseCommand::NextEntry => "next_entry",
            BrowseCommand::PrevSource => "prev_source",
            BrowseCommand::NextSource => "next_source",
            BrowseCommand::Activate => "activate",
            BrowseCommand::OpenLink => "open_link",
            BrowseCommand::OpenNth(n) => return write!(f, "open_link_{n}"),
            BrowseCommand::Search => "search",
            BrowseCommand::NextResult => "next_result",
            BrowseCommand::PrevResult => "prev_result",
            BrowseCommand::ToggleRead => "toggle_read",
            BrowseCommand::MarkIssueRead => "mark_issue_read",
            BrowseCommand::ToggleStar => "toggle_star",
            BrowseCommand::ShowStarred => "show_starred",
            BrowseCommand::UnreadOnly => "unread_only",
            BrowseCommand::NextUnread => "next_unread",
            BrowseCommand::ShowLinks => "show_links",
            BrowseCommand::CopyLink => "copy_link",
            BrowseCommand::Refresh => "refresh",
            BrowseCommand::ShowLog => "show_log",
            BrowseCommand::ShowHelp => "show_help",
            BrowseCommand::Back => "back",
            BrowseCommand::BackOrQuit => "back_or_quit",
            BrowseCommand::Suspend => "suspend",
            BrowseCommand::Quit => "quit",
        };
        f.write_str(name)
    }
}

impl fmt::Display for SearchCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SearchCommand::Move(motion) => motion.name(),
            SearchCommand::Accept => "accept",
            SearchCommand::Cancel => "cancel",
            SearchCommand::CursorLeft => "cursor_left",
            SearchCommand::CursorRight => "cursor_right",
            SearchCommand::CursorHome => "cursor_home",
            SearchCommand::CursorEnd => "cursor_end",
            SearchCommand::DeleteBack => "delete_back",
            SearchCommand::DeleteWord => "delete_word",
            SearchCommand::ClearQuery => "clear_query",
            SearchCommand::Suspend => "suspend",
            SearchCommand::Quit => "quit",
        })
    }
}

impl fmt::Display for LinksCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinksCommand::Move(motion) => motion.name(),
            LinksCommand::OpenLink => "open_link",
            LinksCommand::OpenNth(n) => return write!(f, "open_link_{n}"),
            LinksCommand::CopyLink => "copy_link",
            LinksCommand::Close => "close",
            LinksCommand::Suspend => "suspend",
            LinksCommand::Quit => "quit",
        })
    }
}

impl fmt::Display for OverlayCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OverlayCommand::Move(motion) => motion.name(),
            OverlayCommand::Close => "close",
            OverlayCommand::Suspend => "suspend",
            OverlayCommand::Quit => "quit",
        })
    }
}

/// Every mode suspends with Ctrl-Z, as full-screen programs do.
pub(super) const SUSPEND: &str = "suspend (the shell's fg resumes)";

/// Moving through a list or a scrolled text, the same in every mode but search.
pub(super) fn motions<C>(wrap: fn(Motion) -> C) -> Vec<Spec<C>> {
    vec![
        spec(wrap(Motion::Down), "down", &[Char('j'), Down]),
        spec(wrap(Motion::Up), "up", &[Char('k'), Up]),
        spec(wrap(Motion::Top), "first", &[Char('g'), Home]),
        spec(wrap(Motion::Bottom), "last", &[Char('G'), End]),
        spec(wrap(Motion::PageDown), "page down", &[Ctrl('d'), PageDown]),
        spec(wrap(Motion::PageUp), "page up", &[Ctrl('u'), PageUp]),
    ]
}

static DIGITS: [Key; 9] = [
    Char('1'),
    Char('2'),
    Char('3'),
    Char('4'),
    Char('5'),
    Char('6'),
    Char('7'),
    Char('8'),
    Char('9'),
];

/// `1`–`9` open the nth link.
fn open_nth<C>(wrap: fn(u8) -> C) -> impl Iterator<Item = Spec<C>> {
    (1..=9u8).map(move |n| {
        let at = usize::from(n - 1);
        spec(wrap(n), "open link n", &DIGITS[at..=at])
    })
}

impl CommandSet for BrowseCommand {
    fn specs(_: Mode) -> Vec<Spec<Self>> {
        use BrowseCommand as B;
        let mut specs = motions(B::Move);
        specs.extend([
            spec(B::FocusLeft, "pane to the left", &[Char('h'), Left]),
            spec(B::FocusRight, "pane to the right", &[Char('l'), Right]),
            spec(B::NextPane, "next pane", &[Tab]),
            spec(B::PrevPane, "previous pane", &[BackTab]),
            spec(B::PrevIssue, "previous issue", &[Char('[')]),
            spec(B::NextIssue, "next issue", &[Char(']')]),
            spec(B::PrevSection, "previous section", &[Char('{')]),
            spec(B::NextSection, "next section", &[Char('}')]),
            spec(
                B::PrevEntry,
                "previous entry (k past the top too)",
                &[Char('K')],
            ),
            spec(
                B::NextEntry,
                "next entry (j past the end too)",
                &[Char('J')],
            ),
            spec(
                B::PrevSource,
                "show the previous / next source",
                &[Char('<')],
            ),
            spec(
                B::NextSource,
                "show the previous / next source",
                &[Char('>')],
            ),
            spec(
                B::Activate,
                "enter the issue / open the entry's link",
                &[Enter],
            )
            .footer("open"),
            spec(B::OpenLink, "open the entry's link", &[Char('o')]),
        ]);
        specs.extend(open_nth(B::OpenNth));
        specs.extend(super::reading::browse_specs());
        specs.extend([
            spec(B::Search, "search every issue", &[Char('/')]).footer("search"),
            spec(B::NextResult, "next search result", &[Char('n')]),
            spec(B::PrevResult, "previous search result", &[Char('N')]),
            spec(B::ShowLinks, "pick one of the links", &[Char('L')]).footer("links"),
            spec(B::CopyLink, "copy the link (OSC 52)", &[Char('y')]).footer("copy"),
            spec(B::Refresh, "refresh every source", &[Char('r')]),
            spec(B::ShowLog, "log of problems", &[Char('!')]),
            spec(B::ShowHelp, "help", &[Char('?')]).footer("help"),
            spec(B::Back, "end the search's highlights, else back", &[Esc]),
            spec(B::BackOrQuit, "back, quit at the top", &[Char('q')]).footer("quit"),
            spec(B::Suspend, SUSPEND, &[Ctrl('z')]),
            spec(B::Quit, "quit", &[Ctrl('c')]),
        ]);
        specs
    }
}

impl CommandSet for SearchCommand {
    /// The prompt: every character without a binding here is typed into the query.
    fn specs(_: Mode) -> Vec<Spec<Self>> {
        use SearchCommand as S;
        vec![
            spec(S::Move(Motion::Down), "next result", &[Down, Ctrl('n')]),
            spec(S::Move(Motion::Up), "previous result", &[Up, Ctrl('p')]),
            spec(S::Move(Motion::PageDown), "page down", &[PageDown]),
            spec(S::Move(Motion::PageUp), "page up", &[PageUp]),
            spec(S::Move(Motion::Top), "first result", &[]),
            spec(S::Move(Motion::Bottom), "last result", &[]),
            spec(
                S::Accept,
                "go to the result (Enter again opens it)",
                &[Enter],
            )
            .footer("go"),
            spec(S::Cancel, "cancel, back where you were", &[Esc]).footer("cancel"),
            spec(S::CursorLeft, "cursor left", &[Left]),
            spec(S::CursorRight, "cursor right", &[Right]),
            spec(S::CursorHome, "start of the query", &[Home, Ctrl('a')]),
            spec(S::CursorEnd, "end of the query", &[End, Ctrl('e')]),
            spec(S::DeleteBack, "delete a character", &[Backspace]),
            spec(S::DeleteWord, "delete a word", &[Ctrl('w')]),
            spec(S::ClearQuery, "clear the query", &[Ctrl('u')]),
            spec(S::Suspend, SUSPEND, &[Ctrl('z')]),
            spec(S::Quit, "quit", &[Ctrl('c')]),
        ]
    }
}

impl CommandSet for LinksCommand {
    fn specs(_: Mode) -> Vec<Spec<Self>> {
        use LinksCommand as L;
        let mut specs = motions(L::Move);
        specs.push(spec(L::OpenLink, "open the link", &[Enter, Char('o')]).footer("open"));
        specs.extend(open_nth(L::OpenNth));
        specs.extend([
            spec(L::CopyLink, "copy the link (OSC 52)", &[Char('y')]).footer("copy"),
            spec(L::Close, "close", &[Esc, Char('q'), Char('L')]).footer("close"),
            spec(L::Suspend, SUSPEND, &[Ctrl('z')]),
            spec(L::Quit, "quit", &[Ctrl('c')]),
        ]);
        specs
    }
}

impl CommandSet for OverlayCommand {
    /// Help and log differ only in the key that also closes them: the one that opened them.
    fn specs(mode: Mode) -> Vec<Spec<Self>> {
        use OverlayCommand as O;
        let close: &'static [Key] = match mode {
            Mode::Log => &[Esc, Char('q'), Char('!')],
            _ => &[Esc, Char('q'), Char('?')],
        };
        let mut specs = motions(O::Move);
        specs.extend([
            spec(O::Close, "close", close).footer("close"),
            spec(O::Suspend, SUSPEND, &[Ctrl('z')]),
            spec(O::Quit, "quit", &[Ctrl('c')]),
        ]);
        specs
    }
}
