//! The persisted library (library::store): a load through it gives what a load
//! without it gives, whatever happened to the files or to the store (stale, truncated,
//! another version, written by two processes at once, a cache that cannot be written),
//! and only the files that changed are read again.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use brief::library::LoadReport;
use brief::library::local;
use brief::library::store::{Depth, IssueHead, Store, Writes};
use brief::testing::synth::{issue_id, issue_markdown};

/// A folder of `count` synthetic issues, and a cache folder beside it.
struct Setup {
    _dir: tempfile::TempDir,
    issues: PathBuf,
    cache: PathBuf,
}

fn setup(count: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let issues = dir.path().join("issues");
    fs::create_dir(&issues).unwrap();
    for n in 0..count {
        write_issue(&issues, n, &issue_markdown(n));
    }
    let cache = dir.path().join("cache");
    Setup {
        _dir: dir,
        issues,
        cache,
    }
}

fn write_issue(dir: &Path, n: usize, text: &str) {
    fs::write(dir.join(format!("{}.md", issue_id(n))), text).unwrap();
}

fn stored_load(setup: &Setup, depth: Depth) -> LoadReport {
    local::load_stored(
        std::slice::from_ref(&setup.issues),
        Some(&setup.cache),
        depth,
    )
    .unwrap()
}

/// What a load without any store gives.
fn plain_load(setup: &Setup) -> LoadReport {
    local::load(std::slice::from_ref(&setup.issues)).unwrap()
}

/// The store file of `setup`'s library.
fn store_file(setup: &Setup) -> PathBuf {
    let canonical = fs::canonicalize(&setup.issues).unwrap();
    Store::for_local(&setup.cache, std::slice::from_ref(&canonical), &canonical)
        .path()
        .to_path_buf()
}

fn assert_same(stored: &LoadReport, plain: &LoadReport) {
    assert_eq!(stored.library, plain.library);
    assert_eq!(stored.library.sources, plain.library.sources);
    assert_eq!(stored.warnings, plain.warnings);
}

#[test]
fn a_second_load_reads_the_store_and_gives_the_same_library() {
    let setup = setup(6);
    let plain = plain_load(&setup);
    let first = stored_load(&setup, Depth::Full);
    assert!(store_file(&setup).is_file());
    let second = stored_load(&setup, Depth::Full);
    assert_same(&first, &plain);
    assert_same(&second, &plain);
    assert_eq!(first.stored, second.stored, "nothing changed: same write");
    assert!(second.stored.is_some());
}

fn entries_heap(report: &LoadReport) -> Vec<usize> {
    let issues = report.library.issues.iter();
    let sections = issues.flat_map(|issue| &issue.sections);
    let entries = sections.flat_map(|section| &section.entries);
    entries.map(brief::model::Entry::heap_bytes).collect()
}

#[test]
fn entries_read_back_keep_their_strings_in_the_store_file_which_outlives_its_replacement() {
    let setup = setup(6);
    let plain = plain_load(&setup);
    let first = stored_load(&setup, Depth::Full);
    let heap = entries_heap(&first);
    assert!(
        heap.len() > 20 && heap.iter().all(|&bytes| bytes > 0),
        "parsed: copies"
    );
    let second = stored_load(&setup, Depth::Full);
    assert!(
        entries_heap(&second).iter().all(|&bytes| bytes == 0),
        "{heap:?}"
    );
    // The store is written again (renamed over the old one) and the old one removed:
    // what was read from it still reads the same.
    write_issue(&setup.issues, 2, &issue_markdown(7));
    let third = stored_load(&setup, Depth::Full);
    assert_ne!(third.stored, second.stored);
    fs::remove_file(store_file(&setup)).unwrap();
    assert_same(&second, &plain);
}

#[test]
fn heads_are_those_of_the_whole_issues_in_the_same_order() {
    let setup = setup(8);
    let plain = plain_load(&setup);
    let expected: Vec<IssueHead> = plain.library.issues.iter().map(IssueHead::stored).collect();
    for _ in 0..2 {
        let heads = stored_load(&setup, Depth::Heads);
        assert!(heads.library.issues.is_empty());
        assert_eq!(heads.heads, expected);
        assert_eq!(heads.library.sources, plain.library.sources);
        assert_eq!(heads.warnings, plain.warnings);
    }
}

