//! Whole screens on a test buffer, with CJK-heavy content: truncation, right-aligned
//! columns, wrapping, the narrow breadcrumb, overlays.

mod tui_support;

use brief::app::Key::{self, *};
use brief::app::fixture::cjk_library;
use tui_support::{draw, rows, screen_text, state_after};

fn snapshot(width: u16, height: u16, keys: &[Key]) -> String {
    let state = state_after(cjk_library(), width, height, keys);
    let buf = draw(&state);
    for row in rows(&buf) {
        assert_eq!(
            brief::ui::text::display_width(&row),
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
