//! Conformance on the real newsletter corpus in `../shared/corpus`, checked against
//! an independent reading of the same files with plain pulldown-cmark events.
//! Skips with a note when the corpus is absent, unless `BRIEF_REQUIRE_CORPUS=1`.
//! `BRIEF_CORPUS_DIR` points elsewhere (e.g. from a git worktree not next to `shared/`).

mod corpus_dir;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use brief::model::Issue;
use brief::parse::parse_issue;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const CONTENT_SECTIONS: &[&str] = &["业界新闻", "论文", "开源项目", "博文", "应用"];

fn corpus_dir() -> Option<PathBuf> {
    corpus_dir::issues_dir()
}

struct CorpusIssue {
    id: String,
    text: String,
    issue: Issue,
}

fn load() -> Option<Vec<CorpusIssue>> {
    let dir = corpus_dir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Some(
        files
            .into_iter()
            .map(|path| {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
                let issue = parse_issue(&text, &id, &path.display().to_string());
                CorpusIssue { id, text, issue }
            })
            .collect(),
    )
}

/// One top-level list item under a `##` content heading, read independently.
struct Item {
    section: String,
    /// Expected primary URL: first usable link of the item's first paragraph.
    primary: Option<String>,
}

/// Top-level bullet items under `##` content headings, with the expected primary URL
/// of each, computed from raw events and byte offsets (no brief code involved).
fn independent_items(text: &str) -> Vec<Item> {
    let body = text
        .strip_prefix("---\nlayout: default\n---\n")
        .unwrap_or(text);
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    let events: Vec<(Event, Range<usize>)> = parser.collect();
    let mut items = Vec::new();
    let mut section: Option<String> = None;
    let mut depth = 0usize;
    let mut in_bullets = false;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                section = (*level == HeadingLevel::H2).then(|| body[range.clone()].to_string());
            }
            Event::Start(Tag::List(start)) if depth == 0 => in_bullets = start.is_none(),
            Event::Start(Tag::Item) if depth == 1 && in_bullets => {
                if let Some(title) = section.as_ref().and_then(|s| content_section(s)) {
                    let end = item_first_paragraph_end(&events, i + 1);
                    items.push(Item {
                        section: title.to_string(),
                        primary: expected_primary(body, &events[i + 1..end]),
                    });
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    items
}

fn content_section(heading_source: &str) -> Option<&'static str> {
    let name = heading_source.trim_start_matches('#').trim();
    CONTENT_SECTIONS.iter().copied().find(|s| *s == name)
}

fn item_first_paragraph_end(events: &[(Event, Range<usize>)], from: usize) -> usize {
    let mut inline_depth = 0usize;
    for (offset, (event, _)) in events[from..].iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if offset == 0 => {}
            Event::Start(
                Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough,
            ) => inline_depth += 1,
            Event::End(
                TagEnd::Link
                | TagEnd::Image
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough,
            ) => inline_depth -= 1,
            Event::Start(_) | Event::End(_) if inline_depth == 0 => return from + offset,
            _ => {}
        }
    }
    events.len()
}

/// The first usable link of a paragraph: a Markdown link with a target (or whose
/// text is a URL), or a bare `http(s)://` URL in its text, whichever comes first.
fn expected_primary(body: &str, events: &[(Event, Range<usize>)]) -> Option<String> {
    let mut candidates: Vec<(usize, String)> = Vec::new();
    let mut in_link = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link = true;
                let source = &body[range.clone()];
                let text = source
                    .strip_prefix('[')
                    .and_then(|s| s.split("](").next())
                    .unwrap_or("")
                    .trim();
                let url = if dest_url.is_empty() && text.starts_with("http") {
                    text.to_string()
                } else {
                    dest_url.to_string()
                };
                if !url.is_empty() {
                    candidates.push((range.start, url));
                }
            }
            Event::End(TagEnd::Link) => in_link = false,
            Event::Text(text) if !in_link => {
                if let Some(at) = text.find("http://").or_else(|| text.find("https://")) {
                    let url: String = text[at..]
                        .chars()
                        .take_while(|c| c.is_ascii_graphic())
                        .collect();
                    candidates.push((range.start + at, url));
                }
            }
            _ => {}
        }
    }
    candidates.into_iter().min_by_key(|c| c.0).map(|c| c.1)
}

