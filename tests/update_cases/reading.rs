//! `tui_update`'s cases for the reading-state keys: m, M, s, S, u, Space while
//! browsing, and every key of the Starred view.

use brief::app::Key::*;
use brief::app::reading;
use brief::app::{Action, Effect, Mode, Pane, State, update};
use brief::store::{Change, Loaded};
use brief::testing::fixture::cjk_library;

use super::{Case, Start, message, no_effects};

/// A reader with an empty reading state loaded, after `keys`, its place settled
/// (the position effects of the keys are done).
fn loaded(keys: &[brief::app::Key]) -> State {
    let mut state = State::new(cjk_library(), "fixtures", 120, 40);
    reading::install(&mut state, Loaded::default(), false);
    for &key in keys {
        update(&mut state, Action::Key(key));
    }
    state
}

pub fn start(start: Start) -> State {
    match start {
        Start::ReadingIssues => loaded(&[]),
        Start::ReadingEntries => loaded(&[Enter]),
        // Two stars, the newest (the second entry) first.
        Start::Starred => loaded(&[Enter, Char('s'), Char('j'), Char('s'), Char('S')]),
        _ => unreachable!("not a reading start"),
    }
}

/// The key of the `n`th entry (reading order) of the first issue.
fn key(state: &State, n: usize) -> brief::model::EntryKey {
    state.library.issues[0].entry_keys()[n].clone()
}

fn is_read(state: &State, n: usize) -> bool {
    state.reading.is_read(0, n) == Some(true)
}

pub fn cases() -> Vec<Case> {
    let mut cases = browse_cases();
    cases.extend(starred_cases());
    cases
}

fn browse_cases() -> Vec<Case> {
    vec![
        Case {
            start: Start::ReadingEntries,
            keys: &[Char('m')],
            check: |s, e| {
                assert_eq!(e, [Effect::Persist(Change::Read(vec![key(s, 0)]))]);
                assert!(is_read(s, 0) && !is_read(s, 1));
                assert_eq!(message(s), "marked read");
            },
        },
        Case {
            start: Start::ReadingIssues,
            keys: &[Char('M')],
            check: |s, e| {
                let all = s.library.issues[0].entry_keys();
                assert_eq!(e, [Effect::Persist(Change::Read(all))]);
                assert_eq!(s.reading.unread_count(0), Some(0));
                assert_eq!(
                    s.reading.unread_count(1),
                    Some(s.library.issues[1].entry_count())
                );
            },
        },
        Case {
            start: Start::ReadingEntries,
            keys: &[Char('s')],
            check: |s, e| {
                let [Effect::Persist(Change::Star(star))] = e else {
                    panic!("{e:?}");
                };
                assert_eq!(star.key, key(s, 0));
                assert_eq!(
                    star.title,
                    s.library.issues[0].sections[0].entries[0].title()
                );
                assert!(s.reading.is_starred(0, 0));
            },
        },
        Case {
            start: Start::ReadingEntries,
            keys: &[Char('S')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.mode, Mode::Starred);
            },
        },
        Case {
            start: Start::ReadingEntries,
            keys: &[Char('u')],
            check: |s, e| {
                no_effects(e);
                assert!(s.reading.unread_only);
                assert_eq!(
                    s.current_entry(),
                    s.library.issues[0].sections[0].entries.first()
                );
            },
        },
        Case {
            start: Start::ReadingEntries,
            keys: &[Char(' ')],
            check: |s, e| {
                // The next unread entry; the place moved, so it is saved.
                assert!(matches!(e, [Effect::Persist(Change::Position(_))]), "{e:?}");
                assert_eq!(
                    s.current_entry(),
                    s.library.issues[0].sections[0].entries.get(1)
                );
                assert_eq!(s.focus, Pane::Entries);
            },
        },
    ]
}

fn starred_cases() -> Vec<Case> {
    vec![
        Case {
            start: Start::Starred,
            keys: &[Char('j'), Down, Char('G'), End, Ctrl('d'), PageDown],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.reading.starred_cursor, 1);
            },
        },
        Case {
            start: Start::Starred,
            keys: &[Char('k'), Up, Char('g'), Home, Ctrl('u'), PageUp],
            check: |s, _| assert_eq!(s.reading.starred_cursor, 0),
        },
        Case {
            start: Start::Starred,
            keys: &[Enter, Char('o')],
            check: |s, e| {
                // The newest star: the second entry, opened and so read.
                let url = s.library.issues[0].sections[0].entries[1].url().unwrap();
                assert_eq!(
                    e,
                    [
                        Effect::OpenUrl(url.to_string()),
                        Effect::Persist(Change::Read(vec![key(s, 1)]))
                    ]
                );
            },
        },
        Case {
            start: Start::Starred,
            keys: &[Char('s')],
            check: |s, e| {
                assert_eq!(e, [Effect::Persist(Change::Unstar(key(s, 1)))]);
                assert_eq!(s.reading.stars.len(), 1);
                assert_eq!(s.reading.stars[0].key, key(s, 0));
            },
        },
        Case {
            start: Start::Starred,
            keys: &[Esc, Char('q'), Char('S')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.mode, Mode::Browse);
            },
        },
        Case {
            start: Start::Starred,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert_eq!(s.mode, Mode::Starred);
            },
        },
        Case {
            start: Start::Starred,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
    ]
}
