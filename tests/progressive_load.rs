//! The reader's loader: the library built from its parts is the one `library::load`
//! gives (issues, order, pages, warnings), for local files and for several sources
//! (one fetched into the cache, one folder); the parts come newest first. A cold load
//! writes the persisted library, a warm one decodes it rather than parsing, but for
//! the files changed, added or removed since; a store given up half-way, torn or
//! unwritable is no harm.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use brief::library::cancel::Cancel;
use brief::library::progressive::{self, Arrival, Parts, Persist};
use brief::library::source::IndexSpec;
use brief::library::sources::SourceDef;
use brief::library::store::StoreMark;
use brief::library::store::search_index::SavedIndex;
use brief::library::{self, LoadReport, refresh};
use brief::model::{Issue, SourceId};
use brief::search::{Index, Query, Scope};
use brief::testing::synth;
use common::server::Server;

/// Runs `parts`' loader; the library built from its parts, and the parts' issue ids.
fn run(parts: Parts) -> (LoadReport, Vec<Vec<String>>) {
    let (report, seen, _) = run_stored(parts);
    (report, seen)
}

/// What a load read, to write to its stores, and how many files it took from them.
struct Read {
    persist: Option<Persist>,
    reused: usize,
    /// The stores holding the library as read, when they all do.
    stored: Option<Vec<StoreMark>>,
}

/// [`run`], with what it read.
fn run_stored(parts: Parts) -> (LoadReport, Vec<Vec<String>>, Read) {
    let Parts { mut report, loader } = parts;
    let total = loader.total();
    let mut seen = Vec::new();
    let mut done = None;
    let persist = loader.run(&mut |arrival| {
        match arrival {
            Arrival::Part {
                issues,
                loaded,
                total: all,
            } => {
                // Not known before a folder walked by the loader: its parts say.
                assert!(all == total || total == 0, "{all} {total}");
                assert!(loaded <= all);
                seen.push(issues.iter().map(|i| i.id.clone()).collect());
                progressive::add_part(&mut report.library, issues);
            }
            Arrival::Done(arrived) => done = Some(arrived),
        }
        true
    });
    let mut done = done.expect("the loader ends with Done");
    assert!(done.total == total || total == 0);
    let (reused, stored) = (done.reused, done.stored.take());
    progressive::finish(&mut report.library, &mut done);
    report.warnings.append(&mut done.warnings);
    (
        report,
        seen,
        Read {
            persist,
            reused,
            stored,
        },
    )
}

/// Options for local files: no cache is read.
fn options() -> brief::library::remote::FetchOptions {
    brief::library::remote::FetchOptions::with_cache_root(std::env::temp_dir().join("brief-unused"))
}

fn write_folder(dir: &Path, count: usize) {
    for (id, text) in synth::library_markdown(count) {
        fs::write(dir.join(format!("{id}.md")), text).unwrap();
    }
}

fn assert_same(parts: LoadReport, whole: LoadReport) {
    let ids =
        |issues: &[Issue]| -> Vec<String> { issues.iter().map(|i| i.key().to_string()).collect() };
    assert_eq!(ids(&parts.library.issues), ids(&whole.library.issues));
    assert_eq!(ids(&parts.library.pages), ids(&whole.library.pages));
    assert_eq!(parts.library, whole.library);
    assert_eq!(parts.label, whole.label);
    let mut warnings = parts.warnings.clone();
    let mut expected = whole.warnings.clone();
    warnings.sort();
    expected.sort();
    assert_eq!(warnings, expected);
}

