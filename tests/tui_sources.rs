//! The reader with several sources: the source row, switching with `<` `>` (and the
//! mouse) while keeping the selection, search across sources, and a refresh per source.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::sources::ALL_SOURCES;
use brief::app::{Action, Effect, Mode, Mouse, MouseKind, Pane, State, update};
use brief::library::refresh::RefreshOutcome;
use brief::model::{Library, SourceId, SourceInfo};
use brief::testing::fixture::{cjk_library, fixture_source};
use tui_support::{answer, draw, press, rows, screen_text, state_after, type_text};

fn other() -> SourceId {
    SourceId::new("other").unwrap()
}

/// The fixture issues, and three more of another source with the same ids, each a
/// week newer than its namesake: the two interleave, other first.
fn two_sources() -> Library {
    let mut library = cjk_library();
    let dates = ["2020-06-10", "2020-05-20", "2019-04-07"];
    let mut others = cjk_library().issues;
    for (issue, date) in others.iter_mut().zip(dates) {
        issue.source = other();
        issue.date = Some(date.into());
        issue.title = format!("Other digest ({date})");
        issue.location = format!("other/{}.md", issue.id);
        issue.sections.truncate(1);
    }
    library.issues.extend(others);
    library.sort();
    library.sources = vec![
        SourceInfo {
            id: fixture_source(),
            title: "Fixtures".into(),
        },
        SourceInfo {
            id: other(),
            title: "Other".into(),
        },
    ];
    library
}

fn reader(keys: &[Key]) -> State {
    state_after(two_sources(), 120, 30, keys)
}

fn sources_of_view(state: &State) -> Vec<String> {
    state
        .view
        .iter()
        .map(|&i| state.library.issues[i].source.to_string())
        .collect()
}

fn selected(state: &State) -> String {
    state.current_issue().unwrap().key().to_string()
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

#[test]
fn the_source_row_lists_every_source_with_its_issues() {
    let state = reader(&[]);
    let screen = rows(&draw(&state));
    assert!(
        screen[0].starts_with(&format!(" {ALL_SOURCES} 6 ")),
        "{}",
        screen[0]
    );
    assert!(screen[0].contains(" Fixtures 3 "), "{}", screen[0]);
    assert!(screen[0].contains(" Other 3 "), "{}", screen[0]);
    assert!(screen[1].contains("Issues"), "the panes start below it");
    insta::assert_snapshot!("wide_two_sources", screen_text(&draw(&state)));
    let one = state_after(cjk_library(), 120, 30, &[]);
    assert!(
        rows(&draw(&one))[0].contains("Issues"),
        "no row for one source"
    );
}

#[test]
fn each_tab_counts_its_unread_entries_and_a_mark_counts_down() {
    let mut state = State::new(two_sources(), "fixtures", 120, 30);
    brief::app::reading::install(&mut state, Default::default(), false);
    let of = |source: &SourceId| {
        let issues = state.library.issues.iter();
        let mine = issues.filter(|issue| issue.source == *source);
        mine.map(|issue| issue.entry_count()).sum::<usize>()
    };
    let (fixtures, others) = (of(&fixture_source()), of(&other()));
    let all = fixtures + others;
    let row = rows(&draw(&state))[0].clone();
    assert!(
        row.contains(&format!(" {ALL_SOURCES} 6 · {all} unread ")),
        "{row}"
    );
    assert!(
        row.contains(&format!(" Fixtures 3 · {fixtures} unread ")),
        "{row}"
    );
    assert!(
        row.contains(&format!(" Other 3 · {others} unread ")),
        "{row}"
    );

    let selected_source = state.current_issue().unwrap().source.clone();
    press(&mut state, Enter);
    press(&mut state, Char('m'));
    let row = rows(&draw(&state))[0].clone();
    assert!(
        row.contains(&format!(" {ALL_SOURCES} 6 · {} unread ", all - 1)),
        "{row}"
    );
    let (name, count) = match selected_source == other() {
        true => ("Other", others - 1),
        false => ("Fixtures", fixtures - 1),
    };
    assert!(
        row.contains(&format!(" {name} 3 · {count} unread ")),
        "{row}"
    );
}

#[test]
fn sources_are_interleaved_by_date_and_switched_keeping_the_selection() {
    let mut state = reader(&[Char('j')]);
    assert_eq!(
        sources_of_view(&state),
        [
            "other", "fixtures", "other", "fixtures", "other", "fixtures"
        ]
    );
    assert_eq!(selected(&state), "fixtures/2020-06-03");

    press(&mut state, Char('>'));
    assert_eq!(state.shown, Some(fixture_source()));
    assert_eq!(sources_of_view(&state), ["fixtures"; 3]);
    assert_eq!(
        selected(&state),
        "fixtures/2020-06-03",
        "the selection stays"
    );
    assert_eq!(message(&state), "Fixtures");
    press(&mut state, Char('j'));
    assert_eq!(
        selected(&state),
        "fixtures/2020-05-15",
        "moves within the source"
    );
    press(&mut state, Char(']'));
    assert_eq!(selected(&state), "fixtures/2019-03-31");

    press(&mut state, Char('>'));
    assert_eq!(state.shown, Some(other()));
    assert_eq!(
        selected(&state),
        "other/2020-06-03",
        "a view not yet visited: its newest"
    );
    press(&mut state, Char('G'));
    assert_eq!(selected(&state), "other/2019-03-31");

    press(&mut state, Char('>'));
    assert_eq!(state.shown, None, "after the last source: all of them");
    assert_eq!(message(&state), "all sources");
    assert_eq!(selected(&state), "other/2019-03-31");
    press(&mut state, Char('<'));
    assert_eq!(selected(&state), "other/2019-03-31");
    press(&mut state, Char('<'));
    assert_eq!(
        selected(&state),
        "fixtures/2019-03-31",
        "back where this source was left"
    );
    let status = rows(&draw(&state)).pop().unwrap();
    assert!(status.contains("issue 3/3"), "{status}");
}

#[test]
fn a_click_on_a_tab_shows_that_source() {
    let mut state = reader(&[]);
    let row = rows(&draw(&state))[0].clone();
    let column = row.find("Other").unwrap() as u16;
    let click = |column| {
        Action::Mouse(Mouse {
            kind: MouseKind::Click,
            column,
            row: 0,
        })
    };
    update(&mut state, click(column));
    assert_eq!(state.shown, Some(other()));
    update(&mut state, click(1));
    assert_eq!(state.shown, None);
    let issues = state.layout().pane(Pane::Issues).unwrap().body;
    assert_eq!(
        issues.y, 2,
        "the issue list starts under the row and its header"
    );
}

#[test]
fn search_covers_every_source_and_results_say_whose() {
    let mut state = reader(&[Char('>')]);
    press(&mut state, Char('/'));
    type_text(&mut state, "MNN");
    let hits = state.search.as_ref().unwrap().hits.clone();
    let sources: Vec<String> = hits
        .iter()
        .map(|h| state.library.issues[h.issue as usize].source.to_string())
        .collect();
    assert!(sources.contains(&"other".to_string()) && sources.contains(&"fixtures".to_string()));
    let screen = rows(&draw(&state)).join("\n");
    assert!(
        screen.contains("2020-05-20 Other · 开源项目 · "),
        "{screen}"
    );

    let first_other = sources.iter().position(|s| s == "other").unwrap();
    for _ in 0..first_other {
        press(&mut state, Down);
    }
    press(&mut state, Enter);
    assert_eq!(state.mode, Mode::Browse);
    assert_eq!(
        state.shown, None,
        "a result of another source shows all sources"
    );
    assert!(selected(&state).starts_with("other/"));

    for _ in 0..2 {
        press(&mut state, Ctrl('u'));
    }
    press(&mut state, Char('/'));
    type_text(&mut state, "MNN from:oth");
    let hits = &state.search.as_ref().unwrap().hits;
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| state.library.issues[h.issue as usize].source == other())
    );
}

