//! Whole screens on ratatui's TestBackend, with CJK-heavy content.

use brief::app::fixture::cjk_library;
use brief::app::{Action, Key, State, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(width: u16, height: u16, keys: &[Key]) -> String {
    let mut state = State::new(cjk_library(), "fixtures", width, height);
    for &key in keys {
        update(&mut state, Action::Key(key));
    }
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| brief::ui::draw(f, &state)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn print() {
    println!("{}", screen(120, 40, &[Key::Enter, Key::Char('j'), Key::Char('j')]));
    println!("{}", screen(80, 24, &[Key::Enter]));
    println!("{}", screen(50, 20, &[Key::Enter, Key::Enter]));
    println!("{}", screen(120, 40, &[]));
}
