//! Deciding what a link does: open in the browser, go to another issue, or nothing.

use url::Url;

use crate::model::{Issue, Library, SourceId};

/// Schemes handed to the browser. Everything else is refused.
const OPENABLE_SCHEMES: &[&str] = &["http", "https", "mailto"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A checked URL, serialized by the URL parser, safe to hand to the browser.
    Web(String),
    /// Another issue of the library (index into `library.issues`).
    Issue(usize),
    /// Not opened; the reason is shown in the status bar.
    Refused(String),
}

/// Classifies `link`, found in an issue of source `from`. Schemes are checked on the
/// parsed URL, so case, leading spaces and control characters cannot smuggle
/// `javascript:` past the check.
pub fn classify(link: &str, library: &Library, from: Option<&SourceId>) -> LinkTarget {
    match Url::parse(link) {
        Ok(url) if OPENABLE_SCHEMES.contains(&url.scheme()) => LinkTarget::Web(url.into()),
        Ok(url) => LinkTarget::Refused(format!(
            "refused to open a {}: link (only http, https and mailto)",
            url.scheme()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => relative_issue(link, library, from),
        Err(err) => LinkTarget::Refused(format!("not a valid link ({err})")),
    }
}

/// A relative link like `../embedded-ai-report/2020-05-15.md` names an issue by its file
/// stem: one of the source `from` if it has one, else of any source.
fn relative_issue(link: &str, library: &Library, from: Option<&SourceId>) -> LinkTarget {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = markdown_stem(file);
    let find = |stem: &str| {
        let named = |i: &Issue| i.id == stem;
        let issues = || library.issues.iter();
        let same = issues().position(|i| named(i) && Some(&i.source) == from);
        same.or_else(|| issues().position(named))
    };
    match stem.and_then(find) {
        Some(index) => LinkTarget::Issue(index),
        None => LinkTarget::Refused(format!("{link} is not an issue of this library")),
    }
}

fn markdown_stem(file: &str) -> Option<&str> {
    let (stem, ext) = file.rsplit_once('.')?;
    let markdown = ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown");
    (markdown && !stem.is_empty()).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Library {
        let issue = |id: &str| Issue {
            id: id.into(),
            ..Issue::default()
        };
        Library::new(vec![issue("2020-06-03"), issue("2020-05-15")])
    }

    #[test]
    fn web_links_are_opened_as_parsed() {
        let lib = library();
        assert_eq!(
            classify("https://example.com/a b", &lib, None),
            LinkTarget::Web("https://example.com/a%20b".into())
        );
        assert_eq!(
            classify("HTTP://Example.com", &lib, None),
            LinkTarget::Web("http://example.com/".into())
        );
        assert!(matches!(
            classify("mailto:a@b.c", &lib, None),
            LinkTarget::Web(_)
        ));
    }

    #[test]
    fn other_schemes_are_refused_in_any_case() {
        let lib = library();
        for link in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<b>x</b>",
            "vbscript:x",
        ] {
            assert!(
                matches!(classify(link, &lib, None), LinkTarget::Refused(_)),
                "{link}"
            );
        }
    }

    #[test]
    fn relative_links_to_issues_navigate() {
        let lib = library();
        assert_eq!(
            classify("../embedded-ai-report/2020-05-15.md", &lib, None),
            LinkTarget::Issue(1)
        );
        assert_eq!(
            classify("./embedded-ai-report/2020-06-03.md#top", &lib, None),
            LinkTarget::Issue(0)
        );
        assert!(matches!(
            classify("../2019-01-01.md", &lib, None),
            LinkTarget::Refused(_)
        ));
        assert!(matches!(
            classify("notes.txt", &lib, None),
            LinkTarget::Refused(_)
        ));
    }

    #[test]
    fn a_relative_link_prefers_an_issue_of_its_own_source() {
        let mut lib = library();
        let other = SourceId::new("other").unwrap();
        let mut twin = lib.issues[1].clone();
        twin.source = other.clone();
        lib.issues.insert(0, twin);
        let link = "./2020-05-15.md";
        assert_eq!(classify(link, &lib, Some(&other)), LinkTarget::Issue(0));
        let own = lib.issues[2].source.clone();
        assert_eq!(classify(link, &lib, Some(&own)), LinkTarget::Issue(2));
        let elsewhere = SourceId::new("elsewhere").unwrap();
        assert_eq!(classify(link, &lib, Some(&elsewhere)), LinkTarget::Issue(0));
    }
}
