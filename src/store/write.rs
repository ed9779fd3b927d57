//! Writing changes: a batch in one transaction that takes the write lock at once (so
//! another brief's transaction makes it wait, up to the busy timeout, rather than
//! fail), each change a few statements that touch only its own rows: two readers
//! marking at once lose nothing.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Change, MAX_HISTORY, Star, Store, packed};
use crate::model::{EntryKey, IssueKey, SourceId};

impl Store {
    /// Writes `changes` in one transaction: all of them or, on an error, none. A
    /// store that saves nothing accepts them and forgets them.
    pub fn apply(&mut self, changes: &[Change]) -> rusqlite::Result<()> {
        if !self.saves() || changes.is_empty() {
            return Ok(());
        }
        let stamps: Vec<i64> = changes.iter().map(|_| self.stamp()).collect();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut batch = Batch {
                tx: &tx,
                sources: HashMap::new(),
                issues: HashMap::new(),
            };
            for (change, &now) in changes.iter().zip(&stamps) {
                batch.apply(change, now)?;
            }
        }
        tx.commit()
    }
}

/// One transaction's work, with the row ids met so far.
struct Batch<'a> {
    tx: &'a Transaction<'a>,
    sources: HashMap<SourceId, i64>,
    issues: HashMap<IssueKey, i64>,
}

impl Batch<'_> {
    fn apply(&mut self, change: &Change, now: i64) -> rusqlite::Result<()> {
        match change {
            Change::Read(keys) => self.marks(keys, now, true)?,
            Change::Unread(keys) => self.marks(keys, now, false)?,
            Change::Star(star) => self.star(star, now)?,
            Change::Unstar(key) => self.unstar(key, now)?,
            Change::Seen(issues) => {
                for issue in issues {
                    self.issue_id(issue, now)?;
                }
            }
            Change::Position(position) => {
                let source = self.source_id(&position.issue.source)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO positions (source, issue, entry, saved_at)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (source) DO UPDATE SET
                             issue = excluded.issue, entry = excluded.entry,
                             saved_at = excluded.saved_at",
                    )?
                    .execute(params![source, position.issue.issue, position.entry, now])?;
            }
            Change::Visited(sources) => {
                for source in sources {
                    let id = self.source_id(source)?;
                    self.tx
                        .prepare_cached("UPDATE sources SET last_visit = ?2 WHERE id = ?1")?
                        .execute(params![id, now])?;
                }
            }
            Change::Searched(query) => self.searched(query, now)?,
            Change::Refreshed(source) => {
                let id = self.source_id(source)?;
                self.tx
                    .prepare_cached("UPDATE sources SET last_refresh = ?2 WHERE id = ?1")?
                    .execute(params![id, now])?;
            }
        }
        Ok(())
    }

    /// Marks `keys` read (`read`) or unread: their rows of `read_marks` (a mark keeps
    /// the time it was first made), and each issue's index value read, changed and
    /// written back, in the batch's transaction.
    fn marks(&mut self, keys: &[EntryKey], now: i64, read: bool) -> rusqlite::Result<()> {
        let mut by_issue: BTreeMap<&IssueKey, Vec<&str>> = BTreeMap::new();
        for key in keys {
            by_issue.entry(&key.issue).or_default().push(&key.entry);
        }
        for (issue, entries) in by_issue {
            let id = self.issue_id(issue, now)?;
            for entry in &entries {
                if read {
                    self.tx
                        .prepare_cached(
                            "INSERT INTO read_marks (issue, entry, read_at) VALUES (?1, ?2, ?3)
                             ON CONFLICT DO NOTHING",
                        )?
                        .execute(params![id, entry, now])?;
                } else {
                    self.tx
                        .prepare_cached("DELETE FROM read_marks WHERE issue = ?1 AND entry = ?2")?
                        .execute(params![id, entry])?;
                }
            }
            self.index(id, &entries, read)?;
        }
        Ok(())
    }

    /// Adds `entries`' hashes to issue `id`'s index value (`read`), or takes them out.
    fn index(&mut self, id: i64, entries: &[&str], read: bool) -> rusqlite::Result<()> {
        let stored: Option<Vec<u8>> = self
            .tx
            .prepare_cached("SELECT hashes FROM issue_reads WHERE issue = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        let mut hashes = packed::decode(&stored.unwrap_or_default());
        let changed: Vec<u64> = entries.iter().map(|e| packed::entry_hash(e)).collect();
        if read {
            hashes.extend(changed);
        } else {
            hashes.retain(|hash| !changed.contains(hash));
        }
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.is_empty() {
            self.tx
                .prepare_cached("DELETE FROM issue_reads WHERE issue = ?1")?
                .execute([id])?;
        } else {
            self.tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO issue_reads (issue, hashes) VALUES (?1, ?2)",
                )?
                .execute(params![id, packed::encode(&hashes)])?;
        }
        Ok(())
    }

    fn star(&mut self, star: &Star, now: i64) -> rusqlite::Result<()> {
        let issue = self.issue_id(&star.key.issue, now)?;
        self.tx
            .prepare_cached(
                "INSERT INTO stars (issue, entry, starred_at, title, publisher, url, issue_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                issue,
                star.key.entry,
                now,
                star.title,
                star.publisher,
                star.url,
                star.issue_date
            ])?;
        Ok(())
    }

    fn unstar(&mut self, key: &EntryKey, now: i64) -> rusqlite::Result<()> {
        let issue = self.issue_id(&key.issue, now)?;
        self.tx
            .prepare_cached("DELETE FROM stars WHERE issue = ?1 AND entry = ?2")?
            .execute(params![issue, key.entry])?;
        Ok(())
    }

    /// Puts `query` at the top of the history and forgets what falls off its end.
    fn searched(&mut self, query: &str, now: i64) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO search_history (query, used_at) VALUES (?1, ?2)
                 ON CONFLICT (query) DO UPDATE SET used_at = excluded.used_at",
            )?
            .execute(params![query, now])?;
        self.tx
            .prepare_cached(
                "DELETE FROM search_history WHERE query NOT IN
                 (SELECT query FROM search_history ORDER BY used_at DESC LIMIT ?1)",
            )?
            .execute([MAX_HISTORY as i64])?;
        Ok(())
    }

    /// The row id of `source`, made if new.
    fn source_id(&mut self, source: &SourceId) -> rusqlite::Result<i64> {
        if let Some(&id) = self.sources.get(source) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT INTO sources (name) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([source.as_str()])?;
        let id = self
            .tx
            .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
            .query_row([source.as_str()], |row| row.get(0))?;
        self.sources.insert(source.clone(), id);
        Ok(id)
    }

    /// The row id of `issue`, made (first seen `now`) if new.
    fn issue_id(&mut self, issue: &IssueKey, now: i64) -> rusqlite::Result<i64> {
        if let Some(&id) = self.issues.get(issue) {
            return Ok(id);
        }
        let source = self.source_id(&issue.source)?;
        self.tx
            .prepare_cached(
                "INSERT INTO issues (source, issue, first_seen) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![source, issue.issue, now])?;
        let id = self
            .tx
            .prepare_cached("SELECT id FROM issues WHERE source = ?1 AND issue = ?2")?
            .query_row(params![source, issue.issue], |row| row.get(0))?;
        self.issues.insert(issue.clone(), id);
        Ok(id)
    }
}
