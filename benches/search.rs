//! Search latency on synthetic libraries of 40, 1,000 and 10,000 issues (~17 KB each),
//! and the index's memory against the size of the text it indexes; the keys of a
//! typed query at 1,000 and 10,000 issues, and at 1,000 real ones (the corpus's).

use std::hint::black_box;

use brief::model::Library;
use brief::search::{Index, Narrowing, Query, Scope};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "support/corpus.rs"]
mod corpus;

/// The reader's allocator (see `src/main.rs`): results are large vectors, and what
/// they cost depends on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: &[usize] = &[40, 1_000, 10_000];

/// (name, query): 1 character (ASCII and CJK), 2 CJK characters, an ASCII word, 3 terms.
const QUERIES: &[(&str, &str)] = &[
    ("1-char", "t"),
    ("1-char-cjk", "量"),
    ("2-char-cjk", "量化"),
    ("ascii-word", "tvm"),
    ("3-terms", "int8 剪枝 arm"),
];

fn synthetic_library(count: usize) -> (Library, usize) {
    let markdown = brief::testing::synth::library_markdown(count);
    let bytes = markdown.iter().map(|(_, text)| text.len()).sum();
    let issues = markdown
        .iter()
        .map(|(id, text)| brief::parse::parse_issue(text, id, id))
        .collect();
    let mut library = Library::new(issues);
    library.sort();
    (library, bytes)
}

/// `count` issues repeating the corpus's (synthetic ones without it).
fn corpus_library(count: usize) -> Library {
    let issues = corpus::markdown(count)
        .iter()
        .map(|(id, text)| brief::parse::parse_issue(&String::from_utf8_lossy(text), id, id))
        .collect();
    let mut library = Library::new(issues);
    library.sort();
    library
}

fn search(c: &mut Criterion) {
    for &size in SIZES {
        let (library, markdown_bytes) = synthetic_library(size);
        // As the reader's: with the tables of one-character queries.
        let mut index = Index::build(&library);
        index.add_keystroke_tables();
        eprintln!(
            "{size} issues: {} entries, markdown {:.1} MB, index {:.1} MB ({:.0}% of the text)",
            library.entry_count(),
            markdown_bytes as f64 / 1e6,
            index.heap_bytes() as f64 / 1e6,
            100.0 * index.heap_bytes() as f64 / markdown_bytes as f64,
        );
        let mut group = c.benchmark_group(format!("search/{size}"));
        if size >= 10_000 {
            group.sample_size(20);
        }
        for (name, text) in QUERIES {
            let query = Query::parse(text);
            let hits = index.search(&query, Scope::default()).len();
            eprintln!("  {name} {text:?}: {hits} hits");
            group.bench_with_input(BenchmarkId::from_parameter(name), &query, |b, query| {
                b.iter(|| index.search(black_box(query), Scope::default()))
            });
        }
        group.finish();
        if size == 1_000 {
            typing(c, &index, "typing/1000");
            // The same keys on real issues (the corpus's, repeated), whose words are
            // not in every block of the filter.
            let real = corpus_library(size);
            let mut real_index = Index::build(&real);
            real_index.add_keystroke_tables();
            typing(c, &real_index, "typing-corpus/1000");
        }
        if size == 10_000 {
            // As the reader holds it: read back from its file, its text left there
            // (and, this large, its pages let go as they are read).
            typing(c, &held(&index, &library), "typing/10000");
        }
        if size <= 1_000 {
            let mut group = c.benchmark_group("index-build");
            group.sample_size(10);
            group.bench_function(BenchmarkId::from_parameter(size), |b| {
                b.iter(|| Index::build(black_box(&library)))
            });
            group.finish();
        }
    }
}

/// `index` (of `library`) saved to a file and read back as the reader reads it.
fn held(index: &Index, library: &Library) -> Index {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("search.index");
    let bytes = index.to_bytes_with_display(library, b"bench");
    std::fs::write(&path, bytes).expect("writes");
    let file = std::fs::File::open(&path).expect("opens");
    let mut held = Index::load_stamped(file, b"bench")
        .expect("reads back")
        .expect("its stamp");
    held.add_keystroke_tables();
    held
}

/// What the reader searches for at each key while "int8 剪枝 arm" is typed (a query
/// that a space ends is the same as without it), each search given what the one
/// before matched, as the reader's search worker keeps it: the keystroke's latency,
/// whose median over the keys is the figure to keep under 1 ms at 1,000 issues and
/// 16 ms at 10,000.
const TYPED: &str = "int8 剪枝 arm";

fn typing(c: &mut Criterion, index: &Index, name: &str) {
    let mut group = c.benchmark_group(name);
    let mut typed = String::new();
    let mut last = Narrowing::default();
    for key in TYPED.chars() {
        typed.push(key);
        if key == ' ' {
            continue;
        }
        let query = Query::parse(&typed);
        group.bench_with_input(BenchmarkId::from_parameter(&typed), &query, |b, query| {
            b.iter(|| index.search_narrowing(black_box(query), Scope::default(), &last))
        });
        last = index.search_narrowing(&query, Scope::default(), &last).1;
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
