//! What a link's URL is shown as: a click-tracking redirect shows where it leads.

use std::borrow::Cow;

use url::Url;

use super::Entry;

/// Query parameters that carry a redirect's destination.
const DESTINATION_PARAMETERS: &[&str] = &[
    "target",
    "url",
    "u",
    "to",
    "dest",
    "destination",
    "redirect",
    "redirect_url",
    "redir",
    "link",
    "goto",
    "out",
];

/// A redirect's destination as shown: `github.com/org/repo`, and the host the link
/// goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlHint {
    /// The destination's host (without `www.`) and path (without a trailing `/`).
    pub destination: String,
    /// The redirecting link's host.
    pub via: String,
}

/// The destination of a click-tracking redirect (`https://t.example/click?target=
/// https://github.com/org/repo` → `github.com/org/repo`, via `t.example`): the first
/// of [`DESTINATION_PARAMETERS`] whose value is an http(s) URL with a host. `None`
/// for any other link, which is shown as written. Opening a link always opens it as
/// written.
pub fn url_hint(link: &str) -> Option<UrlHint> {
    let url = Url::parse(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let via = url.host_str()?.to_string();
    let destination = url
        .query_pairs()
        .filter(|(name, _)| DESTINATION_PARAMETERS.contains(&name.to_ascii_lowercase().as_str()))
        .find_map(|(_, value)| {
            let target = Url::parse(value.trim()).ok()?;
            matches!(target.scheme(), "http" | "https").then_some(())?;
            let host = target.host_str()?;
            let host = host.strip_prefix("www.").unwrap_or(host);
            Some(format!("{host}{}", target.path().trim_end_matches('/')))
        })?;
    Some(UrlHint { destination, via })
}

/// A link's URL as shown: for a redirect, `github.com/org/repo (via t.example)` (see
/// [`url_hint`]); else the URL as written.
pub fn shown_url(url: &str) -> Cow<'_, str> {
    match url_hint(url) {
        Some(hint) => Cow::Owned(format!("{} (via {})", hint.destination, hint.via)),
        None => Cow::Borrowed(url),
    }
}

impl Entry {
    /// What is shown as where the entry comes from: its publisher (`title | source`),
    /// else, for a redirecting link, its destination ([`url_hint`]).
    pub fn source_hint(&self) -> Option<Cow<'_, str>> {
        if let Some(source) = self.source() {
            return Some(Cow::Borrowed(source));
        }
        let hint = url_hint(self.url()?)?;
        Some(Cow::Owned(hint.destination))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_shows_its_destination() {
        let hint = url_hint(
            "https://t.example/click?id=7&target=https%3A%2F%2Fgithub.com%2Forg%2Frepo%2F",
        )
        .unwrap();
        assert_eq!(hint.destination, "github.com/org/repo");
        assert_eq!(hint.via, "t.example");
        assert_eq!(
            shown_url("https://t.example/click?target=https://github.com/org/repo"),
            "github.com/org/repo (via t.example)"
        );
        assert_eq!(shown_url("https://a.example/x"), "https://a.example/x");
        let plain = url_hint("https://news.example/r?url=https://www.rust-lang.org/learn").unwrap();
        assert_eq!(plain.destination, "rust-lang.org/learn");
    }

    #[test]
    fn an_entry_without_a_source_names_its_redirect_destination() {
        let tracked = "https://t.example/click?target=https://github.com/org/repo";
        let entry = Entry::new("repo", None, "").with_url(tracked);
        assert_eq!(entry.source_hint().as_deref(), Some("github.com/org/repo"));
        assert_eq!(
            entry.url(),
            Some(tracked),
            "the link itself is kept as written"
        );
        let named = Entry::new("repo", Some("知乎"), "").with_url(tracked);
        assert_eq!(named.source_hint().as_deref(), Some("知乎"));
        let plain = Entry::new("repo", None, "").with_url("https://github.com/org/repo");
        assert_eq!(plain.source_hint(), None);
    }

    #[test]
    fn other_links_have_no_hint() {
        assert_eq!(url_hint("https://github.com/org/repo?tab=readme"), None);
        assert_eq!(
            url_hint("https://t.example/click?target=javascript:alert(1)"),
            None
        );
        assert_eq!(
            url_hint("https://t.example/click?page=https://a.example/x"),
            None
        );
        assert_eq!(url_hint("../2020-05-15.md?target=https://a.example"), None);
        assert_eq!(url_hint("mailto:a@b.example?to=https://a.example"), None);
    }
}
