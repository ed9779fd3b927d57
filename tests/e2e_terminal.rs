//! The terminal is always given back: on signals, on suspend (Ctrl-Z, SIGTSTP), and
//! taken back on SIGCONT; when the terminal itself goes away, the reader exits.
//! The real binary in a pseudo-terminal, read back with vt100.

mod pty_support;

use std::process::Command;

use pty_support::{Fixture, Session};

/// The first entry's title, drawn on the first screen.
const FIRST_TITLE: &str = "端侧推理框架迎来";

fn started() -> (Fixture, Session) {
    let fixture = Fixture::new();
    let session = Session::start(&fixture, "true");
    session.wait_for(FIRST_TITLE);
    session.wait_for("issue 1/2");
    (fixture, session)
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigquit_restores_the_terminal() {
    signal_restores_the_terminal("QUIT");
}

#[test]
fn sigusr1_and_sigusr2_restore_the_terminal() {
    signal_restores_the_terminal("USR1");
    signal_restores_the_terminal("USR2");
}

fn signal_restores_the_terminal(signal: &str) {
    let (_fixture, mut session) = started();
    session.signal(signal);
    session.wait_exit(&format!("brief ignored SIG{signal}"));
    session.wait_until("the restore sequence arrives", || {
        session.output_since(0).ends_with("\x1b[?25h")
    });
    session.assert_restored();
}

/// After a suspend: the program is stopped and the terminal restored, mouse
/// reporting turned off by what it wrote since `mark`.
fn assert_suspended(session: &Session, mark: usize) {
    session.wait_until("brief stops", || session.stopped());
    session.wait_for_quiet_output();
    session.assert_restored();
    let written = session.output_since(mark);
    assert!(written.contains("\x1b[?1000l"), "mouse off: {written:?}");
    assert!(written.contains("\x1b[?2004l"), "paste off: {written:?}");
}

/// After SIGCONT: the reader is back in the alternate screen, has drawn the whole
/// screen again (not only what changed), and reads keys one at a time (raw mode).
fn assert_resumed(session: &mut Session, mark: usize) {
    // Text that did not change is only written again on a full redraw (wide
    // characters are written one by one, so look for ASCII).
    session.wait_until("the screen is drawn again", || {
        let written = session.output_since(mark);
        session.alternate_screen() && written.contains("Issues") && written.contains("BROWSE")
    });
    session.wait_for(FIRST_TITLE);
    assert!(!session.stopped());
    assert_eq!(session.cursor(), None, "the cursor is hidden again");
    // Without raw mode the terminal would hold `j` until a newline.
    session.keys("j");
    session.wait_for("issue 2/2");
    session.quit();
    session.assert_restored();
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_sigcont_takes_it_again() {
    suspend_and_continue(|session| session.keys("\x1a"));
}

#[test]
fn sigtstp_from_outside_suspends_like_ctrl_z() {
    suspend_and_continue(|session| session.signal("TSTP"));
}

fn suspend_and_continue(suspend: impl FnOnce(&mut Session)) {
    let (_fixture, mut session) = started();
    let mark = session.mark();
    suspend(&mut session);
    assert_suspended(&session, mark);
    let mark = session.mark();
    session.signal("CONT");
    assert_resumed(&mut session, mark);
}

#[test]
fn sigcont_after_a_stop_from_elsewhere_takes_the_terminal_back() {
    let (_fixture, mut session) = started();
    session.signal("STOP");
    session.wait_until("brief stops", || session.stopped());
    // What a shell does when a job stops: its own terminal modes back.
    let tty = std::fs::File::open(session.tty_name()).unwrap();
    let sane = Command::new("stty")
        .arg("sane")
        .stdin(tty)
        .status()
        .unwrap();
    assert!(sane.success());
    let mark = session.mark();
    session.signal("CONT");
    assert_resumed(&mut session, mark);
}

#[test]
fn a_vanished_terminal_ends_the_reader_without_a_panic() {
    let fixture = Fixture::new();
    let mut session = Session::spawn(fixture.command_under_a_shell_ignoring_hup("true"));
    session.wait_for(FIRST_TITLE);
    session.hang_up();
    let status = session.wait_exit("brief outlived its terminal");
    let log = fixture.log();
    assert!(
        status.success(),
        "brief exited with {status:?}; its log:\n{log}"
    );
    assert!(log.contains("reader started"), "{log}");
    assert!(log.contains("terminal is gone"), "{log}");
    assert!(!log.contains("panic"), "{log}");
}

#[test]
fn a_bus_error_restores_the_terminal() {
    signal_restores_the_terminal("BUS");
}

/// The reader keeps entries' strings where they lie in the mapped store: another
/// program truncating the store under the reader makes the next entry it reads
/// fault. The reader cannot go on, but it gives the terminal back.
#[test]
fn a_store_truncated_under_the_reader_gives_the_terminal_back() {
    let fixture = Fixture::new();
    let issues = fixture.path("many");
    std::fs::create_dir(&issues).unwrap();
    for n in 0..300 {
        let name = format!("{}.md", brief::testing::synth::issue_id(n));
        std::fs::write(issues.join(name), brief::testing::synth::issue_markdown(n)).unwrap();
    }
    let folder = issues.to_str().unwrap();
    let mut first = Session::spawn(fixture.command_with("true", &[folder]));
    first.wait_for("issue 1/300");
    first.wait_until("the store is written", || {
        fixture.log().contains("library stores: Some")
    });
    first.quit();
    let mut session = Session::spawn(fixture.command_with("true", &[folder]));
    session.wait_for("issue 1/300");
    session.wait_until("the library is read from the store", || {
        fixture
            .log()
            .contains("300 files, 300 of them from the store")
    });
    let mark = session.mark();
    let library = std::fs::read_dir(fixture.path("cache/brief/library")).unwrap();
    let stores = library.flatten().map(|entry| entry.path());
    for store in stores.filter(|path| path.extension().is_some_and(|x| x == "brief")) {
        let file = std::fs::File::options().write(true).open(&store).unwrap();
        file.set_len(0).unwrap();
    }
    // The oldest issue's entries, read for the first time (a redraw may read one of
    // the first issue's before: then the key comes after, echoed by the terminal).
    session.keys("G");
    let status = session.wait_exit("a bus error ends the reader");
    assert_eq!(status.signal(), Some("Bus error"), "{status:?}");
    session.wait_until("the restore sequence arrives", || {
        session.output_since(mark).contains("\x1b[?1049l\x1b[?25h")
    });
    session.wait_for_quiet_output();
    assert!(!session.alternate_screen(), "main screen");
    let restored = session.output_since(mark);
    assert!(
        restored.contains("\x1b[?1000l\x1b[?2004l"),
        "mouse, paste off"
    );
}
