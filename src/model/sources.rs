//! The newsletters a library holds issues of, and how a library of several is kept:
//! one list of issues, interleaved by [`Library::sort`], each issue tagged with its
//! source.

use super::{Issue, Library, SourceId};

/// A newsletter as the reader names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub id: SourceId,
    /// What is shown: a configured title, else the source's name. Sanitized.
    pub title: String,
}

impl SourceInfo {
    /// A source known only by its id, which is also its title.
    pub fn of_id(id: &SourceId) -> SourceInfo {
        SourceInfo {
            id: id.clone(),
            title: id.to_string(),
        }
    }
}

impl Library {
    /// Lists every source an issue names that [`Library::sources`] does not, after the
    /// listed ones, in the order the issues name them, titled by its id.
    pub fn complete_sources(&mut self) {
        for issue in &self.issues {
            if !self.sources.iter().any(|s| s.id == issue.source) {
                self.sources.push(SourceInfo::of_id(&issue.source));
            }
        }
    }

    /// True when the library lists more than one source: then the reader and the
    /// command line say which source each issue comes from.
    pub fn has_several_sources(&self) -> bool {
        self.sources.len() > 1
    }

    /// The title of the source `id`, if listed.
    pub fn source_title(&self, id: &SourceId) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.id == *id)
            .map(|s| s.title.as_str())
    }

    /// The title of `issue`'s source when the library holds several (else `None`: one
    /// newsletter needs no naming).
    pub fn source_label<'a>(&'a self, issue: &'a Issue) -> Option<&'a str> {
        if !self.has_several_sources() {
            return None;
        }
        Some(
            self.source_title(&issue.source)
                .unwrap_or(issue.source.as_str()),
        )
    }

    /// Issues of `id`, counted.
    pub fn issue_count_of(&self, id: &SourceId) -> usize {
        self.issues.iter().filter(|i| i.source == *id).count()
    }

    /// Puts `part` (the issues and pages of source `id`, as just refreshed) in place
    /// of those of `id`, keeping the others; the order is [`Library::sort`]'s again.
    /// The source keeps its place in the list; its title is `part`'s when it has one.
    pub fn replace_source(&mut self, id: &SourceId, part: Library) {
        self.issues.retain(|issue| issue.source != *id);
        self.issues.extend(part.issues);
        self.pages.retain(|page| page.source != *id);
        self.pages.extend(part.pages);
        let title = part.sources.into_iter().find(|s| s.id == *id);
        match (self.sources.iter_mut().find(|s| s.id == *id), title) {
            (Some(listed), Some(info)) => *listed = info,
            (None, info) => self
                .sources
                .push(info.unwrap_or_else(|| SourceInfo::of_id(id))),
            (Some(_), None) => {}
        }
        self.sort();
        self.complete_sources();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(source: &str, id: &str, date: &str) -> Issue {
        Issue {
            source: SourceId::new(source).unwrap(),
            id: id.into(),
            date: Some(date.into()),
            location: format!("{source}/{id}"),
            ..Issue::default()
        }
    }

    fn info(id: &str, title: &str) -> SourceInfo {
        SourceInfo {
            id: SourceId::new(id).unwrap(),
            title: title.into(),
        }
    }

    fn keys(library: &Library) -> Vec<String> {
        library.issues.iter().map(|i| i.key().to_string()).collect()
    }

    #[test]
    fn a_refreshed_source_replaces_only_its_own_issues_and_interleaves_by_date() {
        let mut library = Library {
            issues: vec![
                issue("b", "x", "2020-06-10"),
                issue("a", "x", "2020-06-03"),
                issue("b", "y", "2020-05-01"),
            ],
            sources: vec![info("a", "A"), info("b", "B")],
            pages: vec![issue("a", "old-page", "2020-01-01")],
        };
        let part = Library {
            issues: vec![issue("a", "z", "2020-07-01"), issue("a", "x", "2020-06-03")],
            sources: vec![info("a", "Newer A")],
            pages: vec![issue("a", "page", "2020-01-01")],
        };
        let a = SourceId::new("a").unwrap();
        library.replace_source(&a, part);
        assert_eq!(keys(&library), ["a/z", "b/x", "a/x", "b/y"]);
        assert_eq!(library.sources, [info("a", "Newer A"), info("b", "B")]);
        assert_eq!(library.issue_count_of(&a), 2);
        assert_eq!(library.pages.len(), 1);
        assert_eq!(library.pages[0].id, "page");
        library.replace_source(&a, Library::default());
        assert!(library.pages.is_empty());
        assert_eq!(keys(&library), ["b/x", "b/y"]);
        assert_eq!(library.sources.len(), 2, "an emptied source stays listed");
    }

    #[test]
    fn unlisted_sources_are_completed_from_the_issues() {
        let mut library = Library::new(vec![issue("b", "x", "2020-06-10")]);
        assert!(!library.has_several_sources());
        library.sources.push(info("a", "A"));
        library.complete_sources();
        assert_eq!(library.sources, [info("a", "A"), info("b", "b")]);
        assert!(library.has_several_sources());
        assert_eq!(library.source_label(&library.issues[0]), Some("b"));
        assert_eq!(library.find("b/x").map(|i| i.id.as_str()), Some("x"));
        assert!(library.find("a/x").is_none());
    }
}
