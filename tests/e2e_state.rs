//! The reading state as a user meets it, in the real binary in a pseudo-terminal:
//! marks, stars and the place left survive a restart; two readers at once both
//! keep their marks; marking never waits for the database.

mod pty_support;

use std::time::{Duration, Instant};

use pty_support::{Fixture, Session, TIMEOUT};
use rusqlite::Connection;

/// The embedded sample, offline, with the fixture's state and cache folders: no path
/// given, so the reader goes back to where it was left.
fn reader(fixture: &Fixture) -> Session {
    let browser = fixture.path("record-browser").display().to_string();
    let session = Session::spawn(fixture.command_with(&browser, &["--offline"]));
    session.wait_for("Issues");
    session
}

/// The screen line that shows `text`.
fn line_with(session: &Session, text: &str) -> String {
    let contents = session.contents();
    contents
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?} in:\n{contents}"))
        .to_string()
}

/// Rows of `read_marks` in the fixture's database, read without waiting for a lock.
fn marks_in_file(fixture: &Fixture) -> i64 {
    let conn = Connection::open(fixture.state_db()).unwrap();
    conn.query_row("SELECT count(*) FROM read_marks", [], |row| row.get(0))
        .unwrap()
}

/// Entries 1, 2 and 3 of the sample's second issue, as far as a narrow pane shows them.
const STARRED: &str = "端侧推理框架";
const UNREAD: &str = "手机 NPU";
const READ: &str = "RISC-V 向量扩展";

#[test]
fn marks_stars_and_the_place_survive_a_restart() {
    let fixture = Fixture::new();
    let mut session = reader(&fixture);
    session.keys("]");
    session.wait_for("issue 2/3");
    session.keys("\r");
    session.wait_for("entry 1/10");
    session.keys("s");
    session.wait_for("starred");
    session.keys("jj");
    session.wait_for("entry 3/10");
    session.keys("m");
    session.wait_for("marked read");
    session.quit();
    session.assert_restored();

    let mut session = reader(&fixture);
    session.wait_for("issue 2/3 · entry 3/10");
    assert!(!line_with(&session, READ).contains('●'), "read: no marker");
    assert!(
        line_with(&session, UNREAD).contains('●'),
        "unread: a marker"
    );
    let starred = line_with(&session, STARRED);
    assert!(starred.contains('★') && starred.contains('●'), "{starred}");
    session.keys("S");
    session.wait_for("Starred: 1 entry");
    assert!(line_with(&session, "★").contains(STARRED));
    session.keys("\x1b");
    session.wait_for("BROWSE");
    session.quit();
    session.assert_restored();
}

#[test]
fn the_frame_after_m_is_drawn_while_the_database_is_locked() {
    let fixture = Fixture::new();
    let mut session = reader(&fixture);
    session.keys("\r");
    session.wait_for("entry 1/4");
    // Everything the reader wrote at start is in; now another program holds the
    // write lock, as a second reader in the middle of a long write would.
    session.wait_until("the start's writes are in", || fixture.state_db().exists());
    let lock = Connection::open(fixture.state_db()).unwrap();
    lock.busy_timeout(TIMEOUT).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = marks_in_file(&fixture);
    let pressed = Instant::now();
    session.keys("m");
    session.wait_for("marked read");
    assert!(
        pressed.elapsed() < Duration::from_secs(4),
        "drawn before the busy timeout"
    );
    assert_eq!(
        marks_in_file(&fixture),
        before,
        "not written yet: the lock is held"
    );
    lock.execute_batch("COMMIT").unwrap();
    session.wait_until("the mark is written once the lock goes", || {
        marks_in_file(&fixture) == before + 1
    });
    session.quit();
    session.assert_restored();
}

#[test]
fn two_readers_at_once_both_keep_their_marks() {
    let fixture = Fixture::new();
    let mut first = reader(&fixture);
    let mut second = reader(&fixture);
    for (session, keys, entry) in [
        (&mut first, "\r", "entry 1/4"),
        (&mut second, "\rj", "entry 2/4"),
    ] {
        session.keys(keys);
        session.wait_for(entry);
        session.keys("m");
        session.wait_for("marked read");
    }
    first.quit();
    second.quit();
    let session = reader(&fixture);
    session.wait_until("both marks are in the file", || {
        marks_in_file(&fixture) == 2
    });
    let mut session = session;
    session.quit();
}
