//! Properties of search on random libraries: results are exactly the entries holding
//! every word (checked by a plain scan), and every range sits on character boundaries.

use brief::model::{Entry, Issue, Library, Section, SourceId};
use brief::search::{Index, Narrowing, PersistedIndex, Query, Scope, fold, matches, snippet};
use brief::text::display_width;
use proptest::prelude::*;

/// Pieces of text: CJK, mixed-case ASCII, full-width forms, punctuation, accents.
const PIECES: &[&str] = &[
    "量化",
    "低比特",
    "剪枝",
    "TVM",
    "tvm",
    "ＴＶＭ",
    "Ｉnt8",
    "int8",
    "a",
    "b",
    "，",
    ",",
    "é",
    "e\u{301}",
    "知乎",
    "ＡＢ",
    "ab",
    "x",
    "🙂",
    "ﬁ",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), any::<bool>()), 0..8).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, space)| {
                if space {
                    format!("{piece} ")
                } else {
                    piece.to_string()
                }
            })
            .collect()
    })
}

fn entry() -> impl Strategy<Value = Entry> {
    (text(), text(), text())
        .prop_map(|(title, source, summary)| Entry::new(&title, Some(&source), &summary))
}

fn library() -> impl Strategy<Value = Library> {
    prop::collection::vec(prop::collection::vec(entry(), 0..6), 1..5).prop_map(|issues| Library {
        issues: issues
            .into_iter()
            .map(|entries| Issue {
                sections: vec![Section {
                    title: "论文".to_string(),
                    entries,
                    ..Section::default()
                }],
                ..Issue::default()
            })
            .collect(),
        ..Library::default()
    })
}

/// Query words, each one to three pieces.
fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(prop::sample::select(PIECES), 1..3).prop_map(|p| p.concat()),
        1..4,
    )
}

fn holds_every_word(entry: &Entry, words: &[String]) -> bool {
    let fields = [entry.title(), entry.source().unwrap_or(""), entry.summary()];
    words
        .iter()
        .all(|w| fields.iter().any(|f| fold(f).contains(&fold(w))))
}

