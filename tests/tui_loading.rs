//! The library arriving in parts at a cold start, through the state machine: each
//! part merged in order, the selection kept by key (or, untouched, on the newest issue
//! or the saved place once its issue is in), the status bar counting, a search saying
//! what it covers and running again once all is in, the reading state applied to
//! issues as they arrive, and what needs the whole library waiting for it.

mod tui_support;

use brief::app::Key::{Char, Enter};
use brief::app::loading::Loading;
use brief::app::{Action, Effect, Mode, State, update};
use brief::library::progressive::Done;
use brief::model::{EntryKey, Issue, IssueKey, Library, SourceId, SourceInfo};
use brief::store::{Change, Loaded, Position};
use brief::testing::synth;
use tui_support::{answer, draw, press, rows, type_text};

const TOTAL: usize = 30;

fn source() -> SourceId {
    SourceId::new("synth").unwrap()
}

/// The whole library, newest first.
fn whole() -> Library {
    synth::library(&source(), TOTAL, 4)
}

/// The issues at library positions `range` (0 is the newest).
fn part(range: std::ops::Range<usize>) -> Vec<Issue> {
    whole().issues[range].to_vec()
}

/// A reader started cold: no issue yet, `TOTAL` files to load.
fn cold() -> State {
    let library = Library {
        sources: vec![SourceInfo::of_id(&source())],
        ..Library::default()
    };
    let mut state = State::new(library, "synth", 120, 40);
    state.loading = Some(Loading::new(TOTAL, 0));
    state
}

fn arrive(state: &mut State, issues: Vec<Issue>, loaded: usize) -> Vec<Effect> {
    let action = Action::LibraryPart {
        issues,
        loaded,
        total: TOTAL,
    };
    let effects = update(state, action);
    answer(state, effects)
}

fn done(state: &mut State, issues: Vec<Issue>, warnings: Vec<String>) -> Vec<Effect> {
    let done = Done {
        issues,
        pages: Vec::new(),
        warnings,
        total: TOTAL,
        ..Done::default()
    };
    let effects = update(state, Action::LibraryLoaded(Box::new(done)));
    answer(state, effects)
}

fn ids(state: &State) -> Vec<String> {
    state.library.issues.iter().map(|i| i.id.clone()).collect()
}

fn selected(state: &State) -> IssueKey {
    state.current_issue().unwrap().key()
}

fn status(state: &State) -> String {
    rows(&draw(state)).last().cloned().unwrap_or_default()
}

#[test]
fn parts_merge_in_library_order_and_the_status_bar_counts_the_files() {
    let mut state = cold();
    assert!(
        status(&state).contains("loading 0/30"),
        "{}",
        status(&state)
    );
    arrive(&mut state, part(10..20), 10);
    assert!(
        status(&state).contains("loading 10/30"),
        "{}",
        status(&state)
    );
    arrive(&mut state, part(0..10), 20);
    arrive(&mut state, part(25..30), 25);
    assert!(status(&state).contains("loading 25/30"));
    done(&mut state, part(20..25), Vec::new());
    assert_eq!(ids(&state), ids(&State::new(whole(), "x", 120, 40)));
    assert!(state.loading.is_none());
    assert!(!status(&state).contains("loading"), "{}", status(&state));
    assert!(status(&state).contains("issue 1/30"), "{}", status(&state));
}

#[test]
fn loading_counts_with_thousands_separators() {
    let mut loading = Loading::new(10_000, 0);
    loading.loaded = 3_200;
    assert_eq!(loading.status(), "loading 3,200/10,000");
}

#[test]
fn the_selection_and_the_entry_are_kept_by_key_while_newer_issues_arrive() {
    let mut state = cold();
    arrive(&mut state, part(10..20), 10);
    for key in [Char('j'), Char('j'), Enter, Char('j')] {
        press(&mut state, key);
    }
    let issue = selected(&state);
    let entry = state.current_entry().unwrap().title().to_string();
    assert_eq!(issue.issue, whole().issues[12].id);
    arrive(&mut state, part(0..10), 20);
    assert_eq!(selected(&state), issue, "the same issue, ten rows lower");
    assert_eq!(state.issue_row(), 12);
    assert_eq!(state.current_entry().unwrap().title(), entry);
    done(&mut state, part(20..30), Vec::new());
    assert_eq!(selected(&state), issue);
    assert_eq!(state.current_entry().unwrap().title(), entry);
}

