use std::cmp::Reverse;

use super::buckets::{Buckets, Locator, prefetch};
use super::*;
use crate::model::{Issue, Section};

fn entry(title: &str, source: Option<&str>, summary: &str) -> Entry {
    Entry::new(title, source, summary)
}

fn issue(date: &str, sections: Vec<(&str, Vec<Entry>)>) -> Issue {
    Issue {
        id: date.to_string(),
        title: date.to_string(),
        date: Some(date.to_string()),
        sections: sections
            .into_iter()
            .map(|(title, entries)| Section {
                title: title.to_string(),
                entries,
                ..Section::default()
            })
            .collect(),
        ..Issue::default()
    }
}

/// Newest first, like a loaded library.
fn library() -> Library {
    let with_link = entry("ruy 矩阵乘", Some("GitHub"), "移动端 GEMM 库")
        .with_url("https://github.com/google/ruy")
        .with_link("原文", "https://example.org/ruy-paper");
    Library {
        issues: vec![
            issue(
                "2020-06-30",
                vec![
                    (
                        "业界新闻",
                        vec![
                            entry("高通发布骁龙865", Some("机器之心"), "支持 int8 低比特量化"),
                            entry("ＴＶＭ 0.7 发布", Some("知乎"), "编译器，支持 ARM"),
                        ],
                    ),
                    (
                        "论文",
                        vec![
                            entry("模型剪枝综述", Some("arXiv"), "结构化剪枝与量化"),
                            entry("知识蒸馏", Some("量化研究"), "Paddle  Lite\n实践"),
                        ],
                    ),
                ],
            ),
            issue(
                "2020-06-03",
                vec![(
                    "开源项目",
                    vec![with_link, entry("tvm 量化", None, "TVM 的 int8 量化")],
                )],
            ),
            issue(
                "2019-12-15",
                vec![("论文", vec![entry("剪枝 pruning", Some("知乎"), "旧文")])],
            ),
        ],
        ..Library::default()
    }
}

fn search_in(library: &Library, query: &str, scope: Scope) -> Vec<(usize, usize, usize)> {
    Index::build(library)
        .search(&Query::parse(query), scope)
        .iter()
        .map(|h| (h.issue as usize, h.section as usize, h.entry as usize))
        .collect()
}

fn search(query: &str) -> Vec<(usize, usize, usize)> {
    search_in(&library(), query, Scope::default())
}

#[test]
fn empty_query_finds_nothing() {
    assert!(search("").is_empty());
    assert!(search("  title: ").is_empty());
}

#[test]
fn folding_matches_case_and_width() {
    let expected = vec![(0, 0, 1), (1, 0, 1)];
    assert_eq!(search("tvm"), expected);
    assert_eq!(search("TVM"), expected);
    assert_eq!(search("ＴＶＭ"), expected);
    assert_eq!(search("编译器,"), vec![(0, 0, 1)]);
}

#[test]
fn cjk_substrings_need_no_spaces() {
    assert_eq!(
        search("量化"),
        vec![(1, 0, 1), (0, 1, 1), (0, 0, 0), (0, 1, 0)]
    );
}

#[test]
fn words_are_anded_across_fields() {
    assert_eq!(search("骁龙 int8 机器之心"), vec![(0, 0, 0)]);
    assert!(search("骁龙 pruning").is_empty());
}

#[test]
fn phrases_match_whole_and_across_whitespace() {
    assert_eq!(search("\"paddle lite\""), vec![(0, 1, 1)]);
    assert!(search("\"lite paddle\"").is_empty());
    assert_eq!(search("\"tvm 量化\""), vec![(1, 0, 1)]);
}

#[test]
fn exclusion_removes_entries() {
    assert_eq!(search("量化 -int8"), vec![(0, 1, 1), (0, 1, 0)]);
    assert_eq!(search("-量化").len(), 3);
    assert_eq!(search("量化 -\"低比特量化\"").len(), 3);
}

#[test]
fn title_and_source_filters() {
    assert_eq!(search("title:量化"), vec![(1, 0, 1)]);
    assert_eq!(search("source:知乎"), vec![(0, 0, 1), (2, 0, 0)]);
    assert_eq!(search("source:量化"), vec![(0, 1, 1)]);
    assert_eq!(search("量化 -source:量化").len(), 3);
}

