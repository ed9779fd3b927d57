//! The reading state on the command line: `brief list` counts unread entries and
//! marks new issues, `brief starred` prints stars (its Markdown read back by brief
//! gives the same entries), `brief mark-read` marks, `brief show` marks nothing; a
//! damaged or unwritable `state.db` is a warning, never a failure.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use brief::model::{Entry, EntryKey, Issue, IssueKey, SourceId};
use brief::parse::parse_issue;
use brief::store::{self, Change, Star};
use serde_json::Value;

mod isolate;

/// A folder of `issues` issues of `entries` entries each (made-up text).
fn library(dir: &Path, issues: usize, entries: usize) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    for n in 0..issues {
        let mut text = format!("# Weekly {n} (2024-01-{:02})\n\n## News\n\n", n + 1);
        for e in 0..entries {
            text.push_str(&format!(
                "- [Item {e} of issue {n} | Blog](https://example.com/{n}/{e})\n  Summary.\n"
            ));
        }
        fs::write(dir.join(format!("2024-01-{:02}.md", n + 1)), text).unwrap();
    }
    dir.to_path_buf()
}

/// `brief ARGS` with its state in `data`.
fn brief(data: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    isolate::isolated(Command::new(env!("CARGO_BIN_EXE_brief")), home.path())
        .args(args)
        .env("BRIEF_DATA_DIR", data)
        .env("BRIEF_CACHE_DIR", data.join("cache"))
        .output()
        .expect("run brief")
}

