//! The reader's start: loading the library from the cache. One source through the
//! loader that holds several (as every start now does), against reading that one
//! cache alone (as the single-source loader did), and two sources at once.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use brief::library::cancel::Cancel;
use brief::library::remote::{self, FetchOptions};
use brief::library::source::IndexSpec;
use brief::library::sources::SourceDef;
use brief::library::{self, refresh};
use brief::model::SourceId;
use common::server::Server;
use criterion::{Criterion, criterion_group, criterion_main};

const ISSUES: usize = 40;

fn def(id: &str, server: &Server) -> SourceDef {
    SourceDef {
        id: SourceId::new(id).unwrap(),
        title: id.to_string(),
        index: IndexSpec::Url(server.index_url()),
        github: None,
    }
}

/// Both servers' issues fetched into one cache root.
fn cached(servers: &[&Server], root: &std::path::Path) -> (FetchOptions, Vec<SourceDef>) {
    let mut options = common::options(servers[0], root);
    options.github_raw_hosts = servers.iter().map(|s| s.host()).collect();
    let defs: Vec<SourceDef> = ["alpha", "beta"]
        .iter()
        .zip(servers)
        .map(|(id, server)| def(id, server))
        .collect();
    let feeds = library::sources::resolve_all(&defs).unwrap().0;
    refresh::fetch_all(&feeds, &options, &|_, _, _| {}, &Cancel::new());
    (options, defs)
}

fn benches(c: &mut Criterion) {
    let alpha = Server::start(common::repository(ISSUES));
    let beta = Server::start(common::repository(ISSUES));
    let root = tempfile::tempdir().unwrap();
    let (options, defs) = cached(&[&alpha, &beta], root.path());
    let source = common::source(&alpha);

    c.bench_function("start: one cache read alone (40 issues)", |b| {
        b.iter(|| {
            let report = remote::load_cached(&source, &options);
            assert_eq!(report.library.issues.len(), ISSUES);
        })
    });
    c.bench_function("start: library::load, one source (40 issues)", |b| {
        b.iter(|| {
            let report = library::load(&[], &defs[..1], true, &options).unwrap();
            assert_eq!(report.library.issues.len(), ISSUES);
        })
    });
    c.bench_function("start: library::load, two sources (80 issues)", |b| {
        b.iter(|| {
            let report = library::load(&[], &defs, true, &options).unwrap();
            assert_eq!(report.library.issues.len(), 2 * ISSUES);
        })
    });
}

criterion_group! {
    name = load;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(load);
