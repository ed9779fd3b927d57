//! The terminal is always given back. The real binary in a pseudo-terminal, read
//! back with vt100.

mod pty_support;

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

fn signal_restores_the_terminal(signal: &str) {
    let (_fixture, mut session) = started();
    session.signal(signal);
    session.wait_exit(&format!("brief ignored SIG{signal}"));
    session.wait_until("the restore sequence arrives", || {
        session.output_since(0).ends_with("\x1b[?25h")
    });
    session.assert_restored();
}
