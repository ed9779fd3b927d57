//! The interactive reader: sets up the terminal, runs the event loop, restores on exit.

mod browser;
mod fault;
mod input;
mod loader;
mod logging;
mod options;
mod pause;
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

use crate::app::loading::Loading;
use crate::app::{self, Action, Effect, State};
use crate::library::cancel::Cancel;
use crate::library::dirs::Dirs;
use crate::library::progressive::Loader;
use crate::library::remote::FetchOptions;
use crate::library::source::{Source, SourceSpec};
use crate::library::sources::Feed;
use crate::library::store::search_index::SavedIndex;
use crate::library::{LoadReport, refresh};
use crate::model::plural;
use crate::text::sanitize;
use crate::ui;

pub use input::translate;
pub use logging::mark_process_start;
pub use options::{DEFAULT_REFRESH_INTERVAL, ReaderOptions};
use pause::InputPause;
use runtime::{Browser, Runtime};
use search_worker::SearchWorker;
use signals::Foreground;
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

/// Runs the interactive reader on `report` until the user quits: its library, and the
/// sources it stands for (`report.feeds`, each refreshed on its own). With a `loader`
/// (a cold start), `report` holds what is known before any file is parsed and the
/// issues arrive in parts from the loader's thread while the reader runs. `source` is what
/// the user asked for (the reader fetches only when online; folders are read again
/// even offline), `fetch` how to refresh, the log goes to the state directory of
/// `dirs`, and `options` are the user's settings of the reader itself (keys, theme,
/// browser, refresh interval).
pub fn run(
    report: LoadReport,
    loader: Option<Loader>,
    source: &SourceSpec,
    fetch: &FetchOptions,
    dirs: &Dirs,
    options: ReaderOptions,
) -> anyhow::Result<()> {
    logging::init_logging(&dirs.state);
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let feeds = refreshable_feeds(&report, source);
    let plan = refresh_plan(&report, &feeds, source, fetch, options.refresh_interval);
    // Where the search index of the library loaded is saved (and read from).
    let saved = fetch
        .store_root()
        .and_then(|root| SavedIndex::of(root, &report));
    let mut state = State::new(report.library, report.label, width, height);
    let (tx, rx) = mpsc::channel();
    let cancel = Cancel::new();
    let loading = loader.map(|loader| {
        state.loading = Some(Loading::new(loader.total(), report.warnings.len()));
        loader::spawn(loader, tx.clone(), cancel.clone())
    });
    state.keymap = options.keymap;
    state.mark_read = options.mark_read;
    let refresh_now = plan == Ok(true);
    state.refresh_blocked = plan.err();
    state.refreshable = feeds.iter().map(Feed::id).collect();
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            log::warn!("{warning}");
        }
        state.log.extend(report.warnings);
        let warnings = plural(state.log.len(), "load warning", "load warnings");
        let hint = state.keymap.log_hint();
        state.say(format!("{warnings}{hint}"));
    }
    // `brief PATH…` (no feeds) starts at the newest issue, its read marks kept; the
    // sources go back to where they were left.
    let restore_place = !report.feeds.is_empty();
    let store = reading::start(&mut state, &dirs.data, restore_place, tx.clone());
    logging::log_since_start("reading state loaded");
    let browser = Browser {
        command: options.browser,
        in_terminal: options.browser_in_terminal,
        input: Arc::new(InputPause::default()),
        foreground: Arc::new(Foreground::default()),
    };
    signals::spawn_signal_listener(tx.clone(), Arc::clone(&browser.foreground))?;
    let theme = options.theme;
    let tty = Arc::new(Tty::open().context("opening the terminal")?);
    let mut terminal = TerminalGuard::enter()?;
    logging::log_since_start("terminal set up");
    input::spawn_input_reader(Arc::clone(&tty), tx.clone(), Arc::clone(&browser.input));
    let search = SearchWorker::start(tx.clone());
    search.prepare(Arc::clone(&state.library), saved);
    let runtime = Runtime {
        tx,
        feeds,
        fetch: fetch.clone(),
        cancel,
        search,
        store,
        browser,
    };
    if refresh_now {
        for effect in app::update(&mut state, Action::StartRefresh) {
            runtime.perform(effect, &state.library, &mut terminal);
        }
    }
    logging::log_since_start("ready for the first frame");
    let result = event_loop(&mut terminal, &mut state, &theme, &rx, &tty, &runtime);
    runtime.cancel.cancel();
    drop(terminal);
    reading::finish(&state, runtime.store);
    if let Some(loading) = loading {
        loading.finish();
    }
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
    let mut issues_drawn = false;
    loop {
        match terminal
            .terminal
            .draw(|frame| ui::draw(frame, state, theme))
        {
            Ok(_) if !issues_drawn && !state.library.issues.is_empty() => {
                issues_drawn = true;
                logging::log_since_start("first frame showing issues drawn");
            }
            Ok(_) => {}
            // Its size cannot be read any more, for one.
            Err(_) if tty.hangs_up_within(input::HANG_UP_GRACE) => return terminal_gone(),
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
                LoopEvent::InputFailed(_) if tty.hangs_up_within(input::HANG_UP_GRACE) => {
                    return terminal_gone();
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

/// The feeds the reader may refresh: all of them, but for `--offline` the folders only.
fn refreshable_feeds(report: &LoadReport, spec: &SourceSpec) -> Vec<Feed> {
    let feeds = report.feeds.iter();
    feeds
        .filter(|feed| !(spec.offline && feed.is_fetched()))
        .cloned()
        .collect()
}

/// Whether the reader may refresh (`Err` says why not) and whether it should at
/// start-up: when a fetched source was last refreshed at least `interval` ago (or
/// never); never for a `None` interval.
fn refresh_plan(
    report: &LoadReport,
    feeds: &[Feed],
    spec: &SourceSpec,
    fetch: &FetchOptions,
    interval: Option<Duration>,
) -> Result<bool, String> {
    if report.feeds.is_empty() {
        return Err("reading local files".to_string());
    }
    if feeds.is_empty() {
        return Err("--offline".to_string());
    }
    let Some(interval) = interval else {
        return Ok(false);
    };
    let stale = |source: &Source| {
        let age = refresh::since_last_refresh(source, fetch);
        age.is_none_or(|age| age >= interval)
    };
    Ok(!spec.offline
        && feeds.iter().any(|feed| match feed {
            Feed::Fetched(source) => stale(source),
            Feed::Folder(_) => false,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::source::IndexSpec;
    use crate::library::sources::{FolderSource, SourceDef};
    use crate::model::SourceId;

    fn report(feeds: Vec<Feed>) -> LoadReport {
        LoadReport {
            feeds,
            ..LoadReport::default()
        }
    }

    #[test]
    fn the_start_up_refresh_follows_the_interval_and_skips_folders() {
        let cache = tempfile::tempdir().unwrap();
        let fetch = FetchOptions::with_cache_root(cache.path().to_path_buf());
        let online = SourceSpec::default();
        let fetched = Feed::resolve(&SourceDef::default_newsletter()).unwrap();
        let folder = Feed::Folder(FolderSource {
            id: SourceId::new("notes").unwrap(),
            title: "Notes".into(),
            path: cache.path().to_path_buf(),
        });
        let hour = Some(Duration::from_secs(3600));
        let plan = |feeds: Vec<Feed>, spec: &SourceSpec, interval| {
            let report = report(feeds);
            let refreshable = refreshable_feeds(&report, spec);
            refresh_plan(&report, &refreshable, spec, &fetch, interval)
        };
        let both = vec![fetched.clone(), folder.clone()];
        assert_eq!(plan(both.clone(), &online, hour), Ok(true), "never fetched");
        assert_eq!(plan(both.clone(), &online, None), Ok(false), "no interval");
        assert_eq!(plan(vec![folder.clone()], &online, hour), Ok(false));
        let offline = SourceSpec {
            index: IndexSpec::Default,
            offline: true,
        };
        assert_eq!(plan(both, &offline, hour), Ok(false), "folders only");
        assert!(plan(vec![fetched], &offline, hour).is_err());
        assert!(plan(Vec::new(), &online, hour).is_err(), "local files");
    }
}
