//! The interactive reader: sets up the terminal, runs the event loop, restores on exit.

mod browser;
mod input;
mod logging;
mod reading;
mod runtime;
mod search_worker;
mod signals;
mod terminal;
mod tty;

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::app::{self, Action, Effect, State};
use crate::library::cancel::Cancel;
use crate::library::dirs::Dirs;
use crate::library::remote::FetchOptions;
use crate::library::source::SourceSpec;
use crate::library::{LoadReport, refresh};
use crate::model::plural;
use crate::text::sanitize;
use crate::ui;

pub use input::translate;
use runtime::Runtime;
use search_worker::SearchWorker;
use terminal::TerminalGuard;
pub use terminal::restore;
use tty::Tty;

/// What reaches the event loop: actions from the terminal or from background work.
enum LoopEvent {
    Action(Action),
    /// SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 or SIGUSR2: leave cleanly.
    Signal(i32),
    /// SIGTSTP from elsewhere (`kill -TSTP`): suspend as Ctrl-Z does.
    Suspend,
    /// SIGCONT: continued after a stop, maybe one the reader could not prepare for
    /// (SIGSTOP): take the terminal back.
    Continued,
    InputFailed(io::Error),
    /// The terminal hung up (its window closed): nobody is left to read to.
    TerminalGone,
}

/// Runs the interactive reader on `report` until the user quits. `source` is what the
/// user asked for (the reader refreshes only when online), `fetch` how to refresh, and
/// the log goes to the state directory of `dirs`.
pub fn run(
    report: LoadReport,
    source: &SourceSpec,
    fetch: &FetchOptions,
    dirs: &Dirs,
) -> anyhow::Result<()> {
    logging::init_logging(&dirs.state);
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let plan = refresh_plan(&report, source, fetch);
    let mut state = State::new(report.library, report.label, width, height);
    let refresh_now = plan == Ok(true);
    state.refresh_blocked = plan.err();
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            log::warn!("{warning}");
        }
        state.log.extend(report.warnings);
        let warnings = plural(state.log.len(), "load warning", "load warnings");
        let hint = state.keymap.log_hint();
        state.say(format!("{warnings}{hint}"));
    }
    let (tx, rx) = mpsc::channel();
    // `brief PATH…` starts at the newest issue; a source goes back to where it was left.
    let restore_place = report.source.is_some();
    let store = reading::start(&mut state, &dirs.data, restore_place, tx.clone());
    signals::spawn_signal_listener(tx.clone())?;
    // NO_COLOR (any non-empty value) draws without colour; the keymap is the default
    // one until a config file can change it (`state.keymap`).
    let theme = ui::Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref());
    let tty = Arc::new(Tty::open().context("opening the terminal")?);
    let mut terminal = TerminalGuard::enter()?;
    input::spawn_input_reader(Arc::clone(&tty), tx.clone());
    let search = SearchWorker::start(tx.clone());
    search.prepare(Arc::clone(&state.library));
    let runtime = Runtime {
        tx,
        source: report.source,
        fetch: fetch.clone(),
        cancel: Cancel::new(),
        search,
        store,
    };
    if refresh_now {
        for effect in app::update(&mut state, Action::StartRefresh) {
            runtime.perform(effect, &state.library, &mut terminal);
        }
    }
    let result = event_loop(&mut terminal, &mut state, &theme, &rx, &tty, &runtime);
    runtime.cancel.cancel();
    drop(terminal);
    reading::finish(&state, runtime.store);
    log::info!("reader closed");
    result
}

fn event_loop(
    terminal: &mut TerminalGuard,
    state: &mut State,
    theme: &ui::Theme,
    rx: &Receiver<LoopEvent>,
    tty: &Tty,
    runtime: &Runtime,
) -> anyhow::Result<()> {
    loop {
        match terminal
            .terminal
            .draw(|frame| ui::draw(frame, state, theme))
        {
            Ok(_) => {}
            // Its size cannot be read any more, for one.
            Err(_) if tty.is_gone() => return terminal_gone(),
            Err(err) => return Err(err).context("drawing the screen"),
        }
        let first = next_event(rx, tty)?;
        // Everything already waiting is handled before the next frame.
        for message in std::iter::once(first).chain(rx.try_iter()) {
            let action = match message {
                LoopEvent::Action(action) => action,
                LoopEvent::Signal(signal) => {
                    log::info!("signal {signal}: quitting");
                    return Ok(());
                }
                LoopEvent::Suspend => {
                    runtime.perform(Effect::Suspend, &state.library, terminal);
                    continue;
                }
                LoopEvent::Continued => {
                    runtime.continued(terminal);
                    continue;
                }
                LoopEvent::InputFailed(err) => return Err(err).context("reading the terminal"),
                LoopEvent::TerminalGone => return terminal_gone(),
            };
            for effect in update_and_log(state, action) {
                if effect == Effect::Quit {
                    return Ok(());
                }
                runtime.perform(effect, &state.library, terminal);
            }
        }
    }
}

/// The terminal hung up: nobody is left to read to, or to report an error to.
fn terminal_gone() -> anyhow::Result<()> {
    log::info!("the terminal is gone: quitting");
    Ok(())
}

/// How long the loop waits for an event before it checks that the terminal is there.
const TERMINAL_CHECK_EVERY: Duration = Duration::from_secs(2);

/// The next event. The input thread tells of a hang-up while it waits for keys, but
/// not if the terminal goes while crossterm is reading: so when nothing has happened
/// for a while, the loop looks itself.
fn next_event(rx: &Receiver<LoopEvent>, tty: &Tty) -> anyhow::Result<LoopEvent> {
    loop {
        match rx.recv_timeout(TERMINAL_CHECK_EVERY) {
            Ok(event) => return Ok(event),
            Err(RecvTimeoutError::Timeout) if tty.is_gone() => return Ok(LoopEvent::TerminalGone),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => bail!("the input thread stopped"),
        }
    }
}

/// Runs the state machine; every problem it adds to the reader's log also goes to
/// the log file.
fn update_and_log(state: &mut State, action: Action) -> Vec<Effect> {
    let known = state.log.len();
    let effects = app::update(state, action);
    for problem in state.log.iter().skip(known) {
        log::warn!("{}", sanitize(problem));
    }
    effects
}

/// The reader refreshes its source in the background at start-up, at most once an hour.
const AUTO_REFRESH_EVERY: Duration = Duration::from_secs(60 * 60);

/// Whether the reader may refresh (`Err` says why not) and whether it should at start-up.
fn refresh_plan(
    report: &LoadReport,
    spec: &SourceSpec,
    fetch: &FetchOptions,
) -> Result<bool, String> {
    let Some(source) = &report.source else {
        return Err("reading local files".to_string());
    };
    if spec.offline {
        return Err("--offline".to_string());
    }
    let age = refresh::since_last_refresh(source, fetch);
    Ok(age.is_none_or(|age| age >= AUTO_REFRESH_EVERY))
}
