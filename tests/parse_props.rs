//! Properties: the parser never panics, and nothing it returns carries a control
//! character, whatever the input (random text, random bytes, Markdown-shaped noise).

use brief::model::Issue;
use brief::parse::{parse_issue, parse_issue_bytes};
use brief::text::is_clean;
use proptest::prelude::*;

fn check(issue: &Issue) -> Result<(), TestCaseError> {
    for s in issue.strings() {
        prop_assert!(is_clean(s), "forbidden character in {s:?}");
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

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
}