#[test]
fn the_detail_names_the_source_of_the_issue() {
    let state = reader(&[]);
    let meta = &state.detail.lines[1].text;
    assert!(meta.starts_with("Other · 2020-06-10"), "{meta}");
}

fn outcome(library: Library) -> Result<Box<RefreshOutcome>, String> {
    Ok(Box::new(RefreshOutcome {
        library,
        ..RefreshOutcome::default()
    }))
}

#[test]
fn each_source_refreshes_on_its_own_and_lands_when_done() {
    let mut state = reader(&[Char('j'), Enter, Char('j')]);
    let entry = state.current_entry().unwrap().title().to_string();
    let effects = update(&mut state, Action::StartRefresh);
    assert_eq!(effects, [Effect::Refresh(vec![fixture_source(), other()])]);
    for (source, done) in [(fixture_source(), 1), (other(), 2)] {
        let total = 9;
        update(
            &mut state,
            Action::RefreshProgress {
                source,
                done,
                total,
            },
        );
    }
    let status = rows(&draw(&state)).pop().unwrap();
    assert!(
        status.contains("fetching Fixtures 1/9 · Other 2/9"),
        "{status}"
    );

    // other lands first, with a new issue: the library takes it at once
    let mut fresh = Library::new(
        two_sources()
            .issues
            .into_iter()
            .filter(|i| i.source == other())
            .collect(),
    );
    let mut newest = fresh.issues[0].clone();
    newest.id = "2021-01-01".into();
    newest.date = Some("2021-01-01".into());
    fresh.issues.insert(0, newest);
    let effects = update(
        &mut state,
        Action::RefreshDone {
            source: other(),
            outcome: outcome(fresh),
        },
    );
    assert!(answer(&mut state, effects).is_empty());
    assert_eq!(state.library.issues.len(), 7);
    assert_eq!(
        state.library.issue_count_of(&fixture_source()),
        3,
        "fixtures untouched"
    );
    assert_eq!(selected(&state), "fixtures/2020-06-03", "the place is kept");
    assert_eq!(state.current_entry().unwrap().title(), entry);
    assert!(state.refresh.is_running(), "fixtures still running");
    assert_eq!(state.tabs[2].issues, 4);

    // fixtures fails: its issues stay, the summary counts it
    update(
        &mut state,
        Action::RefreshDone {
            source: fixture_source(),
            outcome: Err("connection refused".into()),
        },
    );
    assert!(!state.refresh.is_running());
    assert!(
        message(&state).starts_with("1 new issue, 1 problem "),
        "{}",
        message(&state)
    );
    assert!(
        state
            .log
            .iter()
            .any(|l| l == "refresh of Fixtures failed: connection refused")
    );
    assert_eq!(state.library.issues.len(), 7);
}
