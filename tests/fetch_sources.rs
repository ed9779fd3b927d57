//! Several sources against the loopback server: fetched at once with one failing,
//! searched together, each in a cache of its own; a local folder as a source; a
//! configured GitHub folder listed directly.

mod common;

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use brief::library::cancel::Cancel;
use brief::library::refresh::{self, FetchOutcome};
use brief::library::source::IndexSpec;
use brief::library::sources::{self, Feed, GithubFolder, SourceDef};
use brief::library::{self, remote::FetchOptions};
use brief::model::{IssueKey, Library, SourceId};
use brief::search::{Found, Index, Query, Scope};
use common::server::{Fault, Server};
use common::*;

fn def(id: &str, title: &str, index: &str) -> SourceDef {
    SourceDef {
        id: SourceId::new(id).unwrap(),
        title: title.into(),
        index: IndexSpec::from_text(index),
        github: None,
    }
}

/// Fetch options reaching both servers (the folder listings go to `first`'s API).
fn options_for(first: &Server, second: &Server, cache: &Path) -> FetchOptions {
    let mut options = options(first, cache);
    options.github_raw_hosts.push(second.host());
    options
}

fn cache_dir(feed: &Feed, options: &FetchOptions) -> std::path::PathBuf {
    match feed {
        Feed::Fetched(source) => options.cache(source).dir().to_path_buf(),
        Feed::Folder(folder) => folder.path.clone(),
    }
}

/// The sources and ids of what `query` finds in `library`.
fn found(library: &Library, query: &str) -> Vec<(String, String)> {
    let hits = Index::build(library).search(&Query::parse(query), Scope::default());
    hits.iter()
        .filter_map(|hit| Found::of(library, hit))
        .map(|f| (f.issue.source.to_string(), f.issue.id.clone()))
        .collect()
}

#[test]
fn two_sources_fetch_at_once_and_a_failing_one_holds_nothing_back() {
    let alpha = Server::start(repository(3));
    let beta = Server::start(repository(3));
    beta.set_file(
        &issue_path(0),
        format!(
            "{}\n- [Betaonly 专有条目](https://beta.example/x)  \n摘要：只在 beta。\n",
            issue_text(0)
        ),
    );
    // beta answers every request with a 500, and slowly
    beta.set_latency(Duration::from_millis(400));
    beta.set_fault(&Server::raw_path("README.md"), Fault::Status(500));
    let cache = tempfile::tempdir().unwrap();
    let options = options_for(&alpha, &beta, cache.path());
    let defs = [
        def("alpha", "Alpha", &alpha.index_url()),
        def("beta", "Beta", &beta.index_url()),
    ];
    let feeds: Vec<Feed> = defs.iter().map(|d| Feed::resolve(d).unwrap()).collect();

    // Beta goes first, yet when alpha is done beta has not had a single answer.
    let beta_answers_when_alpha_done = Mutex::new(None);
    let progress = |n: usize, done: usize, total: usize| {
        if n == 1 && total > 0 && done == total {
            *beta_answers_when_alpha_done.lock().unwrap() = Some(beta.log().len());
        }
    };
    let beta_first = [feeds[1].clone(), feeds[0].clone()];
    let mut outcomes = refresh::fetch_all(&beta_first, &options, &progress, &Cancel::new());
    outcomes.reverse();
    assert_eq!(*beta_answers_when_alpha_done.lock().unwrap(), Some(0));
    assert_eq!(outcomes[0].library().issues.len(), 3);
    assert!(!outcomes[0].failed_with_nothing());
    assert!(
        outcomes[1].failed_with_nothing(),
        "beta: 500s, nothing cached"
    );
    let FetchOutcome::Fetched(failed) = &outcomes[1] else {
        panic!("beta is fetched");
    };
    assert!(
        failed.problems()[0].contains("500"),
        "{:?}",
        failed.problems()
    );
    let alpha_ids: Vec<&SourceId> = outcomes[0]
        .library()
        .issues
        .iter()
        .map(|i| &i.source)
        .collect();
    assert!(alpha_ids.iter().all(|id| id.as_str() == "alpha"));

    // The caches are apart: beta's fetch leaves alpha's files as they were.
    let (alpha_dir, beta_dir) = (
        cache_dir(&feeds[0], &options),
        cache_dir(&feeds[1], &options),
    );
    assert_ne!(alpha_dir, beta_dir);
    assert!(!beta_dir.exists(), "nothing arrived for beta");
    let alpha_files = snapshot(&alpha_dir);
    beta.clear_faults();
    beta.set_latency(Duration::ZERO);
    let again = refresh::fetch_all(&feeds[1..], &options, &|_, _, _| {}, &Cancel::new());
    assert_eq!(again[0].library().issues.len(), 3);
    assert_eq!(snapshot(&alpha_dir), alpha_files, "alpha's cache untouched");
    assert!(
        bodies(&beta_dir).len() >= 4,
        "beta's index and issues, in its own folder"
    );
    assert!(bodies(&beta_dir).keys().all(|p| p.starts_with(&beta_dir)));

    // Loaded together: interleaved, each issue keyed by its source, searched as one.
    let report = library::load(&[], &defs, true, &options).unwrap();
    let library = &report.library;
    assert_eq!(report.feeds, feeds);
    assert_eq!(library.issues.len(), 6);
    assert_eq!(
        library
            .sources
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        ["Alpha", "Beta"]
    );
    let keys: std::collections::HashSet<IssueKey> =
        library.issues.iter().map(|i| i.key()).collect();
    assert_eq!(
        keys.len(),
        6,
        "the same issue ids in two sources never collide"
    );
    let dates: Vec<&str> = library.issues.iter().map(|i| i.display_date()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(library.issues[0].id, library.issues[1].id, "interleaved");

    let tvm = found(library, "TVM");
    assert!(tvm.iter().any(|(s, _)| s == "alpha") && tvm.iter().any(|(s, _)| s == "beta"));
    assert_eq!(found(library, "betaonly"), [("beta".into(), issue_id(0))]);
    let only_alpha = found(library, "TVM from:alp");
    assert!(!only_alpha.is_empty() && only_alpha.iter().all(|(s, _)| s == "alpha"));
    assert_eq!(
        found(library, "TVM -from:alpha").len(),
        tvm.len() - only_alpha.len()
    );
    assert!(found(library, "betaonly from:alpha").is_empty());
}

#[test]
fn a_source_with_nothing_cached_waits_for_a_refresh_unless_nothing_is_there_at_all() {
    let alpha = Server::start(repository(2));
    let beta = Server::start(repository(2));
    let cache = tempfile::tempdir().unwrap();
    let options = options_for(&alpha, &beta, cache.path());
    let defs = [
        def("alpha", "Alpha", &alpha.index_url()),
        def("beta", "Beta", &beta.index_url()),
    ];
    // Nothing at all: both are fetched first, at once, the progress summed over both.
    let mut seen = Vec::new();
    let report = library::load_with(
        &[],
        &defs,
        false,
        &options,
        &mut |done, total| seen.push((done, total)),
        &Cancel::new(),
    )
    .unwrap();
    assert_eq!(report.library.issues.len(), 4);
    assert_eq!(seen.first(), Some(&(0, 0)), "{seen:?}");
    assert_eq!(seen.last(), Some(&(4, 4)), "both sources' issues: {seen:?}");

    // Something there: a new source with an empty cache is not waited for.
    let gamma = Server::start(repository(2));
    let mut options = options;
    options.github_raw_hosts.push(gamma.host());
    let mut defs = defs.to_vec();
    defs.push(def("gamma", "Gamma", &gamma.index_url()));
    let report = library::load(&[], &defs, false, &options).unwrap();
    assert_eq!(report.library.issues.len(), 4);
    assert!(gamma.log().is_empty(), "gamma is left to the refresh");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("Gamma: nothing cached yet")),
        "{:?}",
        report.warnings
    );
    assert_eq!(report.library.sources.len(), 3, "listed all the same");

    // A source that cannot be resolved is skipped with a warning.
    defs.push(def("gone", "Gone", "/no/such/place/README.md"));
    let report = library::load(&[], &defs, true, &options).unwrap();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("Gone: skipped"))
    );
    assert_eq!(report.feeds.len(), 3);
}

