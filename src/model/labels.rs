//! How issues and links are named wherever they are shown: each rule once, for the
//! CLI and the reader alike.

use super::{Issue, Link, LinkRef, Section};

/// Between the parts of a section's path: `Updates from the Rust Project › Compiler`.
pub const PATH_SEPARATOR: &str = " › ";

impl Issue {
    /// The issue's file stem (its id's last `/` part): `en/HelloGitHub99`
    /// → `HelloGitHub99`.
    pub fn stem(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }

    /// Whether section `s` is only a heading over the sections that follow it (bare,
    /// and the next section sits under it): lists show its title in theirs, not alone.
    pub fn is_heading_only(&self, s: usize) -> bool {
        let (Some(section), Some(next)) = (self.sections.get(s), self.sections.get(s + 1)) else {
            return false;
        };
        section.is_bare() && section.holds(next)
    }

    /// What stands for the issue in lists and headings: its date, else its id.
    pub fn display_date(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.id)
    }

    /// What stands for the issue in a narrow column: its date, else its number
    /// (`#368`), else its file stem.
    /// The stem, not the id: `en/HelloGitHub99` would be cut to its folder.
    pub fn short_label(&self) -> std::borrow::Cow<'_, str> {
        match (&self.date, self.number) {
            (Some(date), _) => date.as_str().into(),
            (None, Some(number)) => format!("#{number}").into(),
            (None, None) => self.stem().into(),
        }
    }

    /// What is shown under the issue's title: `2020-06-03 · No. 12 · 16 entries` (the
    /// date and number when known, after the `source`'s title when given: see
    /// [`super::Library::source_label`]), then the location on a line of its own (a
    /// URL wraps better alone).
    pub fn meta_lines(&self, source: Option<&str>) -> [String; 2] {
        let mut parts: Vec<String> = source.map(str::to_string).into_iter().collect();
        parts.extend(self.date.iter().cloned());
        parts.extend(self.number.map(|n| format!("No. {n}")));
        parts.push(plural(self.entry_count(), "entry", "entries"));
        [parts.join(" · "), self.location.clone()]
    }
}

/// What a section without a heading is called where sections are named.
pub const UNTITLED_SECTION: &str = "Entries";

/// [`Section::name`] of a section titled `title`.
pub fn section_name(title: &str) -> &str {
    match title.trim() {
        "" => UNTITLED_SECTION,
        title => title,
    }
}

/// [`Section::path_label`] of a section titled `title` under `parents`.
pub fn path_label(parents: &[impl AsRef<str>], title: &str) -> String {
    let parents = parents.iter().map(|p| p.as_ref().trim());
    let parts: Vec<&str> = parents
        .chain(std::iter::once(section_name(title)))
        .collect();
    parts.join(PATH_SEPARATOR)
}

impl Section {
    /// The title as shown: trimmed, and [`UNTITLED_SECTION`] for entries under no
    /// heading (an issue that is one list).
    pub fn name(&self) -> &str {
        section_name(&self.title)
    }

    /// The path as shown: `Updates from the Rust Project › Compiler`, trimmed parts.
    pub fn path_label(&self) -> String {
        path_label(&self.parents, &self.title)
    }

    /// The links of the section itself: its heading's link, then those of its prose.
    pub fn own_links(&self) -> Vec<Link> {
        self.link.iter().chain(&self.links).cloned().collect()
    }

    /// Nothing of its own: no prose, no link, no entries.
    pub fn is_bare(&self) -> bool {
        self.body.trim().is_empty()
            && self.link.is_none()
            && self.links.is_empty()
            && self.entries.is_empty()
    }

    /// Whether `other` sits under this section: its path starts with this one's.
    pub fn holds(&self, other: &Section) -> bool {
        other.parents.len() > self.parents.len()
            && other.path().zip(self.path()).all(|(a, b)| a == b)
    }
}

/// `1 problem`, `2 problems`: a count and its noun, singular for one.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `n` with thousands separators: 86,279.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text to show beside a link's URL, or `None` when the URL alone is shown: the
/// link's text, trimmed, unless it is empty, is the URL itself, or holds `title` (the
/// entry's title, which is shown already: this is its title link). An empty `title`
/// (an issue's archive links, an entry without one) hides nothing.
pub fn link_label<'a>(text: &'a str, url: &str, title: &str) -> Option<&'a str> {
    let text = text.trim();
    let title = title.trim();
    let repeats_title = !title.is_empty() && text.contains(title);
    (!text.is_empty() && text != url.trim() && !repeats_title).then_some(text)
}

impl Link {
    /// See [`link_label`].
    pub fn label(&self, title: &str) -> Option<&str> {
        link_label(&self.text, &self.url, title)
    }
}

impl<'a> LinkRef<'a> {
    /// See [`link_label`].
    pub fn label(self, title: &str) -> Option<&'a str> {
        link_label(self.text, self.url, title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_is_singular_for_one_only() {
        assert_eq!(plural(0, "entry", "entries"), "0 entries");
        assert_eq!(plural(1, "entry", "entries"), "1 entry");
        assert_eq!(plural(2, "problem", "problems"), "2 problems");
    }

    #[test]
    fn a_section_under_no_heading_is_named_entries() {
        let untitled = Section::default();
        assert_eq!(untitled.name(), UNTITLED_SECTION);
        assert_eq!(untitled.path_label(), "Entries");
        let nested = Section {
            title: " Compiler ".into(),
            parents: vec!["Updates".into()],
            ..Section::default()
        };
        assert_eq!(nested.name(), "Compiler");
        assert_eq!(nested.path_label(), "Updates › Compiler");
    }

    fn link(text: &str, url: &str) -> Link {
        Link {
            text: text.into(),
            url: url.into(),
        }
    }

    #[test]
    fn a_label_is_shown_unless_it_repeats_the_url_or_the_title() {
        let paper = link(" 原文 ", "https://a.example/p");
        assert_eq!(paper.label("Some title"), Some("原文"));
        assert_eq!(link("", "https://a.example").label("t"), None);
        assert_eq!(
            link("https://a.example", "https://a.example").label(""),
            None
        );
        let title_link = link("[1812.00332] ProxylessNAS", "https://a.example");
        assert_eq!(title_link.label("ProxylessNAS"), None);
    }

    #[test]
    fn an_empty_title_hides_no_label() {
        assert_eq!(link("原文", "https://a.example").label(""), Some("原文"));
        assert_eq!(link("原文", "https://a.example").label("  "), Some("原文"));
    }

    #[test]
    fn the_date_stands_for_the_issue_else_the_id() {
        let mut issue = Issue {
            id: "issue-7".into(),
            number: Some(7),
            location: "x/issue-7.md".into(),
            ..Issue::default()
        };
        assert_eq!(issue.display_date(), "issue-7");
        assert_eq!(issue.short_label(), "#7");
        assert_eq!(
            issue.meta_lines(None),
            ["No. 7 · 0 entries", "x/issue-7.md"]
        );
        issue.date = Some("2020-06-03".into());
        assert_eq!(issue.display_date(), "2020-06-03");
        assert_eq!(issue.short_label(), "2020-06-03");
        issue.number = None;
        assert_eq!(issue.meta_lines(None)[0], "2020-06-03 · 0 entries");
        assert_eq!(
            issue.meta_lines(Some("TWiR"))[0],
            "TWiR · 2020-06-03 · 0 entries"
        );
    }
}
