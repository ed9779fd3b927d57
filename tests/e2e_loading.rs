//! The start in a pseudo-terminal: on a folder of a few hundred issues the reader
//! shows its screen before every issue is parsed, says `loading N/M` while the rest
//! arrive, then counts them all. The cold start writes the persisted library and the
//! next start reads it (the same screen, the same search); quitting while it is
//! written leaves no stray file; a cache that cannot be written changes nothing seen.

mod pty_support;

use std::fs;

use std::path::PathBuf;

use brief::testing::synth;
use pty_support::{Fixture, Session};

const ISSUES: usize = 300;

/// A fixture with a folder of [`ISSUES`] synthetic issues, and that folder.
fn library() -> (Fixture, String) {
    let fixture = Fixture::new();
    let folder = fixture.path("issues");
    fs::create_dir(&folder).unwrap();
    for (id, text) in synth::library_markdown(ISSUES) {
        fs::write(folder.join(format!("{id}.md")), text).unwrap();
    }
    let folder = folder.display().to_string();
    (fixture, folder)
}

/// The reader on `folder`, once every issue is in.
fn loaded(fixture: &Fixture, folder: &str, cache: Option<&PathBuf>) -> Session {
    let browser = fixture.path("record-browser").display().to_string();
    let mut command = fixture.command_with(&browser, &[folder]);
    if let Some(cache) = cache {
        command.env("XDG_CACHE_HOME", cache);
    }
    let session = Session::spawn(command);
    session.wait_for(&format!("issue 1/{ISSUES}"));
    session.wait_until("every issue is in", || {
        !session.contents().contains("loading ")
    });
    session
}

/// The files in the fixture's folder of persisted libraries.
fn library_files(fixture: &Fixture) -> Vec<String> {
    let folder = fixture.path("cache/brief/library");
    let names = fs::read_dir(folder).into_iter().flatten();
    let names = names.map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned());
    names.collect()
}

/// `text` searched for in the reader: the screen then.
fn search(session: &mut Session, text: &str) -> String {
    session.keys("/");
    session.keys(text);
    session.keys("\r");
    session.wait_for("result 1/");
    session.wait_for_quiet_output();
    visible(&session.contents())
}

/// The screen's text without the blanks that end its rows: whether a blank cell was
/// written as a space or left erased depends on what was drawn there before.
fn visible(screen: &str) -> String {
    screen
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

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

#[test]
fn a_warm_start_reads_the_store_the_cold_one_wrote_and_shows_the_same() {
    let (fixture, folder) = library();
    let mut cold = loaded(&fixture, &folder, None);
    cold.wait_until("the store is written", || {
        fixture.log().contains("library stores: Some")
    });
    let cold_screen = cold.contents();
    let cold_found = search(&mut cold, "量化");
    cold.quit();
    assert!(
        fixture
            .log()
            .contains(&format!("{ISSUES} files, 0 of them from the store"))
    );
    let mut warm = loaded(&fixture, &folder, None);
    let from_store = format!("{ISSUES} files, {ISSUES} of them from the store");
    assert!(fixture.log().contains(&from_store), "{}", fixture.log());
    assert_eq!(visible(&warm.contents()), visible(&cold_screen));
    assert_eq!(search(&mut warm, "量化"), cold_found);
    warm.quit();
    warm.assert_restored();
    // The first warm start saved the search index of the library its store holds;
    // the next one reads it rather than indexing again, and finds the same.
    assert!(fixture.log().contains("search index built and saved"));
    assert!(!fixture.log().contains("search index read"));
    let mut again = loaded(&fixture, &folder, None);
    assert_eq!(search(&mut again, "量化"), cold_found);
    let log = fixture.log();
    assert!(
        log.contains("search index read from its saved file"),
        "{log}"
    );
    // Each start logs when its first issues were on the screen.
    let first_frames = log.matches("first frame showing issues drawn").count();
    assert_eq!(first_frames, 3, "{log}");
    again.quit();
    again.assert_restored();
}

#[test]
fn quitting_while_the_store_is_written_leaves_no_stray_file() {
    let (fixture, folder) = library();
    let mut cold = loaded(&fixture, &folder, None);
    cold.wait_until("the load is logged", || {
        fixture.log().contains("library loaded")
    });
    cold.quit();
    let strays: Vec<String> = (library_files(&fixture).into_iter())
        .filter(|name| !name.ends_with(".brief") && !name.ends_with(".index"))
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
    // The store, written whole or not at all, is read or rebuilt.
    let mut again = loaded(&fixture, &folder, None);
    assert!(again.contents().contains(&synth::issue_id(ISSUES - 1)));
    again.quit();
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing_seen() {
    let (fixture, folder) = library();
    let mut usual = loaded(&fixture, &folder, None);
    let screen = usual.contents();
    usual.quit();
    let blocked = fixture.path("not-a-folder");
    fs::write(&blocked, "x").unwrap();
    let cache = blocked.join("cache");
    let mut session = loaded(&fixture, &folder, Some(&cache));
    assert_eq!(visible(&session.contents()), visible(&screen));
    session.wait_until("the store was tried", || {
        fixture.log().contains("library stores: None")
    });
    let mark = session.mark();
    session.quit();
    session.assert_restored();
    let after = session.output_since(mark);
    assert!(
        !after.contains("brief:") && !after.contains("warning"),
        "{after:?}"
    );
}
