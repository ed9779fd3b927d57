//! Table-driven tests of the state machine, without a terminal: every key of every
//! mode has a case, and a test fails when a binding is added without one.

#[path = "update_cases/reading.rs"]
mod reading_cases;
mod tui_support;

use std::collections::HashSet;

use brief::app::Key::{self, *};
use brief::app::keymap::{Binding, Keymap};
use brief::app::search::Search;
use brief::app::state::{DetailTarget, RefreshState, SourceProgress, StatusKind, help_line_count};
use brief::app::{Action, Effect, Mode, Mouse, MouseKind, Pane, State, update};
use brief::library::refresh::RefreshOutcome;
use brief::search::{HitTarget, Query, Scope};
use brief::testing::fixture::{cjk_library, fixture_source};
use tui_support::{press, state_after, type_text};

/// Every default binding.
fn bindings() -> Vec<Binding> {
    Keymap::default().bindings()
}

/// Where a case starts: keys pressed on a fresh 120×40 reader (or a short one for pages).
#[derive(Clone, Copy)]
enum Start {
    Issues,
    SecondIssue,
    LastIssue,
    Entries,
    Paper,
    LongList,
    ShortLongList,
    Detail,
    Picker,
    PickerAtEnd,
    Help,
    HelpAtEnd,
    Log,
    LogAtEnd,
    /// `/推理` typed on the first issue, results in.
    Search,
    /// The same, cursor on the second result.
    SearchSecond,
    /// The same on a short terminal (four results to a page).
    SearchShort,
    /// The same, prompt cursor at the start.
    SearchHome,
    /// `/推理 MNN` typed.
    SearchTwoWords,
    /// `/推理` then Enter: browsing the first result.
    AfterJump,
    /// With a reading state loaded: the issue list, the first issue's entries, and
    /// the Starred view with two stars.
    ReadingIssues,
    ReadingEntries,
    Starred,
}

/// What the search cases type.
const QUERY: &str = "推理";

impl Start {
    fn state(self) -> State {
        let lib = cjk_library();
        match self {
            Start::Issues => state_after(lib, 120, 40, &[]),
            Start::SecondIssue => state_after(lib, 120, 40, &[Char('j')]),
            Start::LastIssue => state_after(lib, 120, 40, &[Char('G')]),
            Start::Entries => state_after(lib, 120, 40, &[Enter]),
            Start::Paper => state_after(lib, 120, 40, &[Enter, Char('}')]),
            Start::LongList => state_after(lib, 120, 40, &[Char(']'), Enter]),
            Start::ShortLongList => state_after(lib, 120, 12, &[Char(']'), Enter]),
            Start::Detail => state_after(lib, 120, 12, &[Enter, Char('}'), Tab]),
            Start::Picker => state_after(lib, 120, 40, &[Enter, Char('}'), Char('L')]),
            Start::PickerAtEnd => {
                state_after(lib, 120, 40, &[Enter, Char('}'), Char('L'), Char('G')])
            }
            Start::Help => state_after(lib, 120, 12, &[Char('?')]),
            Start::HelpAtEnd => state_after(lib, 120, 12, &[Char('?'), Char('G')]),
            Start::LogAtEnd => {
                let mut state = Start::Log.state();
                update(&mut state, Action::Key(Char('G')));
                state
            }
            Start::Log => {
                let mut state = state_after(lib, 120, 8, &[]);
                state.log = (0..30).map(|n| format!("problem {n}")).collect();
                update(&mut state, Action::Key(Char('!')));
                state
            }
            Start::Search => searched(120, 40, QUERY, &[]),
            Start::SearchSecond => searched(120, 40, QUERY, &[Down]),
            Start::SearchShort => searched(120, 12, QUERY, &[]),
            Start::SearchHome => searched(120, 40, QUERY, &[Home]),
            Start::SearchTwoWords => searched(120, 40, "推理 MNN", &[]),
            Start::AfterJump => searched(120, 40, QUERY, &[Enter]),
            Start::ReadingIssues | Start::ReadingEntries | Start::Starred => {
                reading_cases::start(self)
            }
        }
    }

