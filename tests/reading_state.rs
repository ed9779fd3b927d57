//! The reading state in the reader, without a terminal: marks and stars kept by key
//! across a refresh that reorders issues, new issues, the unread-only filter, next
//! unread, Space, the mark_read policy, the search history, the place restored, and
//! what the panes draw of it all.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::reading;
use brief::app::{Action, Effect, MarkRead, Mode, Pane, State, update};
use brief::library::refresh::RefreshOutcome;
use brief::model::{EntryKey, IssueKey, Library};
use brief::store::{Change, Loaded, Position, Star};
use brief::testing::fixture::cjk_library;
use tui_support::{draw, press, screen_text, type_text};

/// A 120×40 reader of `library` with `loaded` installed, not restoring its place.
fn reader_with(library: Library, loaded: Loaded) -> State {
    let mut state = State::new(library, "fixtures", 120, 40);
    reading::install(&mut state, loaded, false);
    state
}

fn reader() -> State {
    reader_with(cjk_library(), Loaded::default())
}

fn keys(state: &mut State, keys: &[Key]) -> Vec<Effect> {
    keys.iter().flat_map(|&key| press(state, key)).collect()
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

fn entry_title(state: &State) -> &str {
    state.current_entry().expect("an entry is selected").title()
}

/// Every entry's read and starred flags, by key.
fn flags_by_key(state: &mut State) -> Vec<(EntryKey, bool, bool)> {
    let library = state.library.clone();
    let mut flags = Vec::new();
    for (index, issue) in library.issues.iter().enumerate() {
        state.reading.prepare(&library, index);
        for (ordinal, key) in issue.entry_keys().into_iter().enumerate() {
            let read = state.reading.is_read(index, ordinal).unwrap();
            flags.push((key, read, state.reading.is_starred(index, ordinal)));
        }
    }
    flags.sort_by(|a, b| a.0.cmp(&b.0));
    flags
}

#[test]
fn a_refresh_that_reorders_issues_keeps_every_mark_and_star() {
    let mut state = reader();
    // Read: the first issue's first two entries, the whole last issue; a star on
    // the first issue's second entry.
    keys(
        &mut state,
        &[Enter, Char('m'), Char('j'), Char('m'), Char('s')],
    );
    keys(&mut state, &[Esc, Char('G'), Char('M')]);
    let before = flags_by_key(&mut state);
    assert_eq!(
        before.iter().filter(|f| f.1).count(),
        2 + state.library.issues[2].entry_count()
    );

    let mut reordered = cjk_library();
    reordered.issues.reverse();
    let mut fresh = reordered.issues[0].clone();
    fresh.id = "2020-07-01".into();
    fresh.date = Some("2020-07-01".into());
    reordered.issues.push(fresh.clone());
    let outcome = RefreshOutcome {
        library: reordered,
        new_issues: vec![fresh.id.clone()],
        problems: Vec::new(),
    };
    let source = fresh.source.clone();
    update(&mut state, Action::StartRefresh);
    let outcome = Ok(Box::new(outcome));
    let effects = update(&mut state, Action::RefreshDone { source, outcome });

    let mut after = flags_by_key(&mut state);
    after.retain(|f| f.0.issue != fresh.key());
    assert_eq!(after, before, "every mark and star kept by key");
    assert!(state.reading.is_new(&fresh), "first seen now: new");
    let mut others = state
        .library
        .issues
        .iter()
        .filter(|i| i.key() != fresh.key());
    assert!(others.clone().count() == 3 && others.all(|i| !state.reading.is_new(i)));
    assert!(
        effects.contains(&Effect::Persist(Change::Seen(vec![fresh.key()]))),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::Persist(Change::Refreshed(fresh.source.clone()))),
        "{effects:?}"
    );
}

#[test]
fn new_issues_are_those_first_seen_since_the_last_visit() {
    let library = cjk_library();
    let source = library.issues[0].source.clone();
    let mut loaded = Loaded::default();
    loaded.last_visit.insert(source, 1_000);
    loaded.first_seen.insert(library.issues[1].key(), 500);
    loaded.first_seen.insert(library.issues[2].key(), 2_000);
    let mut state = State::new(library, "fixtures", 120, 40);
    let installed = reading::install(&mut state, loaded, false);
    let new: Vec<bool> = state
        .library
        .issues
        .iter()
        .map(|i| state.reading.is_new(i))
        .collect();
    assert_eq!(
        new,
        [true, false, true],
        "never seen, seen before, seen since"
    );
    assert_eq!(installed.since, Some(1_000));
    assert_eq!(installed.unseen, [state.library.issues[0].key()]);
    let screen = screen_text(&draw(&state));
    assert_eq!(screen.matches('✦').count(), 2, "{screen}");
}