#[test]
fn local_files_in_parts_make_the_library_load_gives_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let count = progressive::FIRST_BATCH + 60;
    write_folder(dir.path(), count);
    // A page (no link), an index page, and a file that is not UTF-8.
    fs::write(
        dir.path().join("privacy-policy.md"),
        "# Privacy\n\nNothing.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("broken.md"),
        b"# Broken \xff\n\n- [a](https://a.example)\n",
    )
    .unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let parts = progressive::plan(&paths, &[], &options()).unwrap().unwrap();
    assert_eq!(parts.loader.total(), count + 2);
    let (built, seen) = run(parts);
    let whole = library::load(&paths, &[], true, &options()).unwrap();
    assert!(!whole.warnings.is_empty(), "the fixture has a warning");
    assert_eq!(whole.library.pages.len(), 2, "{:?}", whole.library.pages);
    assert_same(built, whole);
    let first = &seen[0];
    assert_eq!(first.len(), progressive::FIRST_BATCH);
    let newest: Vec<String> = (0..count)
        .rev()
        .map(synth::issue_id)
        .take(first.len())
        .collect();
    let mut sorted = first.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(sorted, newest, "the first part holds the newest files");
}

#[test]
fn nothing_to_parse_is_left_to_the_ordinary_load() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![dir.path().to_path_buf()];
    assert!(
        progressive::plan(&paths, &[], &options())
            .unwrap()
            .is_none()
    );
    let missing = vec![PathBuf::from("/no/such/folder")];
    assert!(
        progressive::plan(&missing, &[], &options())
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_fetched_source_and_a_folder_in_parts_make_the_library_load_gives() {
    let server = Server::start(common::repository(30));
    let cache = tempfile::tempdir().unwrap();
    let options = common::options(&server, cache.path());
    let folder = tempfile::tempdir().unwrap();
    write_folder(folder.path(), 70);
    let defs = vec![
        SourceDef {
            id: SourceId::new("fetched").unwrap(),
            title: "Fetched".into(),
            index: IndexSpec::Url(server.index_url()),
            github: None,
        },
        SourceDef {
            id: SourceId::new("folder").unwrap(),
            title: "Folder".into(),
            index: IndexSpec::Path(folder.path().to_path_buf()),
            github: None,
        },
    ];
    let feeds = library::sources::resolve_all(&defs).unwrap().0;
    refresh::fetch_all(&feeds, &options, &|_, _, _| {}, &Cancel::new());
    let parts = progressive::plan(&[], &defs, &options).unwrap().unwrap();
    assert_eq!(parts.loader.total(), 100);
    let (built, seen, read) = run_stored(parts);
    let whole = library::load(&[], &defs, true, &options).unwrap();
    assert_eq!(whole.library.issues.len(), 100);
    assert_same(built, whole);
    let first = &seen[0];
    assert!(first.contains(&synth::issue_id(29)) && first.contains(&synth::issue_id(69)));
    // The stores (one per source) written by the load at once are those the loader
    // reads, the second time without parsing a file.
    assert_eq!(
        read.persist.unwrap().write(&|| false).map(|m| m.len()),
        Some(2)
    );
    let parts = progressive::plan(&[], &defs, &options).unwrap().unwrap();
    let (built, _, read) = run_stored(parts);
    assert_eq!(read.reused, 100);
    assert_same(built, library::load(&[], &defs, true, &options).unwrap());
}

/// Options keeping stores under `cache`.
fn stored_options(cache: &Path) -> brief::library::remote::FetchOptions {
    brief::library::remote::FetchOptions::with_cache_root(cache.to_path_buf())
}

/// A cold load of `paths` with stores under `cache`, its store written.
fn cold_load_written(paths: &[PathBuf], cache: &Path) -> Vec<StoreMark> {
    let parts = progressive::plan(paths, &[], &stored_options(cache)).unwrap();
    let (_, _, read) = run_stored(parts.unwrap());
    assert_eq!(read.reused, 0, "nothing stored yet");
    let marks = read.persist.unwrap().write(&|| false).expect("written");
    assert_eq!(marks.len(), 1);
    assert!(marks[0].path.is_file());
    marks
}

/// A load of `paths` with stores under `cache`, checked against `library::load`
/// (with no store): the library, its parts' ids, and what it read.
fn checked_load(paths: &[PathBuf], cache: &Path) -> (LoadReport, Vec<Vec<String>>, Read) {
    let parts = progressive::plan(paths, &[], &stored_options(cache)).unwrap();
    let (built, seen, read) = run_stored(parts.unwrap());
    let elsewhere = tempfile::tempdir().unwrap();
    let whole = library::load(paths, &[], true, &stored_options(elsewhere.path())).unwrap();
    let library = built.library.clone();
    assert_same(built, whole);
    (
        LoadReport {
            library,
            ..LoadReport::default()
        },
        seen,
        read,
    )
}

/// Files left in the folder of the store `mark` names but the store itself.
fn strays(store: &Path) -> Vec<String> {
    let names = fs::read_dir(store.parent().unwrap()).into_iter().flatten();
    names
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".brief") && !name.ends_with(".index"))
        .collect()
}

