//! Planning a load in parts: the sources resolved, each one's files listed (or, for
//! one folder with a store, left to the loader to walk), what is known before any
//! file is read.

use std::path::{Path, PathBuf};

use super::{FileRef, Group, Loader, Parts, Reader, newest_first};
use crate::library::LoadReport;
use crate::library::local;
use crate::library::remote::{self, FetchOptions};
use crate::library::sources::{self, Feed, SourceDef};
use crate::library::store::Store;
use crate::model::{Library, SourceInfo};

/// The library of `paths` (else of `sources`) to load in parts, or `None` when it is
/// better loaded at once with [`crate::library::load_with`]: no file is there to parse yet (a
/// first fetch, the embedded sample, nothing found: that load says what to do).
pub fn plan(
    paths: &[PathBuf],
    sources: &[SourceDef],
    options: &FetchOptions,
) -> anyhow::Result<Option<Parts>> {
    let parts = if paths.is_empty() {
        plan_sources(sources, options)?
    } else {
        plan_paths(paths, options)
    };
    Ok(parts.filter(|p| !p.loader.files.is_empty() || p.loader.walk_later.is_some()))
}

fn plan_paths(paths: &[PathBuf], options: &FetchOptions) -> Option<Parts> {
    if let Some(parts) = plan_stored_folder(paths, options) {
        return Some(parts);
    }
    let mut warnings = Vec::new();
    let files = local::collect_files(paths, &mut warnings);
    if files.is_empty() {
        return None;
    }
    let root = local::root(&files);
    let info = local::info(&root);
    let group = Group {
        source: info.id.clone(),
        store: local_store(paths, &root, options),
        reader: Reader::Local { root },
        prefix: String::new(),
        warnings,
    };
    let report = folder_report(info, paths);
    let files = newest_first(vec![files.into_iter().map(FileRef::Local).collect()]);
    Some(Parts {
        report,
        loader: Loader {
            groups: vec![group],
            files,
            walk_later: None,
            unstored_issues: false,
        },
    })
}

/// One folder with a store: walked by the loader, after its store's newest files are
/// shown (the walk of a large folder takes longer than a screen of issues decoded).
fn plan_stored_folder(paths: &[PathBuf], options: &FetchOptions) -> Option<Parts> {
    let [folder] = paths else { return None };
    if !folder.is_dir() {
        return None;
    }
    // The root the walk finds when the folder holds a Markdown file (checked then).
    let root = local::canonical(folder);
    let store = local_store(paths, &root, options)?;
    if !store.path().is_file() {
        return None;
    }
    let info = local::info(&root);
    let group = Group {
        source: info.id.clone(),
        store: Some(store),
        reader: Reader::Local { root },
        prefix: String::new(),
        warnings: Vec::new(),
    };
    let report = folder_report(info, paths);
    let loader = Loader {
        groups: vec![group],
        files: Vec::new(),
        walk_later: Some(folder.clone()),
        unstored_issues: false,
    };
    Some(Parts { report, loader })
}

/// Each feed's files listed (a folder walked, a cache's manifest read); a feed with
/// none is loaded at once, as [`sources::load_all`] would.
fn plan_sources(defs: &[SourceDef], options: &FetchOptions) -> anyhow::Result<Option<Parts>> {
    let (feeds, mut warnings) = sources::resolve_all(defs)?;
    let several = feeds.len() > 1;
    let mut report = LoadReport {
        label: label(&feeds),
        feeds: feeds.clone(),
        ..LoadReport::default()
    };
    report.library.sources = feeds.iter().map(Feed::info).collect();
    let mut groups = Vec::new();
    let mut lists = Vec::new();
    let mut at_once = Vec::new();
    for feed in &feeds {
        let prefix = match several {
            true => format!("{}: ", feed.title()),
            false => String::new(),
        };
        let (reader, files, listed) = list_feed(feed, options);
        if files.is_empty() {
            at_once.push((feed, prefix));
            continue;
        }
        groups.push(Group {
            source: feed.id(),
            store: store_of(feed, &reader, options),
            reader,
            prefix,
            warnings: listed,
        });
        lists.push(files);
    }
    if groups.is_empty() {
        return Ok(None);
    }
    let mut later = Vec::new();
    for (feed, prefix) in at_once {
        let part = feed.load(options);
        if part.library.issues.is_empty() && several && feed.is_fetched() {
            warnings.push(format!(
                "{}: nothing cached yet (a refresh or `brief fetch` gets it)",
                feed.title()
            ));
        }
        later.extend(part.warnings.iter().map(|w| format!("{prefix}{w}")));
        report.library.issues.extend(part.library.issues);
        report.library.pages.extend(part.library.pages);
    }
    let unstored_issues = !report.library.issues.is_empty() || !report.library.pages.is_empty();
    report.library.sort();
    // Warnings of sources read at once come before those of the parts, in the order
    // the feeds are listed, as [`crate::library::load`] gives them, only when it is one source.
    warnings.extend(later);
    report.warnings = warnings;
    let files = newest_first(lists);
    Ok(Some(Parts {
        report,
        loader: Loader {
            groups,
            files,
            walk_later: None,
            unstored_issues,
        },
    }))
}

/// The store of the local files under `paths` rooted at `root`, as
/// [`local::load_stored`] keeps it.
fn local_store(paths: &[PathBuf], root: &Path, options: &FetchOptions) -> Option<Store> {
    let roots: Vec<PathBuf> = paths.iter().map(|p| local::canonical(p)).collect();
    Some(Store::for_local(options.store_root()?, &roots, root))
}

/// The store of `feed`'s files, read by `reader`, as a load of the feed keeps it.
fn store_of(feed: &Feed, reader: &Reader, options: &FetchOptions) -> Option<Store> {
    match (feed, reader) {
        (Feed::Folder(folder), Reader::Local { root }) => {
            local_store(std::slice::from_ref(&folder.path), root, options)
        }
        (Feed::Fetched(_), Reader::Cached { cache, .. }) => {
            options.store_root()?;
            Some(Store::for_source(cache.dir()))
        }
        _ => None,
    }
}

/// What the library of `feeds` is called, as [`crate::library::load`] calls it.
fn label(feeds: &[Feed]) -> String {
    match feeds {
        [Feed::Fetched(source)] => remote::cache_label(source),
        [Feed::Folder(folder)] => local::label(std::slice::from_ref(&folder.path)),
        feeds => sources::several_label(feeds),
    }
}

/// How to read `feed`'s files, which they are, and what listing them met.
fn list_feed(feed: &Feed, options: &FetchOptions) -> (Reader, Vec<FileRef>, Vec<String>) {
    let mut warnings: Vec<String> = Vec::new();
    match feed {
        Feed::Fetched(source) => {
            let cache = options.cache(source);
            // Its warnings come escaped.
            let manifest = remote::known_manifest(source, &cache, &mut warnings);
            let files = manifest.issues.into_iter().map(FileRef::Cached).collect();
            let reader = Reader::Cached {
                source: Box::new(source.clone()),
                cache,
            };
            (reader, files, warnings)
        }
        Feed::Folder(folder) => {
            let files = local::collect_files(std::slice::from_ref(&folder.path), &mut warnings);
            let root = local::root(&files);
            let files = files.into_iter().map(FileRef::Local).collect();
            (Reader::Local { root }, files, warnings)
        }
    }
}

/// The report of a local library before any file is read: its one source, its label.
fn folder_report(info: SourceInfo, paths: &[PathBuf]) -> LoadReport {
    LoadReport {
        library: Library {
            sources: vec![info],
            ..Library::default()
        },
        label: local::label(paths),
        ..LoadReport::default()
    }
}