    fn mode(self) -> Mode {
        match self {
            Start::Picker | Start::PickerAtEnd => Mode::Links,
            Start::Help | Start::HelpAtEnd => Mode::Help,
            Start::Log | Start::LogAtEnd => Mode::Log,
            Start::Starred => Mode::Starred,
            Start::Search
            | Start::SearchSecond
            | Start::SearchShort
            | Start::SearchHome
            | Start::SearchTwoWords => Mode::Search,
            _ => Mode::Browse,
        }
    }
}

/// A reader of `width`×`height` that typed `/` and `query`, then `keys`.
fn searched(width: u16, height: u16, query: &str, keys: &[Key]) -> State {
    let mut state = state_after(cjk_library(), width, height, &[Char('/')]);
    type_text(&mut state, query);
    for &key in keys {
        press(&mut state, key);
    }
    state
}

fn search(state: &State) -> &Search {
    state.search.as_ref().expect("a search is active")
}

/// The title of the entry the search cursor is on.
fn result_title(state: &State) -> &str {
    let search = search(state);
    let hit = &search.hits[search.cursor];
    state.library.issues[hit.issue as usize].sections[hit.section as usize].entries
        [hit.entry as usize]
        .title()
}

/// The selection is on the result under the search cursor: its entry, or for prose
/// its section or its issue (the intro).
fn on_result(state: &State) {
    let search = search(state);
    let hit = &search.hits[search.cursor];
    let issue = hit.issue as usize;
    match hit.target() {
        HitTarget::Entry { .. } => assert_eq!(entry_title(state), result_title(state)),
        HitTarget::Section(section) => assert_eq!(
            state.detail_target(),
            DetailTarget::Section {
                issue,
                section: section as usize
            }
        ),
        HitTarget::Intro => assert_eq!(state.detail_target(), DetailTarget::Issue(issue)),
    }
}

fn prompt_cursor(state: &State) -> usize {
    search(state).prompt.cursor()
}

/// The one effect is a search for `text` under the next generation.
fn searches_for(state: &State, effects: &[Effect], text: &str) {
    assert_eq!(
        effects,
        [Effect::Search {
            generation: state.search_generation,
            query: Query::parse(text),
            scope: Scope {
                current_issue: Some(0)
            },
        }]
    );
    assert!(search(state).pending());
}

struct Case {
    start: Start,
    keys: &'static [Key],
    check: fn(&State, &[Effect]),
}

const PAPER_URL: &str = "https://mp.weixin.qq.com/s/QLf7x5l1aok4pJ5xfZcdtw";
const ARXIV_URL: &str = "https://arxiv.org/abs/1907.05550";
const BLOG_URL: &str = "https://ai.googleblog.com/2020/05/speeding-up-neural-network-training.html";

fn no_effects(effects: &[Effect]) {
    assert!(effects.is_empty(), "{effects:?}");
}