#[test]
fn section_filter() {
    assert_eq!(
        search("section:论文"),
        vec![(0, 1, 0), (0, 1, 1), (2, 0, 0)]
    );
    assert_eq!(search("section:论文 剪枝"), vec![(0, 1, 0), (2, 0, 0)]);
    assert_eq!(search("section:论文 pruning"), vec![(2, 0, 0)]);
    assert_eq!(search("-section:论文 剪枝"), Vec::new());
}

#[test]
fn date_filter_is_a_prefix() {
    assert_eq!(search("date:2019").len(), 1);
    assert_eq!(search("date:2020-06").len(), 6);
    assert_eq!(search("date:2020-06-03"), vec![(1, 0, 0), (1, 0, 1)]);
    assert_eq!(
        search("date:2020-06 -date:2020-06-30 量化"),
        vec![(1, 0, 1)]
    );
    assert!(search("date:06").is_empty());
}

#[test]
fn in_this_keeps_or_leaves_the_current_issue() {
    let lib = library();
    let current = Scope {
        current_issue: Some(1),
    };
    assert_eq!(search_in(&lib, "in:this 量化", current), vec![(1, 0, 1)]);
    assert_eq!(search_in(&lib, "-in:this 量化", current).len(), 3);
    assert_eq!(search_in(&lib, "in:this", current).len(), 2);
    // Without a current issue the filter is ignored.
    assert_eq!(search_in(&lib, "in:this 量化", Scope::default()).len(), 4);
}

#[test]
fn links_text_and_urls_are_searchable() {
    assert_eq!(search("github.com/google/ruy"), vec![(1, 0, 0)]);
    assert_eq!(search("ruy-paper"), vec![(1, 0, 0)]);
    assert_eq!(search("原文"), vec![(1, 0, 0)]);
}

#[test]
fn ranking_title_then_source_then_text_then_newest() {
    let hits = Index::build(&library()).search(&Query::parse("量化"), Scope::default());
    let scores: Vec<u32> = hits.iter().map(|h| h.score).collect();
    assert_eq!(
        scores,
        [TITLE_WEIGHT, SOURCE_WEIGHT, TEXT_WEIGHT, TEXT_WEIGHT]
    );
    // Equal scores keep library order: the newer issue's entries, in reading order.
    assert_eq!(search("剪枝"), vec![(0, 1, 0), (2, 0, 0)]);
}

#[test]
fn title_matches_are_original_byte_ranges() {
    let lib = library();
    let title_of = |h: &Hit| {
        lib.issues[h.issue as usize].sections[h.section as usize].entries[h.entry as usize].title()
    };
    let query = Query::parse("tvm 发布");
    let hits = Index::build(&lib).search(&query, Scope::default());
    let title = title_of(&hits[0]);
    let marked: Vec<&str> = matches(title, &query)
        .iter()
        .map(|r| &title[r.clone()])
        .collect();
    assert_eq!(marked, ["ＴＶＭ", "发布"]);
    let query = Query::parse("量化");
    let hits = Index::build(&lib).search(&query, Scope::default());
    let title = title_of(&hits[0]);
    assert_eq!(&title[matches(title, &query)[0].clone()], "量化");
    assert!(matches(title_of(&hits[1]), &query).is_empty());
}

#[test]
fn the_index_alone_answers_once_built() {
    let index = Index::build(&library());
    let hits = index.search(&Query::parse("ＴＶＭ"), Scope::default());
    assert_eq!(hits.len(), 2);
}

#[test]
fn large_libraries_give_the_same_results_in_parallel() {
    let words: String = (0..3000).map(|n| format!("词{n} ")).collect();
    let entries = || (0..40).map(|_| entry("量化", None, &words)).collect();
    let huge = Library::new(
        (0..40)
            .map(|_| issue("2021-01-01", vec![("论文", entries())]))
            .collect(),
    );
    let index = Index::build(&huge);
    assert!(index.text.len() > 2 * CHUNK_BYTES);
    let query = Query::parse("词2999 量化");
    let hits = index.search(&query, Scope::default());
    let found: Vec<(usize, usize)> = hits
        .iter()
        .map(|h| (h.issue as usize, h.entry as usize))
        .collect();
    let every: Vec<(usize, usize)> = (0..40).flat_map(|i| (0..40).map(move |e| (i, e))).collect();
    assert_eq!(found, every);
    assert!(hits.iter().all(|h| h.score == TITLE_WEIGHT + TEXT_WEIGHT));
    let title = huge.issues[0].sections[0].entries[0].title();
    assert_eq!(matches(title, &query), vec![Range { start: 0, end: 6 }]);
}