fn ok(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn list_json(data: &Path, folder: &Path) -> Vec<Value> {
    let out = brief(data, &["list", "--json", folder.to_str().unwrap()]);
    let list: Value = serde_json::from_str(&ok(&out)).unwrap();
    list.as_array().unwrap().clone()
}

/// The source id brief gives the issues of `folder`, given as a root.
fn source_of(folder: &Path) -> SourceId {
    brief::library::local::folder_id(&fs::canonicalize(folder).unwrap())
}

#[test]
fn mark_read_counts_down_in_list_and_show_marks_nothing() {
    let root = tempfile::tempdir().unwrap();
    let folder = library(&root.path().join("news"), 3, 4);
    let data = root.path().join("data");
    let list = list_json(&data, &folder);
    let unread: Vec<u64> = list.iter().map(|i| i["unread"].as_u64().unwrap()).collect();
    assert_eq!(unread, [4, 4, 4]);
    assert!(
        list.iter().all(|i| i["new"] == false),
        "a first run: nothing is new"
    );

    ok(&brief(
        &data,
        &["show", "2024-01-02", folder.to_str().unwrap()],
    ));
    let list = list_json(&data, &folder);
    assert_eq!(list[1]["unread"], 4, "show marks nothing read");

    let out = ok(&brief(
        &data,
        &["mark-read", "2024-01-02", folder.to_str().unwrap()],
    ));
    assert_eq!(out, "marked 4 entries of 2024-01-02 read\n");
    let list = list_json(&data, &folder);
    assert_eq!(list[1]["unread"], 0);
    assert_eq!(list[0]["unread"], 4);
    let table = ok(&brief(&data, &["list", folder.to_str().unwrap()]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("2024-01-02") && l.contains("all read")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("2024-01-03") && l.contains("4 unread")),
        "{table}"
    );

    let out = ok(&brief(
        &data,
        &["mark-read", "--all", folder.to_str().unwrap()],
    ));
    assert_eq!(out, "marked 8 entries in 3 issues read\n");
    let list = list_json(&data, &folder);
    assert!(list.iter().all(|i| i["unread"] == 0));
}

#[test]
fn an_issue_first_seen_after_the_last_visit_is_new() {
    let root = tempfile::tempdir().unwrap();
    let folder = library(&root.path().join("news"), 2, 1);
    let data = root.path().join("data");
    let source = source_of(&folder);
    let seen: Vec<IssueKey> = ["2024-01-01", "2024-01-02"]
        .iter()
        .map(|id| IssueKey {
            source: source.clone(),
            issue: id.to_string(),
        })
        .collect();
    let mut store = store::open(&data, &[]).store;
    store
        .apply(&[Change::Seen(seen), Change::Visited(vec![source])])
        .unwrap();
    drop(store);
    library(&root.path().join("news"), 3, 1);
    let list = list_json(&data, &folder);
    let new: Vec<(&str, bool)> = list
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["new"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        new,
        [
            ("2024-01-03", true),
            ("2024-01-02", false),
            ("2024-01-01", false)
        ]
    );
    let table = ok(&brief(&data, &["list", folder.to_str().unwrap()]));
    let first = table.lines().next().unwrap();
    assert!(
        first.starts_with("2024-01-03") && first.contains(" new"),
        "{table}"
    );
}

#[test]
fn two_processes_marking_a_thousand_entries_each_lose_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let folders = [
        library(&root.path().join("a"), 10, 100),
        library(&root.path().join("b"), 10, 100),
    ];
    // Made once, so both start from the same schema.
    drop(store::open(&data, &[]));
    // At once: both spawned, then both waited for.
    let running: Vec<_> = folders
        .iter()
        .map(|folder| {
            isolate::isolated(Command::new(env!("CARGO_BIN_EXE_brief")), &data)
                .args(["mark-read", "--all", folder.to_str().unwrap()])
                .env("BRIEF_DATA_DIR", &data)
                .env("BRIEF_CACHE_DIR", data.join("cache"))
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in running {
        assert!(child.wait().unwrap().success());
    }
    let sources: Vec<SourceId> = folders.iter().map(|f| source_of(f)).collect();
    let loaded = store::open(&data, &sources).loaded;
    assert_eq!(loaded.read.len(), 2000);
    for folder in &folders {
        assert!(list_json(&data, folder).iter().all(|i| i["unread"] == 0));
    }
}

/// A star of the entry at `n` of a made-up issue.
fn star(source: &SourceId, issue: &str, date: Option<&str>, entry: Entry) -> Change {
    let issue = Issue {
        source: source.clone(),
        id: issue.to_string(),
        date: date.map(str::to_string),
        ..Issue::default()
    };
    let key = EntryKey {
        issue: issue.key(),
        entry: format!("url:{}", entry.url().unwrap_or(entry.title())),
    };
    Change::Star(Box::new(Star::of(&issue, &entry, key)))
}

#[test]
fn starred_markdown_reads_back_as_the_same_entries() {
    let root = tempfile::tempdir().unwrap();
    let folder = library(&root.path().join("news"), 1, 1);
    let data = root.path().join("data");
    let source = source_of(&folder);
    let entries = [
        (
            Some("2024-01-01"),
            Entry::new("Plain title", Some("Blog"), "").with_url("https://a.example/1"),
        ),
        (
            Some("2024-01-01"),
            Entry::new(
                "A | B: bars [and] *marks* _x_ `c` <t> &amp; ~~s~~ !",
                Some("量子位"),
                "",
            )
            .with_url("https://a.example/2?q=1&r=(2)"),
        ),
        (
            Some("2023-12-18"),
            Entry::new("No publisher | but a bar", None, "").with_url("https://a.example/3"),
        ),
        (
            None,
            Entry::new("端侧推理 without a date", None, "").with_url("https://a.example/4"),
        ),
    ];
    let changes: Vec<Change> = entries
        .iter()
        .enumerate()
        .map(|(n, (date, entry))| star(&source, &format!("i{n}"), *date, entry.clone()))
        .collect();
    store::open(&data, &[]).store.apply(&changes).unwrap();

    let markdown = ok(&brief(
        &data,
        &["starred", "--format", "md", folder.to_str().unwrap()],
    ));
    let issue = parse_issue(&markdown, "starred", "starred.md");
    let sections: Vec<&str> = issue.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        sections,
        ["2024-01-01", "2023-12-18", "Undated"],
        "{markdown}"
    );
    let read_back: Vec<(&str, Option<&str>, Option<&str>)> = issue
        .entries()
        .map(|(_, e)| (e.title(), e.source(), e.url()))
        .collect();
    // Within a date, newest star first.
    let expected: Vec<(&str, Option<&str>, Option<&str>)> = [1, 0, 2, 3]
        .iter()
        .map(|&n| {
            let entry = &entries[n].1;
            (entry.title(), entry.source(), entry.url())
        })
        .collect();
    assert_eq!(read_back, expected, "{markdown}");

    let json: Value = serde_json::from_str(&ok(&brief(
        &data,
        &["starred", "--json", folder.to_str().unwrap()],
    )))
    .unwrap();
    let first = &json[0];
    assert_eq!(
        first["title"], "端侧推理 without a date",
        "newest star first"
    );
    assert_eq!(first["source"], source.as_str());
    assert_eq!(first["issue"], "i3");
    assert!(first["starred_at"].as_str().unwrap().ends_with('Z'));
    let text = ok(&brief(&data, &["starred", folder.to_str().unwrap()]));
    assert_eq!(text.lines().count(), 4);
    assert!(
        text.lines()
            .nth(3)
            .unwrap()
            .starts_with("2024-01-01  Plain title · Blog"),
        "{text}"
    );
    // Another folder is another newsletter: its stars are its own.
    let other = library(&root.path().join("other"), 1, 1);
    assert_eq!(ok(&brief(&data, &["starred", other.to_str().unwrap()])), "");
}

#[test]
fn a_damaged_state_db_is_moved_aside_with_a_warning() {
    let root = tempfile::tempdir().unwrap();
    let folder = library(&root.path().join("news"), 1, 2);
    let data = root.path().join("data");
    fs::create_dir_all(&data).unwrap();
    fs::write(
        data.join("state.db"),
        "not a database at all, but bytes a user would miss",
    )
    .unwrap();
    let out = brief(&data, &["list", "--json", folder.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.starts_with("brief: warning: "), "{stderr}");
    assert!(
        stderr.contains("moved it to") && stderr.contains("state.db.corrupt-"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let aside: Vec<_> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("state.db.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    let kept = fs::read_to_string(data.join(&aside[0])).unwrap();
    assert_eq!(kept, "not a database at all, but bytes a user would miss");
    let again = brief(&data, &["list", folder.to_str().unwrap()]);
    assert!(again.stderr.is_empty(), "the new one is fine");
}

#[test]
fn without_a_writable_data_directory_commands_still_run_and_say_so() {
    let root = tempfile::tempdir().unwrap();
    let folder = library(&root.path().join("news"), 1, 2);
    let blocker = root.path().join("a-file");
    fs::write(&blocker, "").unwrap();
    let data = blocker.join("brief");
    let out = brief(&data, &["list", "--json", folder.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("reading state will not be saved"),
        "{stderr}"
    );
    let out = brief(&data, &["mark-read", "--all", folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be saved"));
}