fn entry_title(state: &State) -> &str {
    state.current_entry().expect("an entry is selected").title()
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

/// Rows of text an overlay shows at the state's size.
fn overlay_page(state: &State) -> usize {
    usize::from(brief::app::layout::overlay_body(state.size, u16::MAX).height)
}

fn cases() -> Vec<Case> {
    [
        browse_movement_cases(),
        browse_panes_cases(),
        browse_opening_cases(),
        link_picker_cases(),
        help_cases(),
        log_cases(),
        browse_search_cases(),
        search_results_cases(),
        search_editing_cases(),
        reading_cases::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn browse_movement_cases() -> Vec<Case> {
    vec![
        // Browse: movement in each pane.
        Case {
            start: Start::Issues,
            keys: &[Char('j'), Down],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.issue, 1)
            },
        },
        Case {
            start: Start::SecondIssue,
            keys: &[Char('k'), Up],
            check: |s, _| assert_eq!(s.issue, 0),
        },
        Case {
            start: Start::LastIssue,
            keys: &[Char('g'), Home],
            check: |s, _| assert_eq!(s.issue, 0),
        },
        Case {
            start: Start::Issues,
            keys: &[Char('G'), End],
            check: |s, _| assert_eq!(s.issue, 2),
        },
        Case {
            start: Start::Entries,
            keys: &[Char('j'), Down],
            check: |s, _| assert!(entry_title(s).starts_with("ARM的新架构")),
        },
        Case {
            start: Start::Paper,
            keys: &[Char('k'), Up],
            check: |s, _| assert!(entry_title(s).starts_with("树莓派4")),
        },
        Case {
            start: Start::LongList,
            keys: &[Char('G'), End],
            check: |s, _| assert!(entry_title(s).contains("第14版")),
        },
        Case {
            start: Start::ShortLongList,
            keys: &[Ctrl('d'), PageDown],
            check: |s, _| {
                assert!(entry_title(s).contains("第10版"), "{}", entry_title(s));
                assert!(s.row_offset > 0, "the list scrolled");
            },
        },
        Case {
            start: Start::Entries,
            keys: &[Char('J')],
            check: |s, e| {
                no_effects(e);
                assert!(entry_title(s).starts_with("ARM的新架构"));
                assert_eq!(s.focus, Pane::Entries);
            },
        },
        Case {
            start: Start::Paper,
            keys: &[Char('K')],
            check: |s, _| assert!(entry_title(s).starts_with("树莓派4")),
        },
        Case {
            start: Start::Detail,
            keys: &[Char('j'), Down],
            check: |s, _| assert_eq!(s.detail_scroll, 1),
        },
        Case {
            start: Start::Detail,
            keys: &[Ctrl('u'), PageUp],
            check: |s, _| assert_eq!(s.detail_scroll, 0),
        },
        Case {
            start: Start::Detail,
            keys: &[Char('G'), End],
            check: |s, _| {
                let height = usize::from(s.layout().pane(Pane::Detail).unwrap().body.height);
                assert_eq!(
                    s.detail_scroll,
                    s.detail.lines.len() - height,
                    "last page of the detail"
                );
            },
        },
    ]
}

fn browse_panes_cases() -> Vec<Case> {
    vec![
        // Browse: panes.
        Case {
            start: Start::Entries,
            keys: &[Char('h'), Left],
            check: |s, _| assert_eq!(s.focus, Pane::Issues),
        },
        Case {
            start: Start::Issues,
            keys: &[Char('l'), Right],
            check: |s, _| assert_eq!(s.focus, Pane::Entries),
        },
        Case {
            start: Start::Detail,
            keys: &[Tab],
            check: |s, _| assert_eq!(s.focus, Pane::Issues),
        },
        Case {
            start: Start::Issues,
            keys: &[BackTab],
            check: |s, _| assert_eq!(s.focus, Pane::Detail),
        },
        Case {
            start: Start::Entries,
            keys: &[Char(']')],
            check: |s, _| {
                assert_eq!((s.issue, s.focus), (1, Pane::Entries));
                assert!(entry_title(s).contains("第1版"));
            },
        },
        Case {
            start: Start::LongList,
            keys: &[Char('[')],
            check: |s, _| assert_eq!(s.issue, 0),
        },
        Case {
            start: Start::Entries,
            keys: &[Char('}')],
            check: |s, _| assert!(entry_title(s).starts_with("为了不让GPU")),
        },
        Case {
            start: Start::Paper,
            keys: &[Char('{')],
            check: |s, _| assert!(entry_title(s).starts_with("TensorFlow Lite")),
        },
        // One source: nothing to switch to (tests/tui_sources.rs has several).
        Case {
            start: Start::SecondIssue,
            keys: &[Char('>')],
            check: |s, _| {
                assert_eq!((s.issue, s.shown.clone()), (1, None));
                assert!(message(s).contains("one source"), "{}", message(s));
            },
        },
        Case {
            start: Start::SecondIssue,
            keys: &[Char('<')],
            check: |s, _| {
                assert_eq!((s.issue, s.shown.clone()), (1, None));
                assert!(message(s).contains("one source"), "{}", message(s));
            },
        },
    ]
}

fn browse_opening_cases() -> Vec<Case> {
    vec![
        // Browse: opening, copying, links.
        Case {
            start: Start::Issues,
            keys: &[Enter],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.focus, Pane::Entries)
            },
        },
        Case {
            start: Start::Paper,
            keys: &[Char('o')],
            check: |_, e| assert_eq!(e, [Effect::OpenUrl(PAPER_URL.into())]),
        },
        Case {
            start: Start::Paper,
            keys: &[Char('1')],
            check: |_, e| assert_eq!(e, [Effect::OpenUrl(PAPER_URL.into())]),
        },
        Case {
            start: Start::Paper,
            keys: &[Char('2')],
            check: |_, e| assert_eq!(e, [Effect::OpenUrl(ARXIV_URL.into())]),
        },
        Case {
            start: Start::Paper,
            keys: &[Char('3')],
            check: |s, e| {
                assert_eq!(e, [Effect::OpenUrl(BLOG_URL.into())]);
                assert_eq!(message(s), format!("opened {BLOG_URL}"));
            },
        },
        Case {
            start: Start::Paper,
            keys: &[
                Char('4'),
                Char('5'),
                Char('6'),
                Char('7'),
                Char('8'),
                Char('9'),
            ],
            check: |s, e| {
                no_effects(e);
                assert!(message(s).contains("this has 3"), "{}", message(s));
            },
        },
        Case {
            start: Start::Paper,
            keys: &[Char('y')],
            check: |s, e| {
                assert_eq!(e, [Effect::Copy(PAPER_URL.into())]);
                assert!(message(s).starts_with("copied"));
            },
        },
        Case {
            start: Start::Paper,
            keys: &[Char('L')],
            check: |s, _| assert_eq!((s.mode, s.link_cursor), (Mode::Links, 0)),
        },
        Case {
            start: Start::Issues,
            keys: &[Char('r')],
            check: |s, e| {
                assert_eq!(e, [Effect::Refresh(vec![fixture_source()])]);
                assert!(s.refresh.is_running());
            },
        },
        Case {
            start: Start::Issues,
            keys: &[Char('!')],
            check: |s, _| assert_eq!(s.mode, Mode::Log),
        },
        Case {
            start: Start::Issues,
            keys: &[Char('?')],
            check: |s, _| assert_eq!(s.mode, Mode::Help),
        },
        Case {
            start: Start::Detail,
            keys: &[Esc],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.focus, Pane::Entries)
            },
        },
        Case {
            start: Start::Entries,
            keys: &[Char('q')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.focus, Pane::Issues)
            },
        },
        Case {
            start: Start::Issues,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
        Case {
            start: Start::Paper,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert!(entry_title(s).starts_with("为了不让GPU"), "nothing moved");
            },
        },
    ]
}

