//! A problem in the config file, at a line and column, and the help it offers: the
//! nearest known name ("did you mean").

use std::fmt;
use std::ops::Range;

use crate::text::clean;

/// An error or a warning about the config file: `FILE:LINE:COLUMN: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or as found).
    pub file: String,
    /// 1-based line and column (in characters), when the problem has a place.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// One line, without control characters: the file name and the message may hold
    /// text from the file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = clean(&self.file);
        let message = clean(&self.message);
        match self.at {
            Some((line, column)) => write!(f, "{file}:{line}:{column}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

/// A message about the text at a byte span of the file, before it is placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Problem {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem::new(Some(span), message)
    }

    pub fn new(span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
        }
    }

    /// Where the problem starts, for putting problems in file order.
    pub fn start(&self) -> usize {
        self.span.as_ref().map_or(usize::MAX, |span| span.start)
    }

    /// The diagnostic for `file`, whose text is `text`.
    pub fn place(self, file: &str, text: &str) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            at: self.span.map(|span| line_column(text, span.start)),
            message: self.message,
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// ` (did you mean "NAME"?)` for the known name nearest to `wrong`, if one is near.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    nearest(wrong, known)
        .map(|name| format!(" (did you mean {name:?}?)"))
        .unwrap_or_default()
}

/// ` (did you mean "NAME"?)` when a known name is near, else ` (NAMES)`, every known
/// name: for short lists of choices.
pub fn did_you_mean_or_all(wrong: &str, known: &[&str]) -> String {
    let hint = did_you_mean(wrong, known.iter().copied());
    if !hint.is_empty() {
        return hint;
    }
    match known {
        [] => String::new(),
        [one] => format!(" ({one})"),
        [rest @ .., last] => format!(" ({} or {last})", rest.join(", ")),
    }
}

/// The known name most like `wrong`, when it is like enough to be what was meant.
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    const LIKE_ENOUGH: f64 = 0.8;
    let wrong = wrong.to_lowercase();
    known
        .into_iter()
        .map(|name| (strsim::jaro_winkler(&wrong, &name.to_lowercase()), name))
        .filter(|(likeness, _)| *likeness >= LIKE_ENOUGH)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let text = "a = 1\n中文 = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (1, 5));
        assert_eq!(line_column(text, 6), (2, 1));
        // After two three-byte characters and " = ".
        assert_eq!(line_column(text, 6 + 6 + 3), (2, 6));
        assert_eq!(line_column(text, 7), (2, 1), "inside a character");
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn suggestions_only_when_near() {
        let known = ["open_link", "next_issue", "quit"];
        assert_eq!(nearest("opne_link", known), Some("open_link"));
        assert_eq!(nearest("next-isue", known), Some("next_issue"));
        assert_eq!(nearest("zzz", known), None);
        assert_eq!(
            did_you_mean("opne_link", known),
            " (did you mean \"open_link\"?)"
        );
        assert_eq!(did_you_mean("zzz", known), "");
        assert_eq!(
            did_you_mean_or_all("zzz", &known),
            " (open_link, next_issue or quit)"
        );
        assert_eq!(
            did_you_mean_or_all("quitt", &known),
            " (did you mean \"quit\"?)"
        );
    }

    #[test]
    fn diagnostics_are_one_clean_line() {
        let diagnostic = Diagnostic {
            file: "con\u{1b}[2Jfig.toml".to_string(),
            at: Some((12, 5)),
            message: "unknown\ncommand \u{202e}x".to_string(),
        };
        assert_eq!(
            diagnostic.to_string(),
            "con[2Jfig.toml:12:5: unknown command x"
        );
    }
}
