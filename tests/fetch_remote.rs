//! Fetching from a loopback server in GitHub's layout: first fetch, conditional
//! refresh, every fault, a malicious index, cancellation, the real corpus.

mod common;

use std::collections::BTreeSet;
use std::thread;
use std::time::{Duration, Instant};

use brief::library::cache::SourceCache;
use brief::library::cancel::Cancel;
use brief::library::remote::{self, IndexStatus, Status};
use common::server::{Fault, Server};
use common::*;
use url::Url;

const COUNT: usize = 5;

/// A server with `COUNT` issues, a tempdir cache, and one complete first fetch done.
fn primed() -> (
    Server,
    tempfile::TempDir,
    brief::library::remote::FetchOptions,
) {
    let server = Server::start(repository(COUNT));
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let report = fetch(&server, &options);
    assert_eq!(report.index, IndexStatus::Fetched);
    assert_eq!(
        report.count(|s| *s == Status::New),
        COUNT,
        "{:?}",
        report.issues
    );
    server.clear_log();
    (server, root, options)
}

fn cache_dir(
    server: &Server,
    options: &brief::library::remote::FetchOptions,
) -> std::path::PathBuf {
    options.cache(&source(server)).dir().to_path_buf()
}

/// Runs a fetch with `fault` on issue 1 and checks every body cached before is intact.
fn fetch_with_fault(fault: Fault) -> (Server, brief::library::remote::FetchReport) {
    let (server, _root, options) = primed();
    let dir = cache_dir(&server, &options);
    let before = bodies(&dir);
    server.set_fault(&Server::raw_path(&issue_path(1)), fault);
    let report = fetch(&server, &options);
    assert_eq!(bodies(&dir), before, "cached bodies changed");
    assert_eq!(
        report.library.issues.len(),
        COUNT,
        "an issue left the library"
    );
    (server, report)
}

fn failure_of(report: &brief::library::remote::FetchReport, n: usize) -> String {
    match status_of(report, &issue_id(n)) {
        Status::Failed(reason) => reason.clone(),
        other => panic!("issue {n}: expected a failure, got {other:?}"),
    }
}

#[test]
fn first_fetch_finds_index_and_listed_issues_and_a_second_costs_only_304s() {
    let (server, root, options) = primed();
    let report = fetch(&server, &options);
    assert_eq!(report.index, IndexStatus::Unchanged);
    assert_eq!(report.count(|s| *s == Status::Unchanged), COUNT);
    assert_eq!(report.library.issues.len(), COUNT);
    let log = server.log();
    // index + listing + every issue, each conditional and answered 304 with no body
    assert_eq!(log.len(), COUNT + 2, "{log:?}");
    assert!(
        log.iter()
            .all(|r| r.conditional() && r.status == 304 && r.body_bytes == 0),
        "{log:?}"
    );
    let agent = log[0].user_agent.clone().unwrap_or_default();
    assert_eq!(agent, format!("brief/{}", env!("CARGO_PKG_VERSION")));
    // the last issue is not in README.md: only the listing knows it
    let last = issue_id(COUNT - 1);
    assert!(report.library.find(&last).is_some());
    let cached = remote::load_cached(&source(&server), &options);
    assert_eq!(cached.library, report.library);
    drop(root);
}

#[test]
fn a_listed_issue_answering_404_is_missing_and_stays_cached() {
    let (_server, report) = fetch_with_fault(Fault::Status(404));
    assert_eq!(status_of(&report, &issue_id(1)), &Status::Missing);
    assert!(report.problems().iter().any(|p| p.contains("missing")));
}

#[test]
fn a_500_then_200_is_retried() {
    let (server, report) = fetch_with_fault(Fault::StatusOnce(500));
    assert_eq!(status_of(&report, &issue_id(1)), &Status::Unchanged);
    let path = Server::raw_path(&issue_path(1));
    let statuses: Vec<u16> = server
        .log()
        .iter()
        .filter(|r| r.path == path)
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![500, 304]);
}

#[test]
fn a_response_slower_than_the_timeout_fails_after_three_tries() {
    let (server, _root, mut options) = primed();
    options.http.request_timeout = Duration::from_millis(300);
    let dir = cache_dir(&server, &options);
    let before = bodies(&dir);
    let path = Server::raw_path(&issue_path(1));
    server.set_fault(&path, Fault::Slow(Duration::from_secs(3)));
    let report = fetch(&server, &options);
    assert_eq!(failure_of(&report, 1), "timed out");
    assert_eq!(bodies(&dir), before);
    assert_eq!(server.arrivals(&path), 3);
}

