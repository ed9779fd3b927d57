//! Terminal input: the reader thread and the translation of terminal events to actions.

use std::io;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::LoopEvent;
use crate::app::{Action, Key, Mouse, MouseKind};

/// How long the input thread waits for input before it looks whether it should pause:
/// the most a pause waits for it.
const POLL_EVERY: Duration = Duration::from_millis(100);
/// A pause gives up waiting for the input thread after this long (it should take at
/// most [`POLL_EVERY`]); a stuck thread must not hang the reader.
const PAUSE_WAIT: Duration = Duration::from_secs(2);

/// Reads the terminal on its own thread until the loop is gone, reading only while
/// `pause` lets it.
pub(super) fn spawn_input_reader(tx: Sender<LoopEvent>, pause: Arc<InputPause>) {
    thread::spawn(move || {
        let result = read_loop(&tx, &pause);
        pause.stopped();
        if let Err(err) = result {
            let _ = tx.send(LoopEvent::InputFailed(err));
        }
    });
}

fn read_loop(tx: &Sender<LoopEvent>, pause: &InputPause) -> io::Result<()> {
    loop {
        pause.checkpoint();
        if !event::poll(POLL_EVERY)? {
            continue;
        }
        for action in translate(event::read()?) {
            if tx.send(LoopEvent::Action(action)).is_err() {
                return Ok(());
            }
        }
    }
}

/// Stops the input thread from reading the terminal while a program in the foreground
/// (a browser in the terminal) owns it: a read would take that program's keystrokes.
#[derive(Debug, Default)]
pub(super) struct InputPause {
    state: Mutex<Reading>,
    changed: Condvar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Reading {
    #[default]
    On,
    /// The loop asked for a pause; the thread has not seen it yet.
    Asked,
    Paused,
    /// The thread has ended.
    Stopped,
}

impl InputPause {
    /// Returns once the input thread has stopped reading (or has ended, or after
    /// [`PAUSE_WAIT`]). It reads again when the returned guard is dropped.
    pub(super) fn pause(&self) -> Paused<'_> {
        let mut state = self.lock();
        if *state == Reading::On {
            *state = Reading::Asked;
        }
        let (state, waited) = self
            .changed
            .wait_timeout_while(state, PAUSE_WAIT, |state| *state == Reading::Asked)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() {
            log::warn!("the input thread did not pause in time");
        }
        drop(state);
        Paused { pause: self }
    }

    /// The input thread's stop before each read: parks while a pause is asked for.
    fn checkpoint(&self) {
        let mut state = self.lock();
        if *state == Reading::Asked {
            *state = Reading::Paused;
            self.changed.notify_all();
        }
        while *state == Reading::Paused {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn stopped(&self) {
        *self.lock() = Reading::Stopped;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Reading> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A pause of the input thread; dropping it lets the thread read again.
pub(super) struct Paused<'a> {
    pause: &'a InputPause,
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        let mut state = self.pause.lock();
        if matches!(*state, Reading::Asked | Reading::Paused) {
            *state = Reading::On;
        }
        self.pause.changed.notify_all();
    }
}

/// A terminal event as actions for the state machine (none when it means nothing).
pub fn translate(event: Event) -> Vec<Action> {
    match event {
        Event::Key(key) => translate_key(key).map(Action::Key).into_iter().collect(),
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

/// A key event as the reader's key: Ctrl and Alt chords of a character become
/// `Key::Ctrl` and `Key::Alt` (a terminal sends Alt-x as Esc x, which crossterm reads
/// back as Alt-x, so Esc x typed fast is Alt-x too). Chords the keymap cannot name
/// (Ctrl-Alt-x, Alt-Up) and keys it does not know are dropped, not guessed at.
fn translate_key(key: KeyEvent) -> Option<Key> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match (key.code, ctrl, alt) {
        (KeyCode::Char(_), true, true) => return None,
        (KeyCode::Char(c), true, false) => Key::Ctrl(c.to_ascii_lowercase()),
        (KeyCode::Char(c), false, true) => Key::Alt(c),
        (KeyCode::Char(c), false, false) => Key::Char(c),
        (_, _, true) => return None,
        (code, _, false) => named_key(code)?,
    })
}

fn named_key(code: KeyCode) -> Option<Key> {
    Some(match code {
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
        KeyCode::Delete => Key::Delete,
        KeyCode::Insert => Key::Insert,
        KeyCode::F(n @ 1..=12) => Key::F(n),
        _ => return None,
    })
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
        assert_eq!(keys(key(KeyCode::F(5), KeyModifiers::NONE)), [Key::F(5)]);
        assert_eq!(
            keys(key(KeyCode::Delete, KeyModifiers::NONE)),
            [Key::Delete]
        );
        assert!(keys(key(KeyCode::F(20), KeyModifiers::NONE)).is_empty());
        assert!(keys(key(KeyCode::CapsLock, KeyModifiers::NONE)).is_empty());
    }

    /// A stand-in input thread: counts its "reads", each after a checkpoint, until the
    /// pause says it stopped.
    fn counting_reader(pause: &Arc<InputPause>) -> Arc<std::sync::atomic::AtomicUsize> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let reads = Arc::new(AtomicUsize::new(0));
        let (pause, counter) = (Arc::clone(pause), Arc::clone(&reads));
        thread::spawn(move || {
            while *pause.lock() != Reading::Stopped {
                pause.checkpoint();
                counter.fetch_add(1, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(1));
            }
        });
        reads
    }

    #[test]
    fn no_read_happens_while_paused_and_reading_resumes_after() {
        use std::sync::atomic::Ordering;
        let pause = Arc::new(InputPause::default());
        let reads = counting_reader(&pause);
        let guard = pause.pause();
        assert_eq!(*pause.lock(), Reading::Paused, "the thread acknowledged");
        let before = reads.load(Ordering::SeqCst);
        thread::sleep(Duration::from_millis(50));
        assert_eq!(reads.load(Ordering::SeqCst), before, "no read while paused");
        drop(guard);
        let start = std::time::Instant::now();
        while reads.load(Ordering::SeqCst) == before {
            assert!(start.elapsed() < PAUSE_WAIT, "reading resumed");
            thread::sleep(Duration::from_millis(1));
        }
        pause.stopped();
    }

    #[test]
    fn a_pause_does_not_wait_for_a_thread_that_ended() {
        let pause = InputPause::default();
        pause.stopped();
        let start = std::time::Instant::now();
        drop(pause.pause());
        assert!(start.elapsed() < PAUSE_WAIT);
        assert_eq!(*pause.lock(), Reading::Stopped);
    }

    #[test]
    fn alt_chords_reach_the_keymap_as_alt() {
        assert_eq!(
            keys(key(KeyCode::Char('q'), KeyModifiers::ALT)),
            [Key::Alt('q')]
        );
        assert_eq!(
            keys(key(
                KeyCode::Char('X'),
                KeyModifiers::ALT | KeyModifiers::SHIFT
            )),
            [Key::Alt('X')]
        );
        // Never Esc: Alt-q must not close the help, end a search, or quit.
        for (code, modifiers) in [
            (KeyCode::Up, KeyModifiers::ALT),
            (KeyCode::Enter, KeyModifiers::ALT),
            (
                KeyCode::Char('c'),
                KeyModifiers::ALT | KeyModifiers::CONTROL,
            ),
        ] {
            assert!(keys(key(code, modifiers)).is_empty(), "{code:?}");
        }
    }
}
