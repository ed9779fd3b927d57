//! Property tests: any size, any text, any keys: no panic, nothing drawn outside its
//! place, and the width helpers never split a grapheme nor exceed their budget.

mod tui_support;

use brief::app::keymap::{Binding, Keymap};
use brief::app::{Action, Key, Mode, Mouse, MouseKind, State, update};
use brief::model::{Entry, Issue, Library, Section};
use brief::text::{display_width, fit, fit_right, take_columns, truncate, wrap};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Every default binding.
fn bindings() -> Vec<Binding> {
    Keymap::default().bindings()
}

/// Pieces that stress width handling: CJK, full-width punctuation, emoji sequences,
/// combining marks, controls, bidi overrides, long Latin words.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("嵌入式".to_string()),
        Just("，。、）」「".to_string()),
        Just("ＴＶＭ".to_string()),
        Just("👩‍💻".to_string()),
        Just("❤\u{FE0F}".to_string()),
        Just("🇨🇳".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{202E}".to_string()),
        Just("\t\r\n".to_string()),
        Just(" ".to_string()),
        Just("https://github.com/google/ruy".to_string()),
        Just("supercalifragilisticexpialidocious".to_string()),
        "[a-z]{1,8}",
        any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|p| p.concat())
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        text(),
        prop::option::of(text()),
        text(),
        prop::collection::vec((text(), text()), 0..3),
    )
        .prop_map(|(title, source, summary, links)| {
            let mut entry = Entry::new(&title, source.as_deref(), &summary).with_tag("tag");
            if let Some((_, url)) = links.first() {
                entry = entry.with_url(url);
            }
            for (text, url) in &links {
                entry = entry.with_link(text, url);
            }
            entry
        })
}

fn library() -> impl Strategy<Value = Library> {
    let section = (text(), text(), prop::collection::vec(entry(), 0..4)).prop_map(
        |(title, body, entries)| Section {
            title,
            body,
            entries,
            ..Section::default()
        },
    );
    let issue = (
        text(),
        text(),
        prop::option::of(text()),
        prop::collection::vec(section, 0..3),
    )
        .prop_map(|(title, intro, date, sections)| Issue {
            id: "x".into(),
            title,
            date,
            intro,
            sections,
            ..Issue::default()
        });
    prop::collection::vec(issue, 0..4).prop_map(Library::new)
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    let dimension = prop_oneof![Just(0u16), Just(1), Just(2), 0u16..=250];
    (dimension.clone(), dimension)
}

/// Hits that point anywhere, mostly outside a small random library: results that are
/// out of step with the library must never be trusted.
fn foreign_results() -> impl Strategy<Value = Action> {
    (0u64..40).prop_map(|generation| {
        let library = brief::testing::fixture::cjk_library();
        let query = brief::search::Query::parse("MNN");
        let hits = brief::search::Index::build(&library).search(&query, Default::default());
        Action::SearchResults { generation, hits }
    })
}

