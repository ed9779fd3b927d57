//! Telling issues from pages: the other Markdown files of a newsletter's folder (a
//! privacy policy, a list of contributors, a folder of topics) are read, but as pages,
//! not issues: left out of the issue list and `latest`, opened when a link points at
//! them, listed by `brief list --all`.

use std::collections::HashMap;

use foldhash::fast::RandomState as FoldHasher;

use crate::model::{Issue, Library};

/// One file read for a source, and whether the user named it (a file named on the
/// command line is always an issue: it was asked for).
pub struct Read {
    pub issue: Issue,
    pub named: bool,
}

/// Splits the files of one source into issues and pages. A file not named directly is
/// a page when
///
/// - no entry of it links anywhere (notes, licences, changelogs);
/// - or it has neither a date nor a number while most files (at least two, at least
///   half) have one;
/// - or its name does not follow the pattern most files share: the file stem with
///   every run of digits taken as one (`issue-#`, `hellogithub#`, `#-#-#`), when one
///   pattern, holding digits, is that of at least two files and at least half of them
///   (`privacy-policy`, `contributors`, `subjects/free-music` beside `issue-368`).
pub fn separate(files: Vec<Read>) -> (Vec<Issue>, Vec<Issue>) {
    let verdicts = verdicts(&files, |read| Marks::of(&read.issue, read.named));
    let mut issues = Vec::new();
    let mut pages = Vec::new();
    for (read, page) in files.into_iter().zip(verdicts) {
        if page {
            pages.push(read.issue);
        } else {
            issues.push(read.issue);
        }
    }
    (issues, pages)
}

/// What [`separate`] looks at in a file.
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    /// Some entry of it links somewhere.
    pub linked: bool,
    /// It has a date or a number.
    pub marked: bool,
    /// Its issue's [`Issue::stem`].
    pub stem: &'a str,
    /// The user named the file.
    pub named: bool,
}

impl Marks<'_> {
    pub fn of(issue: &Issue, named: bool) -> Marks<'_> {
        Marks {
            linked: is_linked(issue),
            marked: issue.date.is_some() || issue.number.is_some(),
            stem: issue.stem(),
            named,
        }
    }
}

/// What [`separate`] looks at in a file, owned: enough to judge it once the file
/// itself has gone elsewhere (to the reader, a part at a time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    stem: String,
    linked: bool,
    marked: bool,
    named: bool,
}

impl Summary {
    /// The summary of `issue`, a file the user `named` or not.
    pub fn of_issue(issue: &Issue, named: bool) -> Summary {
        let marks = Marks::of(issue, named);
        Summary {
            stem: marks.stem.to_string(),
            linked: marks.linked,
            marked: marks.marked,
            named,
        }
    }

    fn marks(&self) -> Marks<'_> {
        Marks {
            linked: self.linked,
            marked: self.marked,
            stem: &self.stem,
            named: self.named,
        }
    }
}

/// For each file of one source, whether it is a page: see [`separate`].
pub fn page_verdicts(files: &[Summary]) -> Vec<bool> {
    verdicts(files, Summary::marks)
}

/// Whether some entry of `issue` links somewhere.
pub fn is_linked(issue: &Issue) -> bool {
    issue.entries().any(|(_, e)| e.has_url())
}

/// Whether each of `files` is a page, by the rule of [`separate`], given what `marks`
/// says of each.
pub fn verdicts<'a, T>(files: &'a [T], marks: impl Fn(&'a T) -> Marks<'a>) -> Vec<bool> {
    let marks: Vec<Marks> = files.iter().map(marks).collect();
    // Each candidate's shape, made once.
    let shapes: Vec<Option<String>> = (marks.iter())
        .map(|m| m.linked.then(|| shape(m.stem)))
        .collect();
    let total = marks.iter().filter(|m| m.linked).count();
    let marked_count = marks.iter().filter(|m| m.linked && m.marked).count();
    let marks_matter = marked_count >= 2 && marked_count * 2 >= total;
    let mut counts: HashMap<&str, usize, FoldHasher> = HashMap::default();
    for (m, shape) in marks.iter().zip(&shapes) {
        if let (true, Some(shape)) = (m.marked, shape) {
            *counts.entry(shape.as_str()).or_default() += 1;
        }
    }
    let pattern = counts
        .into_iter()
        .filter(|(shape, count)| shape.contains('#') && *count >= 2 && count * 2 >= total)
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(shape, _)| shape);
    let is_page = |(m, shape): (&Marks, &Option<String>)| {
        !m.named
            && (!m.linked
                || marks_matter && !m.marked
                || pattern.is_some_and(|p| shape.as_deref() != Some(p)))
    };
    marks.iter().zip(&shapes).map(is_page).collect()
}

