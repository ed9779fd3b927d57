//! The sample library compiled into the binary, used until a fetched cache exists.

use rayon::prelude::*;

use super::LoadReport;
use super::source::{DEFAULT_NAME, default_id};
use crate::model::{Issue, Library, SourceInfo};
use crate::parse;

macro_rules! sample {
    ($name:literal) => {
        ($name, include_str!(concat!("../../assets/sample/", $name)))
    };
}

/// (file name, contents) of every embedded sample issue.
pub const SAMPLES: &[(&str, &str)] = &[
    sample!("2026-10-19.md"),
    sample!("2026-11-02.md"),
    sample!("2026-11-16-weekly.md"),
];

pub fn load() -> LoadReport {
    let parsed: Vec<(Issue, Vec<String>)> = SAMPLES
        .par_iter()
        .map(|(name, text)| {
            let id = name.trim_end_matches(".md");
            let (issue, notes) = parse::parse_issue_report(text, id, &format!("embedded:{name}"));
            (
                issue,
                notes.into_iter().map(|n| format!("{name}: {n}")).collect(),
            )
        })
        .collect();
    let (issues, notes): (Vec<Issue>, Vec<Vec<String>>) = parsed.into_iter().unzip();
    let mut library = Library {
        issues,
        sources: vec![SourceInfo {
            id: default_id(),
            title: DEFAULT_NAME.to_string(),
        }],
        ..Library::default()
    };
    library.sort();
    library.set_source(&default_id());
    LoadReport {
        library,
        warnings: notes.concat(),
        label: "the embedded sample".to_string(),
        feeds: Vec::new(),
        ..LoadReport::default()
    }
}
