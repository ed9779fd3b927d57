use std::fs;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;

use rusqlite::Connection;

use super::open::{load_read_only, open_file};
use super::schema::{self, migrate_to};
use super::*;

fn source(name: &str) -> SourceId {
    SourceId::new(name).unwrap()
}

fn issue(source_name: &str, id: &str) -> IssueKey {
    IssueKey {
        source: source(source_name),
        issue: id.to_string(),
    }
}

fn entry(source_name: &str, issue_id: &str, id: &str) -> EntryKey {
    EntryKey {
        issue: issue(source_name, issue_id),
        entry: id.to_string(),
    }
}

fn star(key: EntryKey, title: &str) -> Change {
    Change::Star(Box::new(Star {
        key,
        title: title.to_string(),
        publisher: Some("示例日报".to_string()),
        url: Some(format!("https://example.com/{title}")),
        issue_date: Some("2020-06-03".to_string()),
        starred_at: 0,
    }))
}

fn open_ok(dir: &Path, sources: &[SourceId]) -> Opened {
    let opened = open(dir, sources);
    assert_eq!(opened.notice, None);
    assert!(opened.store.saves());
    opened
}

#[test]
fn marks_stars_positions_and_history_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let news = [source("news")];
    let mut store = open_ok(dir.path(), &news).store;
    let page: i64 = store
        .conn
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .unwrap();
    assert_eq!(page, 16 * 1024, "a new database's pages");
    let read = entry("news", "2020-06-03", "url:https://a.example/1");
    let unread_again = entry("news", "2020-06-03", "url:https://a.example/2");
    let starred = entry("news", "2020-05-15", "title:0123456789abcdef");
    store
        .apply(&[
            Change::Read(vec![read.clone(), unread_again.clone()]),
            Change::Unread(vec![unread_again.clone()]),
            star(starred.clone(), "older"),
            star(read.clone(), "newer"),
            Change::Position(Position {
                issue: read.issue.clone(),
                entry: Some(read.entry.clone()),
            }),
            Change::Searched("量化 int4".to_string()),
            Change::Refreshed(source("news")),
        ])
        .unwrap();
    drop(store);

    let loaded = open_ok(dir.path(), &news).loaded;
    assert!(loaded.read.contains(&read));
    assert!(!loaded.read.contains(&unread_again));
    assert_eq!(loaded.read.len(), 1);
    let titles: Vec<&str> = loaded.stars.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["newer", "older"], "newest star first");
    assert_eq!(loaded.stars[1].key, starred);
    assert_eq!(loaded.stars[1].publisher.as_deref(), Some("示例日报"));
    assert!(loaded.stars[0].starred_at > loaded.stars[1].starred_at);
    assert_eq!(loaded.positions.len(), 1);
    assert_eq!(loaded.positions[0].entry_key(), Some(read.clone()));
    assert_eq!(loaded.history, ["量化 int4"]);
    assert!(loaded.last_refresh.contains_key(&source("news")));
    assert!(loaded.first_seen.contains_key(&read.issue));
}

#[test]
fn each_source_loads_only_its_own_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_ok(dir.path(), &[]).store;
    let a = entry("a", "1", "url:x");
    let b = entry("b", "1", "url:x");
    store
        .apply(&[
            Change::Read(vec![a.clone(), b.clone()]),
            star(b.clone(), "b"),
        ])
        .unwrap();
    let loaded = store.load(&[source("a")]).unwrap();
    assert!(loaded.read.contains(&a));
    assert!(
        !loaded.read.contains(&b),
        "same issue and entry ids, other source"
    );
    assert!(loaded.stars.is_empty());
    let both = store.load(&[source("a"), source("b")]).unwrap();
    assert_eq!((both.read.len(), both.stars.len()), (2, 1));
}

#[test]
fn a_star_keeps_its_copy_and_a_second_star_keeps_the_first_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_ok(dir.path(), &[]).store;
    let key = entry("news", "gone", "url:y");
    store.apply(&[star(key.clone(), "kept")]).unwrap();
    let first = store.load(&[source("news")]).unwrap().stars;
    store.apply(&[star(key.clone(), "again")]).unwrap();
    let second = store.load(&[source("news")]).unwrap().stars;
    assert_eq!(first, second);
    store.apply(&[Change::Unstar(key)]).unwrap();
    assert!(store.load(&[source("news")]).unwrap().stars.is_empty());
}

#[test]
fn the_search_history_is_deduplicated_newest_first_and_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_ok(dir.path(), &[]).store;
    let searches: Vec<Change> = (0..MAX_HISTORY + 10)
        .map(|n| Change::Searched(format!("q{n}")))
        .collect();
    store.apply(&searches).unwrap();
    store.apply(&[Change::Searched("q5".to_string())]).unwrap();
    let history = store.load(&[]).unwrap().history;
    assert_eq!(history.len(), MAX_HISTORY);
    assert_eq!(history[0], "q5", "used again: on top, once");
    assert_eq!(history[1], format!("q{}", MAX_HISTORY + 9));
    assert_eq!(history.iter().filter(|q| *q == "q5").count(), 1);
    assert!(!history.contains(&"q0".to_string()), "the oldest fell off");
}