#[test]
fn an_endless_body_stops_at_the_cap() {
    let (_server, report) = fetch_with_fault(Fault::Endless);
    assert!(
        failure_of(&report, 1).contains("limit"),
        "{}",
        failure_of(&report, 1)
    );
}

#[test]
fn a_truncated_body_is_not_cached() {
    let (_server, report) = fetch_with_fault(Fault::Truncated);
    assert!(
        failure_of(&report, 1).contains("closed before"),
        "{}",
        failure_of(&report, 1)
    );
}

#[test]
fn a_redirect_loop_gives_up() {
    let (server, report) = fetch_with_fault(Fault::RedirectLoop);
    assert!(failure_of(&report, 1).contains("more than 5 redirects"));
    assert_eq!(
        server.arrivals(&Server::raw_path(&issue_path(1))),
        6,
        "not retried"
    );
}

#[test]
fn a_redirect_to_another_host_is_refused() {
    let (server, report) = {
        let (server, _root, options) = primed();
        let dir = cache_dir(&server, &options);
        let before = bodies(&dir);
        let elsewhere = format!(
            "http://localhost:{}/x.md",
            server.host().rsplit(':').next().unwrap()
        );
        server.set_fault(
            &Server::raw_path(&issue_path(1)),
            Fault::RedirectTo(elsewhere),
        );
        let report = fetch(&server, &options);
        assert_eq!(bodies(&dir), before);
        (server, report)
    };
    assert!(failure_of(&report, 1).contains("another host"));
    assert!(server.log().iter().all(|r| r.path != "/x.md"));
}

#[test]
fn a_redirect_to_another_scheme_is_refused() {
    let (_server, report) = fetch_with_fault(Fault::RedirectTo("ftp://127.0.0.1/x.md".into()));
    assert!(failure_of(&report, 1).contains("refused a redirect"));
}

#[test]
fn a_non_utf8_version_never_replaces_cached_text() {
    let (_server, report) = fetch_with_fault(Fault::NonUtf8);
    assert!(failure_of(&report, 1).contains("not valid UTF-8"));
}

#[test]
fn a_new_non_utf8_issue_is_kept_and_decoded_lossily() {
    let (server, _root, options) = primed();
    server.set_file("r/odd.md", b"# odd \xff\xfe issue\n".to_vec());
    server.set_fault(&Server::raw_path("r/odd.md"), Fault::NonUtf8);
    let report = fetch(&server, &options);
    assert_eq!(status_of(&report, "odd"), &Status::New);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("odd: not valid UTF-8"))
    );
    assert!(report.library.find("odd").is_some());
}

#[test]
fn a_304_with_a_new_etag_updates_the_stored_validators() {
    let (server, _root, options) = primed();
    let dir = cache_dir(&server, &options);
    let before = bodies(&dir);
    let path = Server::raw_path(&issue_path(1));
    server.set_fault(&path, Fault::ChangedEtag);
    let report = fetch(&server, &options);
    assert_eq!(status_of(&report, &issue_id(1)), &Status::Unchanged);
    assert_eq!(bodies(&dir), before);
    let url = Url::parse(&server.raw_url(&issue_path(1))).unwrap();
    let entry = options.cache(&source(&server)).read(&url).valid().unwrap();
    assert_eq!(entry.meta.validators.etag.as_deref(), Some("\"changed-1\""));
    server.clear_log();
    fetch(&server, &options);
    let sent: Vec<_> = server
        .log()
        .into_iter()
        .filter(|r| r.path == path)
        .collect();
    assert_eq!(sent[0].if_none_match.as_deref(), Some("\"changed-1\""));
}

fn rate_limited(code: u16) {
    let (server, _root, mut options) = primed();
    options.jobs = 1;
    let dir = cache_dir(&server, &options);
    let before = bodies(&dir);
    let path = Server::raw_path(&issue_path(1));
    server.set_fault(&path, Fault::Status(code));
    let report = fetch(&server, &options);
    assert_eq!(bodies(&dir), before);
    assert_eq!(report.library.issues.len(), COUNT);
    let log = server.log();
    let at = log.iter().position(|r| r.path == path).unwrap();
    let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        at,
        log.len() - 1,
        "requests went on after HTTP {code}: {paths:?}"
    );
    let note = format!("rate limited by the server (HTTP {code})");
    assert!(
        report.notes.iter().any(|n| n.contains(&note)),
        "{:?}",
        report.notes
    );
    assert!(report.count(|s| matches!(s, Status::Skipped(_))) > 0);
}

