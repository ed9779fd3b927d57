//! The config file's `browser_in_terminal` with the real binary in a pseudo-terminal:
//! the browser gets the terminal and the keyboard, the reader's screen comes back.

mod pty_support;

use std::fs;

use pty_support::{Fixture, ROWS, Session};

/// The reader on the first entry, configured to run `script` as a browser in the
/// terminal.
fn on_the_first_entry(fixture: &Fixture, script: &str) -> Session {
    let browser = fixture.path("terminal-browser");
    fs::write(&browser, script).unwrap();
    make_executable(&browser);
    let config = fixture.path("config.toml");
    // Read on select: opening the entry changes no mark, so the screen before the
    // browser is the screen after it.
    let text = format!(
        "browser = '{}'\nbrowser_in_terminal = true\nmark_read = \"select\"\n",
        browser.display()
    );
    fs::write(&config, text).unwrap();
    let mut command = fixture.command("false");
    command.env("BRIEF_CONFIG", &config);
    let mut session = Session::spawn(command);
    session.wait_for("端侧推理框架迎来");
    session.keys("\r");
    session.wait_for("entry 1/2");
    session
}

#[cfg(unix)]
fn make_executable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

/// The screen's rows but the last (the status bar), without trailing blanks (a blank
/// written and a cell cleared look the same).
fn rows_above_status(session: &Session) -> Vec<String> {
    let contents = session.contents();
    let mut rows: Vec<String> = contents.lines().map(|r| r.trim_end().to_string()).collect();
    rows.resize(usize::from(ROWS), String::new());
    rows.truncate(usize::from(ROWS) - 1);
    rows
}

#[test]
fn a_browser_in_the_terminal_gets_the_keyboard_and_the_screen_comes_back() {
    let fixture = Fixture::new();
    let got = fixture.path("got.txt");
    let script = format!(
        "#!/bin/sh\nprintf 'TERMINAL BROWSER %s\\n' \"$1\"\nprintf 'type a line: '\n\
         IFS= read -r line\nprintf '%s' \"$line\" > '{}'\n",
        got.display()
    );
    let mut session = on_the_first_entry(&fixture, &script);
    session.wait_for("摘要：MNN");
    let before = rows_above_status(&session);
    session.keys("o");
    session.wait_for("TERMINAL BROWSER https://example.com/int4");
    session.wait_for("type a line:");
    assert!(
        !session.alternate_screen(),
        "the browser has the main screen"
    );
    // Keys the reader would act on (down, right, quit, open): the browser gets them.
    session.keys("jjlqo hello\r");
    session.wait_until("the browser read its line", || {
        fs::read_to_string(&got).is_ok_and(|line| line == "jjlqo hello")
    });
    session.wait_until("the reader's screen is back", || {
        session.alternate_screen() && rows_above_status(&session) == before
    });
    assert_eq!(session.cursor(), None, "the cursor is hidden again");
    // The reader reads the keyboard again.
    session.keys("j");
    session.wait_for("entry 2/2");
    session.quit();
    session.assert_restored();
}

#[test]
fn ctrl_c_in_a_terminal_browser_ends_the_browser_not_the_reader() {
    let fixture = Fixture::new();
    let script = "#!/bin/sh\nprintf 'TERMINAL BROWSER\\n'\nread -r line\n";
    let mut session = on_the_first_entry(&fixture, script);
    session.keys("o");
    session.wait_for("TERMINAL BROWSER");
    session.keys("\u{3}");
    session.wait_until("the reader's screen is back", || {
        session.alternate_screen() && session.contents().contains("端侧推理框架迎来")
    });
    session.wait_for("the browser exited with");
    session.keys("j");
    session.wait_for("entry 2/2");
    assert!(
        session.child.try_wait().unwrap().is_none(),
        "the reader runs"
    );
    session.quit();
    session.assert_restored();
}
