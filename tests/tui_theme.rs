//! Themes on whole screens: with NO_COLOR the reader draws no colour at all, yet the
//! focused row and the focused pane still show.

mod tui_support;

use std::ffi::OsStr;

use brief::app::Key::{self, *};
use brief::app::{Pane, State};
use brief::testing::fixture::cjk_library;
use brief::ui::Theme;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use tui_support::{draw_with, state_after};

fn no_color() -> Theme {
    Theme::for_no_color(Some(OsStr::new("1")))
}

/// A 120×40 reader after `keys`.
fn at(keys: &[Key]) -> State {
    state_after(cjk_library(), 120, 40, keys)
}

/// A reader that searched `MNN`, then pressed `keys`.
fn searched(keys: &[Key]) -> State {
    let mut state = at(&[Char('/')]);
    tui_support::type_text(&mut state, "MNN");
    for &key in keys {
        tui_support::press(&mut state, key);
    }
    state
}

/// Screens that use every role: panes, selection, matches, overlays, messages.
fn screens() -> Vec<(&'static str, State)> {
    vec![
        ("issues", at(&[])),
        ("entries", at(&[Enter, Char('j')])),
        ("detail", at(&[Enter, Char('}'), Tab])),
        ("help", at(&[Char('?')])),
        ("picker", at(&[Enter, Char('}'), Char('L'), Char('j')])),
        ("refused link", at(&[Enter, Char('}'), Char('j'), Enter])),
        ("log", at(&[Enter, Char('}'), Char('j'), Enter, Char('!')])),
        ("search", searched(&[])),
        ("highlights after a search", searched(&[Enter])),
        ("narrow", state_after(cjk_library(), 50, 20, &[Enter])),
    ]
}

fn colored_cells(buf: &Buffer) -> usize {
    buf.content
        .iter()
        .filter(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
        .count()
}

#[test]
fn no_color_draws_every_cell_in_the_terminals_own_colours() {
    for (name, state) in screens() {
        let buf = draw_with(&state, &no_color());
        for cell in &buf.content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
        }
        // The same screens do have colour in the default theme: the check can fail.
        assert!(colored_cells(&tui_support::draw(&state)) > 0, "{name}");
    }
}

/// The row `index` of the list shown in `pane`.
fn row_of(state: &State, pane: Pane, index: usize, offset: usize) -> Rect {
    let body = state.layout().pane(pane).expect("pane shown").body;
    Rect::new(body.x, body.y + (index - offset) as u16, body.width, 1)
}

fn assert_cursor(buf: &Buffer, line: Rect, what: &str) {
    let first = &buf[(line.x, line.y)];
    assert_eq!(first.symbol(), "▸", "{what}: marker");
    for x in line.left()..line.right() {
        let cell = &buf[(x, line.y)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "{what}: column {x} is not reversed"
        );
    }
}

#[test]
fn no_color_shows_the_cursor_on_the_focused_row() {
    let state = state_after(cjk_library(), 120, 40, &[Char('j')]);
    let buf = draw_with(&state, &no_color());
    let row = row_of(&state, Pane::Issues, state.issue, state.issue_offset);
    assert_cursor(&buf, row, "issues");
    assert_eq!(
        buf.content.iter().filter(|c| c.symbol() == "▸").count(),
        1,
        "one marker, on the focused list only"
    );

    let state = state_after(cjk_library(), 120, 40, &[Enter, Char('j')]);
    let buf = draw_with(&state, &no_color());
    let row = row_of(&state, Pane::Entries, state.row, state.row_offset);
    assert_cursor(&buf, row, "entries");
    // The unfocused issue list keeps its selection visible too, without a marker.
    let issue = row_of(&state, Pane::Issues, state.issue, state.issue_offset);
    assert!(
        buf[(issue.x + 2, issue.y)]
            .modifier
            .contains(Modifier::BOLD)
    );
    assert_ne!(buf[(issue.x, issue.y)].symbol(), "▸");
}

#[test]
fn no_color_marks_the_focused_pane() {
    let state = state_after(cjk_library(), 120, 40, &[Enter]);
    let buf = draw_with(&state, &no_color());
    let layout = state.layout();
    for area in &layout.panes {
        let header = &buf[(area.header.x + 1, area.header.y)];
        assert_eq!(
            header.modifier.contains(Modifier::REVERSED),
            area.pane == state.focus,
            "{:?}",
            area.pane
        );
    }
}

#[test]
fn the_default_theme_has_no_marker() {
    let state = state_after(cjk_library(), 120, 40, &[Char('j')]);
    let buf = tui_support::draw(&state);
    assert!(buf.content.iter().all(|c| c.symbol() != "▸"));
}

