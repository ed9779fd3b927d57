//! Deciding what a link does: open in the browser, go to another issue, or nothing.

use url::Url;

use crate::model::Library;

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

/// Classifies `link`. Schemes are checked on the parsed URL, so case, leading
/// spaces and control characters cannot smuggle `javascript:` past the check.
pub fn classify(link: &str, library: &Library) -> LinkTarget {
    match Url::parse(link) {
        Ok(url) if OPENABLE_SCHEMES.contains(&url.scheme()) => LinkTarget::Web(url.into()),
        Ok(url) => LinkTarget::Refused(format!(
            "refused to open a {}: link (only http, https and mailto)",
            url.scheme()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => relative_issue(link, library),
        Err(err) => LinkTarget::Refused(format!("not a valid link ({err})")),
    }
}

/// A relative link like `../embedded-ai-report/2020-05-15.md` names an issue by its file stem.
fn relative_issue(link: &str, library: &Library) -> LinkTarget {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = markdown_stem(file);
    match stem.and_then(|stem| library.issues.iter().position(|i| i.id == stem)) {
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
    use crate::model::Issue;

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
            classify("https://example.com/a b", &lib),
            LinkTarget::Web("https://example.com/a%20b".into())
        );
        assert_eq!(
            classify("HTTP://Example.com", &lib),
            LinkTarget::Web("http://example.com/".into())
        );
        assert!(matches!(classify("mailto:a@b.c", &lib), LinkTarget::Web(_)));
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
                matches!(classify(link, &lib), LinkTarget::Refused(_)),
                "{link}"
            );
        }
    }

    #[test]
    fn relative_links_to_issues_navigate() {
        let lib = library();
        assert_eq!(
            classify("../embedded-ai-report/2020-05-15.md", &lib),
            LinkTarget::Issue(1)
        );
        assert_eq!(
            classify("./embedded-ai-report/2020-06-03.md#top", &lib),
            LinkTarget::Issue(0)
        );
        assert!(matches!(
            classify("../2019-01-01.md", &lib),
            LinkTarget::Refused(_)
        ));
        assert!(matches!(
            classify("notes.txt", &lib),
            LinkTarget::Refused(_)
        ));
    }
}
