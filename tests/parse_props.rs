//! Properties: the parser never panics, nothing it returns carries a control or
//! invisible character, a single-line field never holds a line break and a URL never
//! holds whitespace, whatever the input (random text, random bytes, Markdown-shaped
//! noise with character references, invisible characters and tables). Every run
//! draws the same cases (a fixed seed), so CI runs a fixed set.

use brief::model::Issue;
use brief::parse::{parse_issue, parse_issue_bytes, parse_issue_report};
use brief::text::{is_clean, is_clean_line, is_clean_url};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

fn check(issue: &Issue) -> Result<(), TestCaseError> {
    for s in issue.strings() {
        prop_assert!(is_clean(s), "forbidden character in {s:?}");
    }
    let mut single_line = vec![issue.id.as_str(), &issue.title, &issue.location];
    let issue_links = issue.archive.iter().chain(&issue.intro_links);
    single_line.extend(issue_links.clone().map(|l| l.text.as_str()));
    let mut urls: Vec<&str> = issue_links.map(|l| l.url.as_str()).collect();
    for section in &issue.sections {
        single_line.push(&section.title);
        single_line.extend(section.parents.iter().map(String::as_str));
        let section_links = section.link.iter().chain(&section.links);
        single_line.extend(section_links.clone().map(|l| l.text.as_str()));
        urls.extend(section_links.map(|l| l.url.as_str()));
        for entry in &section.entries {
            single_line.push(entry.title());
            single_line.extend(entry.source());
            single_line.extend(entry.tags());
            single_line.extend(entry.links().map(|l| l.text));
            urls.extend(entry.url());
            urls.extend(entry.links().map(|l| l.url));
        }
    }
    for s in single_line {
        prop_assert!(is_clean_line(s), "line break or invisible in {s:?}");
    }
    for url in urls {
        prop_assert!(!url.is_empty() && is_clean_url(url), "unusable URL {url:?}");
    }
    for (_, entry) in issue.entries() {
        if let Some(url) = &entry.url() {
            prop_assert!(
                entry.links().any(|l| &l.url == url),
                "primary {url} not among links"
            );
        }
    }
    Ok(())
}

/// Fragments that exercise the parser's rules, control characters included.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "######## ",
    "- ",
    "* ",
    "+ ",
    "  - ",
    "1. ",
    "2) ",
    "1、",
    "12、[n](https://n.example)：",
    "##### [h](https://h.example)",
    "往年回顾",
    "[o](./issue-3.md)（#3）",
    "先是一些热身小新闻：",
    "。",
    ". ",
    "> ",
    "[",
    "]",
    "](",
    ")",
    "[]()",
    "[[原文]](http://o.example)",
    "![",
    "| ",
    "|---|",
    "\n",
    "\n\n",
    "  \n",
    "\r\n",
    "\t",
    "---\n",
    "----\n",
    "```\n",
    "    ",
    "<font>",
    "</font>",
    "<a href='h'>",
    "</a>",
    "<img src=i alt=a>",
    "<!--",
    "-->",
    "<br>",
    "http://x.example/p ",
    "https://a.b/c_d",
    "<https://auto.example>",
    "[r]: http://ref.example\n",
    "[r]",
    "中文",
    "，",
    "｜",
    " | ",
    "owner/repo: ",
    "text ",
    "摘要：",
    "往期回顾",
    "(2020-06-03)",
    "第 3 期",
    "Title: t\n",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{2066}",
    "\u{0}",
    "\r",
    "&amp;",
    "**",
    "_",
    // Character references that decode to line breaks and invisible characters.
    "&#10;",
    "&#13;",
    "&#x0A;",
    "&#x2028;",
    "&#8203;",
    "&#x200D;",
    "&#xFEFF;",
    "&#x202E;",
    "&#x61C;",
    "&#xE0041;",
    "&Tab;",
    "&NewLine;",
    "&nbsp;",
    "&#x3000;",
    "<a href=\"https://h.example/&#10;x\">",
    "[t](https://u.example/a&#10;b)",
    "[t](<https://u.example/a b>)",
    "![i](https://i.example/&#x200B;.png)",
    // Invisible characters as they are.
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{200E}",
    "\u{200F}",
    "\u{2060}",
    "\u{2063}",
    "\u{FEFF}",
    "\u{061C}",
    "\u{00AD}",
    "\u{180E}",
    "\u{3164}",
    "\u{115F}",
    "\u{FFF9}",
    "\u{E0067}",
    "\u{E007F}",
    "\u{2028}",
    "👩",
    "🏴",
    "\u{FE0F}",
    // Tables: wide headers, short rows, nesting in lists and quotes.
    "| a | b | c | d |\n|---|---|---|---|\n",
    "|a|\n|-|\n",
    "| x |\n",
    "x|\n",
    "- | a | b |\n  |---|---|\n  | 1 |\n",
    "> | a |\n> |:-:|\n",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[a-zA-Z0-9 ]{0,8}",
    ]
}

fn markdown_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..120).prop_map(|parts| parts.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x0b71_ef09),
        ..ProptestConfig::with_cases(512)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_strings_parse_clean(text in any::<String>(), id in any::<String>(), origin in any::<String>()) {
        check(&parse_issue(&text, &id, &origin))?;
    }

    #[test]
    fn arbitrary_bytes_parse_clean(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(&parse_issue_bytes(&bytes, "2020-06-03", "bytes"))?;
    }

    #[test]
    fn markdown_shaped_input_parses_clean(text in markdown_like()) {
        check(&parse_issue(&text, "id", "origin"))?;
    }

    #[test]
    fn markdown_shaped_bytes_with_front_matter_parse_clean(text in markdown_like()) {
        let framed = format!("---\ntitle: x\n---\n{text}");
        check(&parse_issue_bytes(framed.as_bytes(), "issue-1", "origin"))?;
    }

    #[test]
    fn a_title_link_of_references_parses_clean(
        title in proptest::collection::vec(fragment(), 0..12),
        url in proptest::collection::vec(fragment(), 0..6),
    ) {
        let text = format!("# {}\n\n## {}\n\n- [{}]({})\n", title.concat(), title.concat(), title.concat(), url.concat());
        let (issue, notes) = parse_issue_report(&text, &title.concat(), &url.concat());
        prop_assert!(notes.is_empty(), "{notes:?}");
        check(&issue)?;
    }
}
