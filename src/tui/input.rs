//! Terminal input: the reader thread and the translation of terminal events to actions.

use std::sync::mpsc::Sender;
use std::thread;

use ratatui::crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::LoopEvent;
use crate::app::{Action, Key, Mouse, MouseKind};

pub(super) fn spawn_input_reader(tx: Sender<LoopEvent>) {
    thread::spawn(move || {
        loop {
            let actions = match event::read() {
                Ok(event) => translate(event),
                Err(err) => {
                    let _ = tx.send(LoopEvent::InputFailed(err));
                    return;
                }
            };
            for action in actions {
                if tx.send(LoopEvent::Action(action)).is_err() {
                    return;
                }
            }
        }
    });
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
