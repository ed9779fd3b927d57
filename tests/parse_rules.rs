//! One test per parsing rule, on fixtures written for brief (tests/fixtures/parse).

use brief::model::{Entry, Issue, Section};
use brief::parse::{parse_issue, parse_issue_bytes};
use brief::text::{is_clean, sanitize};

fn fixture(name: &str) -> Issue {
    let path = format!(
        "{}/tests/fixtures/parse/{name}.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    parse_issue(&text, name, &path)
}

fn section<'i>(issue: &'i Issue, title: &str) -> &'i Section {
    issue
        .sections
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title} in {:?}", titles(issue)))
}

fn titles(issue: &Issue) -> Vec<&str> {
    issue.sections.iter().map(|s| s.title.as_str()).collect()
}

fn entry<'i>(issue: &'i Issue, title: &str) -> &'i Entry {
    issue
        .entries()
        .map(|(_, e)| e)
        .find(|e| e.title() == title)
        .unwrap_or_else(|| {
            let all: Vec<_> = issue.entries().map(|(_, e)| e.title()).collect();
            panic!("no entry {title:?} in {all:?}")
        })
}

fn urls(entry: &Entry) -> Vec<&str> {
    entry.links().map(|l| l.url).collect()
}

// Header

#[test]
fn yaml_front_matter_is_metadata_not_content() {
    let issue = fixture("zh_weekly");
    assert!(!issue.intro.contains("layout"), "{}", issue.intro);
    assert_eq!(issue.title, "端侧智能周报 第 12 期 (2022-03-04)");
}

#[test]
fn pelican_lines_give_title_date_and_number() {
    let issue = fixture("en_digest");
    assert_eq!(issue.title, "Edge Digest Vol.7");
    assert_eq!(issue.date.as_deref(), Some("2022-01-02"));
    assert_eq!(issue.number, Some(7));
    assert!(!issue.intro.contains("Author"));
}

#[test]
fn date_and_number_come_from_the_title() {
    let issue = fixture("zh_weekly");
    assert_eq!(issue.date.as_deref(), Some("2022-03-04"));
    assert_eq!(issue.number, Some(12));
}

#[test]
fn date_and_number_come_from_the_file_name() {
    let issue = parse_issue("# Weekly\n\n## News\n", "2021-05-06", "x");
    assert_eq!(issue.date.as_deref(), Some("2021-05-06"));
    assert_eq!(parse_issue("# Weekly\n", "issue-42", "x").number, Some(42));
}

#[test]
fn a_heading_with_too_many_hashes_still_gives_title_and_date() {
    let issue = fixture("malformed_title");
    assert_eq!(issue.title, "嵌入式AI简报 (2020-06-03)");
    assert_eq!(issue.date.as_deref(), Some("2020-06-03"));
    assert_eq!(issue.intro, "导读文字。");
    assert_eq!(section(&issue, "论文").entries.len(), 1);
}

#[test]
fn the_title_falls_back_to_the_id() {
    let issue = parse_issue("Just a paragraph.\n", "note-1", "x");
    assert_eq!(issue.title, "note-1");
    assert_eq!(issue.number, None);
}

// Sections

#[test]
fn level_two_sections_with_trailing_spaces_trimmed() {
    assert_eq!(titles(&fixture("zh_weekly")), ["新闻", "开源项目"]);
}

#[test]
fn level_three_sections_under_a_wrapper_heading() {
    let issue = fixture("en_digest");
    assert_eq!(titles(&issue), ["Contents", "News", "Tools", "Essay"]);
    let contents = section(&issue, "Contents");
    assert!(contents.entries.is_empty() && contents.body.is_empty());
    assert!(contents.parents.is_empty());
    assert_eq!(section(&issue, "Tools").parents, ["Contents"]);
}

#[test]
fn headings_that_are_links_use_their_text() {
    let issue = parse_issue(
        "# T\n\n## [Tools](https://x.example)\n\n- [a](https://a.example)\n",
        "t",
        "x",
    );
    assert_eq!(titles(&issue), ["Tools"]);
}

