//! Key bindings from a config file: what the reader does with a key, what the help
//! overlay lists and what the footer hints follow the file.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::{Action, Keymap, Mode, State, update};
use brief::testing::fixture::cjk_library;
use tui_support::{draw, screen_text, state_after};

/// The keymap a config file sets.
fn keymap(config: &str) -> Keymap {
    brief::cli::config::parse(config, "config.toml", std::path::Path::new("/"))
        .unwrap_or_else(|err| panic!("{err}"))
        .layer
        .keymap
        .expect("the file has keys")
}

fn reader(config: &str) -> State {
    let mut state = state_after(cjk_library(), 120, 40, &[]);
    state.keymap = keymap(config);
    state
}

const REMAP: &str = r#"
[keys.browse]
x = "next_issue"
"]" = "none"
ctrl-f = "search"
"/" = "none"

[keys.help]
x = "close"
"#;

#[test]
fn remapped_keys_run_their_commands_and_unbound_ones_nothing() {
    let mut state = reader(REMAP);
    update(&mut state, Action::Key(Char(']')));
    assert_eq!(state.issue, 0, "] is unbound");
    update(&mut state, Action::Key(Char('x')));
    assert_eq!(state.issue, 1, "x is next_issue");
    update(&mut state, Action::Key(Char('/')));
    assert_eq!(state.mode, Mode::Browse, "/ is unbound");
    update(&mut state, Action::Key(Ctrl('f')));
    assert_eq!(state.mode, Mode::Search, "ctrl-f searches");
    // Keys the file leaves alone keep their defaults.
    update(&mut state, Action::Key(Esc));
    update(&mut state, Action::Key(Char('[')));
    assert_eq!(state.issue, 0, "[ is still prev_issue");
}

#[test]
fn the_help_and_the_footer_show_the_configured_keys() {
    let mut state = reader(REMAP);
    let footer = screen_text(&draw(&state));
    assert!(footer.contains("Ctrl-f search"), "{footer}");
    assert!(!footer.contains("/ search"), "{footer}");
    update(&mut state, Action::Key(Char('?')));
    let help = screen_text(&draw(&state));
    let line = |text: &str| help.lines().find(|l| l.contains(text)).unwrap_or_default();
    let next = line("next issue");
    assert!(next.contains(" x "), "{next}");
    assert!(!next.contains(']'), "{next}");
    assert!(line("search every issue").contains("Ctrl-f"), "{help}");
    update(&mut state, Action::Key(Char('x')));
    assert_eq!(state.mode, Mode::Browse, "x closes the help");
}

#[test]
fn unbinding_a_key_in_one_mode_leaves_the_others_alone() {
    let config = "[keys.links]\nq = \"none\"\n";
    let keymap = keymap(config);
    assert_eq!(keymap.links().lookup(Char('q')), None);
    assert!(keymap.browse().lookup(Char('q')).is_some());
    assert_eq!(
        keymap.overlay(Mode::Help).lookup(Char('q')),
        Keymap::default().overlay(Mode::Help).lookup(Char('q'))
    );
    let keys: Vec<Key> = keymap
        .links()
        .keys(brief::app::keymap::LinksCommand::Close)
        .collect();
    assert_eq!(keys, [Esc, Char('L')]);
}