#[test]
fn ranking_across_pieces_of_work_is_by_score_then_library_order() {
    let words: String = (0..3000).map(|n| format!("词{n} ")).collect();
    // Entry e of every issue holds 量化 in its title when e % 3 == 0, in its source
    // when e % 3 == 1, and only in its summary otherwise.
    let entries = || {
        (0..40)
            .map(|e| match e % 3 {
                0 => entry("量化", None, &words),
                1 => entry("x", Some("量化"), &words),
                _ => entry("x", None, &format!("{words}量化")),
            })
            .collect()
    };
    let library = Library::new(
        (0..40)
            .map(|_| issue("2021-01-01", vec![("论文", entries())]))
            .collect(),
    );
    let index = Index::build(&library);
    assert!(index.text.len() > 4 * CHUNK_BYTES);
    let hits = index.search(&Query::parse("量化"), Scope::default());
    let mut expected: Vec<(u32, u32, u32)> = (0..40)
        .flat_map(|i| (0..40).map(move |e| (i, e)))
        .map(|(i, e)| {
            let score = [TITLE_WEIGHT, SOURCE_WEIGHT, TEXT_WEIGHT][e as usize % 3];
            (score, i, e)
        })
        .collect();
    expected.sort_by_key(|&(score, i, e)| (Reverse(score), i, e));
    let found: Vec<(u32, u32, u32)> = hits.iter().map(|h| (h.score, h.issue, h.entry)).collect();
    assert_eq!(found, expected);
}

#[test]
fn prefetch_anywhere_is_harmless() {
    let bytes = b"abc";
    for at in [0, 2, 3, usize::MAX] {
        prefetch(bytes, at);
    }
    prefetch(&[], 0);
}

#[test]
fn merge_writes_every_slot_once() {
    // Two sections of 3 and 4 entries; three pieces with overlapping scores.
    let sections = vec![
        SectionRecord {
            issue: 0,
            section: 0,
            title: "a".into(),
            entries: 0..3,
        },
        SectionRecord {
            issue: 1,
            section: 0,
            title: "b".into(),
            entries: 3..7,
        },
    ];
    let mut pieces = vec![
        Buckets::for_entries(4),
        Buckets::for_entries(4),
        Buckets::for_entries(4),
    ];
    for (piece, k, score) in [
        (0, 0, 1),
        (0, 1, 100),
        (0, 2, 1),
        (1, 3, 10),
        (2, 5, 100),
        (2, 6, 1),
    ] {
        pieces[piece].push(k, score);
    }
    // Each entry's section searched for, or read from the table.
    let table = Locator {
        sections: &sections,
        of_entry: &[0, 0, 0, 1, 1, 1, 1],
    };
    for locator in [Locator::of(&sections), table] {
        let hits = Buckets::merge(&pieces, &locator);
        let found: Vec<(u32, u32, u32)> =
            hits.iter().map(|h| (h.score, h.issue, h.entry)).collect();
        assert_eq!(
            found,
            [
                (100, 0, 1),
                (100, 1, 2),
                (10, 1, 0),
                (1, 0, 0),
                (1, 0, 2),
                (1, 1, 3)
            ]
        );
        assert_eq!(hits.capacity(), hits.len());
        assert!(Buckets::merge(&[], &locator).is_empty());
    }
}

#[test]
fn from_keeps_the_sources_whose_name_or_title_starts_so() {
    let mut library = library();
    let rust = SourceId::new("twir").unwrap();
    library.issues[1].source = rust.clone();
    library.sources = vec![crate::model::SourceInfo {
        id: rust,
        title: "This Week in Rust".into(),
    }];
    // issue 0 keeps the unset source, unlisted: known by its id alone
    let all = search("量化");
    let from_rust = search_in(&library, "量化 from:tw", Scope::default());
    assert!(!from_rust.is_empty());
    assert!(from_rust.iter().all(|&(issue, _, _)| issue == 1));
    assert_eq!(
        search_in(&library, "量化 from:this", Scope::default()),
        from_rust
    );
    let others = search_in(&library, "量化 -from:twir", Scope::default());
    assert!(others.iter().all(|&(issue, _, _)| issue == 0));
    assert_eq!(others.len() + from_rust.len(), all.len());
    assert_eq!(
        search_in(&library, "量化 from:unset", Scope::default()),
        others
    );
    assert!(search_in(&library, "量化 from:nowhere", Scope::default()).is_empty());
}
