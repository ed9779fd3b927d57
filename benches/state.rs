//! What remembering costs at start, for a library of 10,000 issues and 200,000
//! entries, every entry read and 2,000 of them starred (the issue's target: at most
//! 20 ms more to start): opening `state.db` and loading it, then putting it in the
//! reader's state and working out the first screen's unread counts.

use std::hint::black_box;

use brief::app::State;
use brief::app::reading;
use brief::model::{Issue, Library, SourceId};
use brief::store::{self, Change, Star};
use brief::testing::synth;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ISSUES: usize = 10_000;
const ENTRIES_PER_ISSUE: usize = 20;
const STARS: usize = 2_000;

/// A `state.db` in `dir` where every entry of `library` is read and the first entry
/// of each of its first issues starred.
fn fill(dir: &std::path::Path, library: &Library, source: &SourceId) {
    let mut opened = store::open(dir, &[]);
    let keys: Vec<_> = library.issues.iter().flat_map(Issue::entry_keys).collect();
    let stars = library.issues.iter().take(STARS).map(|issue| {
        let entry = &issue.sections[0].entries[0];
        let key = issue.entry_keys().swap_remove(0);
        Change::Star(Box::new(Star::of(issue, entry, key)))
    });
    let mut changes = vec![
        Change::Seen(library.issues.iter().map(Issue::key).collect()),
        Change::Read(keys),
        Change::Visited(vec![source.clone()]),
    ];
    changes.extend(stars);
    opened.store.apply(&changes).unwrap();
}

fn start(c: &mut Criterion) {
    let source = SourceId::new("embedded-ai").unwrap();
    let library = synth::library(&source, ISSUES, ENTRIES_PER_ISSUE);
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), &library, &source);
    let sources = [source];
    let mut group = c.benchmark_group("state_10k_issues_200k_entries");
    group.sample_size(30);
    group.bench_function("open_and_load", |b| {
        b.iter(|| {
            let opened = store::open(black_box(dir.path()), &sources);
            assert_eq!(opened.loaded.stars.len(), STARS);
            opened
        })
    });
    // What `brief` adds before its first frame: the above, then the reader's state.
    group.bench_function("open_load_and_first_screen", |b| {
        b.iter_batched(
            || State::new(library.clone(), "bench", 120, 40),
            |mut state| {
                let opened = store::open(black_box(dir.path()), &sources);
                reading::install(&mut state, opened.loaded, true);
                state.sync();
                assert_eq!(state.reading.unread_count(0), Some(0));
                (state, opened.store)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, start);
criterion_main!(benches);
