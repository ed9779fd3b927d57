//! Digests of other shapes than 嵌入式AI简报, on fixtures written for brief
//! (tests/fixtures/digests): This Week in Rust, 科技爱好者周刊 and HelloGitHub.
//! One test per rule: numbers, headings of any depth, links outside entries, intro
//! entries, archives known by what they hold, prose entries, the digest's numbering.

use brief::model::{Entry, Issue, Link, Section};
use brief::parse::parse_issue;

fn fixture(path: &str) -> Issue {
    let full = format!(
        "{}/tests/fixtures/digests/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).expect("fixture readable");
    let id = path.rsplit('/').next().unwrap().trim_end_matches(".md");
    parse_issue(&text, id, &full)
}

fn twir_91() -> Issue {
    fixture("twir/content/2015-07-27-this-week-in-rust.md")
}

fn twir_499() -> Issue {
    fixture("twir/content/2023-06-14-this-week-in-rust.md")
}

fn weekly() -> Issue {
    fixture("weekly/docs/issue-368.md")
}

fn hello() -> Issue {
    fixture("hellogithub/content/HelloGitHub99.md")
}

fn section<'i>(issue: &'i Issue, title: &str) -> &'i Section {
    issue
        .sections
        .iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title} in {:?}", paths(issue)))
}

fn paths(issue: &Issue) -> Vec<Vec<&str>> {
    issue.sections.iter().map(|s| s.path().collect()).collect()
}

fn titles(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(Entry::title).collect()
}

fn urls(links: &[Link]) -> Vec<&str> {
    links.iter().map(|l| l.url.as_str()).collect()
}

// Numbers

#[test]
fn numbers_come_from_titles_headers_and_file_names() {
    let twir = twir_91();
    assert_eq!(twir.title, "This Week in Rust 91");
    assert_eq!(twir.number, Some(91), "the number is in the title only");
    assert_eq!(twir.date.as_deref(), Some("2015-07-27"));
    assert_eq!(twir_499().number, Some(499));
    let headerless = parse_issue(
        "# This Week in Rust 500\n\nA made-up issue without a header.\n\n\
         ## Quote of the Week\n\n> Nothing here is real.\n",
        "this-week-in-rust-500",
        "x",
    );
    assert_eq!(headerless.title, "This Week in Rust 500");
    assert_eq!(headerless.number, Some(500));
    assert_eq!(weekly().number, Some(368));
    assert_eq!(hello().number, Some(99));
    let named = parse_issue("Some text.\n", "HelloGitHub98", "x");
    assert_eq!(named.number, Some(98));
    let named = parse_issue("Some text.\n", "issue-367", "x");
    assert_eq!(named.number, Some(367));
}

#[test]
fn years_dates_and_counts_are_not_issue_numbers() {
    for title in [
        "# Top 10 crates of 2024",
        "# Weekly 2024-01-08",
        "# Rust in 2023",
    ] {
        let issue = parse_issue(&format!("{title}\n\n## News\n"), "notes", "x");
        assert_eq!(issue.number, None, "{title}");
    }
    for title in ["# Vol. 12", "# Digest #45", "# No. 7", "# Issue 12: news"] {
        let issue = parse_issue(&format!("{title}\n"), "notes", "x");
        assert!(issue.number.is_some(), "{title}");
    }
}

// Headings of any depth

#[test]
fn a_level_one_heading_after_the_intro_is_a_section_not_a_second_title() {
    let issue = twir_91();
    assert_eq!(
        paths(&issue),
        [
            vec!["Updates from Rust Community"],
            vec!["Updates from Rust Community", "News & Blog Posts"],
            vec!["Updates from Rust Community", "Notable Links"],
            vec!["Crate of the Week"],
            vec!["Upcoming Events"],
            vec!["Quote of the Week"],
        ]
    );
    let news = section(&issue, "News & Blog Posts");
    assert_eq!(news.parents, ["Updates from Rust Community"]);
    assert_eq!(news.entries.len(), 12);
    assert!(news.entries.iter().all(|e| e.url().is_some()));
    assert!(news.body.is_empty());
}