fn link_picker_cases() -> Vec<Case> {
    vec![
        // Link picker.
        Case {
            start: Start::Picker,
            keys: &[Char('j'), Down],
            check: |s, _| assert_eq!(s.link_cursor, 1),
        },
        Case {
            start: Start::Picker,
            keys: &[Ctrl('d'), PageDown, Char('G'), End],
            check: |s, _| assert_eq!(s.link_cursor, 2),
        },
        Case {
            start: Start::PickerAtEnd,
            keys: &[Char('k'), Up],
            check: |s, _| assert_eq!(s.link_cursor, 1),
        },
        Case {
            start: Start::PickerAtEnd,
            keys: &[Ctrl('u'), PageUp, Char('g'), Home],
            check: |s, _| assert_eq!(s.link_cursor, 0),
        },
        Case {
            start: Start::Picker,
            keys: &[Enter, Char('o')],
            check: |s, e| {
                assert_eq!(e, [Effect::OpenUrl(PAPER_URL.into())]);
                assert_eq!(s.mode, Mode::Browse, "opening closes the picker");
            },
        },
        Case {
            start: Start::Picker,
            keys: &[
                Char('1'),
                Char('2'),
                Char('3'),
                Char('4'),
                Char('5'),
                Char('6'),
                Char('7'),
                Char('8'),
                Char('9'),
            ],
            check: |s, e| {
                // Keys beyond the link count say so and leave the picker open.
                let opened = !e.is_empty();
                assert_eq!(s.mode == Mode::Browse, opened);
            },
        },
        Case {
            start: Start::Picker,
            keys: &[Char('y')],
            check: |s, e| {
                assert_eq!(e, [Effect::Copy(PAPER_URL.into())]);
                assert_eq!(s.mode, Mode::Links);
            },
        },
        Case {
            start: Start::Picker,
            keys: &[Esc, Char('q'), Char('L')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.mode, Mode::Browse)
            },
        },
        Case {
            start: Start::Picker,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
        Case {
            start: Start::Picker,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert_eq!(s.mode, Mode::Links, "back in the picker after fg");
            },
        },
    ]
}

