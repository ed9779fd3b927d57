//! Terminal input: the reader thread and the translation of terminal events to actions.

use std::io;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::LoopEvent;
use super::pause::InputPause;
use super::tty::{Readiness, Tty};
use crate::app::{Action, Key, Mouse, MouseKind};

/// How long the input thread waits on the terminal before it looks whether it should
/// pause: the most a pause waits for it.
const POLL_EVERY: Duration = Duration::from_millis(100);

/// How long a failed read or write waits to see the terminal hang up.
pub(super) const HANG_UP_GRACE: Duration = Duration::from_millis(200);

/// Reads the terminal on its own thread, while `pause` lets it. It waits on the
/// terminal itself and hands it to crossterm only once input is there: crossterm spins
/// on a terminal that hung up, and this way the loop hears of the hang-up instead.
pub(super) fn spawn_input_reader(tty: Arc<Tty>, tx: Sender<LoopEvent>, pause: Arc<InputPause>) {
    thread::spawn(move || {
        let ended = read_loop(&tty, &tx, &pause);
        pause.stopped();
        match ended {
            Ok(Ended::LoopGone) => {}
            Ok(Ended::TerminalGone) => {
                let _ = tx.send(LoopEvent::TerminalGone);
            }
            Err(_) if tty.hangs_up_within(HANG_UP_GRACE) => {
                let _ = tx.send(LoopEvent::TerminalGone);
            }
            Err(err) => {
                let _ = tx.send(LoopEvent::InputFailed(err));
            }
        }
    });
}

/// Why the input thread stopped reading.
enum Ended {
    LoopGone,
    TerminalGone,
}

fn read_loop(tty: &Tty, tx: &Sender<LoopEvent>, pause: &InputPause) -> io::Result<Ended> {
    loop {
        pause.checkpoint();
        match tty.wait(POLL_EVERY)? {
            Readiness::Quiet => {}
            Readiness::Gone => return Ok(Ended::TerminalGone),
            Readiness::Input => {
                if !read_waiting(tx)? {
                    return Ok(Ended::LoopGone);
                }
            }
        }
    }
}

/// Sends the actions of the event that is arriving and of every complete one behind
/// it (crossterm may have read several at once). False once the loop is gone.
fn read_waiting(tx: &Sender<LoopEvent>) -> io::Result<bool> {
    let mut event = event::read()?;
    loop {
        for action in translate(event) {
            if tx.send(LoopEvent::Action(action)).is_err() {
                return Ok(false);
            }
        }
        if !event::poll(Duration::ZERO)? {
            return Ok(true);
        }
        event = event::read()?;
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
