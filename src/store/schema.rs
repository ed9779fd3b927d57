//! The database's tables, as a list of migrations: `PRAGMA user_version` says how
//! many have run. A migration is never edited once released; a change is a new one.

use std::collections::BTreeMap;

use rusqlite::{Connection, TransactionBehavior};

use super::open::Failure;
use super::packed;

/// Version 1: sources, the issues seen, read marks, stars and positions.
///
/// Issues and sources are numbered once (`issues.id`, `sources.id`) so that the marks
/// of an issue take little room; their keys are the model's: `sources.name` is a
/// `SourceId`, `issues.issue` an issue id, `entry` columns an `EntryKey`'s entry id.
/// Times are milliseconds since the Unix epoch.
pub const V1: &str = "
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- When the reader last closed on this source.
    last_visit INTEGER
);
CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    source INTEGER NOT NULL REFERENCES sources(id),
    issue TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    UNIQUE (source, issue)
);
CREATE TABLE read_marks (
    issue INTEGER NOT NULL REFERENCES issues(id),
    entry TEXT NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (issue, entry)
) WITHOUT ROWID;
CREATE TABLE stars (
    id INTEGER PRIMARY KEY,
    issue INTEGER NOT NULL REFERENCES issues(id),
    entry TEXT NOT NULL,
    starred_at INTEGER NOT NULL,
    -- A copy of the entry as it was starred: it outlives its issue.
    title TEXT NOT NULL,
    publisher TEXT,
    url TEXT,
    issue_date TEXT,
    UNIQUE (issue, entry)
);
CREATE TABLE positions (
    source INTEGER PRIMARY KEY REFERENCES sources(id),
    issue TEXT NOT NULL,
    entry TEXT,
    saved_at INTEGER NOT NULL
);
";

/// Version 2: an index of the read marks for the start, one row per issue of its
/// read entries' hashes (see [`super::packed`]): reading 200,000 marks a row each
/// took 130 ms, over the 20 ms a start may cost. Every write of `read_marks` changes
/// it in the same transaction. Also the search history and each source's last
/// refresh.
pub const V2: &str = "
CREATE TABLE issue_reads (
    issue INTEGER PRIMARY KEY REFERENCES issues(id),
    hashes BLOB NOT NULL
);
CREATE TABLE search_history (
    query TEXT PRIMARY KEY,
    used_at INTEGER NOT NULL
);
ALTER TABLE sources ADD COLUMN last_refresh INTEGER;
";

/// A schema version: its statements, then code for what SQL cannot do.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: V1,
        then: None,
    },
    Migration {
        sql: V2,
        then: Some(pack_read_marks),
    },
];

/// Version 2: the index of the `read_marks` there are.
fn pack_read_marks(conn: &Connection) -> rusqlite::Result<()> {
    let mut rows = conn.prepare("SELECT issue, entry FROM read_marks")?;
    let marks = rows.query_map([], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut by_issue: BTreeMap<i64, Vec<u64>> = BTreeMap::new();
    for mark in marks {
        let (issue, entry) = mark?;
        by_issue
            .entry(issue)
            .or_default()
            .push(packed::entry_hash(&entry));
    }
    let mut insert = conn.prepare("INSERT INTO issue_reads (issue, hashes) VALUES (?1, ?2)")?;
    for (issue, mut hashes) in by_issue {
        hashes.sort_unstable();
        insert.execute(rusqlite::params![issue, packed::encode(&hashes)])?;
    }
    Ok(())
}

/// The schema version this build writes.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// Brings the database up to [`VERSION`], in one transaction that holds the write lock
/// from the start: two readers starting at once migrate it once. A database from a
/// newer brief is left alone.
pub fn migrate(conn: &mut Connection) -> Result<(), Failure> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    if version > VERSION {
        return Err(Failure::Newer(version));
    }
    if version == VERSION {
        return Ok(());
    }
    for migration in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
        tx.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Runs the first `count` migrations only: a database as an older brief left it.
#[cfg(test)]
pub fn migrate_to(conn: &Connection, count: usize) -> rusqlite::Result<()> {
    for migration in &MIGRATIONS[..count] {
        conn.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(conn)?;
        }
    }
    conn.pragma_update(None, "user_version", count as i32)
}
