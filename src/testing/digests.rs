//! Libraries in the shapes of other digests, built from model structs (made-up text):
//! This Week in Rust (dated, numbered, nested sections, heading links, prose links),
//! HelloGitHub (numbered only, a translation in a subfolder, click-tracking links, a
//! page beside the issues). Deterministic.

use super::fixture::link;
use crate::model::{Entry, Issue, Library, Section, SourceId};

/// The newsletter of [`twir_library`].
pub fn twir_source() -> SourceId {
    SourceId::new("twir").expect("a valid source id")
}

/// The newsletter of [`hellogithub_library`].
pub fn hellogithub_source() -> SourceId {
    SourceId::new("hellogithub").expect("a valid source id")
}

fn linked(title: &str, url: &str) -> Entry {
    Entry::new(title, None, "")
        .with_url(url)
        .with_link(title, url)
}

fn section(parents: &[&str], title: &str, entries: Vec<Entry>) -> Section {
    Section {
        title: title.into(),
        parents: parents.iter().map(|p| p.to_string()).collect(),
        entries,
        ..Section::default()
    }
}

/// Three issues of a This Week in Rust look-alike, newest first.
pub fn twir_library() -> Library {
    let mut library = Library::new((527..=529).rev().map(twir_issue).collect());
    library.set_source(&twir_source());
    library.pages = vec![Issue {
        source: twir_source(),
        id: "privacy-policy".into(),
        title: "Privacy Policy".into(),
        location: "twir/privacy-policy.md".into(),
        intro: "This made-up policy says nothing real.".into(),
        intro_links: vec![link("the pretend team", "https://twir.example.org/contact")],
        ..Issue::default()
    }];
    library
}

fn twir_issue(number: u32) -> Issue {
    let day = 3 + (number - 527) * 7;
    let date = format!("2024-01-{day:02}");
    let project = "Updates from the Rust Project";
    let crate_of_the_week = Section {
        title: "Crate of the Week".into(),
        body: format!("This week's crate is toycrate{number}, a crate that exists only here."),
        links: vec![
            link(
                &format!("toycrate{number}"),
                &format!("https://crates.example.org/toycrate{number}"),
            ),
            link("a volunteer", "https://users.example.org/volunteer"),
        ],
        ..Section::default()
    };
    let cargo = Section {
        link: Some(link("Cargo", "https://git.example.org/cargo/fcp")),
        ..section(
            &[project, "Final Comment Period"],
            "Cargo",
            vec![linked(
                "cargo: an invented flag",
                "https://git.example.org/pr/2",
            )],
        )
    };
    Issue {
        source: twir_source(),
        id: format!("{date}-this-week-in-rust"),
        title: format!("This Week in Rust {number}"),
        date: Some(date.clone()),
        number: Some(number),
        location: format!("twir/{date}-this-week-in-rust.md"),
        intro: "Hello and welcome to another issue of This Week in Rust! Read the pretend archive or submit a made-up PR.".into(),
        intro_links: vec![
            link("read the pretend archive", "https://twir.example.org/"),
            link("submit a made-up PR", "https://git.example.org/twir/pulls"),
            link("the privacy policy", "privacy-policy.md"),
        ],
        sections: vec![
            section(&[], "Updates from Rust Community", Vec::new()),
            section(
                &["Updates from Rust Community"],
                "Official",
                vec![linked(
                    &format!("A pretend release announcement for issue {number}"),
                    &format!("https://blog.example.org/release-{number}"),
                )],
            ),
            crate_of_the_week,
            section(&[], project, Vec::new()),
            section(
                &[project],
                "Compiler",
                vec![linked("make an imaginary pass faster", "https://git.example.org/pr/1")],
            ),
            section(&[project], "Final Comment Period", Vec::new()),
            cargo,
        ],
        ..Issue::default()
    }
}

/// Four issues of a HelloGitHub look-alike (no dates; one in `en/` with the same
/// stem as another), and a page of contributors.
pub fn hellogithub_library() -> Library {
    let issues = vec![
        hellogithub_issue("HelloGitHub124", "《HelloGitHub》第 124 期", 124, "minidb"),
        hellogithub_issue("HelloGitHub99", "《HelloGitHub》第 99 期", 99, "tinyjson"),
        hellogithub_issue("en/HelloGitHub99", "HelloGitHub Vol.99", 99, "tinyjson"),
        hellogithub_issue("HelloGitHub63", "《HelloGitHub》第 63 期", 63, "fakelog"),
    ];
    let mut library = Library::new(issues);
    library.set_source(&hellogithub_source());
    library.pages = vec![Issue {
        source: hellogithub_source(),
        id: "contributors".into(),
        title: "贡献者".into(),
        location: "content/contributors.md".into(),
        sections: vec![section(
            &[],
            "",
            vec![linked("alice", "https://github.com/example-alice")],
        )],
        ..Issue::default()
    }];
    library
}

fn hellogithub_issue(id: &str, title: &str, number: u32, project: &str) -> Issue {
    let tracked = |name: &str| {
        format!(
            "https://hellogithub.com/periodical/statistics/click?target=https://github.com/example/{name}"
        )
    };
    let entry = |name: &str, summary: &str| {
        Entry::new(name, None, summary)
            .with_url(&tracked(name))
            .with_link(name, &tracked(name))
    };
    Issue {
        source: hellogithub_source(),
        id: id.into(),
        title: title.into(),
        number: Some(number),
        location: format!("content/{id}.md"),
        intro: "兴趣是最好的老师，这一期是为测试编造的。".into(),
        sections: vec![
            section(&[], "内容", Vec::new()),
            section(
                &["内容"],
                "C 项目",
                vec![entry(project, "一个编造的 C 语言项目。")],
            ),
            section(
                &["内容"],
                "Python 项目",
                vec![entry(&format!("py{project}"), "编造的 Python 工具。")],
            ),
        ],
        ..Issue::default()
    }
}