#[test]
fn prose_only_sections_keep_their_prose() {
    let issue = fixture("en_digest");
    let essay = section(&issue, "Essay");
    assert!(essay.entries.is_empty());
    assert_eq!(
        essay.body,
        "A prose-only section: no links, just thoughts.\n\nQuoted wisdom."
    );
}

#[test]
fn text_before_the_first_section_is_the_intro() {
    let issue = fixture("zh_weekly");
    assert_eq!(
        issue.intro,
        "聚焦端侧推理、模型压缩\n注：部分链接需要科学上网\n\n导读：本期共七条。\n\n先来几条短讯：\n\n\
         - 某芯片厂发布新一代 NPU；\n- 某手机厂宣布自研 ISP。"
    );
    assert_eq!(fixture("en_digest").intro, "Welcome to this week's digest.");
}

#[test]
fn section_notes_before_the_first_entry_are_the_section_body() {
    let issue = fixture("zh_weekly");
    assert_eq!(
        section(&issue, "开源项目").body,
        "注：仓库名前缀为 owner/repo。"
    );
}

// Entries

#[test]
fn top_level_bullets_are_entries() {
    let issue = fixture("zh_weekly");
    assert_eq!(section(&issue, "新闻").entries.len(), 4);
    assert_eq!(section(&issue, "开源项目").entries.len(), 2);
}

#[test]
fn enumerated_paragraphs_and_ordered_lists_are_entries() {
    let issue = fixture("en_digest");
    let news: Vec<&str> = section(&issue, "News")
        .entries
        .iter()
        .map(|e| e.title())
        .collect();
    assert_eq!(news, ["Chip maker ships a new NPU", "Runtime 2.0 released"]);
    let quantizer = entry(&issue, "quantizer");
    assert_eq!(quantizer.summary(), "a post-training quantizer.");
}

#[test]
fn link_led_paragraphs_are_entries() {
    let issue = fixture("en_digest");
    let profiler = entry(&issue, "profiler");
    assert_eq!(profiler.url(), Some("https://tools.example.com/p"));
    assert!(
        profiler
            .summary()
            .starts_with("finds hot loops; see https://tools.example.com/p/docs."),
        "{:?}",
        profiler.summary()
    );
}

#[test]
fn an_entry_body_holds_lazy_lines_lists_quotes_and_images() {
    let issue = fixture("zh_weekly");
    let paper = entry(&issue, "稀疏卷积的新方法");
    assert_eq!(
        paper.summary(),
        "摘要：详见 https://code.example/repo ，以及项目主页。\n\n1. 第一点；\n2. 第二点。\n\n引用的一段话。"
    );
    assert!(
        !paper.summary().contains("示意图"),
        "images are links, not text"
    );
    assert!(
        paper
            .links()
            .any(|l| l.text == "示意图" && l.url == "https://img.example/fig.png")
    );
}

#[test]
fn code_blocks_stay_in_the_entry_body() {
    let issue = fixture("zh_weekly");
    let tool = entry(&issue, "owner/fast-infer: 一个快速推理库");
    assert_eq!(tool.summary(), "摘要：支持 int8。\n\nmake && ./bench");
}

// Titles

#[test]
fn title_and_source_split_on_a_bar_and_broken_link_text_joins() {
    let issue = fixture("zh_weekly");
    let first = &section(&issue, "新闻").entries[0];
    assert_eq!(first.title(), "新框架发布：支持多种后端");
    assert_eq!(first.source(), Some("极客公园"));
}

#[test]
fn full_width_bar_splits_and_owner_repo_titles_stay_whole() {
    let issue = fixture("zh_weekly");
    let tool = entry(&issue, "owner/fast-infer: 一个快速推理库");
    assert_eq!(tool.source(), Some("GitHub"));
}

