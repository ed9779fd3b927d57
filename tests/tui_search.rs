//! The reader's search, driven through `update` without a terminal: prompt editing by
//! grapheme, results by generation, jumping, n/N, Esc, highlights.

mod tui_support;

use brief::app::Key::*;
use brief::app::search::Search;
use brief::app::{Action, Effect, Mode, Pane, State, update};
use brief::library::refresh::RefreshOutcome;
use brief::search::{Hit, HitTarget, Index, Query, Scope};
use brief::testing::fixture::{cjk_library, fixture_source};
use brief::ui::cursor_position;
use tui_support::{answer, press, state_after, type_text};

fn search(state: &State) -> &Search {
    state.search.as_ref().expect("a search is active")
}

fn prompt(state: &State) -> &str {
    search(state).prompt.text()
}

fn entry_title(state: &State) -> &str {
    state.current_entry().expect("an entry is selected").title()
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

fn hits_for(state: &State, text: &str) -> Vec<Hit> {
    Index::build(&state.library).search(&Query::parse(text), Scope::default())
}

/// Types `text` without answering: returns the generation of each search asked for.
fn type_unanswered(state: &mut State, text: &str) -> Vec<u64> {
    let mut generations = Vec::new();
    for c in text.chars() {
        for effect in update(state, Action::Key(Char(c))) {
            if let Effect::Search { generation, .. } = effect {
                generations.push(generation);
            }
        }
    }
    generations
}

fn results(state: &mut State, generation: u64, hits: Vec<Hit>) {
    update(state, Action::SearchResults { generation, hits });
}

/// Column of the terminal cursor in the prompt.
fn cursor_x(state: &State) -> u16 {
    cursor_position(state).expect("a cursor in search mode").x
}

#[test]
fn stale_results_are_dropped_and_the_newest_finished_are_shown() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    let generations = type_unanswered(&mut state, "MN");
    let [m, mn] = generations[..] else {
        panic!("one search per key: {generations:?}")
    };
    assert!(m < mn);
    let few = hits_for(&state, "MN")[..3].to_vec();
    let all = hits_for(&state, "M");
    // The newer query finishes first: the older one's results arrive late, dropped.
    results(&mut state, mn, few.clone());
    results(&mut state, m, all.clone());
    assert_eq!(search(&state).hits, few);
    assert!(!search(&state).pending());
    // In order: the older are shown until the newer arrive.
    let generations = type_unanswered(&mut state, "N ");
    let [mnn] = generations[..] else {
        panic!("a trailing space changes no query: {generations:?}")
    };
    results(&mut state, mnn - 1, all.clone());
    assert_eq!(search(&state).hits, few, "older than shown: dropped");
    results(&mut state, mnn, all.clone());
    assert_eq!(search(&state).hits, all);
}

#[test]
fn results_of_an_abandoned_search_never_show() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    let old = type_unanswered(&mut state, "推");
    let hits = hits_for(&state, "推");
    update(&mut state, Action::Key(Esc));
    results(&mut state, old[0], hits.clone());
    assert!(state.search.is_none());
    assert_eq!(state.issue, 0);
    update(&mut state, Action::Key(Char('/')));
    results(&mut state, old[0], hits);
    assert!(
        search(&state).hits.is_empty(),
        "a new prompt ignores old results"
    );
}

#[test]
fn enter_before_the_results_jumps_when_they_arrive() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    let generations = type_unanswered(&mut state, "MNN");
    update(&mut state, Action::Key(Enter));
    assert_eq!(state.mode, Mode::Search, "waiting for the results");
    let hits = hits_for(&state, "MNN");
    results(&mut state, generations[1], hits[..1].to_vec());
    assert_eq!(state.mode, Mode::Search, "older results do not jump");
    results(&mut state, generations[2], hits.clone());
    assert_eq!(state.mode, Mode::Browse);
    let first = &hits[0];
    assert_eq!(
        (state.issue, state.focus),
        (first.issue as usize, Pane::Entries)
    );
    assert!(entry_title(&state).contains("MNN"));
}