#[test]
fn new_issues_are_those_first_seen_after_the_previous_visit() {
    let dir = tempfile::tempdir().unwrap();
    let news = [source("news")];
    let mut store = open_ok(dir.path(), &news).store;
    let (old, fresh, unseen) = (
        issue("news", "old"),
        issue("news", "fresh"),
        issue("news", "unseen"),
    );
    let all = [old.clone(), fresh.clone(), unseen.clone()];
    let loaded = store.load(&news).unwrap();
    assert!(loaded.new_issues(&all).is_empty(), "first run: nothing new");

    store.apply(&[Change::Seen(vec![old.clone()])]).unwrap();
    store.apply(&[Change::Visited(news.to_vec())]).unwrap();
    store.apply(&[Change::Seen(vec![fresh.clone()])]).unwrap();
    let loaded = store.load(&news).unwrap();
    assert_eq!(loaded.new_issues(&all), [&fresh, &unseen]);
}

#[test]
fn a_database_of_the_first_schema_version_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = Connection::open(&path).unwrap();
        migrate_to(&conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO sources (id, name, last_visit) VALUES (1, 'news', 1000);
             INSERT INTO issues (id, source, issue, first_seen) VALUES (7, 1, '2020-06-03', 500);
             INSERT INTO read_marks VALUES (7, 'url:https://a.example/1', 600);
             INSERT INTO stars (issue, entry, starred_at, title, publisher, url, issue_date)
                 VALUES (7, 'url:https://a.example/1', 700, 'T', NULL, 'https://a.example/1', NULL);
             INSERT INTO positions VALUES (1, '2020-06-03', 'url:https://a.example/1', 800);",
        )
        .unwrap();
        assert_eq!(schema::user_version(&conn).unwrap(), 1);
    }
    let mut opened = open_ok(dir.path(), &[source("news")]);
    let read = entry("news", "2020-06-03", "url:https://a.example/1");
    assert!(opened.loaded.read.contains(&read));
    assert_eq!(opened.loaded.stars[0].title, "T");
    assert_eq!(opened.loaded.last_visit[&source("news")], 1000);
    assert_eq!(opened.loaded.positions[0].entry_key(), Some(read));
    // What version 2 added works.
    opened
        .store
        .apply(&[
            Change::Searched("tvm".into()),
            Change::Refreshed(source("news")),
        ])
        .unwrap();
    let loaded = opened.store.load(&[source("news")]).unwrap();
    assert_eq!(loaded.history, ["tvm"]);
    assert!(loaded.last_refresh.contains_key(&source("news")));
    let conn = Connection::open(&path).unwrap();
    assert_eq!(schema::user_version(&conn).unwrap(), SCHEMA_VERSION);
}

/// The files in `dir` whose names start with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

#[test]
fn a_garbage_file_is_moved_aside_with_its_bytes_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"this is not a database, just some text a user saved here\n".repeat(100);
    fs::write(dir.path().join(FILE_NAME), &garbage).unwrap();
    let mut opened = open(dir.path(), &[source("news")]);
    let notice = opened.notice.clone().expect("a notice");
    assert!(notice.contains("moved it to"), "{notice}");
    assert!(notice.contains("state.db.corrupt-"), "{notice}");
    let aside = files_starting(dir.path(), "state.db.corrupt-");
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read(&aside[0]).unwrap(), garbage, "nothing lost");
    assert!(opened.store.saves(), "a fresh database");
    let key = entry("news", "1", "url:x");
    opened
        .store
        .apply(&[Change::Read(vec![key.clone()])])
        .unwrap();
    assert!(
        open_ok(dir.path(), &[source("news")])
            .loaded
            .read
            .contains(&key)
    );
}

#[test]
fn a_truncated_file_is_moved_aside_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let mut store = open_ok(dir.path(), &[]).store;
        let keys: Vec<EntryKey> = (0..3000)
            .map(|n| {
                entry(
                    "news",
                    &format!("{}", n / 20),
                    &format!("url:https://x.example/{n}"),
                )
            })
            .collect();
        store.apply(&[Change::Read(keys)]).unwrap();
        // Everything into the main file, the journal emptied.
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
    let opened = open(dir.path(), &[source("news")]);
    let notice = opened.notice.expect("a notice");
    assert!(notice.contains("moved it to"), "{notice}");
    let aside = files_starting(dir.path(), "state.db.corrupt-");
    assert_eq!(fs::read(&aside[0]).unwrap(), &bytes[..bytes.len() / 3]);
    assert!(opened.store.saves());
    assert!(opened.loaded.read.is_empty());
}

#[test]
fn a_database_from_a_newer_brief_is_left_alone_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let mut opened = open(dir.path(), &[]);
    let notice = opened.notice.expect("a notice");
    assert!(notice.contains("newer brief"), "{notice}");
    assert!(notice.contains("will not be saved"), "{notice}");
    assert!(!opened.store.saves());
    opened
        .store
        .apply(&[Change::Read(vec![entry("a", "1", "x")])])
        .unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(files_starting(dir.path(), "state.db.corrupt-").is_empty());
}

