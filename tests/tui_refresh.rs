//! Refreshing from inside the reader: allowed only for a source, started by `r` or at
//! start-up; a refresh keeps the reader's place by key.

mod tui_support;

use brief::app::Key::{Char, Enter};
use brief::app::state::RefreshState;
use brief::app::{Action, Effect, Mode, Pane, State, update};
use brief::library::refresh::RefreshOutcome;
use brief::model::{Entry, EntryKey, Issue, IssueKey, Library, Section};
use brief::search::Found;
use brief::testing::fixture::{cjk_library, fixture_source};
use tui_support::{answer, press, type_text};

fn reader(blocked: Option<&str>) -> State {
    let mut state = State::new(cjk_library(), "test", 120, 40);
    state.refresh_blocked = blocked.map(str::to_string);
    state
}

#[test]
fn start_up_refresh_runs_in_the_background_for_a_source() {
    let mut state = reader(None);
    assert_eq!(
        update(&mut state, Action::StartRefresh),
        [Effect::Refresh(vec![fixture_source()])]
    );
    assert!(state.refresh.is_running());
    assert!(
        update(&mut state, Action::Key(Char('r'))).is_empty(),
        "one at a time"
    );
}

#[test]
fn local_files_and_offline_readers_do_not_refresh_and_say_why() {
    for reason in ["reading local files", "--offline"] {
        let mut state = reader(Some(reason));
        assert!(update(&mut state, Action::Key(Char('r'))).is_empty());
        assert!(update(&mut state, Action::StartRefresh).is_empty());
        assert_eq!(state.refresh, RefreshState::default());
        let message = state
            .message
            .as_ref()
            .expect("a status message")
            .text
            .clone();
        assert!(message.contains(reason), "{message}");
    }
}

/// Digest `n` (newer for larger `n`): two sections of ten entries, every third about
/// 量化, with summaries long enough to scroll the detail pane.
fn digest(n: usize) -> Issue {
    let entry = |k: usize| {
        let topic = if k.is_multiple_of(3) {
            "量化"
        } else {
            "编译"
        };
        let summary = format!("第{n}期第{k}条：关于{topic}的长摘要。").repeat(30);
        Entry::new(&format!("Item {k} of issue {n}: {topic}"), None, &summary)
            .with_url(&format!("https://news.example/{n}/{k}"))
    };
    let section = |title: &str, range: std::ops::Range<usize>| Section {
        title: title.into(),
        entries: range.map(entry).collect(),
        ..Section::default()
    };
    let date = format!("2021-{:02}-{:02}", 1 + n / 28, 1 + n % 28);
    Issue {
        source: fixture_source(),
        id: date.clone(),
        title: format!("Digest {n}"),
        date: Some(date),
        sections: vec![section("News", 0..10), section("Papers", 10..20)],
        ..Issue::default()
    }
}

fn digests(numbers: impl Iterator<Item = usize>) -> Library {
    Library::new(numbers.map(digest).collect())
}

fn refresh_with(state: &mut State, library: Library) -> Vec<Effect> {
    let outcome = RefreshOutcome {
        library,
        new_issues: vec!["whatever".into()],
        problems: Vec::new(),
    };
    let (source, outcome) = (fixture_source(), Ok(Box::new(outcome)));
    update(state, Action::StartRefresh);
    update(state, Action::RefreshDone { source, outcome })
}

fn issue_key(state: &State, index: usize) -> IssueKey {
    state.library.issues[index].key()
}

fn entry_key(issue: &Issue, section: usize, entry: usize) -> EntryKey {
    let ordinal = issue.entry_ordinal(section, entry).expect("an entry");
    issue.entry_keys().swap_remove(ordinal)
}

fn selected_entry(state: &State) -> EntryKey {
    let row = state.current_row().expect("a row");
    let issue = state.current_issue().expect("an issue");
    entry_key(issue, row.section, row.entry.expect("an entry row"))
}

/// The entry key of every search result, in order.
fn result_keys(state: &State) -> Vec<EntryKey> {
    let search = state.search.as_ref().expect("a search");
    search
        .hits
        .iter()
        .map(|hit| {
            let found = Found::of(&state.library, hit).expect("a hit in step");
            entry_key(found.issue, hit.section as usize, hit.entry as usize)
        })
        .collect()
}

/// Everything a refresh must keep, by key.
#[derive(PartialEq)]
struct Place {
    issue: IssueKey,
    top_issue: IssueKey,
    entry: EntryKey,
    top_row: (usize, usize),
    detail_scroll: usize,
    focus: Pane,
    results: Vec<EntryKey>,
    cursor: EntryKey,
}

