//! Whole screens on a test buffer, with CJK-heavy content: truncation, right-aligned
//! columns, wrapping, the narrow breadcrumb, overlays.

mod tui_support;

use brief::app::Key::{self, *};
use brief::testing::fixture::cjk_library;
use tui_support::{draw, rows, screen_text, state_after};

fn snapshot(width: u16, height: u16, keys: &[Key]) -> String {
    let state = state_after(cjk_library(), width, height, keys);
    let buf = draw(&state);
    for row in rows(&buf) {
        assert_eq!(
            brief::text::display_width(&row),
            usize::from(width),
            "{row:?}"
        );
    }
    screen_text(&buf)
}

#[test]
fn wide_issue_overview() {
    insta::assert_snapshot!(snapshot(120, 40, &[]));
}

#[test]
fn wide_entry_with_links_and_wrapped_summary() {
    insta::assert_snapshot!(snapshot(120, 40, &[Enter, Char('}'), Tab]));
}

#[test]
fn wide_long_list_scrolled() {
    insta::assert_snapshot!(snapshot(120, 40, &[Char(']'), Enter, Char('G')]));
}

#[test]
fn wide_help_overlay() {
    insta::assert_snapshot!(snapshot(120, 40, &[Char('?')]));
}

#[test]
fn wide_link_picker() {
    insta::assert_snapshot!(snapshot(120, 40, &[Enter, Char('}'), Char('L'), Char('j')]));
}

#[test]
fn medium_issue_list() {
    insta::assert_snapshot!(snapshot(80, 24, &[Char('j')]));
}

#[test]
fn medium_entry_detail() {
    insta::assert_snapshot!(snapshot(80, 24, &[Enter, Char('j'), Char('j')]));
}

#[test]
fn medium_prose_section() {
    insta::assert_snapshot!(snapshot(80, 24, &[Enter, Char('G')]));
}

#[test]
fn medium_help_overlay() {
    insta::assert_snapshot!(snapshot(80, 24, &[Char('?')]));
}

#[test]
fn narrow_issue_list() {
    insta::assert_snapshot!(snapshot(50, 20, &[]));
}

#[test]
fn narrow_entries_with_breadcrumb() {
    insta::assert_snapshot!(snapshot(50, 20, &[Char(']'), Enter, Char('j')]));
}

#[test]
fn narrow_detail_with_breadcrumb() {
    insta::assert_snapshot!(snapshot(50, 20, &[Enter, Char('}'), Char('l')]));
}

#[test]
fn narrow_refused_link_message() {
    insta::assert_snapshot!(snapshot(50, 20, &[Enter, Char('}'), Char('j'), Enter]));
}

#[test]
fn too_small() {
    insta::assert_snapshot!(snapshot(18, 4, &[]));
}

#[test]
fn medium_log_view_after_refusals() {
    // Two refused links are logged; `!` lists them.
    insta::assert_snapshot!(snapshot(
        80,
        24,
        &[Enter, Char('}'), Char('j'), Enter, Char('2'), Char('!')]
    ));
}

/// Search mode after typing `query` and pressing `keys`: the screen, then where the
/// terminal cursor is and the marked (highlighted) runs of each row, top to bottom.
fn search_snapshot(width: u16, height: u16, query: &str, keys: &[Key]) -> String {
    let mut state = state_after(cjk_library(), width, height, &[Char('/')]);
    tui_support::type_text(&mut state, query);
    for &key in keys {
        tui_support::press(&mut state, key);
    }
    let buf = draw(&state);
    for row in rows(&buf) {
        assert_eq!(brief::text::display_width(&row), usize::from(width));
    }
    let cursor = brief::ui::cursor_position(&state).expect("a cursor in the prompt");
    format!(
        "{}\n--- cursor at column {}, row {}\n--- marked: {:?}",
        screen_text(&buf),
        cursor.x,
        cursor.y,
        marked_runs(&buf)
    )
}

/// Runs of cells drawn in the match style, in reading order.
fn marked_runs(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    let mut runs = Vec::new();
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut run = String::new();
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            if cell.bg == ratatui::style::Color::Yellow {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            // The cell hidden behind a wide character is not part of the text.
            x += brief::text::display_width(cell.symbol()).max(1) as u16;
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn wide_search_results_with_cjk_query() {
    insta::assert_snapshot!(search_snapshot(120, 40, "推理", &[Down]));
}

#[test]
fn medium_search_results_with_cjk_query() {
    insta::assert_snapshot!(search_snapshot(80, 24, "推理 引擎", &[]));
}

#[test]
fn narrow_search_results_with_cjk_query() {
    insta::assert_snapshot!(search_snapshot(50, 20, "ＡＲＭ 推理", &[]));
}

#[test]
fn narrow_search_with_no_matches() {
    insta::assert_snapshot!(search_snapshot(50, 20, "量子计算", &[]));
}

#[test]
fn wide_detail_keeps_matches_after_the_jump() {
    // The status bar says which result; the detail pane marks the matches.
    let mut state = state_after(cjk_library(), 120, 40, &[Char('/')]);
    tui_support::type_text(&mut state, "ruy 推理");
    tui_support::press(&mut state, Enter);
    let buf = draw(&state);
    insta::assert_snapshot!(format!(
        "{}\n--- marked: {:?}",
        screen_text(&buf),
        marked_runs(&buf)
    ));
}