#[test]
fn a_local_folder_is_a_source_read_in_place_and_read_again_on_refresh() {
    let server = Server::start(repository(2));
    let folder = tempfile::tempdir().unwrap();
    for n in 0..2 {
        std::fs::write(
            folder.path().join(format!("{}.md", issue_id(n))),
            issue_text(n),
        )
        .unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let options = options(&server, cache.path());
    let defs = [
        def("remote", "Remote", &server.index_url()),
        def("notes", "My notes", folder.path().to_str().unwrap()),
    ];
    let report = library::load(&[], &defs, false, &options).unwrap();
    let notes = SourceId::new("notes").unwrap();
    assert_eq!(report.library.issue_count_of(&notes), 2);
    assert!(matches!(&report.feeds[1], Feed::Folder(f) if f.id == notes));
    let folder_requests = server.log().len();

    std::fs::write(
        folder.path().join(format!("{}.md", issue_id(5))),
        issue_text(5),
    )
    .unwrap();
    let feed = &report.feeds[1];
    let outcome = refresh::refresh_feed(feed, &options, &mut |_, _| {}, &Cancel::new()).unwrap();
    assert_eq!(outcome.library.issues.len(), 3);
    assert!(outcome.library.issues.iter().all(|i| i.source == notes));
    assert_eq!(outcome.library.sources[0].title, "My notes");
    assert_eq!(
        server.log().len(),
        folder_requests,
        "a folder is never fetched"
    );
    assert!(
        snapshot(cache.path())
            .keys()
            .all(|p| !p.starts_with(folder.path()))
    );

    // As given on the command line, a folder gets an id of its own.
    let ad_hoc = SourceDef::ad_hoc(&IndexSpec::from_text(folder.path().to_str().unwrap())).unwrap();
    assert!(matches!(Feed::resolve(&ad_hoc).unwrap(), Feed::Folder(_)));
    assert_ne!(ad_hoc.id, notes);
}

#[test]
fn a_configured_github_folder_is_listed_directly() {
    let server = Server::start(repository(3));
    // An index outside the repository layout that links no issue: nothing to infer from.
    server.set_route("/index.md", "# Index\n\nNothing linked here.\n");
    let cache = tempfile::tempdir().unwrap();
    let options = options(&server, cache.path());
    let mut configured = def("listed", "Listed", &format!("{}/index.md", server.base()));
    let inferred = sources::load_all(
        std::slice::from_ref(&configured),
        false,
        &options,
        &mut |_, _| {},
        &Cancel::new(),
    );
    assert!(
        inferred.unwrap().library.issues.is_empty(),
        "no listing without `github`"
    );
    configured.github = Some(GithubFolder {
        repo: format!("{}/{}", common::server::OWNER, common::server::REPO),
        branch: common::server::BRANCH.into(),
        folder: FOLDER.into(),
    });
    let feed = Feed::resolve(&configured).unwrap();
    let outcomes = refresh::fetch_all(&[feed], &options, &|_, _, _| {}, &Cancel::new());
    let ids: Vec<&str> = outcomes[0]
        .library()
        .issues
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(
        server
            .log()
            .iter()
            .any(|r| r.path == Server::listing_path(FOLDER))
    );
}
