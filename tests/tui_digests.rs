//! The reader on other digests' shapes, read from their folders of fixtures
//! (tests/fixtures/digests: This Week in Rust, HelloGitHub, made-up text): issue rows
//! that tell issues apart, sections by path, `{`/`}`, heading and prose links in the
//! detail pane and the picker, pages opened from links, redirects.

mod tui_support;

use std::path::Path;

use brief::app::Key::{self, *};
use brief::app::state::DetailTarget;
use brief::app::{Effect, Mode, Pane, State};
use brief::model::Library;
use tui_support::{draw, press, rows, screen_text, state_after, type_text};

/// The library `brief` reads from the fixtures' folder `name`.
fn folder(name: &str) -> Library {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/digests")
        .join(name);
    let mut library = brief::library::local::load(&[path])
        .expect("the fixtures' folder loads")
        .library;
    // The snapshots show locations: relative to the fixtures, not to this checkout.
    let root = format!("{}/tests/fixtures/digests/", env!("CARGO_MANIFEST_DIR"));
    for issue in library.issues.iter_mut().chain(&mut library.pages) {
        if let Some(relative) = issue.location.strip_prefix(&root) {
            issue.location = relative.to_string();
        }
    }
    library
}

/// This Week in Rust: five dated, numbered issues and a privacy policy.
fn twir_library() -> Library {
    folder("twir")
}

/// HelloGitHub: four numbered issues (one in `en/`) and a page of contributors.
fn hellogithub_library() -> Library {
    folder("hellogithub/content")
}

fn screen(state: &State) -> Vec<String> {
    rows(&draw(state))
}

fn keys(state: &mut State, keys: &[Key]) {
    for &key in keys {
        press(state, key);
    }
}

fn message(state: &State) -> &str {
    state.message.as_ref().map_or("", |m| m.text.as_str())
}