#[test]
fn a_store_that_holds_every_file_as_it_is_is_read_from_its_stamps_alone() {
    let setup = setup(5);
    // Cut at the input limit: a warning, said at every load (from the store too).
    let mut long = issue_markdown(5);
    while long.len() <= brief::parse::MAX_INPUT {
        long.push_str("- [量化 | 某处](https://example.com/x)\n  摘要：量化。\n");
    }
    write_issue(&setup.issues, 5, &long);
    let plain = plain_load(&setup);
    assert!(!plain.warnings.is_empty());
    let full = stored_load(&setup, Depth::Full);
    let held = stored_load(&setup, Depth::MarkIfCurrent);
    assert!(held.library.issues.is_empty() && held.library.pages.is_empty());
    assert!(held.heads.is_empty() && held.page_heads.is_empty());
    assert_eq!(held.held, plain.library.issues.len());
    assert!(!held.is_empty());
    assert!(full.stored.is_some());
    assert_eq!(held.stored, full.stored, "the store's mark");
    assert_eq!(held.library.sources, plain.library.sources);
    assert_eq!(held.warnings, plain.warnings);
}

#[test]
fn a_store_of_pages_alone_holds_no_issue_at_any_depth() {
    let setup = setup(0);
    fs::write(setup.issues.join("notes.md"), "# Notes\n\nNo links here.\n").unwrap();
    let full = stored_load(&setup, Depth::Full);
    assert_eq!(
        (full.library.issues.len(), full.library.pages.len()),
        (0, 1)
    );
    let held = stored_load(&setup, Depth::MarkIfCurrent);
    assert_eq!(held.held, 0);
    assert!(held.is_empty() && full.is_empty());
    assert_eq!(held.library.sources, full.library.sources);
}

#[test]
fn changed_added_and_removed_files_are_seen() {
    let setup = setup(5);
    let first = stored_load(&setup, Depth::Full);
    write_issue(&setup.issues, 1, &issue_markdown(1).replace("量化", "量子"));
    write_issue(&setup.issues, 7, &issue_markdown(7));
    fs::remove_file(setup.issues.join(format!("{}.md", issue_id(3)))).unwrap();
    let plain = plain_load(&setup);
    let changed = stored_load(&setup, Depth::MarkIfCurrent);
    assert_same(&changed, &plain);
    assert_eq!(changed.held, 0, "read whole");
    for depth in [Depth::Full, Depth::Heads] {
        let stored = stored_load(&setup, depth);
        let heads: Vec<IssueHead> = plain.library.issues.iter().map(IssueHead::stored).collect();
        assert_eq!(stored.heads(), heads, "{depth:?}");
        assert_eq!(stored.warnings, plain.warnings);
    }
    let held = stored_load(&setup, Depth::MarkIfCurrent);
    assert_eq!(held.held, plain.library.issues.len(), "current again");
    let again = stored_load(&setup, Depth::Full);
    assert_same(&again, &plain);
    assert_ne!(again.stored, first.stored, "the store was written again");
}

#[test]
fn a_file_of_the_same_size_and_time_is_not_read_again() {
    let setup = setup(3);
    let path = setup.issues.join(format!("{}.md", issue_id(0)));
    let before = stored_load(&setup, Depth::Full);
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let text = issue_markdown(0);
    let same_size = text.replacen("本期关注", "本期聚焦", 1);
    assert_eq!(same_size.len(), text.len());
    fs::write(&path, &same_size).unwrap();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let after = stored_load(&setup, Depth::Full);
    assert_eq!(after.library, before.library, "the stored issue is used");
    assert_eq!(after.stored, before.stored);
    // A new time is a change.
    let later = modified + Duration::from_secs(1);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_same(&stored_load(&setup, Depth::Full), &plain_load(&setup));
}

