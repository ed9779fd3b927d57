//! Frame render time and key-to-frame latency of the reader at 200×50 with 10,000 issues,
//! browsing and in search mode.

use std::hint::black_box;

use brief::app::{Action, Effect, Key, State, update};
use brief::search::Index;
use brief::testing::fixture::synthetic_library;
use brief::ui::Theme;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 50;
const ISSUES: usize = 10_000;

/// A reader in the middle of the library, on an entry with a wrapped summary.
fn reader() -> State {
    let mut state = State::new(synthetic_library(ISSUES), "bench", WIDTH, HEIGHT);
    state.select_issue(ISSUES / 2);
    for key in [Key::Enter, Key::Char('}')] {
        update(&mut state, Action::Key(key));
    }
    state
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test backend")
}

fn render(c: &mut Criterion) {
    let state = reader();
    let mut terminal = terminal();
    c.bench_function("frame 200x50, 10k issues", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| brief::ui::draw(frame, black_box(&state), &Theme::default()))
                .expect("draw");
        });
    });
}

/// Alternating down/up so every iteration changes the selection and rebuilds the detail.
fn key_to_frame(c: &mut Criterion, name: &str, setup: &[Key]) {
    let mut state = reader();
    for &key in setup {
        update(&mut state, Action::Key(key));
    }
    let mut terminal = terminal();
    let mut down = true;
    c.bench_function(name, |b| {
        b.iter(|| {
            let key = if down { Key::Char('j') } else { Key::Char('k') };
            down = !down;
            black_box(update(&mut state, Action::Key(key)));
            terminal
                .draw(|frame| brief::ui::draw(frame, &state, &Theme::default()))
                .expect("draw");
        });
    });
}

fn keys(c: &mut Criterion) {
    key_to_frame(c, "key to frame: next entry", &[]);
    key_to_frame(c, "key to frame: next issue", &[Key::Esc]);
}

/// Search mode with `推理` typed and its results in (tens of thousands of hits).
fn searching(index: &Index) -> State {
    let mut state = State::new(synthetic_library(ISSUES), "bench", WIDTH, HEIGHT);
    update(&mut state, Action::Key(Key::Char('/')));
    let effects = update(&mut state, Action::Paste("推理".into()));
    run_searches(&mut state, index, effects);
    state
}

/// What the runtime's worker does, here on this thread.
fn run_searches(state: &mut State, index: &Index, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Search {
            generation,
            query,
            scope,
        } = effect
        {
            let hits = index.search(&query, scope);
            update(state, Action::SearchResults { generation, hits });
        }
    }
}

/// Typing `支` after `推理`, then Backspace, alternately: both queries match.
fn next_search_key(add: &mut bool) -> Key {
    *add = !*add;
    if *add {
        Key::Char('支')
    } else {
        Key::Backspace
    }
}

fn search_mode(c: &mut Criterion) {
    let mut index = Index::build(&synthetic_library(ISSUES));
    index.add_keystroke_tables();
    let mut state = searching(&index);
    let hits = state.search.as_ref().map_or(0, |s| s.hits.len());
    eprintln!("search bench: 推理 has {hits} hits in {ISSUES} issues");
    let mut terminal = terminal();
    let mut add = false;
    // The UI thread's share: the search request goes to the worker, not run here.
    c.bench_function("search mode: key to frame, search off-thread", |b| {
        b.iter(|| {
            let key = next_search_key(&mut add);
            black_box(update(&mut state, Action::Key(key)));
            terminal
                .draw(|frame| brief::ui::draw(frame, &state, &Theme::default()))
                .expect("draw");
        });
    });
    let mut state = searching(&index);
    add = false;
    c.bench_function("search mode: the search alone (worker thread)", |b| {
        let query = brief::search::Query::parse("推理支");
        b.iter(|| black_box(index.search(&query, Default::default())));
    });
    c.bench_function(
        "search mode: key, search, results, frame, all on one thread",
        |b| {
            b.iter(|| {
                let key = next_search_key(&mut add);
                let effects = update(&mut state, Action::Key(key));
                run_searches(&mut state, &index, effects);
                terminal
                    .draw(|frame| brief::ui::draw(frame, &state, &Theme::default()))
                    .expect("draw");
            });
        },
    );
    c.bench_function("search mode: next result and frame", |b| {
        let mut down = true;
        b.iter(|| {
            let key = if down { Key::Down } else { Key::Up };
            down = !down;
            black_box(update(&mut state, Action::Key(key)));
            terminal
                .draw(|frame| brief::ui::draw(frame, &state, &Theme::default()))
                .expect("draw");
        });
    });
}

criterion_group!(benches, render, keys, search_mode);
criterion_main!(benches);
