//! `brief fetch`, and `brief list --source`, as a user runs them (against 127.0.0.1).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::server::{Fault, Server};
use common::*;

/// `brief ARGS` with its cache under `cache` and GitHub pointed at `server`.
fn brief(server: &Server, cache: &Path, args: &[&str]) -> Output {
    brief_command(server, cache)
        .args(args)
        .output()
        .expect("running brief")
}

/// `brief ARGS` for the default source, every outgoing request sent to `server` as a proxy.
fn brief_behind_proxy(server: &Server, cache: &Path, args: &[&str]) -> Output {
    isolate::isolated(Command::new(env!("CARGO_BIN_EXE_brief")), cache)
        .args(args)
        .env("BRIEF_CACHE_DIR", cache)
        .env("BRIEF_DATA_DIR", test_data_dir(cache))
        .env("ALL_PROXY", server.base())
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("running brief")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn fetch_summarises_and_names_missing_and_failed_issues() {
    let server = Server::start(repository(4));
    server.set_fault(&Server::raw_path(&issue_path(1)), Fault::Status(404));
    server.set_fault(&Server::raw_path(&issue_path(2)), Fault::Status(400));
    let cache = tempfile::tempdir().unwrap();
    let index = server.index_url();
    let out = brief(
        &server,
        cache.path(),
        &["fetch", "--source", &index, "--jobs", "2"],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains("2 new, 0 updated, 0 unchanged, 1 missing, 1 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("missing: {}", issue_id(1))),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("failed: {}", issue_id(2))),
        "{stdout}"
    );
    // not a terminal: no progress lines, the summary says it all
    assert!(
        !text(&out.stderr).contains("fetching"),
        "{}",
        text(&out.stderr)
    );

    server.clear_faults();
    let out = brief(&server, cache.path(), &["fetch", "--source", &index]);
    assert!(
        text(&out.stdout).contains("2 new, 0 updated, 2 unchanged"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn fetch_exits_1_when_the_index_fails_and_nothing_is_cached() {
    let server = Server::start(repository(2));
    server.set_fault(&Server::raw_path("README.md"), Fault::Status(404));
    let cache = tempfile::tempdir().unwrap();
    let out = brief(
        &server,
        cache.path(),
        &["fetch", "--source", &server.index_url()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("could not be fetched: not found"));
}

#[test]
fn fetch_exits_0_when_the_index_fails_but_a_cache_exists() {
    let server = Server::start(repository(2));
    let cache = tempfile::tempdir().unwrap();
    let index = server.index_url();
    assert!(
        brief(&server, cache.path(), &["fetch", "--source", &index])
            .status
            .success()
    );
    server.set_fault(&Server::raw_path("README.md"), Fault::Status(429));
    let out = brief(&server, cache.path(), &["fetch", "--source", &index]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("2 issues in the cache"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn list_fetches_an_empty_cache_once_then_reads_it() {
    let server = Server::start(repository(3));
    let cache = tempfile::tempdir().unwrap();
    let index = server.index_url();
    let out = brief(
        &server,
        cache.path(),
        &["list", "--source", &index, "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.log().len(), 5, "index, listing, three issues");
    server.clear_log();
    let out = brief(
        &server,
        cache.path(),
        &["list", "--source", &index, "--json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(server.log().is_empty(), "the cache was there: no request");
    assert!(
        text(&out.stdout).contains(&issue_id(2)),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn offline_never_touches_the_network() {
    let server = Server::start(repository(2));
    let cache = tempfile::tempdir().unwrap();
    let index = server.index_url();
    let out = brief(
        &server,
        cache.path(),
        &["list", "--offline", "--source", &index],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--offline"),
        "{}",
        text(&out.stderr)
    );
    let out = brief(
        &server,
        cache.path(),
        &["fetch", "--offline", "--source", &index],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(server.log().is_empty());
}

#[test]
fn the_default_source_with_an_empty_cache_opens_the_sample_without_network() {
    // Any request to the internet would go through this "proxy" and show in its log.
    let server = Server::start(repository(1));
    let cache = tempfile::tempdir().unwrap();
    let out = brief_behind_proxy(&server, cache.path(), &["list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"id\""),
        "{}",
        text(&out.stdout)
    );
    assert!(server.log().is_empty(), "{:?}", server.log());
    // the control: a real fetch does go through the proxy (and fails there)
    let out = brief_behind_proxy(&server, cache.path(), &["fetch"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(!server.log().is_empty());
}

#[test]
fn a_local_index_is_a_source_too() {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in repository(3) {
        let file = dir.path().join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let server = Server::start(Default::default());
    let index = dir.path().join("README.md");
    let index = index.to_str().unwrap();
    let out = brief(&server, cache.path(), &["fetch", "--source", index]);
    // a local index has no folder listing: the unlinked third issue is not found
    assert!(text(&out.stdout).contains("2 new"), "{}", text(&out.stdout));
    let out = brief(&server, cache.path(), &["fetch", "--source", index]);
    assert!(
        text(&out.stdout).contains("0 new, 0 updated, 2 unchanged"),
        "{}",
        text(&out.stdout)
    );
}
