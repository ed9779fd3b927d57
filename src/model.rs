//! Plain data: a library of issues, each with sections of entries.
//! No UI types here; every string is sanitized by the parser before it lands.

use serde::Serialize;

/// All issues, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Library {
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// File stem, e.g. `2020-06-03`.
    pub id: String,
    pub title: String,
    /// ISO date `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// 第 N 期, Vol.N, issue-N.
    pub number: Option<u32>,
    /// Path or URL the issue was read from.
    pub origin: String,
    /// Text before the first section (导读).
    pub intro: String,
    pub sections: Vec<Section>,
    /// Links to other issues, from the archive section (往期回顾).
    pub archive: Vec<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    /// Prose of the section that is not part of any entry.
    pub body: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub title: String,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// Primary link: first usable link of the entry's first paragraph.
    pub url: Option<String>,
    /// Every link of the entry, in order.
    pub links: Vec<Link>,
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

impl Library {
    pub fn entry_count(&self) -> usize {
        self.issues.iter().map(Issue::entry_count).sum()
    }

    /// The issue with this id, else the newest issue of this date; `latest` is the newest.
    pub fn find(&self, id: &str) -> Option<&Issue> {
        if id == "latest" {
            return self.issues.first();
        }
        self.issues.iter().find(|issue| issue.id == id).or_else(|| {
            self.issues
                .iter()
                .find(|issue| issue.date.as_deref() == Some(id))
        })
    }

    /// Sorts newest first: by date, then by id, both descending.
    pub fn sort(&mut self) {
        self.issues.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| b.id.cmp(&a.id))
                .then_with(|| a.origin.cmp(&b.origin))
        });
    }
}

impl Issue {
    pub fn entry_count(&self) -> usize {
        self.sections.iter().map(|s| s.entries.len()).sum()
    }

    /// All entries with their section index, in reading order.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.entries.iter().map(move |e| (i, e)))
    }
}