#[test]
fn with_a_header_title_a_first_heading_among_others_of_its_level_is_a_section() {
    let text = "Title: This Week in Rust 92\n\n# Updates from Rust Community\n\n\
        ## News\n\n* [a](https://a.example)\n\n# Quote of the Week\n\n> Words.\n";
    let issue = parse_issue(text, "twir", "x");
    assert_eq!(issue.title, "This Week in Rust 92");
    let paths = paths(&issue);
    assert_eq!(paths[0], ["Updates from Rust Community"]);
    assert_eq!(paths.len(), 3);
    let repeated = "Title: Weekly 3\n\n# Weekly 3\n\n# News\n\n- [a](https://a.example)\n";
    let issue = parse_issue(repeated, "w", "x");
    assert_eq!(
        issue.sections.len(),
        1,
        "the heading that repeats the title is the title"
    );
    assert_eq!(issue.sections[0].title, "News");
}

#[test]
fn a_wrapper_heading_is_an_empty_section_over_its_children() {
    let issue = twir_91();
    let wrapper = section(&issue, "Updates from Rust Community");
    assert!(wrapper.entries.is_empty() && wrapper.body.is_empty());
    assert!(wrapper.parents.is_empty());
    let hello = hello();
    assert_eq!(
        paths(&hello)[1..5],
        [
            vec!["内容"],
            vec!["内容", "C 项目"],
            vec!["内容", "Python 项目"],
            vec!["内容", "开源书籍"],
        ]
    );
}

#[test]
fn deep_headings_hold_their_own_lists() {
    let issue = twir_499();
    let project = "Updates from the Rust Project";
    let fcp = "Final Comment Period";
    let tracking = "Tracking Issues & PRs";
    let expected: Vec<(Vec<&str>, usize)> = vec![
        (vec![project], 0),
        (vec![project, "Compiler"], 2),
        (vec![project, "Library"], 1),
        (vec![project, fcp], 0),
        (vec![project, fcp, "RFCs"], 1),
        (vec![project, fcp, tracking], 0),
        (vec![project, fcp, tracking, "Cargo"], 2),
        (vec![project, fcp, tracking, "Compiler Team (MCPs only)"], 1),
    ];
    let found: Vec<(Vec<&str>, usize)> = issue
        .sections
        .iter()
        .filter(|s| s.path().next() == Some(project))
        .map(|s| (s.path().collect(), s.entries.len()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        titles(&section(&issue, "Compiler").entries),
        ["make an imaginary pass faster", "fix a made-up crash"]
    );
}

#[test]
fn a_heading_that_is_a_link_keeps_it() {
    let issue = twir_499();
    let cargo = section(&issue, "Cargo");
    let link = cargo.link.as_ref().expect("the heading's link");
    assert_eq!(link.text, "Cargo");
    assert_eq!(link.url, "https://git.example.org/cargo/fcp");
    let team = section(&issue, "Compiler Team (MCPs only)");
    assert_eq!(team.link, None, "a heading of two links is not one link");
    assert_eq!(
        urls(&team.links),
        [
            "https://git.example.org/compiler/fcp",
            "https://git.example.org/mcp"
        ]
    );
    assert_eq!(section(&issue, "Compiler").link, None);
}

#[test]
fn an_empty_heading_is_still_a_section() {
    let issue = twir_499();
    let newsletters = section(&issue, "Newsletters");
    assert!(newsletters.entries.is_empty() && newsletters.body.is_empty());
    assert_eq!(newsletters.parents, ["Updates from Rust Community"]);
}

// Links outside entries

#[test]
fn intro_links_are_kept_in_order() {
    assert_eq!(
        urls(&twir_91().intro_links),
        [
            "https://lang.example.org/",
            "https://git.example.org/twir",
            "https://lang.example.org/contribute",
            "https://git.example.org/one",
            "https://git.example.org/two"
        ]
    );
    let weekly = weekly();
    let texts: Vec<&str> = weekly.intro_links.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["开源", "投稿"]);
    assert!(
        weekly.intro.contains("本杂志开源，欢迎投稿。"),
        "{}",
        weekly.intro
    );
}

