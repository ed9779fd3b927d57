//! Where the real newsletter corpus lives for the tests: `../shared/corpus` beside the
//! repository, or `BRIEF_CORPUS_DIR`. Tests skip with a note when it is absent, unless
//! `BRIEF_REQUIRE_CORPUS=1` (CI), which makes its absence a failure.

use std::path::PathBuf;

/// The corpus root (holding `README.md` and `embedded-ai-report/`), if present.
pub fn root() -> Option<PathBuf> {
    let root = std::env::var_os("BRIEF_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")));
    if root.join("embedded-ai-report").is_dir() {
        return Some(root);
    }
    if std::env::var("BRIEF_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus missing at {} and BRIEF_REQUIRE_CORPUS=1",
            root.display()
        );
    }
    eprintln!("note: corpus not found at {}, skipping", root.display());
    None
}

/// The folder of the newsletter's issues inside the corpus, if present.
pub fn issues_dir() -> Option<PathBuf> {
    root().map(|root| root.join("embedded-ai-report"))
}