fn help_cases() -> Vec<Case> {
    vec![
        // Help.
        Case {
            start: Start::Help,
            keys: &[Char('j'), Down, Ctrl('d'), PageDown, Char('G'), End],
            check: |s, _| {
                assert_eq!(s.mode, Mode::Help);
                assert!(s.help_scroll > 0);
            },
        },
        Case {
            start: Start::HelpAtEnd,
            keys: &[Char('k'), Up],
            check: |s, _| {
                assert_eq!(
                    s.help_scroll,
                    help_line_count(&s.keymap) - overlay_page(s) - 1
                );
            },
        },
        Case {
            start: Start::HelpAtEnd,
            keys: &[Ctrl('u'), PageUp],
            check: |s, _| {
                assert_eq!(
                    s.help_scroll,
                    help_line_count(&s.keymap) - 2 * overlay_page(s)
                );
            },
        },
        Case {
            start: Start::HelpAtEnd,
            keys: &[Char('g'), Home],
            check: |s, _| assert_eq!(s.help_scroll, 0),
        },
        Case {
            start: Start::Help,
            keys: &[Esc, Char('q'), Char('?')],
            check: |s, _| assert_eq!(s.mode, Mode::Browse),
        },
        Case {
            start: Start::Help,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
        Case {
            start: Start::Help,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert_eq!(s.mode, Mode::Help);
            },
        },
    ]
}

fn log_cases() -> Vec<Case> {
    vec![
        // Log.
        Case {
            start: Start::Log,
            keys: &[Char('j'), Down, Ctrl('d'), PageDown, Char('G'), End],
            check: |s, _| {
                assert_eq!(s.mode, Mode::Log);
                assert!(s.log_scroll > 0);
            },
        },
        Case {
            start: Start::LogAtEnd,
            keys: &[Char('k'), Up],
            check: |s, _| assert_eq!(s.log_scroll, 30 - 3 - 1),
        },
        Case {
            start: Start::LogAtEnd,
            keys: &[Ctrl('u'), PageUp],
            check: |s, _| assert_eq!(s.log_scroll, 30 - 2 * overlay_page(s)),
        },
        Case {
            start: Start::LogAtEnd,
            keys: &[Char('g'), Home],
            check: |s, _| assert_eq!(s.log_scroll, 0),
        },
        Case {
            start: Start::Log,
            keys: &[Esc, Char('q'), Char('!')],
            check: |s, _| assert_eq!(s.mode, Mode::Browse),
        },
        Case {
            start: Start::Log,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
        Case {
            start: Start::Log,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert_eq!(s.mode, Mode::Log);
            },
        },
    ]
}

fn browse_search_cases() -> Vec<Case> {
    vec![
        // Browse: search.
        Case {
            start: Start::Paper,
            keys: &[Char('/')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.mode, Mode::Search);
                assert_eq!(search(s).prompt.text(), "");
                assert!(
                    entry_title(s).starts_with("为了不让GPU"),
                    "nothing moved yet"
                );
            },
        },
        Case {
            start: Start::AfterJump,
            keys: &[Char('n')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(search(s).cursor, 1);
                on_result(s);
                assert!(message(s).starts_with("result 2/17"), "{}", message(s));
            },
        },
        Case {
            start: Start::AfterJump,
            keys: &[Char('N')],
            check: |s, _| {
                assert_eq!(search(s).cursor, 16, "wraps to the last result: an intro");
                on_result(s);
                assert!(message(s).contains("wrapped"), "{}", message(s));
            },
        },
    ]
}