/// The issue list's rows, as drawn (left pane).
fn issue_rows(state: &State, width: usize) -> Vec<String> {
    let count = state.view.len();
    screen(state)
        .into_iter()
        .skip(1)
        .take(count)
        .map(|row| {
            row.chars()
                .take(width)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn issue_rows_show_what_differs_at_80_and_120_columns() {
    for width in [80, 120] {
        let twir = state_after(twir_library(), width, 24, &[]);
        let rows = issue_rows(&twir, 36);
        assert_eq!(rows.len(), 5);
        for (row, number) in rows.iter().zip([529, 528, 527, 499, 91]) {
            assert!(row.contains(&format!("No. {number}")), "{width}: {rows:?}");
            assert!(!row.contains("This Week in Rust"), "{width}: {rows:?}");
        }
        let hello = state_after(hellogithub_library(), width, 24, &[]);
        let rows = issue_rows(&hello, 36);
        assert!(
            rows[0].starts_with("#124") && rows[0].contains("第 124 期"),
            "{rows:?}"
        );
        assert!(rows[1].contains("第 99 期"), "{rows:?}");
        assert!(
            rows[2].contains("HelloGitHub Vol.99"),
            "en/ is told apart: {rows:?}"
        );
        assert!(rows[3].contains("第 63 期"), "{rows:?}");
        let mut unique = rows.clone();
        unique.dedup();
        assert_eq!(unique.len(), rows.len(), "every row differs: {rows:?}");
    }
}

#[test]
fn the_detail_pane_keeps_the_full_title() {
    let state = state_after(twir_library(), 120, 24, &[]);
    assert!(screen_text(&draw(&state)).contains("This Week in Rust 529"));
}

#[test]
fn sections_are_groups_with_their_path_and_bare_headings_are_not_rows() {
    let state = state_after(twir_library(), 160, 24, &[Enter]);
    let text = screen_text(&draw(&state));
    assert!(
        text.contains(" Updates from Rust Community › Official · 1"),
        "{text}"
    );
    assert!(
        text.contains(" Updates from the Rust Project › Compiler · 1"),
        "{text}"
    );
    let narrow = state_after(twir_library(), 120, 24, &[Enter]);
    let text = screen_text(&draw(&narrow));
    assert!(
        text.contains("│ …oject › Final Comment Period › Cargo · 1│"),
        "a long path loses its beginning: {text}"
    );
    let issue = state.current_issue().unwrap();
    let headers: Vec<usize> = state
        .rows
        .iter()
        .filter(|r| r.entry.is_none())
        .map(|r| r.section)
        .collect();
    assert_eq!(
        headers,
        [1, 2, 3, 5, 7, 8],
        "bare headings 0, 4 and 6 have no row"
    );
    assert!(issue.sections[0].entries.is_empty());
}

#[test]
fn braces_step_through_sections_including_those_with_only_prose_or_a_link() {
    let mut state = state_after(twir_library(), 120, 24, &[Enter]);
    let section = |state: &State| state.current_row().unwrap().section;
    assert_eq!(section(&state), 1);
    let mut visited = vec![section(&state)];
    for _ in 0..6 {
        press(&mut state, Char('}'));
        visited.push(section(&state));
    }
    assert_eq!(
        visited,
        [1, 2, 3, 5, 7, 8, 8],
        "Newsletters, Crate of the Week's prose, Compiler, Cargo, the quote's prose"
    );
    keys(&mut state, &[Char('{'), Char('{'), Char('{')]);
    assert_eq!(section(&state), 3);
    assert_eq!(
        state.detail_target(),
        DetailTarget::Section {
            issue: 0,
            section: 3
        }
    );
}

#[test]
fn a_heading_link_and_prose_links_are_listed_numbered_and_opened() {
    let mut state = state_after(twir_library(), 120, 30, &[Enter, Char('}'), Char('}')]);
    let text = screen_text(&draw(&state));
    assert!(text.contains("[1] mockio"), "{text}");
    assert!(text.contains("[2] a volunteer"), "{text}");
    assert_eq!(
        press(&mut state, Char('2')),
        [Effect::OpenUrl(
            "https://users.example.org/volunteer".into()
        )]
    );
    keys(&mut state, &[Char('}'), Char('}')]);
    assert_eq!(state.current_row().unwrap().entry, None, "Cargo's header");
    press(&mut state, Char('L'));
    assert_eq!(state.mode, Mode::Links);
    let picker = screen_text(&draw(&state));
    assert!(picker.contains("1 Cargo"), "{picker}");
    assert!(
        picker.contains("https://git.example.org/cargo/fcp"),
        "{picker}"
    );
    assert_eq!(
        press(&mut state, Enter),
        [Effect::OpenUrl("https://git.example.org/cargo/fcp".into())]
    );
}

#[test]
fn intro_links_are_numbered_in_the_issue_detail_before_the_archive() {
    let mut state = state_after(twir_library(), 120, 30, &[]);
    let text = screen_text(&draw(&state));
    assert!(text.contains("[1] read the pretend archive"), "{text}");
    assert!(text.contains("[2] submit a made-up PR"), "{text}");
    assert_eq!(
        press(&mut state, Char('1')),
        [Effect::OpenUrl("https://twir.example.org/".into())]
    );
}

#[test]
fn a_link_to_a_page_opens_it_in_the_detail_pane_until_the_reader_moves_on() {
    let mut state = state_after(twir_library(), 120, 30, &[]);
    assert!(
        press(&mut state, Char('3')).is_empty(),
        "no browser for a page"
    );
    assert_eq!(state.detail_target(), DetailTarget::Page(0));
    assert_eq!(state.focus, Pane::Detail);
    assert!(
        message(&state).contains("privacy-policy"),
        "{}",
        message(&state)
    );
    let text = screen_text(&draw(&state));
    assert!(text.contains("Privacy Policy"), "{text}");
    assert!(text.contains("Contact the made-up team"), "{text}");
    assert_eq!(
        press(&mut state, Char('1')),
        [Effect::OpenUrl("https://twir.example.org/contact".into())],
        "the page's own links open by number"
    );
    press(&mut state, Char('h'));
    assert_eq!(state.page, None);
    assert_ne!(state.detail_target(), DetailTarget::Page(0));
    assert_eq!(state.view.len(), 5, "a page is never in the issue list");
}

#[test]
fn an_entry_shows_the_digests_own_number_in_the_detail_pane() {
    // HelloGitHub 99 numbers its entries across sections: tinyjson is its 2nd, under
    // 内容 › C 项目 (the rows: 简介, 内容, C 项目, fakelog, tinyjson).
    let state = state_after(
        hellogithub_library(),
        120,
        24,
        &[Char('j'), Enter, Char('j'), Char('j'), Char('j')],
    );
    assert_eq!(state.current_entry().unwrap().title(), "tinyjson");
    let text = screen_text(&draw(&state));
    assert!(text.contains("│ 2. tinyjson"), "{text}");
    let unnumbered = state_after(folder("twir"), 120, 24, &[Enter]);
    let text = screen_text(&draw(&unnumbered));
    assert!(
        text.contains("│ A pretend release announcement for") && !text.contains("│ 1. A pretend"),
        "an entry the digest does not number has no number: {text}"
    );
}

#[test]
fn a_redirect_shows_its_destination_and_opens_as_written() {
    let mut state = state_after(hellogithub_library(), 120, 24, &[Enter]);
    let text = screen_text(&draw(&state));
    assert!(
        text.contains("github.com"),
        "the entries pane names the host: {text}"
    );
    assert!(
        text.contains("│ github.com/example/minidb · 内容 › C"),
        "the detail's meta line: {text}"
    );
    assert!(
        text.contains("[1] github.com/example/minidb (via\n"),
        "{text}"
    );
    assert!(text.contains("│ hellogithub.com)\n"), "{text}");
    assert_eq!(
        press(&mut state, Enter),
        [Effect::OpenUrl(
            "https://hellogithub.com/periodical/statistics/click?target=https://github.com/example/minidb"
                .into()
        )]
    );
}

#[test]
fn a_search_result_keeps_the_end_of_a_long_section_path() {
    let mut state = state_after(twir_library(), 120, 24, &[Char('/')]);
    type_text(&mut state, "fictional fix");
    let text = screen_text(&draw(&state));
    let place = text
        .lines()
        .find(|l| l.contains("2023-06-14"))
        .unwrap_or_else(|| panic!("a result row of 2023-06-14: {text}"));
    assert!(place.contains("…") && place.contains("› Cargo"), "{text}");
}

#[test]
fn snapshot_of_a_twir_issue_at_120_columns() {
    let state = state_after(twir_library(), 120, 24, &[Enter, Char('}'), Char('}')]);
    insta::assert_snapshot!(screen_text(&draw(&state)));
}

#[test]
fn snapshot_of_hellogithub_at_80_columns() {
    let state = state_after(hellogithub_library(), 80, 24, &[]);
    insta::assert_snapshot!(screen_text(&draw(&state)));
}