#[test]
fn a_truncated_or_damaged_store_is_rebuilt() {
    let setup = setup(4);
    let plain = plain_load(&setup);
    stored_load(&setup, Depth::Full);
    let path = store_file(&setup);
    let whole = fs::read(&path).unwrap();
    let cuts = [0, 10, 64, whole.len() / 3, whole.len() / 2, whole.len() - 1];
    for cut in cuts {
        fs::write(&path, &whole[..cut]).unwrap();
        let held = stored_load(&setup, Depth::MarkIfCurrent);
        assert_same(&held, &plain);
        assert_eq!(held.held, 0, "cut at {cut}: read whole");
        fs::write(&path, &whole[..cut]).unwrap();
        for depth in [Depth::Heads, Depth::Full] {
            let report = stored_load(&setup, depth);
            assert_eq!(report.warnings, plain.warnings, "cut at {cut}");
            assert_eq!(
                report.heads(),
                stored_load(&setup, Depth::Heads).heads,
                "cut at {cut}"
            );
        }
        assert_same(&stored_load(&setup, Depth::Full), &plain);
        assert!(Store::at(path.clone()).open().is_some(), "rebuilt whole");
    }
    for at in [5, 40, whole.len() / 2, whole.len() - 3] {
        let mut damaged = whole.clone();
        damaged[at] ^= 0x20;
        fs::write(&path, &damaged).unwrap();
        assert_same(&stored_load(&setup, Depth::Full), &plain);
        fs::write(&path, &damaged).unwrap();
        // A body damaged is found when it is read: the stamps alone may still hold
        // (or, unreadable, the heads).
        let held = stored_load(&setup, Depth::MarkIfCurrent);
        assert_eq!(held.warnings, plain.warnings, "damaged at {at}");
        match (held.held, held.library.issues.is_empty()) {
            (0, true) => assert_eq!(held.heads(), plain.heads(), "damaged at {at}"),
            (0, false) => assert_same(&held, &plain),
            (issues, _) => assert_eq!(issues, plain.library.issues.len(), "damaged at {at}"),
        }
    }
}

fn without_hashes(mut heads: Vec<IssueHead>) -> Vec<IssueHead> {
    for head in &mut heads {
        head.entry_hashes = None;
    }
    heads
}

#[test]
fn a_deferred_load_writes_nothing_and_says_the_store_is_behind() {
    let setup = setup(4);
    let plain = plain_load(&setup);
    let paths = std::slice::from_ref(&setup.issues);
    let deferred = |depth| {
        local::load_stored_with(paths, Some(&setup.cache), depth, Writes::Deferred).unwrap()
    };
    for depth in [Depth::Full, Depth::Heads, Depth::MarkIfCurrent] {
        let report = deferred(depth);
        assert!(report.unsaved, "{depth:?}");
        assert!(report.stored.is_none());
        assert!(!store_file(&setup).exists(), "{depth:?}: nothing written");
        // What a list prints is the same; the entries' hashes are only for a store.
        assert_eq!(
            without_hashes(report.heads()),
            without_hashes(plain.heads())
        );
    }
    assert_same(&deferred(Depth::Full), &plain);
    // A writer stopped half-way leaves a temporary file beside the store, never a
    // store: the next load still finds the store behind.
    fs::create_dir_all(store_file(&setup).parent().unwrap()).unwrap();
    let torn = store_file(&setup).with_file_name(".tmp-99999-0");
    fs::write(&torn, b"BRIEFIDX half of a store").unwrap();
    assert!(deferred(Depth::Heads).unsaved);
    let written = stored_load(&setup, Depth::Heads);
    assert!(!written.unsaved && written.stored.is_some());
    for depth in [Depth::Full, Depth::Heads, Depth::MarkIfCurrent] {
        let report = deferred(depth);
        assert!(!report.unsaved, "{depth:?}: current");
        assert_eq!(report.stored, written.stored, "{depth:?}");
    }
    // A file changed: behind again, and still not written.
    write_issue(&setup.issues, 2, &issue_markdown(2).replace("量化", "量子"));
    let report = deferred(Depth::Heads);
    assert!(report.unsaved && report.stored.is_none());
    assert!(Store::at(store_file(&setup)).open().is_some());
    assert_eq!(
        stored_load(&setup, Depth::Heads).heads,
        plain_load(&setup).heads()
    );
}

#[test]
fn a_store_of_another_version_is_rebuilt() {
    let setup = setup(3);
    let plain = plain_load(&setup);
    stored_load(&setup, Depth::Full);
    let path = store_file(&setup);
    let mut bytes = fs::read(&path).unwrap();
    // The container's version, after its 8-byte magic.
    bytes[8] = bytes[8].wrapping_add(1);
    fs::write(&path, &bytes).unwrap();
    assert!(Store::at(path.clone()).open().is_none());
    assert_same(&stored_load(&setup, Depth::Full), &plain);
    assert!(Store::at(path).open().is_some());
}