/// What a real terminal gets: under NO_COLOR crossterm writes every colour change as a
/// bare `ESC[m`, which also ends reverse video, so a mono frame must change no colour
/// before its closing reset.
#[test]
fn a_mono_frame_sends_reverse_video_and_no_colour_change() {
    let state = state_after(cjk_library(), 120, 40, &[Enter, Char('j')]);
    let buf = draw_with(&state, &no_color());
    let mut sent = Vec::new();
    let blank = Buffer::empty(buf.area);
    let cells = blank.diff(&buf);
    CrosstermBackend::new(&mut sent)
        .draw(cells.into_iter())
        .unwrap();
    let out = String::from_utf8(sent).unwrap();
    let pieces = pieces(&out);
    assert!(
        pieces.contains(&Piece::Sgr("7".into())),
        "reverse video is sent"
    );
    let Some(first_colour) = pieces.iter().position(Piece::is_colour) else {
        return;
    };
    let tail = &pieces[first_colour..];
    assert!(
        tail.iter().all(|p| matches!(p, Piece::Sgr(_))),
        "a colour change before the frame's closing reset: {tail:?}"
    );
}

/// What the terminal is sent: SGR sequences with their parameters, anything else.
#[derive(Debug, PartialEq)]
enum Piece {
    Sgr(String),
    Other,
}

impl Piece {
    fn is_colour(&self) -> bool {
        let Piece::Sgr(params) = self else {
            return false;
        };
        let first = params.split(';').next().unwrap_or_default();
        ["38", "48", "58", "39", "49", "59"].contains(&first)
    }
}

fn pieces(mut out: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    while !out.is_empty() {
        let Some(rest) = out.strip_prefix("\u{1b}[") else {
            pieces.push(Piece::Other);
            out = &out[out.chars().next().map_or(1, char::len_utf8)..];
            continue;
        };
        let end = rest
            .find(|c: char| ('@'..='~').contains(&c))
            .expect("a whole CSI sequence");
        if rest[end..].starts_with('m') {
            pieces.push(Piece::Sgr(rest[..end].to_string()));
        } else {
            pieces.push(Piece::Other);
        }
        out = &rest[end + 1..];
    }
    pieces
}

/// The reader's theme as a config file and the environment resolve it.
fn configured_theme(config: &str, env: &[(&str, &str)]) -> Theme {
    use brief::cli::settings::{Layer, settings, stack};
    let file = brief::cli::config::parse(config, "config.toml", std::path::Path::new("/"))
        .expect("a valid config")
        .layer;
    let env = Layer::from_env(|name| {
        env.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.into())
    });
    let dirs = brief::library::dirs::Dirs {
        cache: "/c".into(),
        state: "/s".into(),
        data: "/d".into(),
        config: "/".into(),
    };
    let args = brief::cli::SourceArgs::default();
    settings(&args, stack(Layer::default(), env, file), dirs)
        .reader
        .theme
}

#[test]
fn the_light_theme_keeps_the_focus_visible_on_every_screen() {
    let light = configured_theme("theme = \"light\"\n", &[]);
    assert_eq!(light, Theme::light());
    for (name, state) in screens() {
        let buf = draw_with(&state, &light);
        assert!(colored_cells(&buf) > 0, "{name}");
        assert_ne!(buf, draw_with(&state, &Theme::default()), "{name}");
    }
    // The focused pane's title row stands out in reverse colours.
    let state = at(&[Enter]);
    let buf = draw_with(&state, &light);
    for area in &state.layout().panes {
        let header = &buf[(area.header.x + 1, area.header.y)];
        assert_eq!(
            header.bg == Color::Blue,
            area.pane == state.focus,
            "{:?}",
            area.pane
        );
    }
}

#[test]
fn a_role_restyled_by_the_config_is_drawn_so() {
    let config = "[theme]\nname = \"light\"\nselected_focused = { bg = \"#ff8800\", fg = \"black\", reversed = false }\nsection = \"208\"\n";
    let theme = configured_theme(config, &[]);
    let state = at(&[Char('j')]);
    let buf = draw_with(&state, &theme);
    let row = row_of(&state, Pane::Issues, state.issue, state.issue_offset);
    for x in row.left()..row.right() {
        let cell = &buf[(x, row.y)];
        assert_eq!(cell.bg, Color::Rgb(0xff, 0x88, 0x00), "column {x}");
        assert!(!cell.modifier.contains(Modifier::REVERSED), "column {x}");
    }
    let state = at(&[Enter]);
    let buf = draw_with(&state, &theme);
    assert!(
        buf.content.iter().any(|c| c.fg == Color::Indexed(208)),
        "section headings in colour 208"
    );
    assert!(
        buf.content.iter().any(|c| c.bg == Color::Blue),
        "the rest is light's"
    );
}

#[test]
fn no_color_beats_a_configured_theme() {
    let config = "[theme]\nname = \"light\"\nselected_focused = { bg = \"#ff8800\" }\n";
    let theme = configured_theme(config, &[("NO_COLOR", "1")]);
    assert_eq!(theme, Theme::mono());
    for (name, state) in screens() {
        let buf = draw_with(&state, &theme);
        assert_eq!(colored_cells(&buf), 0, "{name}");
    }
    let state = state_after(cjk_library(), 120, 40, &[Char('j')]);
    let buf = draw_with(&state, &theme);
    let row = row_of(&state, Pane::Issues, state.issue, state.issue_offset);
    assert_cursor(&buf, row, "issues");
    // An empty NO_COLOR says nothing: the configured theme applies.
    assert_eq!(configured_theme(config, &[("NO_COLOR", "")]).name, "light");
}
