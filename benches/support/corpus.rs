//! Bench libraries: the 40 real issues of `../shared/corpus` repeated under new names
//! (synthetic issues when it is absent).

use std::path::Path;

use brief::testing::synth;

/// The Markdown of `count` issues: the corpus's issues over and over.
pub fn markdown(count: usize) -> Vec<(String, Vec<u8>)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/embedded-ai-report");
    let mut issues: Vec<Vec<u8>> = std::fs::read_dir(&corpus)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .filter_map(|p| std::fs::read(p).ok())
                .collect()
        })
        .unwrap_or_default();
    if issues.is_empty() {
        eprintln!("note: no corpus at {}, synthetic issues", corpus.display());
        issues = (0..40)
            .map(|n| synth::issue_markdown(n).into_bytes())
            .collect();
    }
    (0..count)
        .map(|n| (synth::issue_id(n), issues[n % issues.len()].clone()))
        .collect()
}