impl std::fmt::Debug for Place {
    /// Keys in short, and the results by count: a failure stays readable.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "issue {} (top {}), entry {} (top row {:?}), detail scroll {}, focus {:?}, \
             {} results, cursor on {}",
            self.issue,
            self.top_issue,
            self.entry,
            self.top_row,
            self.detail_scroll,
            self.focus,
            self.results.len(),
            self.cursor
        )
    }
}

fn place(state: &State) -> Place {
    let search = state.search.as_ref().expect("a search");
    let top = state.rows[state.row_offset];
    Place {
        issue: issue_key(state, state.issue),
        top_issue: issue_key(state, state.issue_offset),
        entry: selected_entry(state),
        top_row: (top.section, top.entry.unwrap_or(usize::MAX)),
        detail_scroll: state.detail_scroll,
        focus: state.focus,
        results: result_keys(state),
        cursor: result_keys(state)[search.cursor].clone(),
    }
}

/// A reader on 30 digests, scrolled in every pane, with a search for 量化 gone to
/// and stepped through with `n`.
fn scrolled_reader() -> State {
    let mut state = State::new(digests((0..30).rev()), "test", 120, 16);
    press(&mut state, Char('/'));
    type_text(&mut state, "量化");
    press(&mut state, Enter);
    // Seven results an issue, in library order: the last one of the 22nd issue.
    for _ in 0..21 * 7 + 6 {
        press(&mut state, Char('n'));
    }
    assert_eq!(state.mode, Mode::Browse);
    state.focus = Pane::Detail;
    // The selection mid-pane rather than at the bottom edge, where keeping it visible
    // alone would fix the offsets.
    state.issue_offset = state.issue - 4;
    state.row_offset = state.row - 3;
    state.detail_scroll = 3;
    state.sync();
    assert_eq!(
        state.issue - state.issue_offset,
        4,
        "the issues pane scrolled"
    );
    assert_eq!(state.row - state.row_offset, 3, "the entries pane scrolled");
    assert_eq!(state.detail_scroll, 3, "the detail pane scrolled");
    state
}

#[test]
fn a_refresh_that_adds_and_reorders_issues_keeps_the_place_by_key() {
    let mut state = scrolled_reader();
    let before = place(&state);
    let results = before.results.len();
    // Two new digests on top; some others in another order, above and below the
    // issues shown.
    let mut library = digests((0..30).rev());
    library.issues.swap(2, 5);
    library.issues.swap(25, 28);
    library.issues.insert(0, digest(31));
    library.issues.insert(0, digest(30));
    let (issue, issue_offset) = (state.issue, state.issue_offset);
    let effects = refresh_with(&mut state, library);
    state.sync();
    assert_eq!(
        (state.issue, state.issue_offset),
        (issue + 2, issue_offset + 2),
        "the same issues shown, two rows further down the list"
    );
    let kept = place(&state);
    assert!(
        kept.results == before.results,
        "the same results, in the same order"
    );
    assert_eq!(kept, before, "kept by key at once");

    answer(&mut state, effects);
    state.sync();
    let after = place(&state);
    assert_eq!(
        after.results.len(),
        results + 14,
        "the query ran again: new matches"
    );
    assert_eq!(
        (
            &after.issue,
            &after.entry,
            &after.cursor,
            after.detail_scroll
        ),
        (
            &before.issue,
            &before.entry,
            &before.cursor,
            before.detail_scroll
        ),
        "the new results keep the cursor and the selection"
    );
    press(&mut state, Char('n'));
    let next = place(&state);
    let at = after
        .results
        .iter()
        .position(|k| *k == after.cursor)
        .unwrap();
    assert_eq!(next.cursor, after.results[at + 1], "n goes on from there");
}

#[test]
fn what_a_refresh_removed_falls_back_to_a_neighbour() {
    let mut state = scrolled_reader();
    let before = place(&state);
    let mut library = digests((0..30).rev());
    library.issues.retain(|i| i.key() != before.issue);
    let effects = refresh_with(&mut state, library);
    answer(&mut state, effects);
    state.sync();
    assert_eq!(state.library.issues.len(), 29);
    assert!(state.current_issue().is_some());
    assert_eq!(state.detail_scroll, 0, "another entry: scrolled to its top");
    assert!(
        result_keys(&state).iter().all(|k| k.issue != before.issue),
        "no result points at the removed issue"
    );
}
