//! Issue 9, the remote side, against a loopback server: a 200 with the wrong body,
//! the manifest lost or corrupt, Retry-After, a hanging index, limits that say what
//! they cut, known-missing issues reported once, root-relative index links.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use brief::library::cancel::Cancel;
use brief::library::refresh::RefreshOutcome;
use brief::library::remote::{self, FetchOptions, IndexStatus, Status};
use common::server::{Fault, Server};
use common::*;

const COUNT: usize = 5;
const HTML: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1></body></html>\n";

/// A server with `COUNT` issues and a cache holding one complete fetch of them.
fn primed() -> (Server, tempfile::TempDir, FetchOptions) {
    let server = Server::start(repository(COUNT));
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let report = fetch(&server, &options);
    assert_eq!(report.count(|s| *s == Status::New), COUNT);
    server.clear_log();
    (server, root, options)
}

fn cache_dir(server: &Server, options: &FetchOptions) -> std::path::PathBuf {
    options.cache(&source(server)).dir().to_path_buf()
}

/// The cached bytes of issue `n`, as the cache hands them out (checksum checked).
fn cached(server: &Server, options: &FetchOptions, n: usize) -> Option<Vec<u8>> {
    let url = url::Url::parse(&server.raw_url(&issue_path(n))).unwrap();
    let entry = options.cache(&source(server)).read(&url).valid()?;
    Some(entry.bytes)
}

fn failure(status: &Status) -> &str {
    match status {
        Status::Failed(reason) => reason,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn entries_of(report: &remote::FetchReport, n: usize) -> usize {
    report
        .library
        .find(&issue_id(n))
        .map(|issue| issue.entry_count())
        .unwrap_or_default()
}

#[test]
fn an_html_page_answered_200_keeps_the_cached_issue_and_its_validators() {
    let (server, _root, options) = primed();
    let before = cached(&server, &options, 1);
    let entries = entries_of(&fetch(&server, &options), 1);
    assert!(entries > 0);
    server.set_file(&issue_path(1), HTML);
    let report = fetch(&server, &options);
    let reason = failure(status_of(&report, &issue_id(1)));
    assert!(reason.contains("an HTML page, not Markdown"), "{reason}");
    assert!(reason.contains("kept the cached copy"), "{reason}");
    assert!(
        cached(&server, &options, 1) == before,
        "the error page reached the cache"
    );
    assert_eq!(entries_of(&report, 1), entries);
    assert!(report.problems().iter().any(|p| p.contains("HTML page")));

    // The page goes away: the validators kept are the good copy's, so a 304 answers.
    server.set_file(&issue_path(1), issue_text(1));
    server.clear_log();
    let report = fetch(&server, &options);
    assert_eq!(status_of(&report, &issue_id(1)), &Status::Unchanged);
    let path = Server::raw_path(&issue_path(1));
    let asked: Vec<u16> = server
        .log()
        .iter()
        .filter(|r| r.path == path)
        .map(|r| r.status)
        .collect();
    assert_eq!(asked, [304]);
}

#[test]
fn an_issue_that_lost_every_entry_is_refused() {
    let (server, _root, options) = primed();
    let before = cached(&server, &options, 2);
    server.set_file(&issue_path(2), "# Coming soon\n\nNothing here yet.\n");
    let report = fetch(&server, &options);
    let reason = failure(status_of(&report, &issue_id(2)));
    assert!(reason.contains("no entries"), "{reason}");
    assert!(cached(&server, &options, 2) == before, "replaced");
}

#[test]
fn an_issue_that_lost_most_entries_is_kept_beside_the_cached_one() {
    let (server, _root, options) = primed();
    let dir = cache_dir(&server, &options);
    let before = cached(&server, &options, 3);
    let shrunk = "# Issue\n\n## News\n\n- [the one entry left | Blog](https://example.com/left)\n";
    server.set_file(&issue_path(3), shrunk);
    let report = fetch(&server, &options);
    let reason = failure(status_of(&report, &issue_id(3)));
    assert!(reason.contains("the new version has 1 of the"), "{reason}");
    assert!(reason.contains("the new one is saved as"), "{reason}");
    assert!(cached(&server, &options, 3) == before, "replaced");
    let aside: Vec<Vec<u8>> = snapshot(&dir)
        .into_iter()
        .filter(|(path, _)| path.to_string_lossy().ends_with(".new.md"))
        .map(|(_, bytes)| bytes)
        .collect();
    assert!(
        aside == [shrunk.as_bytes()],
        "{} files set aside",
        aside.len()
    );
}

#[test]
fn a_first_fetch_never_caches_an_error_page_or_binary_data() {
    let mut files = repository(3);
    files.insert(issue_path(0), HTML.as_bytes().to_vec());
    files.insert(issue_path(1), b"PK\x03\x04\x00\x00binary".to_vec());
    let server = Server::start(files);
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let report = fetch(&server, &options);
    assert!(failure(status_of(&report, &issue_id(0))).contains("HTML page"));
    assert!(failure(status_of(&report, &issue_id(1))).contains("binary data"));
    assert_eq!(report.library.issues.len(), 1);
    assert!(cached(&server, &options, 0).is_none());
    assert!(cached(&server, &options, 1).is_none());
    assert!(cached(&server, &options, 2).is_some());
}

#[test]
fn a_missing_or_corrupt_manifest_is_rebuilt_from_the_cached_files() {
    let (server, root, options) = primed();
    let manifest = cache_dir(&server, &options).join("manifest.json");
    for (damage, said) in [
        (None, "was missing"),
        (Some("{\"name\": 1"), "was unreadable"),
    ] {
        match damage {
            None => std::fs::remove_file(&manifest).unwrap(),
            Some(text) => std::fs::write(&manifest, text).unwrap(),
        }
        let cached = remote::load_cached(&source(&server), &options);
        assert_eq!(cached.library.issues.len(), COUNT, "{:?}", cached.warnings);
        assert!(
            cached
                .warnings
                .iter()
                .any(|w| w.contains(said) && w.contains("rebuilt")),
            "{:?}",
            cached.warnings
        );
        let again = remote::load_cached(&source(&server), &options);
        assert!(again.warnings.is_empty(), "saved once rebuilt");
    }
    std::fs::remove_file(&manifest).unwrap();
    let index = server.index_url();
    let out = brief_command(&server, root.path())
        .args(["--offline", "list", "--json", "--source", &index])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), COUNT);
    assert!(
        stderr.contains("rebuilt it from the 5 cached issue files"),
        "{stderr}"
    );
}

