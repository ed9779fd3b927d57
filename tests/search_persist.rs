//! A persisted search index: the same answers as the index it was written from, and
//! any damage (truncation, a changed byte, another version, pages of two writes) is an
//! error, never a panic nor a wrong answer.

use std::ops::Not;

use brief::model::{Library, SourceId, SourceInfo};
use brief::search::{
    EntryView, FORMAT_VERSION, Found, Hit, Index, IndexError, Located, PersistedIndex, ProseView,
    Query, Scope,
};
use brief::testing::fixture::{cjk_library, synthetic_library};

const QUERIES: &[&str] = &[
    "量化",
    "tvm",
    "int8 -量化",
    "title:量化",
    "source:知乎",
    "\"paddle lite\"",
    "section:论文 剪枝",
    "date:2020",
    "-zzzz",
    "a",
    "from:tw 量化",
    "-from:twir a",
    "from:this",
];

fn search(index: &Index, query: &str) -> Vec<Hit> {
    index.search(&Query::parse(query), Scope::default())
}

fn persisted_search(bytes: &[u8], query: &str) -> Result<Vec<Hit>, IndexError> {
    PersistedIndex::new(bytes)?.search(&Query::parse(query), Scope::default())
}

/// A library several blocks long, whose index has several pages, of two newsletters
/// (one of them listed with a title).
fn big_library() -> Library {
    let mut library = synthetic_library(200);
    let rust = SourceId::new("twir").unwrap();
    for issue in library.issues.iter_mut().step_by(3) {
        issue.source = rust.clone();
    }
    library.sources = vec![SourceInfo {
        id: rust,
        title: "This Week in Rust".into(),
    }];
    library
}

#[test]
fn loaded_and_persisted_indexes_answer_like_the_built_one() {
    for library in [cjk_library(), big_library(), Library::default()] {
        let index = Index::build(&library);
        let bytes = index.to_bytes_with_display(&library, b"");
        let loaded = Index::from_bytes(&bytes).expect("loads");
        let plain = Index::from_bytes(&index.to_bytes()).expect("loads");
        for query in QUERIES {
            let expected = search(&index, query);
            assert_eq!(search(&loaded, query), expected, "{query}");
            assert_eq!(search(&plain, query), expected, "{query}");
            assert_eq!(
                persisted_search(&bytes, query).unwrap(),
                expected,
                "{query}"
            );
        }
    }
}

/// `brief search` without a saved index searches each issue on its own: the same
/// hits as the library's index (filtered by small blocks, which prune).
#[test]
fn a_library_searched_once_answers_like_its_index() {
    for library in [cjk_library(), big_library(), Library::default()] {
        let index = Index::build_with_block_bytes(&library, 512);
        for query in QUERIES {
            let once = Index::search_once(&library, &Query::parse(query), Scope::default());
            assert_eq!(once, search(&index, query), "{query}");
        }
    }
}

/// What `brief search` prints of a result, read from the library.
fn view_of(library: &Library, hit: &Hit) -> EntryView {
    let found = Found::of(library, hit).expect("the hit is in the library");
    EntryView {
        from: found.issue.source.to_string(),
        issue_id: found.issue.id.clone(),
        date: found.issue.date.clone(),
        section: found.section.title.clone(),
        path: found.section.path().map(str::to_string).collect(),
        title: found.entry.title().to_string(),
        source: found.entry.source().map(str::to_string),
        url: found.entry.url().map(str::to_string),
        summary: found.entry.summary().to_string(),
    }
}

#[test]
fn entry_views_are_the_library_fields() {
    for library in [cjk_library(), big_library()] {
        let bytes = Index::build(&library).to_bytes_with_display(&library, b"");
        let persisted = PersistedIndex::new(&bytes[..]).unwrap();
        // Every entry: a query that excludes only what nothing holds.
        let hits = persisted
            .search(&Query::parse("-zzzzqqq"), Scope::default())
            .unwrap();
        assert_eq!(hits.len(), library.entry_count());
        for hit in &hits {
            let expected = view_of(&library, hit);
            let view = persisted.entry_view(hit, true).unwrap();
            assert_eq!(view, expected);
            assert_eq!(
                view.display_date(),
                Found::of(&library, hit).unwrap().issue.display_date()
            );
            let line = persisted.entry_view(hit, false).unwrap();
            assert_eq!(
                line,
                EntryView {
                    summary: String::new(),
                    ..expected
                }
            );
        }
        let outside = Hit::at(library.issues.len(), 0, 0, 1);
        assert!(persisted.entry_view(&outside, false).is_err());
    }
}