#[test]
fn without_a_cache_to_write_to_loads_go_on_as_before() {
    let setup = setup(3);
    let plain = plain_load(&setup);
    // A cache "folder" under a regular file can be neither made nor written.
    let blocked = setup.cache.join("file");
    fs::create_dir_all(&setup.cache).unwrap();
    fs::write(&blocked, "not a folder").unwrap();
    let paths = [setup.issues.clone()];
    let report = local::load_stored(&paths, Some(&blocked.join("cache")), Depth::Full).unwrap();
    assert_same(&report, &plain);
    assert!(report.stored.is_none());
}

/// The folders of the digests' fixtures (This Week in Rust, 科技爱好者周刊, HelloGitHub).
fn digest_folders() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/digests");
    let mut folders: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flat_map(|digest| fs::read_dir(digest.unwrap().path()).unwrap())
        .map(|folder| folder.unwrap().path())
        .collect();
    folders.sort();
    folders
}

#[test]
fn digests_read_back_equal_from_the_store_with_every_field_of_the_model() {
    let cache = tempfile::tempdir().unwrap();
    let mut seen = [false; 7];
    for folder in digest_folders() {
        let paths = std::slice::from_ref(&folder);
        let plain = local::load(paths).unwrap();
        let library = &plain.library;
        let sections = || library.issues.iter().flat_map(|i| &i.sections);
        let found = [
            sections().any(|s| !s.parents.is_empty()),
            sections().any(|s| s.link.is_some()),
            sections().any(|s| !s.links.is_empty()),
            library.issues.iter().any(|i| !i.intro_links.is_empty()),
            library
                .issues
                .iter()
                .any(|i| i.entries().any(|(_, e)| e.number().is_some())),
            !library.pages.is_empty(),
            library.pages.iter().any(|p| p.id.contains('/'))
                || library.issues.iter().any(|i| i.id.contains('/')),
        ];
        for (seen, found) in seen.iter_mut().zip(found) {
            *seen |= found;
        }
        for round in ["cold", "warm"] {
            let full = local::load_stored(paths, Some(cache.path()), Depth::Full).unwrap();
            assert_same(&full, &plain);
            assert_eq!(full.library.pages, plain.library.pages, "{round}");
            assert!(full.stored.is_some(), "{round}");
            let heads = local::load_stored(paths, Some(cache.path()), Depth::Heads).unwrap();
            assert!(heads.library.issues.is_empty() && heads.library.pages.is_empty());
            let of = |issues: &[brief::model::Issue]| -> Vec<IssueHead> {
                issues.iter().map(IssueHead::stored).collect()
            };
            assert_eq!(heads.heads, of(&library.issues), "{folder:?} {round}");
            assert_eq!(heads.page_heads, of(&library.pages), "{folder:?} {round}");
            assert_eq!(heads.library.sources, library.sources);
            assert_eq!(heads.warnings, plain.warnings);
            let held = local::load_stored(paths, Some(cache.path()), Depth::MarkIfCurrent);
            let held = held.unwrap();
            assert_eq!(held.held, library.issues.len(), "{folder:?} {round}");
            assert_eq!(held.stored, full.stored);
            assert_eq!(held.library.sources, library.sources);
            assert_eq!(held.warnings, plain.warnings);
        }
    }
    assert_eq!(
        seen, [true; 7],
        "parents, heading links, section links, intro links, entry numbers, pages, ids in folders"
    );
}

#[test]
fn a_file_named_is_an_issue_from_the_store_too() {
    let cache = tempfile::tempdir().unwrap();
    let weekly = digest_folders()
        .into_iter()
        .find(|f| f.ends_with("weekly/docs"))
        .unwrap();
    // Named first: the file is named, not found in the folder.
    let paths = [weekly.join("free-music.md"), weekly.clone()];
    let plain = local::load(&paths).unwrap();
    assert!(plain.library.issues.iter().any(|i| i.id == "free-music"));
    for _ in 0..2 {
        let full = local::load_stored(&paths, Some(cache.path()), Depth::Full).unwrap();
        assert_same(&full, &plain);
        let heads = local::load_stored(&paths, Some(cache.path()), Depth::Heads).unwrap();
        let ids = |heads: &[IssueHead]| heads.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        let plain_ids = |issues: &[brief::model::Issue]| {
            issues.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(ids(&heads.heads), plain_ids(&plain.library.issues));
        assert_eq!(ids(&heads.page_heads), plain_ids(&plain.library.pages));
    }
}