fn action() -> impl Strategy<Value = Action> {
    let keys: Vec<Key> = bindings().iter().map(|b| b.key).collect();
    prop_oneof![
        8 => prop::sample::select(keys).prop_map(Action::Key),
        2 => Just(Key::Char('/')).prop_map(Action::Key),
        3 => any::<char>().prop_map(|c| Action::Key(Key::Char(c))),
        1 => text().prop_map(Action::Paste),
        1 => foreign_results(),
        1 => size().prop_map(|(width, height)| Action::Resize { width, height }),
        1 => (0u16..3, 0u16..260, 0u16..90).prop_map(|(kind, column, row)| {
            let kind = [MouseKind::Click, MouseKind::ScrollUp, MouseKind::ScrollDown][usize::from(kind)];
            Action::Mouse(Mouse { kind, column, row })
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_size_text_and_keys_draw_within_bounds(
        library in library(),
        (width, height) in size(),
        actions in prop::collection::vec(action(), 0..30),
    ) {
        let mut state = State::new(library, "props", width, height);
        for action in actions {
            let effects = update(&mut state, action);
            tui_support::answer(&mut state, effects);
            let buf = tui_support::draw(&state);
            let rows = tui_support::rows(&buf);
            for row in &rows {
                prop_assert_eq!(display_width(row), usize::from(state.size.width), "{:?}", row);
                prop_assert!(!row.chars().any(brief::text::is_forbidden), "{:?}", row);
            }
            if matches!(state.mode, Mode::Browse | Mode::Search) {
                assert_separators_intact(&state, &buf)?;
            }
            if let Some(cursor) = brief::ui::cursor_position(&state) {
                prop_assert!(state.size.contains(cursor), "{:?} outside {:?}", cursor, state.size);
            }
        }
    }

    /// The terminal was resized and the state has not heard yet: the screen is drawn
    /// at the state's size and cut to the buffer's.
    #[test]
    fn a_buffer_out_of_step_with_the_state_is_drawn_into_without_overflow(
        library in library(),
        (width, height) in size(),
        (buffer_width, buffer_height) in size(),
        actions in prop::collection::vec(action(), 0..10),
    ) {
        let mut state = State::new(library, "props", width, height);
        for action in actions {
            let effects = update(&mut state, action);
            tui_support::answer(&mut state, effects);
        }
        let area = ratatui::layout::Rect::new(0, 0, buffer_width, buffer_height);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        brief::ui::render(&state, &brief::ui::Theme::default(), area, &mut buf);
        for row in tui_support::rows(&buf) {
            prop_assert_eq!(display_width(&row), usize::from(buffer_width), "{:?}", row);
        }
    }

    #[test]
    fn truncate_and_fit_respect_the_budget_and_graphemes(text in text(), width in 0usize..40) {
        let cut = truncate(&text, width);
        prop_assert!(display_width(&cut) <= width);
        let (head, used) = take_columns(&text, width);
        prop_assert!(used <= width && used == display_width(head));
        prop_assert!(is_grapheme_prefix(&text, head));
        if width == 0 {
            prop_assert_eq!(cut.as_ref(), "");
        } else if let Some(kept) = cut.strip_suffix('…') {
            prop_assert!(is_grapheme_prefix(&text, kept));
        } else {
            prop_assert_eq!(cut.as_ref(), text.as_str());
        }
        prop_assert_eq!(display_width(&fit(&text, width)), width);
        prop_assert_eq!(display_width(&fit_right(&text, width)), width);
    }

    /// Wrapping works on the cleaned text (controls become spaces or go), so a mark that
    /// followed a dropped control sits on what now precedes it: the graphemes to keep whole
    /// are those of the cleaned paragraphs.
    #[test]
    fn wrap_fits_the_width_and_keeps_graphemes_whole(text in text(), width in 2usize..40) {
        let lines = wrap(&text, width);
        let cleaned: Vec<String> = text.split('\n').map(|p| brief::text::clean(p).into_owned()).collect();
        let original: Vec<&str> = cleaned.iter().flat_map(|p| p.graphemes(true)).collect();
        for line in &lines {
            prop_assert!(display_width(line) <= width, "{:?} wider than {}", line, width);
            for grapheme in line.graphemes(true) {
                prop_assert!(
                    original.contains(&grapheme) || grapheme == " ",
                    "{:?} is not a grapheme of the cleaned input", grapheme
                );
            }
        }
        // Nothing visible is lost: the non-space graphemes come out in order.
        let visible = |pieces: &[String]| {
            pieces
                .iter()
                .flat_map(|p| p.graphemes(true))
                .filter(|g| !g.trim().is_empty() && !g.chars().any(brief::text::is_forbidden))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(visible(&lines), visible(&cleaned));
    }
}

fn is_grapheme_prefix(text: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || text
            .grapheme_indices(true)
            .any(|(at, g)| at + g.len() == prefix.len())
}

/// Every pane stays in its columns: the separators between them are never overwritten.
fn assert_separators_intact(
    state: &State,
    buf: &ratatui::buffer::Buffer,
) -> Result<(), TestCaseError> {
    for separator in state.layout().separators {
        for y in separator.top()..separator.bottom() {
            prop_assert_eq!(buf[(separator.x, y)].symbol(), "│");
        }
    }
    Ok(())
}

#[test]
fn degenerate_sizes_never_panic_whatever_the_keys() {
    for (width, height) in [
        (0, 0),
        (1, 1),
        (1, 200),
        (200, 1),
        (2, 2),
        (19, 5),
        (20, 5),
        (59, 6),
        (60, 3),
    ] {
        let mut state = State::new(
            brief::testing::fixture::cjk_library(),
            "sizes",
            width,
            height,
        );
        for binding in bindings() {
            let _ = update(&mut state, Action::Key(binding.key));
            let buf = tui_support::draw(&state);
            for row in tui_support::rows(&buf) {
                assert_eq!(display_width(&row), usize::from(width));
            }
        }
    }
}

#[test]
fn search_mode_with_results_draws_within_bounds_at_every_size() {
    let mut state = State::new(brief::testing::fixture::cjk_library(), "sizes", 120, 40);
    update(&mut state, Action::Key(Key::Char('/')));
    let effects = update(&mut state, Action::Paste("推理 ＡＲＭ".into()));
    tui_support::answer(&mut state, effects);
    update(&mut state, Action::Key(Key::Down));
    assert_eq!(state.search.as_ref().unwrap().hits.len(), 15);
    for width in (0..=130).chain([200, 250]) {
        for height in [0, 1, 2, 4, 5, 6, 7, 12, 24, 40] {
            update(&mut state, Action::Resize { width, height });
            let buf = tui_support::draw(&state);
            for row in tui_support::rows(&buf) {
                assert_eq!(display_width(&row), usize::from(width), "{width}×{height}");
            }
            if let Some(cursor) = brief::ui::cursor_position(&state) {
                assert!(state.size.contains(cursor), "{width}×{height}: {cursor:?}");
            }
        }
    }
}