/// Whether `bytes` give either an error or the right answers, never a wrong one.
fn never_wrong(bytes: &[u8], index: &Index, library: &Library) -> bool {
    let loaded_ok = match Index::from_bytes(bytes) {
        Ok(loaded) => QUERIES
            .iter()
            .all(|q| search(&loaded, q) == search(index, q)),
        Err(_) => true,
    };
    let persisted_ok = match PersistedIndex::new(bytes) {
        Ok(persisted) => {
            QUERIES.iter().all(
                |q| match persisted.search(&Query::parse(q), Scope::default()) {
                    Ok(hits) => {
                        hits == search(index, q)
                            && hits.iter().take(3).all(|hit| {
                                persisted
                                    .entry_view(hit, true)
                                    .is_ok_and(|view| view != view_of(library, hit))
                                    .not()
                            })
                    }
                    Err(_) => true,
                },
            )
        }
        Err(_) => true,
    };
    loaded_ok && persisted_ok
}

#[test]
fn every_truncation_is_an_error() {
    let library = cjk_library();
    let bytes = Index::build(&library).to_bytes_with_display(&library, b"");
    for len in 0..bytes.len() {
        assert!(Index::from_bytes(&bytes[..len]).is_err(), "cut at {len}");
        assert!(PersistedIndex::new(&bytes[..len]).is_err(), "cut at {len}");
    }
}

#[test]
fn every_changed_byte_is_an_error_when_read() {
    let library = cjk_library();
    let index = Index::build(&library);
    let bytes = index.to_bytes_with_display(&library, b"");
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x20;
        assert!(Index::from_bytes(&damaged).is_err(), "byte {at}");
        assert!(never_wrong(&damaged, &index, &library), "byte {at}");
    }
}

#[test]
fn garbage_and_a_grown_file_are_errors() {
    let library = cjk_library();
    let index = Index::build(&library);
    let mut bytes = index.to_bytes_with_display(&library, b"");
    for garbage in [
        vec![],
        vec![0u8; 64],
        vec![0xFF; 5000],
        b"brief-ix".repeat(100),
    ] {
        assert!(Index::from_bytes(&garbage).is_err());
        assert!(PersistedIndex::new(&garbage[..]).is_err());
    }
    bytes.push(0);
    assert!(Index::from_bytes(&bytes).is_err());
}

#[test]
fn another_version_is_an_error_that_says_so() {
    let library = cjk_library();
    let mut bytes = Index::build(&library).to_bytes();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    match Index::from_bytes(&bytes) {
        Err(IndexError::Version { found }) => assert_eq!(found, FORMAT_VERSION + 1),
        other => panic!("expected a version error, got {other:?}"),
    }
}

#[test]
fn pages_of_two_writes_never_pass_as_one() {
    let library = big_library();
    let index = Index::build(&library);
    let first = index.to_bytes_with_display(&library, b"");
    assert_ne!(
        first,
        index.to_bytes_with_display(&library, b""),
        "a write has its own generation"
    );
    // A second write, of the library with other dates of the same length.
    let mut redated = library.clone();
    for issue in &mut redated.issues {
        issue.date = issue.date.as_ref().map(|d| d.replace('1', "9"));
    }
    let second = Index::build(&redated).to_bytes_with_display(&redated, b"");
    assert_eq!(first.len(), second.len());
    // A reader that saw the first write's header, then the second's data (a writer
    // rewriting the file in place meanwhile), at every split point of 8 KiB.
    for split in (64..first.len()).step_by(8192) {
        let mixed = [&first[..split], &second[split..]].concat();
        assert!(
            mixed == first || Index::from_bytes(&mixed).is_err(),
            "split at {split}"
        );
        assert!(never_wrong(&mixed, &index, &library), "split at {split}");
    }
}

