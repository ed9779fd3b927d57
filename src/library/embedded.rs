//! The sample library compiled into the binary, used until a fetched cache exists.

use rayon::prelude::*;

use super::LoadReport;
use super::source::{DEFAULT_NAME, default_id};
use crate::model::{Library, SourceInfo};
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
    let mut library = Library {
        issues: SAMPLES
            .par_iter()
            .map(|(name, text)| {
                let id = name.trim_end_matches(".md");
                parse::parse_issue(text, id, &format!("embedded:{name}"))
            })
            .collect(),
        sources: vec![SourceInfo {
            id: default_id(),
            title: DEFAULT_NAME.to_string(),
        }],
    };
    library.sort();
    library.set_source(&default_id());
    LoadReport {
        library,
        warnings: Vec::new(),
        label: "the embedded sample".to_string(),
        feeds: Vec::new(),
    }
}
