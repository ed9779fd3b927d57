//! Terminal setup, event loop and restore; the runtime that carries out effects.

use std::fs::{self, File};
use std::io::{self, Stdout, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Once};
use std::thread;
use std::time::Duration;

use anyhow::{Context, bail};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::{self, Action, Effect, Key, Mouse, MouseKind, State};
use crate::cli::SourceArgs;
use crate::library::{LoadReport, refresh};
use crate::model::Library;
use crate::search::{Index, Query, Scope};
use crate::ui;

/// What reaches the event loop: actions from the terminal or from background work.
enum Message {
    Action(Action),
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Signal(i32),
    InputFailed(io::Error),
}

/// Runs the interactive reader until the user quits.
pub fn run(report: LoadReport, source: &SourceArgs) -> anyhow::Result<()> {
    init_logging();
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let plan = refresh_plan(&report, source);
    let mut state = State::new(report.library, report.origin, width, height);
    let refresh_now = plan == Ok(true);
    state.refresh_blocked = plan.err();
    if !report.warnings.is_empty() {
        for warning in &report.warnings {
            log::warn!("{warning}");
        }
        state.log.extend(report.warnings);
        state.say(format!("{} load warnings (! shows them)", state.log.len()));
    }
    let (tx, rx) = mpsc::channel();
    spawn_signal_listener(tx.clone())?;
    let mut terminal = TerminalGuard::enter()?;
    spawn_input_reader(tx.clone());
    let search = SearchWorker::start(tx.clone());
    search.prepare(Arc::clone(&state.library));
    let runtime = Runtime {
        tx,
        source: source.clone(),
        cancel: Arc::new(AtomicBool::new(false)),
        search,
    };
    if refresh_now {
        for effect in app::update(&mut state, Action::StartRefresh) {
            runtime.perform(effect, &state.library, &mut terminal);
        }
    }
    let result = event_loop(&mut terminal, &mut state, &rx, &runtime);
    runtime.cancel.store(true, Ordering::Relaxed);
    drop(terminal);
    log::info!("reader closed");
    result
}