fn search_results_cases() -> Vec<Case> {
    vec![
        // Search mode: moving in the results.
        Case {
            start: Start::Search,
            keys: &[Down, Ctrl('n')],
            check: |s, e| {
                no_effects(e);
                assert_eq!((s.mode, search(s).cursor), (Mode::Search, 1));
                on_result(s);
            },
        },
        Case {
            start: Start::SearchSecond,
            keys: &[Up, Ctrl('p')],
            check: |s, _| {
                assert_eq!(search(s).cursor, 0);
                on_result(s);
            },
        },
        Case {
            start: Start::SearchShort,
            keys: &[PageDown],
            check: |s, _| {
                assert_eq!(search(s).cursor, 4, "nine rows hold four results");
                assert!(search(s).offset > 0, "the results scrolled");
                on_result(s);
            },
        },
        Case {
            start: Start::SearchSecond,
            keys: &[PageUp],
            check: |s, _| assert_eq!(search(s).cursor, 0),
        },
        Case {
            start: Start::SearchSecond,
            keys: &[Enter],
            check: |s, e| {
                no_effects(e);
                assert_eq!((s.mode, s.focus), (Mode::Browse, Pane::Entries));
                assert_eq!(search(s).cursor, 1);
                on_result(s);
                assert!(message(s).starts_with("result 2/17"), "{}", message(s));
            },
        },
        Case {
            start: Start::SearchSecond,
            keys: &[Esc],
            check: |s, e| {
                no_effects(e);
                assert_eq!(s.mode, Mode::Browse);
                assert!(s.search.is_none());
                assert_eq!((s.issue, s.focus), (0, Pane::Issues), "back where it was");
            },
        },
    ]
}

fn search_editing_cases() -> Vec<Case> {
    vec![
        // Search mode: editing the prompt.
        Case {
            start: Start::Search,
            keys: &[Left],
            check: |s, e| {
                no_effects(e);
                assert_eq!(prompt_cursor(s), "推".len());
            },
        },
        Case {
            start: Start::SearchHome,
            keys: &[Right],
            check: |s, e| {
                no_effects(e);
                assert_eq!(prompt_cursor(s), "推".len());
            },
        },
        Case {
            start: Start::Search,
            keys: &[Home, Ctrl('a')],
            check: |s, _| assert_eq!(prompt_cursor(s), 0),
        },
        Case {
            start: Start::SearchHome,
            keys: &[End, Ctrl('e')],
            check: |s, _| assert_eq!(prompt_cursor(s), QUERY.len()),
        },
        Case {
            start: Start::Search,
            keys: &[Backspace],
            check: |s, e| {
                assert_eq!(search(s).prompt.text(), "推");
                searches_for(s, e, "推");
            },
        },
        Case {
            start: Start::SearchTwoWords,
            keys: &[Ctrl('w')],
            check: |s, e| {
                assert_eq!(search(s).prompt.text(), "推理 ");
                searches_for(s, e, "推理");
            },
        },
        Case {
            start: Start::SearchSecond,
            keys: &[Ctrl('u')],
            check: |s, e| {
                no_effects(e);
                assert_eq!(search(s).prompt.text(), "");
                assert!(search(s).hits.is_empty() && !search(s).pending());
                assert_eq!((s.issue, s.focus), (0, Pane::Issues), "shows where it was");
            },
        },
        Case {
            start: Start::Search,
            keys: &[Ctrl('c')],
            check: |_, e| assert_eq!(e, [Effect::Quit]),
        },
        Case {
            start: Start::Search,
            keys: &[Ctrl('z')],
            check: |s, e| {
                assert_eq!(e, [Effect::Suspend]);
                assert_eq!(s.mode, Mode::Search);
                assert_eq!(search(s).prompt.text(), QUERY, "nothing typed");
            },
        },
    ]
}

#[test]
fn every_key_of_every_mode_does_what_its_case_says() {
    for case in cases() {
        for &key in case.keys {
            let mut state = case.start.state();
            assert_eq!(state.mode, case.start.mode());
            let effects = update(&mut state, Action::Key(key));
            // A failing check names the key it was running for.
            eprintln!("checking {key:?} from {:?}", state.mode);
            (case.check)(&state, &effects);
        }
    }
}