#[test]
fn leading_brackets_are_tags() {
    let issue = fixture("zh_weekly");
    assert_eq!(
        entry(&issue, "稀疏卷积的新方法").tags().collect::<Vec<_>>(),
        ["2101.00001"]
    );
    let issue = parse_issue(
        "## 论文\n\n- [MobiSys 2021] [video] [Talk | Org](https://t.example)\n",
        "t",
        "x",
    );
    let talk = entry(&issue, "Talk");
    assert_eq!(talk.tags().collect::<Vec<_>>(), ["MobiSys 2021", "video"]);
    assert_eq!(talk.source(), Some("Org"));
}

#[test]
fn entries_without_links_take_their_first_line_as_title() {
    let issue = fixture("zh_weekly");
    let plain = entry(&issue, "不带链接的条目");
    assert_eq!(plain.source(), Some("某公众号"));
    assert_eq!(plain.url(), None);
}

// Links

#[test]
fn every_link_of_an_entry_is_kept_in_order() {
    let issue = fixture("zh_weekly");
    assert_eq!(
        urls(entry(&issue, "稀疏卷积的新方法")),
        [
            "https://arxiv.example/abs/2101.00001",
            "https://orig.example/p",
            "https://blog.example/q",
            "https://code.example/repo",
            "https://home.example/",
            "https://img.example/fig.png"
        ]
    );
}

#[test]
fn the_primary_link_is_the_first_usable_link_of_the_first_paragraph() {
    let issue = parse_issue(
        "## News\n\n- ![logo](l.png) [](https://empty.example) [A](https://a.example)\n",
        "t",
        "x",
    );
    let only = &issue.sections[0].entries[0];
    assert_eq!(only.url(), Some("https://empty.example"));
}

#[test]
fn an_empty_target_uses_the_text_when_it_is_a_url() {
    let issue = fixture("zh_weekly");
    let awesome = entry(&issue, "https://github.com/someone/awesome-edge");
    assert_eq!(
        awesome.url(),
        Some("https://github.com/someone/awesome-edge")
    );
}

#[test]
fn an_empty_target_with_plain_text_is_no_link() {
    let issue = fixture("zh_weekly");
    let missing = entry(&issue, "没有地址的标题");
    assert_eq!(missing.url(), None);
    assert!(missing.links().len() == 0);
    assert_eq!(missing.summary(), "摘要：这一条没有可用链接。");
}

#[test]
fn reference_style_links_resolve() {
    let issue = fixture("en_digest");
    let runtime = entry(&issue, "Runtime 2.0 released");
    assert_eq!(runtime.url(), Some("https://runtime.example.com/2.0"));
}

#[test]
fn autolinks_and_bare_urls_are_links() {
    let issue = fixture("en_digest");
    assert_eq!(
        urls(entry(&issue, "profiler")),
        [
            "https://tools.example.com/p",
            "https://tools.example.com/p/docs",
            "https://tools.example.com/more"
        ]
    );
}

// Text

#[test]
fn soft_breaks_join_cjk_without_space_and_other_text_with_one() {
    let issue = fixture("zh_weekly");
    let first = &section(&issue, "新闻").entries[0];
    assert_eq!(
        first.summary(),
        "摘要：第一行说明第二行继续，没有空格。 Mixed line with English words here."
    );
}

#[test]
fn inline_html_is_reduced_to_text_and_comments_dropped() {
    let issue = fixture("zh_weekly");
    assert!(issue.intro.contains("注：部分链接需要科学上网") && !issue.intro.contains("font"));
    assert_eq!(
        entry(&issue, "不带链接的条目").summary(),
        "摘要：正文里有 一个注释。"
    );
}

#[test]
fn tables_outside_the_archive_are_flattened_to_text() {
    let issue = fixture("en_digest");
    assert!(
        entry(&issue, "profiler")
            .summary()
            .ends_with("Tool | Speed\nquantizer | 2x")
    );
}

