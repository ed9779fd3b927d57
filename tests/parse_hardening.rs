//! Issue 9, parser part: lines forged by character references, invisible characters,
//! and the notes the parser gives when a limit cuts something.

use brief::model::{Entry, Issue};
use brief::parse::parse_issue;
use brief::text::{is_clean, is_clean_line, is_clean_url};

fn entries(issue: &Issue) -> Vec<&Entry> {
    issue.entries().map(|(_, e)| e).collect()
}

/// Every single-line field of `issue`: no line break, nothing invisible.
fn single_line_fields(issue: &Issue) -> Vec<&str> {
    let mut fields = vec![issue.id.as_str(), &issue.title, &issue.location];
    fields.extend(issue.date.as_deref());
    fields.extend(issue.archive.iter().map(|l| l.text.as_str()));
    for section in &issue.sections {
        fields.push(&section.title);
        for entry in &section.entries {
            fields.push(entry.title());
            fields.extend(entry.source());
            fields.extend(entry.tags());
            fields.extend(entry.links().map(|l| l.text));
        }
    }
    fields
}

fn urls(issue: &Issue) -> Vec<&str> {
    let mut urls: Vec<&str> = issue.archive.iter().map(|l| l.url.as_str()).collect();
    for (_, entry) in issue.entries() {
        urls.extend(entry.url());
        urls.extend(entry.links().map(|l| l.url));
    }
    urls
}

fn assert_hardened(issue: &Issue) {
    for field in single_line_fields(issue) {
        assert!(is_clean_line(field), "single-line field {field:?}");
    }
    for url in urls(issue) {
        assert!(is_clean_url(url) && !url.is_empty(), "url {url:?}");
    }
    for s in issue.strings() {
        assert!(is_clean(s), "{s:?}");
    }
}

const FORGED: &str = "# Weekly&#10;2021-01-01  fake issue&#13;line\n\n\
    ## News&#10;2020-01-01  Fake section\n\n\
    - [A title&#10;forged line | Src&#13;&#10;more](https://example.com/a&#10;b)  \n  \
      Summary one&#10;two\n\
    - [[tag&#10;x] B&#x2028;c](https://example.com/b) [link&#10;text](https://example.com/c)\n\
    - <a href=\"https://example.com/d&#10;e\">html</a> ![alt&#10;text](https://example.com/i&#13;.png)\n\n\
    ## 往期回顾\n\n[past&#10;issue](2020-01-01.md) [other](<2020-01-02&#10;.md>)\n";

#[test]
fn character_references_never_break_a_single_line_field() {
    let issue = parse_issue(FORGED, "2021-01-01&#10;x\ny", "/tmp/a\nb.md");
    assert_eq!(issue.title, "Weekly 2021-01-01  fake issue line");
    assert_eq!(issue.id, "2021-01-01&#10;x y");
    assert_eq!(issue.location, "/tmp/a b.md");
    assert_eq!(issue.sections[0].title, "News 2020-01-01  Fake section");
    let all = entries(&issue);
    assert_eq!(all[0].title(), "A title forged line");
    assert_eq!(all[0].source(), Some("Src more"));
    // Multi-line text keeps its line break.
    assert_eq!(all[0].summary(), "Summary one\ntwo");
    // A tag never spans lines: the bracket stays in the title, folded.
    assert_eq!(all[1].title(), "[tag x] B c");
    assert!(all[1].links().any(|l| l.text == "link text"));
    assert_eq!(issue.archive.len(), 1, "{:?}", issue.archive);
    assert_eq!(issue.archive[0].text, "past issue");
    assert_hardened(&issue);
}

