//! Reading the state of some sources into plain sets and lists, at start. Each table
//! is read in one pass over it, in storage order, and rows of other sources skipped
//! here: an index lookup per issue costs more than the pass (see `benches/state.rs`).
//!
//! Text that is shown (titles, URLs, dates, searches) is sanitized like any untrusted
//! input: the file may have been edited. Keys are compared, never shown, and kept as
//! stored.

use std::collections::HashMap;

use rusqlite::Row;

use super::read_set::ReadSet;
use super::{MAX_HISTORY, Position, Star, Store};
use crate::model::{EntryKey, IssueKey, SourceId};
use crate::text::sanitize;

/// What the store holds for some sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub read: ReadSet,
    /// Newest star first.
    pub stars: Vec<Star>,
    /// When each issue was first seen (milliseconds since the epoch).
    pub first_seen: HashMap<IssueKey, i64>,
    /// When the reader last closed on each source.
    pub last_visit: HashMap<SourceId, i64>,
    /// When each source was last refreshed.
    pub last_refresh: HashMap<SourceId, i64>,
    /// The place left in each source, most recently saved first.
    pub positions: Vec<Position>,
    /// Searches, newest first, for every source.
    pub history: Vec<String>,
}

impl Loaded {
    /// The issues first seen after the previous visit to their source: none for a
    /// source never visited (on a first run nothing is new), and every issue not seen
    /// yet for one that was.
    pub fn new_issues<'a>(
        &self,
        issues: impl IntoIterator<Item = &'a IssueKey>,
    ) -> Vec<&'a IssueKey> {
        issues
            .into_iter()
            .filter(|key| match self.last_visit.get(&key.source) {
                None => false,
                Some(&visit) => self.first_seen.get(key).is_none_or(|&seen| seen > visit),
            })
            .collect()
    }
}

/// The sources asked about, by row id.
type Sources = HashMap<i64, SourceId>;
/// Their issues, by row id.
type Issues = HashMap<i64, IssueKey>;

impl Store {
    /// Everything stored for `sources` (the search history is shared by all).
    pub fn load(&self, sources: &[SourceId]) -> rusqlite::Result<Loaded> {
        let mut loaded = Loaded {
            history: self.history()?,
            ..Loaded::default()
        };
        let sources = self.sources(sources, &mut loaded)?;
        if sources.is_empty() {
            return Ok(loaded);
        }
        let issues = self.issues(&sources, &mut loaded)?;
        self.read_marks(&issues, &mut loaded.read)?;
        loaded.stars = self.stars(&issues)?;
        loaded.positions = self.positions(&sources)?;
        Ok(loaded)
    }

    fn sources(&self, wanted: &[SourceId], loaded: &mut Loaded) -> rusqlite::Result<Sources> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, last_visit, last_refresh FROM sources")?;
        let mut rows = statement.query([])?;
        let mut sources = Sources::new();
        while let Some(row) = rows.next()? {
            let name = row.get_ref(1)?.as_str()?;
            let Some(source) = wanted.iter().find(|s| s.as_str() == name) else {
                continue;
            };
            if let Some(visit) = row.get::<_, Option<i64>>(2)? {
                loaded.last_visit.insert(source.clone(), visit);
            }
            if let Some(refresh) = row.get::<_, Option<i64>>(3)? {
                loaded.last_refresh.insert(source.clone(), refresh);
            }
            sources.insert(row.get(0)?, source.clone());
        }
        Ok(sources)
    }

    /// The sources' issues, and when each was first seen.
    fn issues(&self, sources: &Sources, loaded: &mut Loaded) -> rusqlite::Result<Issues> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, source, issue, first_seen FROM issues")?;
        let mut rows = statement.query([])?;
        let mut issues = Issues::new();
        while let Some(row) = rows.next()? {
            let Some(source) = sources.get(&row.get::<_, i64>(1)?) else {
                continue;
            };
            let key = IssueKey {
                source: source.clone(),
                issue: row.get(2)?,
            };
            loaded.first_seen.insert(key.clone(), row.get(3)?);
            issues.insert(row.get(0)?, key);
        }
        Ok(issues)
    }

    /// The issues' read marks, from their index: one value per issue.
    fn read_marks(&self, issues: &Issues, read: &mut ReadSet) -> rusqlite::Result<()> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT issue, hashes FROM issue_reads")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(issue) = issues.get(&row.get::<_, i64>(0)?) {
                read.add_packed(issue.clone(), row.get_ref(1)?.as_blob()?);
            }
        }
        Ok(())
    }

    /// The issues' stars, newest first.
    fn stars(&self, issues: &Issues) -> rusqlite::Result<Vec<Star>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT issue, entry, starred_at, title, publisher, url, issue_date FROM stars
             ORDER BY starred_at DESC, id DESC",
        )?;
        let mut rows = statement.query([])?;
        let mut stars = Vec::new();
        while let Some(row) = rows.next()? {
            if let Some(issue) = issues.get(&row.get::<_, i64>(0)?) {
                stars.push(star(issue, row)?);
            }
        }
        Ok(stars)
    }

    /// The sources' saved places, most recently saved first.
    fn positions(&self, sources: &Sources) -> rusqlite::Result<Vec<Position>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT source, issue, entry FROM positions ORDER BY saved_at DESC")?;
        let mut rows = statement.query([])?;
        let mut positions = Vec::new();
        while let Some(row) = rows.next()? {
            if let Some(source) = sources.get(&row.get::<_, i64>(0)?) {
                positions.push(Position {
                    issue: IssueKey {
                        source: source.clone(),
                        issue: row.get(1)?,
                    },
                    entry: row.get(2)?,
                });
            }
        }
        Ok(positions)
    }

    fn history(&self) -> rusqlite::Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT query FROM search_history ORDER BY used_at DESC LIMIT ?1")?;
        let queries = statement.query_map([MAX_HISTORY as i64], |row| row.get::<_, String>(0))?;
        queries.map(|query| query.map(|q| sanitize(&q))).collect()
    }
}

/// A star of `issue` from its row.
fn star(issue: &IssueKey, row: &Row<'_>) -> rusqlite::Result<Star> {
    let text = |value: Option<String>| value.map(|v| sanitize(&v));
    Ok(Star {
        key: EntryKey {
            issue: issue.clone(),
            entry: row.get(1)?,
        },
        starred_at: row.get(2)?,
        title: sanitize(&row.get::<_, String>(3)?),
        publisher: text(row.get(4)?),
        url: text(row.get(5)?),
        issue_date: text(row.get(6)?),
    })
}
