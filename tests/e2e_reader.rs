//! The real binary in a pseudo-terminal, read back with a terminal emulator (vt100).
//! `BROWSER` is a script that records its arguments, so opening a link is observable.

mod pty_support;

use pty_support::{Fixture, SAFE_URL, Session};

#[test]
fn enter_on_an_entry_opens_its_link_in_the_browser() {
    let fixture = Fixture::new();
    let browser = format!("{} --new-tab", fixture.path("record-browser").display());
    let mut session = Session::start(&fixture, &browser);
    session.wait_for("Issues");
    session.wait_for("端侧推理框架迎来");
    // Into the first issue's entries; the first entry is selected.
    session.keys("\r");
    session.wait_for("entry 1/2");
    session.keys("\r");
    session.wait_for("opened https://example.com/int4");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    assert_eq!(fixture.recorded(), format!("[--new-tab]\n[{SAFE_URL}]\n"));
    assert!(!fixture.path("pwned").exists(), "no shell ran the URL");
    session.quit();
    session.assert_restored();
}

#[test]
fn a_javascript_link_is_refused_and_nothing_is_launched() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("端侧推理框架迎来");
    session.keys("\r");
    session.wait_for("entry 1/2");
    session.keys("j");
    session.wait_for("entry 2/2");
    session.keys("\r");
    session.wait_for("refused to open a javascript: link");
    session.keys("k");
    session.wait_for("entry 1/2");
    session.keys("j");
    session.wait_for("entry 2/2");
    session.keys("o1");
    session.wait_for("refused to open a javascript: link");
    // Then a safe link: launches happen in key order, so once it is recorded, any
    // launch for the refused link would have been recorded before it.
    session.keys("k");
    session.wait_for("entry 1/2");
    session.keys("o");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    session.quit();
    session.assert_restored();
    assert_eq!(
        fixture.recorded(),
        format!("[{SAFE_URL}]\n"),
        "only the safe link was launched"
    );
    // Each refusal the status bar showed is in the log file too.
    let log = fixture.log();
    let refusals = log.matches("refused to open a javascript: link").count();
    assert_eq!(refusals, 3, "Enter, o and 1: {log}");
}

#[test]
fn an_archive_link_goes_to_that_issue_inside_the_reader() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("Archive");
    session.keys("1");
    session.wait_for("went to issue 2020-05-15");
    session.wait_for("issue 2/2");
    session.quit();
    session.assert_restored();
    assert_eq!(fixture.recorded(), "");
}

#[test]
fn a_cjk_search_goes_to_the_first_result_and_enter_opens_it() {
    let fixture = Fixture::new();
    let mut session = Session::start(
        &fixture,
        &fixture.path("record-browser").display().to_string(),
    );
    session.wait_for("端侧推理框架迎来");
    // Start from the other issue, so going to the first result is a real move.
    session.keys("]");
    session.wait_for("issue 2/2");
    session.keys("/");
    session.wait_for("type to search 2 issues");
    session.keys("量化");
    session.wait_for("2 entries in 2 issues");
    session.wait_until("the cursor sits after the query", || {
        session.cursor() == Some((0, 3 + 4))
    });
    session.keys("\r");
    session.wait_for("result 1/2");
    // Both titles match; the newer issue ranks first.
    session.wait_for("issue 1/2 · entry 1/2");
    assert!(session.contents().contains("BROWSE"));
    assert_eq!(session.cursor(), None, "no cursor outside the prompt");
    session.keys("\r");
    session.wait_until("the browser recorded a URL", || {
        !fixture.recorded().is_empty()
    });
    assert_eq!(fixture.recorded(), format!("[{SAFE_URL}]\n"));
    session.keys("n");
    session.wait_for("result 2/2");
    session.wait_for("issue 2/2 · entry 1/1");
    session.wait_for("低比特量化综述");
    session.quit();
    session.assert_restored();
}
