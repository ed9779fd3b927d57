//! `library::refresh`, as the reader and `brief fetch` call it, and the cache-first `load`,
//! with the fetch options given as values (the library reads no environment).

mod common;

use brief::library::cancel::Cancel;
use brief::library::source::{IndexSpec, Source};
use brief::library::sources::{Feed, SourceDef};
use brief::library::{self, refresh};
use common::server::{Fault, Server};
use common::*;

fn def(index: &str) -> SourceDef {
    SourceDef::ad_hoc(&IndexSpec::from_text(index)).unwrap()
}

#[test]
fn refresh_and_load_use_the_cache_of_the_source() {
    let server = Server::start(repository(3));
    let cache = tempfile::tempdir().unwrap();
    let options = options(&server, cache.path());
    let source = source(&server);
    let no_cancel = Cancel::new();
    assert!(refresh::since_last_refresh(&source, &options).is_none());

    let mut last = (0, 0);
    let outcome =
        refresh::refresh(&source, &options, &mut |d, t| last = (d, t), &no_cancel).unwrap();
    assert_eq!(last, (3, 3));
    assert_eq!(outcome.library.issues.len(), 3);
    assert_eq!(outcome.new_issues.len(), 3);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert!(refresh::since_last_refresh(&source, &options).is_some());

    server.set_fault(&Server::raw_path(&issue_path(0)), Fault::Status(404));
    let outcome = refresh::refresh(&source, &options, &mut |_, _| {}, &no_cancel).unwrap();
    assert!(outcome.new_issues.is_empty());
    assert_eq!(
        outcome.library.issues.len(),
        3,
        "a 404 keeps the cached copy"
    );
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);

    // load reads the cache without a request, online or offline, and hands back the
    // source it resolved for the reader to refresh
    server.clear_log();
    for offline in [false, true] {
        let defs = [def(&server.index_url())];
        let report = library::load(&[], &defs, offline, &options).unwrap();
        assert_eq!(report.library.issues.len(), 3);
        assert_eq!(report.feeds, [Feed::Fetched(source.clone())]);
    }
    assert!(server.log().is_empty());

    // an index that cannot be fetched, with nothing cached: an error, not an empty library
    let other = Source::parse(&server.raw_url("elsewhere/README.md")).unwrap();
    let err = refresh::refresh(&other, &options, &mut |_, _| {}, &no_cancel).unwrap_err();
    assert!(
        format!("{err:#}").contains("could not fetch the index"),
        "{err:#}"
    );
}

#[test]
fn loading_honours_offline_and_fetching_the_cache_root_given() {
    let server = Server::start(repository(2));
    let cache = tempfile::tempdir().unwrap();
    let options = options(&server, cache.path());
    let no_cancel = Cancel::new();

    let defs = [def(&server.index_url())];
    let err = library::load(&[], &defs, true, &options).unwrap_err();
    assert!(format!("{err:#}").contains("--offline"), "{err:#}");
    assert!(server.log().is_empty(), "offline sent a request");

    let feeds = [Feed::resolve(&defs[0]).unwrap()];
    let outcomes = refresh::fetch_all(&feeds, &options, &|_, _, _| {}, &no_cancel);
    assert_eq!(outcomes[0].library().issues.len(), 2);
    assert!(
        !bodies(cache.path()).is_empty(),
        "the files went to the cache root given"
    );
}