#[test]
fn a_cold_load_writes_the_store_and_a_warm_one_decodes_every_file_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let count = progressive::FIRST_BATCH + 60;
    write_folder(dir.path(), count);
    fs::write(dir.path().join("privacy.md"), "# Privacy\n\nNothing.\n").unwrap();
    fs::write(
        dir.path().join("broken.md"),
        b"# Broken \xff\n\n- [a](https://a.example)\n",
    )
    .unwrap();
    let paths = vec![dir.path().to_path_buf()];
    let (cold, cold_seen, _) = checked_load(&paths, cache.path());
    let marks = cold_load_written(&paths, cache.path());
    let (warm, warm_seen, read) = checked_load(&paths, cache.path());
    assert_eq!(read.reused, count + 2, "every file decoded, none parsed");
    assert_eq!(warm.library, cold.library);
    assert_eq!(warm_seen[0], cold_seen[0], "the same newest files first");
    // Nothing changed: the store is not written again.
    assert_eq!(read.persist.unwrap().write(&|| false), Some(marks));
}

#[test]
fn files_changed_added_or_removed_since_the_store_are_read_as_they_are_now() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let count = progressive::FIRST_BATCH + 20;
    write_folder(dir.path(), count);
    let paths = vec![dir.path().to_path_buf()];
    let first = cold_load_written(&paths, cache.path());
    let file = |n: usize| dir.path().join(format!("{}.md", synth::issue_id(n)));
    // Changed and removed: an old file, and one of the newest, first shown from the
    // store on a warm start.
    for n in [3, count - 2] {
        let changed = fs::read_to_string(file(n)).unwrap();
        let changed = changed.replacen("# ", "# Changed since the store ", 1);
        fs::write(file(n), changed).unwrap();
    }
    fs::remove_file(file(5)).unwrap();
    fs::remove_file(file(count - 1)).unwrap();
    let added = synth::library_markdown(count + 1).pop().unwrap();
    fs::write(dir.path().join(format!("{}.md", added.0)), added.1).unwrap();
    let (warm, _, read) = checked_load(&paths, cache.path());
    assert_eq!(
        read.reused,
        count - 4,
        "all but the changed, removed and added"
    );
    let issue = |n: usize| {
        let id = synth::issue_id(n);
        warm.library.issues.iter().find(|i| i.id == id).cloned()
    };
    for n in [3, count - 2] {
        let title = issue(n).unwrap().title;
        assert!(title.starts_with("Changed since the store"), "{title}");
    }
    assert!(issue(5).is_none() && issue(count - 1).is_none(), "removed");
    assert!(issue(count).is_some(), "added");
    // Written again, then all of it decoded.
    let second = read.persist.unwrap().write(&|| false).unwrap();
    assert_ne!(second, first);
    let (again, _, read) = checked_load(&paths, cache.path());
    assert_eq!(read.reused, count - 1);
    assert_eq!(again.library, warm.library);
}

