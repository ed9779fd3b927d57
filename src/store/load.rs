//! Reading the state of some sources into plain sets and lists, at start. Each table
//! is read in one pass over it, in storage order, and rows of other sources skipped
//! here: an index lookup per issue costs more than the pass (see `benches/state.rs`).
//! An issue's key is read with each of its rows (a join on its row id), so nothing
//! is built per issue but what is kept.
//!
//! Text that is shown (titles, URLs, dates, searches) is sanitized like any untrusted
//! input: the file may have been edited. Keys are compared, never shown, and kept as
//! stored.

use rusqlite::Row;

use super::read_set::ReadSet;
use super::{KeyMap, MAX_HISTORY, Position, Star, Store};
use crate::model::{EntryKey, IssueKey, SourceId};
use crate::text::sanitize_owned;

/// What the store holds for some sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub read: ReadSet,
    /// Newest star first.
    pub stars: Vec<Star>,
    /// When each issue was first seen (milliseconds since the epoch).
    pub first_seen: KeyMap<IssueKey, i64>,
    /// When the reader last closed on each source.
    pub last_visit: KeyMap<SourceId, i64>,
    /// When each source was last refreshed.
    pub last_refresh: KeyMap<SourceId, i64>,
    /// The place left in each source, most recently saved first.
    pub positions: Vec<Position>,
    /// Searches, newest first, for every source.
    pub history: Vec<String>,
}

impl Loaded {
    /// Whether the issue was first seen after the previous visit to its source: never
    /// for a source never visited (on a first run nothing is new), always for an
    /// issue not seen yet of one that was.
    pub fn is_new(&self, issue: &IssueKey) -> bool {
        match self.last_visit.get(&issue.source) {
            None => false,
            Some(&visit) => self.first_seen.get(issue).is_none_or(|&seen| seen > visit),
        }
    }

    /// The issues of `issues` that are new (see [`Loaded::is_new`]).
    pub fn new_issues<'a>(
        &self,
        issues: impl IntoIterator<Item = &'a IssueKey>,
    ) -> Vec<&'a IssueKey> {
        issues.into_iter().filter(|key| self.is_new(key)).collect()
    }
}

/// The sources asked about, by row id.
type Sources = KeyMap<i64, SourceId>;

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
        self.issues(&sources, &mut loaded)?;
        loaded.read.reserve(loaded.first_seen.len());
        self.read_marks(&sources, &mut loaded.read)?;
        loaded.stars = self.stars(&sources)?;
        loaded.positions = self.positions(&sources)?;
        Ok(loaded)
    }

    fn sources(&self, wanted: &[SourceId], loaded: &mut Loaded) -> rusqlite::Result<Sources> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, last_visit, last_refresh FROM sources")?;
        let mut rows = statement.query([])?;
        let mut sources = Sources::default();
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

    /// When each of the sources' issues was first seen.
    fn issues(&self, sources: &Sources, loaded: &mut Loaded) -> rusqlite::Result<()> {
        // How many issues there are at most, without counting them: the map is
        // made once rather than grown ten times.
        let most: Option<i64> = self
            .conn
            .query_row("SELECT max(id) FROM issues", [], |row| row.get(0))?;
        loaded
            .first_seen
            .reserve(usize::try_from(most.unwrap_or(0)).unwrap_or(0));
        let mut statement = self
            .conn
            .prepare_cached("SELECT source, issue, first_seen FROM issues")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(key) = issue_key(sources, row)? {
                loaded.first_seen.insert(key, row.get(2)?);
            }
        }
        Ok(())
    }

    /// The sources' read marks, from their index: one value per issue.
    fn read_marks(&self, sources: &Sources, read: &mut ReadSet) -> rusqlite::Result<()> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.source, i.issue, r.hashes FROM issue_reads r JOIN issues i ON i.id = r.issue",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(key) = issue_key(sources, row)? {
                read.add_packed(key, row.get_ref(2)?.as_blob()?);
            }
        }
        Ok(())
    }

    /// The sources' stars, newest first.
    fn stars(&self, sources: &Sources) -> rusqlite::Result<Vec<Star>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.source, i.issue, s.entry, s.starred_at, s.title, s.publisher, s.url,
                 s.issue_date
             FROM stars s JOIN issues i ON i.id = s.issue
             ORDER BY s.starred_at DESC, s.id DESC",
        )?;
        let mut rows = statement.query([])?;
        let mut stars = Vec::new();
        while let Some(row) = rows.next()? {
            if let Some(key) = issue_key(sources, row)? {
                stars.push(star(key, row)?);
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
        queries.map(|query| query.map(sanitize_owned)).collect()
    }
}

/// The issue of a row whose first columns are its source's row id and its id, when
/// that source is one of `sources`.
fn issue_key(sources: &Sources, row: &Row<'_>) -> rusqlite::Result<Option<IssueKey>> {
    let Some(source) = sources.get(&row.get::<_, i64>(0)?) else {
        return Ok(None);
    };
    Ok(Some(IssueKey {
        source: source.clone(),
        issue: row.get(1)?,
    }))
}

/// A star of `issue` from its row (after the issue's two columns).
fn star(issue: IssueKey, row: &Row<'_>) -> rusqlite::Result<Star> {
    let text = |value: Option<String>| value.map(sanitize_owned);
    Ok(Star {
        key: EntryKey {
            issue,
            entry: row.get(2)?,
        },
        starred_at: row.get(3)?,
        title: sanitize_owned(row.get(4)?),
        publisher: text(row.get(5)?),
        url: text(row.get(6)?),
        issue_date: text(row.get(7)?),
    })
}