#[test]
fn a_url_holding_a_line_break_or_space_is_no_link() {
    let issue = parse_issue(FORGED, "2021-01-01", "origin");
    let all = entries(&issue);
    // The title link's target held a newline: the entry keeps its title, not the link.
    assert_eq!(all[0].url(), None);
    assert_eq!(all[0].links().count(), 0);
    let urls: Vec<&str> = all[2].links().map(|l| l.url).collect();
    assert!(urls.is_empty(), "{urls:?}");
    assert_eq!(all[1].url(), Some("https://example.com/b"));
    let spaced = parse_issue(
        "## S\n\n- [t](<https://x.org/a b>)\n- [u](https://x.org/a&#x3000;b)\n",
        "i",
        "o",
    );
    assert!(entries(&spaced).iter().all(|e| e.url().is_none()));
}

#[test]
fn date_and_number_are_read_from_the_cleaned_title() {
    let issue = parse_issue("# 周刊 第 1&#8203;2 期（2021-0&#x200B;3-04）\n", "x", "o");
    assert_eq!(issue.title, "周刊 第 12 期（2021-03-04）");
    assert_eq!(issue.number, Some(12));
    assert_eq!(issue.date.as_deref(), Some("2021-03-04"));
}

const INVISIBLE: &str = "# T\u{200B}itle\u{FEFF}\n\n## Se\u{2060}ction\u{200E}\n\n\
    - [zw\u{200C}x \u{61C}| so\u{200F}urce](https://example.com/zw\u{200B}x) 👩\u{200D}💻 a\u{200D}b\u{AD}c\n\
    - [t](https://example.com/&#x200B;y&#xFEFF;) 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} ok\u{E0069}\u{E0067}\n\
    - [e&#x2060;nt &#x200D;](https://example.com/&#x180E;h\u{3164}) \u{115F}x\u{FFF9}y\n";

#[test]
fn invisible_characters_leave_urls_and_single_line_fields() {
    let issue = parse_issue(INVISIBLE, "2021-01-01", "o");
    assert_eq!(issue.title, "Title");
    assert_eq!(issue.sections[0].title, "Section");
    let all = entries(&issue);
    assert_eq!(all[0].title(), "zwx");
    assert_eq!(all[0].source(), Some("source"));
    assert_eq!(all[0].url(), Some("https://example.com/zwx"));
    assert_eq!(all[1].url(), Some("https://example.com/y"));
    assert_eq!(all[2].title(), "ent");
    assert_eq!(all[2].url(), Some("https://example.com/h"));
    assert_hardened(&issue);
}

#[test]
fn emoji_sequences_survive_and_hidden_tags_do_not() {
    let issue = parse_issue(INVISIBLE, "2021-01-01", "o");
    let all = entries(&issue);
    assert_eq!(all[0].summary(), "👩\u{200D}💻 abc");
    assert_eq!(
        all[1].summary(),
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} ok"
    );
    assert_eq!(all[2].summary(), "xy");
}

#[test]
fn loaders_pass_the_parser_notes_on_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2021-01-01.md");
    let entry = "- [e](https://e.example)\n";
    let text = "## S\n\n".to_string() + &entry.repeat(brief::parse::MAX_INPUT / entry.len() + 1000);
    std::fs::write(&path, &text).unwrap();
    let report = brief::library::local::load(std::slice::from_ref(&path)).unwrap();
    let shown = path.display().to_string();
    let notes: Vec<&String> = report
        .warnings
        .iter()
        .filter(|w| w.starts_with(&shown))
        .collect();
    assert!(
        notes
            .iter()
            .any(|w| w.contains("read only the first 4,194,304 of")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|w| w.contains("kept only")), "{notes:?}");
    let (_, parsed_notes) = brief::parse::parse_issue_report(&text, "2021-01-01", &shown);
    assert_eq!(notes.len(), parsed_notes.len());
}

#[test]
fn an_ordinary_issue_gets_no_notes() {
    let (issue, notes) = brief::parse::parse_issue_report(FORGED, "2021-01-01", "o");
    assert!(notes.is_empty(), "{notes:?}");
    assert!(issue.entry_count() > 0);
}