fn event_loop(
    terminal: &mut TerminalGuard,
    state: &mut State,
    rx: &Receiver<Message>,
    runtime: &Runtime,
) -> anyhow::Result<()> {
    loop {
        terminal
            .terminal
            .draw(|frame| ui::draw(frame, state))
            .context("drawing the screen")?;
        let first = rx.recv().context("the input thread stopped")?;
        // Everything already waiting is handled before the next frame.
        for message in std::iter::once(first).chain(rx.try_iter()) {
            let action = match message {
                Message::Action(action) => action,
                Message::Signal(signal) => {
                    log::info!("signal {signal}: quitting");
                    return Ok(());
                }
                Message::InputFailed(err) => return Err(err).context("reading the terminal"),
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

/// Whether the reader may refresh (`Err` says why not) and whether it should at start-up.
fn refresh_plan(report: &LoadReport, source: &SourceArgs) -> Result<bool, String> {
    if !report.refreshable {
        return Err("reading local files".to_string());
    }
    if source.offline {
        return Err("--offline".to_string());
    }
    let stale = refresh::since_last_refresh(source).is_none_or(|age| age >= AUTO_REFRESH_EVERY);
    Ok(stale)
}

/// Carries out effects off the UI thread where they could block.
struct Runtime {
    tx: Sender<Message>,
    source: SourceArgs,
    cancel: Arc<AtomicBool>,
    search: SearchWorker,
}

impl Runtime {
    fn perform(&self, effect: Effect, library: &Arc<Library>, terminal: &mut TerminalGuard) {
        match effect {
            Effect::Search {
                generation,
                query,
                scope,
            } => self.search.search(SearchJob {
                library: Arc::clone(library),
                generation,
                query: Some(query),
                scope,
            }),
            Effect::OpenUrl(url) => self.open(url),
            Effect::Copy(text) => {
                let copy = CopyToClipboard::to_clipboard_from(text);
                if let Err(err) = execute!(terminal.terminal.backend_mut(), copy) {
                    self.fail(format!("could not copy: {err}"));
                }
            }
            Effect::Refresh => self.refresh(),
            Effect::Quit => {}
        }
    }

    fn fail(&self, text: String) {
        log::warn!("{text}");
        let _ = self.tx.send(Message::Action(Action::EffectFailed(text)));
    }

    fn open(&self, url: String) {
        let tx = self.tx.clone();
        let browser = std::env::var("BROWSER")
            .ok()
            .filter(|b| !b.trim().is_empty());
        log::info!("opening {url}");
        thread::spawn(move || {
            let result = match browser {
                Some(browser) => launch_browser(&browser, &url),
                None => open::that_detached(&url).context("no browser found"),
            };
            if let Err(err) = result {
                let text = format!("could not open {url}: {err:#}");
                log::warn!("{text}");
                let _ = tx.send(Message::Action(Action::EffectFailed(text)));
            }
        });
    }

    fn refresh(&self) {
        let tx = self.tx.clone();
        let source = self.source.clone();
        let cancel = Arc::clone(&self.cancel);
        thread::spawn(move || {
            let mut progress = |done, total| {
                let _ = tx.send(Message::Action(Action::RefreshProgress { done, total }));
            };
            let outcome = refresh::refresh(&source, &mut progress, &cancel)
                .map(Box::new)
                .map_err(|err| format!("{err:#}"));
            let _ = tx.send(Message::Action(Action::RefreshDone(outcome)));
        });
    }
}

/// Runs searches on its own thread, so typing never waits for one. It indexes each
/// library once (the first time it sees it) and, when requests queue up behind a
/// running search, runs only the newest: the older ones are stale anyway.
struct SearchWorker {
    jobs: Sender<SearchJob>,
}

struct SearchJob {
    library: Arc<Library>,
    generation: u64,
    /// None: only index the library, ahead of the first query.
    query: Option<Query>,
    scope: Scope,
}

impl SearchWorker {
    fn start(tx: Sender<Message>) -> SearchWorker {
        let (jobs, queue) = mpsc::channel::<SearchJob>();
        thread::spawn(move || {
            let mut indexed: Option<(Arc<Library>, Index)> = None;
            while let Ok(first) = queue.recv() {
                let job = queue.try_iter().fold(first, newest_job);
                let index = match indexed.take() {
                    Some((library, index)) if Arc::ptr_eq(&library, &job.library) => index,
                    _ => Index::build(&job.library),
                };
                if let Some(query) = &job.query {
                    let hits = index.search(query, job.scope);
                    let results = Action::SearchResults {
                        generation: job.generation,
                        hits,
                    };
                    if tx.send(Message::Action(results)).is_err() {
                        return;
                    }
                }
                indexed = Some((job.library, index));
            }
        });
        SearchWorker { jobs }
    }

    fn prepare(&self, library: Arc<Library>) {
        self.search(SearchJob {
            library,
            generation: 0,
            query: None,
            scope: Scope::default(),
        });
    }

    fn search(&self, job: SearchJob) {
        // The worker only stops when the reader does.
        let _ = self.jobs.send(job);
    }
}

/// Of two queued jobs, the one to run: the newer, unless it only indexes.
fn newest_job(older: SearchJob, newer: SearchJob) -> SearchJob {
    if newer.query.is_none() && older.query.is_some() {
        older
    } else {
        newer
    }
}

/// Starts `$BROWSER` (split like a shell would, never run by one) with `url` as its
/// last argument, detached: no stdio on our terminal, its own process group, reaped
/// by a thread. Returns once the child is started or failed to start.
fn launch_browser(command_line: &str, url: &str) -> anyhow::Result<()> {
    let words = shell_words::split(command_line).context("cannot split $BROWSER")?;
    let Some((program, args)) = words.split_first() else {
        bail!("$BROWSER is empty");
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {program}"))?;
    thread::spawn(move || {
        if let Ok(status) = child.wait()
            && !status.success()
        {
            log::warn!("browser exited with {status}");
        }
    });
    Ok(())
}

fn spawn_input_reader(tx: Sender<Message>) {
    thread::spawn(move || {
        loop {
            let actions = match event::read() {
                Ok(event) => translate(event),
                Err(err) => {
                    let _ = tx.send(Message::InputFailed(err));
                    return;
                }
            };
            for action in actions {
                if tx.send(Message::Action(action)).is_err() {
                    return;
                }
            }
        }
    });
}

fn spawn_signal_listener(tx: Sender<Message>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("installing signal handlers")?;
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = tx.send(Message::Signal(signal));
        }
    });
    Ok(())
}

/// A terminal event as actions for the state machine (none when it means nothing).
pub fn translate(event: Event) -> Vec<Action> {
    match event {
        Event::Key(key) => translate_key(key).into_iter().map(Action::Key).collect(),
        Event::Mouse(mouse) => {
            let kind = match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                _ => return Vec::new(),
            };
            vec![Action::Mouse(Mouse {
                kind,
                column: mouse.column,
                row: mouse.row,
            })]
        }
        Event::Resize(width, height) => vec![Action::Resize { width, height }],
        Event::Paste(text) => vec![Action::Paste(text)],
        Event::FocusGained | Event::FocusLost => Vec::new(),
    }
}

/// Terminals send Esc followed quickly by a key as that key with Alt: the reader has
/// no Alt bindings, so it is read as the two keys the user most likely typed.
fn translate_key(key: KeyEvent) -> Vec<Key> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(plain) = plain_key(key.code, ctrl) else {
        return Vec::new();
    };
    if key.modifiers.contains(KeyModifiers::ALT) {
        vec![Key::Esc, plain]
    } else {
        vec![plain]
    }
}

