//! `brief list`, `show` and `search` on folders of other digests (fixtures under
//! tests/fixtures/digests, made-up text): order by number or date, pages
//! beside issues, ids relative to the folder given, numbers and ambiguous ids, redirects.

mod corpus_dir;
mod isolate;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn digests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/digests")
}

fn folder(name: &str) -> String {
    digests().join(name).to_string_lossy().into_owned()
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
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

fn ids(list: &Value) -> Vec<String> {
    let items = list.as_array().expect("an array");
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn numbered_issues_are_ordered_by_number_and_pages_are_left_out() {
    let list = json(&brief(&["list", "--json", &folder("weekly")]));
    assert_eq!(
        ids(&list),
        [
            "docs/issue-407",
            "docs/issue-368",
            "docs/issue-367",
            "docs/issue-100",
            "docs/issue-99"
        ]
    );
    assert!(
        list[0].get("page").is_none(),
        "without --all, no page field"
    );
    let all = json(&brief(&["list", "--all", "--json", &folder("weekly")]));
    let pages: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["page"] == true)
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        pages,
        [
            "docs/free-music",
            "docs/subjects/reading",
            "docs/subjects/tools"
        ]
    );
    assert_eq!(all.as_array().unwrap().len(), 8);
    let table = stdout(&brief(&["list", "--all", &folder("weekly")]));
    assert!(
        table
            .lines()
            .last()
            .unwrap()
            .starts_with("page        工具专题"),
        "{table}"
    );
}

#[test]
fn latest_is_the_newest_issue_and_a_number_finds_its_issue() {
    let weekly = folder("weekly");
    let latest = stdout(&brief(&["show", "latest", &weekly]));
    assert!(
        latest.starts_with("科技爱好者周刊（第 407 期）"),
        "{latest}"
    );
    let by_number = brief(&["show", "368", &weekly]);
    assert!(by_number.status.success(), "{}", stderr(&by_number));
    assert!(stdout(&by_number).starts_with("科技爱好者周刊（第 368 期）"));
    let by_stem = stdout(&brief(&["show", "issue-99", &weekly]));
    assert!(
        by_stem.starts_with("科技爱好者周刊（第 99 期）"),
        "{by_stem}"
    );
    let page = stdout(&brief(&["show", "free-music", &weekly]));
    assert!(
        page.starts_with("免费音乐"),
        "a page is still shown by its name"
    );
}

#[test]
fn same_stems_in_two_folders_get_distinct_ids_and_an_ambiguous_name_lists_both() {
    let content = folder("hellogithub/content");
    let list = json(&brief(&["list", "--json", &content]));
    assert_eq!(
        ids(&list),
        [
            "HelloGitHub124",
            "HelloGitHub99",
            "en/HelloGitHub99",
            "HelloGitHub63"
        ]
    );
    let sources: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["source"].as_str().unwrap())
        .collect();
    assert!(sources.iter().all(|s| *s == sources[0]), "{sources:?}");
    let table = stdout(&brief(&["list", &content]));
    assert!(table.contains("[en/HelloGitHub99]"), "{table}");
    let en = stdout(&brief(&["show", "en/HelloGitHub99", &content]));
    assert!(en.starts_with("HelloGitHub Vol.99"), "{en}");
    let zh = stdout(&brief(&["show", "HelloGitHub99", &content]));
    assert!(zh.starts_with("《HelloGitHub》第 99 期"), "{zh}");
    let ambiguous = brief(&["show", "99", &content]);
    assert_eq!(ambiguous.status.code(), Some(1));
    let message = stderr(&ambiguous);
    assert!(
        message.contains("\"99\" names 2 issues")
            && message.contains("HelloGitHub99 (《HelloGitHub》第 99 期)")
            && message.contains("en/HelloGitHub99 (HelloGitHub Vol.99)"),
        "{message}"
    );
    let latest = stdout(&brief(&["show", "latest", &content]));
    assert!(latest.starts_with("《HelloGitHub》第 124 期"), "{latest}");
}

