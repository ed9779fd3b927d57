//! The cold start in a pseudo-terminal: on a folder of a few hundred issues the
//! reader shows its screen before every issue is parsed, says `loading N/M` while
//! the rest arrive, then counts them all.

mod pty_support;

use std::fs;

use brief::testing::synth;
use pty_support::{Fixture, Session};

const ISSUES: usize = 300;

#[test]
fn a_cold_start_shows_loading_then_every_issue() {
    let fixture = Fixture::new();
    let folder = fixture.path("issues");
    fs::create_dir(&folder).unwrap();
    for (id, text) in synth::library_markdown(ISSUES) {
        fs::write(folder.join(format!("{id}.md")), text).unwrap();
    }
    let browser = fixture.path("record-browser").display().to_string();
    let folder = folder.display().to_string();
    let mut session = Session::spawn(fixture.command_with(&browser, &[&folder]));
    session.wait_until("the status bar said it was loading", || {
        session.output_since(0).contains(&format!("/{ISSUES}"))
            && session.output_since(0).contains("loading ")
    });
    session.wait_for(&format!("issue 1/{ISSUES}"));
    let newest = synth::issue_id(ISSUES - 1);
    session.wait_for(&newest);
    assert!(
        !session.contents().contains("loading "),
        "{}",
        session.contents()
    );
    session.quit();
    session.assert_restored();
}