#[test]
fn an_untouched_reader_stays_on_the_newest_issue_in() {
    let mut state = cold();
    arrive(&mut state, part(10..20), 10);
    assert_eq!(state.issue_row(), 0);
    arrive(&mut state, part(0..10), 20);
    assert_eq!(selected(&state), whole().issues[0].key());
    assert_eq!(state.issue_offset, 0);
}

#[test]
fn a_search_covers_what_is_loaded_says_so_and_runs_again_once_all_is_in() {
    let mut state = cold();
    arrive(&mut state, part(0..10), 10);
    press(&mut state, Char('/'));
    type_text(&mut state, "摘要");
    let search = state.search.as_ref().unwrap();
    assert_eq!(search.covers, Some((10, TOTAL)));
    let shown = rows(&draw(&state)).join("\n");
    assert!(shown.contains("searched 10 of 30 issues"), "{shown}");
    press(&mut state, Enter);
    assert!(
        state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("searched 10 of 30")
    );
    let hits = state.search.as_ref().unwrap().hits.len();
    // A part while the results are shown: they are kept (by key), still partial.
    arrive(&mut state, part(10..20), 20);
    assert_eq!(state.search.as_ref().unwrap().hits.len(), hits);
    let effects = update(
        &mut state,
        Action::LibraryLoaded(Box::new(Done {
            issues: part(20..30),
            total: TOTAL,
            ..Done::default()
        })),
    );
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Search { .. })),
        "the search runs again over every issue: {effects:?}"
    );
    answer(&mut state, effects);
    let search = state.search.as_ref().unwrap();
    assert_eq!(search.covers, None);
    assert!(search.hits.len() > hits, "{} > {hits}", search.hits.len());
    let message = &state.message.as_ref().unwrap().text;
    assert!(message.contains("every issue searched"), "{message}");
}

#[test]
fn results_on_their_way_when_a_part_arrives_are_asked_for_again() {
    let mut state = cold();
    arrive(&mut state, part(0..10), 10);
    press(&mut state, Char('/'));
    let effects = update(&mut state, Action::Key(Char('s')));
    assert!(state.search.as_ref().unwrap().pending());
    let action = Action::LibraryPart {
        issues: part(10..20),
        loaded: 20,
        total: TOTAL,
    };
    let again = update(&mut state, action);
    assert!(again.iter().any(|e| matches!(e, Effect::Search { .. })));
    // The older results, for the library without the part, are dropped.
    answer(&mut state, effects);
    assert!(state.search.as_ref().unwrap().pending());
    answer(&mut state, again);
    assert_eq!(state.search.as_ref().unwrap().covers, Some((20, TOTAL)));
    assert_eq!(state.mode, Mode::Search);
}

/// A reading state: `positions` saved, the first entry of issue 25 read, issues
/// 0..5 never seen before the previous visit.
fn loaded(positions: Vec<Position>) -> Loaded {
    let library = whole();
    let mut loaded = Loaded {
        positions,
        ..Loaded::default()
    };
    let read: EntryKey = library.issues[25].entry_keys()[0].clone();
    loaded.read.insert(&read);
    loaded.last_visit.insert(source(), 1_000);
    for issue in &library.issues[5..] {
        loaded.first_seen.insert(issue.key(), 500);
    }
    loaded
}

fn cold_with(loaded: Loaded, restore_place: bool) -> State {
    let mut state = cold();
    brief::app::loading::install_reading(&mut state, loaded, restore_place, |at| {
        format!("day {at}")
    });
    state
}

#[test]
fn the_saved_place_is_gone_back_to_when_its_issue_arrives() {
    let target = whole().issues[22].clone();
    let position = Position {
        issue: target.key(),
        entry: Some(target.entry_keys()[2].entry.clone()),
    };
    let mut state = cold_with(loaded(vec![position]), true);
    arrive(&mut state, part(0..10), 10);
    assert_eq!(state.issue_row(), 0, "on the newest until the place is in");
    assert!(
        update(
            &mut state,
            Action::Resize {
                width: 120,
                height: 40
            }
        )
        .is_empty()
    );
    let effects = arrive(&mut state, part(20..30), 20);
    assert_eq!(selected(&state), target.key());
    assert_eq!(
        state.current_entry().unwrap().title(),
        target.sections[0].entries[2].title()
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Persist(Change::Position(_)))),
        "where the reader was left needs no saving: {effects:?}"
    );
    done(&mut state, part(10..20), Vec::new());
    assert_eq!(selected(&state), target.key());
}

