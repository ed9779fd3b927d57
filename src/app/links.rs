//! Deciding what a link does: open in the browser, go to another issue, or nothing.

use url::Url;

use crate::model::{Issue, Library};

/// Schemes handed to the browser. Everything else is refused.
const OPENABLE_SCHEMES: &[&str] = &["http", "https", "mailto"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A checked URL, serialized by the URL parser, safe to hand to the browser.
    Web(String),
    /// Another issue of the library (index into `library.issues`).
    Issue(usize),
    /// A page of the library (index into `library.pages`).
    Page(usize),
    /// Not opened; the reason is shown in the status bar.
    Refused(String),
}

/// Classifies `link`, found in issue (or page) `from`. Schemes are checked on the
/// parsed URL, so case, leading spaces and control characters cannot smuggle
/// `javascript:` past the check.
pub fn classify(link: &str, library: &Library, from: Option<&Issue>) -> LinkTarget {
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

/// A relative link like `../embedded-ai-report/2020-05-15.md` names an issue, else a
/// page, by its file: best the one of `from`'s source at the path the link leads to
/// from `from`'s folder (`en/HelloGitHub99` from `en/HelloGitHub100`), else one of
/// that source with the link's file stem, else one of any source.
fn relative_issue(link: &str, library: &Library, from: Option<&Issue>) -> LinkTarget {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some(stem) = markdown_stem(file) else {
        return LinkTarget::Refused(format!("{link} is not an issue of this library"));
    };
    let target = from.and_then(|from| resolve(&from.id, path));
    let find = |list: &[Issue]| {
        let same = |i: &Issue| from.is_some_and(|f| f.source == i.source);
        let at = |keep: &dyn Fn(&Issue) -> bool| list.iter().position(keep);
        at(&|i| same(i) && Some(&i.id) == target.as_ref())
            .or_else(|| at(&|i| same(i) && i.stem() == stem))
            .or_else(|| at(&|i| i.stem() == stem))
    };
    match (find(&library.issues), find(&library.pages)) {
        (Some(index), _) => LinkTarget::Issue(index),
        (None, Some(index)) => LinkTarget::Page(index),
        (None, None) => LinkTarget::Refused(format!("{link} is not an issue of this library")),
    }
}

/// The id a relative `path` (to a Markdown file) names from the issue `from_id`: the
/// path joined to `from_id`'s folder, `.` and `..` resolved, the extension dropped;
/// `None` when it climbs above the root.
fn resolve(from_id: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_id.split('/').collect();
    parts.pop();
    if path.starts_with('/') {
        parts.clear();
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let last = parts.pop()?;
    parts.push(markdown_stem(last)?);
    Some(parts.join("/"))
}

fn markdown_stem(file: &str) -> Option<&str> {
    let (stem, ext) = file.rsplit_once('.')?;
    let markdown = ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown");
    (markdown && !stem.is_empty()).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceId;

    fn issue(id: &str) -> Issue {
        Issue {
            id: id.into(),
            ..Issue::default()
        }
    }

    fn library() -> Library {
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

    fn from(source: &SourceId, id: &str) -> Issue {
        Issue {
            source: source.clone(),
            ..issue(id)
        }
    }

    #[test]
    fn a_relative_link_prefers_an_issue_of_its_own_source() {
        let mut lib = library();
        let other = SourceId::new("other").unwrap();
        let mut twin = lib.issues[1].clone();
        twin.source = other.clone();
        lib.issues.insert(0, twin);
        let link = "./2020-05-15.md";
        let found = |source: &SourceId| classify(link, &lib, Some(&from(source, "x")));
        assert_eq!(found(&other), LinkTarget::Issue(0));
        let own = lib.issues[2].source.clone();
        assert_eq!(found(&own), LinkTarget::Issue(2));
        let elsewhere = SourceId::new("elsewhere").unwrap();
        assert_eq!(found(&elsewhere), LinkTarget::Issue(0));
    }

    #[test]
    fn a_relative_link_prefers_the_file_it_leads_to_then_pages() {
        let mut lib = Library::new(vec![
            issue("HelloGitHub99"),
            issue("en/HelloGitHub99"),
            issue("en/HelloGitHub100"),
        ]);
        lib.pages = vec![issue("subjects/tools"), issue("free-music")];
        let source = lib.issues[0].source.clone();
        let en = from(&source, "en/HelloGitHub100");
        let root = from(&source, "issue-368");
        assert_eq!(
            classify("HelloGitHub99.md", &lib, Some(&en)),
            LinkTarget::Issue(1)
        );
        assert_eq!(
            classify("../HelloGitHub99.md", &lib, Some(&en)),
            LinkTarget::Issue(0)
        );
        assert_eq!(
            classify("/en/HelloGitHub99.md", &lib, Some(&root)),
            LinkTarget::Issue(1)
        );
        assert_eq!(
            classify("HelloGitHub99.md", &lib, Some(&root)),
            LinkTarget::Issue(0)
        );
        assert_eq!(
            classify("subjects/tools.md", &lib, Some(&root)),
            LinkTarget::Page(0)
        );
        assert_eq!(
            classify("./free-music.md#top", &lib, Some(&root)),
            LinkTarget::Page(1)
        );
        assert!(matches!(
            classify("../../../x.md", &lib, Some(&en)),
            LinkTarget::Refused(_)
        ));
    }
}
