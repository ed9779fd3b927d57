use super::*;
use crate::model::SourceId;

fn issue(id: &str, date: Option<&str>, number: Option<u32>) -> Issue {
    Issue {
        id: id.into(),
        date: date.map(str::to_string),
        number,
        location: format!("{id}.md"),
        ..Issue::default()
    }
}

fn ids(library: &Library) -> Vec<&str> {
    library.issues.iter().map(|i| i.id.as_str()).collect()
}

fn sorted(issues: Vec<Issue>) -> Library {
    let mut library = Library::new(issues);
    library.sort();
    library
}

#[test]
fn numbered_issues_without_dates_go_by_number_not_by_file_name() {
    let library = sorted(vec![
        issue("issue-99", None, Some(99)),
        issue("issue-407", None, Some(407)),
        issue("issue-100", None, Some(100)),
    ]);
    assert_eq!(ids(&library), ["issue-407", "issue-100", "issue-99"]);
}

#[test]
fn ids_compare_their_numbers_as_numbers_when_nothing_else_tells() {
    let library = sorted(vec![
        issue("HelloGitHub63", None, None),
        issue("HelloGitHub124", None, None),
        issue("HelloGitHub9", None, None),
    ]);
    assert_eq!(
        ids(&library),
        ["HelloGitHub124", "HelloGitHub63", "HelloGitHub9"]
    );
}

#[test]
fn undated_issues_stand_by_number_among_dated_neighbours() {
    let library = sorted(vec![
        issue("a8", Some("2024-01-01"), Some(8)),
        issue("a9", None, Some(9)),
        issue("a12", None, Some(12)),
        issue("a10", Some("2024-03-01"), Some(10)),
        issue("a7", None, Some(7)),
        issue("notes", None, None),
        issue("a11", Some("2024-04-01"), None),
    ]);
    assert_eq!(
        ids(&library),
        ["a11", "a12", "a10", "a9", "a8", "a7", "notes"],
        "a12 goes just before the first numbered issue it is newer than"
    );
}

#[test]
fn undated_issues_follow_dated_ones_when_no_dated_issue_has_a_number() {
    let library = sorted(vec![
        issue("n2", None, Some(2)),
        issue("old", Some("2020-01-01"), None),
        issue("new", Some("2021-01-01"), None),
        issue("n5", None, Some(5)),
    ]);
    assert_eq!(ids(&library), ["new", "old", "n5", "n2"]);
}

#[test]
fn the_same_number_puts_the_shallower_file_first() {
    let library = sorted(vec![
        issue("en/HelloGitHub99", None, Some(99)),
        issue("HelloGitHub99", None, Some(99)),
        issue("HelloGitHub100", None, Some(100)),
    ]);
    assert_eq!(
        ids(&library),
        ["HelloGitHub100", "HelloGitHub99", "en/HelloGitHub99"]
    );
}

fn of(source: &str, mut issue: Issue) -> Issue {
    issue.source = SourceId::new(source).unwrap();
    issue
}

#[test]
fn sources_interleave_by_date_and_undated_sources_follow() {
    let mut library = Library::new(vec![
        of("num", issue("n1", None, Some(1))),
        of("num", issue("n2", None, Some(2))),
        of("a", issue("a-old", Some("2020-01-01"), Some(1))),
        of("a", issue("a-mid", None, Some(2))),
        of("a", issue("a-new", Some("2022-01-01"), Some(3))),
        of("b", issue("b-mid", Some("2021-06-01"), None)),
        of("b", issue("b-same", Some("2022-01-01"), None)),
    ]);
    library.sources = ["num", "a", "b"]
        .iter()
        .map(|id| crate::model::SourceInfo::of_id(&SourceId::new(id).unwrap()))
        .collect();
    library.sort();
    assert_eq!(
        ids(&library),
        ["a-new", "a-mid", "b-same", "b-mid", "a-old", "n2", "n1"],
        "a-mid stands at a-new's date; equal dates keep the listed order of sources"
    );
    let again = ids(&library).join(" ");
    library.sort();
    assert_eq!(ids(&library).join(" "), again, "sorting is stable");
}

#[test]
fn natural_comparison_reads_digit_runs_as_numbers() {
    assert_eq!(natural_cmp("issue-99", "issue-407"), Ordering::Less);
    assert_eq!(natural_cmp("a10b2", "a10b10"), Ordering::Less);
    assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
    assert_eq!(natural_cmp("007", "7"), Ordering::Less);
    assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    assert_eq!(natural_cmp("2020-06-03", "2020-06-17"), Ordering::Less);
    assert_eq!(natural_cmp("b", "a9"), Ordering::Greater);
}