fn content_entries(issue: &Issue) -> BTreeMap<&str, usize> {
    issue
        .sections
        .iter()
        .filter(|s| CONTENT_SECTIONS.contains(&s.title.as_str()) && !s.entries.is_empty())
        .map(|s| (s.title.as_str(), s.entries.len()))
        .collect()
}

#[test]
fn forty_issues_each_with_a_date_and_a_title() {
    let Some(corpus) = load() else { return };
    assert_eq!(corpus.len(), 40);
    for c in &corpus {
        assert_eq!(c.issue.date.as_deref(), Some(c.id.as_str()), "{}", c.id);
        assert!(!c.issue.title.trim().is_empty(), "{}", c.id);
        assert_ne!(
            c.issue.title, c.id,
            "{}: title should come from the heading",
            c.id
        );
    }
}

#[test]
fn content_sections_hold_699_entries_as_counted_independently() {
    let Some(corpus) = load() else { return };
    let mut total = 0;
    for c in &corpus {
        let expected = independent_items(&c.text);
        let mut by_section: BTreeMap<&str, usize> = BTreeMap::new();
        for item in &expected {
            *by_section.entry(item.section.as_str()).or_default() += 1;
        }
        assert_eq!(content_entries(&c.issue), by_section, "{}", c.id);
        total += expected.len();
    }
    assert_eq!(total, 699);
    let parsed: usize = corpus
        .iter()
        .map(|c| content_entries(&c.issue).values().sum::<usize>())
        .sum();
    assert_eq!(parsed, 699);
}

#[test]
fn first_issue_has_the_known_section_counts() {
    let Some(corpus) = load() else { return };
    let issue = &corpus.iter().find(|c| c.id == "2019-03-31").unwrap().issue;
    let counts: Vec<(&str, usize)> = issue
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.entries.len()))
        .collect();
    assert_eq!(
        counts,
        [("业界新闻", 4), ("论文", 4), ("开源项目", 6), ("博文", 5)]
    );
}

#[test]
fn an_empty_link_target_whose_text_is_a_url_uses_the_text() {
    let Some(corpus) = load() else { return };
    let issue = &corpus.iter().find(|c| c.id == "2021-01-19").unwrap().issue;
    assert_eq!(issue.entry_count(), 11);
    let url = "https://github.com/margaretmz/awesome-tensorflow-lite";
    let entry = issue
        .entries()
        .map(|(_, e)| e)
        .find(|e| e.title() == url)
        .expect("the awesome-tensorflow-lite entry");
    assert_eq!(entry.url(), Some(url));
    assert_eq!(entry.links().len(), 1);
}

#[test]
fn primary_urls_are_the_first_usable_link_of_the_first_paragraph() {
    let Some(corpus) = load() else { return };
    let mut checked = 0;
    for c in &corpus {
        let expected = independent_items(&c.text);
        let entries: Vec<_> = c
            .issue
            .sections
            .iter()
            .filter(|s| CONTENT_SECTIONS.contains(&s.title.as_str()))
            .flat_map(|s| &s.entries)
            .collect();
        assert_eq!(entries.len(), expected.len(), "{}", c.id);
        for (entry, item) in entries.iter().zip(&expected) {
            assert_eq!(
                entry.url(),
                item.primary.as_deref(),
                "{}: {}",
                c.id,
                entry.title()
            );
            checked += usize::from(item.primary.is_some());
        }
    }
    assert_eq!(
        checked, 694,
        "entries with a primary link, as before intro entries"
    );
}

