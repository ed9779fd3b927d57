//! Search on the real corpus in `../shared/corpus`: each query returns exactly the
//! entries (and intros and sections' own text) a plain scan written here finds. Skips with a note when the corpus is
//! absent, unless `BRIEF_REQUIRE_CORPUS=1`. `BRIEF_CORPUS_DIR` points elsewhere.

mod corpus_dir;

use std::collections::BTreeSet;
use std::path::PathBuf;

use brief::model::{Entry, Library, Link};
use brief::search::{Hit, Index, Query, Scope};

fn corpus_dir() -> Option<PathBuf> {
    corpus_dir::issues_dir()
}

fn corpus() -> Option<Library> {
    let dir = corpus_dir()?;
    let report = brief::library::local::load(&[dir]).expect("corpus loads");
    assert!(
        report.library.entry_count() > 500,
        "the corpus parses into entries"
    );
    Some(report.library)
}

type Address = (usize, usize, usize);

fn search(library: &Library, query: &str) -> Vec<Address> {
    Index::build(library)
        .search(&Query::parse(query), Scope::default())
        .iter()
        .map(|h| (h.issue as usize, h.section as usize, h.entry as usize))
        .collect()
}

/// Every entry's address, its issue's date and section title, for plain scans.
fn every_entry(library: &Library) -> impl Iterator<Item = (Address, &str, &str, &Entry)> {
    library.issues.iter().enumerate().flat_map(|(i, issue)| {
        let date = issue.date.as_deref().unwrap_or("");
        issue
            .sections
            .iter()
            .enumerate()
            .flat_map(move |(s, section)| {
                section
                    .entries
                    .iter()
                    .enumerate()
                    .map(move |(e, entry)| ((i, s, e), date, section.title.as_str(), entry))
            })
    })
}

/// All the text of an entry a word may match in, lowercased.
fn entry_text(entry: &Entry) -> String {
    let mut text = format!(
        "{}\n{}\n{}\n{}",
        entry.title(),
        entry.source().unwrap_or(""),
        entry.summary(),
        entry.url().unwrap_or("")
    );
    for link in entry.links() {
        text.push_str(&format!("\n{}\n{}", link.text, link.url));
    }
    for tag in entry.tags() {
        text.push_str(&format!("\n{tag}"));
    }
    text.to_lowercase()
}

/// The prose a word may match in (an intro's, a section's own), lowercased, with the
/// address of its hit.
fn every_prose(library: &Library) -> Vec<(Address, String)> {
    let text = |prose: &str, links: &mut dyn Iterator<Item = &Link>| {
        let links: Vec<String> = links.map(|l| format!("{}\n{}", l.text, l.url)).collect();
        format!("{prose}\n{}", links.join("\n")).to_lowercase()
    };
    let mut all = Vec::new();
    for (i, issue) in library.issues.iter().enumerate() {
        let intro = text(&issue.intro, &mut issue.intro_links.iter());
        all.push(((i, Hit::INTRO as usize, Hit::PROSE as usize), intro));
        for (s, section) in issue.sections.iter().enumerate() {
            let own = text(
                &section.body,
                &mut section.link.iter().chain(&section.links),
            );
            all.push(((i, s, Hit::PROSE as usize), own));
        }
    }
    all
}

/// The entries whose text holds `word`, and the prose that does.
fn scan_word(library: &Library, word: &str) -> BTreeSet<Address> {
    let mut found = scan(library, |_, _, e| entry_text(e).contains(word));
    let prose = every_prose(library);
    found.extend(
        prose
            .into_iter()
            .filter(|(_, text)| text.contains(word))
            .map(|(address, _)| address),
    );
    found
}

fn scan(library: &Library, keep: impl Fn(&str, &str, &Entry) -> bool) -> BTreeSet<Address> {
    every_entry(library)
        .filter(|(_, date, section, entry)| keep(date, section, entry))
        .map(|(address, ..)| address)
        .collect()
}

fn assert_finds_exactly(library: &Library, query: &str, expected: BTreeSet<Address>) {
    let found = search(library, query);
    let unique: BTreeSet<Address> = found.iter().copied().collect();
    assert_eq!(unique.len(), found.len(), "{query}: no entry twice");
    assert!(!expected.is_empty(), "{query}: the corpus has such entries");
    assert_eq!(unique, expected, "{query}");
}

#[test]
fn cjk_word_finds_every_entry_containing_it() {
    let Some(library) = corpus() else { return };
    let expected = scan_word(&library, "量化");
    assert!(
        expected.iter().any(|a| a.2 == Hit::PROSE as usize),
        "intros speak of it too"
    );
    assert_finds_exactly(&library, "量化", expected);
}

#[test]
fn tvm_in_any_case_or_width_gives_the_same_results() {
    let Some(library) = corpus() else { return };
    let expected = scan_word(&library, "tvm");
    assert_finds_exactly(&library, "TVM", expected);
    let upper = search(&library, "TVM");
    assert_eq!(search(&library, "tvm"), upper);
    assert_eq!(search(&library, "ＴＶＭ"), upper);
}

#[test]
fn source_filter() {
    let Some(library) = corpus() else { return };
    let expected = scan(&library, |_, _, e| {
        e.source().is_some_and(|s| s.contains("知乎"))
    });
    assert_finds_exactly(&library, "source:知乎", expected);
}

#[test]
fn section_filter_with_a_word() {
    let Some(library) = corpus() else { return };
    let expected = scan(&library, |_, section, e| {
        section.contains("论文") && entry_text(e).contains("剪枝")
    });
    assert_finds_exactly(&library, "section:论文 剪枝", expected);
}

#[test]
fn date_prefix_filter() {
    let Some(library) = corpus() else { return };
    let expected = scan(&library, |date, _, _| date.starts_with("2020-06"));
    assert_finds_exactly(&library, "date:2020-06", expected);
}

#[test]
fn links_urls_are_searchable() {
    let Some(library) = corpus() else { return };
    let expected = scan(&library, |_, _, e| {
        entry_text(e).contains("github.com/google/ruy")
    });
    assert_finds_exactly(&library, "github.com/google/ruy", expected);
}

#[test]
fn title_matches_come_first_then_newer_issues() {
    let Some(library) = corpus() else { return };
    let query = Query::parse("量化");
    let hits = Index::build(&library).search(&query, Scope::default());
    let keys: Vec<(std::cmp::Reverse<u32>, usize)> = hits
        .iter()
        .map(|h| (std::cmp::Reverse(h.score), h.issue as usize))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "sorted by score, then issue"
    );
    let hit = &hits[0];
    let first = &library.issues[hit.issue as usize].sections[hit.section as usize].entries
        [hit.entry as usize];
    assert!(first.title().contains("量化"));
    let ranges = brief::search::matches(first.title(), &query);
    assert!(!ranges.is_empty());
    assert!(ranges.iter().all(|r| &first.title()[r.clone()] == "量化"));
}