#[test]
fn the_panes_mark_unread_entries_and_count_them() {
    let mut state = reader();
    keys(&mut state, &[Enter, Char('m')]);
    let screen = screen_text(&draw(&state));
    let total = state.library.issues[0].entry_count();
    assert!(
        screen.contains(&format!("{}/{total}", total - 1)),
        "{screen}"
    );
    let first = state.library.issues[0].sections[0].entries[0].title();
    let second = state.library.issues[0].sections[0].entries[1].title();
    let line = |title: &str| {
        let start: String = title.chars().take(6).collect();
        screen
            .lines()
            .find(|l| l.contains(&start))
            .unwrap_or_default()
            .to_string()
    };
    assert!(!line(first).contains('●'), "read: {}", line(first));
    assert!(line(second).contains('●'), "unread: {}", line(second));
    // Without a reading state loaded, nothing is known and nothing is drawn.
    let plain = tui_support::state_after(cjk_library(), 120, 40, &[Enter]);
    assert!(!screen_text(&draw(&plain)).contains('●'));
}

#[test]
fn unread_only_keeps_the_selection_on_its_entry() {
    let mut state = reader();
    keys(
        &mut state,
        &[Enter, Char('m'), Char('j'), Char('j'), Char('m')],
    );
    let third = entry_title(&state).to_string();
    let fourth = state.library.issues[0].sections[1].entries[0]
        .title()
        .to_string();
    keys(&mut state, &[Char('u')]);
    assert_eq!(message(&state), "only unread entries");
    let shown: Vec<usize> = state.rows.iter().filter_map(|r| r.entry).collect();
    assert_eq!(
        state.rows.iter().filter(|r| r.entry.is_some()).count(),
        3,
        "{shown:?}"
    );
    assert_eq!(
        entry_title(&state),
        fourth,
        "the read one hidden: the next shown"
    );
    keys(&mut state, &[Char('k')]);
    let second = entry_title(&state).to_string();
    keys(&mut state, &[Char('u')]);
    assert_eq!(message(&state), "all entries");
    assert_eq!(entry_title(&state), second, "the selection stays");
    keys(&mut state, &[Char('j')]);
    assert_eq!(entry_title(&state), third, "every entry is back");
}

#[test]
fn space_pages_the_text_then_goes_to_the_next_unread_entry_in_any_issue() {
    let mut state = reader();
    // The middle issue read, and every entry of the first but its last.
    keys(&mut state, &[Char('j'), Char('M'), Char('k'), Enter]);
    let last = state.library.issues[0].entry_count() - 1;
    for _ in 0..last {
        keys(&mut state, &[Char('m'), Char('j')]);
    }
    keys(&mut state, &[Char('g')]);
    keys(&mut state, &[Char(' ')]);
    assert_eq!(
        (state.issue, reading::current_ordinal(&state)),
        (0, Some(last))
    );
    keys(&mut state, &[Char(' ')]);
    assert_eq!(state.issue, 2, "the middle issue is read: skipped");
    assert!(
        message(&state).starts_with("next unread: issue"),
        "{}",
        message(&state)
    );
    keys(&mut state, &[Char('M'), Char(' ')]);
    assert_eq!(
        (state.issue, reading::current_ordinal(&state)),
        (0, Some(last)),
        "wrapped"
    );
    keys(&mut state, &[Char('m'), Char(' ')]);
    assert_eq!(message(&state), "no unread entries left");

    // In the detail pane of a short reader, Space pages the text first.
    let mut state = State::new(cjk_library(), "fixtures", 120, 12);
    reading::install(&mut state, Loaded::default(), false);
    keys(&mut state, &[Enter, Char('}'), Tab]);
    assert_eq!(state.focus, Pane::Detail);
    let entry = entry_title(&state).to_string();
    keys(&mut state, &[Char(' ')]);
    assert!(state.detail_scroll > 0);
    assert_eq!(entry_title(&state), entry);
    while state.detail_scroll < state.detail_max_scroll() {
        keys(&mut state, &[Char(' ')]);
    }
    keys(&mut state, &[Char(' ')]);
    assert_ne!(
        entry_title(&state),
        entry,
        "at the end: the next unread entry"
    );
}

#[test]
fn an_entry_is_read_when_opened_or_with_mark_read_select_when_selected() {
    let mut state = reader();
    let effects = keys(&mut state, &[Enter, Enter]);
    let key = state.library.issues[0].entry_keys()[0].clone();
    let url = state.current_entry().unwrap().url().unwrap().to_string();
    assert_eq!(
        effects,
        [
            Effect::OpenUrl(url),
            Effect::Persist(Change::Read(vec![key]))
        ]
    );
    let effects = keys(&mut state, &[Char('j')]);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Persist(Change::Read(_))))
    );

    let mut state = reader();
    state.mark_read = MarkRead::Select;
    let effects = keys(&mut state, &[Enter, Char('j')]);
    let read: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::Persist(Change::Read(_))))
        .collect();
    assert_eq!(read.len(), 2, "each entry as it is selected: {effects:?}");
    assert_eq!(
        state.reading.unread_count(0),
        Some(state.library.issues[0].entry_count() - 2)
    );
}

