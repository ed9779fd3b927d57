//! What entry keys cost, beside what parsing the same issues costs: keys are computed
//! per issue on demand (a refresh, a search kept across one), never while loading.

use std::hint::black_box;

use brief::model::Issue;
use brief::parse::parse_issue;
use brief::testing::synth::library_markdown;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn entry_keys(c: &mut Criterion) {
    let markdown = library_markdown(40);
    let issues: Vec<Issue> = markdown
        .iter()
        .map(|(id, text)| parse_issue(text, id, "bench"))
        .collect();
    let entries: usize = issues.iter().map(Issue::entry_count).sum();
    let mut group = c.benchmark_group("keys_40_issues");
    group.throughput(Throughput::Elements(entries as u64));
    group.bench_function("entry_keys", |b| {
        b.iter(|| {
            black_box(&issues)
                .iter()
                .map(|issue| issue.entry_keys().len())
                .sum::<usize>()
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            markdown
                .iter()
                .map(|(id, text)| parse_issue(black_box(text), id, "bench").entry_count())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, entry_keys);
criterion_main!(benches);