#[test]
fn retry_after_is_honoured_up_to_a_limit() {
    let server = Server::start(repository(3));
    let root = tempfile::tempdir().unwrap();
    let mut options = options(&server, root.path());
    options.http.max_retry_after = Duration::from_secs(5);
    let polite = Server::raw_path(&issue_path(0));
    let greedy = Server::raw_path(&issue_path(1));
    server.set_fault(&polite, Fault::RetryAfterOnce(429, 1));
    server.set_fault(&greedy, Fault::RetryAfterOnce(503, 3600));
    let report = fetch(&server, &options);
    assert_eq!(status_of(&report, &issue_id(0)), &Status::New);
    let asked: Vec<_> = server
        .log()
        .into_iter()
        .filter(|r| r.path == polite)
        .collect();
    assert_eq!(asked.len(), 2);
    assert!(asked[1].at - asked[0].at >= Duration::from_millis(900));
    let reason = failure(status_of(&report, &issue_id(1)));
    assert!(reason.contains("asks to wait 3600s"), "{reason}");
    assert_eq!(
        server.arrivals(&greedy),
        1,
        "no retry against the server's wish"
    );
}

#[test]
fn a_hanging_index_is_cancelled_at_once() {
    let server = Server::start(repository(3));
    server.set_fault(
        &Server::raw_path("README.md"),
        Fault::Slow(Duration::from_secs(20)),
    );
    let root = tempfile::tempdir().unwrap();
    let mut options = options(&server, root.path());
    options.http.request_timeout = Duration::from_secs(30);
    let cancel = Cancel::new();
    let setter = cancel.clone();
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(200));
        setter.cancel();
    });
    let started = Instant::now();
    let report = remote::fetch(&source(&server), &options, &mut |_, _| {}, &cancel);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(report.index, IndexStatus::Failed("cancelled".into()));
}

/// Runs `brief ARGS` against `server`, presses Ctrl-C (SIGINT) once a request for
/// `slow` is in flight, and gives what brief printed; it must end within 5 s.
fn interrupted(server: &Server, cache: &Path, args: &[&str], slow: &str) -> Output {
    server.set_fault(slow, Fault::Slow(Duration::from_secs(20)));
    let child = brief_command(server, cache)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.arrivals(slow) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no request came"
        );
        thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(kill.success());
    let pressed = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(pressed.elapsed() < Duration::from_secs(5));
    out
}

#[test]
fn ctrl_c_stops_a_first_fetch_with_a_clear_message() {
    let server = Server::start(repository(3));
    let root = tempfile::tempdir().unwrap();
    let index = server.index_url();
    let slow = Server::raw_path("README.md");
    let out = interrupted(&server, root.path(), &["list", "--source", &index], &slow);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "brief: cancelled (Ctrl-C); the files fetched so far are cached"
    );
}

#[test]
fn ctrl_c_stops_brief_fetch_which_keeps_what_arrived() {
    let server = Server::start(repository(4));
    let root = tempfile::tempdir().unwrap();
    let index = server.index_url();
    let slow = Server::raw_path(&issue_path(2));
    let args = ["fetch", "--source", &index, "--jobs", "1"];
    let out = interrupted(&server, root.path(), &args, &slow);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("note: cancelled"), "{stdout}");
    let options = options(&server, root.path());
    let cached = remote::load_cached(&source(&server), &options);
    assert_eq!(cached.library.issues.len(), 2, "{:?}", cached.warnings);
    assert!(cached.warnings.is_empty(), "the manifest was saved");
}