#[test]
fn prose_links_are_links_of_their_section() {
    let issue = twir_91();
    let crate_of_the_week = section(&issue, "Crate of the Week");
    assert!(crate_of_the_week.entries.is_empty(), "prose, not entries");
    assert!(
        crate_of_the_week
            .body
            .contains("This week's Crate of the Week is fakecrate")
    );
    assert!(
        crate_of_the_week
            .body
            .ends_with("Submit your suggestions for next week!")
    );
    assert_eq!(
        urls(&crate_of_the_week.links),
        [
            "https://crates.example.org/fakecrate",
            "https://users.example.org/someone",
            "https://users.example.org/crate-of-the-week"
        ]
    );
    let quote = section(&issue, "Quote of the Week");
    assert_eq!(urls(&quote.links), ["https://forum.example.org/t/1"]);
    let twir = twir_499();
    let quote = section(&twir, "Quote of the Week");
    assert!(quote.entries.is_empty(), "{:?}", quote.entries);
    assert_eq!(
        urls(&quote.links),
        [
            "https://forum.example.org/t/3",
            "https://git.example.org/one",
            "https://git.example.org/two",
            "https://git.example.org/three",
            "https://discuss.example.org/twir-499"
        ]
    );
}

#[test]
fn images_and_bare_urls_in_prose_are_links_too() {
    let weekly = weekly();
    let cover = section(&weekly, "封面图");
    assert_eq!(
        urls(&cover.links),
        [
            "https://img.example.cn/cover-368.webp",
            "https://photo.example.cn/bridge"
        ]
    );
    let hello = hello();
    let intro = section(&hello, "简介");
    assert_eq!(
        urls(&intro.links),
        ["https://github.com/example/HelloGitHub"]
    );
}

#[test]
fn linked_bullets_before_the_first_section_are_its_entries() {
    let text = "# 简报 (2020-09-17)\n\n> 导读：本次三条。\n\n好了，先是一些热身小新闻ヽ(✿゜▽゜)ノ：\n\n\
        - [某厂：发布一款编造的芯片](https://news.example.cn/1)；\n\
        - [某公司：宣布一项虚构的计划](https://news.example.cn/2)；\n\
        - [某机构：公布一台想象中的超算](https://news.example.cn/3)。\n\n\
        > 注：个别链接打不开。\n\n## 业界新闻\n\n- [正文条目](https://news.example.cn/4)\n";
    let issue = parse_issue(text, "2020-09-17", "x");
    let titles_: Vec<&str> = issue.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles_, ["热身小新闻", "业界新闻"]);
    let warmup = &issue.sections[0];
    assert!(warmup.parents.is_empty());
    assert_eq!(warmup.body, "好了，先是一些热身小新闻ヽ(✿゜▽゜)ノ：");
    assert_eq!(warmup.entries.len(), 3);
    assert_eq!(warmup.entries[0].title(), "某厂：发布一款编造的芯片");
    assert_eq!(
        warmup.entries[0].summary(),
        "",
        "a closing ； is no summary"
    );
    assert_eq!(issue.intro, "导读：本次三条。\n\n注：个别链接打不开。");
    assert!(issue.intro_links.is_empty());
}

#[test]
fn intro_entries_without_a_lead_in_are_the_intro_section() {
    let text = "# Digest\n\nWelcome to a made-up digest.\n\n\
        - [First](https://a.example/1)\n- [Second](https://a.example/2)\n\n## News\n\n- [x](https://a.example/3)\n";
    let issue = parse_issue(text, "d", "x");
    assert_eq!(issue.sections[0].title, "Intro");
    assert_eq!(issue.sections[0].entries.len(), 2);
    assert_eq!(issue.intro, "Welcome to a made-up digest.");
    let chinese =
        "# 简报\n\n- [第一](https://a.example/1)\n- [第二](https://a.example/2)\n\n## 新闻\n";
    assert_eq!(parse_issue(chinese, "d", "x").sections[0].title, "导读");
}