#[test]
fn local_ids_and_the_source_id_are_stable_and_relative_to_the_root() {
    let content = folder("hellogithub/content");
    let first = json(&brief(&["list", "--json", &content]));
    let again = json(&brief(&["list", "--json", &content]));
    assert_eq!(
        first, again,
        "the same paths give the same ids on every run"
    );
    let named = format!("{content}/en/HelloGitHub99.md");
    let alone = json(&brief(&["list", "--json", &named]));
    assert_eq!(
        ids(&alone),
        ["HelloGitHub99"],
        "a file named is in its folder's root"
    );
    let other = format!("{content}/HelloGitHub63.md");
    let both = json(&brief(&["list", "--json", &named, &other]));
    assert_eq!(ids(&both), ["en/HelloGitHub99", "HelloGitHub63"]);
    assert_eq!(
        both[0]["source"], first[0]["source"],
        "rooted in the folder holding both: the same source as the folder given"
    );
}

#[test]
fn a_redirect_names_its_destination_and_keeps_its_link() {
    let content = folder("hellogithub/content");
    let text = stdout(&brief(&["show", "HelloGitHub99", &content]));
    assert!(
        text.contains("2. tinyjson — github.com/example/tinyjson\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "[1] https://hellogithub.com/periodical/statistics/click?target=https://github.com/example/tinyjson\n"
        ),
        "{text}"
    );
}

#[test]
fn dated_issues_go_by_date_and_a_page_beside_them_is_left_out() {
    let twir = folder("twir");
    let list = json(&brief(&["list", "--json", &twir]));
    assert_eq!(
        ids(&list),
        [
            "content/2024-01-10-this-week-in-rust",
            "content/2024-01-03-this-week-in-rust",
            "content/2023-12-27-this-week-in-rust",
            "content/2023-06-14-this-week-in-rust",
            "content/2015-07-27-this-week-in-rust"
        ]
    );
    let all = json(&brief(&["list", "--all", "--json", &twir]));
    assert_eq!(all[5]["id"], "content/privacy-policy");
    assert_eq!(all[5]["page"], true);
    let latest = stdout(&brief(&["show", "latest", &twir]));
    assert!(latest.starts_with("This Week in Rust 529"), "{latest}");
}

#[test]
fn prose_is_searchable_and_its_hits_have_their_own_json_shape() {
    let twir = folder("twir");
    let out = brief(&["search", "--json", "toycrate", &twir]);
    let hits = json(&out);
    let first = &hits[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "date", "from", "issue", "path", "prose", "score", "section", "snippet"
        ]
    );
    assert_eq!(first["prose"], "section");
    assert_eq!(first["section"], "Crate of the Week");
    assert_eq!(first["issue"], "content/2023-12-27-this-week-in-rust");
    assert!(first["snippet"].as_str().unwrap().contains("toycrate"));
    let lines = stdout(&brief(&["search", "toycrate", &twir]));
    assert!(
        lines.starts_with("2023-12-27  Crate of the Week  “This week's crate is toycrate"),
        "{lines}"
    );
}

#[test]
fn an_entry_hit_names_its_section_path() {
    let twir = folder("twir");
    let hits = json(&brief(&["search", "--json", "fictional fix", &twir]));
    let hit = &hits[0];
    assert_eq!(hit["title"], "cargo: a fictional fix");
    assert_eq!(hit["section"], "Cargo");
    assert_eq!(
        hit["path"],
        serde_json::json!([
            "Updates from the Rust Project",
            "Final Comment Period",
            "Tracking Issues & PRs",
            "Cargo"
        ])
    );
    let lines = stdout(&brief(&["search", "fictional fix", &twir]));
    assert!(
        lines.contains(
            "Final Comment Period › Tracking Issues & PRs › Cargo  cargo: a fictional fix"
        ),
        "{lines}"
    );
}

#[test]
fn canalys_is_found_in_the_corpus_intros() {
    let Some(dir) = corpus_dir::issues_dir() else {
        return;
    };
    let out = brief(&["search", "--json", "Canalys", dir.to_str().unwrap()]);
    let hits = json(&out);
    let intros: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["prose"] == "intro")
        .map(|h| h["issue"].as_str().unwrap())
        .collect();
    assert!(intros.contains(&"2020-08-06"), "{intros:?}");
    for hit in hits.as_array().unwrap() {
        assert!(
            hit["snippet"].as_str().unwrap().contains("Canalys"),
            "{hit}"
        );
    }
}
