//! Index pages: a README that links the newsletter's issue files.

use pulldown_cmark::{Event, Parser, Tag};

/// Targets of every link in `text` that points at a Markdown file, in order, without
/// duplicates. Fragments and queries are dropped; external and relative links alike.
pub fn markdown_links(text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new(text) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let target = strip_suffixes(&dest_url);
            if is_markdown_path(target) && !links.iter().any(|l| l == target) {
                links.push(target.to_string());
            }
        }
    }
    links
}

/// True when `text` reads as an index: it links at least two Markdown files.
pub fn is_index(text: &str) -> bool {
    markdown_links(text).len() >= 2
}

fn strip_suffixes(url: &str) -> &str {
    let end = url.find(['#', '?']).unwrap_or(url.len());
    url[..end].trim()
}

/// True for paths ending in `.md` or `.markdown`, in any case.
pub fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markdown_links_in_tables_once() {
        let text = "| [a](./r/2021-01-19.md) | [b](./r/2021-01-05.md#top) |\n|---|---|\n\
                    | [a again](./r/2021-01-19.md) | [img](x.png) |\n";
        assert_eq!(
            markdown_links(text),
            vec!["./r/2021-01-19.md", "./r/2021-01-05.md"]
        );
        assert!(is_index(text));
    }

    #[test]
    fn a_page_with_one_markdown_link_is_not_an_index() {
        assert!(!is_index("see [contributing](CONTRIBUTING.md)"));
    }
}