#[test]
fn crlf_and_tabs_leave_no_trace() {
    let issue = fixture("en_digest");
    let json = serde_json::to_string(&issue).unwrap();
    assert!(!json.contains("\\r") && !json.contains("\\t"), "{json}");
    assert_eq!(
        entry(&issue, "Chip maker ships a new NPU").summary(),
        "faster and cooler.",
        "the dash that joins it to the title link is not summary"
    );
}

// Archive and footer

#[test]
fn the_archive_section_becomes_archive_links() {
    let issue = fixture("zh_weekly");
    let archive: Vec<(&str, &str)> = issue
        .archive
        .iter()
        .map(|l| (l.text.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        archive,
        [
            ("2022-02-18", "./2022-02-18.md"),
            ("2022-02-04", "./2022-02-04.md")
        ]
    );
}

#[test]
fn a_list_of_issue_files_is_an_archive_even_without_its_title() {
    let text =
        "# T\n\n## News\n\n- [a](https://a.example)\n\n## Before\n\n- [1](./1.md)\n- [2](./2.md)\n";
    let issue = parse_issue(text, "t", "x");
    assert_eq!(titles(&issue), ["News"]);
    assert_eq!(issue.archive.len(), 2);
}

#[test]
fn the_footer_after_a_closing_rule_is_not_content() {
    let issue = fixture("zh_weekly");
    let json = serde_json::to_string(&issue).unwrap();
    for footer in ["WeChat", "Editor", "许可协议", "qr.jpg"] {
        assert!(!json.contains(footer), "{footer} leaked: {json}");
    }
}

// Sanitizing and robustness

#[test]
fn every_string_is_sanitized_including_id_and_origin() {
    let text = "# Ti\u{1b}[2Jtle\n\n## Ne\u{202e}ws\n\n- [a\u{7}b | s\u{85}rc](https://x.example/\u{1b})\n  sum\u{0}mary\n";
    let issue = parse_issue(text, "i\u{1b}d", "or\u{2066}igin");
    assert_eq!(issue.id, "id");
    assert_eq!(issue.location, "origin");
    assert_eq!(issue.title, "Ti[2Jtle");
    let json = serde_json::to_string(&issue).unwrap();
    let decoded: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(all_strings_clean(&decoded), "{json}");
    assert_eq!(sanitize("a\tb"), "a b");
}

fn all_strings_clean(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => is_clean(s),
        serde_json::Value::Array(items) => items.iter().all(all_strings_clean),
        serde_json::Value::Object(map) => map.values().all(all_strings_clean),
        _ => true,
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily() {
    let issue = parse_issue_bytes(
        b"# Caf\xe9 news\n\n## A\n\n- [x](https://x.example)\n",
        "b",
        "x",
    );
    assert_eq!(issue.title, "Caf\u{fffd} news");
    assert_eq!(issue.entry_count(), 1);
}

#[test]
fn input_beyond_the_cap_is_ignored_not_fatal_and_said() {
    let entry = "- [e](https://e.example)\n";
    let text = "## S\n\n".to_string() + &entry.repeat(300_000);
    let (issue, notes) = brief::parse::parse_issue_report(&text, "big", "x");
    // One section, entry or link per 64 bytes: an entry and its link take two.
    let kept = brief::parse::MAX_INPUT / 64 / 2;
    assert!(issue.entry_count() <= kept && issue.entry_count() > kept - 2);
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(
        notes[0],
        "read only the first 4,194,304 of 7,500,006 bytes (the limit is 4 MiB); the \
         3,305,702 bytes after them, 132,229 lines, were left out"
    );
    assert!(notes[1].starts_with("its Markdown is too dense to parse at once"));
    let in_kept_text = brief::parse::MAX_INPUT / entry.len();
    assert!(
        notes[2].starts_with(&format!(
            "kept only {} of {} entries",
            group(issue.entry_count()),
            group(in_kept_text)
        )),
        "{notes:?}"
    );
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
