//! The cold start's loader: the library built from its parts is the one
//! `library::load` gives (issues, order, pages, warnings), for local files and for
//! several sources (one fetched into the cache, one folder); the parts come newest
//! first.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use brief::library::cancel::Cancel;
use brief::library::progressive::{self, Arrival, Parts};
use brief::library::source::IndexSpec;
use brief::library::sources::SourceDef;
use brief::library::{self, LoadReport, refresh};
use brief::model::{Issue, SourceId};
use brief::testing::synth;
use common::server::Server;

/// Runs `parts`' loader; the library built from its parts, and the parts' issue ids.
fn run(parts: Parts) -> (LoadReport, Vec<Vec<String>>) {
    let Parts { mut report, loader } = parts;
    let total = loader.total();
    let mut seen = Vec::new();
    let mut done = None;
    loader.run(&mut |arrival| {
        match arrival {
            Arrival::Part {
                issues,
                loaded,
                total: all,
            } => {
                assert_eq!(all, total);
                assert!(loaded <= total);
                seen.push(issues.iter().map(|i| i.id.clone()).collect());
                progressive::add_part(&mut report.library, issues);
            }
            Arrival::Done(arrived) => done = Some(arrived),
        }
        true
    });
    let mut done = done.expect("the loader ends with Done");
    assert_eq!(done.total, total);
    progressive::finish(&mut report.library, &mut done);
    report.warnings.append(&mut done.warnings);
    (report, seen)
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
    let (built, seen) = run(parts);
    let whole = library::load(&[], &defs, true, &options).unwrap();
    assert_eq!(whole.library.issues.len(), 100);
    assert_same(built, whole);
    let first = &seen[0];
    assert!(first.contains(&synth::issue_id(29)) && first.contains(&synth::issue_id(69)));
}