#[test]
fn limits_that_cut_say_what_and_how_much() {
    let server = Server::start(repository(6));
    let root = tempfile::tempdir().unwrap();
    let mut limited = options(&server, root.path());
    limited.max_issues = 4;
    let report = fetch(&server, &limited);
    assert_eq!(report.issues.len(), 4);
    let note = "the source names 6 issue files, more than the limit of 4: 2 were not fetched";
    assert!(report.notes.iter().any(|n| n == note), "{:?}", report.notes);
    assert!(report.problems().iter().any(|p| p == note));

    let mut files = BTreeMap::new();
    let mut index = String::new();
    for folder in 0..5 {
        let path = format!("f{folder}/{}.md", issue_id(folder));
        index.push_str(&format!("- [{folder}](./{path})\n"));
        files.insert(path, issue_text(folder).into_bytes());
    }
    files.insert("README.md".into(), index.into_bytes());
    let server = Server::start(files);
    let root = tempfile::tempdir().unwrap();
    let report = fetch(&server, &options(&server, root.path()));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("sit in 5 folders; only the first 3 were listed")),
        "{:?}",
        report.notes
    );

    let server = Server::start(repository(2));
    server.set_fault(&Server::raw_path(&issue_path(0)), Fault::Endless);
    let root = tempfile::tempdir().unwrap();
    let report = fetch(&server, &options(&server, root.path()));
    let reason = failure(status_of(&report, &issue_id(0)));
    assert_eq!(reason, "larger than the 5 MiB limit");
}

#[test]
fn a_link_to_an_issue_that_never_existed_is_reported_once() {
    let mut files = repository(3);
    let ghost = format!("{FOLDER}/2019-09-16.md");
    let readme = String::from_utf8(files["README.md"].clone()).unwrap();
    files.insert(
        "README.md".into(),
        format!("{readme}| [2019-09-16](./{ghost}) |\n").into_bytes(),
    );
    let server = Server::start(files);
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let said = |outcome: &RefreshOutcome| {
        outcome
            .problems
            .iter()
            .any(|p| p.contains("2019-09-16: missing"))
    };
    let first = fetch(&server, &options);
    assert_eq!(status_of(&first, "2019-09-16"), &Status::Missing);
    assert!(said(&first.into()));
    let second = fetch(&server, &options);
    assert_eq!(status_of(&second, "2019-09-16"), &Status::Missing);
    assert_eq!(second.count(|s| *s == Status::Missing), 1);
    assert_eq!(second.repeated_problems().len(), 1);
    assert!(!said(&second.into()), "reported again");

    server.set_file(&ghost, issue_text(9));
    let third = fetch(&server, &options);
    assert_eq!(status_of(&third, "2019-09-16"), &Status::New);
    server.set_fault(&Server::raw_path(&ghost), Fault::Status(404));
    let fourth = fetch(&server, &options);
    assert!(said(&fourth.into()), "missing again after it existed: news");
}

#[test]
fn root_relative_index_links_start_at_the_repository() {
    let mut files = repository(3);
    let mut index = String::new();
    for n in 0..3 {
        index.push_str(&format!("- [{n}](/{})\n", issue_path(n)));
    }
    files.insert("README.md".into(), index.into_bytes());
    let server = Server::start(files);
    let root = tempfile::tempdir().unwrap();
    let report = fetch(&server, &options(&server, root.path()));
    assert_eq!(
        report.count(|s| *s == Status::New),
        3,
        "{:?}",
        report.issues
    );
}

/// On a terminal, a first fetch says what it waits for before the reader's first
/// frame, and Ctrl-C typed there stops it.
#[cfg(unix)]
#[test]
fn a_first_fetch_on_a_terminal_shows_progress_and_stops_on_ctrl_c() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};

    let server = Server::start(repository(3));
    server.set_fault(
        &Server::raw_path("README.md"),
        Fault::Slow(Duration::from_secs(20)),
    );
    let root = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
    for (name, value) in common::isolate::environment(root.path()) {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        }
    }
    command.args(["--source", &server.index_url()]);
    command.env("BRIEF_CACHE_DIR", root.path());
    command.env("XDG_STATE_HOME", root.path().join("state"));
    command.env("BRIEF_DATA_DIR", root.path().join("data"));
    command.env("TERM", "xterm-256color");
    for proxy in PROXY_VARIABLES {
        command.env_remove(proxy);
    }
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let output = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&output);
    thread::spawn(move || {
        let _master = pty.master;
        let mut chunk = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut chunk) {
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    let text = || String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    let started = Instant::now();
    while !text().contains("fetching the index") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no progress: {:?}",
            text()
        );
        thread::sleep(Duration::from_millis(20));
    }
    writer.write_all(b"\x03").unwrap();
    writer.flush().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running: {:?}",
            text()
        );
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 130, "{:?}", text());
    thread::sleep(Duration::from_millis(100));
    assert!(text().contains("brief: cancelled (Ctrl-C)"), "{:?}", text());
}
