//! What a fetch did, issue by issue.

use crate::model::Library;

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

    /// One line per problem, safe to show: the index, each missing, failed or skipped issue, each note.
    pub fn problems(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let IndexStatus::Failed(reason) = &self.index {
            lines.push(format!("index {}: {reason}", self.source));
        }
        for issue in &self.issues {
            match &issue.status {
                Status::Missing => lines.push(format!("{}: missing ({})", issue.id, issue.url)),
                Status::Failed(reason) => lines.push(format!("{}: failed: {reason}", issue.id)),
                _ => {}
            }
        }
        lines.extend(self.notes.iter().cloned());
        lines
            .iter()
            .map(|line| crate::text::sanitize(line))
            .collect()
    }
}
