//! The keymap is the state's value: what it binds is what keys do, what the help
//! overlay lists and what the footer hints, overrides included.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::{Action, Keymap, Mode, State, update};
use brief::testing::fixture::cjk_library;
use tui_support::{draw, screen_text, state_after};

fn remapped() -> Keymap {
    let key = |name: &str| name.parse::<Key>().unwrap();
    Keymap::default()
        .with_override(Mode::Browse, key("alt-x"), Some("next_issue"))
        .and_then(|k| k.with_override(Mode::Browse, key("/"), None))
        .and_then(|k| k.with_override(Mode::Browse, key("ctrl-f"), Some("search")))
        .and_then(|k| k.with_override(Mode::Help, key("x"), Some("close")))
        .unwrap()
}

fn reader(keymap: Keymap) -> State {
    let mut state = state_after(cjk_library(), 120, 40, &[]);
    state.keymap = keymap;
    state
}

#[test]
fn overridden_keys_dispatch() {
    let mut state = reader(remapped());
    update(&mut state, Action::Key(Alt('x')));
    assert_eq!(state.issue, 1, "alt-x is next_issue");
    update(&mut state, Action::Key(Char('/')));
    assert_eq!(state.mode, Mode::Browse, "/ is unbound");
    update(&mut state, Action::Key(Ctrl('f')));
    assert_eq!(state.mode, Mode::Search);
}

#[test]
fn help_and_footer_show_the_keys_as_configured() {
    let mut state = reader(remapped());
    let footer = screen_text(&draw(&state));
    assert!(footer.contains("Ctrl-f search"), "{footer}");
    assert!(!footer.contains("/ search"), "{footer}");
    update(&mut state, Action::Key(Char('?')));
    let help = screen_text(&draw(&state));
    let line = |text: &str| help.lines().find(|l| l.contains(text)).unwrap_or_default();
    assert!(line("next issue").contains("] Alt-x "), "{help}");
    assert!(line("search every issue").contains("│  Ctrl-f "), "{help}");
    update(&mut state, Action::Key(Char('x')));
    assert_eq!(state.mode, Mode::Browse, "x closes the help");
}

#[test]
fn alt_chords_are_keys_of_their_own() {
    // Unbound, Alt-q is not Esc and q: the search stays open and nothing is typed.
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/'), Char('a')]);
    update(&mut state, Action::Key(Alt('q')));
    assert_eq!(state.mode, Mode::Search);
    let query = state.search.as_ref().map(|s| s.prompt.text().to_string());
    assert_eq!(query.as_deref(), Some("a"));
    // Bound, it runs its command and nothing else.
    let keymap = Keymap::default()
        .with_override(Mode::Search, Alt('q'), Some("cancel"))
        .unwrap();
    state.keymap = keymap;
    update(&mut state, Action::Key(Alt('q')));
    assert_eq!(state.mode, Mode::Browse);
}

#[test]
fn overlay_titles_name_the_keys_as_configured() {
    let keymap = Keymap::default()
        .with_override(Mode::Links, Char('c'), Some("copy_link"))
        .and_then(|k| k.with_override(Mode::Links, Char('y'), None))
        .and_then(|k| k.with_override(Mode::Browse, Char('L'), None))
        .and_then(|k| k.with_override(Mode::Browse, Char('p'), Some("show_links")))
        .and_then(|k| k.with_override(Mode::Help, Esc, None))
        .unwrap();
    let mut state = reader(keymap.clone());
    update(&mut state, Action::Key(Char('?')));
    update(&mut state, Action::Key(Char('G')));
    let help = screen_text(&draw(&state));
    assert!(help.contains("Link picker (p)"), "{help}");
    assert!(help.contains("┌ Keys (q closes) ─"), "{help}");
    let mut state = state_after(cjk_library(), 120, 40, &[Enter, Char('}')]);
    state.keymap = keymap;
    update(&mut state, Action::Key(Char('p')));
    let picker = screen_text(&draw(&state));
    assert!(
        picker.contains("┌ Links (Enter opens, c copies) ─"),
        "{picker}"
    );
}