#[test]
fn every_binding_has_a_case() {
    let covered: HashSet<(Mode, Key)> = cases()
        .iter()
        .flat_map(|c| c.keys.iter().map(move |&k| (c.start.mode(), k)))
        .collect();
    for binding in bindings() {
        assert!(
            covered.contains(&(binding.mode, binding.key)),
            "no case for {:?} in {:?}",
            binding.key,
            binding.mode
        );
    }
}

#[test]
fn the_search_start_finds_what_the_cases_expect() {
    let state = Start::Search.state();
    assert_eq!(search(&state).count_label(), "17 results in 2 issues");
    assert_eq!(search(&state).cursor, 0);
    on_result(&state);
}

#[test]
fn unbound_keys_change_nothing_in_any_mode() {
    for start in [Start::Paper, Start::Picker, Start::Help, Start::Log] {
        // Alt chords are unbound, not Esc: Alt-q closes nothing.
        let keys = [
            Char('x'),
            Char('Z'),
            Ctrl('x'),
            Backspace,
            Char('中'),
            Alt('q'),
            F(5),
        ];
        for key in keys {
            let mut state = start.state();
            let before = format!(
                "{:?}",
                (
                    state.mode,
                    state.focus,
                    state.issue,
                    state.row,
                    state.link_cursor
                )
            );
            assert!(update(&mut state, Action::Key(key)).is_empty());
            let after = format!(
                "{:?}",
                (
                    state.mode,
                    state.focus,
                    state.issue,
                    state.row,
                    state.link_cursor
                )
            );
            assert_eq!(before, after, "{key:?}");
        }
    }
}

#[test]
fn q_quits_only_at_the_top() {
    let mut state = Start::Detail.state();
    assert!(update(&mut state, Action::Key(Char('q'))).is_empty());
    assert!(update(&mut state, Action::Key(Char('q'))).is_empty());
    assert_eq!(update(&mut state, Action::Key(Char('q'))), [Effect::Quit]);
    let mut state = Start::Issues.state();
    assert!(
        update(&mut state, Action::Key(Esc)).is_empty(),
        "Esc at the top stays"
    );
}

#[test]
fn unsafe_links_are_refused_with_a_message() {
    let mut state = state_after(cjk_library(), 120, 40, &[Enter, Char('}'), Char('j')]);
    assert!(entry_title(&state).starts_with("一个不安全的链接"));
    for key in [Enter, Char('o'), Char('1'), Char('2')] {
        assert!(update(&mut state, Action::Key(key)).is_empty(), "{key:?}");
        let message = state.message.clone().unwrap();
        assert_eq!(message.kind, StatusKind::Error);
        assert!(
            message.text.starts_with("refused to open a"),
            "{}",
            message.text
        );
    }
    assert_eq!(state.log.len(), 4, "refusals are logged");
}

#[test]
fn archive_links_navigate_inside_the_reader() {
    let mut state = Start::Issues.state();
    assert!(update(&mut state, Action::Key(Char('2'))).is_empty());
    assert_eq!(state.current_issue().unwrap().id, "2019-03-31");
    assert_eq!(message(&state), "went to issue 2019-03-31");
}

#[test]
fn prose_sections_are_selectable_and_shown() {
    let state = state_after(cjk_library(), 120, 40, &[Enter, Char('G')]);
    assert!(state.current_entry().is_none());
    let text: Vec<&str> = state.detail.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text[0], "编者按");
    assert!(text.iter().any(|l| l.contains("这一节只有文字")));
}

#[test]
fn resizing_rewraps_the_detail_for_the_new_width() {
    let mut state = Start::Paper.state();
    let wide = state.detail.lines.len();
    update(
        &mut state,
        Action::Resize {
            width: 100,
            height: 40,
        },
    );
    assert!(state.detail.lines.len() > wide);
    assert_eq!(
        state.detail.key.unwrap().1,
        brief::app::detail::text_width(33)
    );
}