#[test]
fn an_intro_list_of_mostly_plain_bullets_stays_intro_text() {
    let text = "# 简报\n\n首先是几条短讯：\n\n- 一条没有链接的短讯；\n- 又一条没有链接的短讯；\n\
        - [一条带链接的短讯](https://a.example/1)。\n\n## 新闻\n\n- [x](https://a.example/2)\n";
    let issue = parse_issue(text, "d", "x");
    assert_eq!(issue.sections.len(), 1);
    assert!(
        issue
            .intro
            .starts_with("首先是几条短讯：\n\n- 一条没有链接的短讯；")
    );
    assert_eq!(urls(&issue.intro_links), ["https://a.example/1"]);
}

// Archive

#[test]
fn a_section_of_links_to_other_issues_is_the_archive_whatever_its_name() {
    let weekly = weekly();
    assert!(weekly.sections.iter().all(|s| s.title != "往年回顾"));
    assert_eq!(
        urls(&weekly.archive),
        [
            "https://blog.example.cn/2023/09/weekly-issue-268.html",
            "https://blog.example.cn/2022/09/weekly-issue-218.html",
            "https://blog.example.cn/2021/06/weekly-issue-164.html"
        ]
    );
    let text = "# Weekly\n\n## News\n\n- [a](https://a.example/post)\n\n## Earlier\n\n\
        - [Issue 11](https://w.example/weekly/issue-11)\n- [Issue 10](https://w.example/weekly/issue-10)\n";
    let issue = parse_issue(text, "issue-12", "x");
    let titles_: Vec<&str> = issue.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles_, ["News"]);
    assert_eq!(issue.archive.len(), 2);
}

#[test]
fn a_list_of_posts_is_not_an_archive() {
    let text = "# Weekly\n\n## Posts\n\n- [A post](https://blog.example/2021-01-02-post.html)\n\
        - [Another](https://blog.example/2021-01-09-another.html)\n";
    let issue = parse_issue(text, "2021-01-10", "x");
    assert_eq!(issue.sections.len(), 1);
    assert!(issue.archive.is_empty());
}

// Prose entries

#[test]
fn a_prose_entry_is_titled_by_its_first_sentence_across_wrapped_lines() {
    let weekly = weekly();
    let tools = &section(&weekly, "工具").entries;
    assert_eq!(
        tools[1].title(),
        "一个没有链接开头的工具，它的介绍被手工换行成两行，项目主页在句子中间"
    );
    assert_eq!(tools[1].summary(), "其余的文字是摘要。");
    assert_eq!(tools[1].url(), Some("https://git.example.cn/tool2"));
    let twir = twir_499();
    let thoughts = &section(&twir, "Observations/Thoughts").entries[0];
    assert_eq!(
        thoughts.title(),
        "Some community members wrote a long note without a leading link, wrapped by hand over two lines"
    );
    assert_eq!(
        thoughts.summary(),
        "It links the discussion in the middle of its text."
    );
    assert_eq!(thoughts.url(), Some("https://forum.example.org/t/2"));
}

#[test]
fn a_long_first_sentence_is_cut_and_the_summary_keeps_it_whole() {
    let sentence = "This made-up note runs on and on without ever reaching an end, \
        over more than a hundred columns of text";
    let text = format!("## Notes\n\n- {sentence}\n  and a second line.\n");
    let issue = parse_issue(&text, "t", "x");
    let note = &issue.sections[0].entries[0];
    assert!(note.title().ends_with('…'), "{}", note.title());
    assert!(sentence.starts_with(note.title().trim_end_matches('…')));
    assert_eq!(note.summary(), format!("{sentence} and a second line."));
}

#[test]
fn numbered_paragraphs_are_entries_with_their_number() {
    let weekly = weekly();
    let news = &section(&weekly, "科技动态").entries;
    assert_eq!(titles(news), ["一颗虚构的卫星", "一种编造的电池"]);
    assert_eq!(
        news[0].summary(),
        "某公司发射了一颗并不存在的卫星，它会在轨道上停留一段时间。"
    );
    // The primary link is the first of the first paragraph, which has none here.
    assert_eq!(news[1].url(), None);
    assert_eq!(news[1].number(), Some(2));
    assert!(
        news[1]
            .links()
            .any(|l| l.url == "https://news.example.cn/battery")
    );
    let digest = &section(&weekly, "文摘").entries[0];
    assert_eq!(digest.title(), "一篇编造的文摘");
    assert!(
        digest
            .summary()
            .starts_with("这是文摘的第一句，它被手工换行成好几行。")
    );
    let sayings = &section(&weekly, "言论").entries;
    assert_eq!(
        titles(sayings),
        ["这是一句编造的名言，它没有任何实际意义", "另一句话"]
    );
    assert_eq!(sayings[0].number(), Some(1));
    assert_eq!(sayings[0].summary(), "-- 某位虚构的作者");
    assert_eq!(sayings[1].summary(), "测试很重要。\n\n-- 无名氏");
}

