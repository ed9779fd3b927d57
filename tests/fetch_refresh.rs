//! `library::refresh::refresh`, as the reader calls it, and the cache-first `load`.
//! One test only: it sets the process environment (cache root, GitHub hosts).

mod common;

use std::sync::atomic::AtomicBool;

use brief::cli::SourceArgs;
use brief::library::{self, refresh};
use common::server::{Fault, Server};
use common::*;

fn args(index: &str, offline: bool) -> SourceArgs {
    SourceArgs {
        source: Some(index.to_string()),
        offline,
    }
}

#[test]
#[allow(unsafe_code)]
fn refresh_and_load_use_the_cache_of_the_source() {
    let server = Server::start(repository(3));
    let cache = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this binary; no other thread reads the environment.
    unsafe {
        std::env::set_var("BRIEF_CACHE_DIR", cache.path());
        std::env::set_var("BRIEF_GITHUB_API", server.api_base());
        std::env::set_var("BRIEF_GITHUB_RAW_HOSTS", server.host());
    }
    let source = args(&server.index_url(), false);
    let no_cancel = AtomicBool::new(false);
    assert!(refresh::since_last_refresh(&source).is_none());

    let mut last = (0, 0);
    let outcome = refresh::refresh(&source, &mut |d, t| last = (d, t), &no_cancel).unwrap();
    assert_eq!(last, (3, 3));
    assert_eq!(outcome.library.issues.len(), 3);
    assert_eq!(outcome.new_issues.len(), 3);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert!(refresh::since_last_refresh(&source).is_some());

    server.set_fault(&Server::raw_path(&issue_path(0)), Fault::Status(404));
    let outcome = refresh::refresh(&source, &mut |_, _| {}, &no_cancel).unwrap();
    assert!(outcome.new_issues.is_empty());
    assert_eq!(
        outcome.library.issues.len(),
        3,
        "a 404 keeps the cached copy"
    );
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);

    // load reads the cache without a request, online or offline
    server.clear_log();
    for offline in [false, true] {
        let report = library::load(&[], &args(&server.index_url(), offline)).unwrap();
        assert_eq!(report.library.issues.len(), 3);
    }
    assert!(server.log().is_empty());

    // an index that cannot be fetched, with nothing cached: an error, not an empty library
    let other = server.raw_url("elsewhere/README.md");
    let err = refresh::refresh(&args(&other, false), &mut |_, _| {}, &no_cancel).unwrap_err();
    assert!(
        format!("{err:#}").contains("could not fetch the index"),
        "{err:#}"
    );
    assert!(refresh::refresh(&args(&other, true), &mut |_, _| {}, &no_cancel).is_err());
}