#[test]
fn a_data_directory_that_cannot_be_made_gives_a_store_that_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let mut opened = open(&file.join("brief"), &[]);
    let notice = opened.notice.expect("a notice");
    assert!(
        notice.starts_with("reading state will not be saved"),
        "{notice}"
    );
    assert!(!opened.store.saves());
    opened
        .store
        .apply(&[Change::Read(vec![entry("a", "1", "x")])])
        .unwrap();
}

#[test]
fn a_database_is_read_without_writing_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = entry("news", "1", "url:x");
    {
        let mut store = open_ok(dir.path(), &[]).store;
        store.apply(&[Change::Read(vec![key.clone()])]).unwrap();
    }
    let path = dir.path().join(FILE_NAME);
    let loaded = load_read_only(&path, &[source("news")]).expect("readable");
    assert!(loaded.read.contains(&key));
}

#[test]
fn two_connections_marking_a_thousand_entries_each_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(open_ok(dir.path(), &[]));
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = ["one", "two"]
        .into_iter()
        .map(|name| {
            let (path, start) = (dir.path().join(FILE_NAME), Arc::clone(&start));
            thread::spawn(move || {
                let mut store = open_file(&path).unwrap();
                start.wait();
                // Small batches, so the two interleave, in the same issues: each
                // batch rewrites the issues' index values.
                for chunk in 0..100 {
                    let keys = (0..10)
                        .map(|n| {
                            let issue = format!("issue-{}", n % 3);
                            entry("news", &issue, &format!("url:{name}-{}", chunk * 10 + n))
                        })
                        .collect();
                    store.apply(&[Change::Read(keys)]).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let opened = open_ok(dir.path(), &[source("news")]);
    assert_eq!(opened.loaded.read.len(), 2000);
    let rows: i64 = opened
        .store
        .conn
        .query_row("SELECT count(*) FROM read_marks", [], |row| row.get(0))
        .unwrap();
    assert_eq!(rows, 2000);
}

#[test]
fn the_writer_returns_at_once_while_another_connection_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_ok(dir.path(), &[]).store;
    let errors = Arc::new(std::sync::Mutex::new(Vec::new()));
    let heard = Arc::clone(&errors);
    let writer = Writer::spawn(store, move |e| heard.lock().unwrap().push(e));
    let reader = open_file(&dir.path().join(FILE_NAME)).unwrap();
    let blocker = Connection::open(dir.path().join(FILE_NAME)).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let key = entry("news", "1", "url:x");
    let sent = std::time::Instant::now();
    writer.send(Change::Read(vec![key.clone()]));
    assert!(
        sent.elapsed() < open::BUSY_TIMEOUT / 10,
        "send does not wait"
    );
    thread::sleep(std::time::Duration::from_millis(50));
    assert!(!reader.load(&[source("news")]).unwrap().read.contains(&key));
    blocker.execute_batch("COMMIT").unwrap();
    writer.flush();
    assert!(reader.load(&[source("news")]).unwrap().read.contains(&key));
    assert!(errors.lock().unwrap().is_empty());
    writer.finish();
}

#[test]
fn failed_writes_are_reported_once_and_tried_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let store = open_ok(dir.path(), &[]).store;
    store.conn.busy_timeout(std::time::Duration::ZERO).unwrap();
    let errors = Arc::new(std::sync::Mutex::new(Vec::new()));
    let heard = Arc::clone(&errors);
    let writer = Writer::spawn(store, move |e| heard.lock().unwrap().push(e));
    let blocker = Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (a, b) = (entry("news", "1", "a"), entry("news", "1", "b"));
    writer.send(Change::Read(vec![a.clone()]));
    writer.flush();
    writer.send(Change::Read(vec![b.clone()]));
    writer.flush();
    assert_eq!(
        errors.lock().unwrap().len(),
        1,
        "{:?}",
        errors.lock().unwrap()
    );
    assert!(errors.lock().unwrap()[0].contains("could not save"));
    blocker.execute_batch("COMMIT").unwrap();
    writer.finish();
    let loaded = open_ok(dir.path(), &[source("news")]).loaded;
    assert!(loaded.read.contains(&a) && loaded.read.contains(&b));
}

#[test]
fn only_the_last_position_of_a_source_in_a_batch_is_written() {
    let position = |source_name: &str, id: &str| {
        Change::Position(Position {
            issue: issue(source_name, id),
            entry: None,
        })
    };
    let mut changes = vec![
        position("a", "1"),
        position("b", "1"),
        Change::Searched("x".into()),
        position("a", "2"),
    ];
    writer::coalesce_positions(&mut changes);
    assert_eq!(
        changes,
        [
            position("b", "1"),
            Change::Searched("x".into()),
            position("a", "2")
        ]
    );
}

#[test]
fn local_dates_and_rfc3339_times() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_700_000_000_123), "2023-11-14T22:13:20Z");
    assert_eq!(local_date(0).len(), "1970-01-01".len());
}
