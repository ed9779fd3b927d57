//! Parse+model throughput against pulldown-cmark's bare event iteration over the same
//! bytes, on synthetic libraries of 40, 1,000 and 10,000 issues (~17 KB each).
//! Uses the binary's allocator, so the figures are what `brief` pays.

use std::hint::black_box;
use std::time::Duration;

use brief::parse::{options, parse_issue};
use brief::testing::synth::library_markdown;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::Parser;
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_library(c: &mut Criterion) {
    for count in [40, 1_000, 10_000] {
        let library = library_markdown(count);
        let bytes: usize = library.iter().map(|(_, text)| text.len()).sum();
        let mut group = c.benchmark_group(format!("parse_{count}_issues"));
        group.throughput(Throughput::Bytes(bytes as u64));
        if count >= 1_000 {
            group.sample_size(10);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(if count >= 10_000 { 8 } else { 3 }));
        }
        group.bench_function("brief_sequential", |b| {
            b.iter(|| {
                library
                    .iter()
                    .map(|(id, text)| parse_issue(black_box(text), id, "bench").entry_count())
                    .sum::<usize>()
            })
        });
        group.bench_function("brief_parallel", |b| {
            b.iter(|| {
                library
                    .par_iter()
                    .map(|(id, text)| parse_issue(black_box(text), id, "bench").entry_count())
                    .sum::<usize>()
            })
        });
        group.bench_function("pulldown_bare", |b| {
            b.iter(|| {
                library
                    .iter()
                    .map(|(_, text)| Parser::new_ext(black_box(text), options()).count())
                    .sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, parse_library);
criterion_main!(benches);