#[test]
fn a_store_given_up_half_way_torn_or_damaged_is_read_again_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let count = progressive::FIRST_BATCH + 20;
    write_folder(dir.path(), count);
    let paths = vec![dir.path().to_path_buf()];
    // Given up at once, then after its first pieces: nothing written, nothing left.
    for pieces in [0, 3] {
        let parts = progressive::plan(&paths, &[], &stored_options(cache.path())).unwrap();
        let (_, _, read) = run_stored(parts.unwrap());
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= pieces;
        assert_eq!(read.persist.unwrap().write(&stop), None);
        let folder = cache.path().join("library");
        let left: Vec<_> = fs::read_dir(&folder).into_iter().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
    }
    let marks = cold_load_written(&paths, cache.path());
    let store = marks[0].path.clone();
    let bytes = fs::read(&store).unwrap();
    // A byte of a body changed: the issues read with it (its piece of the store)
    // are parsed again.
    let mut damaged = bytes.clone();
    let at = bytes.len() - 100;
    damaged[at] ^= 0x20;
    fs::write(&store, &damaged).unwrap();
    let (_, _, read) = checked_load(&paths, cache.path());
    assert!(read.reused < count, "{}", read.reused);
    // Torn: read again from the files, then written whole.
    fs::write(&store, &bytes[..bytes.len() / 2]).unwrap();
    let (_, _, read) = checked_load(&paths, cache.path());
    assert_eq!(read.reused, 0);
    assert!(read.persist.unwrap().write(&|| false).is_some());
    assert!(strays(&store).is_empty(), "{:?}", strays(&store));
    let (_, _, read) = checked_load(&paths, cache.path());
    assert_eq!(read.reused, count);
}

#[test]
fn a_cache_that_cannot_be_written_leaves_the_load_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let count = progressive::FIRST_BATCH + 5;
    write_folder(dir.path(), count);
    let blocked = dir.path().join("not-a-folder");
    fs::write(&blocked, "x").unwrap();
    let cache = blocked.join("cache");
    let paths = vec![dir.path().to_path_buf()];
    let (_, _, read) = checked_load(&paths, &cache);
    assert_eq!(read.persist.unwrap().write(&|| false), None);
    let (_, _, read) = checked_load(&paths, &cache);
    assert_eq!(read.reused, 0);
}

#[test]
fn issues_shown_from_the_store_whose_files_the_walk_no_longer_finds_are_taken_away() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let folder = dir.path().join("issues");
    let outside = dir.path().join("elsewhere");
    fs::create_dir_all(&folder).unwrap();
    fs::create_dir_all(&outside).unwrap();
    write_folder(&folder, 10);
    // The newest issues are links to files elsewhere.
    let newest = synth::library_markdown(14).split_off(10);
    for (id, text) in &newest {
        let target = outside.join(format!("{id}.md"));
        fs::write(&target, text).unwrap();
        std::os::unix::fs::symlink(&target, folder.join(format!("{id}.md"))).unwrap();
    }
    let paths = vec![folder.clone()];
    cold_load_written(&paths, cache.path());
    // The links go: their files are still there, but no more in the folder.
    for (id, _) in &newest {
        fs::remove_file(folder.join(format!("{id}.md"))).unwrap();
    }
    let (warm, seen, _) = checked_load(&paths, cache.path());
    // Their ids are their paths, outside the folder.
    let shown = seen[0]
        .iter()
        .filter(|id| id.ends_with(&newest[0].0))
        .count();
    assert_eq!(shown, 1, "shown from the store first: {:?}", seen[0]);
    assert_eq!(warm.library.issues.len(), 10);
}

#[test]
fn a_warm_load_names_its_stores_so_the_saved_search_index_is_used_and_answers_alike() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write_folder(dir.path(), progressive::FIRST_BATCH + 40);
    let paths = vec![dir.path().to_path_buf()];
    let (_, _, cold) = checked_load(&paths, cache.path());
    assert_eq!(cold.stored, None, "the store is behind until written");
    let marks = cold_load_written(&paths, cache.path());
    // `brief search` saves the index of the library the store holds.
    let options = stored_options(cache.path());
    let listed = library::load(&paths, &[], true, &options).unwrap();
    assert_eq!(listed.stored.as_ref(), Some(&marks));
    let saved = SavedIndex::of(cache.path(), &listed).unwrap();
    saved.save(&Index::build(&listed.library), &listed.library);
    // The reader's warm load names the same stores, so it finds that index.
    let (warm, _, read) = checked_load(&paths, cache.path());
    assert_eq!(read.stored.as_ref(), Some(&marks));
    let found = SavedIndex::for_stores(cache.path(), &marks, &warm.library.sources);
    assert_eq!(found.as_ref(), Some(&saved));
    let loaded = saved.load().expect("the saved index is current");
    let built = Index::build(&warm.library);
    for query in [
        "量化",
        "剪枝 -知乎",
        "title:2020",
        "section:论文 模型",
        "\"模型压缩\"",
    ] {
        let hits = |index: &Index| index.search(&Query::parse(query), Scope::default());
        assert_eq!(hits(&loaded), hits(&built), "{query}");
    }
    assert!(
        !built
            .search(&Query::parse("量化"), Scope::default())
            .is_empty()
    );
    // A file changed since: the store is behind, no index can stand for the library.
    let first = fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(
        &first,
        "# 2099-01-01\n\n## 论文\n\n- [新](https://n.example)\n",
    )
    .unwrap();
    let (_, _, changed) = checked_load(&paths, cache.path());
    assert_eq!(changed.stored, None);
}

