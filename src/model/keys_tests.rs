use super::*;
use crate::model::Section;

fn norm(text: &str) -> Option<String> {
    normalize_url(text)
}

#[test]
fn source_ids_take_only_the_safe_charset() {
    for good in [
        "twir",
        "embedded-ai",
        "a",
        "0day",
        "my_news-2",
        &"x".repeat(48),
    ] {
        assert_eq!(SourceId::new(good).unwrap().as_str(), good);
    }
    for bad in [
        "",
        "-x",
        "_x",
        "Twir",
        "简报",
        "a b",
        "a/b",
        "a.b",
        "a\u{1b}",
        &"x".repeat(49),
    ] {
        assert!(SourceId::new(bad).is_err(), "{bad:?}");
    }
    assert_eq!("twir".parse::<SourceId>().unwrap().to_string(), "twir");
}

#[test]
fn derived_source_ids_are_valid_stable_and_tell_identities_apart() {
    let a = SourceId::derive("awesome-embedded-ai", "https://h.example/a/README.md");
    assert_eq!(
        a,
        SourceId::derive("awesome-embedded-ai", "https://h.example/a/README.md")
    );
    assert!(a.as_str().starts_with("awesome-embedded-ai-"), "{a}");
    assert_eq!(a.as_str().len(), "awesome-embedded-ai-".len() + 8);
    assert_ne!(
        a,
        SourceId::derive("awesome-embedded-ai", "https://h.example/b/README.md")
    );
    for label in [
        "",
        "简报",
        "--",
        "Rust Weekly!!",
        &"长".repeat(40),
        &"ab-".repeat(40),
    ] {
        let id = SourceId::derive(label, "x");
        assert_eq!(SourceId::new(id.as_str()).as_ref(), Ok(&id), "{label:?}");
    }
    assert!(
        SourceId::derive("简报", "x")
            .as_str()
            .starts_with("source-")
    );
    assert!(
        SourceId::derive("Rust Weekly!!", "x")
            .as_str()
            .starts_with("rust-weekly-")
    );
}

#[test]
fn urls_normalise_case_ports_fragments_slashes_and_escapes() {
    let same = [
        (
            "HTTPS://GitHub.COM/Owner/Repo",
            "https://github.com/Owner/Repo",
        ),
        ("https://github.com:443/a", "https://github.com/a"),
        ("http://a.example:80/", "http://a.example/"),
        ("https://a.example", "https://a.example/"),
        ("https://a.example/x/#readme", "https://a.example/x"),
        ("https://a.example/x//", "https://a.example/x"),
        (
            "https://a.example/%7euser/%e4%b8%ad",
            "https://a.example/~user/%E4%B8%AD",
        ),
        ("https://a.example/a%2fb", "https://a.example/a%2Fb"),
        ("https://a.example/p?", "https://a.example/p"),
        ("https://a.example/a/./b/../c", "https://a.example/a/c"),
        ("  https://a.example/中 ", "https://a.example/%E4%B8%AD"),
        ("./2020-06-03.md#top", "./2020-06-03.md"),
        ("docs/", "docs"),
    ];
    for (text, want) in same {
        assert_eq!(norm(text).as_deref(), Some(want), "{text}");
    }
    assert_eq!(
        norm("https://a.example:8080/p?b=2&a=1#f").as_deref(),
        Some("https://a.example:8080/p?b=2&a=1"),
        "other ports and the query, order included, stay"
    );
    assert_ne!(norm("http://a.example/"), norm("https://a.example/"));
    assert_ne!(norm("https://a.example/A"), norm("https://a.example/a"));
    assert_eq!(norm(""), None);
    assert_eq!(norm(" #top "), None);
    assert_eq!(
        norm("%zz%4"),
        Some("%zz%4".to_string()),
        "broken escapes stay"
    );
}

fn issue(entries: Vec<Entry>) -> Issue {
    Issue {
        source: SourceId::new("test").unwrap(),
        id: "2020-06-03".into(),
        sections: vec![
            Section {
                title: "a".into(),
                entries: entries[..entries.len() / 2].to_vec(),
                ..Section::default()
            },
            Section::default(),
            Section {
                title: "b".into(),
                entries: entries[entries.len() / 2..].to_vec(),
                ..Section::default()
            },
        ],
        ..Issue::default()
    }
}

fn ids(issue: &Issue) -> Vec<String> {
    issue.entry_keys().into_iter().map(|k| k.entry).collect()
}

#[test]
fn an_entry_is_known_by_its_normalised_url_else_a_hash_of_its_title() {
    let issue = issue(vec![
        Entry::new("A", None, "").with_url("HTTPS://A.example/x/#x"),
        Entry::new(" 无链接的条目 ", None, ""),
    ]);
    let ids = ids(&issue);
    assert_eq!(ids[0], "url:https://a.example/x");
    let hash = ids[1].strip_prefix("title:").expect("a title hash");
    assert_eq!(hash.len(), 16);
    assert!(
        hash.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let plain = crate::model::Entry::new("无链接的条目", None, "changed summary");
    assert_eq!(
        ids[1],
        super::base_id(&plain),
        "the title is trimmed; the summary does not count"
    );
}

#[test]
fn entries_sharing_an_id_are_numbered_in_reading_order() {
    let url = "https://a.example/x";
    let issue = issue(vec![
        Entry::new("one", None, "").with_url(url),
        Entry::new("same title", None, ""),
        Entry::new("two", None, "").with_url("https://A.example/x#again"),
        Entry::new("same title", None, ""),
        Entry::new("three", None, "").with_url(url),
        Entry::new("four", None, "").with_url("https://a.example/y"),
    ]);
    let ids = ids(&issue);
    let title = ids[1].clone();
    assert_eq!(
        ids,
        [
            format!("url:{url}"),
            title.clone(),
            format!("url:{url}#2"),
            format!("{title}#2"),
            format!("url:{url}#3"),
            "url:https://a.example/y".to_string(),
        ]
    );
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn a_key_leads_back_to_its_entry() {
    let issue = issue(vec![
        Entry::new("one", None, "").with_url("https://a.example/1"),
        Entry::new("two", None, "").with_url("https://a.example/1"),
        Entry::new("three", None, ""),
    ]);
    let keys = issue.entry_keys();
    let found: Vec<_> = keys.iter().map(|k| issue.find_entry(k)).collect();
    assert_eq!(found, [Some((0, 0)), Some((2, 0)), Some((2, 1))]);
    assert_eq!(issue.entry_ordinal(2, 1), Some(2));
    assert_eq!(issue.entry_ordinal(1, 0), None);
    let mut elsewhere = issue.clone();
    elsewhere.source = SourceId::new("other").unwrap();
    assert_eq!(elsewhere.find_entry(&keys[0]), None, "another source's key");
}

#[test]
fn a_library_finds_issues_by_source_and_id() {
    let mut library = Library::new(vec![issue(Vec::new()), issue(Vec::new())]);
    library.issues[1].id = "2020-06-17".into();
    let key = library.issues[1].key();
    assert_eq!(library.position(&key), Some(1));
    library.set_source(&SourceId::new("other").unwrap());
    assert_eq!(library.position(&key), None);
    assert_eq!(key.to_string(), "test/2020-06-17");
}
