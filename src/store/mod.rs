//! What the reader remembers between runs, in one SQLite file (`state.db` in the data
//! directory): read marks, stars, the issues seen and when, the place left in each
//! source, the search history and the last refresh of each source.
//!
//! Everything is stored under the stable keys of [`crate::model`] ([`SourceId`],
//! [`IssueKey`], [`EntryKey`]), so a refresh that moves issues around keeps every mark.
//! The reader's state never holds a [`Store`]: it loads a [`Loaded`] (plain sets and
//! lists) at start and sends [`Change`]s to a [`Writer`] thread, which commits them in
//! batches off the UI thread.
//!
//! [`open`] never fails: a file that is not a database is moved aside and a fresh one
//! made; a directory that cannot be written gives a store that saves nothing (what is
//! there is still read). Either way [`Opened::notice`] says so in one line.

mod load;
mod open;
mod packed;
mod read_set;
mod schema;
mod write;
mod writer;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::Connection;

use crate::model::{Entry, EntryKey, Issue, IssueKey, SourceId};

pub use load::Loaded;
pub use open::{Opened, open};
pub use read_set::ReadSet;
pub use schema::VERSION as SCHEMA_VERSION;
pub use writer::Writer;

/// The maps of the reading state: keyed by issue and source, filled with 10,000
/// keys at a start, where std's SipHash costs milliseconds that foldhash does not.
pub type KeyMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type KeySet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// The database's file name in the data directory.
pub const FILE_NAME: &str = "state.db";
/// Searches remembered, newest first; older ones are forgotten.
pub const MAX_HISTORY: usize = 200;

/// The reading state's database: one connection to `state.db`, or to a copy in memory
/// when the file cannot be written.
pub struct Store {
    conn: Connection,
    /// Where the file is; `None` for a store that saves nothing.
    path: Option<PathBuf>,
    /// The last time stamp given out: stamps only grow, so the order of changes
    /// survives their being written in one batch.
    last_stamp: i64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// The database file, when changes are saved to one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether changes reach a file (else they are forgotten at exit).
    pub fn saves(&self) -> bool {
        self.path.is_some()
    }

    /// A time stamp (milliseconds since the epoch) later than every one before.
    fn stamp(&mut self) -> i64 {
        self.last_stamp = now_ms().max(self.last_stamp + 1);
        self.last_stamp
    }
}

/// A starred entry with a copy of what its row shows, so it outlives its issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Star {
    pub key: EntryKey,
    pub title: String,
    /// The entry's publisher (`title | publisher` in the Markdown).
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// The issue's date (`YYYY-MM-DD`), when it has one.
    pub issue_date: Option<String>,
    /// When it was starred, in milliseconds since the epoch; 0 for a star not yet
    /// written (the store stamps it).
    pub starred_at: i64,
}

impl Star {
    /// A star for `entry` of `issue`, whose key is `key`.
    pub fn of(issue: &Issue, entry: &Entry, key: EntryKey) -> Star {
        Star {
            key,
            title: entry.title().to_string(),
            publisher: entry.source().map(str::to_string),
            url: entry.url().map(str::to_string),
            issue_date: issue.date.clone(),
            starred_at: 0,
        }
    }
}

/// Where the reader was in a source: an issue, and the entry selected in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub issue: IssueKey,
    /// The entry's id within the issue ([`EntryKey::entry`]).
    pub entry: Option<String>,
}

impl Position {
    pub fn entry_key(&self) -> Option<EntryKey> {
        self.entry.as_ref().map(|entry| EntryKey {
            issue: self.issue.clone(),
            entry: entry.clone(),
        })
    }
}

/// One change to the reading state; [`Store::apply`] writes a batch in a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Marks entries read (a mark keeps the time it was first made).
    Read(Vec<EntryKey>),
    Unread(Vec<EntryKey>),
    Star(Box<Star>),
    Unstar(EntryKey),
    /// Issues shown to the reader: the first time is kept, for "new since last visit".
    Seen(Vec<IssueKey>),
    /// The place left in the position's source.
    Position(Position),
    /// The reader closed on these sources: their issues seen before now are not new
    /// next time.
    Visited(Vec<SourceId>),
    /// A search was run: it goes to the top of the history.
    Searched(String),
    /// The source was refreshed.
    Refreshed(SourceId),
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The local calendar date of a time stamp (milliseconds since the epoch), `YYYY-MM-DD`.
pub fn local_date(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(time) => time
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .date()
            .to_string(),
        Err(_) => "an unknown date".to_string(),
    }
}

/// A time stamp as RFC 3339 in UTC (`2026-11-23T09:30:00Z`), for JSON.
pub fn rfc3339(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(time) => time.round(jiff::Unit::Second).unwrap_or(time).to_string(),
        Err(_) => String::new(),
    }
}
