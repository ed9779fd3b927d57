//! The persisted library at 40, 1,000 and 10,000 issues: the reader's start to a
//! first-frame-ready state (library loaded, state built), cold (nothing persisted: parse
//! and write the store) against warm (the store read), and against no store at all
//! (what every start cost before); `brief list`'s load (heads only), and `brief list` as
//! a whole process, warm, without read marks and with every issue read; and `brief
//! search` as a whole process, warm, against a plain byte scan of the same files in
//! the same run (and `rg -i` as a process, when installed).
//!
//! Libraries: `/work/benchlib/lib40`, `lib1000`, `lib10000` when present (the corpus
//! repeated under new dates, `BRIEF_BENCH_LIBS` points elsewhere); else synthetic
//! issues are written for 40 and 1,000, and 10,000 is skipped.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use brief::app::State;
use brief::library::remote::FetchOptions;
use brief::library::store::Depth;
use brief::library::{self, LoadReport};
use brief::testing::synth;
#[path = "support/byte_scan.rs"]
mod byte_scan;
#[path = "../tests/isolate/mod.rs"]
mod isolate;

use byte_scan::byte_scan;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: &[usize] = &[40, 1_000, 10_000];

/// A library folder of `count` issues and its Markdown files; None when skipped.
struct Library {
    dir: PathBuf,
    files: Vec<PathBuf>,
    bytes: u64,
    _temp: Option<tempfile::TempDir>,
}

fn library_of(count: usize) -> Option<Library> {
    let libs = std::env::var_os("BRIEF_BENCH_LIBS")
        .map_or_else(|| PathBuf::from("/work/benchlib"), PathBuf::from);
    let given = libs.join(format!("lib{count}"));
    let (dir, temp) = if given.is_dir() {
        (given, None)
    } else if count <= 1_000 {
        let temp = tempfile::tempdir().ok()?;
        for (id, text) in synth::library_markdown(count) {
            std::fs::write(temp.path().join(format!("{id}.md")), text).ok()?;
        }
        (temp.path().to_path_buf(), Some(temp))
    } else {
        eprintln!("note: no library at {}, {count} skipped", given.display());
        return None;
    };
    let mut files: Vec<PathBuf> = walk(&dir);
    files.sort();
    let bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    Some(Library {
        dir,
        files,
        bytes,
        _temp: temp,
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|x| x == "md") {
            files.push(path);
        }
    }
    files
}

fn options(cache: &Path, persist: bool, depth: Depth) -> FetchOptions {
    let mut options = FetchOptions::with_cache_root(cache.to_path_buf());
    options.persist = persist;
    options.depth = depth;
    options
}

fn load(dir: &Path, options: &FetchOptions) -> LoadReport {
    library::load(&[dir.to_path_buf()], &[], true, options).expect("loads")
}

/// The reader's start up to its first frame: the library loaded, the state built.
fn first_frame_ready(dir: &Path, options: &FetchOptions) -> State {
    let report = load(dir, options);
    State::new(report.library, report.label, 120, 40)
}

fn starts(c: &mut Criterion) {
    for &size in SIZES {
        let Some(lib) = library_of(size) else {
            continue;
        };
        let mut group = c.benchmark_group(format!("start/{size}"));
        group.throughput(Throughput::Bytes(lib.bytes));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if size >= 10_000 { 20 } else { 5 }));
        let none = tempfile::tempdir().unwrap();
        group.bench_function("no store", |b| {
            let options = options(none.path(), false, Depth::Full);
            b.iter(|| first_frame_ready(&lib.dir, &options))
        });
        group.bench_function("cold (parse, write the store)", |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |cache| first_frame_ready(&lib.dir, &options(cache.path(), true, Depth::Full)),
                criterion::BatchSize::PerIteration,
            )
        });
        let warm = tempfile::tempdir().unwrap();
        let warm_options = options(warm.path(), true, Depth::Full);
        load(&lib.dir, &warm_options);
        group.bench_function("warm (the store read)", |b| {
            b.iter(|| first_frame_ready(&lib.dir, &warm_options))
        });
        let heads = options(warm.path(), true, Depth::Heads);
        group.bench_function("list: heads, warm", |b| {
            b.iter(|| load(&lib.dir, &heads).heads.len())
        });
        group.finish();
        lists(c, size, &lib);
        searches(c, size, &lib);
    }
}

/// `brief list` as a whole process, warm (its folders its own): without read marks,
/// then with every issue read (unread entries counted from the heads' entry hashes).
fn lists(c: &mut Criterion, size: usize, lib: &Library) {
    let root = tempfile::tempdir().unwrap();
    let brief = |args: &[&str]| {
        let command = Command::new(env!("CARGO_BIN_EXE_brief"));
        let output = isolate::isolated(command, root.path())
            .args(args)
            .arg(&lib.dir)
            .output()
            .expect("brief runs");
        assert!(output.status.success(), "{args:?}: {output:?}");
        output.stdout.len()
    };
    let mut group = c.benchmark_group(format!("list-e2e/{size}"));
    group.sample_size(10);
    // The first run writes the store before it ends: the others are warm.
    brief(&["list"]);
    group.bench_function("brief list, warm", |b| b.iter(|| brief(&["list"])));
    brief(&["mark-read", "--all"]);
    group.bench_function("brief list, warm, every issue read", |b| {
        b.iter(|| brief(&["list"]))
    });
    group.finish();
}

const QUERIES: &[&str] = &["量化", "tvm", "winograd"];

/// `brief search` as a whole process, warm, against a byte scan in this process.
fn searches(c: &mut Criterion, size: usize, lib: &Library) {
    let cache = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group(format!("search-e2e/{size}"));
    group.throughput(Throughput::Bytes(lib.bytes));
    group.sample_size(10);
    for query in QUERIES {
        let brief = || {
            let output = Command::new(env!("CARGO_BIN_EXE_brief"))
                .args(["search", query])
                .arg(&lib.dir)
                .env("BRIEF_CACHE_DIR", cache.path())
                // The first run writes the index before it ends: the others are warm.
                .env("BRIEF_STORE_WRITES", "foreground")
                .output()
                .expect("brief runs");
            assert!(output.status.code().is_some_and(|c| c <= 1));
            output.stdout.len()
        };
        brief();
        group.bench_function(BenchmarkId::new("brief process, warm", query), |b| {
            b.iter(brief)
        });
        group.bench_function(BenchmarkId::new("byte scan", query), |b| {
            b.iter(|| byte_scan(&lib.files, black_box(query.as_bytes())))
        });
        if rg_runs() {
            group.bench_function(BenchmarkId::new("rg -i process", query), |b| {
                b.iter(|| {
                    let output = Command::new("rg")
                        .args(["-i", query])
                        .arg(&lib.dir)
                        .output();
                    output.map(|o| o.stdout.len()).unwrap_or(0)
                })
            });
        }
    }
    group.finish();
}

/// Whether ripgrep is installed, for a whole-process baseline beside the byte scan.
fn rg_runs() -> bool {
    Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

criterion_group!(benches, starts);
criterion_main!(benches);