#[test]
fn esc_in_the_prompt_restores_the_selection_exactly() {
    // The paper entry, detail focused and scrolled, on a short terminal.
    let mut state = state_after(
        cjk_library(),
        120,
        12,
        &[Enter, Char('}'), Tab, Char('j'), Char('j')],
    );
    let before = (
        state.issue,
        state.row,
        state.focus,
        state.issue_offset,
        state.row_offset,
        state.detail_scroll,
    );
    assert_eq!(before.5, 2);
    press(&mut state, Char('/'));
    type_text(&mut state, "MNN");
    press(&mut state, Down);
    press(&mut state, Down);
    assert_eq!(state.issue, 1, "the selection followed the results");
    press(&mut state, Esc);
    let after = (
        state.issue,
        state.row,
        state.focus,
        state.issue_offset,
        state.row_offset,
        state.detail_scroll,
    );
    assert_eq!(after, before);
    assert_eq!(state.mode, Mode::Browse);
    assert!(state.search.is_none());
}

#[test]
fn n_and_n_shift_walk_the_results_after_a_jump_and_wrap() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    type_text(&mut state, "MNN");
    press(&mut state, Enter);
    let count = search(&state).hits.len();
    assert_eq!(count, 15, "14 entries, then the intro that names MNN too");
    for n in 1..count - 1 {
        press(&mut state, Char('n'));
        assert_eq!(search(&state).cursor, n);
        assert!(entry_title(&state).contains(&format!("第{}版", n + 1)));
    }
    press(&mut state, Char('n'));
    assert_eq!(search(&state).hits[14].target(), HitTarget::Intro);
    assert_eq!(
        (state.issue, state.focus),
        (1, Pane::Issues),
        "an intro is read in the issue's detail"
    );
    press(&mut state, Char('n'));
    assert_eq!(search(&state).cursor, 0);
    assert!(message(&state).contains("wrapped"), "{}", message(&state));
    press(&mut state, Char('N'));
    assert_eq!(search(&state).cursor, count - 1);
    assert_eq!(state.mode, Mode::Browse, "n/N never reopen the prompt");
}

#[test]
fn n_without_a_search_says_how_to_search() {
    let mut state = state_after(cjk_library(), 120, 40, &[]);
    press(&mut state, Char('n'));
    assert!(
        message(&state).contains("/ searches"),
        "{}",
        message(&state)
    );
}

#[test]
fn a_second_enter_opens_the_results_link() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    type_text(&mut state, "数据回波");
    press(&mut state, Enter);
    assert_eq!(
        press(&mut state, Enter),
        [Effect::OpenUrl(
            "https://mp.weixin.qq.com/s/QLf7x5l1aok4pJ5xfZcdtw".into()
        )]
    );
}

#[test]
fn in_this_searches_the_issue_the_reader_was_on() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char(']'), Char('/')]);
    let effects = update(&mut state, Action::Paste("in:this 推理".into()));
    let [Effect::Search { scope, .. }] = &effects[..] else {
        panic!("one search: {effects:?}")
    };
    assert_eq!(scope.current_issue, Some(1));
    answer(&mut state, effects);
    let hits = &search(&state).hits;
    assert_eq!(hits.len(), 15, "its 14 entries and its intro");
    assert!(hits.iter().all(|h| h.issue == 1));
}

#[test]
fn matches_stay_highlighted_in_the_detail_until_esc() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    type_text(&mut state, "ruy");
    press(&mut state, Enter);
    let marked = |state: &State| -> Vec<String> {
        let lines = state.detail.lines.iter();
        lines
            .flat_map(|l| l.marks.iter().map(|r| l.text[r.clone()].to_string()))
            .collect()
    };
    assert_eq!(
        state.focus,
        Pane::Issues,
        "the intro comes first, in its issue"
    );
    assert_eq!(marked(&state), ["ruy"], "the intro's word");
    press(&mut state, Char('n'));
    assert!(entry_title(&state).starts_with("TensorFlow Lite"));
    assert_eq!(
        marked(&state),
        ["ruy", "ruy"],
        "summary: the word and the URL"
    );
    press(&mut state, Esc);
    assert_eq!(message(&state), "search ended");
    assert!(state.detail.lines.iter().all(|l| l.marks.is_empty()));
    assert_eq!(state.focus, Pane::Entries, "this Esc only ends the search");
    press(&mut state, Char('n'));
    assert!(message(&state).contains("no search"));
}

