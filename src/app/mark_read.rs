//! When an entry counts as read. Reading state (read and unread marks) comes with a
//! later issue; the setting is carried in the state already so that issue only has to
//! act on it.

use std::fmt;
use std::str::FromStr;

/// When the reader marks an entry read (config `mark_read`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MarkRead {
    /// When its link is opened.
    #[default]
    Open,
    /// As soon as it is selected.
    Select,
}

impl MarkRead {
    pub const ALL: [MarkRead; 2] = [MarkRead::Open, MarkRead::Select];

    /// The name a config file uses.
    pub fn name(self) -> &'static str {
        match self {
            MarkRead::Open => "open",
            MarkRead::Select => "select",
        }
    }
}

impl fmt::Display for MarkRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `mark_read` value that is not one of [`MarkRead::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown mark_read policy {0:?} (open or select)")]
pub struct UnknownMarkRead(pub String);

impl FromStr for MarkRead {
    type Err = UnknownMarkRead;

    fn from_str(name: &str) -> Result<MarkRead, UnknownMarkRead> {
        MarkRead::ALL
            .into_iter()
            .find(|policy| policy.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownMarkRead(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_others_fail() {
        for policy in MarkRead::ALL {
            assert_eq!(policy.name().parse(), Ok(policy));
        }
        assert_eq!("Select".parse(), Ok(MarkRead::Select));
        assert_eq!(MarkRead::default(), MarkRead::Open);
        assert!("hover".parse::<MarkRead>().is_err());
    }
}
