//! `brief search` from a persisted index, end to end but for process start: open the
//! index file, search, read what a result line prints and format the lines, against a
//! plain byte scan (memchr's memmem) of the same Markdown files measured in the same
//! run, whose ratio is what matters. Libraries repeat the 40 real issues of
//! `../shared/corpus` under new names (synthetic issues when it is absent), written
//! to a temporary folder. Also: the cost of writing and loading the index at each
//! size, the memory of the index against the Markdown, and checksum speeds.

use std::borrow::Cow;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use brief::search::{Index, PersistedIndex, Query, Scope, ViewLine, path_titles, snippet};
#[path = "support/byte_scan.rs"]
mod byte_scan;
#[path = "support/corpus.rs"]
mod corpus;

use byte_scan::byte_scan;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: &[usize] = &[40, 1_000, 10_000];
/// (name, query): dense CJK, an ASCII word, a rare word, a rare CJK pair, two terms.
const QUERIES: &[(&str, &str)] = &[
    ("dense-cjk", "量化"),
    ("ascii-word", "tvm"),
    ("rare-word", "winograd"),
    ("rare-cjk", "蒸馏"),
    ("2-terms", "int8 剪枝"),
];

struct Setup {
    files: Vec<PathBuf>,
    index_path: PathBuf,
    markdown_bytes: usize,
    _dir: tempfile::TempDir,
}

fn setup(count: usize) -> Setup {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut files = Vec::new();
    let mut markdown_bytes = 0;
    for (id, text) in corpus::markdown(count) {
        let path = dir.path().join(format!("{id}.md"));
        std::fs::write(&path, &text).expect("writes");
        markdown_bytes += text.len();
        files.push(path);
    }
    let library = brief::library::local::load(&[dir.path().to_path_buf()])
        .expect("loads")
        .library;
    let started = Instant::now();
    let index = Index::build(&library);
    let built = started.elapsed();
    let started = Instant::now();
    let bytes = index.to_bytes_with_display(&library, b"");
    let written = started.elapsed();
    let index_path = dir.path().join("search.index");
    std::fs::write(&index_path, &bytes).expect("writes");
    let mb = |n: usize| n as f64 / 1e6;
    eprintln!(
        "{count} issues: markdown {:.1} MB; index in memory {:.1} MB ({:.0}% of the markdown), \
         built in {built:.2?}; file {:.1} MB, written to bytes in {written:.2?}",
        mb(markdown_bytes),
        mb(index.heap_bytes()),
        100.0 * index.heap_bytes() as f64 / markdown_bytes as f64,
        mb(bytes.len()),
    );
    Setup {
        files,
        index_path,
        markdown_bytes,
        _dir: dir,
    }
}

/// What `brief search` does once the process runs: open, search, print the lines
/// (an entry's title, or a snippet of prose in quotes).
fn persisted_search(path: &Path, query: &str, out: &mut Vec<u8>) -> usize {
    let file = std::fs::File::open(path).expect("opens");
    let index = PersistedIndex::open(file).expect("a good index");
    let query = Query::parse(query);
    let hits = index.search(&query, Scope::default()).expect("searches");
    let cut = |text: &str| snippet(text, &query, 58).0;
    let lines = (index.views_with(&hits, false, &cut, |view, _| cells(view))).expect("views");
    let width = |cell: usize| {
        let widths = lines.iter().map(|l| brief::text::display_width(&l[cell]));
        widths.max().unwrap_or(0)
    };
    let (date, section, title) = (width(0), width(1).min(12), width(2).min(60));
    for [d, s, t, url] in &lines {
        let _ = writeln!(
            out,
            "{}  {}  {}  {url}",
            brief::text::fit(d, date),
            brief::text::fit(s, section),
            brief::text::fit(t, title),
        );
    }
    hits.len()
}

/// What a result line prints of `view`: date, section, title (a snippet of prose in
/// quotes), URL.
fn cells(view: ViewLine<'_>) -> [Cow<'_, str>; 4] {
    let section = |path: Option<&str>| match path {
        Some(path) => path_titles(path)
            .next_back()
            .unwrap_or("")
            .to_string()
            .into(),
        None => "Intro".into(),
    };
    match view {
        ViewLine::Entry(v) => [
            v.date.unwrap_or(v.issue_id),
            section(Some(&v.path)),
            v.title,
            v.url.unwrap_or_default(),
        ],
        ViewLine::Prose(v) => [
            v.date.unwrap_or(v.issue_id),
            section(v.path.as_deref()),
            format!("“{}”", v.text).into(),
            "".into(),
        ],
    }
}

fn end_to_end(c: &mut Criterion) {
    for &size in SIZES {
        let setup = setup(size);
        let mut group = c.benchmark_group(format!("e2e/{size}"));
        group.throughput(Throughput::Bytes(setup.markdown_bytes as u64));
        if size >= 10_000 {
            group.sample_size(10);
        }
        for (name, query) in QUERIES {
            let mut out = Vec::new();
            let hits = persisted_search(&setup.index_path, query, &mut out);
            let lines = byte_scan(&setup.files, query.as_bytes());
            eprintln!(
                "  {name} {query:?}: {hits} results ({} bytes printed), {lines} lines by the byte scan",
                out.len()
            );
            group.bench_function(BenchmarkId::new("persisted", name), |b| {
                b.iter(|| {
                    out.clear();
                    persisted_search(&setup.index_path, black_box(query), &mut out)
                })
            });
            group.bench_function(BenchmarkId::new("byte-scan", name), |b| {
                b.iter(|| byte_scan(&setup.files, black_box(query.as_bytes())))
            });
        }
        group.finish();
        load(c, size, &setup);
    }
}

/// Reading the whole index into memory (the reader's cold start) and writing it.
fn load(c: &mut Criterion, size: usize, setup: &Setup) {
    let mut group = c.benchmark_group(format!("index-file/{size}"));
    group.sample_size(10);
    let bytes = std::fs::read(&setup.index_path).expect("reads");
    group.bench_function("read+from_bytes", |b| {
        b.iter(|| {
            Index::from_bytes(&std::fs::read(&setup.index_path).expect("reads")).expect("loads")
        })
    });
    let index = Index::from_bytes(&bytes).expect("loads");
    group.bench_function("to_bytes", |b| b.iter(|| index.to_bytes().len()));
    group.finish();
}

/// Checksums of 64 MB: what checking a whole index would cost per byte.
fn checksums(c: &mut Criterion) {
    let data: Vec<u8> = (0..64 << 20)
        .map(|n: u32| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut group = c.benchmark_group("checksum-64MB");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("xxh3", |b| {
        b.iter(|| twox_hash::XxHash3_64::oneshot(black_box(&data)))
    });
    group.bench_function("crc32fast", |b| {
        b.iter(|| crc32fast::hash(black_box(&data)))
    });
    group.finish();
}

criterion_group!(benches, checksums, end_to_end);
criterion_main!(benches);
