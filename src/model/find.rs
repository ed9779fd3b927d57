//! Finding an issue by what a user types: `latest`, an id, `SOURCE/ID`, a date, a
//! file stem or a number. See [`Library::lookup`].

use super::{Issue, Library};

/// What [`Library::lookup`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a Issue),
    /// Several issues (or pages) answer to it, in library order.
    Ambiguous(Vec<&'a Issue>),
    Missing,
}

impl<'a> Lookup<'a> {
    fn of(mut found: Vec<&'a Issue>) -> Lookup<'a> {
        match found.len() {
            0 => Lookup::Missing,
            1 => Lookup::Found(found.remove(0)),
            _ => Lookup::Ambiguous(found),
        }
    }

    pub fn found(self) -> Option<&'a Issue> {
        match self {
            Lookup::Found(issue) => Some(issue),
            _ => None,
        }
    }
}

impl Library {
    /// The issue `text` names, tried in this order, the first rule that matches
    /// anything deciding:
    ///
    /// 1. `latest`: the first issue ([`Library::sort`]'s newest);
    /// 2. an issue id, exactly (`2020-06-03`, `en/HelloGitHub99`);
    /// 3. `SOURCE/ID`, an [`super::IssueKey`] as displayed;
    /// 4. a date: the newest issue of that date;
    /// 5. a file stem, the id's last part (`HelloGitHub99` for `en/HelloGitHub99`);
    /// 6. a number, `368` or `#368`: the issue numbered so;
    /// 7. a page's id, else its stem.
    ///
    /// Where a rule matches several issues (the same id in two sources, two files of
    /// one stem, two issues numbered alike), the answer is [`Lookup::Ambiguous`].
    pub fn lookup(&self, text: &str) -> Lookup<'_> {
        if text == "latest" {
            return Lookup::of(self.issues.first().into_iter().collect());
        }
        let all = |keep: &dyn Fn(&Issue) -> bool| -> Vec<&Issue> {
            self.issues.iter().filter(|i| keep(i)).collect()
        };
        let by_id = all(&|i| i.id == text);
        if !by_id.is_empty() {
            return Lookup::of(by_id);
        }
        if let Some((source, id)) = text.split_once('/') {
            let keyed = all(&|i| i.source.as_str() == source && i.id == id);
            if !keyed.is_empty() {
                return Lookup::of(keyed);
            }
        }
        if let Some(dated) = self.issues.iter().find(|i| i.date.as_deref() == Some(text)) {
            return Lookup::Found(dated);
        }
        let by_stem = all(&|i| i.stem() == text);
        if !by_stem.is_empty() {
            return Lookup::of(by_stem);
        }
        if let Some(number) = parse_number(text) {
            let numbered = all(&|i| i.number == Some(number));
            if !numbered.is_empty() {
                return Lookup::of(numbered);
            }
        }
        self.lookup_page(text)
    }

    /// The page with id `text`, else of that stem.
    fn lookup_page(&self, text: &str) -> Lookup<'_> {
        let pages = |keep: &dyn Fn(&Issue) -> bool| -> Vec<&Issue> {
            self.pages.iter().filter(|p| keep(p)).collect()
        };
        let by_id = pages(&|p| p.id == text);
        if !by_id.is_empty() {
            return Lookup::of(by_id);
        }
        Lookup::of(pages(&|p| p.stem() == text))
    }

    /// The issue `text` names when exactly one does: see [`Library::lookup`].
    pub fn find(&self, text: &str) -> Option<&Issue> {
        self.lookup(text).found()
    }
}

/// `368` or `#368`.
fn parse_number(text: &str) -> Option<u32> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceId;

    fn issue(source: &str, id: &str, date: Option<&str>, number: Option<u32>) -> Issue {
        Issue {
            source: SourceId::new(source).unwrap(),
            id: id.into(),
            date: date.map(str::to_string),
            number,
            ..Issue::default()
        }
    }

    fn found<'a>(library: &'a Library, text: &str) -> Option<&'a str> {
        library.find(text).map(|i| i.id.as_str())
    }

    fn candidates(library: &Library, text: &str) -> Vec<String> {
        match library.lookup(text) {
            Lookup::Ambiguous(all) => all.iter().map(|i| i.key().to_string()).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn library() -> Library {
        let mut library = Library::new(vec![
            issue("hg", "HelloGitHub99", None, Some(99)),
            issue("hg", "en/HelloGitHub99", None, Some(99)),
            issue("hg", "368", None, Some(12)),
            issue("weekly", "issue-368", None, Some(368)),
            issue("weekly", "issue-367", Some("2025-10-10"), Some(367)),
            issue("twir", "issue-367", Some("2025-10-09"), Some(560)),
        ]);
        library.pages = vec![issue("weekly", "subjects/free-music", None, None)];
        library
    }

    #[test]
    fn latest_is_the_first_issue_and_ids_come_before_numbers() {
        let library = library();
        assert_eq!(found(&library, "latest"), Some("HelloGitHub99"));
        assert_eq!(
            found(&library, "368"),
            Some("368"),
            "an id wins over a number"
        );
        assert_eq!(found(&library, "#368"), Some("issue-368"));
        assert_eq!(found(&library, "560"), Some("issue-367"));
        assert_eq!(found(&library, "2025-10-10"), Some("issue-367"));
        assert_eq!(found(&library, "twir/issue-367").map(|_| ()), Some(()));
        assert_eq!(
            library.find("twir/issue-367").map(|i| i.source.as_str()),
            Some("twir")
        );
        assert_eq!(
            found(&library, "en/HelloGitHub99"),
            Some("en/HelloGitHub99")
        );
        assert_eq!(found(&library, "HelloGitHub99"), Some("HelloGitHub99"));
        assert_eq!(found(&library, "nothing"), None);
    }

    #[test]
    fn what_several_issues_answer_to_is_ambiguous() {
        let library = library();
        assert_eq!(
            candidates(&library, "issue-367"),
            ["weekly/issue-367", "twir/issue-367"]
        );
        assert_eq!(
            candidates(&library, "99"),
            ["hg/HelloGitHub99", "hg/en/HelloGitHub99"]
        );
    }

    #[test]
    fn pages_are_found_by_id_or_stem_but_never_as_latest() {
        let mut library = library();
        assert_eq!(found(&library, "free-music"), Some("subjects/free-music"));
        assert_eq!(
            found(&library, "subjects/free-music"),
            Some("subjects/free-music")
        );
        library.issues.clear();
        assert_eq!(found(&library, "latest"), None);
    }
}
