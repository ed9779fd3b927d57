//! What a fetch did, issue by issue.

use crate::model::Library;
use crate::text::escape_line;

fn missing_line(issue: &IssueReport) -> String {
    format!("{}: missing ({})", issue.id, issue.url)
}

/// What happened to one issue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    New,
    Updated,
    Unchanged,
    Missing,
    Failed(String),
    /// Not asked for: the run was cancelled or rate limited first.
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct IssueReport {
    pub id: String,
    pub url: String,
    pub status: Status,
    /// The same problem was found by an earlier refresh (a link to an issue the
    /// source never had): counted, logged, not raised again.
    pub repeated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    Fetched,
    Unchanged,
    Failed(String),
}

/// Everything a fetch did, and the library as now cached.
#[derive(Debug)]
pub struct FetchReport {
    pub source: String,
    pub index: IndexStatus,
    pub issues: Vec<IssueReport>,
    /// Run-wide notes: listing unavailable, rate limited, cancelled.
    pub notes: Vec<String>,
    /// Per-file problems that did not stop anything (corrupt cache entries, lossy decoding).
    pub warnings: Vec<String>,
    pub library: Library,
}

impl FetchReport {
    pub fn index_fetched(&self) -> bool {
        !matches!(self.index, IndexStatus::Failed(_))
    }

    pub fn count(&self, wanted: fn(&Status) -> bool) -> usize {
        self.issues.iter().filter(|i| wanted(&i.status)).count()
    }

    pub fn new_issue_ids(&self) -> Vec<String> {
        self.issues
            .iter()
            .filter(|i| i.status == Status::New)
            .map(|i| i.id.clone())
            .collect()
    }

    /// One line per problem, safe to show: the index, each newly missing or failed
    /// issue, each note.
    pub fn problems(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let IndexStatus::Failed(reason) = &self.index {
            lines.push(format!("index {}: {reason}", self.source));
        }
        for issue in self.issues.iter().filter(|i| !i.repeated) {
            match &issue.status {
                Status::Missing => lines.push(missing_line(issue)),
                Status::Failed(reason) => lines.push(format!("{}: failed: {reason}", issue.id)),
                _ => {}
            }
        }
        lines.extend(self.notes.iter().cloned());
        lines
            .iter()
            .map(|line| escape_line(line).into_owned())
            .collect()
    }

    /// One line per problem already reported by an earlier refresh, for the log.
    pub fn repeated_problems(&self) -> Vec<String> {
        self.issues
            .iter()
            .filter(|i| i.repeated)
            .map(|i| escape_line(&format!("{} (as before)", missing_line(i))).into_owned())
            .collect()
    }
}