#[test]
fn up_in_an_empty_prompt_walks_the_search_history() {
    let loaded = Loaded {
        history: vec!["tvm".into(), "量化".into()],
        ..Loaded::default()
    };
    let mut state = reader_with(cjk_library(), loaded);
    keys(&mut state, &[Char('/')]);
    let prompt = |s: &State| s.search.as_ref().unwrap().prompt.text().to_string();
    keys(&mut state, &[Up]);
    assert_eq!(prompt(&state), "tvm");
    keys(&mut state, &[Up, Up]);
    assert_eq!(prompt(&state), "量化", "the oldest stays");
    keys(&mut state, &[Down]);
    assert_eq!(prompt(&state), "tvm");
    keys(&mut state, &[Down]);
    assert_eq!(prompt(&state), "");
    type_text(&mut state, "推理");
    let effects = keys(&mut state, &[Enter]);
    assert!(
        effects.contains(&Effect::Persist(Change::Searched("推理".into()))),
        "{effects:?}"
    );
    assert_eq!(state.reading.history, ["推理", "tvm", "量化"]);
    keys(&mut state, &[Char('/'), Up]);
    assert_eq!(prompt(&state), "推理");
    assert_eq!(state.mode, Mode::Search);
}

#[test]
fn the_place_left_is_restored_by_key_and_a_gone_one_skipped() {
    let library = cjk_library();
    let third = library.issues[1].entry_keys()[2].clone();
    let gone = IssueKey {
        source: library.issues[0].source.clone(),
        issue: "1999-01-01".into(),
    };
    let loaded = Loaded {
        positions: vec![
            Position {
                issue: gone,
                entry: None,
            },
            Position {
                issue: third.issue.clone(),
                entry: Some(third.entry.clone()),
            },
        ],
        ..Loaded::default()
    };
    let mut state = State::new(library.clone(), "fixtures", 120, 40);
    reading::install(&mut state, loaded.clone(), true);
    assert_eq!(state.issue, 1);
    assert_eq!(reading::current_key(&state), Some(third));
    let mut state = State::new(library, "fixtures", 120, 40);
    reading::install(&mut state, loaded, false);
    assert_eq!(state.issue, 0, "brief PATH starts at the newest issue");
}

#[test]
fn the_starred_view_shows_a_star_whose_issue_is_gone() {
    let library = cjk_library();
    let gone = EntryKey {
        issue: IssueKey {
            source: library.issues[0].source.clone(),
            issue: "1999-01-01".into(),
        },
        entry: "url:https://example.com/gone".into(),
    };
    let star = Star {
        key: gone.clone(),
        title: "An entry of an issue no longer there".into(),
        publisher: Some("Archive".into()),
        url: Some("https://example.com/gone".into()),
        issue_date: Some("1999-01-01".into()),
        starred_at: 5,
    };
    let loaded = Loaded {
        stars: vec![star],
        ..Loaded::default()
    };
    let mut state = reader_with(library, loaded);
    keys(&mut state, &[Char('S')]);
    let screen = screen_text(&draw(&state));
    assert!(screen.contains("Starred: 1 entry"), "{screen}");
    assert!(
        screen.contains("An entry of an issue no longer there · Archive"),
        "{screen}"
    );
    assert!(screen.contains("1999-01-01"), "{screen}");
    let effects = keys(&mut state, &[Enter]);
    assert_eq!(
        effects,
        [
            Effect::OpenUrl("https://example.com/gone".into()),
            Effect::Persist(Change::Read(vec![gone]))
        ]
    );
}

#[test]
fn an_issue_is_marked_read_from_the_issue_list_and_m_there_says_how() {
    let mut state = reader();
    let effects = keys(&mut state, &[Char('m')]);
    assert!(effects.is_empty());
    assert_eq!(
        message(&state),
        "select an entry first (M marks the whole issue read)"
    );
    keys(&mut state, &[Char('M')]);
    assert_eq!(state.reading.unread_count(0), Some(0));
    assert_eq!(
        message(&state),
        format!(
            "marked {} entries read",
            state.library.issues[0].entry_count()
        )
    );
    keys(&mut state, &[Char('M')]);
    assert_eq!(message(&state), "every entry of this issue is read already");
}

#[test]
fn unread_counts_across_issues_need_no_issue_shown() {
    let library = cjk_library();
    let last = library.issues.last().unwrap();
    let marked = || {
        let mut loaded = Loaded::default();
        for key in last.entry_keys() {
            loaded.read.insert(&key);
        }
        loaded
    };
    let total: usize = library.issues.iter().map(|i| i.entry_count()).sum();
    let expected = total - last.entry_count();
    let unmarked = reading::Reading::from_loaded(Loaded::default(), &library);
    assert_eq!(unmarked.unread_of(&library, None), Some(total));
    let unshown = reading::Reading::from_loaded(marked(), &library);
    assert_eq!(
        unshown.unread_of(&library, None),
        Some(expected),
        "by the marks, no issue's flags worked out"
    );
    assert_eq!(
        unshown.unread_of(&library, Some(&last.source)),
        Some(expected)
    );
    let shown = reader_with(library.clone(), marked());
    assert_eq!(
        shown.reading.unread_of(&shown.library, None),
        Some(expected),
        "the same once the issues are shown"
    );
}
