//! Memory held by the reader's data at 1,000 and 10,000 issues, against the Markdown's
//! bytes: the library as loaded, the search index built from it and the same index
//! read back from its file, counted by a counting allocator (bytes asked for, not the
//! allocator's pages). Prints a table; times nothing. Libraries repeat the 40 real
//! issues of `../shared/corpus` (see `support/corpus.rs`), written to a temporary folder.

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

fn library_of(count: usize) -> (Library, usize, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut markdown_bytes = 0;
    for (id, text) in corpus::markdown(count) {
        std::fs::write(dir.path().join(format!("{id}.md")), &text).expect("writes");
        markdown_bytes += text.len();
    }
    let library = brief::library::local::load(&[dir.path().to_path_buf()])
        .expect("loads")
        .library;
    (library, markdown_bytes, dir)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mb = |n: usize| format!("{:7.1} MB", n as f64 / 1e6);
    for &count in SIZES {
        let ((library, markdown, _dir), library_held, library_peak) =
            measured(|| library_of(count));
        // As the reader's: with the tables of one-character queries.
        let with_tables = |mut index: Index| {
            index.add_one_character_tables();
            index
        };
        let (index, index_held, index_peak) = measured(|| with_tables(Index::build(&library)));
        let bytes = index.to_bytes();
        drop(index);
        let (index, read_held, read_peak) =
            measured(|| with_tables(Index::from_bytes(&bytes).expect("reads back")));
        drop(bytes);
        let ratio = |n: usize| n as f64 / markdown as f64;
        println!(
            "{count} issues, {} entries: markdown {}",
            library.entry_count(),
            mb(markdown)
        );
        println!(
            "  library held {} ({:.2}x), peak while loading {}",
            mb(library_held),
            ratio(library_held),
            mb(library_peak)
        );
        println!(
            "  index   held {} ({:.2}x), peak while building {} (by heap_bytes {})",
            mb(index_held),
            ratio(index_held),
            mb(index_peak),
            mb(index.heap_bytes())
        );
        println!(
            "  index read from its file held {}, peak {}",
            mb(read_held),
            mb(read_peak)
        );
        println!(
            "  library + index {} ({:.2}x the markdown)",
            mb(library_held + read_held),
            ratio(library_held + read_held)
        );
        drop((index, library));
    }
}
