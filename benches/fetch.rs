//! Fetching 40 issues from a loopback server that adds 50 ms to every request:
//! with 6 workers, with 1 (sequential), and a refresh where nothing changed.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use brief::library::cancel::Cancel;
use brief::library::remote::{self, FetchOptions, Status};
use common::server::Server;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const ISSUES: usize = 40;
const LATENCY: Duration = Duration::from_millis(50);

fn fetch_once(server: &Server, options: &FetchOptions) -> remote::FetchReport {
    remote::fetch(
        &common::source(server),
        options,
        &mut |_, _| {},
        &Cancel::new(),
    )
}

fn options_with_jobs(server: &Server, root: &std::path::Path, jobs: usize) -> FetchOptions {
    let mut options = common::options(server, root);
    options.jobs = jobs;
    options
}

fn first_fetch(c: &mut Criterion, server: &Server, jobs: usize) {
    c.bench_function(
        &format!("fetch 40 issues, 50 ms latency, {jobs} workers"),
        |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |root| {
                    let report = fetch_once(server, &options_with_jobs(server, root.path(), jobs));
                    assert_eq!(report.count(|s| *s == Status::New), ISSUES);
                    root
                },
                BatchSize::PerIteration,
            )
        },
    );
}

fn unchanged_refresh(c: &mut Criterion, server: &Server) {
    let root = tempfile::tempdir().unwrap();
    let options = options_with_jobs(server, root.path(), remote::DEFAULT_JOBS);
    fetch_once(server, &options);
    server.clear_log();
    c.bench_function(
        "refresh 40 unchanged issues, 50 ms latency, 6 workers",
        |b| {
            b.iter(|| {
                let report = fetch_once(server, &options);
                assert_eq!(report.count(|s| *s == Status::Unchanged), ISSUES);
            })
        },
    );
    let log = server.log();
    let bodies: usize = log.iter().map(|r| r.body_bytes).sum();
    let all_304 = log.iter().all(|r| r.status == 304 && r.conditional());
    println!(
        "unchanged refreshes: {} requests, all conditional 304s: {all_304}, body bytes: {bodies}",
        log.len()
    );
}

fn benches(c: &mut Criterion) {
    let server = Server::start(common::repository(ISSUES));
    server.set_latency(LATENCY);
    first_fetch(c, &server, remote::DEFAULT_JOBS);
    first_fetch(c, &server, 1);
    unchanged_refresh(c, &server);
}

criterion_group! {
    name = fetch;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(fetch);
