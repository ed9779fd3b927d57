//! The keys of the reading state: the browse commands that mark, star and filter (their
//! rows of the browse table), and the Starred view's own mode.

use std::fmt;
use std::str::FromStr;

use super::Key::*;
use super::commands::{
    BrowseCommand, CommandSet, Mode, Motion, Spec, UnknownCommand, command_names, find_command,
    motions, spec,
};

/// The browse table's rows for reading-state commands, in help order.
pub(super) fn browse_specs() -> Vec<Spec<BrowseCommand>> {
    use BrowseCommand as B;
    vec![
        spec(B::ToggleRead, "mark the entry read / unread", &[Char('m')]),
        spec(B::MarkIssueRead, "mark the whole issue read", &[Char('M')]),
        spec(B::ToggleStar, "star / unstar the entry", &[Char('s')]),
        spec(B::ShowStarred, "starred entries", &[Char('S')]),
        spec(
            B::UnreadOnly,
            "show only unread entries (again: all)",
            &[Char('u')],
        ),
        spec(
            B::NextUnread,
            "next unread (pages down the text first)",
            &[Char(' ')],
        ),
    ]
}

/// The Starred view's commands: entries starred in every issue, newest star first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StarredCommand {
    Move(Motion),
    /// Opens the starred entry's link.
    Open,
    /// Removes the star under the cursor.
    Unstar,
    Close,
    Suspend,
    Quit,
}

impl fmt::Display for StarredCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StarredCommand::Move(motion) => motion.name(),
            StarredCommand::Open => "open_link",
            StarredCommand::Unstar => "unstar",
            StarredCommand::Close => "close",
            StarredCommand::Suspend => "suspend",
            StarredCommand::Quit => "quit",
        })
    }
}

impl CommandSet for StarredCommand {
    fn specs(_: Mode) -> Vec<Spec<Self>> {
        use StarredCommand as S;
        let mut specs = motions(S::Move);
        specs.extend([
            spec(S::Open, "open the entry's link", &[Enter, Char('o')]).footer("open"),
            spec(S::Unstar, "unstar", &[Char('s')]).footer("unstar"),
            spec(S::Close, "close", &[Esc, Char('q'), Char('S')]).footer("close"),
            spec(S::Suspend, super::commands::SUSPEND, &[Ctrl('z')]),
            spec(S::Quit, "quit", &[Ctrl('c')]),
        ]);
        specs
    }
}

impl FromStr for StarredCommand {
    type Err = UnknownCommand;

    fn from_str(name: &str) -> Result<StarredCommand, UnknownCommand> {
        let specs = StarredCommand::specs(Mode::Starred);
        find_command(&specs, name).ok_or_else(|| UnknownCommand {
            mode: Mode::Starred,
            name: name.to_string(),
            known: command_names(&specs),
        })
    }
}
