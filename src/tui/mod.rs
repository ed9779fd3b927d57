//! The interactive reader: sets up the terminal, runs the event loop, restores on exit.

mod browser;
mod input;
mod logging;
mod options;
mod runtime;
mod search_worker;
mod signals;
mod terminal;

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use anyhow::Context;

use crate::app::{self, Action, Effect, State};
use crate::library::cancel::Cancel;
use crate::library::dirs::Dirs;
use crate::library::remote::FetchOptions;
use crate::library::source::SourceSpec;
use crate::library::{LoadReport, refresh};
use crate::ui;

use input::InputPause;
pub use input::translate;
pub use options::{DEFAULT_REFRESH_INTERVAL, ReaderOptions};
use runtime::{Browser, Runtime};
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

/// Runs the interactive reader on `report` until the user quits. `source` is what the
/// user asked for (the reader refreshes only when online), `fetch` how to refresh, the
/// log goes to the state directory of `dirs`, and `options` are the user's settings
/// of the reader itself (keys, theme, browser, refresh interval).
pub fn run(
    report: LoadReport,
    source: &SourceSpec,
    fetch: &FetchOptions,
    dirs: &Dirs,
    options: ReaderOptions,
) -> anyhow::Result<()> {
    logging::init_logging(&dirs.state);
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let plan = refresh_plan(&report, source, fetch, options.refresh_interval);
    let mut state = State::new(report.library, report.label, width, height);
    state.keymap = options.keymap;
    state.mark_read = options.mark_read;
    let refresh_now = plan == Ok(true);
    state.refresh_blocked = plan.err();
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            log::warn!("{warning}");
        }
        state.log.extend(report.warnings);
        let hint = state.keymap.log_hint();
        state.say(format!("{} load warnings{hint}", state.log.len()));
    }
    let (tx, rx) = mpsc::channel();
    let browser = Browser {
        command: options.browser,
        in_terminal: options.browser_in_terminal,
        input: Arc::new(InputPause::default()),
        foreground: Arc::new(AtomicBool::new(false)),
    };
    signals::spawn_signal_listener(tx.clone(), Arc::clone(&browser.foreground))?;
    let theme = options.theme;
    let mut terminal = TerminalGuard::enter()?;
    input::spawn_input_reader(tx.clone(), Arc::clone(&browser.input));
    let search = SearchWorker::start(tx.clone());
    search.prepare(Arc::clone(&state.library));
    let runtime = Runtime {
        tx,
        source: report.source,
        fetch: fetch.clone(),
        cancel: Cancel::new(),
        search,
        browser,
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

/// Whether the reader may refresh (`Err` says why not) and whether it should at start-up:
/// when the last refresh is at least `interval` old (never for None).
fn refresh_plan(
    report: &LoadReport,
    spec: &SourceSpec,
    fetch: &FetchOptions,
    interval: Option<Duration>,
) -> Result<bool, String> {
    let Some(source) = &report.source else {
        return Err("reading local files".to_string());
    };
    if spec.offline {
        return Err("--offline".to_string());
    }
    let Some(interval) = interval else {
        return Ok(false);
    };
    let age = refresh::since_last_refresh(source, fetch);
    Ok(age.is_none_or(|age| age >= interval))
}
