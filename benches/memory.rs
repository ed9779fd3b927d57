//! Memory held by the reader's data at 1,000 and 10,000 issues, against the Markdown's
//! bytes: the library parsed (a cold start) and read back from its store (a warm one),
//! the search index built and read back from its file, counted by a counting
//! allocator (bytes asked for, not the allocator's pages). Read back, entries' strings
//! and the index's text stay where they lie in the mapped files: those bytes are
//! printed beside, as the page cache's, not the process's. Prints a table; times
//! nothing. Libraries repeat the 40 real issues of `../shared/corpus` (see
//! `support/corpus.rs`), written to a temporary folder.

use std::path::Path;

use brief::library::local;
use brief::library::store::Depth;
use brief::model::Library;
use brief::search::Index;
use peak_alloc::PeakAlloc;

#[path = "support/corpus.rs"]
mod corpus;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

const SIZES: &[usize] = &[1_000, 10_000];

/// What `step` returns, with the bytes it left allocated and its peak above the start.
fn measured<T>(step: impl FnOnce() -> T) -> (T, usize, usize) {
    ALLOC.reset_peak_usage();
    let before = ALLOC.current_usage();
    let value = step();
    let held = ALLOC.current_usage().saturating_sub(before);
    let peak = ALLOC.peak_usage().saturating_sub(before);
    (value, held, peak)
}

/// The library of `count` issues, parsed (a cold start), with its Markdown's bytes
/// and a cache folder holding its store.
fn library_of(count: usize) -> (Library, usize, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let issues = dir.path().join("issues");
    std::fs::create_dir(&issues).expect("makes a folder");
    let mut markdown_bytes = 0;
    for (id, text) in corpus::markdown(count) {
        std::fs::write(issues.join(format!("{id}.md")), &text).expect("writes");
        markdown_bytes += text.len();
    }
    let library = warm_library(&dir);
    (library, markdown_bytes, dir)
}

/// The library in `dir`, through its store there (read back when it is current).
fn warm_library(dir: &tempfile::TempDir) -> Library {
    let paths = [dir.path().join("issues")];
    local::load_stored(&paths, Some(&dir.path().join("cache")), Depth::Full)
        .expect("loads")
        .library
}

/// Sizes of the files in the cache folder whose name ends with `suffix`.
fn files_bytes(dir: &Path, suffix: &str) -> u64 {
    walk_sizes(dir)
        .filter(|(name, _)| name.ends_with(suffix))
        .map(|(_, len)| len)
        .sum()
}

fn walk_sizes(dir: &Path) -> impl Iterator<Item = (String, u64)> {
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    entries.flat_map(|entry| {
        let path = entry.path();
        let mut found: Vec<(String, u64)> = Vec::new();
        if path.is_dir() {
            found.extend(walk_sizes(&path));
        } else if let Ok(meta) = entry.metadata() {
            found.push((entry.file_name().to_string_lossy().into_owned(), meta.len()));
        }
        found
    })
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mb = |n: usize| format!("{:7.1} MB", n as f64 / 1e6);
    for &count in SIZES {
        let ((parsed, markdown, dir), parsed_held, parsed_peak) = measured(|| library_of(count));
        let ratio = |n: usize| n as f64 / markdown as f64;
        println!(
            "{count} issues, {} entries: markdown {}",
            parsed.entry_count(),
            mb(markdown)
        );
        println!(
            "  library parsed        held {} ({:.2}x), peak while loading {}",
            mb(parsed_held),
            ratio(parsed_held),
            mb(parsed_peak)
        );
        // As the reader's: with the tables of one-character queries.
        let with_tables = |mut index: Index| {
            index.add_keystroke_tables();
            index
        };
        let (index, index_held, index_peak) = measured(|| with_tables(Index::build(&parsed)));
        println!(
            "  index built           held {} ({:.2}x), peak while building {}",
            mb(index_held),
            ratio(index_held),
            mb(index_peak)
        );
        let index_path = dir.path().join("search.index");
        let mut file = std::fs::File::create(&index_path).expect("creates");
        index
            .write_with_display(&parsed, b"bench", &mut file)
            .expect("writes");
        drop((index, parsed, file));
        let (library, library_held, library_peak) = measured(|| warm_library(&dir));
        let store_bytes = files_bytes(&dir.path().join("cache"), ".brief");
        println!(
            "  library from store    held {} ({:.2}x), peak while loading {}; store mapped {}",
            mb(library_held),
            ratio(library_held),
            mb(library_peak),
            mb(store_bytes as usize)
        );
        let read = || {
            let file = std::fs::File::open(&index_path).expect("opens");
            let index = Index::load_stamped(file, b"bench").expect("reads back");
            with_tables(index.expect("its stamp"))
        };
        let (index, read_held, read_peak) = measured(read);
        println!(
            "  index from its file   held {} ({:.2}x), peak while reading {}; file mapped {}",
            mb(read_held),
            ratio(read_held),
            mb(read_peak),
            mb(files_bytes(dir.path(), ".index") as usize)
        );
        println!(
            "  warm reader: library + index {} ({:.2}x the markdown)",
            mb(library_held + read_held),
            ratio(library_held + read_held)
        );
        drop((index, library));
    }
}