#[test]
fn mouse_click_selects_and_a_second_click_opens() {
    let mut state = Start::Entries.state();
    let layout = state.layout();
    let body = layout.pane(Pane::Entries).unwrap().body;
    // Row 3 of the entries body is the third entry (header, 3 entries).
    let click = Action::Mouse(Mouse {
        kind: MouseKind::Click,
        column: body.x + 2,
        row: body.y + 3,
    });
    assert!(update(&mut state, click).is_empty());
    assert!(entry_title(&state).starts_with("树莓派4"));
    let click = Action::Mouse(Mouse {
        kind: MouseKind::Click,
        column: body.x + 2,
        row: body.y + 3,
    });
    let effects = update(&mut state, click);
    assert_eq!(
        effects,
        [Effect::OpenUrl(
            "https://mp.weixin.qq.com/s/QnaX9_JcBuF4kVSpcD-O7Q".into()
        )]
    );
}

#[test]
fn mouse_click_on_a_detail_link_opens_it() {
    let mut state = Start::Paper.state();
    let body = state.layout().pane(Pane::Detail).unwrap().body;
    let line = state
        .detail
        .lines
        .iter()
        .position(|l| l.link == Some(1))
        .unwrap();
    let click = Action::Mouse(Mouse {
        kind: MouseKind::Click,
        column: body.x + 3,
        row: body.y + line as u16,
    });
    assert_eq!(
        update(&mut state, click),
        [Effect::OpenUrl(ARXIV_URL.into())]
    );
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let mut state = Start::Paper.state();
    let issues = state.layout().pane(Pane::Issues).unwrap().body;
    let wheel = Action::Mouse(Mouse {
        kind: MouseKind::ScrollDown,
        column: issues.x + 1,
        row: issues.y,
    });
    update(&mut state, wheel);
    assert_eq!(state.issue, 2, "three rows down, clamped to the last issue");
    assert_eq!(state.focus, Pane::Entries, "the wheel does not move focus");
}

#[test]
fn refresh_progress_and_outcome_arrive_as_actions() {
    let mut state = Start::Paper.state();
    update(&mut state, Action::Key(Char('r')));
    update(
        &mut state,
        Action::RefreshProgress {
            source: fixture_source(),
            done: 12,
            total: 40,
        },
    );
    assert_eq!(
        state.refresh.running,
        [SourceProgress {
            source: fixture_source(),
            done: 12,
            total: 40
        }]
    );
    let mut library = cjk_library();
    library.issues.insert(0, library.issues[2].clone());
    library.issues[0].id = "2021-01-01".into();
    let outcome = RefreshOutcome {
        library,
        new_issues: vec!["2021-01-01".into()],
        problems: vec!["2019-09-16: missing (404)".into()],
    };
    let source = fixture_source();
    let outcome = Ok(Box::new(outcome));
    update(&mut state, Action::RefreshDone { source, outcome });
    assert_eq!(state.refresh, RefreshState::default());
    assert_eq!(state.library.issues.len(), 4);
    assert_eq!(
        state.current_issue().unwrap().id,
        "2020-06-03",
        "stays on the same issue"
    );
    assert!(
        entry_title(&state).starts_with("为了不让GPU"),
        "and the same entry"
    );
    assert_eq!(message(&state), "1 new issue, 1 problem (! opens the log)");
    assert!(state.log.iter().any(|l| l == "2019-09-16: missing (404)"));
}

#[test]
fn a_failed_refresh_keeps_the_library() {
    let mut state = Start::Issues.state();
    update(&mut state, Action::Key(Char('r')));
    let outcome = Err("offline".into());
    let source = fixture_source();
    update(&mut state, Action::RefreshDone { source, outcome });
    assert_eq!(state.library.issues.len(), 3);
    assert_eq!(message(&state), "refresh failed: offline");
}

#[test]
fn an_empty_library_is_safe_to_drive() {
    let mut state = State::new(Default::default(), "nothing", 80, 24);
    for key in [
        Char('j'),
        Enter,
        Char('o'),
        Char('y'),
        Char('L'),
        Char('}'),
        Tab,
        Char('G'),
        Char('1'),
    ] {
        assert!(update(&mut state, Action::Key(key)).is_empty(), "{key:?}");
    }
}
