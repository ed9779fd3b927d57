//! The persisted library of a fetched source (beside its cache): an issue changed by a
//! refresh, and a cached body or its metadata damaged after the store was written,
//! are seen on the next load, which gives what a load without the store gives.

mod common;

use brief::library::cancel::Cancel;
use brief::library::remote::FetchOptions;
use brief::library::source::IndexSpec;
use brief::library::sources::SourceDef;
use brief::library::store::{Depth, Store};
use brief::library::{self, LoadReport, refresh};
use common::server::Server;
use common::*;

fn load(defs: &[SourceDef], options: &FetchOptions, persist: bool, depth: Depth) -> LoadReport {
    let options = FetchOptions {
        persist,
        depth,
        ..options.clone()
    };
    library::load(&[], defs, true, &options).unwrap()
}

fn assert_same(stored: &LoadReport, plain: &LoadReport) {
    assert_eq!(stored.library, plain.library);
    assert_eq!(stored.library.sources, plain.library.sources);
    assert_eq!(stored.warnings, plain.warnings);
}

#[test]
fn a_refreshed_or_damaged_cached_issue_is_read_again() {
    let server = Server::start(repository(4));
    let cache = tempfile::tempdir().unwrap();
    let options = options(&server, cache.path());
    let source = source(&server);
    let defs = [SourceDef::ad_hoc(&IndexSpec::from_text(&server.index_url())).unwrap()];
    refresh::refresh(&source, &options, &mut |_, _| {}, &Cancel::new()).unwrap();
    let first = load(&defs, &options, true, Depth::Full);
    let store = Store::for_source(options.cache(&source).dir());
    assert!(store.open().is_some(), "written beside the cache");
    assert_same(&first, &load(&defs, &options, false, Depth::Full));
    assert_same(&load(&defs, &options, true, Depth::Full), &first);

    // A refresh brings a new version of one issue.
    let changed = issue_text(1).replace("量化", "量子");
    server.set_file(&issue_path(1), changed.into_bytes());
    refresh::refresh(&source, &options, &mut |_, _| {}, &Cancel::new()).unwrap();
    let plain = load(&defs, &options, false, Depth::Full);
    assert_ne!(plain.library, first.library);
    assert_same(&load(&defs, &options, true, Depth::Full), &plain);
    let heads = load(&defs, &options, true, Depth::Heads);
    assert_eq!(heads.heads, plain.heads());

    // A cached body damaged behind the cache's back: the cache's own check says so,
    // as without the store.
    let metas: Vec<_> = std::fs::read_dir(options.cache(&source).dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.ends_with("manifest.json"))
        .collect();
    let meta = metas
        .iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains(&issue_path(2)))
        .expect("issue 2 is cached");
    let body = meta.with_extension("body");
    let mut bytes = std::fs::read(&body).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&body, &bytes).unwrap();
    let plain = load(&defs, &options, false, Depth::Full);
    assert_eq!(plain.library.issues.len(), 3, "{:?}", plain.warnings);
    assert_same(&load(&defs, &options, true, Depth::Full), &plain);
    std::fs::write(meta, b"{ not json").unwrap();
    let plain = load(&defs, &options, false, Depth::Full);
    assert_eq!(plain.library.issues.len(), 3, "{:?}", plain.warnings);
    assert_same(&load(&defs, &options, true, Depth::Full), &plain);
}
