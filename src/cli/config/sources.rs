//! `[[source]]` entries: checked names, indexes, titles and GitHub folders.

use std::path::{Path, PathBuf};

use toml::Spanned;
use url::Url;

use super::diagnostic::{Problem, line_column};
use super::raw::RawSource;
use crate::library::source::{GithubRepo, IndexSpec};
use crate::library::sources::{GithubFolder, SourceDef};
use crate::model::SourceId;
use crate::text::clean;

/// The branch of a GitHub source that names none and whose index URL tells none.
pub(super) const DEFAULT_BRANCH: &str = "main";

/// The sources, in file order; names must be unique.
pub(super) fn sources(
    raw: Vec<RawSource>,
    text: &str,
    folder: &Path,
) -> Result<Vec<SourceDef>, Problem> {
    let mut sources: Vec<SourceDef> = Vec::with_capacity(raw.len());
    let mut first_lines = Vec::with_capacity(raw.len());
    for entry in raw {
        let name = &entry.name;
        let id = SourceId::new(name.get_ref().trim())
            .map_err(|err| Problem::at(name.span(), err.to_string()))?;
        if let Some(at) = sources.iter().position(|s| s.id == id) {
            let line: usize = first_lines[at];
            let message = format!(
                "source name {:?} is used twice (first on line {line})",
                id.as_str()
            );
            return Err(Problem::at(name.span(), message));
        }
        first_lines.push(line_column(text, name.span().start).0);
        let index = index(&entry.index, folder)?;
        let title = entry
            .title
            .as_ref()
            .map(|t| clean(t.get_ref()).trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.as_str().to_string());
        let github = github(&entry)?;
        sources.push(SourceDef {
            id,
            title,
            index,
            github,
        });
    }
    Ok(sources)
}

/// An http(s) URL, or a local path: `~/` is the home folder, a relative path starts
/// in `folder` (the config file's).
fn index(text: &Spanned<String>, folder: &Path) -> Result<IndexSpec, Problem> {
    let value = text.get_ref().trim();
    let fail = |message: String| Err(Problem::at(text.span(), message));
    if value.is_empty() {
        return fail("index is empty".to_string());
    }
    if value.contains("://") {
        if !(value.starts_with("http://") || value.starts_with("https://")) {
            return fail(format!(
                "index {value:?}: only http(s) URLs and local paths can be sources"
            ));
        }
        return match Url::parse(value) {
            Ok(_) => Ok(IndexSpec::Url(value.to_string())),
            Err(err) => fail(format!("index {value:?} is not a valid URL: {err}")),
        };
    }
    Ok(IndexSpec::Path(local_path(value, folder)))
}

fn local_path(value: &str, folder: &Path) -> PathBuf {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    let path = match (value.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(value),
    };
    let path = folder.join(path);
    std::path::absolute(&path).unwrap_or(path)
}

/// `repo` (`owner/name`), `branch` and `folder`. The branch defaults to the one in a
/// raw.githubusercontent.com index URL of the same repository, else [`DEFAULT_BRANCH`];
/// the folder to the repository's top.
fn github(entry: &RawSource) -> Result<Option<GithubFolder>, Problem> {
    let Some(repo) = &entry.repo else {
        if let Some(orphan) = entry.branch.as_ref().or(entry.folder.as_ref()) {
            let message =
                "branch and folder name a place in a GitHub repo: add repo = \"owner/name\"";
            return Err(Problem::at(orphan.span(), message));
        }
        return Ok(None);
    };
    let (owner, name) = repo
        .get_ref()
        .trim()
        .split_once('/')
        .filter(|(owner, name)| is_name(owner) && is_name(name))
        .ok_or_else(|| {
            Problem::at(
                repo.span(),
                format!("repo {:?} is not owner/name", repo.get_ref()),
            )
        })?;
    let branch = match &entry.branch {
        Some(branch) => plain_path(branch, false)?,
        None => branch_in_index(entry.index.get_ref(), owner, name)
            .unwrap_or_else(|| DEFAULT_BRANCH.to_string()),
    };
    let folder = match &entry.folder {
        Some(folder) => plain_path(folder, true)?,
        None => String::new(),
    };
    Ok(Some(GithubFolder {
        repo: format!("{owner}/{name}"),
        branch,
        folder,
    }))
}

/// A GitHub owner or repository name.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text != "."
        && text != ".."
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A branch name or a folder path: `/`-separated plain segments (no `.`, `..`, escapes
/// or controls); a folder may be empty (the top) and loses outer slashes.
fn plain_path(text: &Spanned<String>, may_be_empty: bool) -> Result<String, Problem> {
    let value = text.get_ref().trim().trim_matches('/');
    let plain = |segment: &str| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && !segment.contains(['\\', '%', '?', '#'])
            && !segment.chars().any(|c| c.is_control() || c.is_whitespace())
    };
    if (value.is_empty() && may_be_empty) || (!value.is_empty() && value.split('/').all(plain)) {
        Ok(value.to_string())
    } else {
        Err(Problem::at(
            text.span(),
            format!("{:?} is not a plain repository path", text.get_ref()),
        ))
    }
}

fn branch_in_index(index: &str, owner: &str, name: &str) -> Option<String> {
    let url = Url::parse(index.trim()).ok()?;
    let repo = GithubRepo::from_raw(&url, &[])?;
    (repo.owner.eq_ignore_ascii_case(owner) && repo.repo.eq_ignore_ascii_case(name))
        .then_some(repo.branch)
}