/// Top-level lists before the first `##` heading whose items are nearly all (three in
/// four, two items at least) led by a link, read independently: each item's primary
/// URL, and the text of the paragraph right before the list.
fn independent_intro_lists(text: &str) -> Vec<(Option<String>, Vec<Option<String>>)> {
    let body = text
        .strip_prefix("---\nlayout: default\n---\n")
        .unwrap_or(text);
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    let events: Vec<(Event, Range<usize>)> = parser.collect();
    let mut lists = Vec::new();
    let mut depth = 0usize;
    let mut paragraph: Option<(String, usize)> = None;
    // The lead-in of the open top-level list and its items' links.
    let mut list: Option<(Option<String>, Vec<Option<String>>)> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { level, .. })
                if depth == 0 && *level == HeadingLevel::H2 =>
            {
                break;
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                paragraph = Some((body[range.clone()].trim().to_string(), i));
            }
            Event::Start(Tag::List(None)) if depth == 0 => {
                let lead = paragraph
                    .take()
                    .filter(|&(_, at)| block_end(&events, at) == i);
                list = Some((lead.map(|(text, _)| text), Vec::new()));
            }
            Event::Start(Tag::Item) if depth == 1 => {
                let first = events[i + 1..]
                    .iter()
                    .find(|(e, _)| !matches!(e, Event::Start(Tag::Paragraph)));
                let url = match first {
                    Some((Event::Start(Tag::Link { dest_url, .. }), _)) => {
                        Some(dest_url.to_string())
                    }
                    _ => None,
                };
                if let Some((_, items)) = &mut list {
                    items.push(url);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0
            && let Some((lead, items)) = list.take()
        {
            let led = items.iter().filter(|url| url.is_some()).count();
            if items.len() >= 2 && led * 4 >= items.len() * 3 {
                lists.push((lead, items));
            }
        }
    }
    lists
}

/// Where the top-level block starting at `start` ends: the index after its last event.
fn block_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return i + 1;
        }
    }
    events.len()
}

#[test]
fn intro_entries_are_extra_in_their_own_section() {
    let Some(corpus) = load() else { return };
    let mut total = 0;
    for c in &corpus {
        let lists = independent_intro_lists(&c.text);
        let intro_sections = &c.issue.sections[..lists.len()];
        for ((lead, urls), section) in lists.iter().zip(intro_sections) {
            assert!(
                !CONTENT_SECTIONS.contains(&section.title.as_str()),
                "{}",
                c.id
            );
            assert_eq!(section.title, "热身小新闻", "{}: {lead:?}", c.id);
            assert_eq!(Some(&section.body), lead.as_ref(), "{}", c.id);
            let parsed: Vec<Option<&str>> = section.entries.iter().map(|e| e.url()).collect();
            let expected: Vec<Option<&str>> = urls.iter().map(Option::as_deref).collect();
            assert_eq!(parsed, expected, "{}", c.id);
            total += urls.len();
        }
        let rest = &c.issue.sections[lists.len()..];
        assert!(
            rest.iter()
                .all(|s| CONTENT_SECTIONS.contains(&s.title.as_str())),
            "{}: {:?}",
            c.id,
            rest.iter().map(|s| &s.title).collect::<Vec<_>>()
        );
    }
    assert_eq!(
        total, 14,
        "the 热身小新闻 lists of 2020-07-02 (4) and 2020-09-17 (10)"
    );
}

#[test]
fn no_archive_or_footer_line_is_an_entry() {
    let Some(corpus) = load() else { return };
    for c in &corpus {
        for (_, entry) in c.issue.entries() {
            let text = format!("{} {}", entry.title(), entry.summary());
            for footer in [
                "Wechat ID",
                "WeChat:",
                "Editor:",
                "Project:",
                "知识共享",
                "往期回顾",
            ] {
                assert!(
                    !text.contains(footer),
                    "{}: {footer} in {}",
                    c.id,
                    entry.title()
                );
            }
            assert!(
                !entry.links().any(|l| l.url.contains("embedded-ai-report/")),
                "{}: archive link in entry {}",
                c.id,
                entry.title()
            );
        }
        let titles: Vec<&str> = c.issue.sections.iter().map(|s| s.title.as_str()).collect();
        assert!(
            titles.iter().all(|t| !t.contains("往期")),
            "{}: {titles:?}",
            c.id
        );
    }
}

#[test]
fn archive_sections_become_archive_links() {
    let Some(corpus) = load() else { return };
    let with_archive = corpus
        .iter()
        .filter(|c| c.text.contains("## [往期回顾]"))
        .collect::<Vec<_>>();
    assert!(!with_archive.is_empty());
    for c in with_archive {
        assert!(
            c.issue.archive.iter().any(|l| l.url.ends_with(".md")),
            "{}: {:?}",
            c.id,
            c.issue.archive
        );
    }
}