/// [`separate`] for a library read from one source's cache or fetch, where no file is
/// named: its pages move from `issues` to `pages`.
pub fn separate_library(library: &mut Library) {
    let files = std::mem::take(&mut library.issues)
        .into_iter()
        .map(|issue| Read {
            issue,
            named: false,
        })
        .collect();
    let (issues, mut pages) = separate(files);
    library.issues = issues;
    library.pages.append(&mut pages);
}

/// A file stem's pattern: lowercased, every run of ASCII digits as one `#`.
fn shape(stem: &str) -> String {
    let mut out = String::with_capacity(stem.len());
    for c in stem.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Entry, Section};

    /// An issue of one entry, linked or not, at `/n/{id}.md`.
    pub(in crate::library) fn issue(
        id: &str,
        date: Option<&str>,
        number: Option<u32>,
        linked: bool,
    ) -> Issue {
        let entry = Entry::new("x", None, "");
        let entry = if linked {
            entry.with_url("https://a.example")
        } else {
            entry
        };
        Issue {
            id: id.into(),
            location: format!("/n/{id}.md"),
            date: date.map(str::to_string),
            number,
            sections: vec![Section {
                entries: vec![entry],
                ..Section::default()
            }],
            ..Issue::default()
        }
    }

    fn read(id: &str, date: Option<&str>, number: Option<u32>, linked: bool) -> Read {
        Read {
            issue: issue(id, date, number, linked),
            named: false,
        }
    }

    fn split(files: Vec<Read>) -> (Vec<String>, Vec<String>) {
        let (issues, pages) = separate(files);
        let ids = |v: Vec<Issue>| v.into_iter().map(|i| i.id).collect();
        (ids(issues), ids(pages))
    }

    #[test]
    fn pages_beside_numbered_issues() {
        let (issues, pages) = split(vec![
            read("issue-367", None, Some(367), true),
            read("issue-368", None, Some(368), true),
            read("subjects/free-music", None, None, true),
            read("privacy-policy", None, None, false),
            read("issue-99-notes", None, Some(99), true),
        ]);
        assert_eq!(issues, ["issue-367", "issue-368"]);
        assert_eq!(
            pages,
            ["subjects/free-music", "privacy-policy", "issue-99-notes"]
        );
    }

    #[test]
    fn subfolders_of_the_same_pattern_hold_issues() {
        let (issues, pages) = split(vec![
            read("HelloGitHub98", None, Some(98), true),
            read("HelloGitHub99", None, Some(99), true),
            read("en/HelloGitHub99", None, Some(99), true),
            read("contributors", None, None, true),
        ]);
        assert_eq!(
            issues,
            ["HelloGitHub98", "HelloGitHub99", "en/HelloGitHub99"]
        );
        assert_eq!(pages, ["contributors"]);
    }

    #[test]
    fn without_a_common_pattern_every_linked_file_is_an_issue() {
        let (issues, pages) = split(vec![
            read("tools", None, None, true),
            read("reading", None, None, true),
            read("2024-01-08", Some("2024-01-08"), None, true),
        ]);
        assert_eq!(issues, ["tools", "reading", "2024-01-08"]);
        assert!(pages.is_empty());
    }

    #[test]
    fn a_named_file_is_an_issue_whatever_its_name() {
        let mut named = read("privacy-policy", None, None, false);
        named.named = true;
        let (issues, pages) = split(vec![
            read("2024-01-08", Some("2024-01-08"), None, true),
            read("2024-01-22", Some("2024-01-22"), None, true),
            named,
        ]);
        assert_eq!(issues, ["2024-01-08", "2024-01-22", "privacy-policy"]);
        assert!(pages.is_empty());
    }

    #[test]
    fn shapes_take_digit_runs_as_one() {
        assert_eq!(shape("HelloGitHub124"), "hellogithub#");
        assert_eq!(
            shape("2024-01-08-this-week-in-rust"),
            "#-#-#-this-week-in-rust"
        );
        assert_eq!(shape("issue-7"), shape("Issue-368"));
    }
}