#[test]
fn the_prompt_edits_by_grapheme_and_the_cursor_follows_display_columns() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    let start = cursor_x(&state);
    assert_eq!(start, 3, "after ` / `");
    // CJK, an emoji ZWJ sequence and a combining mark, typed one char at a time.
    type_text(&mut state, "量化👩‍💻e\u{301}");
    assert_eq!(prompt(&state), "量化👩‍💻e\u{301}");
    assert_eq!(cursor_x(&state), start + 4 + 2 + 1);
    press(&mut state, Backspace);
    assert_eq!(prompt(&state), "量化👩‍💻", "é goes whole");
    press(&mut state, Left);
    assert_eq!(cursor_x(&state), start + 4, "over the emoji at once");
    press(&mut state, Backspace);
    assert_eq!(prompt(&state), "量👩‍💻");
    assert_eq!(cursor_x(&state), start + 2);
    press(&mut state, Right);
    assert_eq!(cursor_x(&state), start + 4);
    type_text(&mut state, " TVM");
    press(&mut state, Ctrl('w'));
    assert_eq!(prompt(&state), "量👩‍💻 ");
    press(&mut state, Home);
    assert_eq!(cursor_x(&state), start);
    press(&mut state, End);
    assert_eq!(cursor_x(&state), start + 5);
    press(&mut state, Ctrl('u'));
    assert_eq!((prompt(&state), cursor_x(&state)), ("", start));
}

#[test]
fn paste_and_ime_text_go_in_whole_without_control_characters() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    type_text(&mut state, "ab");
    press(&mut state, Left);
    let effects = update(
        &mut state,
        Action::Paste("量\r\n化\u{1b}[31m\t\u{202E}x\u{7f}".into()),
    );
    assert_eq!(prompt(&state), "a量 化[31m xb");
    assert_eq!(effects.len(), 1, "one search for the whole paste");
    assert_eq!(cursor_x(&state), 3 + 1 + 2 + 1 + 2 + 4 + 2);
    update(&mut state, Action::Key(Ctrl('u')));
    // An IME commits a composed word as one paste or as characters: same result.
    update(&mut state, Action::Paste("低比特量化".into()));
    assert_eq!(prompt(&state), "低比特量化");
    assert_eq!(cursor_x(&state), 3 + 10);
}

#[test]
fn a_long_query_scrolls_so_the_cursor_stays_on_screen() {
    let mut state = state_after(cjk_library(), 50, 20, &[Char('/')]);
    type_text(&mut state, &"量化".repeat(30));
    let x = cursor_x(&state);
    assert!(x < 50, "{x}");
    assert!(x > 40, "the cursor stays at the end: {x}");
    press(&mut state, Home);
    assert_eq!(cursor_x(&state), 3);
}

#[test]
fn a_refresh_during_a_search_keeps_the_results_and_sends_the_query_again() {
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    type_text(&mut state, "MNN");
    for _ in 0..3 {
        press(&mut state, Down);
    }
    let chosen = entry_title(&state).to_string();
    let old = state.search_generation;
    let mut library = cjk_library();
    library.issues.remove(0);
    let outcome = RefreshOutcome {
        library,
        new_issues: Vec::new(),
        problems: Vec::new(),
    };
    let (source, outcome) = (fixture_source(), Ok(Box::new(outcome)));
    update(&mut state, Action::StartRefresh);
    let effects = update(&mut state, Action::RefreshDone { source, outcome });
    assert!(matches!(effects[..], [Effect::Search { generation, .. }] if generation > old));
    assert_eq!(
        search(&state).hits.len(),
        15,
        "the hits, the intro's too, are found again in the new library at once"
    );
    assert_eq!(search(&state).hits[14].target(), HitTarget::Intro);
    assert!(search(&state).hits.iter().all(|h| h.issue == 0));
    assert_eq!(search(&state).cursor, 3);
    assert_eq!(entry_title(&state), chosen);
    let stale = hits_for(&state, "MNN")[..2].to_vec();
    results(&mut state, old, stale);
    assert_eq!(
        search(&state).hits.len(),
        15,
        "results for the old library dropped"
    );
    answer(&mut state, effects);
    assert_eq!(search(&state).hits.len(), 15);
    assert!(search(&state).hits.iter().all(|h| h.issue == 0));
    assert_eq!(search(&state).cursor, 3, "the cursor stays on its entry");
    assert_eq!(entry_title(&state), chosen);
}
