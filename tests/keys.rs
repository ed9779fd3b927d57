//! Issue and entry keys stay the same for the same text: across parses, across the
//! order files are named or fetched in, and between the cache and a fetch.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use brief::library::source::DEFAULT_ID;
use brief::library::{embedded, local, remote};
use brief::model::{EntryKey, IssueKey, Library, SourceId};
use brief::parse::parse_issue;
use common::server::Server;
use common::{corpus, fetch, options, source};

type Keys = BTreeMap<IssueKey, Vec<EntryKey>>;

fn keys(library: &Library) -> Keys {
    library
        .issues
        .iter()
        .map(|issue| (issue.key(), issue.entry_keys()))
        .collect()
}

/// Every entry key of `keys`, checked to be unique across the library.
fn unique(keys: &Keys) -> BTreeSet<&EntryKey> {
    let all: Vec<&EntryKey> = keys.values().flatten().collect();
    let set: BTreeSet<&EntryKey> = all.iter().copied().collect();
    assert_eq!(set.len(), all.len(), "entry keys are unique");
    set
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parse")
        .join(name)
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn two_parses_of_the_same_file_give_the_same_keys() {
    let mut files = vec![fixture("zh_weekly.md"), fixture("en_digest.md")];
    if let Some(corpus) = corpus() {
        files.extend(corpus_files(&corpus.join("embedded-ai-report")));
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.display().to_string();
        let first = parse_issue(&text, "x", &shown);
        let second = parse_issue(&text, "x", &shown);
        assert!(first.entry_count() > 0, "{shown}");
        assert_eq!(first.key(), second.key());
        assert_eq!(first.entry_keys(), second.entry_keys(), "{shown}");
        assert_eq!(first.entry_keys().len(), first.entry_count());
    }
}

#[test]
fn local_issues_belong_to_their_folder_however_they_are_named() {
    let Some(corpus) = corpus() else {
        return;
    };
    let dir = corpus.join("embedded-ai-report");
    let whole = local::load(std::slice::from_ref(&dir)).unwrap();
    let mut files = corpus_files(&dir);
    files.reverse();
    let named = local::load(&files).unwrap();
    let (whole_keys, named_keys) = (keys(&whole.library), keys(&named.library));
    assert_eq!(whole_keys, named_keys);
    let entries = unique(&whole_keys);
    assert_eq!(entries.len(), whole.library.entry_count());
    let sources: BTreeSet<&SourceId> = whole.library.issues.iter().map(|i| &i.source).collect();
    assert_eq!(sources.len(), 1, "one folder, one source");
    let id = sources.into_iter().next().unwrap().as_str();
    assert!(id.starts_with("embedded-ai-report-"), "{id}");
    assert!(
        entries.iter().any(|k| k.entry.contains('#')),
        "the corpus has issues listing one URL twice"
    );
}

#[test]
fn the_embedded_sample_stands_in_for_the_default_source() {
    let sample = embedded::load().library;
    assert!(!sample.issues.is_empty());
    assert!(
        sample
            .issues
            .iter()
            .all(|i| i.source.as_str() == DEFAULT_ID)
    );
    unique(&keys(&sample));
}

/// The index with its lines in reverse order: the same issues, named in another order.
fn reversed(index: &str) -> String {
    let mut lines: Vec<&str> = index.lines().collect();
    lines.reverse();
    lines.join("\n")
}

#[test]
fn a_fetch_that_changes_only_the_order_keeps_every_key() {
    let Some(corpus) = corpus() else {
        return;
    };
    let server = Server::from_dir(&corpus);
    let root = tempfile::tempdir().unwrap();
    let options = options(&server, root.path());
    let first = keys(&fetch(&server, &options).library);
    let cached = keys(&remote::load_cached(&source(&server), &options).library);
    assert_eq!(first, cached, "the cache gives what the fetch gave");
    assert_eq!(first.len(), 40);
    let source_id = source(&server).id();
    assert!(first.keys().all(|k| k.source == source_id));

    let index = std::fs::read_to_string(corpus.join("README.md")).unwrap();
    server.set_file("README.md", reversed(&index));
    let refetched = keys(&fetch(&server, &options).library);
    assert_eq!(first, refetched, "re-fetched in another order");

    let fresh_root = tempfile::tempdir().unwrap();
    let fresh = keys(&fetch(&server, &common::options(&server, fresh_root.path())).library);
    assert_eq!(first, fresh, "fetched in another order into an empty cache");
    unique(&first);
}
