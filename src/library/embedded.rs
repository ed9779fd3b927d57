//! The sample library compiled into the binary, used until a fetched cache exists.

use rayon::prelude::*;

use super::LoadReport;
use crate::model::Library;
use crate::parse;

/// (file name, contents) of every embedded sample issue.
pub const SAMPLES: &[(&str, &str)] = &[];

pub fn load() -> LoadReport {
    let mut library = Library {
        issues: SAMPLES
            .par_iter()
            .map(|(name, text)| {
                let id = name.trim_end_matches(".md");
                parse::parse_issue(text, id, &format!("embedded:{name}"))
            })
            .collect(),
    };
    library.sort();
    LoadReport {
        library,
        warnings: Vec::new(),
        origin: "the embedded sample".to_string(),
    }
}