fn plain_key(code: KeyCode, ctrl: bool) -> Option<Key> {
    Some(match code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Backspace => Key::Backspace,
        _ => return None,
    })
}

/// The terminal in reader mode; dropping it (or a panic) restores it.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> anyhow::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode().context("switching the terminal to raw mode")?;
        let mut stdout = io::stdout();
        let entered = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        );
        let terminal = entered.and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match terminal {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(err) => {
                restore();
                Err(err).context("setting up the terminal")
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves reader mode: mouse and paste reporting off, main screen back, cursor shown,
/// raw mode off. Safe to call more than once.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            log::error!("panic: {info}");
            previous(info);
        }));
    });
}

/// Logs to `brief.log` in the XDG state directory (or the cache directory). Best effort:
/// the reader works without a log.
fn init_logging() {
    let Some(dirs) = directories::ProjectDirs::from("", "", "brief") else {
        return;
    };
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.cache_dir())
        .to_path_buf();
    let file = fs::create_dir_all(&dir).and_then(|()| {
        File::options()
            .create(true)
            .append(true)
            .open(dir.join("brief.log"))
    });
    if let Ok(file) = file {
        let _ = simplelog::WriteLogger::init(
            log::LevelFilter::Info,
            simplelog::Config::default(),
            file,
        );
        log::info!("reader started");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    fn keys(event: Event) -> Vec<Key> {
        translate(event)
            .into_iter()
            .filter_map(|a| match a {
                Action::Key(k) => Some(k),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_translate_to_reader_keys() {
        assert_eq!(
            keys(key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            [Key::Char('G')]
        );
        assert_eq!(
            keys(key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            [Key::Ctrl('c')]
        );
        assert_eq!(
            keys(key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            [Key::BackTab]
        );
        assert_eq!(
            keys(key(KeyCode::Char('q'), KeyModifiers::ALT)),
            [Key::Esc, Key::Char('q')]
        );
        assert!(keys(key(KeyCode::F(5), KeyModifiers::NONE)).is_empty());
    }
}