#[test]
fn a_403_stops_sending_and_keeps_the_cache() {
    rate_limited(403);
}

#[test]
fn a_429_stops_sending_and_keeps_the_cache() {
    rate_limited(429);
}

#[test]
fn a_rate_limited_listing_is_only_a_note() {
    let (server, _root, options) = primed();
    server.set_fault(&Server::listing_path(FOLDER), Fault::Status(403));
    let report = fetch(&server, &options);
    assert!(report.notes.iter().any(|n| n.contains("could not list")));
    assert_eq!(report.count(|s| *s == Status::Unchanged), COUNT);
}

#[test]
fn an_unreachable_index_keeps_the_cached_library() {
    let (server, _root, options) = primed();
    server.set_fault(&Server::raw_path("README.md"), Fault::Status(500));
    let report = fetch(&server, &options);
    assert!(matches!(report.index, IndexStatus::Failed(_)));
    assert_eq!(report.library.issues.len(), COUNT);
    // retried, then no issue was asked for
    assert_eq!(server.log().len(), 3);
}

#[test]
fn a_corrupted_cache_entry_is_detected_and_fetched_again() {
    let (server, _root, options) = primed();
    let url = Url::parse(&server.raw_url(&issue_path(2))).unwrap();
    let cache = options.cache(&source(&server));
    let body = cache.dir().join(format!("{}.body", SourceCache::key(&url)));
    let good = std::fs::read(&body).unwrap();
    std::fs::write(&body, &good[..good.len() / 2]).unwrap();
    let offline = remote::load_cached(&source(&server), &options);
    assert_eq!(offline.library.issues.len(), COUNT - 1);
    assert!(offline.warnings.iter().any(|w| w.contains("unusable")));
    let report = fetch(&server, &options);
    let asked = server
        .log()
        .into_iter()
        .find(|r| r.path.ends_with(&issue_path(2)))
        .unwrap();
    assert!(!asked.conditional());
    assert_eq!(std::fs::read(&body).unwrap(), good);
    assert_eq!(report.library.issues.len(), COUNT);
}

fn archived_issue(title: &str, archive: &[&str]) -> String {
    let mut text = format!(
        "# {title}\n\n## 业界新闻\n\n- [news of {title} | 知乎](https://example.com/{title})\n  summary\n\n## 往期回顾\n\n"
    );
    for link in archive {
        text.push_str(&format!("- [{link}]({link})\n"));
    }
    text
}

#[test]
fn issues_named_only_in_archive_sections_are_fetched_too() {
    let blob = "https://github.com/ysh329/awesome-embedded-ai/blob/master/r/c.md";
    let files = [
        (
            "README.md",
            "- [a](r/a.md)\n- [index again](README.md)\n".to_string(),
        ),
        ("r/a.md", archived_issue("a", &["./b.md", blob])),
        ("r/b.md", archived_issue("b", &["a.md"])),
        (
            "r/c.md",
            archived_issue("c", &["d.md", "https://example.com/elsewhere.md"]),
        ),
        ("r/d.md", archived_issue("d", &[])),
    ];
    let server = Server::start(
        files
            .into_iter()
            .map(|(path, text)| (path.to_string(), text.into_bytes()))
            .collect(),
    );
    server.set_fault(&Server::listing_path(FOLDER), Fault::Status(404));
    let root = tempfile::tempdir().unwrap();
    let report = fetch(&server, &options(&server, root.path()));
    let ids: BTreeSet<&str> = report
        .library
        .issues
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from(["a", "b", "c", "d"]),
        "{:?}",
        report.issues
    );
    assert!(report.notes.iter().any(|n| n.contains("could not list r")));
}

