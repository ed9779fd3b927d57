//! The archive: a section that links the digest's other issues (往期回顾, 往年回顾,
//! Previous issues), known by its title or by what it holds, whatever its name.

use super::index::is_markdown_path;
use super::trim::trim;
use crate::model::Entry;
use crate::text::display_width;

/// Section titles that mark the archive of past issues, matched in the title as is.
const ARCHIVE_TITLES: &[&str] = &["往期", "往年回顾"];

/// Section titles that mark the archive, matched in the lower-cased title.
const LATIN_ARCHIVE_TITLES: &[&str] = &["archive", "past issues", "previous issues", "back issues"];

/// An entry that links an issue may say a little more than its link: `（#268）`.
const MAX_NOTE_WIDTH: usize = 16;

/// Prose a section of issue links may hold besides them: `（完）`.
const MAX_PROSE_WIDTH: usize = 16;

/// Ids and file names longer than this are not compared.
const MAX_NAME: usize = 128;

pub(super) fn is_archive_title(title: &str) -> bool {
    ARCHIVE_TITLES.iter().any(|t| title.contains(t))
        || may_lower_to_latin(title) && {
            let lower = title.to_lowercase();
            LATIN_ARCHIVE_TITLES.iter().any(|t| lower.contains(t))
        }
}

/// True when the lower-cased `text` may hold an ASCII letter: only ASCII letters, the
/// Kelvin sign and `İ` lower-case to one. Spares lower-casing CJK titles.
fn may_lower_to_latin(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphabetic()) || text.contains(['\u{212A}', '\u{130}'])
}

/// True when a section's entries are nearly all (four in five, two at least) links to
/// other issues, each with at most a short note, and its prose is next to nothing.
pub(super) fn holds_issue_links(entries: &[Entry], prose: &str, naming: &Naming) -> bool {
    let prose = trim(prose);
    // A column takes at most four bytes: a longer text need not be measured.
    let short = prose.len() <= 4 * MAX_PROSE_WIDTH && display_width(prose) <= MAX_PROSE_WIDTH;
    if entries.len() < 2 || !short {
        return false;
    }
    let allowed_others = entries.len() / 5;
    let mut others = 0;
    for entry in entries {
        if !links_an_issue(entry, naming) {
            others += 1;
            if others > allowed_others {
                return false;
            }
        }
    }
    true
}

fn links_an_issue(entry: &Entry, naming: &Naming) -> bool {
    entry.summary().len() <= 4 * MAX_NOTE_WIDTH
        && entry.links().len() <= 2
        && entry.url().is_some_and(|url| is_issue_target(url, naming))
        && display_width(entry.summary()) <= MAX_NOTE_WIDTH
}

/// True for a link to a Markdown file, or to a file named as the digest names its
/// issues (`…/weekly-issue-268.html` from issue `issue-368`).
pub(super) fn is_issue_target(url: &str, naming: &Naming) -> bool {
    let path = &url[..url.find(['#', '?']).unwrap_or(url.len())];
    if is_markdown_path(path) {
        return true;
    }
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    naming.matches(stem)
}

/// How the digest names its issue files, from one issue's id: the id with each run
/// of digits standing for any number (`issue-368` → `issue-N`). Matches nothing when
/// the id holds no letter (a date): dates name blog posts as well as issues.
#[derive(Debug, Default)]
pub(super) struct Naming {
    parts: Vec<Part>,
}

#[derive(Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Number,
}

impl Naming {
    pub fn of(id: &str) -> Naming {
        if !id.bytes().any(|b| b.is_ascii_alphabetic()) || id.len() > MAX_NAME {
            return Naming::default();
        }
        let lower = id.to_ascii_lowercase();
        let mut parts = Vec::new();
        let mut rest = lower.as_str();
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let text = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
            if digits > 0 {
                parts.push(Part::Number);
                rest = &rest[digits..];
            } else {
                parts.push(Part::Text(rest[..text].to_string()));
                rest = &rest[text..];
            }
        }
        Naming { parts }
    }

    /// True when `stem` (a file name without its extension) holds a name of this
    /// form, ending it or followed by a character that is no letter or digit.
    pub fn matches(&self, stem: &str) -> bool {
        if self.parts.is_empty() || stem.len() > MAX_NAME {
            return false;
        }
        let lower = stem.to_ascii_lowercase();
        (0..lower.len())
            .filter(|&start| lower.is_char_boundary(start))
            .any(|start| {
                self.match_at(&lower[start..])
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
            })
    }

    /// What follows the name when `text` starts with one of this form.
    fn match_at<'t>(&self, mut text: &'t str) -> Option<&'t str> {
        for part in &self.parts {
            text = match part {
                Part::Text(word) => text.strip_prefix(word.as_str())?,
                Part::Number => {
                    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                    (digits > 0).then(|| &text[digits..])?
                }
            };
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_titles_match_in_any_case() {
        assert!(is_archive_title("往期回顾"));
        assert!(is_archive_title("往年回顾"));
        assert!(is_archive_title("Past Issues"));
        assert!(is_archive_title("BAC\u{212A} ISSUES"));
        assert!(!is_archive_title("业界新闻"));
    }

    #[test]
    fn only_the_listed_characters_lower_case_to_ascii_letters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lower_has_latin = c.to_lowercase().any(|l| l.is_ascii_alphabetic());
            assert_eq!(
                lower_has_latin,
                may_lower_to_latin(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    #[test]
    fn issue_targets_are_markdown_files_or_named_like_the_issue() {
        let weekly = Naming::of("issue-368");
        assert!(is_issue_target("./issue-367.md", &weekly));
        assert!(is_issue_target(
            "https://b.example/2023/09/weekly-issue-268.html",
            &weekly
        ));
        assert!(is_issue_target("https://b.example/issue-12/", &weekly));
        assert!(!is_issue_target(
            "https://b.example/issue-tracker.html",
            &weekly
        ));
        assert!(!is_issue_target(
            "https://b.example/tissue-12x.html",
            &weekly
        ));
        let hello = Naming::of("HelloGitHub99");
        assert!(is_issue_target("https://x.example/HelloGitHub98", &hello));
        assert!(!is_issue_target("https://github.com/o/HelloGitHub", &hello));
        let dated = Naming::of("2020-06-03");
        assert!(!is_issue_target(
            "https://blog.example/2020-05-01-post.html",
            &dated
        ));
        assert!(is_issue_target("../r/2020-05-01.md?x=1", &dated));
    }
}
