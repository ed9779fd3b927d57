//! The `brief` binary as scripts use it: list, show, JSON, exit codes, loading rules.

use std::path::{Path, PathBuf};
use std::process::Output;

mod isolate;

use brief::text::display_width;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library")
}

fn brief(args: &[&str]) -> Output {
    isolate::brief_output(args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn list_reads_directories_recursively_skipping_index_hidden_and_other_files() {
    let out = brief(&["list", "--json", fixtures().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["more/2024-02-05", "2024-01-22", "2024-01-08"],
        "newest first; ids are paths from the folder given"
    );
}

#[test]
fn list_json_has_the_documented_schema() {
    let out = brief(&["list", "--json", fixtures().to_str().unwrap()]);
    let list = json(&out);
    let first = &list[2];
    assert_eq!(
        keys(first),
        [
            "date", "entries", "id", "new", "number", "origin", "sections", "source", "title",
            "unread"
        ]
    );
    let sources: Vec<&str> = (0..3)
        .map(|i| list[i]["source"].as_str().unwrap())
        .collect();
    assert!(sources[0].starts_with("library-"), "{sources:?}");
    assert!(
        sources.iter().all(|s| *s == sources[0]),
        "the folder given and its subfolders are one source: {sources:?}"
    );
    assert_eq!(first["title"], "边缘计算周报 (2024-01-08) 第 3 期");
    assert_eq!(first["date"], "2024-01-08");
    assert_eq!(first["number"], 3);
    assert_eq!(first["sections"], 2);
    assert_eq!(first["entries"], 3);
    assert!(list[1]["number"].is_null(), "absent number is null");
}

#[test]
fn list_columns_align_in_display_columns_with_cjk_titles() {
    let out = brief(&["list", fixtures().to_str().unwrap()]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let column_of = |line: &str, needle: &str| display_width(&line[..line.find(needle).unwrap()]);
    let sections: Vec<usize> = lines.iter().map(|l| column_of(l, " section")).collect();
    assert!(sections.windows(2).all(|w| w[0] == w[1]), "{text}");
    // one folder given, one source: no source column, ids tell subfolders apart
    assert!(lines[0].starts_with("2024-02-05  边缘"), "{text}");
    assert!(lines[0].ends_with("[more/2024-02-05]"), "{text}");
    assert!(lines[2].starts_with("2024-01-08  边缘"), "{text}");
    let titles = [
        column_of(lines[0], "边缘"),
        column_of(lines[1], "Edge"),
        column_of(lines[2], "边缘"),
    ];
    assert!(titles.windows(2).all(|w| w[0] == w[1]), "{text}");
}

#[test]
fn show_json_has_the_documented_schema_with_nulls() {
    let out = brief(&["show", "2024-01-08", "--json", fixtures().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let issue = json(&out);
    assert_eq!(
        keys(&issue),
        [
            "archive",
            "date",
            "id",
            "intro",
            "intro_links",
            "number",
            "origin",
            "sections",
            "title"
        ]
    );
    let section = &issue["sections"][0];
    assert_eq!(
        keys(section),
        ["body", "entries", "link", "links", "path", "title"]
    );
    assert_eq!(section["title"], "业界新闻");
    assert_eq!(section["path"], serde_json::json!(["业界新闻"]));
    assert!(section["link"].is_null(), "a heading without a link");
    let entry = &section["entries"][0];
    assert_eq!(
        keys(entry),
        [
            "links", "number", "source", "summary", "tags", "title", "url"
        ]
    );
    assert!(entry["number"].is_null(), "a bullet has no number");
    assert_eq!(entry["title"], "国产 NPU 发布新一代编译器");
    assert_eq!(entry["source"], "示例来源");
    assert_eq!(entry["url"], "https://example.com/npu-compiler");
    assert_eq!(keys(&entry["links"][0]), ["text", "url"]);
    let project = &issue["sections"][1]["entries"][0];
    assert!(project["source"].is_null(), "absent source is null");
}

#[test]
fn show_latest_is_the_newest_issue_as_readable_text() {
    let out = brief(&["show", "latest", fixtures().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("边缘计算周报 (2024-02-05)\n"), "{text}");
    assert!(text.contains("## 论文"), "{text}");
    assert!(
        text.contains("[1] https://arxiv.org/abs/2401.00001")
            || text.contains("https://arxiv.org/abs/2401.00001"),
        "{text}"
    );
}

#[test]
fn show_wraps_summaries_within_the_width() {
    let out = brief(&["show", "2024-01-22", fixtures().to_str().unwrap()]);
    for line in stdout(&out).lines() {
        assert!(display_width(line) <= 80, "too wide: {line:?}");
    }
}

#[test]
fn unknown_issue_fails_with_one_clear_line() {
    let out = brief(&["show", "1999-01-01", fixtures().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("brief: no issue \"1999-01-01\""), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(brief(&["list", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(brief(&["show"]).status.code(), Some(2));
}

#[test]
fn an_empty_library_is_a_clear_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief(&["list", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no newsletter issues found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn non_utf8_and_missing_files_warn_by_name_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let entry = "\n## News\n\n- [an entry](https://example.com/)\n";
    let bad = [
        b"# Bad \xff\xfe bytes (2024-05-01)\n".as_slice(),
        entry.as_bytes(),
    ]
    .concat();
    std::fs::write(dir.path().join("2024-05-01.md"), bad).unwrap();
    let good = format!("# Good (2024-05-02)\n{entry}");
    std::fs::write(dir.path().join("2024-05-02.md"), good).unwrap();
    let missing = dir.path().join("gone.md");
    let out = brief(&[
        "list",
        "--json",
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("2024-05-01.md: not valid UTF-8"), "{err}");
    assert!(err.contains("gone.md: no such file"), "{err}");
    let list = json(&out);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["title"], "Bad \u{fffd}\u{fffd} bytes (2024-05-01)");
}

#[test]
fn no_path_reads_the_embedded_sample() {
    let out = brief(&["list", "--json", "--offline"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list = json(&out);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|i| i["entries"].as_u64().unwrap() > 0)
    );
}

#[test]
fn markdown_without_entry_links_is_skipped_in_directories_but_read_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("NOTES.md");
    std::fs::write(&notes, "# Notes\n\n- a list item without a link\n").unwrap();
    std::fs::write(
        dir.path().join("2024-06-01.md"),
        "# Issue\n\n## A\n\n- [x](https://example.com/x)\n",
    )
    .unwrap();
    let walked = json(&brief(&["list", "--json", dir.path().to_str().unwrap()]));
    assert_eq!(walked.as_array().unwrap().len(), 1);
    let named = json(&brief(&["list", "--json", notes.to_str().unwrap()]));
    assert_eq!(named[0]["id"], "NOTES");
}

#[test]
fn show_accepts_a_date_when_the_id_is_not_one() {
    let out = brief(&["show", "2024-01-08", fixtures().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let text = "# Weekly (2024-07-01)\n\n## A\n\n- [x](https://example.com/x)\n";
    std::fs::write(dir.path().join("weekly-12.md"), text).unwrap();
    let out = brief(&["show", "2024-07-01", "--json", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["id"], "weekly-12");
}

#[test]
fn list_counts_in_the_singular_keep_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let one = "# One (2024-03-04)\n\n## News\n\n- [a | b](https://example.com/a)\n  Text.\n";
    let two = "# Two (2024-03-11)\n\n## News\n\n- [a | b](https://example.com/a)\n  Text.\n\n\
               - [c | d](https://example.com/c)\n  Text.\n\n## Papers\n\n\
               - [e | f](https://example.com/e)\n  Text.\n";
    std::fs::write(dir.path().join("2024-03-04.md"), one).unwrap();
    std::fs::write(dir.path().join("2024-03-11.md"), two).unwrap();
    let out = brief(&["list", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("2 sections    3 entries"), "{text}");
    assert!(lines[1].contains("1 section     1 entry  "), "{text}");
    let column_of = |line: &str, needle: &str| display_width(&line[..line.find(needle).unwrap()]);
    assert_eq!(
        column_of(lines[0], "2 sections"),
        column_of(lines[1], "1 section")
    );
}
