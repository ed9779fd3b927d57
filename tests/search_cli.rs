//! `brief search` end to end: the real binary on fixture issues written to a temp dir.

use std::path::Path;
use std::process::{Command, Output};

mod isolate;

use brief::text::{display_width, take_columns};

const NEWER: &str = "# 嵌入式AI简报 (2020-06-30)

## 业界新闻

- [高通发布骁龙865，支持 TVM | 机器之心](https://example.com/snapdragon)  
摘要：支持 int8 低比特量化。

- [Arm NN 21.02 | GitHub](https://github.com/ARM-software/armnn)  
摘要：新增 TVM 后端的量化算子。

## 论文

- [模型剪枝综述 | arXiv](https://arxiv.org/abs/2003.03033)  
摘要：结构化剪枝与低比特量化。
";

const OLDER: &str = "# 嵌入式AI简报 (2019-12-15)

## 开源项目

- [ruy: matrix multiplication | GitHub](https://github.com/google/ruy)  
摘要：TFLite 的 GEMM 库，量化矩阵乘。
";

fn library_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("2020-06-30.md"), NEWER).expect("write fixture");
    std::fs::write(dir.path().join("2019-12-15.md"), OLDER).expect("write fixture");
    dir
}

fn brief(args: &[&str], dir: &Path) -> Output {
    let home = tempfile::tempdir().unwrap();
    isolate::isolated(Command::new(env!("CARGO_BIN_EXE_brief")), home.path())
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("BRIEF_CACHE_DIR", dir.join(".cache"))
        .output()
        .expect("brief runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn lines_are_aligned_in_display_columns_best_first() {
    let dir = library_dir();
    let output = brief(&["search", "量化"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let url_columns: Vec<usize> = lines
        .iter()
        .map(|line| display_width(&line[..line.find("https://").expect("a URL")]))
        .collect();
    assert!(url_columns.windows(2).all(|w| w[0] == w[1]), "{text}");
    // Titles start after the date (10 columns) and the widest section (8), each + 2.
    for line in &lines {
        let (head, _) = take_columns(line, 22);
        assert!(
            head.ends_with("  ") && !line[head.len()..].starts_with(' '),
            "{line}"
        );
    }
    // Every entry matches in its summary; newer issues first, reading order within.
    assert!(
        lines[0].starts_with("2020-06-30  业界新闻  高通发布骁龙865"),
        "{text}"
    );
    assert!(lines[2].starts_with("2020-06-30  论文"), "{text}");
    assert!(lines[3].starts_with("2019-12-15  开源项目  ruy"), "{text}");
    assert!(
        lines[3].ends_with("https://github.com/google/ruy"),
        "{text}"
    );
}

#[test]
fn title_matches_rank_first() {
    let dir = library_dir();
    let text = stdout(&brief(&["search", "tvm"], dir.path()));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("高通发布骁龙865"), "{text}");
    assert!(lines[1].contains("Arm NN"), "{text}");
}

#[test]
fn json_has_the_documented_schema() {
    let dir = library_dir();
    let output = brief(&["search", "--json", "ＴＶＭ 量化"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let results = json.as_array().expect("an array");
    assert_eq!(results.len(), 2);
    let keys = [
        "from", "issue", "date", "section", "path", "title", "source", "url", "snippet", "score",
    ];
    for result in results {
        let object = result.as_object().expect("objects");
        let mut found: Vec<&str> = object.keys().map(String::as_str).collect();
        found.sort();
        let mut expected = keys.to_vec();
        expected.sort();
        assert_eq!(found, expected);
    }
    let first = &results[0];
    assert_eq!(first["issue"], "2020-06-30");
    assert_eq!(first["date"], "2020-06-30");
    assert_eq!(first["section"], "业界新闻");
    assert_eq!(first["path"], serde_json::json!(["业界新闻"]));
    assert_eq!(first["title"], "高通发布骁龙865，支持 TVM");
    assert_eq!(first["source"], "机器之心", "the entry's publisher");
    let folder = first["from"].as_str().unwrap();
    assert!(
        folder.starts_with("tmp"),
        "the newsletter (its folder here): {folder}"
    );
    assert_eq!(first["url"], "https://example.com/snapdragon");
    assert!(first["snippet"].as_str().unwrap().contains("量化"));
    assert_eq!(first["score"], 101);
    assert_eq!(results[1]["score"], 2);
}

#[test]
fn limit_keeps_the_best_results() {
    let dir = library_dir();
    let text = stdout(&brief(&["search", "--limit", "1", "量化"], dir.path()));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("高通发布骁龙865"));
    let json = brief(&["search", "--json", "--limit", "2", "量化"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_query_may_start_with_an_exclusion() {
    let dir = library_dir();
    let text = stdout(&brief(&["search", "-tvm 量化"], dir.path()));
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.contains("骁龙") && !text.contains("Arm NN"), "{text}");
}

#[test]
fn exit_status_is_like_grep() {
    let dir = library_dir();
    let nothing = brief(&["search", "没有这个词"], dir.path());
    assert_eq!(nothing.status.code(), Some(1));
    assert!(nothing.stdout.is_empty());
    let json = brief(&["search", "--json", "没有这个词"], dir.path());
    assert_eq!((json.status.code(), stdout(&json).trim()), (Some(1), "[]"));
    let missing = brief(&["search", "量化"], &dir.path().join("missing"));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("missing"));
    let empty_query = brief(&["search", "  "], dir.path());
    assert_eq!(empty_query.status.code(), Some(2));
    let usage = brief(&["search", "--limit", "many", "量化"], dir.path());
    assert_eq!(usage.status.code(), Some(2));
}