#[test]
fn a_reader_who_moved_is_not_taken_to_the_saved_place() {
    let target = whole().issues[22].key();
    let position = Position {
        issue: target.clone(),
        entry: None,
    };
    let mut state = cold_with(loaded(vec![position]), true);
    arrive(&mut state, part(0..10), 10);
    press(&mut state, Char('j'));
    let mine = selected(&state);
    arrive(&mut state, part(20..30), 20);
    assert_eq!(selected(&state), mine);
    done(&mut state, part(10..20), Vec::new());
    assert_eq!(selected(&state), mine);
}

#[test]
fn read_marks_apply_to_issues_arriving_later_and_new_issues_wait_for_all() {
    let mut state = cold_with(loaded(Vec::new()), false);
    let effects = arrive(&mut state, part(0..10), 10);
    assert!(
        state.reading.new_issues.is_empty(),
        "not told before all are in"
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Persist(Change::Seen(_))))
    );
    arrive(&mut state, part(20..30), 20);
    let at = state.library.position(&whole().issues[25].key()).unwrap();
    state.reading.prepare(&state.library.clone(), at);
    assert_eq!(state.reading.is_read(at, 0), Some(true));
    assert_eq!(state.reading.is_read(at, 1), Some(false));
    let effects = done(&mut state, part(10..20), Vec::new());
    assert_eq!(state.reading.new_issues.len(), 5);
    let seen: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::Persist(Change::Seen(_))))
        .collect();
    assert_eq!(seen.len(), 1, "{effects:?}");
    if let Effect::Persist(Change::Seen(keys)) = seen[0] {
        assert_eq!(keys.len(), 5);
    }
    let message = &state.message.as_ref().unwrap().text;
    assert!(message.contains("5 new issues since day 1000"), "{message}");
}

#[test]
fn warnings_are_told_and_a_refresh_asked_for_starts_once_all_is_in() {
    let mut state = cold();
    assert!(update(&mut state, Action::StartRefresh).is_empty());
    arrive(&mut state, part(0..10), 10);
    press(&mut state, Char('r'));
    let message = &state.message.as_ref().unwrap().text;
    assert!(message.contains("once the library is loaded"), "{message}");
    let effects = done(&mut state, part(10..30), vec!["x.md: skipped".into()]);
    assert!(
        effects.contains(&Effect::Refresh(vec![source()])),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::PrepareSearch(None)),
        "{effects:?}"
    );
    assert!(state.log.contains(&"x.md: skipped".to_string()));
    let message = &state.message.as_ref().unwrap().text;
    assert!(message.contains("1 load warning"), "{message}");
}

#[test]
fn local_files_say_at_once_that_they_do_not_refresh() {
    let mut state = cold();
    state.refresh_blocked = Some("reading local files".into());
    arrive(&mut state, part(0..10), 10);
    press(&mut state, Char('r'));
    let message = &state.message.as_ref().unwrap().text;
    assert!(
        message.contains("no refresh: reading local files"),
        "{message}"
    );
    let effects = done(&mut state, part(10..30), Vec::new());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Refresh(_))));
}

#[test]
fn pages_named_at_the_end_leave_the_issue_list() {
    let mut state = cold();
    arrive(&mut state, part(0..20), 20);
    let page = whole().issues[3].key();
    let done = Done {
        issues: part(20..30),
        pages: vec![page.clone()],
        total: TOTAL,
        ..Done::default()
    };
    let effects = update(&mut state, Action::LibraryLoaded(Box::new(done)));
    answer(&mut state, effects);
    assert_eq!(state.library.issues.len(), TOTAL - 1);
    assert!(state.library.position(&page).is_none());
    assert_eq!(state.library.pages.len(), 1);
}

#[test]
fn issues_shown_early_whose_files_are_gone_leave_at_the_end_the_selection_kept() {
    let mut state = cold();
    arrive(&mut state, part(0..20), 20);
    update(&mut state, Action::Key(Char('j')));
    let selected_before = selected(&state);
    let newest = whole().issues[0].key();
    assert_ne!(selected_before, newest);
    let done = Done {
        issues: part(20..30),
        gone: vec![newest.clone()],
        total: TOTAL,
        ..Done::default()
    };
    let effects = update(&mut state, Action::LibraryLoaded(Box::new(done)));
    answer(&mut state, effects);
    assert_eq!(state.library.issues.len(), TOTAL - 1);
    assert!(state.library.position(&newest).is_none());
    assert_eq!(selected(&state), selected_before);
}
