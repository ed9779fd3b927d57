//! Frame render time and key-to-frame latency of the reader at 200×50 with 10,000 issues.

use std::hint::black_box;

use brief::app::fixture::synthetic_library;
use brief::app::{Action, Key, State, update};
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
                .draw(|frame| brief::ui::draw(frame, black_box(&state)))
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
                .draw(|frame| brief::ui::draw(frame, &state))
                .expect("draw");
        });
    });
}

fn keys(c: &mut Criterion) {
    key_to_frame(c, "key to frame: next entry", &[]);
    key_to_frame(c, "key to frame: next issue", &[Key::Esc]);
}

criterion_group!(benches, render, keys);
criterion_main!(benches);
