//! The newsletters the reader follows, as configured (shared contract of issue 11: the
//! config file fills them, the library and the reader use them).

use super::source::{DEFAULT_ID, DEFAULT_INDEX, DEFAULT_NAME, IndexSpec, default_id};
use crate::model::SourceId;

/// One newsletter the reader follows, as configured (or the built-in default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDef {
    /// Stable short id: the config's `name` (must be a valid SourceId: [a-z0-9_-], ≤48).
    pub id: SourceId,
    /// What the reader shows (config `title`, default: the name). 嵌入式AI简报 for the default.
    pub title: String,
    /// Where its index is: http(s) URL of an index file, or a local path (an index file
    /// or a folder of issues).
    pub index: IndexSpec,
    /// For a GitHub source: where to list the issue folder (config `repo`, `branch`, `folder`).
    pub github: Option<GithubFolder>,
}

/// A GitHub repository folder holding a newsletter's issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubFolder {
    /// `owner/name`.
    pub repo: String,
    pub branch: String,
    pub folder: String,
}

/// The default newsletter's repository, branch and issue folder.
pub const DEFAULT_REPO: &str = "ysh329/awesome-embedded-ai";
pub const DEFAULT_BRANCH: &str = "master";
pub const DEFAULT_FOLDER: &str = "embedded-ai-report";

impl SourceDef {
    /// 嵌入式AI简报 with id `embedded-ai` (source::DEFAULT_ID) and the default index.
    pub fn default_newsletter() -> SourceDef {
        debug_assert_eq!(default_id().as_str(), DEFAULT_ID);
        SourceDef {
            id: default_id(),
            title: DEFAULT_NAME.to_string(),
            index: IndexSpec::Url(DEFAULT_INDEX.to_string()),
            github: Some(GithubFolder {
                repo: DEFAULT_REPO.to_string(),
                branch: DEFAULT_BRANCH.to_string(),
                folder: DEFAULT_FOLDER.to_string(),
            }),
        }
    }
}