fn assert_boundaries(text: &str, ranges: &[std::ops::Range<usize>]) {
    for r in ranges {
        assert!(r.start < r.end && r.end <= text.len(), "{r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}

proptest! {
    #[test]
    fn results_are_exactly_the_entries_holding_every_word(library in library(), words in words()) {
        let query = Query::parse(&words.join(" "));
        let hits = Index::build(&library).search(&query, Scope::default());
        let found: Vec<(usize, usize)> = hits.iter().map(|h| (h.issue as usize, h.entry as usize)).collect();
        let mut expected = Vec::new();
        for (i, issue) in library.issues.iter().enumerate() {
            for (e, (_, entry)) in issue.entries().enumerate() {
                if holds_every_word(entry, &words) {
                    expected.push((i, e));
                }
            }
        }
        let mut sorted = found.clone();
        sorted.sort();
        prop_assert_eq!(sorted, expected);
        prop_assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        for hit in &hits {
            let title = &library.issues[hit.issue as usize].sections[0].entries[hit.entry as usize].title();
            let ranges = matches(title, &query);
            assert_boundaries(title, &ranges);
            prop_assert_eq!(ranges.is_empty(), hit.score < 100, "title {:?}", title);
        }
    }

    #[test]
    fn ranges_never_split_a_character(text in text(), words in words(), width in 0usize..30) {
        let query = Query::parse(&words.join(" "));
        let ranges = matches(&text, &query);
        assert_boundaries(&text, &ranges);
        for r in &ranges {
            let marked = fold(&text[r.clone()]);
            prop_assert!(words.iter().any(|w| marked.contains(&fold(w))), "{:?}", marked);
        }
        let (line, ranges) = snippet(&text, &query, width);
        prop_assert!(display_width(&line) <= width, "{:?} wider than {}", line, width);
        assert_boundaries(&line, &ranges);
    }
}

/// A query of one to three terms: words, exclusions, field filters and phrases.
fn query_text() -> impl Strategy<Value = String> {
    let term = (
        0..5u8,
        prop::collection::vec(prop::sample::select(PIECES), 1..4),
    )
        .prop_map(|(kind, pieces)| {
            let word = pieces.concat();
            match kind {
                0 => word,
                1 => format!("-{word}"),
                2 => format!("title:{word}"),
                3 => format!("source:{word}"),
                _ => format!("\"{}\"", pieces.join(" ")),
            }
        });
    prop::collection::vec(term, 1..4).prop_map(|terms| terms.join(" "))
}

proptest! {
    #[test]
    fn the_gram_filter_never_changes_results(
        library in library(),
        query in query_text(),
        block_bytes in 1usize..200,
    ) {
        let index = Index::build_with_block_bytes(&library, block_bytes);
        let query = Query::parse(&query);
        prop_assert_eq!(
            index.search(&query, Scope::default()),
            index.search_scanning_all(&query, Scope::default())
        );
    }

    #[test]
    fn one_character_tables_never_change_results(
        library in library(),
        query in query_text(),
        piece in prop::sample::select(PIECES),
    ) {
        let mut index = Index::build(&library);
        index.add_keystroke_tables();
        for query in [query, piece.to_string(), format!("{piece} -b")] {
            let query = Query::parse(&query);
            prop_assert_eq!(
                index.search(&query, Scope::default()),
                index.search_scanning_all(&query, Scope::default())
            );
        }
    }

    #[test]
    fn persisted_indexes_answer_like_the_built_one(
        library in library(),
        query in query_text(),
        block_bytes in 1usize..200,
    ) {
        let index = Index::build_with_block_bytes(&library, block_bytes);
        let bytes = index.to_bytes_with_display(&library, b"");
        let query = Query::parse(&query);
        let expected = index.search(&query, Scope::default());
        let loaded = Index::from_bytes(&bytes).unwrap();
        prop_assert_eq!(&loaded.search(&query, Scope::default()), &expected);
        let persisted = PersistedIndex::new(&bytes[..]).unwrap();
        prop_assert_eq!(&persisted.search(&query, Scope::default()).unwrap(), &expected);
        // Read from a file into buffers (a file that cannot be mapped), the same hits
        // and the same views as from the bytes in memory.
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        let from_file = PersistedIndex::new(file).unwrap();
        prop_assert_eq!(&from_file.search(&query, Scope::default()).unwrap(), &expected);
        prop_assert_eq!(
            from_file.views(&expected, true).unwrap(),
            persisted.views(&expected, true).unwrap()
        );
    }
}

/// A library with what filters and prose read: dates, two newsletters, intros,
/// sections' own text and several sections an issue.
fn rich_library() -> impl Strategy<Value = Library> {
    let section = (
        prop::sample::select(&["论文", "开源项目", "博文"][..]),
        text(),
        prop::collection::vec(entry(), 0..4),
    )
        .prop_map(|(title, body, entries)| Section {
            title: title.to_string(),
            body,
            entries,
            ..Section::default()
        });
    let issue = (
        prop::option::of(prop::sample::select(
            &["2020-06-01", "2021-01-02", "2020-07-03"][..],
        )),
        prop::sample::select(&["twir", "weekly"][..]),
        text(),
        prop::collection::vec(section, 0..4),
    )
        .prop_map(|(date, source, intro, sections)| Issue {
            date: date.map(str::to_string),
            source: SourceId::new(source).unwrap(),
            intro,
            sections,
            ..Issue::default()
        });
    prop::collection::vec(issue, 1..6).prop_map(|issues| Library {
        issues,
        ..Library::default()
    })
}

proptest! {
    /// `brief search` on a library it has no saved index of searches each issue on its
    /// own: the same hits, in the same order, as the library's index gives.
    #[test]
    fn a_library_searched_once_answers_like_its_index(
        library in rich_library(),
        query in query_text(),
        filter in prop::sample::select(&[
            "", "date:2020", "-date:2020-07", "section:论文", "-section:博文", "from:tw",
            "-from:weekly", "in:this", "-in:this",
        ][..]),
        current in prop::option::of(0usize..6),
    ) {
        let index = Index::build(&library);
        let scope = Scope { current_issue: current };
        let query = Query::parse(&format!("{query} {filter}"));
        prop_assert_eq!(
            Index::search_once(&library, &query, scope),
            index.search(&query, scope)
        );
    }
}

proptest! {
    /// The reader answers each key typed among what the last search matched when the
    /// new query can only match less: the same hits as a search of the whole index,
    /// whatever was searched before, typed on or taken back.
    #[test]
    fn a_query_answered_among_the_last_ones_matches_answers_like_a_search(
        library in rich_library(),
        before in query_text(),
        typed in query_text(),
        filter in prop::sample::select(&[
            "", "date:2020 ", "-section:博文 ", "from:tw ", "in:this ", "-in:this ",
        ][..]),
        current in prop::option::of(0usize..6),
        cuts in prop::collection::vec(0.0f64..=1.0, 0..8),
    ) {
        let mut index = Index::build(&library);
        index.add_keystroke_tables();
        let scope = Scope { current_issue: current };
        let (_, mut last) =
            index.search_narrowing_always(&Query::parse(&before), scope, &Narrowing::default());
        let text = format!("{filter}{typed}");
        let mut ends: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
        ends.push(text.len());
        // Typed key by key, then cut back and typed on at random.
        let random = cuts.iter().map(|&cut| ends[((ends.len() - 1) as f64 * cut) as usize]);
        for end in ends.clone().into_iter().chain(random) {
            let query = Query::parse(&text[..end]);
            let (hits, matched) = index.search_narrowing_always(&query, scope, &last);
            prop_assert_eq!(&hits, &index.search(&query, scope), "{:?}", &text[..end]);
            last = matched;
        }
    }
}
