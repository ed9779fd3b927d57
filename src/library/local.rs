//! Local Markdown files and directories.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::bounded::{self, Origin};
use super::{LoadReport, budget, pages, walk};
use crate::model::{Library, SourceId, SourceInfo};
use crate::parse::{self, index};
use crate::text::{sanitize, sanitize_line, show_path};

/// Files larger than this are skipped: no newsletter issue is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Loads every issue under `paths` (files, or directories searched recursively for
/// `*.md` / `*.markdown`), parsing on all cores, as one newsletter: see [`root`] for
/// its id and its issues' ids. Index pages are not issues; the other files that are
/// not issues become pages ([`pages::separate`]).
pub fn load(paths: &[PathBuf]) -> anyhow::Result<LoadReport> {
    let mut warnings = Vec::new();
    let files = collect_files(paths, &mut warnings);
    let root = root(&files);
    let source = folder_id(&root);
    let outcomes: Vec<FileOutcome> = files
        .par_iter()
        .map(|file| read_issue(file, &root))
        .collect();
    let mut read = Vec::new();
    for (issue, warning) in outcomes {
        read.extend(issue);
        warnings.extend(warning);
    }
    let (issues, pages) = pages::separate(read);
    let mut library = Library {
        issues,
        pages,
        sources: Vec::new(),
    };
    library.set_source(&source);
    if !library.issues.is_empty() || !library.pages.is_empty() {
        library.sources = vec![info(&root)];
    }
    library.sort();
    Ok(LoadReport {
        library,
        warnings,
        label: label(paths),
        feeds: Vec::new(),
    })
}

/// The newsletter held by the folder `root` ([`root`]): its id and title.
pub(super) fn info(root: &Path) -> SourceInfo {
    SourceInfo {
        id: folder_id(root),
        title: sanitize(&folder_name(root)),
    }
}

/// What the library of `paths` is called: the paths, shown.
pub(super) fn label(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| show_path(p)).collect();
    shown.join(", ")
}

/// A file to read, and whether the user named it directly.
pub(super) struct Candidate {
    pub(super) path: PathBuf,
    canonical: PathBuf,
    named: bool,
    /// The folder the user gave (canonical), or the one holding the file named.
    given: PathBuf,
}

pub(super) fn collect_files(paths: &[PathBuf], warnings: &mut Vec<String>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let given = canonical(path);
            let mut folders = Folders::default();
            for found in walk::markdown_files(path, warnings) {
                let canonical = folders.canonical(&found);
                if seen.insert(canonical.clone()) {
                    files.push(Candidate {
                        path: found.path,
                        canonical,
                        named: false,
                        given: given.clone(),
                    });
                }
            }
        } else if path.exists() {
            let canonical = canonical(path);
            if seen.insert(canonical.clone()) {
                files.push(Candidate {
                    path: path.clone(),
                    given: canonical.parent().unwrap_or(&canonical).to_path_buf(),
                    canonical,
                    named: true,
                });
            }
        } else {
            warnings.push(format!("{}: no such file or directory", show_path(path)));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The folder the local newsletter is rooted at: the deepest folder holding every
/// folder given (a file named directly stands for the folder holding it), canonical.
///
/// The newsletter's [`SourceId`] is [`folder_id`] of this root, so the same paths
/// give the same id on every run. An issue's id is its file's path relative to the
/// root (the canonical path, symbolic links resolved), without the extension, `/`
/// between folders: `2020-06-03`, `en/HelloGitHub99`. Ids are unique within the
/// root (but for `x.md` beside `x.markdown`), so issue keys are too. Reading state is
/// stored under these keys: they change only when the files move or the root does.
pub(super) fn root(files: &[Candidate]) -> PathBuf {
    let mut folders = files.iter().map(|f| f.given.as_path());
    let Some(first) = folders.next() else {
        return PathBuf::new();
    };
    let mut root = first.to_path_buf();
    for folder in folders {
        while !folder.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    root
}

/// The id of the issue in `canonical_file` under `root`: see [`root`].
fn issue_id(canonical_file: &Path, root: &Path) -> String {
    let relative = canonical_file.strip_prefix(root).unwrap_or(canonical_file);
    let mut parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        let stem = Path::new(last.as_str())
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        if let Some(stem) = stem {
            *last = stem;
        }
    }
    sanitize_line(&parts.join("/"))
}

/// The id of the newsletter held by `canonical_folder`: [`SourceId::derive`]d from
/// the folder's name and its canonical path.
pub fn folder_id(canonical_folder: &Path) -> SourceId {
    SourceId::derive(
        &folder_name(canonical_folder),
        &canonical_folder.to_string_lossy(),
    )
}

fn folder_name(folder: &Path) -> String {
    folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Canonical paths of files found in a walk, each folder resolved once: a file that
/// is not a symbolic link is its folder's canonical path and its name (no resolution
/// of every component of every file: a folder of 10,000 issues lists in a third of
/// the time).
#[derive(Default)]
struct Folders {
    resolved: HashMap<PathBuf, PathBuf>,
}

impl Folders {
    fn canonical(&mut self, found: &walk::Found) -> PathBuf {
        let file = found.path.as_path();
        match (!found.link, file.parent(), file.file_name()) {
            (true, Some(folder), Some(name)) if !folder.as_os_str().is_empty() => {
                let folder = (self.resolved)
                    .entry(folder.to_path_buf())
                    .or_insert_with(|| canonical(folder));
                folder.join(name)
            }
            _ => canonical(file),
        }
    }
}

/// What reading one file gave: an issue (or nothing, for an index page) and warnings.
pub(super) type FileOutcome = (Option<pages::Read>, Vec<String>);

/// Reads and parses one file, within the budget of parses in flight. Index pages
/// found in a directory give no issue.
pub(super) fn read_issue(candidate: &Candidate, root: &Path) -> FileOutcome {
    let path = &candidate.path;
    let shown = show_path(path);
    let origin = if candidate.named {
        Origin::Named
    } else {
        Origin::Found
    };
    let bytes = match bounded::read(path, MAX_FILE_BYTES, origin) {
        Ok(bytes) => bytes,
        Err(refused) => return (None, vec![format!("{shown}: {refused}")]),
    };
    budget::within_budget(bytes.len(), || parse_file(candidate, root, &bytes, &shown))
}

fn parse_file(candidate: &Candidate, root: &Path, bytes: &[u8], shown: &str) -> FileOutcome {
    let path = &candidate.path;
    let text = String::from_utf8_lossy(bytes);
    if !candidate.named && is_readme(path) && index::is_index(&text) {
        return (None, Vec::new());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut issue, notes) = parse::parse_issue_report(&text, &stem, shown);
    issue.id = issue_id(&candidate.canonical, root);
    let lossy =
        matches!(text, Cow::Owned(_)).then(|| format!("{shown}: not valid UTF-8, decoded lossily"));
    let notes = notes.into_iter().map(|note| format!("{shown}: {note}"));
    let read = pages::Read {
        issue,
        named: candidate.named,
    };
    (Some(read), lossy.into_iter().chain(notes).collect())
}

fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("readme"))
}
