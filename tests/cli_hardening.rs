//! Issue 9, the local side: hostile file names, files that are not files, symbolic
//! links out of the tree, warnings when nothing loads, usage errors, and output that
//! is not a terminal. Each runs the real binary, with a deadline so a hang fails.
#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

mod isolate;

const ISSUE: &str = "# Weekly (2024-03-04)\n\n## News\n\n- [a long enough title to be cut in a narrow column of sixty characters or so | Blog](https://example.com/a)\n  Summary.\n";
const EVIL: &str = "evil\u{1b}]0;TITLE\u{7}\u{1b}[2J\u{1b}]52;c;aGk=\u{7}.md";

/// `brief ARGS`, stdin closed, killed (and the test failed) after 20 s.
fn brief(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let brief = Command::new(env!("CARGO_BIN_EXE_brief"));
    let mut child = isolate::isolated(brief, data.path())
        .args(args)
        .env(
            "BRIEF_CACHE_DIR",
            std::env::temp_dir().join("brief-hardening-empty"),
        )
        .env("BRIEF_DATA_DIR", data.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run brief");
    let started = Instant::now();
    while child.try_wait().expect("waiting").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("brief {args:?} did not finish within 20 s");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ids(out: &Output) -> Vec<String> {
    let list: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON on stdout; stderr: {}", stderr(out)));
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn assert_no_controls(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control characters reached stderr: {text:?}"
    );
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn hostile_file_names_reach_stderr_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(format!("dir{}", &EVIL[4..EVIL.len() - 3]));
    std::fs::create_dir(&root).unwrap();
    // Read with a warning (not UTF-8), a walk error (a dangling link), and a folder
    // with nothing in it.
    std::fs::write(root.join(EVIL), [ISSUE.as_bytes(), b"\xff"].concat()).unwrap();
    symlink("/nonexistent/x", root.join(format!("dangling-{EVIL}"))).unwrap();
    let out = brief(&["list", arg(&root)]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_no_controls(&err);
    assert!(err.contains("evil\\u{1b}]0;TITLE\\u{7}\\u{1b}[2J"), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("dangling-evil\\u{1b}"), "{err}");
    assert_no_controls(&stdout(&out));

    let empty = dir
        .path()
        .join(format!("empty{}", &EVIL[4..EVIL.len() - 3]));
    std::fs::create_dir(&empty).unwrap();
    let out = brief(&["list", arg(&empty)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls(&err);
    assert!(
        err.contains("no newsletter issues found in") && err.contains("empty\\u{1b}]0;"),
        "{err}"
    );
}

#[test]
fn a_device_named_on_the_command_line_is_read_only_to_the_cap() {
    let out = brief(&["list", "/dev/zero"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/dev/zero: skipped: larger than the 8 MiB limit"),
        "{err}"
    );
}

#[test]
fn a_fifo_found_in_a_folder_is_skipped_beside_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2024-03-04.md"), ISSUE).unwrap();
    mkfifo(&dir.path().join("x.md"));
    let out = brief(&["list", "--json", arg(dir.path())]);
    assert_eq!(ids(&out), ["2024-03-04"]);
    let err = stderr(&out);
    assert!(
        err.contains("x.md: skipped: a FIFO, not a regular file"),
        "{err}"
    );
}

#[test]
fn a_fifo_named_on_the_command_line_is_read_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("2024-03-04.md");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        thread::spawn(move || {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let _ = pipe.write_all(ISSUE.as_bytes());
        })
    };
    let out = brief(&["list", "--json", arg(&fifo)]);
    writer.join().unwrap();
    assert_eq!(ids(&out), ["2024-03-04"], "{}", stderr(&out));

    // 100 MB through the pipe: the cap is read, and the cut is said.
    let writer = {
        let fifo = fifo.clone();
        thread::spawn(move || {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            let chunk = ISSUE.repeat(1000);
            let mut sent = 0;
            while sent < 100_000_000 {
                if pipe.write_all(chunk.as_bytes()).is_err() {
                    break;
                }
                sent += chunk.len();
            }
        })
    };
    let out = brief(&["list", arg(&fifo)]);
    writer.join().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("skipped: larger than the 8 MiB limit"),
        "{err}"
    );
}

#[test]
fn symbolic_links_out_of_the_folder_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("2001-01-01.md"), ISSUE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2024-03-04.md"), ISSUE).unwrap();
    symlink("/", dir.path().join("root")).unwrap();
    symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink(dir.path(), dir.path().join("sub/up")).unwrap();
    let out = brief(&["list", "--json", arg(dir.path())]);
    assert_eq!(ids(&out), ["2024-03-04"], "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("root: a link out of"), "{err}");
    assert!(err.contains("elsewhere: a link out of"), "{err}");
}

#[test]
fn when_nothing_loads_the_warnings_that_explain_why_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    let mut text = ISSUE.to_string();
    while text.len() <= 8 * 1024 * 1024 {
        text.push_str(&"- [padding](https://example.com/p)\n".repeat(10_000));
    }
    std::fs::write(&big, text).unwrap();
    let out = brief(&["list", arg(&big)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("brief: warning: "), "{err}");
    assert!(
        lines[0].contains("big.md: skipped: larger than the 8 MiB limit"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("brief: no newsletter issues found in"),
        "{err}"
    );

    let missing = dir.path().join("gone.md");
    let err = stderr(&brief(&["list", arg(&missing)]));
    assert!(err.contains("gone.md: no such file or directory"), "{err}");
    assert!(err.contains("no newsletter issues found"), "{err}");
}

/// A usage error: exit 2 and one line starting `brief: `.
fn assert_usage_error(args: &[&str], says: &str) {
    let out = brief(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("brief: "), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    assert_usage_error(&["list", "--no-such-flag"], "--no-such-flag");
    assert_usage_error(&["show"], "ISSUE");
    assert_usage_error(&["frobnicate"], "frobnicate");
    assert_usage_error(&["search", "--limit", "0", "x"], "--limit");
    assert_usage_error(&["fetch", "--jobs", "0"], "--jobs");
    assert_usage_error(&["search", "in:this tvm"], "in:this");
    assert_usage_error(
        &["list", "--source", "\u{1b}]0;x\u{7}", "--bogus"],
        "--bogus",
    );
    let out = brief(&["list", "--bogus\u{1b}[2J"]);
    assert_no_controls(&stderr(&out));
}

#[test]
fn help_and_version_still_print_to_stdout() {
    let out = brief(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Usage:"), "{}", stdout(&out));
    let out = brief(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("brief "), "{}", stdout(&out));
}

#[test]
fn global_flags_go_before_or_after_the_command() {
    let before = brief(&["--offline", "list", "--json"]);
    let after = brief(&["list", "--offline", "--json"]);
    assert!(before.status.success(), "{}", stderr(&before));
    assert_eq!(ids(&before), ids(&after));
    assert_eq!(ids(&before).len(), 3, "the embedded sample");
}

#[test]
fn show_latest_is_any_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2024-03-04.md"), ISSUE).unwrap();
    let out = brief(&["show", "LATEST", "--json", arg(dir.path())]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn piped_output_keeps_whole_titles() {
    let dir = tempfile::tempdir().unwrap();
    let long_title = "a long enough title to be cut in a narrow column of sixty characters or so";
    let issue = ISSUE.replace("Weekly", long_title);
    std::fs::write(dir.path().join("2024-03-04.md"), issue).unwrap();
    let list = stdout(&brief(&["list", arg(dir.path())]));
    let search = stdout(&brief(&["search", "title", arg(dir.path())]));
    for text in [list, search] {
        assert!(!text.contains('…'), "{text}");
        assert!(text.contains(long_title), "{text}");
    }
}
