//! The reader's start: time until the first part of the library is ready to show,
//! that is the folder listed and its newest files read (`library::progressive`), at
//! 40, 1,000 and 10,000 synthetic issues (~17 KB each): cold (nothing persisted: the
//! files parsed) and warm (the persisted library current: the files decoded from it);
//! beside them, loading the whole library at once as the reader did before.

use std::path::{Path, PathBuf};
use std::time::Duration;

use brief::library::progressive::{self, Arrival};
use brief::library::{self, remote::FetchOptions};
use brief::testing::synth;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn write_library(dir: &Path, count: usize) {
    for (id, text) in synth::library_markdown(count) {
        std::fs::write(dir.join(format!("{id}.md")), text).unwrap();
    }
}

/// Lists `paths` and parses the newest files: the issues of the first part.
fn first_part(paths: &[PathBuf], options: &FetchOptions) -> usize {
    let parts = progressive::plan(paths, &[], options).unwrap().unwrap();
    let mut issues = 0;
    parts.loader.run(&mut |arrival| {
        issues = match arrival {
            Arrival::Part { issues, .. } => issues.len(),
            Arrival::Done(done) => done.issues.len(),
        };
        false
    });
    issues
}

/// Loads `paths` whole once and writes its store under `options`' cache.
fn write_store(paths: &[PathBuf], options: &FetchOptions) {
    let parts = progressive::plan(paths, &[], options).unwrap().unwrap();
    let persist = parts.loader.run(&mut |_| true).unwrap();
    assert!(persist.write(&|| false).is_some());
}

fn benches(c: &mut Criterion) {
    // Never written to: every start is cold.
    let cache = tempfile::tempdir().unwrap();
    let options = FetchOptions::with_cache_root(cache.path().to_path_buf());
    let warm_cache = tempfile::tempdir().unwrap();
    let warm = FetchOptions::with_cache_root(warm_cache.path().to_path_buf());
    let mut group = c.benchmark_group("cold start");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for count in [40, 1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        write_library(dir.path(), count);
        let paths = vec![dir.path().to_path_buf()];
        group.bench_with_input(
            BenchmarkId::new("first part ready", count),
            &paths,
            |b, paths| b.iter(|| assert!(first_part(paths, &options) > 0)),
        );
        write_store(&paths, &warm);
        group.bench_with_input(
            BenchmarkId::new("first part ready, warm", count),
            &paths,
            |b, paths| b.iter(|| assert!(first_part(paths, &warm) > 0)),
        );
        if count <= 1_000 {
            group.bench_with_input(
                BenchmarkId::new("whole library at once", count),
                &paths,
                |b, paths| b.iter(|| library::load(paths, &[], true, &options).unwrap()),
            );
        }
    }
    group.finish();
}

criterion_group!(cold_start, benches);
criterion_main!(cold_start);
