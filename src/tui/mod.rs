//! The interactive reader: sets up the terminal, runs the event loop, restores on exit.

mod browser;
mod input;
mod logging;
mod runtime;
mod search_worker;
mod signals;
mod terminal;

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use anyhow::Context;

use crate::app::{self, Action, Effect, State};
use crate::library::cancel::Cancel;
use crate::library::dirs::Dirs;
use crate::library::remote::FetchOptions;
use crate::library::source::{Source, SourceSpec};
use crate::library::sources::Feed;
use crate::library::{LoadReport, refresh};
use crate::ui;

pub use input::translate;
use runtime::Runtime;
use search_worker::SearchWorker;
use terminal::TerminalGuard;
pub use terminal::restore;

/// What reaches the event loop: actions from the terminal or from background work.
enum LoopEvent {
    Action(Action),
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Signal(i32),
    InputFailed(io::Error),
}

/// Runs the interactive reader on `report` until the user quits: its library, and the
/// sources it stands for (`report.feeds`, each refreshed on its own). `source` is what
/// the user asked for (the reader fetches only when online; folders are read again
/// even offline), `fetch` how to refresh, and the log goes to the state directory of
/// `dirs`.
pub fn run(
    report: LoadReport,
    source: &SourceSpec,
    fetch: &FetchOptions,
    dirs: &Dirs,
) -> anyhow::Result<()> {
    logging::init_logging(&dirs.state);
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let feeds = refreshable_feeds(&report, source);
    let plan = refresh_plan(&report, &feeds, source, fetch);
    let mut state = State::new(report.library, report.label, width, height);
    let refresh_now = plan == Ok(true);
    state.refresh_blocked = plan.err();
    state.refreshable = feeds.iter().map(Feed::id).collect();
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            log::warn!("{warning}");
        }
        state.log.extend(report.warnings);
        let hint = state.keymap.log_hint();
        state.say(format!("{} load warnings{hint}", state.log.len()));
    }
    let (tx, rx) = mpsc::channel();
    signals::spawn_signal_listener(tx.clone())?;
    // NO_COLOR (any non-empty value) draws without colour; the keymap is the default
    // one until a config file can change it (`state.keymap`).
    let theme = ui::Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref());
    let mut terminal = TerminalGuard::enter()?;
    input::spawn_input_reader(tx.clone());
    let search = SearchWorker::start(tx.clone());
    search.prepare(Arc::clone(&state.library));
    let runtime = Runtime {
        tx,
        feeds,
        fetch: fetch.clone(),
        cancel: Cancel::new(),
        search,
    };
    if refresh_now {
        for effect in app::update(&mut state, Action::StartRefresh) {
            runtime.perform(effect, &state.library, &mut terminal);
        }
    }
    let result = event_loop(&mut terminal, &mut state, &theme, &rx, &runtime);
    runtime.cancel.cancel();
    drop(terminal);
    log::info!("reader closed");
    result
}

fn event_loop(
    terminal: &mut TerminalGuard,
    state: &mut State,
    theme: &ui::Theme,
    rx: &Receiver<LoopEvent>,
    runtime: &Runtime,
) -> anyhow::Result<()> {
    loop {
        terminal
            .terminal
            .draw(|frame| ui::draw(frame, state, theme))
            .context("drawing the screen")?;
        let first = rx.recv().context("the input thread stopped")?;
        // Everything already waiting is handled before the next frame.
        for message in std::iter::once(first).chain(rx.try_iter()) {
            let action = match message {
                LoopEvent::Action(action) => action,
                LoopEvent::Signal(signal) => {
                    log::info!("signal {signal}: quitting");
                    return Ok(());
                }
                LoopEvent::InputFailed(err) => return Err(err).context("reading the terminal"),
            };
            for effect in app::update(state, action) {
                if effect == Effect::Quit {
                    return Ok(());
                }
                runtime.perform(effect, &state.library, terminal);
            }
        }
    }
}

/// The reader refreshes its source in the background at start-up, at most once an hour.
const AUTO_REFRESH_EVERY: Duration = Duration::from_secs(60 * 60);

/// The feeds the reader may refresh: all of them, but for `--offline` the folders only.
fn refreshable_feeds(report: &LoadReport, spec: &SourceSpec) -> Vec<Feed> {
    let feeds = report.feeds.iter();
    feeds
        .filter(|feed| !(spec.offline && feed.is_fetched()))
        .cloned()
        .collect()
}

/// Whether the reader may refresh (`Err` says why not) and whether it should at
/// start-up: when a fetched source was last refreshed an hour ago or more (or never).
fn refresh_plan(
    report: &LoadReport,
    feeds: &[Feed],
    spec: &SourceSpec,
    fetch: &FetchOptions,
) -> Result<bool, String> {
    if report.feeds.is_empty() {
        return Err("reading local files".to_string());
    }
    if feeds.is_empty() {
        return Err("--offline".to_string());
    }
    let stale = |source: &Source| {
        let age = refresh::since_last_refresh(source, fetch);
        age.is_none_or(|age| age >= AUTO_REFRESH_EVERY)
    };
    Ok(!spec.offline
        && feeds.iter().any(|feed| match feed {
            Feed::Fetched(source) => stale(source),
            Feed::Folder(_) => false,
        }))
}