#[test]
fn a_file_on_disk_is_searched_in_place() {
    let library = big_library();
    let index = Index::build(&library);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search.idx");
    std::fs::write(&path, index.to_bytes_with_display(&library, b"files: 200")).unwrap();
    let persisted = PersistedIndex::open(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(persisted.stamp().unwrap(), b"files: 200");
    let loaded = Index::load(std::fs::File::open(&path).unwrap()).unwrap();
    let open = || std::fs::File::open(&path).unwrap();
    assert!(
        Index::load_stamped(open(), b"files: 201")
            .unwrap()
            .is_none()
    );
    let mut held = Index::load_stamped(open(), b"files: 200").unwrap().unwrap();
    held.add_keystroke_tables();
    // Its text stays in the file: a small part of what the built index holds.
    assert!(
        held.heap_bytes() * 3 < index.heap_bytes(),
        "{}",
        held.heap_bytes()
    );
    // The file removed (or replaced) under it: the map keeps its bytes.
    std::fs::remove_file(&path).unwrap();
    for query in QUERIES {
        let hits = persisted
            .search(&Query::parse(query), Scope::default())
            .unwrap();
        assert_eq!(hits, search(&index, query), "{query}");
        assert_eq!(search(&loaded, query), hits, "{query}");
        assert_eq!(search(&held, query), hits, "{query}");
    }
}

#[test]
fn a_file_whose_text_is_damaged_is_not_held() {
    let library = big_library();
    let index = Index::build(&library);
    let mut bytes = index.to_bytes_with_display(&library, b"s");
    // The folded text's fields end with a unit separator; nothing else's do.
    let title = &library.issues[3].sections[0].entries[0].title();
    let needle = format!("{}\u{1f}", brief::search::fold(title));
    let text_at = (bytes.windows(needle.len()))
        .position(|w| w == needle.as_bytes())
        .expect("the folded title in the file");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search.idx");
    std::fs::write(&path, &bytes).unwrap();
    assert!(Index::load_stamped(std::fs::File::open(&path).unwrap(), b"s").is_ok());
    bytes[text_at] ^= 0x20;
    std::fs::write(&path, &bytes).unwrap();
    let damaged = Index::load_stamped(std::fs::File::open(&path).unwrap(), b"s");
    assert!(damaged.is_err(), "byte {text_at} of {}", bytes.len());
}

/// The digests' fixtures, read as `brief` reads them: intros and sections with prose.
fn digest_libraries() -> Vec<Library> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/digests");
    ["twir/content", "weekly/docs", "hellogithub/content"]
        .iter()
        .map(|folder| {
            brief::library::local::load(&[root.join(folder)])
                .unwrap()
                .library
        })
        .collect()
}

#[test]
fn prose_hits_are_found_alike_in_a_persisted_index() {
    let queries = [
        "toycrate",
        "fictional fix",
        "a",
        "the -rust",
        "section:cargo a",
        "date:2024 the",
        "from:content the",
        "-from:content the",
        "github",
        "工具",
    ];
    let mut prose = 0;
    for library in digest_libraries() {
        let index = Index::build(&library);
        let bytes = index.to_bytes_with_display(&library, b"");
        let loaded = Index::from_bytes(&bytes).expect("loads");
        for query in queries {
            let expected = search(&index, query);
            prose += expected.iter().filter(|h| h.entry == Hit::PROSE).count();
            assert_eq!(search(&loaded, query), expected, "{query}");
            assert_eq!(
                persisted_search(&bytes, query).unwrap(),
                expected,
                "{query}"
            );
            let persisted = PersistedIndex::new(&bytes[..]).unwrap();
            for hit in expected.iter().filter(|h| h.entry == Hit::PROSE) {
                let Some(Located::Prose(found)) = Located::of(&library, hit) else {
                    panic!("{query}: a prose hit that is not prose");
                };
                let path = found
                    .section
                    .map(|s| s.path().map(str::to_string).collect());
                let expected_view = ProseView {
                    from: found.issue.source.to_string(),
                    issue_id: found.issue.id.clone(),
                    date: found.issue.date.clone(),
                    path,
                    text: found.searched_text(),
                };
                assert_eq!(persisted.prose_view(hit).unwrap(), expected_view, "{query}");
            }
        }
    }
    assert!(prose > 10, "the queries find prose: {prose}");
}
