//! Reading one entry after another from the detail pane (`J`/`K`, `j`/`k` past the
//! ends), the log overlay (wrapped, scrolled, counted right), and what the link picker
//! and the search results show of each item.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::{Mode, Pane, State};
use brief::model::{Entry, Issue, Library, Section};
use brief::testing::fixture::cjk_library;
use tui_support::{draw, press, rows, screen_text, state_after, type_text};

fn entry_title(state: &State) -> &str {
    state.current_entry().expect("an entry is selected").title()
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

fn keys(state: &mut State, keys: &[Key]) {
    for &key in keys {
        press(state, key);
    }
}

/// The first issue's first entry, read in the detail pane of a `width`-column reader
/// short enough that the text is longer than the pane.
fn reading_first_entry(width: u16) -> State {
    let mut state = state_after(cjk_library(), width, 10, &[Enter]);
    assert!(entry_title(&state).starts_with("TensorFlow Lite"));
    while state.focus != Pane::Detail {
        press(&mut state, Char('l'));
    }
    state
}

#[test]
fn j_past_the_end_of_the_text_reads_the_next_entry_at_every_width() {
    for width in [40, 80, 120] {
        let mut state = reading_first_entry(width);
        let last_page = state.detail_max_scroll();
        assert!(
            last_page > 0,
            "width {width}: the text is longer than the pane"
        );
        for _ in 0..last_page {
            press(&mut state, Char('j'));
        }
        assert_eq!(state.detail_scroll, last_page, "width {width}");
        assert!(
            entry_title(&state).starts_with("TensorFlow Lite"),
            "not yet"
        );
        press(&mut state, Char('j'));
        assert!(
            entry_title(&state).starts_with("ARM的新架构"),
            "width {width}"
        );
        assert_eq!(state.focus, Pane::Detail, "still reading");
        assert_eq!(state.detail_scroll, 0, "from the top");
        assert!(state.detail.lines[0].text.starts_with("ARM"), "its detail");
    }
}

#[test]
fn k_before_the_start_reads_the_previous_entry_from_its_end() {
    for width in [40, 120] {
        let mut state = reading_first_entry(width);
        press(&mut state, Char('J'));
        assert!(entry_title(&state).starts_with("ARM的新架构"));
        assert_eq!(state.detail_scroll, 0);
        press(&mut state, Char('k'));
        assert!(entry_title(&state).starts_with("TensorFlow Lite"));
        assert_eq!(state.focus, Pane::Detail);
        let last_page = state.detail_max_scroll();
        assert_eq!(
            state.detail_scroll, last_page,
            "its end, to read on upwards"
        );
        press(&mut state, Char('k'));
        assert_eq!(state.detail_scroll, last_page - 1, "k scrolls again");
    }
}

#[test]
fn capital_j_and_k_move_between_entries_from_any_place_in_the_text() {
    let mut state = reading_first_entry(50);
    press(&mut state, Char('j'));
    assert_eq!(state.detail_scroll, 1);
    press(&mut state, Char('J'));
    assert!(entry_title(&state).starts_with("ARM的新架构"));
    assert_eq!(state.detail_scroll, 0);
    keys(&mut state, &[Char('J'), Char('J')]);
    assert!(
        entry_title(&state).starts_with("为了不让GPU"),
        "across sections"
    );
    press(&mut state, Char('K'));
    assert!(entry_title(&state).starts_with("树莓派4"));
    assert_eq!(state.detail_scroll, 0, "K shows the top");
    assert_eq!(state.focus, Pane::Detail);
    assert_eq!(state.layout().panes.len(), 1, "one pane at 50 columns");
}

#[test]
fn the_ends_of_the_issue_say_so_and_stay() {
    let mut state = reading_first_entry(120);
    press(&mut state, Char('K'));
    assert!(entry_title(&state).starts_with("TensorFlow Lite"));
    assert_eq!(message(&state), "the first entry of this issue");
    press(&mut state, Char('k'));
    assert_eq!(message(&state), "the first entry of this issue");
    // The last row is the prose section 编者按; J past it stays.
    let mut state = state_after(cjk_library(), 120, 30, &[Enter, Char('G'), Tab]);
    assert_eq!(state.focus, Pane::Detail);
    let row = state.row;
    press(&mut state, Char('J'));
    assert_eq!(state.row, row);
    assert_eq!(message(&state), "the last entry of this issue");
}

#[test]
fn capital_j_from_the_issue_list_goes_into_its_entries() {
    let mut state = state_after(cjk_library(), 120, 30, &[]);
    press(&mut state, Char('J'));
    assert_eq!(state.focus, Pane::Entries);
    assert!(
        entry_title(&state).starts_with("TensorFlow Lite"),
        "the first"
    );
}

#[test]
fn help_lists_the_entry_and_suspend_keys() {
    let state = state_after(cjk_library(), 120, 60, &[Char('?')]);
    let help = screen_text(&draw(&state));
    let line = |text: &str| help.lines().find(|l| l.contains(text)).unwrap_or_default();
    assert!(line("next entry (j past the end").contains(" J "), "{help}");
    assert!(
        line("previous entry (k past the top").contains(" K "),
        "{help}"
    );
    assert!(line("suspend").contains("Ctrl-z"), "{help}");
}

/// A reader of `width` columns showing the log of `problems`.
fn log_view(width: u16, height: u16, problems: &[&str]) -> State {
    let mut state = state_after(cjk_library(), width, height, &[]);
    state.log = problems.iter().map(|p| p.to_string()).collect();
    press(&mut state, Char('!'));
    assert_eq!(state.mode, Mode::Log);
    state
}

const LONG_PROBLEM: &str = "2020-06-03.md: could not fetch https://raw.githubusercontent.com/ysh329/awesome-embedded-ai/master/embedded-ai-report/2020-06-03.md: Name or service not known (os error -2), giving up after 3 tries";

/// The rows inside the log overlay's box, trailing spaces removed.
fn log_rows(state: &State) -> Vec<String> {
    let body = brief::app::layout::overlay_body(state.size, brief::app::layout::LOG_WIDTH);
    let screen = rows(&draw(state));
    let mut inside = Vec::new();
    for row in &screen[usize::from(body.y)..usize::from(body.bottom())] {
        let (before, _) = brief::text::take_columns(row, usize::from(body.x));
        let (text, _) = brief::text::take_columns(&row[before.len()..], usize::from(body.width));
        inside.push(text.trim_end().to_string());
    }
    inside
}

#[test]
fn the_log_wraps_each_problem_whole() {
    for width in [200, 60] {
        let state = log_view(width, 30, &[LONG_PROBLEM, "short one"]);
        let inside: Vec<String> = log_rows(&state)
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect();
        // Every character is there; long words (the URL) may be cut across lines.
        let shown: String = inside.concat().split_whitespace().collect();
        let logged: String = format!("{LONG_PROBLEM} short one")
            .split_whitespace()
            .collect();
        assert_eq!(shown, logged, "width {width}: {inside:?}");
        assert!(inside.len() >= 3, "width {width}: wrapped {inside:?}");
        assert!(
            inside[1].starts_with("  "),
            "later lines indented: {inside:?}"
        );
        assert_eq!(inside.last().map(String::as_str), Some("short one"));
    }
}

#[test]
fn the_log_scrolls_through_wrapped_lines_to_the_last() {
    // Each problem takes several lines at 40 columns: the end is further than the
    // problem count.
    let problems: Vec<&str> = std::iter::repeat_n(LONG_PROBLEM, 5)
        .chain(["the very last problem"])
        .collect();
    let mut state = log_view(40, 12, &problems);
    press(&mut state, Char('G'));
    assert!(state.log_scroll > problems.len(), "{}", state.log_scroll);
    let screen = screen_text(&draw(&state));
    assert!(screen.contains("the very last problem"), "{screen}");
    press(&mut state, Char('g'));
    assert_eq!(state.log_scroll, 0);
}

#[test]
fn counts_of_one_are_singular() {
    let state = log_view(100, 20, &["only one"]);
    let screen = screen_text(&draw(&state));
    assert!(screen.contains("Log: 1 problem (Esc closes)"), "{screen}");
    let state = log_view(100, 20, &["one", "two"]);
    assert!(screen_text(&draw(&state)).contains("Log: 2 problems"));
    // An issue of one entry, in the entries header and the detail.
    let state = state_after(cjk_library(), 120, 30, &[Char('G')]);
    let screen = screen_text(&draw(&state));
    assert!(screen.contains("1 entry"), "{screen}");
    assert!(!screen.contains("1 entries"), "{screen}");
    let library_of_one = Library::new(vec![cjk_library().issues.remove(2)]);
    let state = state_after(library_of_one, 120, 30, &[Char('/')]);
    let screen = screen_text(&draw(&state));
    assert!(screen.contains("type to search 1 issue "), "{screen}");
}

#[test]
fn every_link_in_the_picker_shows_its_text_and_its_whole_url() {
    let state = state_after(cjk_library(), 120, 40, &[Enter, Char('}'), Char('L')]);
    let links = state.target_links();
    assert_eq!(links.len(), 3);
    let screen = screen_text(&draw(&state));
    for link in &links {
        assert!(screen.contains(&link.url), "{}\n{screen}", link.url);
        assert!(screen.contains(link.text.trim()), "{}\n{screen}", link.text);
    }
}

#[test]
fn a_link_whose_text_is_its_url_shows_once() {
    let url = "https://example.com/only-a-url";
    let entry = Entry::new("An entry", None, "Its summary.")
        .with_url(url)
        .with_link(url, url)
        .with_link("", "https://example.com/no-text");
    let mut state = state_after(one_entry_library(entry), 100, 20, &[Enter]);
    press(&mut state, Char('L'));
    assert_eq!(state.mode, Mode::Links);
    let screen = screen_text(&draw(&state));
    assert_eq!(screen.matches(url).count(), 1, "{screen}");
    assert!(
        screen.contains(" 2 https://example.com/no-text"),
        "{screen}"
    );
}

fn one_entry_library(entry: Entry) -> Library {
    Library::new(vec![Issue {
        id: "2024-01-01".into(),
        title: "Test issue".into(),
        date: Some("2024-01-01".into()),
        number: None,
        location: "fixtures/2024-01-01.md".into(),
        intro: String::new(),
        sections: vec![Section {
            title: "News".into(),
            body: String::new(),
            entries: vec![entry],
            ..Section::default()
        }],
        archive: Vec::new(),
        source: brief::testing::fixture::fixture_source(),
        ..Issue::default()
    }])
}

#[test]
fn a_search_result_without_a_summary_ends_with_its_section() {
    let entry = Entry::new("Quantization without words", None, "")
        .with_url("https://example.com/q")
        .with_link("Quantization without words", "https://example.com/q");
    // Below 100 columns the results have the width to themselves.
    let mut state = state_after(one_entry_library(entry), 80, 20, &[Char('/')]);
    type_text(&mut state, "quantization");
    let screen = rows(&draw(&state));
    let row = screen
        .iter()
        .find(|r| r.contains("2024-01-01"))
        .unwrap_or_else(|| panic!("a result row: {screen:?}"));
    assert!(row.trim_end().ends_with("News"), "{row:?}");
    assert!(!row.contains('·'), "{row:?}");
}
