//! Whether a 200 answer may replace the cached copy: a proxy's or a CDN's error page
//! (HTML), binary data, or an issue that suddenly lost its entries is not a new
//! version of a Markdown file.

use url::Url;

use super::cached::parse_issue;
use crate::parse::index;

/// What a file is to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Index,
    Issue,
    /// A folder listing (JSON), cached as it comes.
    Listing,
}

/// What to do with a new body.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Accept,
    /// Not a version of this file at all: keep the cached copy (and its validators).
    Reject(String),
    /// Plausible but doubtful: keep the cached copy, keep the new one beside it.
    Doubt(String),
}

/// Judges `new` for the file `url` of kind `kind`, `old` being the cached copy if any.
pub(super) fn judge(kind: Kind, url: &Url, old: Option<&[u8]>, new: &[u8]) -> Verdict {
    if kind == Kind::Listing {
        return Verdict::Accept;
    }
    if let Some(what) = not_markdown(new) {
        return Verdict::Reject(format!("the server sent {what}, not Markdown"));
    }
    let Some(old) = old else {
        return Verdict::Accept;
    };
    if std::str::from_utf8(new).is_err() && std::str::from_utf8(old).is_ok() {
        return Verdict::Reject("the new version is not valid UTF-8".to_string());
    }
    match kind {
        Kind::Issue => judge_issue(url, old, new),
        Kind::Index => judge_index(old, new),
        Kind::Listing => Verdict::Accept,
    }
}

fn judge_issue(url: &Url, old: &[u8], new: &[u8]) -> Verdict {
    let before = parse_issue(old, url).0.entry_count();
    let after = parse_issue(new, url).0.entry_count();
    if before > 0 && after == 0 {
        Verdict::Reject(format!(
            "the new version has no entries (the cached one has {before})"
        ))
    } else if after * 2 < before {
        Verdict::Doubt(format!(
            "the new version has {after} of the {before} entries of the cached one"
        ))
    } else {
        Verdict::Accept
    }
}

fn judge_index(old: &[u8], new: &[u8]) -> Verdict {
    let links = |bytes: &[u8]| index::markdown_links(&String::from_utf8_lossy(bytes)).len();
    let before = links(old);
    if before > 0 && links(new) == 0 {
        Verdict::Reject(format!(
            "the new index links no Markdown file (the cached one links {before})"
        ))
    } else {
        Verdict::Accept
    }
}

/// What `bytes` is when it is plainly not Markdown: an HTML document, binary data.
fn not_markdown(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(8192)];
    let text = String::from_utf8_lossy(head);
    let start = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .get(..16)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let html = ["<!doctype html", "<html", "<head>", "<body"];
    if html.iter().any(|tag| start.starts_with(tag)) {
        return Some("an HTML page");
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if head.contains(&0) || controls * 10 > head.len() {
        return Some("binary data");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://h/r/2020-01-01.md").unwrap()
    }

    fn issue(entries: usize) -> Vec<u8> {
        let mut text = String::from("# Issue\n\n## News\n\n");
        for n in 0..entries {
            text.push_str(&format!("- [entry {n}](https://example.com/{n})\n"));
        }
        text.into_bytes()
    }

    #[test]
    fn html_pages_and_binary_data_are_not_issues() {
        let page = b"\n<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>";
        assert!(matches!(
            judge(Kind::Issue, &url(), None, page),
            Verdict::Reject(r) if r.contains("an HTML page")
        ));
        assert!(matches!(
            judge(Kind::Index, &url(), None, b"\x00\x01\x02PK"),
            Verdict::Reject(r) if r.contains("binary")
        ));
        let html_in_markdown = b"<p align=\"center\"><img src=\"x.png\"></p>\n\n# Issue\n";
        assert_eq!(
            judge(Kind::Issue, &url(), None, html_in_markdown),
            Verdict::Accept
        );
        assert_eq!(
            judge(Kind::Listing, &url(), None, b"<html>"),
            Verdict::Accept
        );
    }

    #[test]
    fn an_issue_that_loses_its_entries_is_refused_or_doubted() {
        let old = issue(10);
        assert!(matches!(
            judge(Kind::Issue, &url(), Some(&old), b"# Issue\n\nsoon\n"),
            Verdict::Reject(_)
        ));
        assert!(matches!(
            judge(Kind::Issue, &url(), Some(&old), &issue(4)),
            Verdict::Doubt(r) if r.contains("4 of the 10")
        ));
        assert_eq!(
            judge(Kind::Issue, &url(), Some(&old), &issue(5)),
            Verdict::Accept
        );
        assert_eq!(
            judge(Kind::Issue, &url(), Some(&issue(0)), &issue(0)),
            Verdict::Accept
        );
    }

    #[test]
    fn an_index_that_stops_linking_issues_is_refused() {
        let old = b"- [a](r/a.md)\n- [b](r/b.md)\n";
        assert!(matches!(
            judge(Kind::Index, &url(), Some(old), b"# moved\n"),
            Verdict::Reject(_)
        ));
    }
}