#[test]
fn entries_keep_the_digests_own_numbers_across_sections() {
    let hello = hello();
    let numbered: Vec<(Option<u32>, &str)> = hello
        .entries()
        .map(|(_, e)| (e.number(), e.title()))
        .collect();
    assert_eq!(
        numbered,
        [
            (Some(1), "fakelog"),
            (Some(2), "tinyjson"),
            (Some(3), "pyfake"),
            (Some(4), "notebook-x"),
            (Some(5), "made-up-book")
        ]
    );
    let fakelog = hello.entries().next().unwrap().1;
    assert_eq!(
        fakelog.url(),
        Some(
            "https://hellogithub.com/periodical/statistics/click?target=https://github.com/example/fakelog"
        )
    );
    assert_eq!(
        fakelog.summary(),
        "一个编造的日志工具。它用 C 语言写成，能够在很小的设备上运行。"
    );
    let ordered = parse_issue(
        "## News\n\n3. [c](https://c.example)\n4. [d](https://d.example)\n",
        "t",
        "x",
    );
    let numbers: Vec<Option<u32>> = ordered.entries().map(|(_, e)| e.number()).collect();
    assert_eq!(numbers, [Some(3), Some(4)]);
    let bullets = parse_issue("## News\n\n- [c](https://c.example)\n", "t", "x");
    assert_eq!(bullets.entries().next().unwrap().1.number(), None);
}

#[test]
fn a_link_with_only_punctuation_after_it_has_no_summary() {
    let issue = twir_91();
    let news = section(&issue, "News & Blog Posts");
    assert!(news.entries.iter().all(|e| e.summary().is_empty()));
}

#[test]
fn events_keep_their_date_in_the_title() {
    let issue = twir_91();
    assert_eq!(
        titles(&section(&issue, "Upcoming Events").entries),
        ["7/29. A made-up meetup", "7/30. Another pretend meetup"]
    );
}

#[test]
fn sections_whose_parents_titles_have_no_room_are_placed_at_the_top_and_noted() {
    let mut text = format!("# T\n\n# {}\n\n", "h".repeat(30_000));
    for i in 0..10 {
        text.push_str(&format!("## s{i}\n\n- [e](https://e.example/{i})\n\n"));
    }
    let (issue, notes) = brief::parse::parse_issue_report(&text, "t", "x");
    assert_eq!(issue.sections.len(), 11);
    assert_eq!(issue.entry_count(), 10, "no entry is lost");
    let under = issue.sections[1..].iter().filter(|s| s.parents.len() == 1);
    let under = under.count();
    assert!(
        (1..10).contains(&under),
        "{under} of 10 sections under the heading"
    );
    assert!(
        issue.sections[1 + under..]
            .iter()
            .all(|s| s.parents.is_empty())
    );
    assert_eq!(
        notes,
        [format!(
            "placed {} sections at the top of the tree instead of under their headings: the \
             titles of the headings above each section, copied into it, may take 65,536 \
             bytes in all",
            10 - under
        )]
    );
}

#[test]
fn a_dash_joining_a_title_link_to_its_text_is_not_part_of_the_summary() {
    let text = "## News\n\n\
                - [One](https://one.example/) — the first thing\n\
                - [Two](https://two.example/) – the second thing\n\
                - [Three](https://three.example/) - the third thing\n\
                - [Four](https://four.example/) -5% in a benchmark\n";
    let issue = parse_issue(text, "t", "x");
    let summaries: Vec<&str> = issue.entries().map(|(_, e)| e.summary()).collect();
    assert_eq!(
        summaries,
        [
            "the first thing",
            "the second thing",
            "the third thing",
            "-5% in a benchmark"
        ]
    );
}