#[test]
fn malicious_index_links_stay_inside_the_cache_folder() {
    let server = Server::start(repository(1));
    let index = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fetch/malicious-index.md"
    ))
    .unwrap();
    server.set_file("README.md", index);
    for path in [
        "/x.md",
        "/etc/passwd.md",
        "/y.md",
        "/ysh329/awesome-embedded-ai/z.md",
    ] {
        server.set_route(path, b"# evil\n".to_vec());
    }
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("cache");
    let options = options(&server, &root);
    let report = fetch(&server, &options);
    assert_eq!(report.index, IndexStatus::Fetched);
    let dir = cache_dir(&server, &options);
    let files = snapshot(outer.path());
    assert!(!files.is_empty());
    for path in files.keys() {
        assert!(
            path.starts_with(&dir),
            "{} escaped {}",
            path.display(),
            dir.display()
        );
        let name = path.file_name().unwrap().to_string_lossy();
        let hashed = name.len() == 37 && name[..32].chars().all(|c| c.is_ascii_hexdigit());
        assert!(
            hashed || name == "manifest.json",
            "unexpected cache file {name}"
        );
    }
    let asked: BTreeSet<String> = server.log().into_iter().map(|r| r.path).collect();
    assert!(
        asked
            .iter()
            .all(|p| !p.contains("passwd") || p.ends_with(".md"))
    );
    assert!(server.log().iter().all(|r| r.path != "/evil.md"));
}

#[test]
fn cancelling_returns_promptly_and_keeps_what_arrived() {
    let server = Server::start(repository(20));
    server.set_latency(Duration::from_millis(300));
    let root = tempfile::tempdir().unwrap();
    let mut options = options(&server, root.path());
    options.jobs = 2;
    let cancel = Cancel::new();
    let setter = cancel.clone();
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(900));
        setter.cancel();
    });
    let started = Instant::now();
    let report = remote::fetch(&source(&server), &options, &mut |_, _| {}, &cancel);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        report.notes.iter().any(|n| n.starts_with("cancelled")),
        "{:?}",
        report.notes
    );
    let arrived = report.count(|s| *s == Status::New);
    assert!(arrived < 20);
    // What arrived is cached. Requests already in flight when the cancel came (one per
    // worker at most) may still land in the cache afterwards, each written whole.
    let cached = remote::load_cached(&source(&server), &options)
        .library
        .issues
        .len();
    assert!(
        (arrived..=arrived + options.jobs).contains(&cached),
        "{cached} cached, {arrived} reported"
    );
}

#[test]
fn progress_counts_up_to_every_issue() {
    let server = Server::start(repository(4));
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let mut seen = Vec::new();
    remote::fetch(
        &source(&server),
        &options,
        &mut |d, t| seen.push((d, t)),
        &Cancel::new(),
    );
    assert_eq!(seen.last(), Some(&(4, 4)));
}

#[test]
fn the_corpus_served_as_remote_gives_the_local_library() {
    let Some(corpus) = corpus() else {
        return;
    };
    let server = Server::from_dir(&corpus);
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let report = fetch(&server, &options);
    let missing: BTreeSet<&str> = report
        .issues
        .iter()
        .filter(|i| i.status == Status::Missing)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(missing, BTreeSet::from(["2019-09-16", "2019-11-30"]));
    assert_eq!(report.count(|s| *s == Status::New), 40);
    assert_eq!(report.count(|s| matches!(s, Status::Failed(_))), 0);
    let local = brief::library::local::load(&[corpus.join("embedded-ai-report")]).unwrap();
    let cached = remote::load_cached(&source(&server), &options);
    assert_eq!(cached.library.issues.len(), local.library.issues.len());
    assert!(cached.library.entry_count() > 0);
    assert_eq!(cached.library.entry_count(), local.library.entry_count());
    for (remote_issue, local_issue) in cached.library.issues.iter().zip(&local.library.issues) {
        assert_eq!(remote_issue.id, local_issue.id);
        assert_eq!(remote_issue.title, local_issue.title);
        assert_eq!(
            remote_issue.sections, local_issue.sections,
            "{}",
            local_issue.id
        );
        assert_eq!(
            remote_issue.archive, local_issue.archive,
            "{}",
            local_issue.id
        );
    }
}

#[test]
fn a_listed_file_that_is_not_an_issue_is_a_page() {
    let mut files = repository(COUNT);
    let policy = "# Privacy Policy\n\nNothing real.\n\n- [Contact the made-up team](https://contact.example/)\n";
    files.insert(format!("{FOLDER}/privacy-policy.md"), policy.into());
    let server = Server::start(files);
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let report = fetch(&server, &options);
    assert_eq!(report.library.issues.len(), COUNT, "{:?}", report.issues);
    let pages: Vec<&str> = report.library.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pages, ["privacy-policy"]);
    assert!(
        report
            .library
            .find("latest")
            .is_some_and(|i| i.id != "privacy-policy")
    );
    let cached = remote::load_cached(&source(&server), &options);
    assert_eq!(cached.library.pages, report.library.pages);
    assert_eq!(cached.library.issues, report.library.issues);
}