/// Where part `kind` of the store at `path` lies in the file.
fn part_range(path: &Path, kind: u32) -> std::ops::Range<usize> {
    let bytes = fs::read(path).unwrap();
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let long = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let (parts, pages) = (word(32), word(36));
    let data_start = 64 + parts * 24 + pages * 8;
    let at = (0..parts)
        .map(|p| 64 + p * 24)
        .find(|&at| word(at) == kind as usize);
    let at = at.expect("the store has the part");
    data_start + long(at + 8)..data_start + long(at + 8) + long(at + 16)
}

/// Enough files for HEADS to fill more than a page.
const FILES: usize = 700;

#[test]
fn a_warm_start_shows_the_newest_issues_from_their_own_part_even_when_the_rest_is_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    write_folder(dir.path(), FILES);
    let paths = vec![dir.path().to_path_buf()];
    let (cold, cold_seen, _) = checked_load(&paths, cache.path());
    let marks = cold_load_written(&paths, cache.path());
    let store = &marks[0].path;
    let (heads, newest) = (part_range(store, 1), part_range(store, 3));
    // Not a page (64 KiB) in common: damaging HEADS leaves NEWEST readable.
    assert!(heads.end <= newest.start && heads.start / 65536 < newest.start / 65536);
    let mut bytes = fs::read(store).unwrap();
    bytes[heads.start + 3] ^= 0x55;
    fs::write(store, bytes).unwrap();
    // The newest file changed behind the store's back (same size, same time): shown
    // as stored, it shows the first part came from the store (NEWEST) and not from
    // the walk, which would parse it.
    let newest_file = dir
        .path()
        .join(format!("{}.md", synth::issue_id(FILES - 1)));
    let modified = fs::metadata(&newest_file).unwrap().modified().unwrap();
    let text = fs::read_to_string(&newest_file).unwrap();
    fs::write(&newest_file, text.replace("Chinese and", "Chinese und")).unwrap();
    let file = fs::File::options().write(true).open(&newest_file).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let parts = progressive::plan(&paths, &[], &stored_options(cache.path())).unwrap();
    let (warm, warm_seen, read) = run_stored(parts.unwrap());
    assert_eq!(warm_seen[0], cold_seen[0], "the newest issues first");
    assert_eq!(warm_seen[0].len(), progressive::FIRST_BATCH);
    assert_eq!(warm.library, cold.library, "the newest as stored");
    let parsed = library::load(&paths, &[], true, &options()).unwrap();
    assert_ne!(parsed.library, cold.library, "the file did change");
    assert_eq!(read.reused, 0, "HEADS unreadable: no record reused");
    assert_eq!(read.stored, None);
    // Written again, with the newest issues read early kept in it.
    let rewritten = read.persist.unwrap().write(&|| false).expect("written");
    let parts = progressive::plan(&paths, &[], &stored_options(cache.path())).unwrap();
    let (again, _, read) = run_stored(parts.unwrap());
    assert_eq!(
        read.reused, FILES,
        "every file from the store written again"
    );
    assert_eq!(read.stored, Some(rewritten));
    assert_eq!(again.library, warm.library);
}
